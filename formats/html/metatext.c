/* metatext.c - the metadata that may need the page's text: published and
 * modified dates (meta, JSON-LD, <time>, the URL, dates written in the text),
 * the language (<html lang>, content-language, else the script of the text),
 * and the fallbacks applied after extraction (byline found in the text, the
 * first paragraph as summary), and entities left in meta values
 * (meta_unescape). It reads no <meta> itself (meta.c does). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "meta.h"

/* ---- HTML entities left in attribute values (double-escaped pages) ------------ */

char *meta_unescape(const char *s)
{
	quire_buf b = QUIRE_BUF_INIT;
	static const struct {
		const char *ent, *ch;
	} named[] = {{"&quot;", "\""}, {"&amp;", "&"}, {"&apos;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}};
	quire_buf_puts(&b, "");
	while (*s) {
		if (*s == '&') {
			bool done = false;
			for (size_t i = 0; i < sizeof named / sizeof named[0] && !done; i++) {
				size_t n = strlen(named[i].ent);
				if (strncmp(s, named[i].ent, n) == 0) {
					quire_buf_puts(&b, named[i].ch);
					s += n;
					done = true;
				}
			}
			if (!done && s[1] == '#') {
				char *end;
				long cp = s[2] == 'x' || s[2] == 'X' ? strtol(s + 3, &end, 16)
				                                     : strtol(s + 2, &end, 10);
				if (*end == ';' && end > s + 2) {
					if (cp <= 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
						cp = 0xFFFD;
					utf8proc_uint8_t u[4];
					utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)cp, u);
					quire_buf_append(&b, (const char *)u, (size_t)k);
					s = end + 1;
					done = true;
				}
			}
			if (done) continue;
		}
		quire_buf_putc(&b, *s++);
	}
	return quire_buf_detach(&b, NULL);
}

/* ---- dates ----------------------------------------------------------------- */

static bool S_set_date(quire_ctx *ctx, quire_article *a, quire_when w, const char *s, const char *source,
                       meta_late *late)
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
	if (how == QTIME_ZONE_DEFAULT)
		quire_article_diag(a, QUIRE_LEVEL_INFO, "date-zone", "%s date has no offset: %s assumed",
		                   what, ctx_default_zone(ctx));
	else if (how == QTIME_ZONE_UTC)
		late->utc |= 1u << w; /* told in html_meta_finish, which knows the language */
	return true;
}

/* The date written next to the title: the lines after it first, then the
 * few above it; lines of link lists (other articles) never count. */
static bool S_title_date(const meta_lines *L, char *out, size_t size)
{
	if (L->anchor == META_NO_LINE) return false;
	for (size_t d = 1; d <= 15; d++) {
		size_t i = L->anchor + d;
		/* right under the title a line may be mostly the site's link */
		bool ok = i < L->n && (meta_line_usable(L, i) || (d <= 2 && !L->v[i].in_li));
		if (ok && datetext_find(meta_line_text(L, i), out, size)) return true;
		i = L->anchor - d;
		if (d <= 3 && L->anchor >= d && meta_line_usable(L, i) &&
		    datetext_find(meta_line_text(L, i), out, size))
			return true;
	}
	return false;
}

/* The first date written in the page (not in a list of links), within the
 * first 20,000 bytes of text. */
static bool S_first_date(const meta_lines *L, char *out, size_t size)
{
	for (size_t i = 0; i < L->n && L->v[i].off < 20000; i++)
		if (meta_line_usable(L, i) && datetext_find(meta_line_text(L, i), out, size)) return true;
	return false;
}

/* A <time> inside a link or a list item with links belongs to a list of
 * other articles. */
static bool S_in_list(const xmlNode *n)
{
	for (const xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
		if (dom_is(p, "a")) return true;
		if (dom_is(p, "li") && dom_count_desc(p, (const char *const[]){"a", NULL})) return true;
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
			if (pub || (!want_pub && !S_in_list(n))) return n;
		}
		xmlNodePtr r = S_time_el(n->children, want_pub);
		if (r) return r;
	}
	return NULL;
}

