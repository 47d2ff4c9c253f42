/* metatext.c - the metadata that may need the page's text: published and
 * modified dates (meta, JSON-LD, <time>, the URL, dates written in the text),
 * the language (<html lang>, content-language, else the script of the text),
 * and the fallbacks applied after extraction (byline found in the text, the
 * first paragraph as summary). It reads no <meta> itself (meta.c does). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meta.h"

/* ---- dates ----------------------------------------------------------------- */

static bool S_set_date(quire_ctx *ctx, quire_article *a, quire_when w, const char *s, const char *source)
{
	quire_time t;
	qtime_zone_source how;
	char *u = meta_unescape(s);
	dom_collapse(u);
	bool ok = *u && qtime_parse(ctx, u, ctx_default_zone(ctx), &t, &how);
	free(u);
	if (!ok) return false;
	quire_article_set_time(a, w, &t);
	const char *what = w == QUIRE_PUBLISHED ? "published" : "modified";
	quire_article_diag(a, QUIRE_LEVEL_INFO, "meta-source", "%s date from %s", what, source);
	if (how != QTIME_ZONE_WRITTEN)
		quire_article_diag(a, QUIRE_LEVEL_INFO, "date-zone", "%s date has no offset: %s assumed",
		                   what, how == QTIME_ZONE_DEFAULT ? ctx_default_zone(ctx) : "UTC");
	return true;
}

static bool S_digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i])) return false;
	return true;
}

/* Reads up to two digits; returns count read. */
static int S_num(const char *s, int *v)
{
	int k = 0;
	*v = 0;
	while (k < 2 && isdigit((unsigned char)s[k]))
		*v = *v * 10 + (s[k++] - '0');
	return k;
}

/* A date written in text at s: "2022年05月29日 09:18", "2022-05-29 09:18:07",
 * "2022/05/29", "2022.05.29". Writes "YYYY-MM-DD[ HH:MM[:SS]]" to out. */
static bool S_date_at(const char *s, char *out, size_t size)
{
	if (!S_digits(s, 4)) return false;
	int y = atoi(s), mo, d, h = -1, mi = -1, se = -1;
	const char *p = s + 4;
	bool cjk = strncmp(p, "年", 3) == 0;
	if (cjk)
		p += 3;
	else if (*p == '-' || *p == '/' || *p == '.')
		p++;
	else
		return false;
	int k = S_num(p, &mo);
	if (!k) return false;
	p += k;
	if (cjk && strncmp(p, "月", 3) == 0)
		p += 3;
	else if (!cjk && (*p == s[4]))
		p++;
	else
		return false;
	if (!(k = S_num(p, &d))) return false;
	p += k;
	if (cjk && strncmp(p, "日", 3) == 0) p += 3;
	if (y < 1990 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 || isdigit((unsigned char)*p))
		return false;
	while (*p == ' ' || *p == 'T' || strncmp(p, "\xE3\x80\x80", 3) == 0 || strncmp(p, "\xC2\xA0", 2) == 0)
		p += (*p == ' ' || *p == 'T') ? 1 : (*p == '\xC2' ? 2 : 3);
	if ((k = S_num(p, &h)) && (p[k] == ':' || strncmp(p + k, "：", 3) == 0)) {
		p += k + (p[k] == ':' ? 1 : 3);
		if ((k = S_num(p, &mi)) == 2) {
			p += k;
			if (*p == ':' && S_num(p + 1, &se) == 2) p += 3;
		} else {
			h = -1;
		}
	} else {
		h = -1;
	}
	if (h >= 0 && h < 24 && mi >= 0 && mi < 60 && se >= 0 && se < 60)
		snprintf(out, size, "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, h, mi, se);
	else if (h >= 0 && h < 24 && mi >= 0 && mi < 60)
		snprintf(out, size, "%04d-%02d-%02d %02d:%02d", y, mo, d, h, mi);
	else
		snprintf(out, size, "%04d-%02d-%02d", y, mo, d);
	return true;
}

/* The first date written in the text of the page (before too much text). */
static bool S_text_date(xmlNodePtr n, char *out, size_t size, size_t *budget)
{
	for (; n && *budget; n = n->next) {
		if (n->type == XML_TEXT_NODE && n->content) {
			const char *s = (const char *)n->content;
			size_t len = strlen(s);
			for (size_t i = 0; i + 8 <= len; i++)
				if ((i == 0 || !isdigit((unsigned char)s[i - 1])) &&
				    S_date_at(s + i, out, size))
					return true;
			*budget = len >= *budget ? 0 : *budget - len;
		} else if (n->type == XML_ELEMENT_NODE && !dom_is(n, "script") && !dom_is(n, "style") &&
		           !dom_is(n, "head")) {
			if (S_text_date(n->children, out, size, budget)) return true;
		}
	}
	return false;
}

/* /2022/05/29/ or /2022-05-29 in the URL path. */
static bool S_url_date(const char *url, char *out, size_t size)
{
	const char *p = url ? strstr(url, "://") : NULL;
	p = p ? strchr(p + 3, '/') : NULL;
	for (; p && *p; p++) {
		if (*p != '/' && *p != '-' && *p != '_') continue;
		const char *s = p + 1;
		if (!S_digits(s, 4) || (s[4] != '/' && s[4] != '-') || !S_digits(s + 5, 2) || s[7] != s[4] ||
		    !S_digits(s + 8, 2))
			continue;
		int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
		if (y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31 &&
		    !isdigit((unsigned char)s[10])) {
			snprintf(out, size, "%04d-%02d-%02d", y, m, d);
			return true;
		}
	}
	return false;
}

static xmlNodePtr S_time_el(xmlNodePtr n, bool want_pub)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE) continue;
		if (dom_is(n, "time") && dom_attr(n, "datetime")) {
			const char *ip = dom_attr(n, "itemprop");
			bool pub = dom_attr(n, "pubdate") || (ip && strstr(ip, "datePublished"));
			if (!want_pub || pub) return n;
		}
		xmlNodePtr r = S_time_el(n->children, want_pub);
		if (r) return r;
	}
	return NULL;
}

