/* read_warc.c - the warc reader: .warc and .warc.gz (one gzip member per
 * record or the whole file in one), streamed one record at a time. HTML
 * responses with status 200 and HTML resource records become articles through
 * the html reader (html_read_page), with WARC-Target-URI as URL and the HTTP
 * charset as transport charset; an HTML conversion record stands in for an
 * original that is not HTML (quire's own WARCs of Markdown posts). Other
 * records are skipped and counted. It does not replay or index. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#include <libxml/parser.h>
#include <libxml/HTMLtree.h>

#include "warc/warc.h"

#define IOBUF (64 * 1024)
#define MAX_HEADER (256 * 1024)

typedef struct wstream {
	int fd;
	bool gz, zinit, eof, zend;
	z_stream z;
	unsigned char in[IOBUF];
	unsigned char out[IOBUF];
	size_t out_len, out_pos;
	uint64_t pos; /* offset in the (decompressed) WARC stream */
	const char *problem;
} wstream;

typedef struct pending {
	char *id;
	quire_buf hdr, block;
	bool present, html;
} pending;

typedef struct reader {
	quire_ctx *ctx;
	char *path;
	wstream st;
	pending orig;         /* the last original record, until its conversions are seen */
	quire_buf hdr, block; /* the record being read */
	bool held, held_want; /* hdr/block hold a record read ahead */
	quire_err deferred;   /* a fatal error to report after the pending page */
	size_t skipped[9];
	size_t articles;
	bool done;
	/* records mode (an archival writer): every record goes out, in order */
	bool records;
	char *last_orig;     /* WARC-Record-ID of the last article's original */
	quire_article **out; /* ready to return, in order */
	size_t nout, outhead, capout;
	quire_article **fol; /* records after the pending original that refer to it */
	size_t nfol, capfol, fol_bytes;
	warc_url_index *images; /* the file's images, when the writer embeds them */
} reader;

const char warc_converted_key = 'c';

enum {
	SK_INFO,
	SK_REQUEST,
	SK_METADATA,
	SK_REVISIT,
	SK_NOT_HTML,
	SK_STATUS,
	SK_CONVERSION,
	SK_PAGE,
	SK_OTHER
};
static const char *const S_skip_names[] = {"warcinfo",   "request",       "metadata",
                                           "revisit",    "not HTML",      "not status 200",
                                           "conversion", "rendered page", "other"};

/* ---- the byte stream ---------------------------------------------------------- */

static bool S_fill(wstream *s)
{
	s->out_pos = s->out_len = 0;
	if (!s->gz) {
		for (;;) {
			ssize_t r = read(s->fd, s->out, sizeof s->out);
			if (r < 0 && errno == EINTR) continue;
			if (r <= 0) {
				if (r < 0) s->problem = strerror(errno);
				return false;
			}
			s->out_len = (size_t)r;
			return true;
		}
	}
	while (s->out_len == 0) {
		if (s->z.avail_in == 0 && !s->eof) {
			ssize_t r;
			do
				r = read(s->fd, s->in, sizeof s->in);
			while (r < 0 && errno == EINTR);
			if (r < 0) {
				s->problem = strerror(errno);
				return false;
			}
			if (r == 0) s->eof = true;
			s->z.next_in = s->in;
			s->z.avail_in = (uInt)r;
		}
		if (s->z.avail_in == 0 && s->eof) {
			if (!s->zend)
				s->problem = "the gzip data ends in the middle of a member (truncated file)";
			return false;
		}
		if (s->zend) { /* the next gzip member */
			inflateReset(&s->z);
			s->zend = false;
		}
		s->z.next_out = s->out;
		s->z.avail_out = sizeof s->out;
		int rc = inflate(&s->z, Z_NO_FLUSH);
		s->out_len = sizeof s->out - s->z.avail_out;
		if (rc == Z_STREAM_END)
			s->zend = true;
		else if (rc != Z_OK && !(rc == Z_BUF_ERROR && s->out_len)) {
			if (rc == Z_BUF_ERROR && s->z.avail_in == 0 && !s->eof) continue;
			s->problem = "corrupt gzip data";
			return false;
		}
	}
	return true;
}

/* Next byte or -1 at the end. */
static int S_getc(wstream *s)
{
	if (s->out_pos == s->out_len && !S_fill(s)) return -1;
	s->pos++;
	return s->out[s->out_pos++];
}

/* Reads one line (with its LF) appended to b; false at the end of the stream
 * or when the line is over max bytes. */
static bool S_getline(wstream *s, quire_buf *b, size_t max)
{
	size_t start = b->len;
	for (;;) {
		if (s->out_pos == s->out_len && !S_fill(s)) return b->len > start;
		unsigned char *p = s->out + s->out_pos;
		size_t avail = s->out_len - s->out_pos;
		unsigned char *nl = memchr(p, '\n', avail);
		size_t take = nl ? (size_t)(nl - p) + 1 : avail;
		quire_buf_append(b, p, take);
		s->out_pos += take;
		s->pos += take;
		if (nl) return true;
		if (b->len - start > max) return false;
	}
}