void meta_dates(quire_ctx *ctx, xmlDocPtr doc, const char *url, const meta_kv *rv, const meta_kv *all,
                const meta_ld *ld, const meta_lines *L, quire_article *a, meta_late *late)
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
	if (ld->published)
		done = S_set_date(ctx, a, QUIRE_PUBLISHED, ld->published, "JSON-LD datePublished", late);
	if (!done && ld->any_published)
		done = S_set_date(ctx, a, QUIRE_PUBLISHED, ld->any_published, "JSON-LD datePublished", late);
	for (int i = 0; pub_keys[i] && !done; i++) {
		const char *v = meta_kv_get(rv, pub_keys[i]);
		if (!v) v = meta_kv_first(all, pub_keys[i]);
		if (v) done = S_set_date(ctx, a, QUIRE_PUBLISHED, v, pub_keys[i], late);
	}
	xmlNodePtr t = done ? NULL : S_time_el(doc->children, true);
	if (!t && !done) t = S_time_el(doc->children, false);
	if (t) done = S_set_date(ctx, a, QUIRE_PUBLISHED, dom_attr(t, "datetime"), "<time datetime>", late);
	char buf[40];
	const char *canon = quire_article_get(a, QUIRE_URL);
	if (!done && S_title_date(L, buf, sizeof buf))
		done = S_set_date(ctx, a, QUIRE_PUBLISHED, buf, "the date next to the title", late);
	if (!done && (datetext_url(url, buf, sizeof buf) || datetext_url(canon, buf, sizeof buf)))
		done = S_set_date(ctx, a, QUIRE_PUBLISHED, buf, "the URL", late);
	if (!done && S_first_date(L, buf, sizeof buf))
		done = S_set_date(ctx, a, QUIRE_PUBLISHED, buf, "a date in the text", late);
	done = false;
	if (ld->any_modified)
		done = S_set_date(ctx, a, QUIRE_MODIFIED, ld->any_modified, "JSON-LD dateModified", late);
	for (int i = 0; mod_keys[i] && !done; i++) {
		const char *v = meta_kv_first(all, mod_keys[i]);
		if (v) done = S_set_date(ctx, a, QUIRE_MODIFIED, v, mod_keys[i], late);
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

/* The zone a Chinese page most likely means, or NULL for other languages. */
static const char *S_zone_hint(const char *lang)
{
	if (!lang || strncmp(lang, "zh", 2) != 0 || (lang[2] && lang[2] != '-')) return NULL;
	if (strstr(lang, "-TW")) return "Asia/Taipei";
	if (strstr(lang, "-HK")) return "Asia/Hong_Kong";
	if (strstr(lang, "-MO")) return "Asia/Macau";
	return "Asia/Shanghai";
}

static void S_zone_diags(quire_article *a, unsigned utc)
{
	const char *hint = S_zone_hint(quire_article_get(a, QUIRE_LANG));
	for (int w = QUIRE_PUBLISHED; w <= QUIRE_MODIFIED; w++) {
		if (!(utc & (1u << w))) continue;
		const char *what = w == QUIRE_PUBLISHED ? "published" : "modified";
		if (hint)
			quire_article_diag(a, QUIRE_LEVEL_WARNING, "date-zone",
			                   "%s date has no offset: UTC assumed (--timezone %s may be meant)",
			                   what, hint);
		else
			quire_article_diag(a, QUIRE_LEVEL_INFO, "date-zone",
			                   "%s date has no offset: UTC assumed", what);
	}
}

/* Adds names as authors (or editors); how many. */
static size_t S_add_names(quire_article *a, quire_list l, const meta_names *n, const meta_late *late)
{
	size_t added = 0;
	for (size_t i = 0; i < n->n; i++)
		if (!byline_junk(n->v[i], late->site, late->title)) {
			quire_article_add(a, l, n->v[i]);
			added++;
		}
	return added;
}

/* The authors when metadata named none: a byline line next to the title,
 * else the byline the extraction found, else the closing line, else a
 * leading line of the body. */
static void S_text_authors(quire_article *a, const meta_late *late, const char *text_byline, xmlNodePtr root)
{
	/* the Chinese forms are surer than what the extraction took for a byline;
	 * a "By" line near the title is less so */
	bool closing = late->authors_how && strstr(late->authors_how, "closing");
	bool han = late->authors.n && (unsigned char)late->authors.v[0][0] >= 0xE3;
	if (!closing && han && S_add_names(a, QUIRE_AUTHORS, &late->authors, late)) {
		quire_article_diag(a, QUIRE_LEVEL_INFO, "meta-source", "authors from %s", late->authors_how);
		return;
	}
	meta_names got = {0};
	if (text_byline && *text_byline) {
		char *b = strdup(text_byline);
		dom_collapse(b);
		if (!byline_junk(b, late->site, late->title)) byline_value(b, &got);
		free(b);
	}
	size_t n = S_add_names(a, QUIRE_AUTHORS, &got, late);
	meta_names_free(&got);
	if (n) {
		quire_article_diag(a, QUIRE_LEVEL_INFO, "meta-source", "byline from the text");
	} else if (S_add_names(a, QUIRE_AUTHORS, &late->authors, late)) {
		quire_article_diag(a, QUIRE_LEVEL_INFO, "meta-source", "authors from %s", late->authors_how);
	} else if (root) {
		int budget = 6;
		S_byline_from_lines(a, root->children, &budget);
	}
}

/* A lone author who is also the page's editor ("责任编辑：X" and a CMS's
 * author meta saying X) is the editor only. */
static void S_editor_not_author(quire_article *a)
{
	if (quire_article_count(a, QUIRE_AUTHORS) != 1) return;
	const char *au = quire_article_item(a, QUIRE_AUTHORS, 0);
	for (size_t i = 0; i < quire_article_count(a, QUIRE_EDITORS); i++)
		if (strcmp(quire_article_item(a, QUIRE_EDITORS, i), au) == 0) {
			quire_article_clear_list(a, QUIRE_AUTHORS);
			quire_article_diag(a, QUIRE_LEVEL_INFO, "author-refused",
			                   "the author is the page's editor: kept as editor only");
			return;
		}
}

void html_meta_finish(quire_ctx *ctx, quire_article *a, html_meta *m, const char *text_byline, xmlDocPtr body)
{
	(void)ctx;
	xmlNodePtr root = body ? xmlDocGetRootElement(body) : NULL;
	if (!quire_article_count(a, QUIRE_AUTHORS)) S_text_authors(a, m->late, text_byline, root);
	if (S_add_names(a, QUIRE_EDITORS, &m->late->editors, m->late)) {
		quire_article_diag(a, QUIRE_LEVEL_INFO, "meta-source",
		                   "editors from an editor line (责任编辑)");
		if (m->byline) S_editor_not_author(a); /* a text byline next to an editor line is surer */
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
	S_zone_diags(a, m->late->utc);
}
