/* warc.h - pieces shared by the warc writer, the wacz writer and the warc
 * reader: record serialization (WARC/1.1, CRLF, sha256 digests, one gzip
 * member per record), SURT keys and CDXJ lines, the WARC file set with
 * rotation, and the small HTTP header parser. Internal to formats/. */
#ifndef QUIRE_WARC_H
#define QUIRE_WARC_H

#include <stdbool.h>
#include <stdint.h>
#include <zlib.h>

#include "../formats.h"

/* ---- record.c ------------------------------------------------------------ */

/* One record to serialize. Strings may be NULL (field left out). */
typedef struct warc_rec {
	const char *type;       /* warcinfo, resource, metadata, conversion */
	const char *id;         /* "<urn:uuid:...>" */
	const char *date;       /* "2021-12-08T02:39:01Z" */
	const char *target_uri; /* never bracketed */
	const char *content_type;
	const char *refers_to;     /* "<urn:uuid:...>" */
	const char *concurrent_to; /* "<urn:uuid:...>" */
	const char *warcinfo_id;   /* "<urn:uuid:...>" */
	const char *filename;      /* WARC-Filename (warcinfo only) */
	const char *source_uri;    /* WARC-Source-URI */
	bool payload_digest;       /* the block is the payload (resource, conversion) */
	const char *block_hex;     /* sha256 hex of the block when already known, or NULL */
	const void *block;
	size_t block_len;
} warc_rec;

/* Appends the record's bytes (header, CRLF, block, CRLF CRLF) to out. */
void warc_rec_serialize(const warc_rec *r, quire_buf *out);
/* Appends an already-made header block (the version line and fields, each
 * ending in CRLF, no blank line) and block as one record. */
void warc_rec_raw(const void *hdr, size_t hlen, const void *block, size_t blen, quire_buf *out);
/* The default zlib level of the gzip members (-O warc:level=N picks another)
 * and of the WACZ's deflated entries: within 4% of level 6's size per record
 * at about half its time (see docs/BENCHMARKS.md). */
#define WARC_GZIP_LEVEL 3
/* Starts a deflate stream for gzip members at a compression level (caller
 * ends it with deflateEnd). */
bool warc_gzip_init(z_stream *z, int level);
/* Compresses in[0..len) as one complete gzip member appended to out, reusing
 * z. Returns false on a zlib failure. */
bool warc_gzip_member(z_stream *z, const void *in, size_t len, quire_buf *out);
/* "<urn:uuid:...>" derived from the bytes (reproducible), into out (48 bytes). */
void warc_make_id(const void *data, size_t len, char out[48]);
/* Formats a UTC instant as "YYYY-MM-DDThh:mm:ssZ" (21 bytes). */
void warc_date(int64_t utc, char out[24]);
/* Parses a WARC-Date ("2021-12-08T02:39:01Z", fractions and reduced precision
 * accepted); false when it is not one. */
bool warc_parse_date(const char *s, int64_t *utc);
/* Percent-encodes what RFC 3986 does not allow in a URI (non-ASCII bytes,
 * spaces, controls, quotes, angle brackets...), keeping existing %XX. */
void warc_uri_escape(const char *s, quire_buf *out);

/* ---- sorter.c ------------------------------------------------------------ */

/* Sorted, deduplicated lines (CDXJ) in bounded memory: sorted runs spill to
 * temporary files beside near and are merged at the end. */
typedef struct line_sorter line_sorter;
line_sorter *ls_new(quire_ctx *ctx, const char *near);
/* Adds whole lines, each ending in '\n'. */
quire_result ls_add(line_sorter *s, const char *lines, size_t len, quire_err *err);
/* Runs spilled so far (for tests). */
size_t ls_runs(const line_sorter *s);
/* Writes every line added, sorted by bytes and without duplicates, to out. */
quire_result ls_finish(line_sorter *s, quire_out *out, quire_err *err);
/* Frees the sorter and removes its runs (after ls_finish or instead of it). */
void ls_free(line_sorter *s);

/* ---- surt.c -------------------------------------------------------------- */

/* The SURT key of a URL as Python surt (IA canonicalizer, used by pywb and
 * cdxj-indexer) computes it: "org,example)/path?a=1&b=2". Appended to out. */
void warc_surt(const char *url, quire_buf *out);

/* ---- http.c -------------------------------------------------------------- */

/* A parsed HTTP response head. Strings point into the caller's buffer copy. */
typedef struct http_head {
	int status;              /* 0 when the status line is not HTTP */
	size_t body_offset;      /* where the body starts in the block */
	char *content_type;      /* owned, or NULL */
	char *transfer_encoding; /* owned, or NULL */
	char *content_encoding;  /* owned, or NULL */
} http_head;

