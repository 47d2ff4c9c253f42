/* write_txt.c - the txt writer: every article laid out as plain text by
 * txt/layout.c (header block, body, numbered link references; wrapped at
 * --width) into one UTF-8 file, or stdout with "-". Output, preparing on the
 * workers and the rest are stream.c's.
 *
 * Articles are separated by a blank line, a line of '-' (72, or the width when
 * narrower) and a blank line. The title underline is '=' and <hr> is "* * *",
 * so the separator is not mistaken for either. */
#include "stream.h"
#include "txt/txt.h"

#define SEPARATOR_WIDTH 72

static int S_width(quire_ctx *ctx)
{
	const quire_options *o = quire_ctx_options(ctx);
	return o && o->width > 0 ? o->width : 0;
}

static void S_text(quire_ctx *ctx, const quire_article *a, quire_buf *b)
{
	text_render_article(a, S_width(ctx), TEXT_HEADER | TEXT_LINKS, b);
}

static void S_separator(quire_ctx *ctx, quire_buf *b)
{
	int width = S_width(ctx);
	size_t n = width > 0 && width < SEPARATOR_WIDTH ? (size_t)width : SEPARATOR_WIDTH;
	quire_buf_putc(b, '\n');
	for (size_t i = 0; i < n; i++)
		quire_buf_putc(b, '-');
	quire_buf_puts(b, "\n\n");
}

static const stream_format S_txt = {.render = S_text, .between = S_separator};

static quire_result S_open(quire_ctx *ctx, const char *path, void **state, quire_err *err)
{
	return stream_open(&S_txt, ctx, path, state, err);
}

/* Lays the article out on a worker thread; write() only copies the bytes. */
static quire_result S_prepare(void *state, quire_ctx *ctx, quire_article *a, quire_err *err)
{
	(void)state;
	(void)err;
	return stream_prepare(&S_txt, ctx, a);
}

const quire_writer_ops quire_write_txt = {
    .name = "txt",
    .description = "plain text: header, body, numbered links; --width wraps by display width",
    .extensions = ".txt",
    .flags = QUIRE_WRITER_MANY | QUIRE_WRITER_STDOUT,
    .open = S_open,
    .prepare = S_prepare,
    .write = stream_write,
    .close = stream_close,
    .abort = stream_abort,
};
