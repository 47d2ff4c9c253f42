/* stream.c - the open/prepare/write/close/abort that every stream writer
 * would otherwise repeat (stream.h). It keeps nothing of an article after
 * write returns, and writes through quire_out so the final name appears only
 * when the file is complete. It renders nothing itself. */
#include <stdlib.h>

#include "stream.h"

typedef struct stream_writer {
	const stream_format *f;
	quire_ctx *ctx;
	quire_out *out;
	size_t count;
	quire_buf buf; /* one article at a time */
} stream_writer;

quire_result stream_open(const stream_format *f, quire_ctx *ctx, const char *path, void **state,
                         quire_err *err)
{
	*state = NULL;
	stream_writer *s = calloc(1, sizeof *s);
	if (!s) return quire_err_set(err, QUIRE_FATAL, "out of memory");
	s->f = f;
	s->ctx = ctx;
	s->out = quire_out_open(ctx, path, err);
	if (!s->out) {
		free(s);
		return QUIRE_FATAL;
	}
	*state = s;
	return QUIRE_OK;
}

quire_result stream_prepare(const stream_format *f, quire_ctx *ctx, quire_article *a)
{
	quire_buf *bytes = quire_buf_new();
	f->render(ctx, a, bytes);
	quire_article_set_prepared(a, f, bytes, quire_buf_delete);
	quire_article_set_body(a, NULL); /* write() needs only the prepared bytes */
	return QUIRE_OK;
}

quire_result stream_write(void *state, const quire_article *a, quire_err *err)
{
	stream_writer *s = state;
	const quire_buf *bytes = quire_article_prepared(a, s->f);
	quire_buf_reset(&s->buf);
	if (s->count++ && s->f->between) s->f->between(s->ctx, &s->buf);
	if (bytes && !s->buf.len) return quire_out_write(s->out, bytes->data, bytes->len, err);
	if (bytes)
		quire_buf_append(&s->buf, bytes->data, bytes->len);
	else
		s->f->render(s->ctx, a, &s->buf);
	return quire_out_write(s->out, s->buf.data, s->buf.len, err);
}

quire_result stream_close(void *state, quire_err *err)
{
	stream_writer *s = state;
	quire_result r = quire_out_commit(s->out, err);
	quire_buf_free(&s->buf);
	free(s);
	return r;
}

void stream_abort(void *state)
{
	stream_writer *s = state;
	if (!s) return;
	quire_out_discard(s->out);
	quire_buf_free(&s->buf);
	free(s);
}
