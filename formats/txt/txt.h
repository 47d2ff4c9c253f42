/* txt/txt.h - the article laid out as plain text (txt/layout.c): the txt
 * writer's renderer, which the jsonl dump ("text"), the WARC text conversion
 * and the WACZ page index also use. Internal to libquire's formats. */
#ifndef QUIRE_FORMATS_TXT_H
#define QUIRE_FORMATS_TXT_H
#include "../../src/internal.h"

enum {
	TEXT_HEADER = 1u << 0,      /* title/byline/date/source/tags block first */
	TEXT_LINKS = 1u << 1,       /* numbered link references after the article */
	TEXT_KEEP_CHROME = 1u << 2, /* keep site-chrome elements (archival copies) */
	TEXT_PLAIN = 1u << 3        /* only the words: no image marks, no '#'/'-' markers */
};
/* Lays the article out as text (SPEC section 5, txt), wrapped at width columns
 * (0 = no wrapping), appending to buf. */
void text_render_article(const quire_article *a, int width, unsigned flags, quire_buf *buf);
#endif
