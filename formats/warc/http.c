/* http.c - the little HTTP parsing a WARC needs: the status line and the
 * header fields of a recorded response, header lookup in WARC header blocks,
 * and Content-Type media types and charsets. It does not decode bodies
 * (read_warc.c de-chunks and gunzips). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "warc.h"

/* Finds name's value in header lines [s, s+len) (CRLF or LF, "Name: value"). */
static char *S_find(const char *s, size_t len, const char *name)
{
	size_t nl = strlen(name);
	const char *end = s + len;
	while (s < end) {
		const char *eol = memchr(s, '\n', (size_t)(end - s));
		const char *le = eol ? eol : end;
		if ((size_t)(le - s) > nl && strncasecmp(s, name, nl) == 0 && s[nl] == ':') {
			const char *v = s + nl + 1;
			while (v < le && (*v == ' ' || *v == '\t'))
				v++;
			const char *ve = le;
			while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
			return strndup(v, (size_t)(ve - v));
		}
		s = eol ? eol + 1 : end;
	}
	return NULL;
}

char *warc_header_get(const char *hdr, size_t len, const char *name)
{
	return S_find(hdr, len, name);
}

bool http_parse_head(const unsigned char *b, size_t len, http_head *h)
{
	memset(h, 0, sizeof *h);
	const char *s = (const char *)b;
	if (len < 12 || strncmp(s, "HTTP/", 5) != 0) return false;
	/* the head ends at the first empty line */
	size_t end = 0;
	for (size_t i = 0; i + 1 < len; i++) {
		if (s[i] == '\n' && s[i + 1] == '\n') {
			end = i + 2;
			break;
		}
		if (s[i] == '\n' && s[i + 1] == '\r' && i + 2 < len && s[i + 2] == '\n') {
			end = i + 3;
			break;
		}
	}
	if (!end) return false;
	const char *sp = memchr(s, ' ', end);
	if (!sp) return false;
	h->status = atoi(sp + 1);
	h->body_offset = end;
	const char *eol = memchr(s, '\n', end);
	const char *fields = eol + 1;
	size_t flen = end - (size_t)(fields - s);
	h->content_type = S_find(fields, flen, "Content-Type");
	h->transfer_encoding = S_find(fields, flen, "Transfer-Encoding");
	h->content_encoding = S_find(fields, flen, "Content-Encoding");
	return true;
}

void http_head_free(http_head *h)
{
	free(h->content_type);
	free(h->transfer_encoding);
	free(h->content_encoding);
	memset(h, 0, sizeof *h);
}

void http_media_type(const char *ct, char *out, size_t size)
{
	size_t j = 0;
	if (ct) {
		while (*ct == ' ')
			ct++;
		for (; *ct && *ct != ';' && *ct != ' ' && j + 1 < size; ct++)
			out[j++] = (char)tolower((unsigned char)*ct);
	}
	out[j] = '\0';
}

bool http_charset(const char *ct, char *out, size_t size)
{
	if (!ct) return false;
	for (const char *p = strchr(ct, ';'); p; p = strchr(p + 1, ';')) {
		const char *q = p + 1;
		while (*q == ' ' || *q == '\t')
			q++;
		if (strncasecmp(q, "charset=", 8) != 0) continue;
		q += 8;
		if (*q == '"' || *q == '\'') q++;
		size_t j = 0;
		while (*q && *q != ';' && *q != '"' && *q != '\'' && *q != ' ' && j + 1 < size)
			out[j++] = *q++;
		out[j] = '\0';
		return j > 0;
	}
	return false;
}
