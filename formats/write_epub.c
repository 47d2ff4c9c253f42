/* write_epub.c - the epub writer (stub: not implemented yet). */
#include "formats.h"

static quire_result S_open(quire_ctx *ctx, const char *path, void **state, quire_err *err)
{
	(void)ctx;
	(void)path;
	*state = NULL;
	return quire_err_set(err, QUIRE_FATAL, "the epub writer is not implemented yet");
}

static quire_result S_write(void *state, const quire_article *a, quire_err *err)
{
	(void)state;
	(void)a;
	(void)err;
	return QUIRE_OK;
}

static quire_result S_close(void *state, quire_err *err)
{
	(void)state;
	(void)err;
	return QUIRE_OK;
}

static void S_abort(void *state)
{
	(void)state;
}

const quire_writer_ops quire_write_epub = {
	.name = "epub",
	.description = "epub (not implemented yet)",
	.extension = ".epub",
	.flags = QUIRE_WRITER_MANY | QUIRE_WRITER_BINARY,
	.open = S_open,
	.write = S_write,
	.close = S_close,
	.abort = S_abort,
};
