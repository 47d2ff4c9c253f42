/* write_wacz.c - the wacz writer: a WACZ 1.1.1 package (a zip, libzip) with
 * the WARC under archive/ STORED (replay tools read records at CDX offsets
 * inside the stored bytes), indexes/index.cdxj, pages/pages.jsonl (header line
 * then one page per article), datapackage.json with the sha256 and size of
 * every file, and datapackage-digest.json. Entries carry no extra fields and
 * fixed times, so the bytes are reproducible. The WARC and the pages are built
 * in temporary files first (formats/warc/writer.c makes the records). */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "txt/txt.h"
#include "warc/warc.h"

typedef struct wacz {
	quire_ctx *ctx;
	quire_out *out;
	char *path;
	warc_set *set;
	quire_out *pages;
	size_t npages;
	char *main_url;
	char *site_name; /* the first article's site (a Jekyll site's title) */
	char main_date[24];
	char max_date[24];
	quire_buf line;
} wacz;

static char *S_sibling(const char *path, const char *suffix)
{
	size_t n = strlen(path);
	if (n > 5 && strcmp(path + n - 5, ".wacz") == 0) n -= 5;
	char *p = malloc(n + strlen(suffix) + 1);
	if (!p) abort();
	sprintf(p, "%.*s%s", (int)n, path, suffix);
	return p;
}

static void S_free(wacz *w)
{
	free(w->path);
	free(w->main_url);
	free(w->site_name);
	quire_buf_free(&w->line);
	free(w);
}

static void S_abort(void *state)
{
	wacz *w = state;
	if (!w) return;
	warc_set_abort(w->set);
	quire_out_discard(w->pages);
	quire_out_discard(w->out);
	S_free(w);
}

static quire_result S_open(quire_ctx *ctx, const char *path, void **state, quire_err *err)
{
	wacz *w = calloc(1, sizeof *w);
	if (!w) abort();
	*state = NULL;
	w->ctx = ctx;
	w->path = strdup(path);
	w->out = quire_out_open(ctx, path, err);
	if (!w->out) {
		S_free(w);
		return QUIRE_FATAL;
	}
	char *wp = S_sibling(path, "-data.warc.gz"), *pp = S_sibling(path, "-pages.jsonl");
	w->set = warc_set_open(ctx, wp, "data.warc.gz", true, true, "A WACZ package of articles made", err);
	if (w->set) w->pages = quire_out_open(ctx, pp, err);
	free(wp);
	free(pp);
	static const char header[] = "{\"format\": \"json-pages-1.0\", \"id\": \"pages\", \"title\": \"All "
	                             "Pages\", \"hasText\": true}\n";
	if (!w->set || !w->pages || quire_out_write(w->pages, header, sizeof header - 1, err) != QUIRE_OK) {
		S_abort(w);
		return QUIRE_FATAL;
	}
	*state = w;
	return QUIRE_OK;
}

static void S_kv(quire_buf *b, const char *k, const char *v)
{
	quire_buf_puts(b, ", ");
	quire_buf_json_string(b, k);
	quire_buf_puts(b, ": ");
	quire_buf_json_string(b, v);
}

static const char S_key = 'p'; /* the page text of pages.jsonl */

/* The text pages.jsonl gives a page: the body only, no trailing newline. */
static void S_page_text(const quire_article *a, quire_buf *text)
{
	text_render_article(a, 0, TEXT_PLAIN, text);
	while (text->len && text->data[text->len - 1] == '\n')
		text->data[--text->len] = '\0';
}

/* On a worker thread: the WARC records' blocks and the page text; then the
 * body is no longer needed. */
static quire_result S_prepare(void *state, quire_ctx *ctx, quire_article *a, quire_err *err)
{
	wacz *w = state;
	quire_result r = warc_prepare(w ? w->set : NULL, ctx, a, err);
	if (r != QUIRE_OK || quire_article_is_record_only(a)) return r;
	quire_buf *text = quire_buf_new();
	S_page_text(a, text);
	quire_article_set_prepared(a, &S_key, text, quire_buf_delete);
	quire_article_set_body(a, NULL);
	return QUIRE_OK;
}

