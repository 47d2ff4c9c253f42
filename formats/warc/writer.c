/* writer.c - the WARC file set behind the warc and wacz writers: per article
 * the original (a resource record with the bytes as read, or the original
 * WARC record kept as it was), a metadata record (the article's JSON) and two
 * conversion records (text, XHTML); a warcinfo record first in every file;
 * rotation at --max-size; one CDXJ line per original, sorted by bytes.
 * Record dates: the article's published instant in UTC (capture time of the
 * original record for WARC inputs), else SOURCE_DATE_EPOCH, else the input
 * file's mtime. It does not zip (write_wacz.c). */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include "../jsonl/jsonl.h"
#include "../txt/txt.h"
#include "warc.h"

#define CONFORMS_TO "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"

typedef struct wfile {
	quire_out *out;
	char *path;
	char *name;
	char info_id[48];
	bool info_written;
	size_t articles;
	line_sorter *lines; /* its CDXJ lines (not in keep mode) */
} wfile;

/* What the writer tells the workers: the file the next articles will go to,
 * so that they build and compress the records there (the writer's thread
 * would otherwise spend half the CPU of a run in zlib). Under its lock; a
 * guess, checked by the writer. */
typedef struct warc_pub {
	pthread_mutex_t lock;
	bool set;
	char info_id[48];
	bool gz;
	int level;
} warc_pub;

struct warc_set {
	quire_ctx *ctx;
	const quire_options *o;
	char *stem, *ext;           /* path = stem + ext */
	char *name_stem, *name_ext; /* logical names likewise */
	bool gz, keep;
	int level;
	z_stream z;
	bool zinit;
	char *purpose;
	uint64_t max;
	unsigned serial;
	bool have_file;
	wfile cur;
	warc_part *parts;
	size_t nparts, capparts;
	line_sorter *all_lines; /* keep mode: the CDXJ lines of every file */
	quire_buf line;         /* one CDXJ line */
	quire_buf rec, grp, tmp;
	bool warned_uri;
	char *last_uri;
	char last_date[24];
	strmap *written; /* "URI digest" of the site files archived so far (images) */
	warc_pub *pub;   /* read by warc_prepare on the workers; NULL in scratch sets */
};

static void S_split_ext(const char *p, char **stem, char **ext)
{
	size_t n = strlen(p);
	const char *e = p + n;
	if (n > 8 && strcasecmp(p + n - 8, ".warc.gz") == 0)
		e = p + n - 8;
	else if (n > 5 && strcasecmp(p + n - 5, ".warc") == 0)
		e = p + n - 5;
	*stem = strndup(p, (size_t)(e - p));
	*ext = strdup(e);
}

static char *S_numbered(const char *stem, const char *ext, unsigned serial)
{
	size_t n = strlen(stem) + strlen(ext) + 16;
	char *p = malloc(n);
	if (!p) abort();
	if (serial)
		snprintf(p, n, "%s-%05u%s", stem, serial, ext);
	else
		snprintf(p, n, "%s%s", stem, ext);
	return p;
}

static void S_describe_options(const warc_set *s, quire_buf *b)
{
	const quire_options *o = s->o;
	quire_buf_printf(
	    b,
	    "%s by quire %s. Per article read from a file: the source bytes as read (a resource "
	    "record at the source's path relative to its input root, under the site's URL), a "
	    "metadata record (application/json, the normalized article), two conversion records "
	    "(text/plain and application/xhtml+xml) that refer to the source, the page readers see "
	    "(a text/html resource at the article's URL, WARC-Concurrent-To the source) and the "
	    "images it embeds (resources at their URLs). WARC inputs: every record copied unchanged, "
	    "in order, with a metadata and two conversion records after each article's original. "
	    "WARC-Date: the article's published time in UTC (the capture time for copied records), "
	    "else SOURCE_DATE_EPOCH, else the input file's modification time. Record ids are "
	    "derived from content.",
	    s->purpose, QUIRE_VERSION);
	struct {
		const char *name, *value;
	} opts[] = {{"--title", o->title},       {"--author", o->author},     {"--lang", o->lang},
	            {"--timezone", o->timezone}, {"--base-url", o->base_url}, {"--charset", o->charset},
	            {"--from", o->from}};
	bool any = false;
	for (size_t i = 0; i < sizeof opts / sizeof *opts; i++) {
		if (!opts[i].value) continue;
		quire_buf_printf(b, "%s %s %s", any ? "," : " Options:", opts[i].name, opts[i].value);
		any = true;
	}
	if (o->no_extract) quire_buf_printf(b, "%s --no-extract", any ? "," : " Options:");
	quire_buf_printf(b, " Files rotate at %llu bytes.", (unsigned long long)s->max);
}

