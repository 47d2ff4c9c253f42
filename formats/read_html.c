/* read_html.c - the html reader (stub: not implemented yet). */
#include "formats.h"

quire_result html_read_page(quire_ctx *ctx, const unsigned char *bytes, size_t len, const char *url,
                            const char *charset, quire_article **out, quire_err *err)
{
	(void)ctx;
	(void)charset;
	quire_article *a = quire_article_new();
	quire_buf b = QUIRE_BUF_INIT;
	text_utf8_repair((const char *)bytes, len, &b);
	quire_article_set_body(a, quire_body_from_html(b.data ? b.data : "", b.len));
	quire_buf_free(&b);
	quire_article_set_raw(a, bytes, len, "text/html");
	if (url)
		quire_article_set(a, QUIRE_URL, url);
	*out = a;
	(void)err;
	return QUIRE_OK;
}

static int S_probe(const quire_probe *p)
{
	(void)p;
	return 0;
}

static quire_result S_open(quire_ctx *ctx, const quire_source *src, void **state, quire_err *err)
{
	(void)ctx;
	(void)src;
	*state = NULL;
	return quire_err_set(err, QUIRE_FAILED, "the html reader is not implemented yet");
}

static quire_result S_next(void *state, quire_article **out, quire_err *err)
{
	(void)state;
	(void)err;
	*out = NULL;
	return QUIRE_EOF;
}

static void S_close(void *state)
{
	(void)state;
}

const quire_reader_ops quire_read_html = {
	.name = "html",
	.description = "html (not implemented yet)",
	.extensions = ".html .htm .xhtml .html.gz .htm.gz",
	.probe = S_probe,
	.open = S_open,
	.next = S_next,
	.close = S_close,
};
