/* article.c - the article model: storage, accessors, diagnostics, the
 * portable input path and the normalization entry point. The body tree's own
 * rules live in body.c; the model's JSON dump is a writer's (formats/jsonl/). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include <utf8proc.h>

#include "engine.h"

typedef struct strlist {
	char **v;
	size_t n, cap;
	strmap *seen; /* the values, once the list is long (de-duplication stays linear) */
} strlist;

#define LIST_MAP_AT 16

struct quire_article {
	char *field[QUIRE_FIELD_COUNT];
	strlist list[QUIRE_LIST_COUNT];
	quire_time time[2];
	xmlDocPtr body;
	quire_resource *res;
	size_t nres, capres;
	unsigned char *raw;
	size_t raw_size;
	unsigned char *rec_headers, *rec_block;
	size_t rec_hsize, rec_bsize;
	bool record_only;
	quire_diag *diag;
	size_t ndiag, capdiag;
	struct {
		const void *key;
		void *data;
		void (*free_fn)(void *);
	} prep[4];
};

static void *S_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q) {
		fputs("quire: out of memory\n", stderr);
		abort();
	}
	return q;
}

static char *S_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = S_xrealloc(NULL, n);
	memcpy(d, s, n);
	return d;
}

static void *S_xmemdup(const void *p, size_t n)
{
	void *d = S_xrealloc(NULL, n + 1);
	if (n) memcpy(d, p, n);
	((char *)d)[n] = '\0';
	return d;
}

quire_article *quire_article_new(void)
{
	quire_article *a = calloc(1, sizeof *a);
	if (!a) {
		fputs("quire: out of memory\n", stderr);
		abort();
	}
	return a;
}

void quire_article_free(quire_article *a)
{
	if (!a) return;
	for (int i = 0; i < QUIRE_FIELD_COUNT; i++)
		free(a->field[i]);
	for (int l = 0; l < QUIRE_LIST_COUNT; l++) {
		for (size_t i = 0; i < a->list[l].n; i++)
			free(a->list[l].v[i]);
		free(a->list[l].v);
		strmap_free(a->list[l].seen);
	}
	if (a->body) xmlFreeDoc(a->body);
	for (size_t i = 0; i < a->nres; i++) {
		free(a->res[i].ref);
		free(a->res[i].media_type);
		free(a->res[i].data);
	}
	free(a->res);
	free(a->raw);
	free(a->rec_headers);
	free(a->rec_block);
	for (size_t i = 0; i < a->ndiag; i++) {
		free(a->diag[i].code);
		free(a->diag[i].message);
	}
	free(a->diag);
	for (size_t i = 0; i < sizeof a->prep / sizeof a->prep[0]; i++)
		if (a->prep[i].key && a->prep[i].free_fn) a->prep[i].free_fn(a->prep[i].data);
	free(a);
}

void quire_article_set_prepared(quire_article *a, const void *key, void *data, void (*free_fn)(void *))
{
	size_t n = sizeof a->prep / sizeof a->prep[0], k = n;
	for (size_t i = 0; i < n; i++) {
		if (a->prep[i].key == key) {
			k = i;
			break;
		}
		if (!a->prep[i].key && k == n) k = i;
	}
	if (k == n) { /* full: the data is not kept (the writer does the work itself) */
		if (free_fn) free_fn(data);
		return;
	}
	if (a->prep[k].key && a->prep[k].free_fn) a->prep[k].free_fn(a->prep[k].data);
	a->prep[k].key = data ? key : NULL;
	a->prep[k].data = data;
	a->prep[k].free_fn = free_fn;
}

void *quire_article_prepared(const quire_article *a, const void *key)
{
	for (size_t i = 0; i < sizeof a->prep / sizeof a->prep[0]; i++)
		if (a->prep[i].key == key) return a->prep[i].data;
	return NULL;
}