/* Builds the warcinfo record of the current file into s->rec. */
static void S_warcinfo(warc_set *s, int64_t when)
{
	quire_buf blk = QUIRE_BUF_INIT;
	quire_buf_printf(&blk, "software: quire/%s\r\n", QUIRE_VERSION);
	quire_buf_puts(&blk, "format: WARC File Format 1.1\r\n");
	quire_buf_puts(&blk, "conformsTo: " CONFORMS_TO "\r\n");
	quire_buf_puts(&blk, "isPartOf: ");
	quire_buf_puts(&blk, s->o->title ? s->o->title : s->name_stem);
	quire_buf_puts(&blk, "\r\ndescription: ");
	S_describe_options(s, &blk);
	quire_buf_puts(&blk, "\r\n");
	for (size_t i = 0; i < blk.len; i++) /* one line per field */
		if ((blk.data[i] == '\n' && (i == 0 || blk.data[i - 1] != '\r'))) blk.data[i] = ' ';
	char date[24];
	warc_date(when, date);
	quire_buf key = QUIRE_BUF_INIT;
	quire_buf_printf(&key, "warcinfo\n%s\n%s\n", s->cur.name, date);
	quire_buf_append(&key, blk.data, blk.len);
	warc_make_id(key.data, key.len, s->cur.info_id);
	quire_buf_free(&key);
	warc_rec r = {.type = "warcinfo",
	              .id = s->cur.info_id,
	              .date = date,
	              .filename = s->cur.name,
	              .content_type = "application/warc-fields",
	              .block = blk.data,
	              .block_len = blk.len};
	quire_buf_reset(&s->rec);
	warc_rec_serialize(&r, &s->rec);
	quire_buf_free(&blk);
}

static quire_result S_start_file(warc_set *s, quire_err *err)
{
	memset(&s->cur, 0, sizeof s->cur);
	s->cur.path = S_numbered(s->stem, s->ext, s->serial);
	s->cur.name = S_numbered(s->name_stem, s->name_ext, s->serial);
	s->serial++;
	s->cur.out = quire_out_open(s->ctx, s->cur.path, err);
	if (!s->cur.out) {
		free(s->cur.path);
		free(s->cur.name);
		return QUIRE_FATAL;
	}
	if (!s->keep) s->cur.lines = ls_new(s->ctx, s->cur.path);
	s->have_file = true;
	return QUIRE_OK;
}

/* Appends s->rec (compressed when gz) to s->grp; returns its length there. */
static size_t S_emit(warc_set *s)
{
	size_t before = s->grp.len;
	if (s->gz) {
		if (!s->zinit && !(s->zinit = warc_gzip_init(&s->z, s->level))) abort(); /* out of memory */
		if (!warc_gzip_member(&s->z, s->rec.data, s->rec.len, &s->grp))
			abort(); /* zlib only fails on bad parameters or memory */
	} else {
		quire_buf_append(&s->grp, s->rec.data, s->rec.len);
	}
	return s->grp.len - before;
}

static void S_json_kv(quire_buf *b, const char *k, const char *v, bool first)
{
	if (!first) quire_buf_puts(b, ", ");
	quire_buf_json_string(b, k);
	quire_buf_puts(b, ": ");
	quire_buf_json_string(b, v);
}

/* One CDXJ line, added to the file's index (or the set's, in keep mode). */
static quire_result S_cdxj_line(warc_set *s, const char *url, const char *date, const char *mime, int status,
                                const char *digest, size_t length, uint64_t offset, quire_err *err)
{
	quire_buf *b = &s->line;
	quire_buf_reset(b);
	char *bare = NULL; /* the index names resources, never a #fragment of one */
	if (strchr(url, '#') && !(bare = strndup(url, strcspn(url, "#")))) abort();
	if (bare) url = bare;
	warc_surt(url, b);
	char ts[16];
	int k = 0;
	for (const char *p = date; *p && k < 14; p++)
		if (*p >= '0' && *p <= '9') ts[k++] = *p;
	while (k < 14)
		ts[k++] = '0';
	ts[14] = '\0';
	quire_buf_printf(b, " %s {", ts);
	char num[32];
	S_json_kv(b, "url", url, true);
	S_json_kv(b, "mime", mime, false);
	snprintf(num, sizeof num, "%d", status);
	S_json_kv(b, "status", num, false);
	S_json_kv(b, "digest", digest, false);
	snprintf(num, sizeof num, "%zu", length);
	S_json_kv(b, "length", num, false);
	snprintf(num, sizeof num, "%llu", (unsigned long long)offset);
	S_json_kv(b, "offset", num, false);
	S_json_kv(b, "filename", s->cur.name, false);
	quire_buf_puts(b, "}\n");
	free(bare);
	return ls_add(s->keep ? s->all_lines : s->cur.lines, b->data, b->len, err);
}

/* ---- the article's identity: URI, date, source ----------------------------- */

static bool S_has_scheme(const char *u)
{
	const char *c = strstr(u, "://");
	return c && c > u && strcspn(u, ":/?#") == (size_t)(c - u);
}

/* The input's path relative to its input root (the file name when it lies
 * outside), without leading slashes: what names the source in every output. */
static const char *S_rel_path(const quire_article *a)
{
	const char *path = quire_article_get(a, QUIRE_INPUT_PATH);
	const char *root = quire_article_get(a, QUIRE_INPUT_ROOT);
	const char *rel = path ? path : "article";
	size_t rl = root ? strlen(root) : 0;
	if (root && path && strncmp(path, root, rl) == 0 && (path[rl] == '/' || rl == 0))
		rel = path + rl;
	else if (path && strrchr(path, '/'))
		rel = strrchr(path, '/') + 1;
	while (rel[0] == '.' && rel[1] == '/')
		rel += 2;
	while (*rel == '/')
		rel++;
	return rel;
}

