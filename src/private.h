/* private.h - internal interfaces shared by src/ and formats/. Not installed;
 * refuses to compile outside the library build. */
#ifndef QUIRE_PRIVATE_H
#define QUIRE_PRIVATE_H

#ifndef QUIRE_BUILDING
#error "private.h is internal to libquire"
#endif

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <quire/article.h>
#include <quire/buffer.h>
#include <quire/format.h>
#include <quire/quire.h>

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

/* ---- ctx.c internals ----------------------------------------------------- */

/* The zone name for dates without offset when the source has none: --timezone,
 * else NULL (UTC). Borrowed. */
const char *ctx_default_zone(const quire_ctx *ctx);
/* A thread-safe per-run cache of values keyed by string (e.g. a parsed
 * _config.yml per site root). make is called once per key under the lock and
 * returns an owned value freed by destroy at quire_ctx_free. */
void *ctx_cache(quire_ctx *ctx, const char *kind, const char *key, void *(*make)(quire_ctx *, const char *key),
                void (*destroy)(void *));
/* Registers / unregisters a temporary file for removal on interrupt. */
void ctx_track_tmp(quire_ctx *ctx, const char *path);
void ctx_untrack_tmp(quire_ctx *ctx, const char *path);
/* Removes every tracked temporary file (async-signal-safe enough: unlink only). */
void ctx_remove_tmps(quire_ctx *ctx);
uint64_t ctx_max_input(const quire_ctx *ctx);
/* The batch tells the context what its writer takes (QUIRE_WRITER_* flags),
 * before any reader runs. */
void ctx_set_writer_flags(quire_ctx *ctx, unsigned flags);
/* A writer's open() drops capabilities its options turn off (an archival
 * writer told to keep only articles clears QUIRE_WRITER_RECORDS). */
void ctx_clear_writer_flags(quire_ctx *ctx, unsigned flags);
/* Draws the progress line on stderr in place (final: ends it with a newline).
 * Messages printed by the default sink clear the line first. */
void ctx_progress_line(quire_ctx *ctx, const char *line, bool final);

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

/* ---- article.c, body.c: the model and the body tree ------------------------- */

/* The input's path as outputs name it: from its input root's folder name
 * down ("site/_posts/2021-12-08-x.md"), never the converting machine's
 * absolute path or working directory; the path as given when the root is
 * unknown and the path relative. Returns out, or a part of the article's
 * path (borrowed), or "". */
const char *article_portable_path(const quire_article *a, char *out, size_t size);

/* Frees the raw bytes (the size and QUIRE_RAW_DIGEST stay): for the batch,
 * when its writer does not read them (no QUIRE_WRITER_RAW). */
void article_release_raw(quire_article *a);
/* Normalizes and sanitizes the body in place (part of quire_article_normalize). */
void body_normalize(quire_ctx *ctx, quire_article *a);
/* Resolves a possibly relative or scheme-less URL against base; caller frees.
 * "//host/p" becomes "https://host/p" when base is NULL. */
char *url_resolve(const char *base, const char *ref);

/* ---- resources.c: embedded images ------------------------------------------ */

/* Walks the body's <img src>: data: URIs and local files inside the input's
 * tree (QUIRE_INPUT_ROOT; "/x" relative to the root, "x" relative to the
 * input's directory) become article resources whose ref is the src as written;
 * references leaving the tree are refused with a warning. Called by
 * body_normalize before links are resolved. */
void resources_collect(quire_ctx *ctx, quire_article *a);
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

/* ---- batch.c / discover.c ------------------------------------------------ */

/* An input found by discovery. */
typedef struct qinput {
	char *path;       /* to open, or NULL when it is root/rel (qinput_path) */
	const char *root; /* tree root (borrowed from the list's pool) */
	char *rel;        /* relative to root */
	const quire_reader_ops *claimed_by; /* reader that claimed the tree, or NULL */
	const char *site;                   /* claimed tree root (pool) or NULL */
	char *error;      /* discovery failed for this path: the message, or NULL */
	uint64_t size;    /* bytes, from discovery's stat (0 when unknown) */
	bool explicit_arg; /* named on the command line */
} qinput;

/* The inputs, in chunks: an entry never moves once added, so a pointer to it
 * stays valid while discovery goes on adding (streaming discovery). */
#define QINPUT_CHUNK 1024
typedef struct qinput_list {
	qinput **chunk;  /* chunk[k]: entries k * QINPUT_CHUNK ...; NULL once released */
	size_t nchunk;
	size_t n;        /* entries added */
	size_t released; /* entries below this one are released */
	uint64_t bytes;  /* the sum of their sizes */
	char **pool;     /* roots and site roots shared by many inputs */
	size_t npool, poolcap;
	/* set by the caller before discovery, or zero: */
	unsigned shard_k, shard_n; /* keep only the inputs of shard K/N */
	pthread_mutex_t *lock;     /* taken around each addition (another thread reads) */
	pthread_cond_t *added[2];  /* broadcast after an addition when wanted */
	size_t max_ahead;          /* with a lock: discovery waits on room while this many
	                            * entries are added and not released (flat memory) */
	pthread_cond_t *room;      /* signalled by the consumer when room_waiting */
	bool count_only;           /* only count the inputs and their bytes (n, bytes): no entries */
	bool quiet;                /* print no messages (a second walk of the same inputs) */
	/* under the lock: */
	bool room_waiting; /* discovery waits for room */
	bool wanted;       /* a reader waits for the next input */
	bool halt;         /* set by the consumer: discovery stops adding */
	/* discovery's own: */
	bool halted;       /* halt was seen: the walk ends */
} qinput_list;