/* Copies value as valid UTF-8; invalid bytes are replaced and counted. */
static char *S_utf8_copy(quire_article *a, const char *value, const char *what)
{
	size_t len = strlen(value);
	if (text_utf8_valid(value, len)) return S_xstrdup(value);
	quire_buf b = QUIRE_BUF_INIT;
	size_t bad = text_utf8_repair(value, len, &b);
	quire_article_diag(a, QUIRE_LEVEL_WARNING, "invalid-bytes", "%zu invalid bytes replaced in %s", bad,
	                   what);
	return quire_buf_detach(&b, NULL);
}

static const char *const S_field_names[QUIRE_FIELD_COUNT] = {
    "id",        "title",     "subtitle", "lang",           "url",        "source_url",
    "site_name", "publisher", "summary",  "image",          "input_path", "input_root",
    "record_id", "reader",    "charset",  "charset_source", "raw_type",   "raw_digest"};

void quire_article_set(quire_article *a, quire_field f, const char *value)
{
	if ((unsigned)f >= QUIRE_FIELD_COUNT) return;
	char *v = value ? S_utf8_copy(a, value, S_field_names[f]) : NULL;
	free(a->field[f]);
	a->field[f] = v;
}

const char *quire_article_get(const quire_article *a, quire_field f)
{
	return (unsigned)f < QUIRE_FIELD_COUNT ? a->field[f] : NULL;
}

void quire_article_add(quire_article *a, quire_list l, const char *value)
{
	if ((unsigned)l >= QUIRE_LIST_COUNT || !value || !*value) return;
	strlist *s = &a->list[l];
	if (s->seen) {
		if (strmap_get(s->seen, value, NULL)) return;
	} else {
		for (size_t i = 0; i < s->n; i++)
			if (strcmp(s->v[i], value) == 0) return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4;
		s->v = S_xrealloc(s->v, s->cap * sizeof *s->v);
	}
	static const char *const names[QUIRE_LIST_COUNT] = {"authors", "categories", "tags", "editors"};
	s->v[s->n++] = S_utf8_copy(a, value, names[l]);
	if (!s->seen && s->n >= LIST_MAP_AT) {
		s->seen = strmap_new();
		for (size_t i = 0; i < s->n; i++)
			strmap_put(s->seen, s->v[i], i);
	} else if (s->seen) {
		strmap_put(s->seen, s->v[s->n - 1], s->n - 1);
	}
}

size_t quire_article_count(const quire_article *a, quire_list l)
{
	return (unsigned)l < QUIRE_LIST_COUNT ? a->list[l].n : 0;
}

const char *quire_article_item(const quire_article *a, quire_list l, size_t i)
{
	if ((unsigned)l >= QUIRE_LIST_COUNT || i >= a->list[l].n) return NULL;
	return a->list[l].v[i];
}

void quire_article_clear_list(quire_article *a, quire_list l)
{
	if ((unsigned)l >= QUIRE_LIST_COUNT) return;
	for (size_t i = 0; i < a->list[l].n; i++)
		free(a->list[l].v[i]);
	a->list[l].n = 0;
	strmap_free(a->list[l].seen);
	a->list[l].seen = NULL;
}

void quire_article_set_time(quire_article *a, quire_when w, const quire_time *t)
{
	if ((unsigned)w > QUIRE_MODIFIED) return;
	if (t)
		a->time[w] = *t;
	else
		memset(&a->time[w], 0, sizeof a->time[w]);
}

const quire_time *quire_article_time(const quire_article *a, quire_when w)
{
	return &a->time[w == QUIRE_MODIFIED ? 1 : 0];
}

void quire_article_set_body(quire_article *a, xmlDocPtr doc)
{
	if (a->body && a->body != doc) xmlFreeDoc(a->body);
	a->body = doc;
}

xmlDocPtr quire_article_body(const quire_article *a)
{
	return a->body;
}