/* Reads n bytes into b (or discards them when b is NULL); false when short. */
static bool S_read(wstream *s, quire_buf *b, uint64_t n)
{
	while (n) {
		if (s->out_pos == s->out_len && !S_fill(s)) return false;
		size_t avail = s->out_len - s->out_pos;
		size_t take = avail < n ? avail : (size_t)n;
		if (b) quire_buf_append(b, s->out + s->out_pos, take);
		s->out_pos += take;
		s->pos += take;
		n -= take;
	}
	return true;
}

/* ---- payload decoding ------------------------------------------------------------ */

/* Transfer-Encoding: chunked -> the body; false when malformed. */
static bool S_dechunk(const unsigned char *p, size_t n, quire_buf *out)
{
	size_t i = 0;
	while (i < n) {
		char *end;
		unsigned long long sz = strtoull((const char *)p + i, &end, 16);
		size_t k = (size_t)((const unsigned char *)end - p);
		if (k == i || k > n) return false;
		const unsigned char *nl = memchr(p + k, '\n', n - k);
		if (!nl) return false;
		i = (size_t)(nl - p) + 1;
		if (sz == 0) return true;
		if (sz > n - i) return false;
		quire_buf_append(out, p + i, (size_t)sz);
		i += (size_t)sz;
		if (i < n && p[i] == '\r') i++;
		if (i < n && p[i] == '\n') i++;
	}
	return true; /* no terminating chunk: keep what there is */
}

/* ---- records ------------------------------------------------------------------------ */

static int S_peek(wstream *s)
{
	if (s->out_pos == s->out_len && !S_fill(s)) return -1;
	return s->out[s->out_pos];
}

static bool S_is_html(const char *mt)
{
	return strcmp(mt, "text/html") == 0 || strcmp(mt, "application/xhtml+xml") == 0;
}

static bool S_sniff_html(const unsigned char *p, size_t n)
{
	size_t i = 0;
	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) i = 3;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	return (n - i >= 14 && strncasecmp((const char *)p + i, "<!doctype html", 14) == 0) ||
	       (n - i >= 5 && strncasecmp((const char *)p + i, "<html", 5) == 0);
}

static char *S_unbracket(char *v)
{
	size_t n = v ? strlen(v) : 0;
	if (n >= 2 && v[0] == '<' && v[n - 1] == '>') {
		memmove(v, v + 1, n - 2);
		v[n - 2] = '\0';
	}
	return v;
}

#define MAX_IMAGE ((size_t)16 << 20)
#define MAX_IMAGES_PER_ARTICLE ((size_t)64 << 20)

/* The images of an article's body that are responses in the same WARC
 * become its resources (keyed by the src as written), so the EPUB embeds
 * them. A walk in document order without recursion. */
static void S_embed_images(reader *r, quire_article *a, const char *url)
{
	xmlNodePtr root = quire_article_body_root(a);
	size_t total = 0;
	for (xmlNodePtr n = root ? root->children : NULL; n;) {
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "img") == 0) {
			xmlChar *v = xmlGetProp(n, BAD_CAST "src");
			const char *src = (const char *)v;
			char *abs = src && *src && strncasecmp(src, "data:", 5) != 0 &&
			                    !quire_article_find_resource(a, src)
			                ? url_resolve(url ? url : "", src)
			                : NULL;
			unsigned char *d = NULL;
			size_t len = 0;
			if (abs && warc_url_index_get(r->images, abs, &d, &len)) {
				const char *type = resource_sniff(d, len);
				if (!type)
					quire_article_diag(
					    a, QUIRE_LEVEL_WARNING, "image-not-image",
					    "image %.200s in the WARC is not an image; not embedded", src);
				else if (total + len > MAX_IMAGES_PER_ARTICLE)
					quire_article_diag(
					    a, QUIRE_LEVEL_WARNING, "image-too-large",
					    "image %.200s left out: embedded images over %zu MiB", src,
					    MAX_IMAGES_PER_ARTICLE >> 20);
				else {
					quire_article_add_resource(a, src, type, d, len);
					total += len;
				}
			}
			free(d);
			free(abs);
			xmlFree(v);
		}
		if (n->children && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n && !n->next && n != root)
			n = n->parent;
		n = n && n != root ? n->next : NULL;
	}
}

/* An article from an HTML payload; the original record (hdr, block) and raw
 * bytes are kept for the archival writers. */
static quire_result S_page(reader *r, const unsigned char *html, size_t hlen, const char *url,
                           const char *charset, const quire_buf *hdr, const quire_buf *block, const char *id,
                           const void *raw, size_t rawn, const char *raw_type, quire_article **out,
                           quire_err *err)
{
	quire_article *a = NULL;
	quire_result rc = html_read_page(r->ctx, html, hlen, url, charset, &a, err);
	if ((rc != QUIRE_OK && rc != QUIRE_WARN) || !a) {
		quire_article_free(a);
		if (!err->msg[0])
			quire_err_set(err, QUIRE_FAILED, "record %s: the page could not be read",
			              id ? id : "");
		return QUIRE_FAILED;
	}
	quire_article_set_raw_record(a, hdr->data, hdr->len, block->data ? block->data : "", block->len);
	if (id) {
		char *bare = S_unbracket(strdup(id));
		quire_article_set(a, QUIRE_RECORD_ID, bare);
		free(bare);
	}
	quire_article_set_raw(a, raw, rawn, raw_type);
	if (!quire_article_get(a, QUIRE_URL) && url) quire_article_set(a, QUIRE_URL, url);
	if (r->images) S_embed_images(r, a, url);
	free(r->last_orig);
	r->last_orig = strdup(id ? id : "");
	*out = a;
	r->articles++;
	return QUIRE_OK;
}

