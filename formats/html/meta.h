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
/* ---- datetext.c: dates written in text and URLs ---------------------------- */

/* A date written at s ("2005年3月11日12:12", "二〇二二年五月二十九日", "May 18,
 * 2014", "18. Mai 2014", "18.05.2014", "2022-05-29 09:18"...): writes
 * "YYYY-MM-DD[ HH:MM[:SS]]" to out and returns the bytes read, 0 when none. */
size_t datetext_at(const char *s, char *out, size_t size);
/* The first date in s that starts a token; false when none. */
bool datetext_find(const char *s, char *out, size_t size);
/* A date in the path of url (/2022/05/29/, /2022-05/29/, t20220529_...). */
bool datetext_url(const char *url, char *out, size_t size);

/* ---- lines.c: the page as lines of text ------------------------------------ */

/* Block boundaries and <br> end a line; whitespace (NBSP and U+3000 too) is
 * collapsed. Each line knows how much of it is link text and whether it sits
 * in a list item: lists of other articles are made of such lines. */
typedef struct meta_line {
	size_t off;       /* of the NUL-terminated text in meta_lines.text */
	size_t len, link; /* letters (not spaces), and those inside <a> */
	bool in_li, heading;
} meta_line;

#define META_NO_LINE ((size_t)-1)

typedef struct meta_lines {
	quire_buf text;
	meta_line *v;
	size_t n, cap;
	size_t anchor; /* the line that holds the article's title, or META_NO_LINE */
} meta_lines;

void meta_lines_build(xmlDocPtr doc, meta_lines *L);
/* Sets L->anchor: the first heading whose text is title, else the first line
 * that is, else the first <h1>. */
void meta_lines_anchor(meta_lines *L, const char *title);
void meta_lines_free(meta_lines *L);
/* Borrowed text of line i. */
const char *meta_line_text(const meta_lines *L, size_t i);
/* False for lines of a list of links (related articles, navigation). */
bool meta_line_usable(const meta_lines *L, size_t i);

/* ---- byline.c: names in bylines -------------------------------------------- */

#define META_MAX_NAMES 8

typedef struct meta_names {
	char *v[META_MAX_NAMES];
	size_t n;
} meta_names;

void meta_names_free(meta_names *n);
/* The names a byline holds, its labels stripped ("By", "Published by",
 * "von", "作者：", "本报记者"...) and split at separators. Appends to out;
 * returns how many were added. */
size_t byline_names(const char *s, meta_names *out);
/* An author value as given by metadata: its names when every part of it is
 * one ("By Ann Lee and Bo Li"), else the value whole without its label.
 * Appends to out; returns how many were added. */
size_t byline_value(const char *s, meta_names *out);
/* True when an author value is not a person: a URL, a number, the site's or
 * publisher's name, the title, a software credit ("Discuz! Team"). site and
 * title may be NULL. */
bool byline_junk(const char *name, const char *site, const char *title);
/* The authors and editors that the lines around the title name: the date and
 * source line ("来源：新华网 作者：李楠"), reporter lines ("光明日报记者 王建宏
 * 张文攀", "文/记者 X"), the dateline of the first paragraph ("电（记者 X）"),
 * the closing "（常书香 马丹阳）", "责任编辑：X". *how names the form found. */
void byline_from_lines(const meta_lines *L, meta_names *authors, const char **how, meta_names *editors);

/* What collect found in the text for finish to weigh once the extracted
 * body, its byline and the language are known. */
typedef struct meta_late {
	meta_names authors, editors; /* from the lines around the title */
	const char *authors_how;     /* static text for the diagnostic */
	char *site, *title;          /* site name and <title>, to refuse them as authors */
	unsigned utc;                /* bit per quire_when: a date taken as UTC for want of a zone */
} meta_late;

/* metatext.c */
void meta_dates(quire_ctx *ctx, xmlDocPtr doc, const char *url, const meta_kv *rv, const meta_kv *all,
                const meta_ld *ld, const meta_lines *L, quire_article *a, meta_late *late);
void meta_lang(xmlDocPtr doc, const meta_kv *all, quire_article *a);

#endif