xmlNodePtr quire_article_body_root(const quire_article *a)
{
	return a->body ? xmlDocGetRootElement(a->body) : NULL;
}

int quire_node_is_chrome(const xmlNode *node)
{
	if (!node || node->type != XML_ELEMENT_NODE) return 0;
	for (const xmlAttr *at = node->properties; at; at = at->next)
		if (strcmp((const char *)at->name, "data-quire-chrome") == 0) return 1;
	return 0;
}

/* Parses an HTML fragment into <html><body>...; then makes <body> the root. */
xmlDocPtr quire_body_from_html(const char *html, size_t len)
{
	static const char pre[] = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>";
	static const char post[] = "</body></html>";
	const char *parts[3] = {pre, html ? html : "", post};
	size_t lens[3] = {sizeof pre - 1, html ? len : 0, sizeof post - 1};
	size_t flattened = 0;
	htmlDocPtr doc =
	    limits_html_parse_parts(parts, lens, 3, NULL,
	                            HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                                HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_NOIMPLIED,
	                            &flattened);
	if (!doc) return NULL;
	xmlNodePtr root = xmlDocGetRootElement(doc), body = NULL;
	for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "body") == 0) body = n;
	if (!body) {
		body = xmlNewDocNode(doc, NULL, BAD_CAST "body", NULL);
		if (root) xmlAddChild(root, body);
	}
	xmlUnlinkNode(body);
	/* elements nested too deep were flattened (their text kept): mark the
	 * body so normalization can say so (QUIRE_DEPTH_CUT_ATTR) */
	if (flattened) xmlSetProp(body, BAD_CAST QUIRE_DEPTH_CUT_ATTR, BAD_CAST "1");
	xmlNodePtr old = xmlDocSetRootElement(doc, body);
	if (old) xmlFreeNode(old);
	/* drop the internal subset (DOCTYPE) so the doc is plain */
	xmlDtdPtr dtd = xmlGetIntSubset(doc);
	if (dtd) {
		xmlUnlinkNode((xmlNodePtr)dtd);
		xmlFreeDtd(dtd);
	}
	return doc;
}

const quire_resource *quire_article_add_resource(quire_article *a, const char *ref, const char *media_type,
                                                 const void *data, size_t size)
{
	const quire_resource *have = quire_article_find_resource(a, ref);
	if (have) return have;
	if (a->nres == a->capres) {
		a->capres = a->capres ? a->capres * 2 : 4;
		a->res = S_xrealloc(a->res, a->capres * sizeof *a->res);
	}
	quire_resource *r = &a->res[a->nres++];
	r->ref = S_xstrdup(ref);
	r->media_type = S_xstrdup(media_type ? media_type : "application/octet-stream");
	r->data = S_xmemdup(data, size);
	r->size = size;
	return r;
}

size_t quire_article_resource_count(const quire_article *a)
{
	return a->nres;
}

const quire_resource *quire_article_resource(const quire_article *a, size_t i)
{
	return i < a->nres ? &a->res[i] : NULL;
}

const quire_resource *quire_article_find_resource(const quire_article *a, const char *ref)
{
	for (size_t i = 0; i < a->nres; i++)
		if (strcmp(a->res[i].ref, ref) == 0) return &a->res[i];
	return NULL;
}

void quire_article_set_raw(quire_article *a, const void *data, size_t size, const char *media_type)
{
	free(a->raw);
	a->raw = S_xmemdup(data, size);
	a->raw_size = size;
	char hex[65], lab[72];
	digest_sha256_hex(data, size, hex);
	snprintf(lab, sizeof lab, "sha256:%s", hex);
	quire_article_set(a, QUIRE_RAW_DIGEST, lab);
	if (media_type) quire_article_set(a, QUIRE_RAW_TYPE, media_type);
}

void article_release_raw(quire_article *a)
{
	free(a->raw);
	a->raw = NULL; /* raw_size and QUIRE_RAW_DIGEST stay */
}

