/* stream.h - what the stream writers share (txt, jsonl): one output through
 * quire_out, each article rendered to bytes by the format (on a worker in
 * prepare, else in write) and appended in the run's order, an optional
 * separator between two articles. A stream writer is its render function
 * and two one-line wrappers (open, prepare); write, close and abort are
 * these. Internal to formats/. */
#ifndef QUIRE_STREAM_H
#define QUIRE_STREAM_H

#include "formats.h"

typedef struct stream_format {
	/* Appends one article's bytes to out. Required. */
	void (*render)(quire_ctx *ctx, const quire_article *a, quire_buf *out);
	/* Optional: appends what goes before every article but the first. */
	void (*between)(quire_ctx *ctx, quire_buf *out);
} stream_format;

/* open(): the output at path, written through quire_out. */
quire_result stream_open(const stream_format *f, quire_ctx *ctx, const char *path, void **state,
                         quire_err *err);
/* prepare(): renders the article (attached with f as the key) and drops
 * its body, which write() then no longer needs. */
quire_result stream_prepare(const stream_format *f, quire_ctx *ctx, quire_article *a);
/* write(), close() and abort() of every stream writer. */
quire_result stream_write(void *state, const quire_article *a, quire_err *err);
quire_result stream_close(void *state, quire_err *err);
void stream_abort(void *state);

#endif
