/* buffer.h - the one growable byte buffer used for all output assembly.
 * A quire_buf owns its bytes; data is always NUL-terminated (the NUL is not
 * counted in len). Growing it never fails: out of memory aborts, as quire.h
 * states for every bounded allocation. */
#ifndef QUIRE_BUFFER_H
#define QUIRE_BUFFER_H

#include <stdarg.h>
#include <stddef.h>
#include <quire/quire.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct quire_buf {
	char *data; /* owned; NUL-terminated; NULL until the first append */
	size_t len; /* bytes used, without the NUL */
	size_t cap; /* bytes allocated */
} quire_buf;

#define QUIRE_BUF_INIT                                                                                       \
	{                                                                                                    \
		NULL, 0, 0                                                                                   \
	}

QUIRE_API void quire_buf_init(quire_buf *b);
/* Frees the bytes; the buffer can be reused after. */
QUIRE_API void quire_buf_free(quire_buf *b);
/* Empties without freeing. */
QUIRE_API void quire_buf_reset(quire_buf *b);
QUIRE_API void quire_buf_grow(quire_buf *b, size_t extra);
QUIRE_API void quire_buf_append(quire_buf *b, const void *data, size_t len);
QUIRE_API void quire_buf_puts(quire_buf *b, const char *s);
QUIRE_API void quire_buf_putc(quire_buf *b, char c);
QUIRE_API void quire_buf_printf(quire_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
QUIRE_API void quire_buf_vprintf(quire_buf *b, const char *fmt, va_list ap);
/* Appends s as a JSON string literal (with quotes), escaping as RFC 8259 says. */
QUIRE_API void quire_buf_json_string(quire_buf *b, const char *s);
/* A buffer on the heap, for owners that keep one by pointer (prepared
 * articles); quire_buf_delete frees it and its bytes (void * so it serves as
 * a free function). */
QUIRE_API quire_buf *quire_buf_new(void);
QUIRE_API void quire_buf_delete(void *b);
/* Hands the bytes to the caller (caller frees with free()); the buffer is empty after. */
QUIRE_API char *quire_buf_detach(quire_buf *b, size_t *len);

#ifdef __cplusplus
}
#endif
#endif