const unsigned char *quire_article_raw(const quire_article *a, size_t *size)
{
	if (size) *size = a->raw_size;
	return a->raw;
}

void quire_article_set_raw_record(quire_article *a, const void *headers, size_t hsize, const void *block,
                                  size_t bsize)
{
	free(a->rec_headers);
	free(a->rec_block);
	a->rec_headers = headers ? S_xmemdup(headers, hsize) : NULL;
	a->rec_block = block ? S_xmemdup(block, bsize) : NULL;
	a->rec_hsize = headers ? hsize : 0;
	a->rec_bsize = block ? bsize : 0;
}

const unsigned char *quire_article_raw_record(const quire_article *a, size_t *hsize,
                                              const unsigned char **block, size_t *bsize)
{
	if (hsize) *hsize = a->rec_hsize;
	if (block) *block = a->rec_block;
	if (bsize) *bsize = a->rec_bsize;
	return a->rec_headers;
}

void quire_article_set_record_only(quire_article *a, int on)
{
	a->record_only = on != 0;
}

int quire_article_is_record_only(const quire_article *a)
{
	return a->record_only;
}

void quire_article_diag(quire_article *a, quire_level level, const char *code, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (a->ndiag == a->capdiag) {
		a->capdiag = a->capdiag ? a->capdiag * 2 : 4;
		a->diag = S_xrealloc(a->diag, a->capdiag * sizeof *a->diag);
	}
	quire_diag *d = &a->diag[a->ndiag++];
	d->level = level;
	d->code = S_xstrdup(code ? code : "note");
	/* messages may quote input: keep them valid UTF-8 */
	if (text_utf8_valid(msg, strlen(msg))) {
		d->message = S_xstrdup(msg);
	} else {
		quire_buf b = QUIRE_BUF_INIT;
		text_utf8_repair(msg, strlen(msg), &b);
		d->message = quire_buf_detach(&b, NULL);
	}
}

size_t quire_article_diag_count(const quire_article *a)
{
	return a->ndiag;
}

const quire_diag *quire_article_diag_at(const quire_article *a, size_t i)
{
	return i < a->ndiag ? &a->diag[i] : NULL;
}

size_t quire_article_warning_count(const quire_article *a)
{
	size_t n = 0;
	for (size_t i = 0; i < a->ndiag; i++)
		n += a->diag[i].level <= QUIRE_LEVEL_WARNING;
	return n;
}

/* ---- times ---------------------------------------------------------------- */

static void S_split(const quire_time *t, int64_t secs, int64_t *y, unsigned *mo, unsigned *d, int *h, int *mi,
                    int *s)
{
	(void)t;
	int64_t days = secs / 86400, rem = secs % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	time_civil_from_days(days, y, mo, d);
	*h = (int)(rem / 3600);
	*mi = (int)(rem / 60 % 60);
	*s = (int)(rem % 60);
}

char *quire_time_iso(const quire_time *t, char *out, size_t size)
{
	if (!t || t->precision == QUIRE_PREC_NONE) {
		if (size) out[0] = '\0';
		return out;
	}
	int64_t y;
	unsigned mo, d;
	int h, mi, s;
	/* ISO 8601 / W3CDTF offsets have no seconds: round local mean time
	 * offsets (+08:05:43) to the minute and show the same instant in it */
	int32_t off = (int32_t)((t->offset + (t->offset < 0 ? -30 : 30)) / 60 * 60);
	S_split(t, t->utc + off, &y, &mo, &d, &h, &mi, &s);
	if (t->precision == QUIRE_PREC_DATE) {
		snprintf(out, size, "%04lld-%02u-%02u", (long long)y, mo, d);
		return out;
	}
	char zs[16];
	int32_t o = off < 0 ? -off : off;
	if (off == 0)
		snprintf(zs, sizeof zs, "Z");
	else
		snprintf(zs, sizeof zs, "%c%02d:%02d", off < 0 ? '-' : '+', (int)(o / 3600),
		         (int)(o / 60 % 60));
	if (t->precision == QUIRE_PREC_MINUTE)
		snprintf(out, size, "%04lld-%02u-%02uT%02d:%02d%s", (long long)y, mo, d, h, mi, zs);
	else
		snprintf(out, size, "%04lld-%02u-%02uT%02d:%02d:%02d%s", (long long)y, mo, d, h, mi, s, zs);
	return out;
}

