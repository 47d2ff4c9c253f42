/* read_html.c - the html reader: the ops table (probe, open, next, close) for
 * loose .html/.htm/.xhtml files and their .gz. Each file is one page, read by
 * html_read_page (html/page.c), which the warc reader also uses. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html/html.h"

/* ---- gzip ------------------------------------------------------------------ */

static bool S_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* ---- the reader ----------------------------------------------------------------- */

static int S_probe(const quire_probe *p)
{
	const unsigned char *h = p->head;
	size_t n = p->head_len;
	bool ext = S_has_suffix(p->path, ".html") || S_has_suffix(p->path, ".htm") ||
	           S_has_suffix(p->path, ".xhtml");
	bool gzext = S_has_suffix(p->path, ".html.gz") || S_has_suffix(p->path, ".htm.gz") ||
	             S_has_suffix(p->path, ".xhtml.gz");
	if (n >= 2 && h[0] == 0x1f && h[1] == 0x8b) return gzext ? 70 : 0;
	if (n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF) {
		h += 3;
		n -= 3;
	}
	size_t i = 0;
	while (i < n && (h[i] == ' ' || h[i] == '\t' || h[i] == '\n' || h[i] == '\r'))
		i++;
	if (n - i >= 3 && memcmp(h + i, "---", 3) == 0) return 0; /* front matter: a Jekyll page */
	static const char *const marks[] = {"<!doctype html", "<html",  "<head", "<body",
	                                    "<meta",          "<title", NULL};
	char low[4097];
	size_t m = n < 4096 ? n : 4096;
	for (size_t k = 0; k < m; k++)
		low[k] = h[k] >= 'A' && h[k] <= 'Z' ? (char)(h[k] + 32) : (h[k] ? (char)h[k] : ' ');
	low[m] = '\0';
	for (int k = 0; marks[k]; k++)
		if (strstr(low, marks[k])) return ext ? 80 : 60;
	return ext && memchr(h, '<', n) ? 40 : 0;
}

typedef struct S_state {
	quire_ctx *ctx;
	unsigned char *data;
	size_t size;
	char *url;
	bool done;
} S_state;

static char *S_page_url(const quire_options *o, const char *rel)
{
	if (!o || !o->base_url || !*o->base_url || !rel) return NULL;
	size_t n = strlen(o->base_url) + strlen(rel) + 2;
	char *u = malloc(n);
	if (u)
		snprintf(u, n, "%s%s%s", o->base_url, o->base_url[strlen(o->base_url) - 1] == '/' ? "" : "/",
		         rel);
	return u;
}

static quire_result S_open(quire_ctx *ctx, const quire_source *src, void **state, quire_err *err)
{
	*state = NULL;
	unsigned char *data = NULL;
	size_t size = 0;
	quire_result r = quire_source_read(ctx, src, &data, &size, err);
	if (r != QUIRE_OK) return r;
	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
		quire_buf b = QUIRE_BUF_INIT;
		uint64_t max = ctx_max_input(ctx);
		gzip_status g = gzip_inflate(data, size, max, GZIP_ONLY, &b);
		r = g == GZIP_OK     ? QUIRE_OK
		    : g == GZIP_INIT ? quire_err_set(err, QUIRE_FAILED, "cannot start gzip decompression")
		    : g == GZIP_OVER
		        ? quire_err_set(err, QUIRE_FAILED, "decompressed size over the %llu-byte input limit",
		                        (unsigned long long)max)
		        : quire_err_set(err, QUIRE_FAILED, "corrupt or truncated gzip data");
		free(data);
		if (r != QUIRE_OK) {
			quire_buf_free(&b);
			return r;
		}
		data = (unsigned char *)quire_buf_detach(&b, &size);
		if (!data) data = (unsigned char *)calloc(1, 1);
	}
	S_state *s = calloc(1, sizeof *s);
	if (!s) {
		free(data);
		return quire_err_set(err, QUIRE_FATAL, "out of memory");
	}
	s->ctx = ctx;
	s->data = data;
	s->size = size;
	s->url = S_page_url(quire_ctx_options(ctx), src->rel);
	*state = s;
	return QUIRE_OK;
}

static quire_result S_next(void *state, quire_article **out, quire_err *err)
{
	S_state *s = state;
	*out = NULL;
	if (s->done) return QUIRE_EOF;
	s->done = true;
	quire_result r = html_read_page(s->ctx, s->data, s->size, s->url, NULL, out, err);
	return r == QUIRE_WARN ? QUIRE_OK : r;
}

static void S_close(void *state)
{
	S_state *s = state;
	if (!s) return;
	free(s->data);
	free(s->url);
	free(s);
}

const quire_reader_ops quire_read_html = {
    .name = "html",
    .description = "scraped HTML pages (.html .htm .xhtml, gzipped too): charset, metadata, main content",
    .extensions = ".html .htm .xhtml .html.gz .htm.gz .xhtml.gz",
    .probe = S_probe,
    .open = S_open,
    .next = S_next,
    .close = S_close,
};
