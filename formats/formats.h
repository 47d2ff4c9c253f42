/* formats.h - what formats share with each other. The format tables
 * themselves (quire_read_NAME, quire_write_NAME, one per file) are named only
 * by registry.c's two lines. */
#ifndef QUIRE_FORMATS_H
#define QUIRE_FORMATS_H
#include "../src/internal.h"

/* Shared between formats: the html reader's page parser, which the warc reader
 * hands its HTML payloads to. bytes are the raw payload; url the page's URL (or
 * NULL); charset the transport charset (or NULL). On success *out is a new
 * article (caller owns) with raw bytes, provenance and body set. */
quire_result html_read_page(quire_ctx *ctx, const unsigned char *bytes, size_t len, const char *url,
                            const char *charset, quire_article **out, quire_err *err);
#endif