char *quire_time_utc(const quire_time *t, char *out, size_t size)
{
	int64_t y;
	unsigned mo, d;
	int h, mi, s;
	S_split(t, t ? t->utc : 0, &y, &mo, &d, &h, &mi, &s);
	snprintf(out, size, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, mo, d, h, mi, s);
	return out;
}

/* ---- paths ------------------------------------------------------------------ */

/* The input's path as outputs name it: from its input root's folder name
 * down ("site/_posts/2021-12-08-x.md"), never the converting machine's
 * absolute path or working directory; the path as given when the root is
 * unknown and the path relative. */
const char *article_portable_path(const quire_article *a, char *out, size_t size)
{
	const char *path = a->field[QUIRE_INPUT_PATH], *root = a->field[QUIRE_INPUT_ROOT];
	if (!path) return "";
	size_t rl = root ? strlen(root) : 0;
	while (rl > 1 && root[rl - 1] == '/')
		rl--;
	if (root && rl && strncmp(path, root, rl) == 0 && path[rl] == '/') {
		const char *base = root + rl;
		while (base > root && base[-1] != '/')
			base--;
		int bl = (int)(root + rl - base);
		if (bl == 1 && base[0] == '.')
			snprintf(out, size, "%s", path + rl + 1);
		else
			snprintf(out, size, "%.*s/%s", bl, base, path + rl + 1);
		return out;
	}
	if (path[0] == '/') {
		const char *b = strrchr(path, '/');
		return b + 1;
	}
	return path;
}

/* ---- slug and normalization ---------------------------------------------- */

/* The source part of a slug: the input's path relative to its root without
 * the extension, the _posts/_drafts folders left out (Jekyll's own), so the
 * slugs of a tree's files differ wherever their names repeat. */
static void S_slug_source(const quire_article *a, char *tmp, size_t size)
{
	const char *src = a->field[QUIRE_INPUT_PATH];
	const char *root = a->field[QUIRE_INPUT_ROOT];
	size_t rl = root ? strlen(root) : 0;
	const char *rel;
	if (root && rl && strncmp(src, root, rl) == 0 && src[rl] == '/')
		rel = src + rl + 1;
	else
		rel = strrchr(src, '/') ? strrchr(src, '/') + 1 : src;
	size_t j = 0;
	for (const char *p = rel; *p && j + 1 < size;) {
		size_t n = strcspn(p, "/");
		bool skip =
		    p[n] == '/' && ((n == 6 && strncmp(p, "_posts", 6) == 0) ||
		                    (n == 7 && strncmp(p, "_drafts", 7) == 0) || (n == 1 && p[0] == '.'));
		if (!skip) {
			if (j && j + 1 < size) tmp[j++] = '-';
			for (size_t k = 0; k < n && j + 1 < size; k++)
				tmp[j++] = p[k];
		}
		p += n;
		while (*p == '/')
			p++;
	}
	tmp[j] = '\0';
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	for (int pass = 0; pass < 2; pass++) { /* the extension, both of .html.gz */
		char *dot = strrchr(tmp, '.');
		size_t bl = strlen(base);
		if (!dot || dot == tmp || (size_t)(tmp + strlen(tmp) - dot) >= bl || strchr(dot, '-')) break;
		bool gz = strcmp(dot, ".gz") == 0;
		*dot = '\0';
		if (!gz) break;
	}
}

