/* html.h - internals of the html reader (the files of formats/html/): charset
 * resolution, the DOM helpers, metadata and main-content extraction. Nothing
 * here is visible outside the reader except html_read_page (formats.h). */
#ifndef QUIRE_HTML_H
#define QUIRE_HTML_H

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "../formats.h"

/* ---- decode.c: bytes -> UTF-8 --------------------------------------------- */

/* Resolves the charset (BOM, transport, meta prescan, uchardet, windows-1252),
 * decodes into out and records QUIRE_CHARSET, QUIRE_CHARSET_SOURCE and
 * diagnostics on a. transport may be NULL. */
void html_decode(const unsigned char *bytes, size_t len, const char *transport, quire_article *a,
                 quire_buf *out);
/* The label of the first <meta charset> / http-equiv content-type in the
 * HTML5 prescan of bytes[0..len), copied into label; false when none. */
bool html_prescan(const unsigned char *bytes, size_t len, char *label, size_t size);
/* Copies UTF-8 HTML without what no part of the reader looks at, so the
 * parser does less: comments, and the content of <script> and <style>
 * (raw text that ends at the first </script or </style, as the HTML
 * tokenizer and libxml2 both end it) except JSON-LD scripts. */
/* Start tags longer than this keep only their name (html_strip_raw_text). */
#define HTML_MAX_TAG ((size_t)64 << 10)
/* Returns how many start tags were cut to their name (over HTML_MAX_TAG). */
size_t html_strip_raw_text(const char *in, size_t len, quire_buf *out);
/* Parses UTF-8 HTML into a document (recover, no network, errors silenced for
 * this thread). Elements nested too deep are flattened (limits_html_parse),
 * and then <html> carries QUIRE_DEPTH_CUT_ATTR. NULL on failure. Caller frees
 * with xmlFreeDoc. */
xmlDocPtr html_parse_utf8(const char *utf8, size_t len, const char *url);

/* ---- dom.c: small tree helpers ------------------------------------------- */

/* tree_is under the name the reader's files use */
static inline bool dom_is(const xmlNode *n, const char *name)
{
	return tree_is(n, name);
}
bool dom_is_any(const xmlNode *n, const char *const *names);
xmlNodePtr dom_first_el(const xmlNode *n);
xmlNodePtr dom_next_el(const xmlNode *n);
xmlNodePtr dom_prev_el(const xmlNode *n);
size_t dom_count_el(const xmlNode *n);
/* Depth-first next element (Readability's _getNextNode). */
xmlNodePtr dom_next_node(xmlNodePtr n, bool ignore_kids);
/* Unlinks and frees n; returns the node that followed it in the walk. */
xmlNodePtr dom_remove_and_next(xmlNodePtr n);
void dom_remove(xmlNodePtr n);
/* Attribute value, borrowed from the tree, or NULL (no copy: valid while the
 * attribute exists). */
const char *dom_attr(const xmlNode *n, const char *name);
/* Text content, whitespace collapsed and trimmed; caller frees. */
char *dom_text(const xmlNode *n);
/* Text content as is; caller frees. */
char *dom_text_raw(const xmlNode *n);
/* Length in UTF-16 units of the collapsed, trimmed text (Readability's
 * getInnerText(...).length). */
size_t dom_text_len(const xmlNode *n);
/* True when n holds any non-whitespace text (stops at the first). */
bool dom_has_text(const xmlNode *n);
/* What the text of a subtree adds up to, so that a bottom-up pass gives
 * every element's length and link length at once (exact: collapsing and
 * trimming only need to know the whitespace at the edges). */
typedef struct dom_sum {
	size_t len;       /* collapsed, trimmed length in UTF-16 units */
	double links;     /* length of the text in links (fragment links count 0.3) */
	bool has;         /* any non-whitespace */
	bool lead, trail; /* whitespace before the first / after the last content */
	bool ws;          /* (no content) some whitespace */
} dom_sum;
typedef void (*dom_sum_fn)(const xmlNode *n, const dom_sum *s, void *ud);
/* Summarizes n's subtree; store (may be NULL) is called for every element. */
void dom_summarize(const xmlNode *n, dom_sum *out, dom_sum_fn store, void *ud);
/* Counts UTF-16 units of a UTF-8 string. */
size_t dom_strlen16(const char *s);
/* Link density: text length of links (fragment links count 0.3) / text length. */
double dom_link_density(const xmlNode *n);
/* Number of descendants with one of names. */
size_t dom_count_desc(const xmlNode *n, const char *const *names);
/* Snapshot of descendants named one of names, document order; caller frees. */
xmlNodePtr *dom_collect(const xmlNode *n, const char *const *names, size_t *count);
/* Renames in place. */
void dom_rename(xmlNodePtr n, const char *name);
/* True for JS \s characters at s; sets *len to the sequence length. */
bool dom_space_at(const char *s, size_t *len);
/* Collapses whitespace runs in s in place and trims it. */
void dom_collapse(char *s);
/* Case-insensitive substring. */
bool dom_has_word(const char *hay, const char *const *words);