static bool S_article_uri(quire_ctx *ctx, const quire_article *a, quire_buf *out)
{
	const quire_options *o = quire_ctx_options(ctx);
	const char *url = quire_article_get(a, QUIRE_URL);
	const char *base = o->base_url;
	if (url && S_has_scheme(url)) {
		warc_uri_escape(url, out);
		return true;
	}
	if (base) {
		char *joined = NULL;
		if (url) {
			joined = url_resolve(base, url);
		} else {
			const char *rel = S_rel_path(a);
			size_t bl = strlen(base);
			joined = malloc(bl + strlen(rel) + 2);
			if (!joined) abort();
			/* exactly one slash between the prefix and the path */
			sprintf(joined, "%.*s/%s", (int)(bl && base[bl - 1] == '/' ? bl - 1 : bl), base, rel);
		}
		warc_uri_escape(joined, out);
		free(joined);
		return true;
	}
	quire_buf_puts(out, "file:///"); /* never the converting machine's own paths */
	warc_uri_escape(S_rel_path(a), out);
	return false;
}

bool warc_article_uri(quire_ctx *ctx, const quire_article *a, quire_buf *out)
{
	size_t start = out->len;
	bool r = S_article_uri(ctx, a, out);
	char *hash = out->data ? strchr(out->data + start, '#') : NULL;
	if (hash) { /* a record's URI names a resource, not a place in it */
		out->len = (size_t)(hash - out->data);
		*hash = '\0';
	}
	return r;
}

int64_t warc_article_instant(quire_ctx *ctx, const quire_article *a)
{
	const quire_time *t = quire_article_time(a, QUIRE_PUBLISHED);
	if (t && t->precision != QUIRE_PREC_NONE) return t->utc;
	if (quire_ctx_epoch(ctx)) return quire_ctx_epoch(ctx);
	struct stat st;
	const char *path = quire_article_get(a, QUIRE_INPUT_PATH);
	if (path && stat(path, &st) == 0) return (int64_t)st.st_mtime;
	return 0;
}

/* The URI of the source record: the input's path relative to its root,
 * under --base-url, else under the root of the page's site (scheme and
 * host), else file:///REL. Never the same as the page's URI. */
static void S_source_uri(const quire_options *o, const char *page, const quire_article *a, quire_buf *out)
{
	const char *rel = S_rel_path(a);
	size_t start = out->len;
	if (o->base_url) {
		size_t bl = strlen(o->base_url);
		while (bl && o->base_url[bl - 1] == '/')
			bl--;
		quire_buf_append(out, o->base_url, bl);
		quire_buf_putc(out, '/');
	} else if (page && S_has_scheme(page) && strncmp(page, "file:", 5) != 0) {
		const char *host = strstr(page, "://") + 3;
		quire_buf_append(out, page, (size_t)(host - page) + strcspn(host, "/?#"));
		quire_buf_putc(out, '/');
	} else {
		quire_buf_puts(out, "file:///");
	}
	warc_uri_escape(rel, out);
	if (page && strcmp(out->data + start, page) == 0) quire_buf_puts(out, "?quire-source");
}

/* ---- per-article records ------------------------------------------------------ */

typedef struct orig_info {
	char id[160];
	char date[24];
	char *uri; /* owned */
	char mime[128];
	int status;
	char digest[160];
	size_t start, len; /* in s->grp */
	bool present;
	bool indexed; /* a record replay tools serve: response, resource, revisit */
	/* the rendered page at the article's URL (articles not from a WARC) */
	bool page;
	char *page_uri; /* owned */
	char page_digest[80];
	size_t page_start, page_len;
} orig_info;

static void S_oi_free(orig_info *oi)
{
	free(oi->uri);
	free(oi->page_uri);
	memset(oi, 0, sizeof *oi);
}

