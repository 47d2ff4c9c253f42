/* resources.c - embeds the images a body references when they are local files
 * inside the input's tree or data: URIs, as article resources keyed by the
 * src as written; refuses references that leave the tree (a warning on the
 * article). Remote images are left alone: writers decide (EPUB uses alt text).
 * Never touches the network. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "engine.h"

#define RESOURCES_MAX_TOTAL ((size_t)64 << 20) /* per article */

const char *resource_sniff(const unsigned char *d, size_t n)
{
	if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0) return "image/png";
	if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) return "image/jpeg";
	if (n >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0)) return "image/gif";
	if (n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0) return "image/webp";
	size_t i = n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (i < n && (d[i] == ' ' || d[i] == '\n' || d[i] == '\r' || d[i] == '\t'))
		i++;
	if (n - i > 4 && (d[i] == '<')) {
		size_t lim = n - i < 4096 ? n - i : 4096;
		for (size_t k = 0; k + 4 <= lim; k++)
			if (memcmp(d + i + k, "<svg", 4) == 0) return "image/svg+xml";
	}
	return NULL;
}

static int S_hex(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if ((c | 32) >= 'a' && (c | 32) <= 'f') return (c | 32) - 'a' + 10;
	return -1;
}

/* Percent-decodes s[0..n) into out. */
static void S_unpercent(const char *s, size_t n, quire_buf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && S_hex(s[i + 1]) >= 0 && S_hex(s[i + 2]) >= 0) {
			quire_buf_putc(out, (char)(S_hex(s[i + 1]) * 16 + S_hex(s[i + 2])));
			i += 2;
		} else {
			quire_buf_putc(out, s[i]);
		}
	}
}

static bool S_base64(const char *s, size_t n, quire_buf *out)
{
	if (n > INT_MAX / 2) return false;
	EVP_ENCODE_CTX *e = EVP_ENCODE_CTX_new();
	if (!e) return false;
	quire_buf_grow(out, n / 4 * 3 + 64);
	int len = 0, fin = 0;
	EVP_DecodeInit(e);
	bool ok =
	    EVP_DecodeUpdate(e, (unsigned char *)out->data, &len, (const unsigned char *)s, (int)n) >= 0 &&
	    EVP_DecodeFinal(e, (unsigned char *)out->data + len, &fin) >= 0;
	EVP_ENCODE_CTX_free(e);
	out->len = ok ? (size_t)(len + fin) : 0;
	return ok && out->len > 0;
}

static void S_data_uri(quire_article *a, const char *src, size_t *total)
{
	const char *comma = strchr(src, ',');
	if (!comma) return;
	const char *meta = src + 5;
	size_t mlen = (size_t)(comma - meta);
	bool b64 = mlen >= 7 && strncasecmp(comma - 7, ";base64", 7) == 0;
	quire_buf raw = QUIRE_BUF_INIT, data = QUIRE_BUF_INIT;
	S_unpercent(comma + 1, strlen(comma + 1), &raw);
	bool ok = b64 ? S_base64(raw.data ? raw.data : "", raw.len, &data) : raw.len > 0;
	const quire_buf *bytes = b64 ? &data : &raw;
	if (!ok) {
		quire_article_diag(a, QUIRE_LEVEL_WARNING, "image-undecodable",
		                   "a data: URI image could not be decoded");
	} else if (*total + bytes->len > RESOURCES_MAX_TOTAL) {
		quire_article_diag(a, QUIRE_LEVEL_WARNING, "image-too-large",
		                   "embedded images over %zu MiB left out", RESOURCES_MAX_TOTAL >> 20);
	} else {
		const char *type = resource_sniff((const unsigned char *)bytes->data, bytes->len);
		char declared[64];
		size_t tl = strcspn(meta, ";,");
		snprintf(declared, sizeof declared, "%.*s", (int)(tl < 63 ? tl : 63), meta);
		quire_article_add_resource(a, src, type ? type : (*declared ? declared : "text/plain"),
		                           bytes->data, bytes->len);
		*total += bytes->len;
	}
	quire_buf_free(&raw);
	quire_buf_free(&data);
}

/* Joins base and the decoded path, resolving "." and ".." lexically; returns
 * NULL when the result climbs above base. */
