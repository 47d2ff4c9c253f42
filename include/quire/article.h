/* article.h - the article model every reader produces and every writer consumes.
 * An article owns all its data: setters copy their arguments, getters return
 * borrowed pointers valid until the next setter of the same field or until
 * quire_article_free. All text is valid UTF-8 in NFC (readers decode at the
 * boundary; quire_article_normalize enforces the rules of SPEC section 3). */
#ifndef QUIRE_ARTICLE_H
#define QUIRE_ARTICLE_H

#include <libxml/tree.h>
#include <quire/quire.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct quire_article quire_article;

/* Precision of a date as it was written in the source. */
typedef enum quire_precision {
	QUIRE_PREC_NONE = 0, /* no date */
	QUIRE_PREC_DATE,     /* 2021-12-08 */
	QUIRE_PREC_MINUTE,   /* 2021-12-08 10:39 */
	QUIRE_PREC_SECOND    /* 2021-12-08 10:39:01 */
} quire_precision;

/* An instant with the UTC offset it was written in. */
typedef struct quire_time {
	int64_t utc;    /* seconds since 1970-01-01T00:00:00Z */
	int32_t offset; /* seconds east of UTC, as written or resolved */
	quire_precision precision;
} quire_time;

/* Formats t as ISO 8601 with offset ("2021-12-08T10:39:01+08:00", date-only
 * "2021-12-08", minute "2021-12-08T10:39+08:00") into out (>= 32 bytes).
 * Returns out, or "" when t has no date. */
QUIRE_API char *quire_time_iso(const quire_time *t, char *out, size_t size);
/* Formats the UTC instant as "2021-12-08T02:39:01Z" into out (>= 21 bytes). */
QUIRE_API char *quire_time_utc(const quire_time *t, char *out, size_t size);

/* Single-valued text fields. */
typedef enum quire_field {
	QUIRE_ID = 0, /* stable id: derived from the canonical URL or source path */
	QUIRE_TITLE,
	QUIRE_SUBTITLE,
	QUIRE_LANG,       /* BCP 47, e.g. zh-CN */
	QUIRE_URL,        /* canonical URL */
	QUIRE_SOURCE_URL, /* where the text originally came from */
	QUIRE_SITE_NAME,
	QUIRE_PUBLISHER, /* publisher / source name */
	QUIRE_SUMMARY,
	QUIRE_IMAGE,          /* lead image URL */
	QUIRE_INPUT_PATH,     /* provenance: the input file as given */
	QUIRE_INPUT_ROOT,     /* provenance: the root of the input's tree */
	QUIRE_RECORD_ID,      /* provenance: WARC-Record-ID of the original record */
	QUIRE_READER,         /* provenance: reader name */
	QUIRE_CHARSET,        /* provenance: detected charset (WHATWG name) */
	QUIRE_CHARSET_SOURCE, /* provenance: how it was found: bom|transport|meta|detected|default|utf-8 */
	QUIRE_RAW_TYPE,       /* media type of the raw bytes, e.g. "text/markdown; charset=utf-8" */
	QUIRE_RAW_DIGEST,     /* "sha256:<hex>" of the raw bytes (set by quire_article_set_raw) */
	QUIRE_FIELD_COUNT
} quire_field;

/* Multi-valued text fields. QUIRE_EDITORS holds the people credited as
 * editors ("责任编辑：X", "Edited by"), never authors; the JSON dump writes
 * "editors" only when there are some. Like every list, the article owns its
 * items: add copies, item returns borrowed text. */
typedef enum quire_list {
	QUIRE_AUTHORS = 0,
	QUIRE_CATEGORIES,
	QUIRE_TAGS,
	QUIRE_EDITORS,
	QUIRE_LIST_COUNT
} quire_list;

/* Which time. */
typedef enum quire_when { QUIRE_PUBLISHED = 0, QUIRE_MODIFIED } quire_when;

/* An embedded file (image...). All members owned by the article. */
typedef struct quire_resource {
	char *ref;        /* the reference as written in the body (after resolution) */
	char *media_type; /* e.g. image/png */
	unsigned char *data;
	size_t size;
} quire_resource;

/* A diagnostic attached to an article. */
typedef struct quire_diag {
	quire_level level;
	char *code;    /* short stable key, e.g. "invalid-bytes", "date-from-filename" */
	char *message; /* human sentence */
} quire_diag;

/* Creates an empty article. Caller frees with quire_article_free. */
QUIRE_API quire_article *quire_article_new(void);
QUIRE_API void quire_article_free(quire_article *a);

/* Text fields: set copies (NULL clears); value must be UTF-8 (it is repaired and
 * counted otherwise). get returns borrowed text or NULL. */
QUIRE_API void quire_article_set(quire_article *a, quire_field f, const char *value);
QUIRE_API const char *quire_article_get(const quire_article *a, quire_field f);

/* Lists: add copies; duplicates and empty strings are ignored. */
QUIRE_API void quire_article_add(quire_article *a, quire_list l, const char *value);
QUIRE_API size_t quire_article_count(const quire_article *a, quire_list l);
QUIRE_API const char *quire_article_item(const quire_article *a, quire_list l, size_t i);
QUIRE_API void quire_article_clear_list(quire_article *a, quire_list l);