static xmlNodePtr S_body(xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
		if (dom_is(c, "body")) return c;
	return root;
}

void meta_dates(quire_ctx *ctx, xmlDocPtr doc, const char *url, const meta_kv *rv, const meta_kv *all,
                const meta_ld *ld, quire_article *a)
{
	static const char *const pub_keys[] = {"article:published_time",
	                                       "parsely-pub-date",
	                                       "og:published_time",
	                                       "datepublished",
	                                       "pubdate",
	                                       "publishdate",
	                                       "publish-date",
	                                       "publish_date",
	                                       "dc:date",
	                                       "dc.date",
	                                       "dcterms.date",
	                                       "dc.date.issued",
	                                       "dcterms.created",
	                                       "sailthru.date",
	                                       "article.published",
	                                       "date",
	                                       "created",
	                                       NULL};
	static const char *const mod_keys[] = {"article:modified_time",
	                                       "og:updated_time",
	                                       "datemodified",
	                                       "dcterms.modified",
	                                       "last-modified",
	                                       "lastmod",
	                                       NULL};
	bool done = false;
	if (ld->published) done = S_set_date(ctx, a, QUIRE_PUBLISHED, ld->published, "JSON-LD datePublished");
	if (!done && ld->any_published)
		done = S_set_date(ctx, a, QUIRE_PUBLISHED, ld->any_published, "JSON-LD datePublished");
	for (int i = 0; pub_keys[i] && !done; i++) {
		const char *v = meta_kv_get(rv, pub_keys[i]);
		if (!v) v = meta_kv_first(all, pub_keys[i]);
		if (v) done = S_set_date(ctx, a, QUIRE_PUBLISHED, v, pub_keys[i]);
	}
	xmlNodePtr t = done ? NULL : S_time_el(doc->children, true);
	if (!t && !done) t = S_time_el(doc->children, false);
	if (t) done = S_set_date(ctx, a, QUIRE_PUBLISHED, dom_attr(t, "datetime"), "<time datetime>");
	char buf[40];
	size_t budget = 20000;
	if (!done && S_text_date(S_body(doc), buf, sizeof buf, &budget))
		done = S_set_date(ctx, a, QUIRE_PUBLISHED, buf, "a date in the text");
	if (!done && S_url_date(url, buf, sizeof buf))
		done = S_set_date(ctx, a, QUIRE_PUBLISHED, buf, "the URL");
	done = false;
	if (ld->any_modified)
		done = S_set_date(ctx, a, QUIRE_MODIFIED, ld->any_modified, "JSON-LD dateModified");
	for (int i = 0; mod_keys[i] && !done; i++) {
		const char *v = meta_kv_first(all, mod_keys[i]);
		if (v) done = S_set_date(ctx, a, QUIRE_MODIFIED, v, mod_keys[i]);
	}
}