static quire_result S_response(reader *r, const quire_buf *hdr, const quire_buf *block, const char *id,
                               const char *url, quire_article **out, quire_err *err)
{
	http_head hh;
	const unsigned char *b = (const unsigned char *)(block->data ? block->data : "");
	if (!http_parse_head(b, block->len, &hh)) {
		r->skipped[SK_OTHER]++;
		return QUIRE_EOF;
	}
	char mt[128], cs[64];
	http_media_type(hh.content_type, mt, sizeof mt);
	quire_result rc = QUIRE_EOF;
	const unsigned char *body = b + hh.body_offset;
	size_t blen = block->len - hh.body_offset;
	quire_buf dechunked = QUIRE_BUF_INIT, inflated = QUIRE_BUF_INIT;
	if (hh.status != 200) {
		r->skipped[SK_STATUS]++;
		goto done;
	}
	if (hh.transfer_encoding && strcasestr(hh.transfer_encoding, "chunked")) {
		if (S_dechunk(body, blen, &dechunked)) {
			body = (const unsigned char *)(dechunked.data ? dechunked.data : "");
			blen = dechunked.len;
		}
	}
	if (hh.content_encoding &&
	    (strcasestr(hh.content_encoding, "gzip") || strcasestr(hh.content_encoding, "deflate"))) {
		if (gzip_inflate(body, blen, ctx_max_decompressed(r->ctx), GZIP_KEEP_TRUNCATED, &inflated) !=
		    GZIP_OK) {
			rc = quire_err_set(err, QUIRE_FAILED,
			                   "record %s: the %s body does not decompress within the limits", id,
			                   hh.content_encoding);
			goto done;
		}
		body = (const unsigned char *)(inflated.data ? inflated.data : "");
		blen = inflated.len;
	} else if (hh.content_encoding && strcasecmp(hh.content_encoding, "identity") != 0) {
		r->skipped[SK_NOT_HTML]++;
		goto done;
	}
	if (!S_is_html(mt) && !(mt[0] == '\0' && S_sniff_html(body, blen))) {
		r->skipped[SK_NOT_HTML]++;
		goto done;
	}
	bool has_cs = http_charset(hh.content_type, cs, sizeof cs);
	rc = S_page(r, body, blen, url, has_cs ? cs : NULL, hdr, block, id, body, blen,
	            hh.content_type ? hh.content_type : "text/html", out, err);
done:
	quire_buf_free(&dechunked);
	quire_buf_free(&inflated);
	http_head_free(&hh);
	return rc;
}

static void S_pending_set(reader *r, const char *id, quire_buf *hdr, quire_buf *block, bool html)
{
	free(r->orig.id);
	quire_buf_free(&r->orig.hdr);
	quire_buf_free(&r->orig.block);
	r->orig.id = strdup(id ? id : "");
	r->orig.hdr = *hdr;
	r->orig.block = *block;
	quire_buf_init(hdr);
	quire_buf_init(block);
	r->orig.present = true;
	r->orig.html = html;
}

/* The article of the pending HTML original itself (no conversion stood in). */
static quire_result S_emit_pending(reader *r, quire_article **out, quire_err *err)
{
	pending *p = &r->orig;
	p->present = false;
	char *type = warc_header_get(p->hdr.data, p->hdr.len, "WARC-Type");
	char *ctype = warc_header_get(p->hdr.data, p->hdr.len, "Content-Type");
	char *url = S_unbracket(warc_header_get(p->hdr.data, p->hdr.len, "WARC-Target-URI"));
	quire_result rc;
	if (type && strcasecmp(type, "response") == 0) {
		rc = S_response(r, &p->hdr, &p->block, p->id, url, out, err);
	} else {
		char cs[64];
		bool has_cs = http_charset(ctype, cs, sizeof cs);
		const unsigned char *b = (const unsigned char *)(p->block.data ? p->block.data : "");
		rc = S_page(r, b, p->block.len, url, has_cs ? cs : NULL, &p->hdr, &p->block, p->id, b,
		            p->block.len, ctype ? ctype : "text/html", out, err);
	}
	free(type);
	free(ctype);
	free(url);
	return rc;
}

/* Is this response an HTML page with status 200 (after its encodings)? */
static bool S_response_is_page(const quire_buf *block)
{
	http_head hh;
	const unsigned char *b = (const unsigned char *)(block->data ? block->data : "");
	if (!http_parse_head(b, block->len, &hh)) return false;
	char mt[128];
	http_media_type(hh.content_type, mt, sizeof mt);
	bool ok = hh.status == 200 && (S_is_html(mt) || !mt[0]);
	http_head_free(&hh);
	return ok;
}