static void S_orig_from_record(warc_set *s, const quire_article *a, orig_info *oi)
{
	size_t hl = 0, bl = 0;
	const unsigned char *blk = NULL;
	const unsigned char *hdr = quire_article_raw_record(a, &hl, &blk, &bl);
	const char *h = (const char *)hdr;
	char *v = warc_header_get(h, hl, "WARC-Record-ID");
	snprintf(oi->id, sizeof oi->id, "%s", v ? v : "");
	free(v);
	v = warc_header_get(h, hl, "WARC-Date");
	int64_t utc = 0;
	if (!v || !warc_parse_date(v, &utc)) utc = warc_article_instant(s->ctx, a);
	warc_date(utc, oi->date);
	free(v);
	v = warc_header_get(h, hl, "WARC-Target-URI");
	if (v && v[0] == '<' && v[strlen(v) - 1] == '>') { /* WARC/1.0 brackets */
		memmove(v, v + 1, strlen(v));
		v[strlen(v) - 1] = '\0';
	}
	oi->uri = v;
	char *type = warc_header_get(h, hl, "WARC-Type");
	char *ct = warc_header_get(h, hl, "Content-Type");
	const unsigned char *payload = blk;
	size_t plen = bl;
	oi->status = 200;
	http_head hh;
	bool revisit = type && strcasecmp(type, "revisit") == 0;
	oi->indexed =
	    type && (strcasecmp(type, "response") == 0 || strcasecmp(type, "resource") == 0 || revisit);
	if (type && (strcasecmp(type, "response") == 0 || revisit) && http_parse_head(blk, bl, &hh)) {
		oi->status = hh.status;
		http_media_type(hh.content_type, oi->mime, sizeof oi->mime);
		payload = blk + hh.body_offset;
		plen = bl - hh.body_offset;
		http_head_free(&hh);
	} else {
		http_media_type(ct, oi->mime, sizeof oi->mime);
	}
	if (revisit) /* as cdxj-indexer: replay tools look the payload up by its digest */
		snprintf(oi->mime, sizeof oi->mime, "warc/revisit");
	if (!oi->mime[0]) snprintf(oi->mime, sizeof oi->mime, "unk");
	v = warc_header_get(h, hl, "WARC-Payload-Digest");
	if (v) {
		snprintf(oi->digest, sizeof oi->digest, "%s", v);
	} else {
		char hex[65];
		digest_sha256_hex(payload, plen, hex);
		snprintf(oi->digest, sizeof oi->digest, "sha256:%s", hex);
	}
	free(v);
	free(type);
	free(ct);
	quire_buf_reset(&s->rec);
	warc_rec_raw(hdr, hl, blk, bl, &s->rec);
	oi->present = true;
}

/* The source record: the input's bytes as read, at the source URI. */
static void S_orig_resource(warc_set *s, const quire_article *a, const char *uri, const char *hex,
                            orig_info *oi)
{
	oi->indexed = true;
	size_t rn = 0;
	const unsigned char *raw = quire_article_raw(a, &rn);
	const char *type = quire_article_get(a, QUIRE_RAW_TYPE);
	if (!type) type = "application/octet-stream";
	warc_date(warc_article_instant(s->ctx, a), oi->date);
	oi->uri = strdup(uri);
	http_media_type(type, oi->mime, sizeof oi->mime);
	oi->status = 200;
	snprintf(oi->digest, sizeof oi->digest, "sha256:%s", hex);
	quire_buf key = QUIRE_BUF_INIT;
	quire_buf_printf(&key, "resource\n%s\n%s\n%s", uri, oi->date, hex);
	char id[48];
	warc_make_id(key.data, key.len, id);
	snprintf(oi->id, sizeof oi->id, "%s", id);
	warc_rec r = {.type = "resource",
	              .id = oi->id,
	              .date = oi->date,
	              .target_uri = uri,
	              .warcinfo_id = s->cur.info_id,
	              .content_type = type,
	              .payload_digest = true,
	              .block_hex = hex,
	              .block = raw ? (const void *)raw : "",
	              .block_len = rn};
	quire_buf_reset(&s->rec);
	warc_rec_serialize(&r, &s->rec);
	quire_buf_free(&key);
	oi->present = true;
}

/* The blocks of an article's derived records with their digests, and the
 * digest of its raw bytes: what does not depend on the output, made on a
 * worker thread by warc_prepare (or here, when the article was not prepared). */
enum { D_JSON, D_TEXT, D_XHTML, D_PAGE, D_COUNT };
typedef struct warc_prep {
	quire_buf blk[D_COUNT];
	char hex[D_COUNT][65];
	bool lazy; /* a big article: each block made when its record is, then freed */
	char raw_hex[65];
	/* the article's whole record group, compressed, made for the file whose
	 * warcinfo id is info_id (see S_prep_group); used when it still is */
	bool grouped;
	char info_id[48];
	bool gz;
	quire_buf grp;
	orig_info oi;
} warc_prep;

static const char S_prep_key = 'w';

static void S_prep_free(void *p)
{
	warc_prep *w = p;
	for (int i = 0; i < D_COUNT; i++)
		quire_buf_free(&w->blk[i]);
	quire_buf_free(&w->grp);
	S_oi_free(&w->oi);
	free(w);
}

/* The current file's warcinfo id is known (on) or the file is done (off). */
static void S_publish(warc_set *s, bool on)
{
	warc_pub *p = s->pub;
	if (!p) return;
	pthread_mutex_lock(&p->lock);
	p->set = on;
	if (on) {
		memcpy(p->info_id, s->cur.info_id, sizeof p->info_id);
		p->gz = s->gz;
		p->level = s->level;
	}
	pthread_mutex_unlock(&p->lock);
}

/* Articles whose source is over this size get their blocks one at a time
 * (a 50 MB post's four blocks are ~270 MB together). */
#define WARC_LAZY_MIN ((size_t)8 << 20)

/* Block i of an article's derived records, and its digest. */
static void S_make_block(const quire_article *a, int i, quire_buf *b, char hex[65])
{
	switch (i) {
	case D_JSON:
		quire_article_to_json(a, b);
		break;
	case D_TEXT:
		text_render_article(a, 0, TEXT_HEADER | TEXT_LINKS | TEXT_KEEP_CHROME, b);
		break;
	case D_XHTML:
		warc_article_xhtml(a, b);
		break;
	default:
		if (!quire_article_raw_record(a, NULL, NULL, NULL)) /* a WARC's own page stays at its URL */
			warc_article_page(a, b);
	}
	digest_sha256_hex(b->data ? b->data : "", b->len, hex);
}