/* ---- language ---------------------------------------------------------------- */

/* "zh_cn" -> "zh-CN"; false when it does not look like a language tag. */
static bool S_bcp47(const char *in, char *out, size_t size)
{
	size_t n = 0;
	while (*in == ' ')
		in++;
	int part = 0;
	size_t plen = 0;
	for (; *in && *in != ',' && *in != ';' && *in != ' ' && n + 1 < size; in++) {
		char c = *in == '_' ? '-' : *in;
		if (c == '-') {
			part++;
			plen = 0;
		} else if (!isalnum((unsigned char)c)) {
			return false;
		} else {
			c = part == 1 && plen < 2 ? (char)toupper((unsigned char)c)
			                          : (char)tolower((unsigned char)c);
			plen++;
		}
		out[n++] = c;
	}
	out[n] = '\0';
	/* a region subtag of 2 letters is upper case; longer (script) ones title case */
	char *dash = strchr(out, '-');
	if (dash && strlen(dash + 1) == 4) {
		dash[1] = (char)toupper((unsigned char)dash[1]);
		for (int i = 2; i < 5; i++)
			dash[i] = (char)tolower((unsigned char)dash[i]);
	}
	return n >= 2 && isalpha((unsigned char)out[0]) && isalpha((unsigned char)out[1]);
}

void meta_lang(xmlDocPtr doc, const meta_kv *all, quire_article *a)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	const char *l = dom_attr(root, "lang"), *src = "<html lang>";
	if (!l || !*l) l = dom_attr(root, "xml:lang");
	if (!l || !*l) {
		l = meta_kv_get(all, "content-language");
		src = "content-language";
	}
	if (!l || !*l) {
		l = meta_kv_get(all, "og:locale");
		src = "og:locale";
	}
	char tag[36];
	if (l && S_bcp47(l, tag, sizeof tag)) {
		quire_article_set(a, QUIRE_LANG, tag);
		quire_article_diag(a, QUIRE_LEVEL_INFO, "meta-source", "language from %s", src);
	}
}

/* Guesses the language from the script of the text: kana means Japanese,
 * Hangul Korean, Han alone Chinese; Cyrillic, Greek, Arabic, Hebrew, Thai. */
static const char *S_lang_from_script(const char *s)
{
	size_t han = 0, kana = 0, hangul = 0, cyr = 0, greek = 0, arab = 0, hebr = 0, thai = 0, latin = 0;
	size_t len = strlen(s);
	for (size_t i = 0; i < len && i < 200000;) {
		int32_t cp;
		int k = text_decode_cp(s + i, len - i, &cp);
		i += (size_t)k;
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
			latin++;
		else if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF))
			han++;
		else if (cp >= 0x3040 && cp <= 0x30FF)
			kana++;
		else if (cp >= 0xAC00 && cp <= 0xD7AF)
			hangul++;
		else if (cp >= 0x0400 && cp <= 0x04FF)
			cyr++;
		else if (cp >= 0x0370 && cp <= 0x03FF)
			greek++;
		else if (cp >= 0x0600 && cp <= 0x06FF)
			arab++;
		else if (cp >= 0x0590 && cp <= 0x05FF)
			hebr++;
		else if (cp >= 0x0E00 && cp <= 0x0E7F)
			thai++;
	}
	size_t cjk = han + kana + hangul;
	if (cjk * 2 > latin / 4 && cjk > 10) {
		if (kana * 10 > cjk) return "ja";
		if (hangul > han) return "ko";
		return "zh";
	}
	const struct {
		size_t n;
		const char *l;
	} other[] = {{cyr, "ru"}, {greek, "el"}, {arab, "ar"}, {hebr, "he"}, {thai, "th"}};
	for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
		if (other[i].n > latin && other[i].n > 20) return other[i].l;
	return NULL;
}

