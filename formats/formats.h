/* formats.h - the format tables defined in formats/ (one per file). Only
 * registry.c names them. */
#ifndef QUIRE_FORMATS_H
#define QUIRE_FORMATS_H
#include "../src/private.h"
#include "../src/gzip.h"
#include "../src/tree.h"

extern const quire_reader_ops quire_read_jekyll;
extern const quire_reader_ops quire_read_html;
extern const quire_reader_ops quire_read_warc;

extern const quire_writer_ops quire_write_txt;
extern const quire_writer_ops quire_write_jsonl;
extern const quire_writer_ops quire_write_epub;
extern const quire_writer_ops quire_write_warc;
extern const quire_writer_ops quire_write_wacz;

/* Shared between formats: the html reader's page parser, which the warc reader
 * hands its HTML payloads to. bytes are the raw payload; url the page's URL (or
 * NULL); charset the transport charset (or NULL). On success *out is a new
 * article (caller owns) with raw bytes, provenance and body set. */
quire_result html_read_page(quire_ctx *ctx, const unsigned char *bytes, size_t len, const char *url,
                            const char *charset, quire_article **out, quire_err *err);
#endif