static void S_prep_fill(const quire_article *a, warc_prep *w)
{
	size_t rn = 0;
	const unsigned char *raw = quire_article_raw(a, &rn);
	digest_sha256_hex(raw ? (const void *)raw : "", rn, w->raw_hex);
	w->lazy = rn > WARC_LAZY_MIN;
	for (int i = 0; i < D_COUNT && !w->lazy; i++)
		S_make_block(a, i, &w->blk[i], w->hex[i]);
}

static void S_build_group(warc_set *s, const quire_article *a, const char *uri, orig_info *oi);

/* Builds the article's record group for the file the writer has published,
 * with a scratch warc_set of this thread (its own zlib stream). */
static void S_prep_group(warc_pub *p, quire_ctx *ctx, const quire_article *a, warc_prep *w)
{
	warc_set t;
	memset(&t, 0, sizeof t);
	pthread_mutex_lock(&p->lock);
	bool on = p->set;
	if (on) {
		memcpy(t.cur.info_id, p->info_id, sizeof t.cur.info_id);
		t.gz = p->gz;
		t.level = p->level;
	}
	pthread_mutex_unlock(&p->lock);
	if (!on) return;
	t.ctx = ctx;
	t.o = quire_ctx_options(ctx);
	quire_buf uri = QUIRE_BUF_INIT;
	warc_article_uri(ctx, a, &uri);
	S_build_group(&t, a, uri.data, &w->oi);
	quire_buf_free(&uri);
	w->grp = t.grp;
	w->gz = t.gz;
	memcpy(w->info_id, t.cur.info_id, sizeof w->info_id);
	w->grouped = true;
	quire_buf_free(&t.rec);
	quire_buf_free(&t.tmp);
	quire_buf_free(&t.line);
	if (t.zinit) deflateEnd(&t.z);
}

quire_result warc_prepare(warc_set *s, quire_ctx *ctx, quire_article *a, quire_err *err)
{
	(void)err;
	warc_prep *w = calloc(1, sizeof *w);
	if (!w) abort();
	if (!quire_article_is_record_only(a)) S_prep_fill(a, w);
	quire_article_set_prepared(a, &S_prep_key, w, S_prep_free);
	/* --split writes one file per article (and has no set open): no guess
	 * can be right */
	if (s && s->pub && !quire_ctx_options(ctx)->split) S_prep_group(s->pub, ctx, a, w);
	return QUIRE_OK;
}

/* A derived record (metadata or conversion) of the original. */
static void S_derived(warc_set *s, const orig_info *oi, const char *type, const char *ctype,
                      const quire_buf *blk, const char *hex)
{
	char id[48];
	quire_buf key = QUIRE_BUF_INIT;
	quire_buf_printf(&key, "%s\n%s\n%s\n%s", type, oi->id, ctype, hex);
	warc_make_id(key.data, key.len, id);
	quire_buf_free(&key);
	warc_rec r = {.type = type,
	              .id = id,
	              .date = oi->date,
	              .target_uri = oi->uri,
	              .refers_to = oi->id[0] == '<' ? oi->id : NULL,
	              .warcinfo_id = s->cur.info_id,
	              .content_type = ctype,
	              .payload_digest = strcmp(type, "metadata") != 0,
	              .block_hex = hex,
	              .block = blk->data ? blk->data : "",
	              .block_len = blk->len};
	quire_buf_reset(&s->rec);
	warc_rec_serialize(&r, &s->rec);
}

/* The page record at the article's URL, tied to the source record. */
static void S_page_record(warc_set *s, const quire_buf *blk, const char *hex, orig_info *oi)
{
	char id[48];
	quire_buf key = QUIRE_BUF_INIT;
	quire_buf_printf(&key, "page\n%s\n%s\n%s", oi->page_uri, oi->id, hex);
	warc_make_id(key.data, key.len, id);
	quire_buf_free(&key);
	warc_rec r = {.type = "resource",
	              .id = id,
	              .date = oi->date,
	              .target_uri = oi->page_uri,
	              .concurrent_to = oi->id,
	              .warcinfo_id = s->cur.info_id,
	              .content_type = "text/html; charset=utf-8",
	              .payload_digest = true,
	              .block_hex = hex,
	              .block = blk->data ? blk->data : "",
	              .block_len = blk->len};
	snprintf(oi->page_digest, sizeof oi->page_digest, "sha256:%s", hex);
	quire_buf_reset(&s->rec);
	warc_rec_serialize(&r, &s->rec);
}

/* Appends s->rec to the group; its length there, as CDXJ counts it. */
static size_t S_emit_counted(warc_set *s)
{
	size_t n = S_emit(s);
	return s->gz ? n : n - 4; /* plain files: the CRLF CRLF after a record lies between records (as warcio
	                             counts) */
}

/* Builds the article's records into s->grp (reset first): the original
 * (the WARC record as it was, or the source bytes as a resource at the
 * source URI), its metadata and conversions, then (not from a WARC) the
 * page at the article's URL. */