/* Entry i (< n); the chunk array may move while discovery adds: with a lock
 * set, call with it held. */
qinput *qinput_at(const qinput_list *l, size_t i);
/* Frees the entries below to (written and reported: memory stays flat in
 * the number of inputs); qinput_at must not be asked for them again. With a
 * lock set, call with it held. */
void qinput_release(qinput_list *l, size_t to);
/* The shard an input path (relative to its root) falls in: 1..n. */
unsigned qinput_shard(const char *rel, unsigned n);

/* Opens an input file for reading (O_NONBLOCK, no controlling tty) only when
 * it resolves inside root (when root is given); -1 with err set otherwise.
 * Keeps the root directory open on this thread for the next call (see
 * input_root_release). */
int input_open(const char *root, const char *path, quire_err *err);
/* Closes the calling thread's cached root directory (end of a run, end of a
 * worker). */
void input_root_release(void);

/* Expands the command-line inputs into files, sorted by path within each
 * argument. A path that cannot be read becomes an input carrying an error (so
 * the batch reports it in order); errors counts them. Stops early when the run
 * is interrupted. */
quire_result discover_inputs(quire_ctx *ctx, const char *const *args, size_t n, qinput_list *out, size_t *errors);
void qinput_list_free(qinput_list *l);
/* The path to open: in->path, or root/rel written into buf (PATH_MAX bytes). */
const char *qinput_path(const qinput *in, char *buf, size_t size);
/* quire_convert with the registry bypassed: every input is read by reader and
 * written by writer (NULL writer = inspect). For tests of the engine itself. */
/* strmap.c: a map from strings to size_t (open addressing; keys copied). */
typedef struct strmap strmap;
strmap *strmap_new(void);
void strmap_free(strmap *m);
/* Adds k -> v; false (and nothing changed) when k is there already. */
bool strmap_put(strmap *m, const char *k, size_t v);
bool strmap_get(const strmap *m, const char *k, size_t *v);

/* splitnames.c: stable --split file names (see there). */
typedef struct split_names split_names;
split_names *split_names_open(const char *dir);
/* The article's file name without extension (borrowed until close). */
const char *split_names_get(split_names *s, const quire_article *a);
void split_names_close(split_names *s);

/* sniff.c: what a file is when it cannot be an article (a ZIP, an image, a
 * PDF, a feed, binary bytes), from its first bytes; NULL when it may be one. */
const char *sniff_not_article(const unsigned char *head, size_t n);

/* output.c: commits made durable together. While a context has an
 * out_commits (the batch sets one for --split), quire_out_commit closes the
 * temporary file without fsync and queues it; out_commits_flush (called when
 * the queue is full, and by the batch at the end) makes the queued files
 * durable with one syncfs, then renames each into place. A crash leaves
 * temporaries, never a truncated file under a final name. */
typedef struct out_commits out_commits;
out_commits *out_commits_new(void);
quire_result out_commits_flush(quire_ctx *ctx, out_commits *c, quire_err *err);
/* Removes what is still queued (not flushed) and frees. */
void out_commits_free(quire_ctx *ctx, out_commits *c);
void ctx_set_commits(quire_ctx *ctx, out_commits *c);
out_commits *ctx_commits(const quire_ctx *ctx);

/* guard.c: refuses (QUIRE_FATAL, one message each) an output or report path
 * that is one of the inputs or lies inside an input directory. */
quire_result guard_outputs(quire_ctx *ctx, const char *const *inputs, size_t n);
quire_result batch_run(quire_ctx *ctx, const char *const *inputs, size_t n, quire_stats *stats,
                       const quire_reader_ops *reader, const quire_writer_ops *writer);

/* ---- limits.c and ctx.c: limits against hostile input -------------------- */

/* Element nesting depth that a body or page may reach; deeper trees are cut
 * (libxml2's own parser limit is 256 without XML_PARSE_HUGE: never pass it). */
#define QUIRE_MAX_DEPTH 256
/* Attribute quire_body_from_html puts on <body> when the parser flattened
 * elements deeper than QUIRE_PARSE_DEPTH; quire_article_normalize turns it into a "nesting-limit" warning.
 * A reader parsing pages itself can set it the same way. */
#define QUIRE_DEPTH_CUT_ATTR "data-quire-depth-cut"
/* Articles (and failed records) one input may yield before the batch stops it. */
size_t ctx_max_records(const quire_ctx *ctx);
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
quire_result limits_gunzip(const unsigned char *in, size_t len, uint64_t max, unsigned char **out, size_t *out_len,
                           quire_err *err);

#endif
