/* write_txt.c - the txt writer: every article laid out as plain text by
 * textlayout.c (header block, body, numbered link references; wrapped at
 * --width) into one UTF-8 file, or stdout with "-". It keeps nothing of an
 * article after write returns, and writes through quire_out so the final name
 * appears only when the file is complete.
 *
 * Articles are separated by a blank line, a line of '-' (72, or the width when
 * narrower) and a blank line. The title underline is '=' and <hr> is "* * *",
 * so the separator is not mistaken for either. */
#include <stdlib.h>
#include <string.h>

#include "formats.h"

#define SEPARATOR_WIDTH 72

typedef struct txt_writer {
	quire_out *out;
	int width;
	size_t count;
	quire_buf buf; /* one article at a time */
} txt_writer;

static int S_width(quire_ctx *ctx)
{
	const quire_options *o = quire_ctx_options(ctx);
	return o && o->width > 0 ? o->width : 0;
}

static quire_result S_open(quire_ctx *ctx, const char *path, void **state, quire_err *err)
{
	*state = NULL;
	txt_writer *t = calloc(1, sizeof *t);
	if (!t) return quire_err_set(err, QUIRE_FATAL, "out of memory");
	t->width = S_width(ctx);
	t->out = quire_out_open(ctx, path, err);
	if (!t->out) {
		free(t);
		return QUIRE_FATAL;
	}
	*state = t;
	return QUIRE_OK;
}

static const char S_key = 0; /* this writer's prepared text */

/* Lays the article out on a worker thread; write() only copies the bytes. */
static quire_result S_prepare(void *state, quire_ctx *ctx, quire_article *a, quire_err *err)
{
	(void)state;
	(void)err;
	quire_buf *text = quire_buf_new();
	text_render_article(a, S_width(ctx), TEXT_HEADER | TEXT_LINKS, text);
	quire_article_set_prepared(a, &S_key, text, quire_buf_delete);
	quire_article_set_body(a, NULL); /* write() needs only the prepared bytes */
	return QUIRE_OK;
}

static quire_result S_write(void *state, const quire_article *a, quire_err *err)
{
	txt_writer *t = state;
	const quire_buf *text = quire_article_prepared(a, &S_key);
	quire_buf_reset(&t->buf);
	if (t->count) {
		size_t n = t->width > 0 && t->width < SEPARATOR_WIDTH ? (size_t)t->width : SEPARATOR_WIDTH;
		quire_buf_putc(&t->buf, '\n');
		for (size_t i = 0; i < n; i++)
			quire_buf_putc(&t->buf, '-');
		quire_buf_puts(&t->buf, "\n\n");
	}
	if (text)
		quire_buf_append(&t->buf, text->data, text->len);
	else
		text_render_article(a, t->width, TEXT_HEADER | TEXT_LINKS, &t->buf);
	t->count++;
	return quire_out_write(t->out, t->buf.data, t->buf.len, err);
}

static quire_result S_close(void *state, quire_err *err)
{
	txt_writer *t = state;
	quire_result r = quire_out_commit(t->out, err);
	quire_buf_free(&t->buf);
	free(t);
	return r;
}

static void S_abort(void *state)
{
	txt_writer *t = state;
	if (!t) return;
	quire_out_discard(t->out);
	quire_buf_free(&t->buf);
	free(t);
}

const quire_writer_ops quire_write_txt = {
    .name = "txt",
    .description = "plain text: header, body, numbered links; --width wraps by display width",
    .extensions = ".txt",
    .flags = QUIRE_WRITER_MANY | QUIRE_WRITER_STDOUT,
    .open = S_open,
    .prepare = S_prepare,
    .write = S_write,
    .close = S_close,
    .abort = S_abort,
};