/* Is this resource quire's rendered page of the last article (its
 * WARC-Concurrent-To names that article's original)? */
static bool S_is_rendering(const reader *r, const quire_buf *hdr)
{
	if (!r->last_orig) return false;
	char *c = warc_header_get(hdr->data, hdr->len, "WARC-Concurrent-To");
	bool yes = c && strcmp(c, r->last_orig) == 0;
	free(c);
	return yes;
}

/* Dispatches one complete record. HTML originals wait as pending: when the
 * next records are quire's XHTML conversion of them, the conversion stands
 * in (it carries the normalized metadata); otherwise the original is read.
 * QUIRE_EOF: no article from this record. */
static quire_result S_record(reader *r, quire_buf *hdr, quire_buf *block, quire_article **out, quire_err *err)
{
	char *type = warc_header_get(hdr->data, hdr->len, "WARC-Type");
	char *ctype = warc_header_get(hdr->data, hdr->len, "Content-Type");
	char *id = warc_header_get(hdr->data, hdr->len, "WARC-Record-ID");
	char *url = S_unbracket(warc_header_get(hdr->data, hdr->len, "WARC-Target-URI"));
	char mt[128], cs[64];
	http_media_type(ctype, mt, sizeof mt);
	bool has_cs = http_charset(ctype, cs, sizeof cs);
	quire_result rc = QUIRE_EOF;
	const unsigned char *b = (const unsigned char *)(block->data ? block->data : "");
	if (!type) {
		r->skipped[SK_OTHER]++;
	} else if (strcasecmp(type, "response") == 0) {
		if (S_response_is_page(block))
			S_pending_set(r, id, hdr, block, true);
		else
			rc = S_response(r, hdr, block, id ? id : "", url, out, err); /* counts why not */
	} else if (strcasecmp(type, "resource") == 0 && S_is_rendering(r, hdr)) {
		r->skipped[SK_PAGE]++; /* quire's page of the article just read: not a second article */
	} else if (strcasecmp(type, "resource") == 0) {
		bool html = S_is_html(mt) || (!mt[0] && S_sniff_html(b, block->len));
		if (!html) r->skipped[SK_NOT_HTML]++;
		S_pending_set(r, id, hdr, block, html);
	} else if (strcasecmp(type, "conversion") == 0) {
		char *ref = warc_header_get(hdr->data, hdr->len, "WARC-Refers-To");
		if (S_is_html(mt) && ref && r->orig.present && strcmp(ref, r->orig.id) == 0) {
			char *rt = warc_header_get(r->orig.hdr.data, r->orig.hdr.len, "Content-Type");
			quire_article *own = warc_read_own_xhtml(r->ctx, b, block->len);
			if (own) {
				char *bare = S_unbracket(strdup(r->orig.id));
				quire_article_set_raw_record(own, r->orig.hdr.data, r->orig.hdr.len,
				                             r->orig.block.data ? r->orig.block.data : "",
				                             r->orig.block.len);
				quire_article_set(own, QUIRE_RECORD_ID, bare);
				quire_article_set_raw(own, r->orig.block.data ? r->orig.block.data : "",
				                      r->orig.block.len,
				                      rt ? rt : "application/octet-stream");
				if (!quire_article_get(own, QUIRE_URL) && url)
					quire_article_set(own, QUIRE_URL, url);
				if (r->records) /* its metadata and conversions go out as they are */
					quire_article_set_prepared(own, &warc_converted_key,
					                           (void *)&warc_converted_key, NULL);
				free(r->last_orig);
				r->last_orig = strdup(r->orig.id);
				free(bare);
				*out = own;
				r->articles++;
				rc = QUIRE_OK;
			} else {
				rc = S_page(r, b, block->len, url, has_cs ? cs : "utf-8", &r->orig.hdr,
				            &r->orig.block, r->orig.id,
				            r->orig.block.data ? r->orig.block.data : "", r->orig.block.len,
				            rt ? rt : "application/octet-stream", out, err);
			}
			free(rt);
			r->orig.present = false;
		} else {
			r->skipped[SK_CONVERSION]++;
		}
		free(ref);
	} else {
		int k = strcasecmp(type, "warcinfo") == 0   ? SK_INFO
		        : strcasecmp(type, "request") == 0  ? SK_REQUEST
		        : strcasecmp(type, "metadata") == 0 ? SK_METADATA
		        : strcasecmp(type, "revisit") == 0  ? SK_REVISIT
		                                            : SK_OTHER;
		r->skipped[k]++;
	}
	free(type);
	free(ctype);
	free(id);
	free(url);
	return rc;
}

/* True when the record is a metadata or conversion record of the pending original. */
static bool S_refers_to_pending(const reader *r, const quire_buf *hdr)
{
	if (!r->orig.present) return false;
	char *type = warc_header_get(hdr->data, hdr->len, "WARC-Type");
	char *ref = warc_header_get(hdr->data, hdr->len, "WARC-Refers-To");
	bool yes = type && ref &&
	           (strcasecmp(type, "metadata") == 0 || strcasecmp(type, "conversion") == 0) &&
	           strcmp(ref, r->orig.id) == 0;
	free(type);
	free(ref);
	return yes;
}