static quire_result S_write(void *state, const quire_article *a, quire_err *err)
{
	wacz *w = state;
	quire_result r = warc_set_write(w->set, a, err);
	if (r != QUIRE_OK || quire_article_is_record_only(a)) /* a crawl's other records are not pages */
		return r;
	const char *uri, *date;
	warc_set_last(w->set, &uri, &date);
	if (!w->main_url) {
		w->main_url = strdup(uri);
		memcpy(w->main_date, date, sizeof w->main_date);
	}
	const char *site = quire_article_get(a, QUIRE_SITE_NAME);
	if (!w->site_name && site && *site && !(w->site_name = strdup(site))) abort();
	if (strcmp(date, w->max_date) > 0) memcpy(w->max_date, date, sizeof w->max_date);
	quire_buf *b = &w->line;
	quire_buf_reset(b);
	char id[37];
	quire_buf key = QUIRE_BUF_INIT;
	quire_buf_printf(&key, "%s %s", uri, date);
	digest_uuid(key.data, key.len, id);
	quire_buf_free(&key);
	quire_buf_puts(b, "{\"id\": ");
	quire_buf_json_string(b, id);
	S_kv(b, "url", uri);
	S_kv(b, "ts", date);
	const char *title = quire_article_get(a, QUIRE_TITLE);
	if (title) S_kv(b, "title", title);
	quire_buf text = QUIRE_BUF_INIT;
	const quire_buf *pt = quire_article_prepared(a, &S_key);
	if (!pt) {
		S_page_text(a, &text);
		pt = &text;
	}
	S_kv(b, "text", pt->data ? pt->data : "");
	quire_buf_free(&text);
	quire_buf_puts(b, "}\n");
	w->npages++;
	return quire_out_write(w->pages, b->data, b->len, err);
}

/* sha256 and size of a file, streamed. */
static bool S_hash_file(const char *path, char hex[65], uint64_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) return false;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	unsigned char buf[1 << 16];
	ssize_t n;
	*size = 0;
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		EVP_DigestUpdate(md, buf, (size_t)n);
		*size += (uint64_t)n;
	}
	close(fd);
	unsigned char d[32];
	unsigned int dl = 32;
	EVP_DigestFinal_ex(md, d, &dl);
	EVP_MD_CTX_free(md);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	return n == 0;
}

static void S_resource(quire_buf *b, bool first, const char *name, const char *path, const char *hex,
                       uint64_t bytes)
{
	quire_buf_puts(b, first ? "\n    {\"name\": " : ",\n    {\"name\": ");
	quire_buf_json_string(b, name);
	quire_buf_puts(b, ", \"path\": ");
	quire_buf_json_string(b, path);
	quire_buf_printf(b, ", \"hash\": \"sha256:%s\", \"bytes\": %llu}", hex, (unsigned long long)bytes);
}

/* A lowercase [a-z0-9._-] resource name (Frictionless). */
static void S_res_name(const char *base, char *out, size_t size)
{
	size_t j = 0;
	for (const char *p = base; *p && j + 1 < size; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
		out[j++] =
		    ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_')
		        ? c
		        : '-';
	}
	out[j] = '\0';
}

/* Adds one entry: stored, or deflated at WARC_GZIP_LEVEL (libzip's default,
 * 0, is zlib's 9, at which 10,000 posts' pages.jsonl, 90 MB of page text,
 * took ~10 s on the writer thread after the last article); fixed mtime and
 * attributes, no extras. */