char *quire_article_slug(const quire_article *a, char *out, size_t size)
{
	const char *src = a->field[QUIRE_INPUT_PATH];
	char tmp[512];
	if (src && !a->field[QUIRE_RECORD_ID]) {
		S_slug_source(a, tmp, sizeof tmp);
	} else if (a->field[QUIRE_URL]) {
		const char *u = strstr(a->field[QUIRE_URL], "://");
		snprintf(tmp, sizeof tmp, "%s", u ? u + 3 : a->field[QUIRE_URL]);
	} else {
		snprintf(tmp, sizeof tmp, "%s", a->field[QUIRE_ID] ? a->field[QUIRE_ID] : "article");
	}
	/* letters, marks and digits of every script are kept (Chinese titles make
	 * the names); anything else becomes one '-' */
	size_t j = 0, n = strlen(tmp);
	int dash = 0;
	for (size_t i = 0; i < n && j + 1 < size && j < 120;) {
		unsigned char c = (unsigned char)tmp[i];
		if (c >= 0x80) {
			int32_t cp = 0;
			int k = text_decode_cp(tmp + i, n - i, &cp);
			size_t len = k > 0 ? (size_t)k : 1;
			utf8proc_category_t cat = k > 0 ? utf8proc_category(cp) : UTF8PROC_CATEGORY_CN;
			bool keep = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
			            (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) ||
			            (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
			if (keep && (j + len >= size || j + len > 120)) break; /* never cut a character */
			if (keep) {
				memcpy(out + j, tmp + i, len);
				j += len;
				dash = 0;
			} else if (!dash && j > 0) {
				out[j++] = '-';
				dash = 1;
			}
			i += len;
			continue;
		}
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		    (c == '-' && j > 0)) {
			out[j++] = (char)c;
			dash = 0;
		} else if (c >= 'A' && c <= 'Z') {
			out[j++] = (char)(c - 'A' + 'a');
			dash = 0;
		} else if (!dash && j > 0) {
			out[j++] = '-';
			dash = 1;
		}
		i++;
	}
	while (j > 0 && (out[j - 1] == '-' || out[j - 1] == '.'))
		j--;
	if (j == 0 && size > 8) {
		char hex[65];
		const char *id = a->field[QUIRE_ID] ? a->field[QUIRE_ID] : "";
		digest_sha256_hex(id, strlen(id), hex);
		snprintf(out, size, "a-%.12s", hex);
		return out;
	}
	out[j] = '\0';
	return out;
}

static void S_clean_field(quire_article *a, quire_field f, bool line)
{
	if (!a->field[f]) return;
	char *c = line ? text_clean_line(a->field[f]) : text_clean(a->field[f]);
	if (!c) return;
	free(a->field[f]);
	a->field[f] = c;
	if (!*c && f != QUIRE_ID) {
		free(a->field[f]);
		a->field[f] = NULL;
	}
}

static void S_clean_list(quire_article *a, quire_list l)
{
	strlist *s = &a->list[l];
	size_t j = 0;
	strmap_free(s->seen);
	s->seen = s->n >= LIST_MAP_AT ? strmap_new() : NULL;
	for (size_t i = 0; i < s->n; i++) {
		char *c = text_clean_line(s->v[i]);
		free(s->v[i]);
		if (!c || !*c) {
			free(c);
			continue;
		}
		bool dup = false;
		if (s->seen)
			dup = !strmap_put(s->seen, c, j);
		else
			for (size_t k = 0; k < j && !dup; k++)
				dup = strcmp(s->v[k], c) == 0;
		if (dup)
			free(c);
		else
			s->v[j++] = c;
	}
	s->n = j;
}

/* Parsers stop nesting at QUIRE_MAX_DEPTH (libxml2 silently); a body that
 * comes near it was most likely cut, and the article says so (a deeper cut
 * by limits_html_parse is said above, by QUIRE_DEPTH_CUT_ATTR). */
