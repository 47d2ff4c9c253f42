/* gzip.c - the one bounded inflater (gzip.h): a gzip bomb stops at the
 * caller's limit. It reads no file and knows no format; callers word their
 * own errors. */
#include <stdbool.h>

#include <zlib.h>

#include "gzip.h"

gzip_status gzip_inflate(const unsigned char *in, size_t len, uint64_t max, unsigned flags, quire_buf *out)
{
	z_stream z = {0};
	if (inflateInit2(&z, flags & GZIP_ONLY ? 16 + MAX_WBITS : 15 + 32) != Z_OK) return GZIP_INIT;
	z.next_in = (Bytef *)(uintptr_t)in;
	size_t left = len;
	gzip_status st;
	for (;;) {
		if (z.avail_in == 0 && left) {
			z.avail_in = left > (1u << 30) ? (1u << 30) : (uInt)left;
			left -= z.avail_in;
		}
		quire_buf_grow(out, 65536);
		z.next_out = (Bytef *)out->data + out->len;
		z.avail_out = (uInt)(out->cap - out->len - 1);
		uInt before = z.avail_out;
		int r = inflate(&z, Z_NO_FLUSH);
		out->len += before - z.avail_out;
		out->data[out->len] = '\0';
		bool truncated = r == Z_BUF_ERROR && z.avail_in == 0 && left == 0;
		if (r != Z_OK && r != Z_STREAM_END && !truncated) {
			st = GZIP_CORRUPT;
			break;
		}
		if (out->len > max) {
			st = GZIP_OVER;
			break;
		}
		if (r == Z_STREAM_END) {
			st = GZIP_OK;
			break;
		}
		if (truncated) {
			st = flags & GZIP_KEEP_TRUNCATED ? GZIP_OK : GZIP_CORRUPT;
			break;
		}
	}
	inflateEnd(&z);
	return st;
}