static void S_summary(reader *r)
{
	size_t total = 0;
	quire_buf b = QUIRE_BUF_INIT;
	for (int k = 0; k < 9; k++) {
		if (!r->skipped[k]) continue;
		quire_buf_printf(&b, "%s%zu %s", total ? ", " : "", r->skipped[k], S_skip_names[k]);
		total += r->skipped[k];
	}
	if (total)
		quire_ctx_message(r->ctx, QUIRE_LEVEL_INFO, r->path,
		                  "%zu articles; %s %zu other records (%s)", r->articles,
		                  r->records ? "kept as they are" : "skipped", total, b.data);
	quire_buf_free(&b);
}

/* Reads the next record's header block (version line and fields, CRLF kept,
 * no blank line) into hdr. QUIRE_EOF at a clean end. */
static quire_result S_header(reader *r, quire_buf *hdr, uint64_t *off, quire_err *err)
{
	wstream *s = &r->st;
	for (;;) {
		quire_buf_reset(hdr);
		*off = s->pos;
		if (!S_getline(s, hdr, 4096)) {
			if (s->problem)
				return quire_err_set(err, QUIRE_FATAL, "at offset %llu: %s",
				                     (unsigned long long)*off, s->problem);
			if (!hdr->len) return QUIRE_EOF;
			return quire_err_set(err, QUIRE_FATAL, "at offset %llu: not a WARC record",
			                     (unsigned long long)*off);
		}
		if (!(hdr->data[0] == '\r' || hdr->data[0] == '\n') || hdr->len > 2) break;
	}
	if (s->problem) /* the data ended (or broke) inside the version line */
		return quire_err_set(err, QUIRE_FATAL, "at offset %llu: %s", (unsigned long long)*off,
		                     s->problem);
	if (strncmp(hdr->data, "WARC/", 5) != 0)
		return quire_err_set(err, QUIRE_FATAL,
		                     "at offset %llu: not a WARC record (no WARC/ version line)",
		                     (unsigned long long)*off);
	for (;;) {
		size_t ls = hdr->len;
		if (!S_getline(s, hdr, MAX_HEADER) || hdr->len > MAX_HEADER)
			return quire_err_set(err, QUIRE_FATAL, "at offset %llu: %s", (unsigned long long)*off,
			                     s->problem ? s->problem
			                                : "the record header is truncated or too long");
		if (hdr->data[ls] == '\n' || (hdr->data[ls] == '\r' && hdr->len - ls == 2)) {
			hdr->len = ls;
			hdr->data[ls] = '\0';
			return QUIRE_OK;
		}
	}
}

static bool S_wanted(const char *type, const char *ctype)
{
	if (!type) return false;
	char mt[128];
	http_media_type(ctype, mt, sizeof mt);
	if (strcasecmp(type, "response") == 0) return !ctype || strcmp(mt, "application/http") == 0;
	if (strcasecmp(type, "resource") == 0) return true;
	if (strcasecmp(type, "conversion") == 0) return S_is_html(mt);
	return false;
}

/* Reads the next record: its header, and its block when wanted (else
 * skipped without keeping it). QUIRE_EOF at the end of the file. */
static quire_result S_read_record(reader *r, quire_buf *hdr, quire_buf *block, bool *want, quire_err *err)
{
	uint64_t off = 0;
	quire_result rc = S_header(r, hdr, &off, err);
	if (rc != QUIRE_OK) return rc;
	char *cl = warc_header_get(hdr->data, hdr->len, "Content-Length");
	char *end = NULL;
	unsigned long long clen = cl ? strtoull(cl, &end, 10) : 0;
	bool bad = !cl || end == cl || *end;
	free(cl);
	if (bad)
		return quire_err_set(err, QUIRE_FATAL,
		                     "at offset %llu: the record has no valid Content-Length",
		                     (unsigned long long)off);
	char *type = warc_header_get(hdr->data, hdr->len, "WARC-Type");
	char *ctype = warc_header_get(hdr->data, hdr->len, "Content-Type");
	*want = r->records || S_wanted(type, ctype);
	free(type);
	free(ctype);
	bool too_big = *want && clen > ctx_max_input(r->ctx);
	if (too_big) *want = false;
	quire_buf_reset(block);
	if (!S_read(&r->st, *want ? block : NULL, clen))
		return quire_err_set(err, QUIRE_FATAL, "at offset %llu: %s", (unsigned long long)off,
		                     r->st.problem ? r->st.problem : "the record block is truncated");
	/* the CRLF CRLF after the block (tolerating missing or bare LFs) */
	for (int k = 0; k < 4; k++) {
		int c = S_peek(&r->st);
		if (c != '\r' && c != '\n') break;
		S_getc(&r->st);
	}
	if (too_big) /* an article lost: an error for this record; the file goes on */
		return quire_err_set(
		    err, QUIRE_FAILED,
		    "record at offset %llu: %llu bytes, over the input limit (--max-input-size); skipped",
		    (unsigned long long)off, clen);
	return QUIRE_OK;
}

/* ---- records mode: every record out, in order ------------------------------------ */

