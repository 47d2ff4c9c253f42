/* record.c - WARC/1.1 record serialization: header fields with CRLF, sha256
 * labelled digests, content-derived record ids, one gzip member per record
 * (zlib), WARC dates and URI escaping. It does not decide which records an
 * article gets (writer.c does). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "warc.h"

static void S_field(quire_buf *b, const char *name, const char *value)
{
	if (!value) return;
	quire_buf_puts(b, name);
	quire_buf_puts(b, ": ");
	/* header values must stay on one line */
	for (const char *p = value; *p; p++)
		quire_buf_putc(b, (*p == '\r' || *p == '\n') ? ' ' : *p);
	quire_buf_puts(b, "\r\n");
}

void warc_rec_serialize(const warc_rec *r, quire_buf *out)
{
	char hex[65], lab[72], len[32];
	quire_buf_puts(out, "WARC/1.1\r\n");
	S_field(out, "WARC-Type", r->type);
	S_field(out, "WARC-Record-ID", r->id);
	S_field(out, "WARC-Date", r->date);
	S_field(out, "WARC-Filename", r->filename);
	S_field(out, "WARC-Target-URI", r->target_uri);
	S_field(out, "WARC-Source-URI", r->source_uri);
	S_field(out, "WARC-Refers-To", r->refers_to);
	S_field(out, "WARC-Concurrent-To", r->concurrent_to);
	S_field(out, "WARC-Warcinfo-ID", r->warcinfo_id);
	S_field(out, "Content-Type", r->content_type);
	if (r->block_hex)
		snprintf(hex, sizeof hex, "%s", r->block_hex);
	else
		digest_sha256_hex(r->block, r->block_len, hex);
	snprintf(lab, sizeof lab, "sha256:%s", hex);
	S_field(out, "WARC-Block-Digest", lab);
	if (r->payload_digest) S_field(out, "WARC-Payload-Digest", lab);
	snprintf(len, sizeof len, "%zu", r->block_len);
	S_field(out, "Content-Length", len);
	quire_buf_puts(out, "\r\n");
	quire_buf_append(out, r->block, r->block_len);
	quire_buf_puts(out, "\r\n\r\n");
}

void warc_rec_raw(const void *hdr, size_t hlen, const void *block, size_t blen, quire_buf *out)
{
	quire_buf_append(out, hdr, hlen);
	quire_buf_puts(out, "\r\n");
	quire_buf_append(out, block, blen);
	quire_buf_puts(out, "\r\n\r\n");
}

bool warc_gzip_member(z_stream *z, const void *in, size_t len, quire_buf *out)
{
	if (deflateReset(z) != Z_OK) return false;
	uLong bound = deflateBound(z, (uLong)len) + 32;
	quire_buf_grow(out, bound);
	z->next_in = (Bytef *)(uintptr_t)in;
	z->avail_in = (uInt)len;
	z->next_out = (Bytef *)out->data + out->len;
	z->avail_out = (uInt)bound;
	int rc = deflate(z, Z_FINISH);
	if (rc == Z_STREAM_END) {
		out->len += z->total_out;
		out->data[out->len] = '\0';
	}
	return rc == Z_STREAM_END;
}

bool warc_gzip_init(z_stream *z, int level)
{
	memset(z, 0, sizeof *z);
	/* windowBits 15 + 16: a gzip wrapper with a zero mtime, so output is
	 * reproducible; one stream reused (deflateReset) for every member */
	return deflateInit2(z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
}

void warc_make_id(const void *data, size_t len, char out[48])
{
	char uuid[37];
	digest_uuid(data, len, uuid);
	snprintf(out, 48, "<urn:uuid:%s>", uuid);
}

void warc_date(int64_t utc, char out[24])
{
	int64_t days = utc / 86400, secs = utc % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	int64_t y;
	unsigned m, d;
	time_civil_from_days(days, &y, &m, &d);
	if (y < 0) y = 0;
	if (y > 9999) y = 9999;
	snprintf(out, 24, "%04d-%02u-%02uT%02d:%02d:%02dZ", (int)y, m, d, (int)(secs / 3600),
	         (int)(secs / 60 % 60), (int)(secs % 60));
}

bool warc_parse_date(const char *s, int64_t *utc)
{
	int v[6] = {0, 1, 1, 0, 0, 0};
	static const int width[6] = {4, 2, 2, 2, 2, 2};
	static const char sep[6] = {0, '-', '-', 'T', ':', ':'};
	const char *p = s;
	int n = 0;
	for (; n < 6; n++) {
		if (n && *p != sep[n]) break;
		if (n) p++;
		int x = 0;
		for (int k = 0; k < width[n]; k++, p++) {
			if (*p < '0' || *p > '9') return false;
			x = x * 10 + (*p - '0');
		}
		v[n] = x;
	}
	if (n == 0 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 60)
		return false;
	*utc = time_days_from_civil(v[0], (unsigned)v[1], (unsigned)v[2]) * 86400 + v[3] * 3600 + v[4] * 60 +
	       v[5];
	return true;
}

void warc_uri_escape(const char *s, quire_buf *out)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		bool keep = c > 0x20 && c < 0x7f && !strchr("\"<>\\^`{|}", c);
		if (c == '%' && !(isxdigit(p[1]) && isxdigit(p[2]))) keep = false;
		if (keep) {
			quire_buf_putc(out, (char)c);
		} else {
			char e[4] = {'%', hex[c >> 4], hex[c & 15], 0};
			quire_buf_puts(out, e);
		}
	}
}