static bool S_add(zip_t *z, const char *name, zip_source_t *src, bool store, time_t mtime)
{
	if (!src) return false;
	zip_int64_t i = zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8);
	if (i < 0) {
		zip_source_free(src);
		return false;
	}
	zip_uint64_t idx = (zip_uint64_t)i;
	return zip_set_file_compression(z, idx, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
	                                store ? 0 : WARC_GZIP_LEVEL) == 0 &&
	       zip_file_set_mtime(z, idx, mtime, 0) == 0 &&
	       zip_file_set_external_attributes(z, idx, 0, ZIP_OPSYS_UNIX, 0100644u << 16) == 0 &&
	       (zip_file_extra_field_delete(z, idx, ZIP_EXTRA_FIELD_ALL, ZIP_FL_CENTRAL | ZIP_FL_LOCAL),
	        true);
}

static int64_t S_parse_or(const char *date, int64_t fallback)
{
	int64_t t;
	return date[0] && warc_parse_date(date, &t) ? t : fallback;
}

/* datapackage.json from the parts' hashes. */
static void S_datapackage(wacz *w, warc_part *parts, size_t np, char (*hex)[65], uint64_t *bytes,
                          const char *when, quire_buf *dp)
{
	const quire_options *o = quire_ctx_options(w->ctx);
	const char *base = strrchr(w->path, '/') ? strrchr(w->path, '/') + 1 : w->path;
	char *title = S_sibling(base, "");
	quire_buf_puts(dp,
	               "{\n  \"profile\": \"data-package\",\n  \"wacz_version\": \"1.1.1\",\n  \"title\": ");
	/* --title, else the site's own title, else the package's file name */
	quire_buf_json_string(dp, o->title ? o->title : w->site_name ? w->site_name : title);
	free(title);
	quire_buf_printf(
	    dp,
	    ",\n  \"description\": \"%zu articles converted by quire: each article's page, "
	    "its original bytes, metadata and clean text and XHTML conversions; the other records of "
	    "WARC inputs as they were.\",",
	    w->npages);
	quire_buf_printf(dp, "\n  \"created\": \"%s\",\n  \"modified\": \"%s\",", when, when);
	quire_buf_puts(dp, "\n  \"software\": \"quire " QUIRE_VERSION "\",");
	if (w->main_url) {
		quire_buf_puts(dp, "\n  \"mainPageUrl\": ");
		quire_buf_json_string(dp, w->main_url);
		quire_buf_printf(dp, ",\n  \"mainPageDate\": \"%s\",", w->main_date);
	}
	quire_buf_puts(dp, "\n  \"resources\": [");
	size_t k = 0;
	for (size_t i = 0; i < np; i++, k++) {
		char name[256], path[300];
		S_res_name(parts[i].name, name, sizeof name);
		snprintf(path, sizeof path, "archive/%s", parts[i].name);
		S_resource(dp, i == 0, name, path, hex[k], bytes[k]);
	}
	S_resource(dp, false, "index.cdxj", "indexes/index.cdxj", hex[k], bytes[k]);
	k++;
	S_resource(dp, false, "pages.jsonl", "pages/pages.jsonl", hex[k], bytes[k]);
	quire_buf_puts(dp, "\n  ]\n}\n");
}