static xmlNodePtr S_first_p(xmlNodePtr n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE) continue;
		if (dom_is(n, "p")) return n;
		xmlNodePtr r = S_first_p(n->children);
		if (r) return r;
	}
	return NULL;
}

/* "记者 林小溪", "□林小溪", "By Jane Roe", "文/佐藤" at the start of a short
 * line: the name after the marker, or NULL. Caller frees. */
static char *S_byline_line(const char *t)
{
	static const char *const marks[] = {"本报记者", "记者", "\xE2\x96\xA1", "By ",    "by ",   "BY ",
	                                    "文/",      "文／", "文・",         "作者：", "作者:", "撰文：",
	                                    "Par ",     "Von ", "Por ",         NULL};
	if (dom_strlen16(t) > 40) return NULL;
	for (int i = 0; marks[i]; i++) {
		size_t n = strlen(marks[i]);
		if (strncmp(t, marks[i], n) != 0) continue;
		const char *r = t + n;
		while (*r == ' ' || *r == ':' || strncmp(r, "：", 3) == 0)
			r += *r == ' ' || *r == ':' ? 1 : 3;
		size_t words = 1;
		for (const char *p = r; *p; p++)
			words += *p == ' ';
		if (!*r || words > 5) return NULL;
		return strdup(r);
	}
	return NULL;
}

static void S_byline_from_lines(quire_article *a, xmlNodePtr n, int *budget)
{
	for (; n && *budget > 0; n = n->next) {
		if (n->type != XML_ELEMENT_NODE) continue;
		if (dom_is(n, "p") || dom_is(n, "div") || dom_is(n, "span") || dom_is(n, "h3") ||
		    dom_is(n, "h4")) {
			char *t = dom_text(n);
			char *name = *t ? S_byline_line(t) : NULL;
			if (*t) (*budget)--;
			free(t);
			if (name) {
				quire_article_add(a, QUIRE_AUTHORS, name);
				quire_article_diag(a, QUIRE_LEVEL_INFO, "meta-source",
				                   "byline from a leading byline line");
				free(name);
				*budget = 0;
				return;
			}
		}
		S_byline_from_lines(a, n->children, budget);
	}
}

void html_meta_finish(quire_ctx *ctx, quire_article *a, html_meta *m, const char *text_byline, xmlDocPtr body)
{
	(void)ctx;
	xmlNodePtr root = body ? xmlDocGetRootElement(body) : NULL;
	if (!m->byline && text_byline && *text_byline) {
		char *b = strdup(text_byline);
		dom_collapse(b);
		quire_article_add(a, QUIRE_AUTHORS, b);
		quire_article_diag(a, QUIRE_LEVEL_INFO, "meta-source", "byline from the text");
		free(b);
	}
	if (!quire_article_count(a, QUIRE_AUTHORS) && root) {
		int budget = 6;
		S_byline_from_lines(a, root->children, &budget);
	}
	if (!quire_article_get(a, QUIRE_SUMMARY) && root) {
		xmlNodePtr p = S_first_p(root->children);
		char *t = p ? dom_text(p) : NULL;
		if (t && *t) {
			quire_article_set(a, QUIRE_SUMMARY, t);
			quire_article_diag(a, QUIRE_LEVEL_INFO, "meta-source",
			                   "summary from the first paragraph");
		}
		free(t);
	}
	if (!quire_article_get(a, QUIRE_LANG) && root) {
		char *t = dom_text_raw(root);
		const char *l = S_lang_from_script(t);
		if (l) {
			quire_article_set(a, QUIRE_LANG, l);
			quire_article_diag(a, QUIRE_LEVEL_INFO, "lang-guess",
			                   "language %s guessed from the script of the text", l);
		}
		free(t);
	}
}