#define MAX_FOLLOWERS 64
#define MAX_FOLLOWER_BYTES ((size_t)64 << 20)

static quire_article *S_record_only(const quire_buf *hdr, const quire_buf *block)
{
	quire_article *a = quire_article_new();
	quire_article_set_raw_record(a, hdr->data ? hdr->data : "", hdr->len, block->data ? block->data : "",
	                             block->len);
	quire_article_set_record_only(a, 1);
	return a;
}

static void S_push_out(reader *r, quire_article *a)
{
	if (r->outhead == r->nout) r->outhead = r->nout = 0;
	if (r->nout == r->capout) {
		r->capout = r->capout ? 2 * r->capout : 8;
		r->out = realloc(r->out, r->capout * sizeof *r->out);
		if (!r->out) abort();
	}
	r->out[r->nout++] = a;
}

static void S_push_fol(reader *r, quire_article *a, size_t bytes)
{
	if (r->nfol == r->capfol) {
		r->capfol = r->capfol ? 2 * r->capfol : 8;
		r->fol = realloc(r->fol, r->capfol * sizeof *r->fol);
		if (!r->fol) abort();
	}
	r->fol[r->nfol++] = a;
	r->fol_bytes += bytes;
}

/* The followers go out after the pending original's article. */
static void S_flush_fol(reader *r)
{
	for (size_t i = 0; i < r->nfol; i++)
		S_push_out(r, r->fol[i]);
	r->nfol = 0;
	r->fol_bytes = 0;
}

/* Resolves the pending original with no conversion standing in: an HTML page
 * becomes its article (or, when it cannot be read, goes out as a record),
 * anything else goes out as a record; then its followers. Returns the
 * page's failure, if any (the record still goes out). */
static quire_result S_settle_pending(reader *r, quire_err *err)
{
	quire_result rc = QUIRE_EOF;
	if (!r->orig.present) return rc;
	quire_article *a = NULL;
	if (r->orig.html) rc = S_emit_pending(r, &a, err);
	r->orig.present = false;
	if (a)
		S_push_out(r, a);
	else
		S_push_out(r, S_record_only(&r->orig.hdr, &r->orig.block));
	S_flush_fol(r);
	return rc == QUIRE_OK ? QUIRE_EOF : rc;
}

/* Reads records until something can go out. */
static quire_result S_fill_records(reader *r, quire_err *err)
{
	for (;;) {
		if (r->outhead < r->nout) return QUIRE_OK;
		if (r->done) return QUIRE_EOF;
		bool want = true;
		quire_result rc = S_read_record(r, &r->hdr, &r->block, &want, err);
		if (rc == QUIRE_EOF || rc == QUIRE_FATAL) {
			if (rc == QUIRE_FATAL) /* said once the records before the damage are out */
				r->deferred = *err;
			quire_err_clear(err);
			quire_result pr = S_settle_pending(r, err);
			r->done = true;
			S_summary(r);
			return pr == QUIRE_FAILED ? pr : QUIRE_OK;
		}
		if (rc == QUIRE_FAILED) /* over the size limit: lost, said */
			return rc;
		if (r->orig.present && S_refers_to_pending(r, &r->hdr) && r->nfol < MAX_FOLLOWERS &&
		    r->fol_bytes + r->block.len < MAX_FOLLOWER_BYTES) {
			quire_article *a = NULL;
			rc = S_record(r, &r->hdr, &r->block, &a, err);
			if (a) { /* a conversion stood in: the article, its followers, then this record */
				S_push_out(r, a);
				S_flush_fol(r);
				S_push_out(r, S_record_only(&r->hdr, &r->block));
				return QUIRE_OK;
			}
			S_push_fol(r, S_record_only(&r->hdr, &r->block), r->block.len);
			if (rc == QUIRE_FAILED) return rc;
			continue;
		}
		rc = S_settle_pending(r, err);
		quire_article *a = NULL;
		quire_err e2;
		quire_err_clear(&e2);
		quire_result rr = S_record(r, &r->hdr, &r->block, &a, &e2);
		if (a)
			S_push_out(r, a);
		else if (r->hdr.data && r->hdr.len) /* not taken as pending: it goes out as it is */
			S_push_out(r, S_record_only(&r->hdr, &r->block));
		if (rc == QUIRE_FAILED) return rc;
		if (rr == QUIRE_FAILED) {
			*err = e2;
			return rr;
		}
	}
}

static quire_result S_next_records(reader *r, quire_article **out, quire_err *err)
{
	if (r->outhead == r->nout) {
		quire_result rc = S_fill_records(r, err);
		if (rc == QUIRE_FAILED) /* said now; what is ready goes out on the next calls */
			return rc;
	}
	if (r->outhead < r->nout) {
		*out = r->out[r->outhead++];
		return QUIRE_OK;
	}
	if (r->deferred.code == QUIRE_FATAL) {
		*err = r->deferred;
		quire_err_clear(&r->deferred);
		return QUIRE_FATAL;
	}
	return QUIRE_EOF;
}