static char *S_join_inside(const char *base, const char *path)
{
	quire_buf b = QUIRE_BUF_INIT;
	quire_buf_puts(&b, base);
	size_t floor = b.len;
	while (*path) {
		size_t n = strcspn(path, "/");
		if (n == 0 || (n == 1 && path[0] == '.')) {
			/* nothing */
		} else if (n == 2 && path[0] == '.' && path[1] == '.') {
			if (b.len <= floor) {
				quire_buf_free(&b);
				return NULL;
			}
			while (b.len > floor && b.data[b.len - 1] != '/')
				b.len--;
			if (b.len > floor) b.len--;
			b.data[b.len] = '\0';
		} else {
			quire_buf_putc(&b, '/');
			quire_buf_append(&b, path, n);
		}
		path += n;
		while (*path == '/')
			path++;
	}
	return quire_buf_detach(&b, NULL);
}

static void S_local(quire_ctx *ctx, quire_article *a, const char *src, size_t *total)
{
	const char *input = quire_article_get(a, QUIRE_INPUT_PATH);
	if (!input) return;
	const char *root = quire_article_get(a, QUIRE_INPUT_ROOT);
	const char *slash = strrchr(input, '/');
	char *dir = slash ? strndup(input, (size_t)(slash - input)) : strdup(".");
	quire_buf rel = QUIRE_BUF_INIT;
	S_unpercent(src, strcspn(src, "?#"), &rel);
	const char *p = rel.data ? rel.data : "";
	char *full = NULL;
	size_t rl = root ? strlen(root) : 0;
	if (p[0] == '/') {
		full = S_join_inside(root ? root : dir, p);
	} else if (root && strncmp(dir, root, rl) == 0 && (dir[rl] == '/' || dir[rl] == '\0')) {
		/* relative to the input's directory, never above the root */
		quire_buf up = QUIRE_BUF_INIT;
		quire_buf_printf(&up, "%s/%s", dir + rl, p);
		full = S_join_inside(root, up.data);
		quire_buf_free(&up);
	} else {
		full = S_join_inside(dir, p);
	}
	if (!full) {
		quire_article_diag(a, QUIRE_LEVEL_WARNING, "image-refused",
		                   "image %s refused: it lies outside the input tree", src);
	} else if (*p) {
		unsigned char *data = NULL;
		size_t size = 0;
		quire_err err;
		quire_err_clear(&err);
		if (quire_read_file(ctx, root ? root : dir, full, &data, &size, &err) != QUIRE_OK) {
			bool refused = strstr(err.msg, "outside") != NULL;
			quire_article_diag(a, QUIRE_LEVEL_WARNING,
			                   refused ? "image-refused" : "image-missing",
			                   "image %s not embedded: %s", src, err.msg);
		} else if (*total + size > RESOURCES_MAX_TOTAL) {
			quire_article_diag(a, QUIRE_LEVEL_WARNING, "image-too-large",
			                   "image %s left out: embedded images over %zu MiB", src,
			                   RESOURCES_MAX_TOTAL >> 20);
		} else {
			const char *type = resource_sniff(data, size);
			quire_article_add_resource(a, src, type ? type : "application/octet-stream", data,
			                           size);
			*total += size;
		}
		free(data);
	}
	free(full);
	free(dir);
	quire_buf_free(&rel);
}

static bool S_remote(const char *s)
{
	if (s[0] == '/' && s[1] == '/') return true;
	size_t i = 0;
	while (s[i] && s[i] != ':' && s[i] != '/' && s[i] != '?' && s[i] != '#')
		i++;
	return s[i] == ':' && i > 1; /* a scheme; one letter would be a drive */
}

static void S_walk(quire_ctx *ctx, quire_article *a, xmlNodePtr n, size_t *total)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE) continue;
		if (strcmp((const char *)c->name, "img") == 0) {
			xmlChar *v = xmlGetProp(c, BAD_CAST "src");
			const char *src = (const char *)v;
			if (src && *src && !quire_article_find_resource(a, src)) {
				if (strncasecmp(src, "data:", 5) == 0)
					S_data_uri(a, src, total);
				else if (strncasecmp(src, "file:", 5) == 0)
					quire_article_diag(a, QUIRE_LEVEL_WARNING, "image-refused",
					                   "image %.200s refused: file: URLs are never read",
					                   src);
				else if (!S_remote(src))
					S_local(ctx, a, src, total);
			}
			xmlFree(v);
		}
		S_walk(ctx, a, c, total);
	}
}

void resources_collect(quire_ctx *ctx, quire_article *a)
{
	xmlNodePtr root = quire_article_body_root(a);
	size_t total = 0;
	for (size_t i = 0; i < quire_article_resource_count(a); i++)
		total += quire_article_resource(a, i)->size;
	if (root) S_walk(ctx, a, root, &total);
}