static void S_check_depth(quire_article *a)
{
	const xmlNode *root = quire_article_body_root(a);
	size_t depth = root ? limits_tree_depth(root) : 0;
	if (depth >= QUIRE_MAX_DEPTH - 8)
		quire_article_diag(
		    a, QUIRE_LEVEL_WARNING, "nesting-limit",
		    "elements nested %zu levels deep (limit %d): deeper content may have been cut", depth,
		    QUIRE_MAX_DEPTH);
}

/* True when the subtree holds no visible text and no image. */
static bool S_blank(const xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			for (const xmlChar *c = n->content; c && *c; c++)
				if (*c != ' ' && *c != '\n' && *c != '\t' && *c != '\r') return false;
		} else if (n->type == XML_ELEMENT_NODE) {
			if (xmlStrEqual(n->name, BAD_CAST "img") || !S_blank(n->children)) return false;
		}
	}
	return true;
}

/* An article that converted into nothing (a post of front matter only, a
 * page whose content could not be found) says so. */
static void S_check_empty(quire_article *a)
{
	const xmlNode *root = quire_article_body_root(a);
	if (!root || S_blank(root->children))
		quire_article_diag(a, QUIRE_LEVEL_WARNING, "empty-body", "the article has no text");
}

void article_check_body(quire_article *a)
{
	S_check_depth(a);
	S_check_empty(a);
}

quire_result quire_article_normalize(quire_ctx *ctx, quire_article *a)
{
	const quire_options *o = ctx ? quire_ctx_options(ctx) : NULL;
	static const quire_field line_fields[] = {QUIRE_TITLE,      QUIRE_SUBTITLE, QUIRE_SITE_NAME,
	                                          QUIRE_PUBLISHER,  QUIRE_LANG,     QUIRE_URL,
	                                          QUIRE_SOURCE_URL, QUIRE_IMAGE};
	for (size_t i = 0; i < sizeof line_fields / sizeof *line_fields; i++)
		S_clean_field(a, line_fields[i], true);
	S_clean_field(a, QUIRE_SUMMARY, false);
	for (int l = 0; l < QUIRE_LIST_COUNT; l++)
		S_clean_list(a, (quire_list)l);
	if (!a->field[QUIRE_LANG] && o && o->lang) quire_article_set(a, QUIRE_LANG, o->lang);
	if (!a->list[QUIRE_AUTHORS].n && o && o->author) quire_article_add(a, QUIRE_AUTHORS, o->author);
	if (!a->body) a->body = quire_body_from_html("", 0);
	xmlNodePtr root = a->body ? xmlDocGetRootElement(a->body) : NULL;
	if (root && xmlHasProp(root, BAD_CAST QUIRE_DEPTH_CUT_ATTR)) {
		xmlUnsetProp(root, BAD_CAST QUIRE_DEPTH_CUT_ATTR);
		quire_article_diag(a, QUIRE_LEVEL_WARNING, "nesting-limit",
		                   "elements nested more than %d levels deep were flattened: their text is "
		                   "kept, their markup (and any image in them) is not",
		                   QUIRE_PARSE_DEPTH);
	}
	body_normalize(ctx, a);
	if (!a->field[QUIRE_ID] || !*a->field[QUIRE_ID]) {
		char where[4096];
		const char *key = a->field[QUIRE_URL] ? a->field[QUIRE_URL]
		                  : a->field[QUIRE_INPUT_PATH]
		                      ? article_portable_path(a, where, sizeof where)
		                      : (a->field[QUIRE_TITLE] ? a->field[QUIRE_TITLE] : "");
		char uuid[37], id[48];
		digest_uuid(key, strlen(key), uuid);
		snprintf(id, sizeof id, "urn:uuid:%s", uuid);
		quire_article_set(a, QUIRE_ID, id);
	}
	return quire_article_warning_count(a) ? QUIRE_WARN : QUIRE_OK;
}