static quire_result S_next(void *state, quire_article **out, quire_err *err)
{
	reader *r = state;
	*out = NULL;
	if (r->records) return S_next_records(r, out, err);
	quire_result rc = QUIRE_EOF;
	while (!r->done) {
		bool want = r->held_want;
		if (r->held)
			r->held = false;
		else if (r->deferred.code == QUIRE_FATAL) {
			*err = r->deferred;
			rc = QUIRE_FATAL;
			break;
		} else if ((rc = S_read_record(r, &r->hdr, &r->block, &want, err)) != QUIRE_OK) {
			if (rc == QUIRE_FATAL && r->orig.present && r->orig.html) {
				/* the page read before the damage is still an article */
				r->deferred = *err;
				quire_err_clear(err);
				rc = S_emit_pending(r, out, err);
				if (rc != QUIRE_EOF) return rc;
				*err = r->deferred;
				rc = QUIRE_FATAL;
			}
			break;
		}
		if (r->orig.present && r->orig.html && !S_refers_to_pending(r, &r->hdr)) {
			/* no conversion stands in: the original itself; this record waits */
			r->held = true;
			r->held_want = want;
			rc = S_emit_pending(r, out, err);
			if (rc != QUIRE_EOF) return rc;
			continue;
		}
		if (!want) {
			char *t = warc_header_get(r->hdr.data, r->hdr.len, "WARC-Type");
			char *ct = warc_header_get(r->hdr.data, r->hdr.len, "Content-Type");
			bool content =
			    t && (strcasecmp(t, "response") == 0 || strcasecmp(t, "resource") == 0 ||
			          strcasecmp(t, "conversion") == 0);
			if (content) /* not HTTP, not HTML, or over the size limit */
				r->skipped[strcasecmp(t, "conversion") == 0 ? SK_CONVERSION : SK_OTHER]++;
			else
				S_record(r, &r->hdr, &r->block, out, err); /* counts it */
			free(t);
			free(ct);
			rc = QUIRE_EOF;
		} else {
			rc = S_record(r, &r->hdr, &r->block, out, err);
		}
		if (rc != QUIRE_EOF) return rc;
	}
	if (rc == QUIRE_EOF && r->orig.present && r->orig.html) {
		rc = S_emit_pending(r, out, err);
		if (rc != QUIRE_EOF) return rc;
	}
	if (!r->done && (rc == QUIRE_EOF || rc == QUIRE_FATAL)) {
		r->done = true;
		S_summary(r);
	}
	return rc;
}

/* The payload of an image response or resource record, into out; false
 * when the record is not one (or is over MAX_IMAGE). */
static bool S_image_payload(reader *r, const quire_buf *hdr, const quire_buf *block, quire_buf *out)
{
	char *type = warc_header_get(hdr->data, hdr->len, "WARC-Type");
	char *ctype = warc_header_get(hdr->data, hdr->len, "Content-Type");
	const unsigned char *b = (const unsigned char *)(block->data ? block->data : "");
	bool ok = false;
	char mt[128];
	if (type && strcasecmp(type, "resource") == 0) {
		http_media_type(ctype, mt, sizeof mt);
		ok = strncmp(mt, "image/", 6) == 0 && block->len <= MAX_IMAGE;
		if (ok) quire_buf_append(out, b, block->len);
	} else if (type && strcasecmp(type, "response") == 0) {
		http_head hh;
		if (http_parse_head(b, block->len, &hh)) {
			http_media_type(hh.content_type, mt, sizeof mt);
			const unsigned char *body = b + hh.body_offset;
			size_t blen = block->len - hh.body_offset;
			if (hh.status == 200 &&
			    (strncmp(mt, "image/", 6) == 0 || resource_sniff(body, blen))) {
				quire_buf tmp = QUIRE_BUF_INIT;
				if (hh.transfer_encoding && strcasestr(hh.transfer_encoding, "chunked") &&
				    S_dechunk(body, blen, &tmp)) {
					body = (const unsigned char *)(tmp.data ? tmp.data : "");
					blen = tmp.len;
				}
				if (hh.content_encoding && strcasecmp(hh.content_encoding, "identity") != 0)
					ok = gzip_inflate(body, blen, MAX_IMAGE, GZIP_KEEP_TRUNCATED, out) ==
					     GZIP_OK;
				else if ((ok = blen <= MAX_IMAGE))
					quire_buf_append(out, body, blen);
				quire_buf_free(&tmp);
			}
			http_head_free(&hh);
		}
	}
	(void)r;
	free(type);
	free(ctype);
	return ok;
}

/* A redirect response's Location, or NULL. */
static char *S_redirect(const quire_buf *hdr, const quire_buf *block)
{
	char *type = warc_header_get(hdr->data, hdr->len, "WARC-Type");
	char *loc = NULL;
	http_head hh;
	const unsigned char *b = (const unsigned char *)(block->data ? block->data : "");
	if (type && strcasecmp(type, "response") == 0 && http_parse_head(b, block->len, &hh)) {
		if (hh.status >= 300 && hh.status < 400) {
			/* the HTTP head's fields, after its status line */
			const char *h = memchr(b, '\n', hh.body_offset);
			if (h)
				loc = warc_header_get(
				    h + 1, hh.body_offset - (size_t)(h + 1 - (const char *)b), "Location");
		}
		http_head_free(&hh);
	}
	free(type);
	return loc;
}

