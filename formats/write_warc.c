/* write_warc.c - the warc writer: WARC/1.1 files, gzip per record when the
 * name ends in .warc.gz (the default), plain when it ends in .warc, each with
 * a CDXJ index beside it (NAME.cdxj). The records and rotation are in
 * formats/warc/writer.c; this file is only the ops tables. */
#include <string.h>
#include <strings.h>

#include "warc/warc.h"

static quire_result S_open(quire_ctx *ctx, const char *path, void **state, quire_err *err)
{
	size_t n = strlen(path);
	bool plain = n > 5 && strcasecmp(path + n - 5, ".warc") == 0;
	warc_set *s = warc_set_open(ctx, path, NULL, !plain, false, "Articles archived", err);
	*state = s;
	return s ? QUIRE_OK : QUIRE_FATAL;
}

/* On a worker thread: the records' blocks and digests; then the body is no
 * longer needed. */
static quire_result S_prepare(void *state, quire_ctx *ctx, quire_article *a, quire_err *err)
{
	quire_result r = warc_prepare(state, ctx, a, err);
	if (r == QUIRE_OK) quire_article_set_body(a, NULL);
	return r;
}

static quire_result S_write(void *state, const quire_article *a, quire_err *err)
{
	return warc_set_write(state, a, err);
}

static quire_result S_close(void *state, quire_err *err)
{
	return warc_set_finish(state, NULL, NULL, NULL, err);
}

static void S_abort(void *state)
{
	warc_set_abort(state);
}

/* -O warc:level=0..9 (gzip level), -O warc:records=all|articles (also read
 * by the WACZ writer, which writes through this one) */
static const char *const S_keys[] = {"level", "records", NULL};

const quire_writer_ops quire_write_warc = {
    .name = "warc",
    .description = "WARC 1.1 with a CDXJ index, gzip per record (a .warc name writes it plain)",
    .extensions = ".warc.gz .warc", /* .warc: plain records, no gzip */
    .flags = QUIRE_WRITER_MANY | QUIRE_WRITER_BINARY | QUIRE_WRITER_RECORDS | QUIRE_WRITER_RAW,
    .open = S_open,
    .prepare = S_prepare,
    .write = S_write,
    .close = S_close,
    .abort = S_abort,
    .option_keys = S_keys,
};
