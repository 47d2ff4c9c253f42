/* gzip.h - the one bounded inflater, for readers that meet compressed bytes
 * (a .html.gz page, a gzipped HTTP payload in a WARC). Not installed. The
 * streamed per-record inflation of .warc.gz files is the WARC reader's own. */
#ifndef QUIRE_GZIP_H
#define QUIRE_GZIP_H

#include <stdint.h>

#include <quire/buffer.h>

typedef enum gzip_status {
	GZIP_OK,      /* the stream inflated whole (or truncated, with GZIP_KEEP_TRUNCATED) */
	GZIP_INIT,    /* zlib could not start */
	GZIP_CORRUPT, /* corrupt, or truncated without GZIP_KEEP_TRUNCATED */
	GZIP_OVER     /* out would hold more than max bytes */
} gzip_status;

enum {
	GZIP_ONLY = 1u << 0,          /* a gzip member only (else gzip or zlib, detected) */
	GZIP_KEEP_TRUNCATED = 1u << 1 /* input ending inside the stream: keep what inflated */
};

/* Inflates the first stream of in[0..len) (bytes after its end are ignored),
 * appending to out (NUL-terminated) while out holds at most max bytes. On
 * failure out keeps what was inflated; the caller frees it in every case. */
gzip_status gzip_inflate(const unsigned char *in, size_t len, uint64_t max, unsigned flags, quire_buf *out);

#endif