/* Reads the whole file once, before the first article, for its images. */
static void S_scan_images(reader *r, const char *path)
{
	reader sc;
	memset(&sc, 0, sizeof sc);
	sc.ctx = r->ctx;
	sc.st.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (sc.st.fd < 0) return;
	sc.st.gz = r->st.gz;
	if (sc.st.gz && inflateInit2(&sc.st.z, 15 + 32) != Z_OK) {
		close(sc.st.fd);
		return;
	}
	sc.st.zinit = sc.st.gz;
	r->images = warc_url_index_new();
	quire_buf hdr = QUIRE_BUF_INIT, block = QUIRE_BUF_INIT, payload = QUIRE_BUF_INIT;
	quire_err err;
	for (;;) {
		bool want = false;
		quire_err_clear(&err);
		quire_result rc = S_read_record(&sc, &hdr, &block, &want, &err);
		if (rc == QUIRE_EOF || rc == QUIRE_FATAL) break; /* the reading proper reports the damage */
		if (rc != QUIRE_OK || !want) continue;
		char *url = S_unbracket(warc_header_get(hdr.data, hdr.len, "WARC-Target-URI"));
		char *loc = url ? S_redirect(&hdr, &block) : NULL;
		quire_buf_reset(&payload);
		if (loc)
			warc_url_index_redirect(r->images, url, loc);
		else if (url && S_image_payload(r, &hdr, &block, &payload) &&
		         !warc_url_index_add(r->images, url, payload.data ? payload.data : "", payload.len))
			quire_ctx_message(r->ctx, QUIRE_LEVEL_WARNING, r->path,
			                  "cannot keep the WARC's images in a temporary file: %s",
			                  strerror(errno));
		free(loc);
		free(url);
	}
	quire_buf_free(&hdr);
	quire_buf_free(&block);
	quire_buf_free(&payload);
	if (sc.st.zinit) inflateEnd(&sc.st.z);
	close(sc.st.fd);
}

static quire_result S_open(quire_ctx *ctx, const quire_source *src, void **state, quire_err *err)
{
	*state = NULL;
	int fd = open(src->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) return quire_err_set(err, QUIRE_FAILED, "%s", strerror(errno));
	reader *r = calloc(1, sizeof *r);
	if (!r) abort();
	r->ctx = ctx;
	r->path = strdup(src->path);
	r->st.fd = fd;
	r->records = quire_ctx_wants_records(ctx);
	quire_err_clear(&r->deferred);
	unsigned char magic[2];
	ssize_t n = pread(fd, magic, 2, 0);
	if (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
		r->st.gz = true;
		if (inflateInit2(&r->st.z, 15 + 32) != Z_OK) {
			close(fd);
			free(r->path);
			free(r);
			return quire_err_set(err, QUIRE_FAILED, "zlib: cannot start inflating");
		}
		r->st.zinit = true;
	}
	if (quire_ctx_wants_resources(ctx)) S_scan_images(r, src->path);
	*state = r;
	return QUIRE_OK;
}

static void S_close(void *state)
{
	reader *r = state;
	if (!r) return;
	if (r->st.zinit) inflateEnd(&r->st.z);
	close(r->st.fd);
	free(r->orig.id);
	quire_buf_free(&r->orig.hdr);
	quire_buf_free(&r->orig.block);
	for (size_t i = r->outhead; i < r->nout; i++)
		quire_article_free(r->out[i]);
	free(r->out);
	for (size_t i = 0; i < r->nfol; i++)
		quire_article_free(r->fol[i]);
	free(r->fol);
	free(r->last_orig);
	warc_url_index_free(r->images);
	quire_buf_free(&r->hdr);
	quire_buf_free(&r->block);
	free(r->path);
	free(r);
}

/* "WARC/1." at the start, or a gzip stream whose first bytes inflate to it. */
static int S_probe(const quire_probe *p)
{
	if (p->head_len >= 7 && memcmp(p->head, "WARC/1.", 7) == 0) return 100;
	if (p->head_len < 2 || p->head[0] != 0x1f || p->head[1] != 0x8b) return 0;
	unsigned char out[16];
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 32) != Z_OK) return 0;
	z.next_in = (Bytef *)(uintptr_t)p->head;
	z.avail_in = (uInt)p->head_len;
	z.next_out = out;
	z.avail_out = sizeof out;
	inflate(&z, Z_SYNC_FLUSH);
	size_t got = sizeof out - z.avail_out;
	inflateEnd(&z);
	if (got >= 7 && memcmp(out, "WARC/1.", 7) == 0) return 100;
	size_t n = strlen(p->path);
	return n > 8 && strcasecmp(p->path + n - 8, ".warc.gz") == 0 ? 50 : 0;
}

const quire_reader_ops quire_read_warc = {
    .name = "warc",
    .description = "WARC 1.0/1.1 (.warc, .warc.gz): HTML responses and resources become articles",
    .extensions = ".warc .warc.gz",
    .probe = S_probe,
    .open = S_open,
    .next = S_next,
    .close = S_close,
};