static quire_result S_zip(wacz *w, warc_part *parts, size_t np, quire_out *index, quire_err *err)
{
	size_t nf = np + 2;
	char(*hex)[65] = calloc(nf, sizeof *hex);
	uint64_t *bytes = calloc(nf, sizeof *bytes);
	if (!hex || !bytes) abort();
	quire_result r = QUIRE_OK;
	for (size_t i = 0; i < np && r == QUIRE_OK; i++)
		if (!S_hash_file(quire_out_tmp_path(parts[i].out), hex[i], &bytes[i]))
			r = quire_err_set(err, QUIRE_FATAL, "cannot read back the temporary WARC: %s",
			                  strerror(errno));
	if (r == QUIRE_OK && !S_hash_file(quire_out_tmp_path(index), hex[np], &bytes[np]))
		r = quire_err_set(err, QUIRE_FATAL, "cannot read back the temporary index: %s",
		                  strerror(errno));
	if (r == QUIRE_OK && !S_hash_file(quire_out_tmp_path(w->pages), hex[np + 1], &bytes[np + 1]))
		r = quire_err_set(err, QUIRE_FATAL, "cannot read back the temporary pages file: %s",
		                  strerror(errno));
	int64_t epoch = quire_ctx_epoch(w->ctx);
	int64_t t = epoch ? epoch : S_parse_or(w->max_date, 0);
	char when[24];
	warc_date(t, when);
	quire_buf dp = QUIRE_BUF_INIT, dd = QUIRE_BUF_INIT;
	S_datapackage(w, parts, np, hex, bytes, when, &dp);
	char dhex[65];
	digest_sha256_hex(dp.data, dp.len, dhex);
	quire_buf_printf(&dd, "{\n  \"path\": \"datapackage.json\",\n  \"hash\": \"sha256:%s\"\n}\n", dhex);
	int ze = 0;
	zip_t *z =
	    r == QUIRE_OK ? zip_open(quire_out_tmp_path(w->out), ZIP_CREATE | ZIP_TRUNCATE, &ze) : NULL;
	if (r == QUIRE_OK && !z)
		r = quire_err_set(err, QUIRE_FATAL, "libzip cannot create the package (error %d)", ze);
	bool ok = z != NULL;
	time_t mt = (time_t)(t < 315532800 ? 315532800 : t); /* DOS times start in 1980 */
	for (size_t i = 0; ok && i < np; i++) {
		char name[300];
		snprintf(name, sizeof name, "archive/%s", parts[i].name);
		ok = S_add(z, name, zip_source_file(z, quire_out_tmp_path(parts[i].out), 0, 0), true, mt);
	}
	ok = ok &&
	     S_add(z, "indexes/index.cdxj", zip_source_file(z, quire_out_tmp_path(index), 0, 0), false, mt);
	ok = ok &&
	     S_add(z, "pages/pages.jsonl", zip_source_file(z, quire_out_tmp_path(w->pages), 0, 0), false, mt);
	ok = ok && S_add(z, "datapackage.json", zip_source_buffer(z, dp.data, dp.len, 0), false, mt);
	ok = ok && S_add(z, "datapackage-digest.json", zip_source_buffer(z, dd.data, dd.len, 0), false, mt);
	if (z && ok && zip_close(z) != 0) {
		r = quire_err_set(err, QUIRE_FATAL, "libzip: %s", zip_strerror(z));
		zip_discard(z);
	} else if (z && !ok) {
		r = quire_err_set(err, QUIRE_FATAL, "libzip: %s", zip_strerror(z));
		zip_discard(z);
	}
	quire_buf_free(&dp);
	quire_buf_free(&dd);
	free(hex);
	free(bytes);
	return r;
}

static quire_result S_close(void *state, quire_err *err)
{
	wacz *w = state;
	warc_part *parts = NULL;
	size_t np = 0;
	quire_out *index = NULL;
	quire_result r = warc_set_finish(w->set, &parts, &np, &index, err);
	w->set = NULL;
	if (r == QUIRE_OK) r = S_zip(w, parts, np, index, err);
	for (size_t i = 0; i < np; i++) {
		quire_out_discard(parts[i].out);
		free(parts[i].name);
	}
	free(parts);
	if (index) quire_out_discard(index);
	quire_out_discard(w->pages);
	w->pages = NULL;
	if (r == QUIRE_OK)
		r = quire_out_commit(w->out, err);
	else
		quire_out_discard(w->out);
	w->out = NULL;
	S_free(w);
	return r;
}

const quire_writer_ops quire_write_wacz = {
    .name = "wacz",
    .description = "WACZ 1.1.1 package (WARC, CDXJ index, pages, datapackage) for ReplayWeb.page",
    .extensions = ".wacz",
    .flags = QUIRE_WRITER_MANY | QUIRE_WRITER_BINARY | QUIRE_WRITER_RECORDS | QUIRE_WRITER_RAW,
    .open = S_open,
    .prepare = S_prepare,
    .write = S_write,
    .close = S_close,
    .abort = S_abort,
};