/* Parses the status line and headers of an HTTP response block (CRLF or LF
 * lines). False when the block has no complete HTTP head. */
bool http_parse_head(const unsigned char *b, size_t len, http_head *h);
void http_head_free(http_head *h);
/* The value of a header field (case-insensitive name) in a CRLF header block;
 * a new string the caller frees, or NULL. */
char *warc_header_get(const char *hdr, size_t len, const char *name);
/* The media type of a Content-Type value, lowercased, without parameters,
 * into out. */
void http_media_type(const char *ct, char *out, size_t size);
/* The charset parameter of a Content-Type value into out; false if none. */
bool http_charset(const char *ct, char *out, size_t size);

/* ---- writer.c: the WARC file set ------------------------------------------ */

typedef struct warc_set warc_set;

/* One finished WARC file of a set (for the wacz writer). */
typedef struct warc_part {
	quire_out *out; /* still open (temporary) */
	char *name;     /* logical name: WARC-Filename and the CDXJ filename */
} warc_part;

/* Opens a set of WARC files. path: the first file (later ones are numbered
 * NAME-00001.warc.gz ...). name: the logical name of the first file (NULL:
 * the base name of path). keep: the files are temporaries the caller takes
 * over with warc_set_finish (wacz); otherwise each file and its CDXJ index
 * are committed as soon as they are complete. */
warc_set *warc_set_open(quire_ctx *ctx, const char *path, const char *name, bool gzip, bool keep,
                        const char *purpose, quire_err *err);
quire_result warc_set_write(warc_set *s, const quire_article *a, quire_err *err);
/* Completes the set. keep mode: the parts (caller owns the array, the names
 * and the open quire_outs) and *index, a temporary file (caller discards it)
 * holding all CDXJ lines sorted and deduplicated. Otherwise parts/index may be NULL. Frees the set. */
quire_result warc_set_finish(warc_set *s, warc_part **parts, size_t *nparts, quire_out **index,
                             quire_err *err);
void warc_set_abort(warc_set *s);
/* The target URI and WARC-Date of the last article's original record
 * (borrowed until the next write). */
void warc_set_last(const warc_set *s, const char **uri, const char **date);

/* The writers' prepare op: renders the derived records' blocks and digests
 * of an article on a worker thread (see quire_writer_ops.prepare) and, when
 * s (the writer's open set, NULL with --split) has published its current
 * file, builds the article's whole record group for that file. */
quire_result warc_prepare(warc_set *s, quire_ctx *ctx, quire_article *a, quire_err *err);

/* ---- read_warc.c and writer.c ------------------------------------------------ */

/* Marks an article read from a WARC whose metadata and conversion records are
 * in the input itself (quire's own WARCs): they are copied as record-only
 * articles, so the writer adds none (quire_article_prepared(a,
 * &warc_converted_key) is non-NULL). */
extern const char warc_converted_key;

/* ---- ownxhtml.c ----------------------------------------------------------- */

/* The article of an XHTML conversion that quire wrote (its head says
 * generator "quire ..."): the metadata and body exactly as they were
 * normalized, without running the html reader's extraction a second time.
 * NULL when the document is not one of ours; else the caller owns it. */
quire_article *warc_read_own_xhtml(quire_ctx *ctx, const unsigned char *x, size_t n);

/* ---- urlindex.c ----------------------------------------------------------- */

/* The payloads of a WARC's image responses by URL (SURT-keyed, first
 * capture wins, redirects followed), kept in an unlinked temporary file. */
typedef struct warc_url_index warc_url_index;
warc_url_index *warc_url_index_new(void);
void warc_url_index_free(warc_url_index *ix);
/* False when the temporary file cannot be written. */
bool warc_url_index_add(warc_url_index *ix, const char *url, const void *data, size_t len);
void warc_url_index_redirect(warc_url_index *ix, const char *url, const char *location);
/* The payload at url (caller frees *data); false when the WARC has none. */
bool warc_url_index_get(warc_url_index *ix, const char *url, unsigned char **data, size_t *len);
size_t warc_url_index_count(const warc_url_index *ix);

/* ---- page.c --------------------------------------------------------------- */

/* The standalone HTML5 page of an article (the record at its URL), appended
 * to out. */
void warc_article_page(const quire_article *a, quire_buf *out);

/* Builds the complete XHTML document of an article (the conversion record),
 * with its metadata in the head, appended to out. */
void warc_article_xhtml(const quire_article *a, quire_buf *out);
/* The capture instant used for an article's records: see writer.c. */
int64_t warc_article_instant(quire_ctx *ctx, const quire_article *a);
/* The article's target URI (see writer.c), appended to out; false when the
 * article has no URL and the run no --base-url (a file: URI is used). */
bool warc_article_uri(quire_ctx *ctx, const quire_article *a, quire_buf *out);

#endif
