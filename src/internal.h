/* internal.h - what formats/ may use of the core: text utilities, dates and
 * zones, the context's caches and limits, digests, the article model's and
 * the body's helpers, embedded resources, charsets, a string map, limits
 * against hostile input. Not installed; refuses to compile outside the
 * library build. The engine's own interfaces (worker pool, batch, discovery,
 * commits) are in engine.h, which no format includes. */
#ifndef QUIRE_INTERNAL_H
#define QUIRE_INTERNAL_H

#ifndef QUIRE_BUILDING
#error "internal.h is internal to libquire"
#endif

#include <stdbool.h>
#include <stdint.h>
#include <quire/article.h>
#include <quire/buffer.h>
#include <quire/format.h>
#include <quire/quire.h>

#include "gzip.h" /* bounded gunzip */
#include "tree.h" /* element tests and walks */

/* ---- text.c: UTF-8, NFC, whitespace, display width ---------------------- */

/* Appends in[0..len) to out as valid UTF-8, replacing each invalid sequence by
 * U+FFFD (one per maximal invalid subpart, as WHATWG decoders do). Returns the
 * number of replacements. */
size_t text_utf8_repair(const char *in, size_t len, quire_buf *out);
/* True when s[0..len) is valid UTF-8. */
bool text_utf8_valid(const char *s, size_t len);
/* Returns a new NFC string (caller frees), with CRLF/CR/NEL -> LF, the
 * zero-width space, word joiner and BOM (U+200B, U+2060, U+FEFF; ZWNJ and ZWJ
 * are kept) and control characters (C0 except LF and TAB, DEL, C1) dropped.
 * NULL when s is NULL or not valid UTF-8. */
char *text_clean(const char *s);
/* Like text_clean, and also collapses runs of whitespace (ASCII, line ends,
 * NBSP, U+3000 and the other Unicode spaces) into one ASCII space and trims
 * both ends: for one-line fields such as titles. */
char *text_clean_line(const char *s);
/* Display width of UTF-8 text in columns (East Asian wide/fullwidth = 2,
 * combining = 0). */
size_t text_width(const char *s, size_t len);
/* Width of one code point. */
int text_cp_width(int32_t cp);
/* Decodes one code point at s (valid UTF-8 assumed); returns its length. */
int text_decode_cp(const char *s, size_t len, int32_t *cp);
/* CJK line-breaking classes: may not start a line (closing punctuation such as
 * ，。、）」) / may not end a line (opening punctuation such as （「《). */
bool text_no_line_start(int32_t cp);
bool text_no_line_end(int32_t cp);
/* True for code points of scripts written without spaces (Han, kana, Hangul
 * syllables are not counted: Korean uses spaces). */
bool text_cp_is_cjk(int32_t cp);

/* ---- time.c: dates and zones --------------------------------------------- */

typedef struct qtz qtz; /* a loaded IANA zone, owned by the context's cache */

/* Loads a zone by IANA name from the system zoneinfo (cached in ctx, thread-safe;
 * ctx may be NULL for an uncached zone the caller frees with qtz_free). NULL when
 * unknown. */
const qtz *qtz_get(quire_ctx *ctx, const char *name);
qtz *qtz_load(const char *name);
void qtz_free(qtz *z);
/* The offset in seconds of the zone at a UTC instant. */
int32_t qtz_offset_at_utc(const qtz *z, int64_t utc);
/* Converts local wall-clock seconds (as if UTC) to UTC using the zone; for
 * ambiguous/skipped times picks the earlier offset. Returns the offset used. */
int32_t qtz_local_to_utc(const qtz *z, int64_t local, int64_t *utc);

/* Civil date <-> days since epoch (proleptic Gregorian). */
int64_t time_days_from_civil(int64_t y, unsigned m, unsigned d);
void time_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

