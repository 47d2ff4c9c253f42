/* read_warc.c - the warc reader (stub: not implemented yet). */
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
	return quire_err_set(err, QUIRE_FAILED, "the warc reader is not implemented yet");
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

const quire_reader_ops quire_read_warc = {
	.name = "warc",
	.description = "warc (not implemented yet)",
	.extensions = ".warc .warc.gz",
	.probe = S_probe,
	.open = S_open,
	.next = S_next,
	.close = S_close,
};
