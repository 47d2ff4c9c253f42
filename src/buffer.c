/* buffer.c - the growable byte buffer (quire_buf) and JSON string escaping.
 * Out of memory aborts: there is no sensible per-article recovery from it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <quire/buffer.h>

void quire_buf_init(quire_buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void quire_buf_free(quire_buf *b)
{
	free(b->data);
	quire_buf_init(b);
}

quire_buf *quire_buf_new(void)
{
	quire_buf *b = calloc(1, sizeof *b);
	if (!b) abort();
	return b;
}

void quire_buf_delete(void *b)
{
	if (!b) return;
	quire_buf_free(b);
	free(b);
}

void quire_buf_reset(quire_buf *b)
{
	b->len = 0;
	if (b->data) b->data[0] = '\0';
}

void quire_buf_grow(quire_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap) return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1) {
		if (cap > SIZE_MAX / 2) {
			fputs("quire: out of memory\n", stderr);
			abort();
		}
		cap *= 2;
	}
	char *p = realloc(b->data, cap);
	if (!p) {
		fputs("quire: out of memory\n", stderr);
		abort();
	}
	b->data = p;
	b->cap = cap;
	p[b->len] = '\0'; /* keep the promise: data is always NUL-terminated */
}

void quire_buf_append(quire_buf *b, const void *data, size_t len)
{
	quire_buf_grow(b, len);
	if (len) memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void quire_buf_puts(quire_buf *b, const char *s)
{
	quire_buf_append(b, s, strlen(s));
}

void quire_buf_putc(quire_buf *b, char c)
{
	quire_buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void quire_buf_vprintf(quire_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0) return;
	quire_buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void quire_buf_printf(quire_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	quire_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void quire_buf_json_string(quire_buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	quire_buf_putc(b, '"');
	if (s) {
		const unsigned char *p = (const unsigned char *)s;
		const unsigned char *run = p;
		for (; *p; p++) {
			unsigned char c = *p;
			if (c >= 0x20 && c != '"' && c != '\\') continue;
			quire_buf_append(b, run, (size_t)(p - run));
			run = p + 1;
			switch (c) {
			case '"':
				quire_buf_puts(b, "\\\"");
				break;
			case '\\':
				quire_buf_puts(b, "\\\\");
				break;
			case '\n':
				quire_buf_puts(b, "\\n");
				break;
			case '\t':
				quire_buf_puts(b, "\\t");
				break;
			case '\r':
				quire_buf_puts(b, "\\r");
				break;
			default: {
				char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
				quire_buf_puts(b, u);
			}
			}
		}
		quire_buf_append(b, run, (size_t)(p - run));
	}
	quire_buf_putc(b, '"');
}

char *quire_buf_detach(quire_buf *b, size_t *len)
{
	char *d = b->data;
	if (len) *len = b->len;
	if (!d) {
		d = calloc(1, 1);
		if (!d) abort();
	}
	quire_buf_init(b);
	return d;
}