/* How a date string's zone was settled. */
typedef enum qtime_zone_source {
	QTIME_ZONE_WRITTEN = 0, /* the string had an offset or Z */
	QTIME_ZONE_DEFAULT,     /* from the zone argument */
	QTIME_ZONE_UTC          /* no offset, no zone: UTC */
} qtime_zone_source;

/* Parses the date forms found in front matter and pages: "2021-12-08",
 * "2021-12-08 10:39:01 +0800", "2021-12-08T10:39:01+08:00", "2021-12-08 10:39",
 * "2021/12/08", "2021.12.08", "2022年05月29日 09:18", RFC 2822 ("Wed, 08 Dec 2021
 * 10:39:01 +0800", "08 Dec 2021"), "December 8, 2021 10:39 PM", fractions of
 * seconds (dropped), surrounding whitespace. Precision is as written. A string
 * without offset takes zone (IANA name or "+hh:mm"; NULL or an unknown name =
 * UTC with *how = QTIME_ZONE_UTC); a date alone is local midnight; skipped or
 * repeated local times take the earlier offset. Impossible dates, years
 * outside 1..9999 and trailing garbage are refused. Returns true on success
 * and fills out and *how. */
bool qtime_parse(quire_ctx *ctx, const char *s, const char *zone, quire_time *out, qtime_zone_source *how);
/* Parses a fixed offset "+0800", "+08:00", "-05", "Z"; true on success. */
bool qtime_parse_offset(const char *s, int32_t *offset);

/* ---- ctx.c: what formats may ask of the context ------------------------- */

/* The zone name for dates without offset when the source has none: --timezone,
 * else NULL (UTC). Borrowed. */
const char *ctx_default_zone(const quire_ctx *ctx);
/* A thread-safe per-run cache of values keyed by string (e.g. a parsed
 * _config.yml per site root). make is called once per key under the lock and
 * returns an owned value freed by destroy at quire_ctx_free. */
void *ctx_cache(quire_ctx *ctx, const char *kind, const char *key,
                void *(*make)(quire_ctx *, const char *key), void (*destroy)(void *));
uint64_t ctx_max_input(const quire_ctx *ctx);
/* A writer's open() drops capabilities its options turn off (an archival
 * writer told to keep only articles clears QUIRE_WRITER_RECORDS). */
void ctx_clear_writer_flags(quire_ctx *ctx, unsigned flags);

/* ---- digest.c: hashes and ids (OpenSSL libcrypto) ------------------------ */

/* Lowercase hex SHA-256 into out (65 bytes). */
void digest_sha256_hex(const void *data, size_t len, char out[65]);
void digest_sha256(const void *data, size_t len, unsigned char out[32]);
/* A version-4-shaped UUID derived from the bytes (SHA-256 based, reproducible),
 * "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" into out (37 bytes). */
void digest_uuid(const void *data, size_t len, char out[37]);
/* 64-bit FNV-1a of a string: hash tables and --shard (stable across runs and
 * machines: shards depend on it). */
uint64_t digest_fnv1a(const char *s);

/* ---- article.c, body.c: the model and the body tree ---------------------- */

/* The input's path as outputs name it: from its input root's folder name
 * down ("site/_posts/2021-12-08-x.md"), never the converting machine's
 * absolute path or working directory; the path as given when the root is
 * unknown and the path relative. Returns out, or a part of the article's
 * path (borrowed), or "". */
const char *article_portable_path(const quire_article *a, char *out, size_t size);

/* Resolves a possibly relative or scheme-less URL against base; caller frees.
 * "//host/p" becomes "https://host/p" when base is NULL. */
char *url_resolve(const char *base, const char *ref);

/* ---- resources.c: embedded images ------------------------------------------ */

/* Media type of image bytes by their signature (PNG, JPEG, GIF, WebP, SVG),
 * or NULL. */
const char *resource_sniff(const unsigned char *data, size_t len);

/* ---- charset.c: decoding at the boundary (iconv, uchardet) --------------- */