/* ---- jsonld.c: JSON-LD scripts (libyaml reads JSON) ----------------------- */

typedef struct jv jv;
jv *jv_parse(const char *json, size_t len);
void jv_free(jv *v);
/* Member of an object; NULL when absent or v is not an object. */
const jv *jv_get(const jv *v, const char *key);
/* String value of a JSON string, or NULL (numbers, arrays... give NULL). */
const char *jv_str(const jv *v);
size_t jv_len(const jv *v); /* items of an array, 0 otherwise */
const jv *jv_at(const jv *v, size_t i);
bool jv_is_array(const jv *v);

/* ---- meta.c: metadata -------------------------------------------------------- */

typedef struct html_meta {
	char *title;            /* as Readability would take it; owned */
	char *byline;           /* from metadata, or NULL; owned */
	char *excerpt;          /* owned or NULL */
	char *base;             /* base URL for relative links (base href resolved), or NULL */
	struct meta_late *late; /* what the text around the title said, for html_meta_finish (meta.h) */
} html_meta;

/* Reads metadata from the parsed page into a (title, authors, dates, lang,
 * url, site name, summary, tags, image) and fills m. url is the page URL or NULL. */
void html_meta_collect(quire_ctx *ctx, xmlDocPtr doc, const char *url, quire_article *a, html_meta *m);
/* After extraction: byline found in the text, first paragraph, text language. */
void html_meta_finish(quire_ctx *ctx, quire_article *a, html_meta *m, const char *text_byline,
                      xmlDocPtr body);
void html_meta_free(html_meta *m);
/* Readability's _getArticleTitle on doc; caller frees. */
char *html_title_from_doc(xmlDocPtr doc);
/* Token similarity of b to a (Readability's _textSimilarity). */
double html_text_similarity(const char *a, const char *b);

/* ---- extract.c / clean.c: main content ------------------------------------- */

typedef struct html_extract_in {
	const char *utf8; /* the decoded page, re-parsed for a second attempt */
	size_t len;
	const char *url;
	const char *title; /* article title */
	bool have_byline;  /* metadata already has a byline */
} html_extract_in;

/* Extracts the main content. Takes ownership of doc (the parsed page, already
 * prepared by html_prepare). Returns a new body document (root <body>) and
 * sets *byline (caller frees) to a byline found in the text, or NULL. */
xmlDocPtr html_extract(xmlDocPtr doc, const html_extract_in *in, char **byline);
/* Removes scripts, styles, comments; turns <br><br> runs into paragraphs and
 * <font> into <span> (Readability's prepDocument). */
void html_prepare(xmlDocPtr doc);
/* The whole <body> as a body document (--no-extract). */
xmlDocPtr html_whole_body(xmlDocPtr doc);

/* Node flags kept in node->_private during extraction. */
typedef struct xinfo {
	double score;
	size_t len;   /* text length, valid while scoring */
	double links; /* link text length, valid while scoring */
	bool scored;
	signed char datatable; /* -1 unknown, 0 layout, 1 data */
} xinfo;

typedef struct xpool {
	xinfo **chunks;
	size_t n, cap, used;
} xpool;

xinfo *xpool_get(xpool *p, xmlNodePtr n); /* creates when absent */
void xpool_free(xpool *p);

/* clean.c: Readability's _prepArticle on the article container. */
void html_prep_article(xpool *pool, xmlNodePtr article, unsigned flags);
int html_class_weight(const xmlNode *n, unsigned flags);
bool html_has_ancestor(const xmlNode *n, const char *tag, int max_depth, bool need_datatable);

/* boiler.c: trafilatura-style removal of boilerplate blocks from the article
 * container (class/id names, link lists, chrome headings and what follows). */
void html_boiler_prune(xmlNodePtr article);
/* edges.c: removes the date, source and author lines before the article's
 * first paragraph and after its last. */
void html_edges_trim(xmlNodePtr article);
/* boiler.c: before scoring, removes the blocks of body named as chrome. */
void html_boiler_strip(xmlNodePtr body);

/* XF_MOST_TEXT: the second opinion when every attempt gave too little: of
 * the best-scored candidates, the one with the most text outside links. */
enum { XF_STRIP_UNLIKELYS = 1, XF_WEIGHT_CLASSES = 2, XF_CLEAN_CONDITIONALLY = 4, XF_MOST_TEXT = 8 };

#endif