static void S_build_group(warc_set *s, const quire_article *a, const char *uri, orig_info *oi)
{
	warc_prep local, *w = quire_article_prepared(a, &S_prep_key);
	if (!w) {
		memset(&local, 0, sizeof local);
		if (!quire_article_is_record_only(a)) S_prep_fill(a, &local);
		w = &local;
	}
	quire_buf_reset(&s->grp);
	S_oi_free(oi);
	if (quire_article_is_record_only(a)) { /* an input record, copied as it is */
		S_orig_from_record(s, a, oi);
		oi->len = S_emit_counted(s);
		return;
	}
	bool from_warc = quire_article_raw_record(a, NULL, NULL, NULL) != NULL;
	if (from_warc) {
		S_orig_from_record(s, a, oi);
	} else {
		quire_buf src = QUIRE_BUF_INIT;
		S_source_uri(s->o, uri, a, &src);
		S_orig_resource(s, a, src.data, w->raw_hex, oi);
		quire_buf_free(&src);
		oi->page = true;
		oi->page_uri = strdup(uri);
		if (!oi->page_uri) abort();
	}
	oi->start = 0;
	oi->len = S_emit_counted(s);
	if (from_warc && quire_article_prepared(a, &warc_converted_key))
		return; /* its metadata and conversions follow, copied from the input */
	static const char *const ctype[] = {"application/json", "text/plain; charset=utf-8",
	                                    "application/xhtml+xml"};
	for (int i = 0; i < D_COUNT; i++) {
		if (i == D_PAGE && !oi->page) break;
		quire_buf lazy = QUIRE_BUF_INIT;
		char hex[65];
		const quire_buf *blk = &w->blk[i];
		if (w->lazy) {
			S_make_block(a, i, &lazy, hex);
			blk = &lazy;
		}
		if (i == D_PAGE) {
			S_page_record(s, blk, w->lazy ? hex : w->hex[i], oi);
			oi->page_start = s->grp.len;
			oi->page_len = S_emit_counted(s);
		} else {
			S_derived(s, oi, i == D_JSON ? "metadata" : "conversion", ctype[i], blk,
			          w->lazy ? hex : w->hex[i]);
			S_emit(s);
		}
		quire_buf_free(&lazy);
		if (w->lazy) /* the record's copy of a big block is not kept either */
			quire_buf_free(&s->rec);
	}
	if (w == &local)
		for (int i = 0; i < D_COUNT; i++)
			quire_buf_free(&local.blk[i]);
}

/* The article's records: those a worker made for this very file (same
 * warcinfo id, same compression), written from there, else built here into
 * s->grp. */
static const quire_buf *S_take_group(warc_set *s, const quire_article *a, const char *uri, orig_info *oi)
{
	warc_prep *w = quire_article_prepared(a, &S_prep_key);
	if (w && w->grouped && w->gz == s->gz && strcmp(w->info_id, s->cur.info_id) == 0) {
		S_oi_free(oi);
		*oi = w->oi;
		w->oi.uri = w->oi.page_uri = NULL; /* the writer's now: the group is used once */
		w->grouped = false;
		return &w->grp;
	}
	S_build_group(s, a, uri, oi);
	return &s->grp;
}

static quire_result S_write_bytes(warc_set *s, const void *p, size_t n, quire_err *err)
{
	return quire_out_write(s->cur.out, p, n, err);
}

/* Writes the pending warcinfo record of the current file. */
static quire_result S_write_info(warc_set *s, int64_t when, quire_err *err)
{
	int64_t epoch = quire_ctx_epoch(s->ctx);
	S_warcinfo(s, epoch ? epoch : when);
	quire_buf_reset(&s->grp);
	S_emit(s);
	s->cur.info_written = true;
	S_publish(s, true);
	return S_write_bytes(s, s->grp.data, s->grp.len, err);
}

/* Completes the current file: committed with its index, or kept (wacz). */
static quire_result S_end_file(warc_set *s, quire_err *err)
{
	wfile *f = &s->cur;
	s->have_file = false;
	S_publish(s, false);
	quire_result r = QUIRE_OK;
	if (s->keep) {
		if (s->nparts == s->capparts) {
			s->capparts = s->capparts ? s->capparts * 2 : 4;
			s->parts = realloc(s->parts, s->capparts * sizeof *s->parts);
			if (!s->parts) abort();
		}
		s->parts[s->nparts++] = (warc_part){f->out, f->name};
		free(f->path);
		return QUIRE_OK;
	}
	r = quire_out_commit(f->out, err);
	if (r == QUIRE_OK) {
		char *ip = malloc(strlen(f->path) + 8);
		if (!ip) abort();
		size_t pl = strlen(f->path) - strlen(s->ext);
		sprintf(ip, "%.*s.cdxj", (int)pl, f->path);
		quire_out *io = quire_out_open(s->ctx, ip, err);
		if (!io)
			r = QUIRE_FATAL;
		else if ((r = ls_finish(f->lines, io, err)) == QUIRE_OK)
			r = quire_out_commit(io, err);
		else
			quire_out_discard(io);
		free(ip);
	}
	ls_free(f->lines);
	f->lines = NULL;
	free(f->path);
	free(f->name);
	return r;
}