/* Maps a label to its WHATWG encoding name ("gb2312" -> "gb18030" decoding as
 * GB18030, "big5" -> "Big5-HKSCS", "latin1" -> "windows-1252"). NULL if unknown.
 * Borrowed static string. */
const char *charset_canonical(const char *label);
/* Decodes bytes in the named encoding into UTF-8 appended to out; returns the
 * number of invalid sequences replaced with U+FFFD, or (size_t)-1 when the
 * encoding is unsupported. */
size_t charset_decode(const char *encoding, const unsigned char *in, size_t len, quire_buf *out);
/* True when s[0..len) is valid UTF-8 (fast); *multibyte (may be NULL) gets the
 * number of multi-byte sequences. */
bool charset_utf8_valid(const unsigned char *s, size_t len, size_t *multibyte);

/* ---- strmap.c --------------------------------------------------------------- */

/* A map from strings to size_t (open addressing; keys copied). */
typedef struct strmap strmap;
strmap *strmap_new(void);
void strmap_free(strmap *m);
/* Adds k -> v; false (and nothing changed) when k is there already. */
bool strmap_put(strmap *m, const char *k, size_t v);
bool strmap_get(const strmap *m, const char *k, size_t *v);

/* ---- limits.c and ctx.c: limits against hostile input -------------------- */

/* Element nesting depth that a body or page may reach; deeper trees are cut
 * (libxml2's own parser limit is 256 without XML_PARSE_HUGE: never pass it). */
#define QUIRE_MAX_DEPTH 256
/* Attribute quire_body_from_html puts on <body> when the parser flattened
 * elements deeper than QUIRE_PARSE_DEPTH; quire_article_normalize turns it into a "nesting-limit" warning.
 * A reader parsing pages itself can set it the same way. */
#define QUIRE_DEPTH_CUT_ATTR "data-quire-depth-cut"
/* Bytes a compressed input (gzip member, .html.gz, a WARC record) may inflate
 * to: the input size limit (--max-input-size, default 256 MiB). */
uint64_t ctx_max_decompressed(const quire_ctx *ctx);
/* YAML alias references a front matter may use (a billion-laughs guard). */
size_t ctx_max_yaml_aliases(const quire_ctx *ctx);
/* Depth of the element tree under node, computed without recursion. */
size_t limits_tree_depth(const xmlNode *node);
/* The node after n in document order within root (root itself first: start
 * with n = root), or NULL at the end; without recursion. Do not unlink n
 * before taking its successor. */
xmlNode *limits_tree_next(const xmlNode *root, const xmlNode *n);
/* Elements a parse keeps nested (counting <html> and <body>); deeper ones are
 * flattened into the element at this depth, their text kept. */
#define QUIRE_PARSE_DEPTH (QUIRE_MAX_DEPTH - 16)
/* htmlReadMemory(buf, len, url, "UTF-8", options) that never stops at
 * libxml2's depth limit (it halts the whole parse there, losing everything
 * after the deep element): elements deeper than QUIRE_PARSE_DEPTH are not
 * built, their text goes to the deepest element kept, and the parse goes
 * on. *flattened (may be NULL) counts the elements not built. The caller
 * owns the document (xmlFreeDoc); NULL when libxml2 cannot start. */
xmlDocPtr limits_html_parse(const char *buf, int len, const char *url, int options, size_t *flattened);
/* The same over the concatenation of n parts, never copied into one buffer
 * when large (a body and its <html><body> wrapper). */
xmlDocPtr limits_html_parse_parts(const char *const *parts, const size_t *lens, size_t n, const char *url,
                                  int options, size_t *flattened);
/* Inflates gzip (one or more members) or zlib data into *out (caller frees),
 * refusing output beyond max bytes. QUIRE_FAILED with a message on corrupt or
 * truncated data or when max is exceeded. */
quire_result limits_gunzip(const unsigned char *in, size_t len, uint64_t max, unsigned char **out,
                           size_t *out_len, quire_err *err);

#endif