/* Times: set copies the struct. get returns borrowed pointer (precision NONE when unset). */
QUIRE_API void quire_article_set_time(quire_article *a, quire_when w, const quire_time *t);
QUIRE_API const quire_time *quire_article_time(const quire_article *a, quire_when w);

/* Body: a libxml2 document whose root element is <body> (HTML vocabulary, no
 * namespace). set takes ownership of doc (NULL clears). get is borrowed; a
 * writer must not modify it. Elements marked as site chrome carry the attribute
 * data-quire-chrome="trailer": reading copies skip them (quire_node_is_chrome). */
QUIRE_API void quire_article_set_body(quire_article *a, xmlDocPtr doc);
QUIRE_API xmlDocPtr quire_article_body(const quire_article *a);
QUIRE_API xmlNodePtr quire_article_body_root(const quire_article *a);
QUIRE_API int quire_node_is_chrome(const xmlNode *node);
/* Parses an HTML fragment (UTF-8) into a body document (recovering, no network,
 * no entity expansion beyond HTML's own). Returns a new doc the caller owns, or
 * NULL on allocation failure. */
QUIRE_API xmlDocPtr quire_body_from_html(const char *html, size_t len);

/* Resources: add copies; returns the stored resource (borrowed). */
QUIRE_API const quire_resource *quire_article_add_resource(quire_article *a, const char *ref,
                                                           const char *media_type, const void *data,
                                                           size_t size);
QUIRE_API size_t quire_article_resource_count(const quire_article *a);
QUIRE_API const quire_resource *quire_article_resource(const quire_article *a, size_t i);
QUIRE_API const quire_resource *quire_article_find_resource(const quire_article *a, const char *ref);

/* Raw bytes as read (archival writers store them unchanged). Copies, and sets
 * QUIRE_RAW_DIGEST and QUIRE_RAW_TYPE. In a batch whose writer does not read
 * them (no QUIRE_WRITER_RAW) they are freed once the article is read:
 * quire_article_raw then returns NULL, *size still the bytes' size. */
QUIRE_API void quire_article_set_raw(quire_article *a, const void *data, size_t size, const char *media_type);
QUIRE_API const unsigned char *quire_article_raw(const quire_article *a, size_t *size);
/* When the input was a WARC record: its WARC header block (CRLF lines, without
 * the blank line) and its block (e.g. the HTTP response), kept as they were. */
QUIRE_API void quire_article_set_raw_record(quire_article *a, const void *headers, size_t hsize,
                                            const void *block, size_t bsize);
QUIRE_API const unsigned char *quire_article_raw_record(const quire_article *a, size_t *hsize,
                                                        const unsigned char **block, size_t *bsize);
/* A record-only article carries one input record unchanged and nothing else
 * (a WARC input's warcinfo, request, image, stylesheet, redirect, revisit):
 * archival writers (QUIRE_WRITER_RECORDS) copy it byte for byte, in input
 * order; the batch neither normalizes nor counts it as an article and never
 * hands it to other writers. Readers make them only when
 * quire_ctx_wants_records() says so. */
QUIRE_API void quire_article_set_record_only(quire_article *a, int on);
QUIRE_API int quire_article_is_record_only(const quire_article *a);

/* A writer's prepared form of the article: the output-independent part of
 * writing it (laid-out text, JSON, a rendered page), made on a worker thread
 * by quire_writer_ops.prepare. key is any address the writer owns (one per
 * writer); the article takes ownership of data and frees it with free_fn when
 * it is freed or the key is set again. At most 4 keys per article. */
QUIRE_API void quire_article_set_prepared(quire_article *a, const void *key, void *data,
                                          void (*free_fn)(void *));
/* The data prepared under key, or NULL (borrowed). */
QUIRE_API void *quire_article_prepared(const quire_article *a, const void *key);

/* Diagnostics. code is a short key; the message is printf-formatted. */
QUIRE_API void quire_article_diag(quire_article *a, quire_level level, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
QUIRE_API size_t quire_article_diag_count(const quire_article *a);
QUIRE_API const quire_diag *quire_article_diag_at(const quire_article *a, size_t i);
QUIRE_API size_t quire_article_warning_count(const quire_article *a);

/* Applies SPEC section 3 to the article: NFC and whitespace rules on every text
 * field and on the body's text, sanitizes the body (scripts, styles, forms,
 * event attributes, tracking pixels), resolves relative links against the
 * canonical URL, marks the site-chrome trailer, fills defaults (lang, author,
 * id) from the context. Readers' articles go through it before any writer sees
 * them. */
QUIRE_API quire_result quire_article_normalize(quire_ctx *ctx, quire_article *a);

/* A file-system-safe name for the article (ASCII [a-z0-9._-], no extension),
 * derived from the input file name or the URL. Written into out. */
QUIRE_API char *quire_article_slug(const quire_article *a, char *out, size_t size);

/* The JSON object of the model (what jsonl and inspect write), one line, no
 * newline, appended to buf. */
struct quire_buf;
QUIRE_API int quire_article_to_json(const quire_article *a, struct quire_buf *buf);

#ifdef __cplusplus
}
#endif
#endif