/* ---- the site's files an article embeds ---------------------------------------- */

/* Archives the files the article embeds from its tree (images), each as a
 * resource record at the URL its reference resolves to from the page, once
 * per URL and content in the set. Articles from WARCs have theirs in the
 * input's own records. */
static quire_result S_write_files(warc_set *s, const quire_article *a, const orig_info *oi, quire_err *err)
{
	if (!oi->page) return QUIRE_OK;
	for (size_t i = 0; i < quire_article_resource_count(a); i++) {
		const quire_resource *res = quire_article_resource(a, i);
		if (!res->ref || strncasecmp(res->ref, "data:", 5) == 0) continue;
		char *abs = url_resolve(oi->page_uri, res->ref);
		if (!abs) continue;
		char *hash = strchr(abs, '#');
		if (hash) *hash = '\0';
		quire_buf uri = QUIRE_BUF_INIT;
		warc_uri_escape(abs, &uri);
		free(abs);
		char hex[65];
		digest_sha256_hex(res->data ? (const void *)res->data : "", res->size, hex);
		quire_buf key = QUIRE_BUF_INIT;
		quire_buf_printf(&key, "%s sha256:%s", uri.data, hex);
		bool fresh = strmap_put(s->written, key.data, 0);
		quire_buf_reset(&key);
		quire_result r = QUIRE_OK;
		if (fresh) {
			quire_buf_printf(&key, "file\n%s\n%s", uri.data, hex);
			char id[48];
			warc_make_id(key.data, key.len, id);
			warc_rec rec = {.type = "resource",
			                .id = id,
			                .date = oi->date,
			                .target_uri = uri.data,
			                .warcinfo_id = s->cur.info_id,
			                .content_type =
			                    res->media_type ? res->media_type : "application/octet-stream",
			                .payload_digest = true,
			                .block_hex = hex,
			                .block = res->data ? (const void *)res->data : "",
			                .block_len = res->size};
			quire_buf_reset(&s->rec);
			warc_rec_serialize(&rec, &s->rec);
			quire_buf_reset(&s->grp);
			size_t len = S_emit_counted(s);
			uint64_t base = quire_out_size(s->cur.out);
			char mime[128], digest[80];
			http_media_type(rec.content_type, mime, sizeof mime);
			snprintf(digest, sizeof digest, "sha256:%s", hex);
			r = S_write_bytes(s, s->grp.data, s->grp.len, err);
			if (r == QUIRE_OK)
				r = S_cdxj_line(s, uri.data, oi->date, mime, 200, digest, len, base, err);
		}
		quire_buf_free(&key);
		quire_buf_free(&uri);
		if (r != QUIRE_OK) return r;
	}
	return QUIRE_OK;
}

quire_result warc_set_write(warc_set *s, const quire_article *a, quire_err *err)
{
	bool record_only = quire_article_is_record_only(a);
	quire_buf uri = QUIRE_BUF_INIT;
	if (!record_only && !warc_article_uri(s->ctx, a, &uri) && !s->warned_uri &&
	    !quire_article_raw_record(a, NULL, NULL, NULL)) {
		s->warned_uri = true;
		quire_ctx_message(
		    s->ctx, QUIRE_LEVEL_WARNING, NULL,
		    "articles without a URL get file: target URIs, which replay tools do not serve; "
		    "give --base-url https://...");
	}
	quire_result r = QUIRE_OK;
	orig_info oi;
	memset(&oi, 0, sizeof oi);
	int64_t when = warc_article_instant(s->ctx, a);
	if (!s->have_file && (r = S_start_file(s, err)) != QUIRE_OK) goto out;
	if (!s->cur.info_written && (r = S_write_info(s, when, err)) != QUIRE_OK) goto out;
	const quire_buf *grp = S_take_group(s, a, uri.data, &oi);
	if (s->cur.articles && quire_out_size(s->cur.out) + grp->len > s->max) {
		if ((r = S_end_file(s, err)) != QUIRE_OK || (r = S_start_file(s, err)) != QUIRE_OK ||
		    (r = S_write_info(s, when, err)) != QUIRE_OK)
			goto out;
		S_build_group(s, a, uri.data, &oi); /* the warcinfo id changed */
		grp = &s->grp;
	}
	uint64_t base = quire_out_size(s->cur.out);
	if ((r = S_write_bytes(s, grp->data, grp->len, err)) != QUIRE_OK) goto out;
	if (oi.indexed && (r = S_cdxj_line(s, oi.uri ? oi.uri : "", oi.date, oi.mime, oi.status, oi.digest,
	                                   oi.len, base + oi.start, err)) != QUIRE_OK)
		goto out;
	if (oi.page && (r = S_cdxj_line(s, oi.page_uri, oi.date, "text/html", 200, oi.page_digest,
	                                oi.page_len, base + oi.page_start, err)) != QUIRE_OK)
		goto out;
	s->cur.articles++;
	if (!record_only) {
		free(s->last_uri);
		s->last_uri = strdup(oi.page ? oi.page_uri : oi.uri ? oi.uri : "");
		memcpy(s->last_date, oi.date, sizeof s->last_date);
		r = S_write_files(s, a, &oi, err);
	}
out:
	S_oi_free(&oi);
	quire_buf_free(&uri);
	/* keep the scratch buffers from holding a huge article's size forever */
	if (s->grp.cap > (64u << 20)) {
		quire_buf_free(&s->grp);
		quire_buf_free(&s->rec);
		quire_buf_free(&s->tmp);
	}
	return r;
}

