/* read_html.c - the html reader (stub: not implemented yet). */
#include "formats.h"

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
