/* meta.h - shared between meta.c and metatext.c (the html reader's metadata):
 * the collected <meta> values and what JSON-LD said. */
#ifndef QUIRE_HTML_META_H
#define QUIRE_HTML_META_H

#include "html.h"

typedef struct meta_kv {
	char **k, **v;
	size_t n, cap;
} meta_kv;

typedef struct meta_ld {
	bool strict_found, lenient_found;
	/* as Readability reads the first article object of a schema.org script */
	char *title, *byline, *excerpt, *site, *published;
	/* from any article-like object (arrays, @graph, @type lists) */
	char *authors[16];
	size_t nauthors;
	char *any_published, *any_modified, *any_headline, *any_publisher, *keywords;
} meta_ld;

const char *meta_kv_get(const meta_kv *kv, const char *key);
const char *meta_kv_first(const meta_kv *kv, const char *key);
char *meta_unescape(const char *s);
bool meta_article_type(const char *t);
/* metatext.c */
void meta_dates(quire_ctx *ctx, xmlDocPtr doc, const char *url, const meta_kv *rv, const meta_kv *all,
                const meta_ld *ld, quire_article *a);
void meta_lang(xmlDocPtr doc, const meta_kv *all, quire_article *a);

#endif