warc_set *warc_set_open(quire_ctx *ctx, const char *path, const char *name, bool gzip, bool keep,
                        const char *purpose, quire_err *err)
{
	const quire_options *o = quire_ctx_options(ctx);
	if (o->base_url && !S_has_scheme(o->base_url)) {
		quire_err_set(err, QUIRE_FATAL, "--base-url '%s' needs a scheme, e.g. https://example.org/",
		              o->base_url);
		return NULL;
	}
	const char *lv = quire_ctx_format_opt(ctx, "warc", "level");
	if (lv && !(*lv >= '0' && *lv <= '9' && !lv[1])) {
		quire_err_set(err, QUIRE_FATAL, "-O warc:level=%s: want a gzip level from 0 to 9", lv);
		return NULL;
	}
	const char *rv = quire_ctx_format_opt(ctx, "warc", "records");
	if (rv && strcmp(rv, "all") != 0 && strcmp(rv, "articles") != 0) {
		quire_err_set(err, QUIRE_FATAL, "-O warc:records=%s: want all or articles", rv);
		return NULL;
	}
	if (rv && strcmp(rv, "articles") == 0) /* the input's other records are not kept */
		ctx_clear_writer_flags(ctx, QUIRE_WRITER_RECORDS);
	warc_set *s = calloc(1, sizeof *s);
	if (!s) abort();
	s->ctx = ctx;
	s->o = o;
	s->gz = gzip;
	s->keep = keep;
	s->max = o->max_output_size ? o->max_output_size : 1000000000ull;
	s->purpose = strdup(purpose);
	s->level = WARC_GZIP_LEVEL;
	if (lv) s->level = *lv - '0';
	s->written = strmap_new();
	if (!(s->pub = calloc(1, sizeof *s->pub))) abort();
	pthread_mutex_init(&s->pub->lock, NULL);
	S_split_ext(path, &s->stem, &s->ext);
	if (keep) s->all_lines = ls_new(ctx, path);
	const char *nm = name ? name : (strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	S_split_ext(nm, &s->name_stem, &s->name_ext);
	if (!keep && S_start_file(s, err) != QUIRE_OK) { /* fail early on an existing output */
		warc_set_abort(s);
		return NULL;
	}
	return s;
}

void warc_set_last(const warc_set *s, const char **uri, const char **date)
{
	*uri = s->last_uri ? s->last_uri : "";
	*date = s->last_date;
}

static void S_free(warc_set *s)
{
	if (s->zinit) deflateEnd(&s->z);
	free(s->last_uri);
	free(s->stem);
	free(s->ext);
	free(s->name_stem);
	free(s->name_ext);
	free(s->purpose);
	ls_free(s->all_lines);
	strmap_free(s->written);
	if (s->pub) {
		pthread_mutex_destroy(&s->pub->lock);
		free(s->pub);
	}
	quire_buf_free(&s->line);
	quire_buf_free(&s->rec);
	quire_buf_free(&s->grp);
	quire_buf_free(&s->tmp);
	free(s);
}

quire_result warc_set_finish(warc_set *s, warc_part **parts, size_t *nparts, quire_out **index,
                             quire_err *err)
{
	quire_result r = QUIRE_OK;
	if (!s->have_file && !s->nparts) r = S_start_file(s, err);
	if (r == QUIRE_OK && s->have_file && !s->cur.info_written) r = S_write_info(s, 0, err);
	if (r == QUIRE_OK && s->have_file) r = S_end_file(s, err);
	if (r != QUIRE_OK) {
		warc_set_abort(s);
		return r;
	}
	if (s->keep) {
		char *ip = malloc(strlen(s->stem) + strlen(s->ext) + 8);
		if (!ip) abort();
		sprintf(ip, "%s%s.cdxj", s->stem, s->ext);
		quire_out *io = quire_out_open(s->ctx, ip, err);
		free(ip);
		if (!io || (r = ls_finish(s->all_lines, io, err)) != QUIRE_OK) {
			if (io) quire_out_discard(io);
			warc_set_abort(s);
			return io ? r : QUIRE_FATAL;
		}
		*index = io;
		*parts = s->parts;
		*nparts = s->nparts;
		s->parts = NULL;
		s->nparts = 0;
	}
	S_free(s);
	return QUIRE_OK;
}

void warc_set_abort(warc_set *s)
{
	if (!s) return;
	if (s->have_file) {
		quire_out_discard(s->cur.out);
		ls_free(s->cur.lines);
		free(s->cur.path);
		free(s->cur.name);
	}
	for (size_t i = 0; i < s->nparts; i++) {
		quire_out_discard(s->parts[i].out);
		free(s->parts[i].name);
	}
	free(s->parts);
	S_free(s);
}
