/* write_jsonl.c - the jsonl writer: one JSON object per article and line, the
 * normalized model as quire_article_to_json prints it (jsonl/dump.c), into
 * one file or stdout with "-"; `quire inspect` is this writer to stdout
 * (QUIRE_WRITER_DUMP). Output, preparing on the workers and the rest are
 * stream.c's. */
#include "stream.h"

static void S_line(quire_ctx *ctx, const quire_article *a, quire_buf *b)
{
	(void)ctx;
	quire_article_to_json(a, b);
	quire_buf_putc(b, '\n');
}

static const stream_format S_jsonl = {.render = S_line};

static quire_result S_open(quire_ctx *ctx, const char *path, void **state, quire_err *err)
{
	return stream_open(&S_jsonl, ctx, path, state, err);
}

/* Serializes the article on a worker thread; write() only copies the bytes. */
static quire_result S_prepare(void *state, quire_ctx *ctx, quire_article *a, quire_err *err)
{
	(void)state;
	(void)err;
	return stream_prepare(&S_jsonl, ctx, a);
}

const quire_writer_ops quire_write_jsonl = {
    .name = "jsonl",
    .description = "JSON Lines: one object per article (the normalized model, body as text and XHTML)",
    .extensions = ".jsonl",
    .flags = QUIRE_WRITER_MANY | QUIRE_WRITER_STDOUT | QUIRE_WRITER_DUMP,
    .open = S_open,
    .prepare = S_prepare,
    .write = stream_write,
    .close = stream_close,
    .abort = stream_abort,
};
