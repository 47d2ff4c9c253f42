/* write_jsonl.c - the jsonl writer: one JSON object per article and line, the
 * normalized model as quire_article_to_json prints it (the same as `quire
 * inspect`), into one file or stdout with "-". It keeps nothing of an article
 * after write returns, and writes through quire_out so the final name appears
 * only when the file is complete. */
#include <stdlib.h>

#include "formats.h"

typedef struct jsonl_writer {
	quire_out *out;
	quire_buf buf; /* one line at a time */
} jsonl_writer;

static quire_result S_open(quire_ctx *ctx, const char *path, void **state, quire_err *err)
{
	*state = NULL;
	jsonl_writer *j = calloc(1, sizeof *j);
	if (!j) return quire_err_set(err, QUIRE_FATAL, "out of memory");
	j->out = quire_out_open(ctx, path, err);
	if (!j->out) {
		free(j);
		return QUIRE_FATAL;
	}
	*state = j;
	return QUIRE_OK;
}

static const char S_key = 0; /* this writer's prepared line */

static void S_line(const quire_article *a, quire_buf *b)
{
	quire_article_to_json(a, b);
	quire_buf_putc(b, '\n');
}

/* Serializes the article on a worker thread; write() only copies the bytes. */
static quire_result S_prepare(void *state, quire_ctx *ctx, quire_article *a, quire_err *err)
{
	(void)state;
	(void)ctx;
	(void)err;
	quire_buf *line = quire_buf_new();
	S_line(a, line);
	quire_article_set_prepared(a, &S_key, line, quire_buf_delete);
	quire_article_set_body(a, NULL); /* write() needs only the prepared bytes */
	return QUIRE_OK;
}

static quire_result S_write(void *state, const quire_article *a, quire_err *err)
{
	jsonl_writer *j = state;
	const quire_buf *line = quire_article_prepared(a, &S_key);
	if (line)
		return quire_out_write(j->out, line->data, line->len, err);
	quire_buf_reset(&j->buf);
	S_line(a, &j->buf);
	return quire_out_write(j->out, j->buf.data, j->buf.len, err);
}

static quire_result S_close(void *state, quire_err *err)
{
	jsonl_writer *j = state;
	quire_result r = quire_out_commit(j->out, err);
	quire_buf_free(&j->buf);
	free(j);
	return r;
}

static void S_abort(void *state)
{
	jsonl_writer *j = state;
	if (!j) return;
	quire_out_discard(j->out);
	quire_buf_free(&j->buf);
	free(j);
}

const quire_writer_ops quire_write_jsonl = {
    .name = "jsonl",
    .description = "JSON Lines: one object per article (the normalized model, body as text and XHTML)",
    .extensions = ".jsonl",
    .flags = QUIRE_WRITER_MANY | QUIRE_WRITER_STDOUT,
    .open = S_open,
    .prepare = S_prepare,
    .write = S_write,
    .close = S_close,
    .abort = S_abort,
};
