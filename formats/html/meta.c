/* meta.c - a page's metadata: <meta> names and properties (og:, article:,
 * twitter:, dc:, parsely-), JSON-LD (NewsArticle and friends, arrays and
 * @graph), <link rel=canonical>, <base>, <html lang>. Each value found says
 * where it came from (an info diagnostic). Dates and language fallbacks that
 * need the text are in metatext.c. The title rules are in title.c. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "meta.h"

/* ---- collecting <meta> ------------------------------------------------------ */

static void S_kv_add(meta_kv *kv, const char *key, const char *value)
{
	if (kv->n == kv->cap) {
		kv->cap = kv->cap ? kv->cap * 2 : 32;
		kv->k = realloc(kv->k, kv->cap * sizeof *kv->k);
		kv->v = realloc(kv->v, kv->cap * sizeof *kv->v);
		if (!kv->k || !kv->v) abort();
	}
	kv->k[kv->n] = strdup(key);
	char *v = strdup(value);
	if (!kv->k[kv->n] || !v) abort();
	dom_collapse(v);
	kv->v[kv->n++] = v;
}

/* The last value of key (later <meta> win, as in a JavaScript object). */
const char *meta_kv_get(const meta_kv *kv, const char *key)
{
	for (size_t i = kv->n; i-- > 0;)
		if (strcmp(kv->k[i], key) == 0 && kv->v[i][0]) return kv->v[i];
	return NULL;
}

/* The first value of key. */
const char *meta_kv_first(const meta_kv *kv, const char *key)
{
	for (size_t i = 0; i < kv->n; i++)
		if (strcmp(kv->k[i], key) == 0 && kv->v[i][0]) return kv->v[i];
	return NULL;
}

static void S_kv_free(meta_kv *kv)
{
	for (size_t i = 0; i < kv->n; i++) {
		free(kv->k[i]);
		free(kv->v[i]);
	}
	free(kv->k);
	free(kv->v);
}

static void S_lower_nospace(const char *in, char *out, size_t size)
{
	size_t n = 0;
	for (; *in && n + 1 < size; in++)
		if (!isspace((unsigned char)*in)) out[n++] = (char)tolower((unsigned char)*in);
	out[n] = '\0';
}

/* The first "prefix:name" in a space-separated property list, for the names
 * an article's metadata uses. */
static bool S_property_key(const char *prop, char *key, size_t size)
{
	static const char *const pre[] = {"article", "dc", "dcterm", "og", "twitter", NULL};
	static const char *const names[] = {"author", "creator",   "description", "published_time",
	                                    "title",  "site_name", NULL};
	char low[256];
	S_lower_nospace(prop, low, sizeof low);
	for (const char *p = low; *p; p++) {
		for (int i = 0; pre[i]; i++) {
			size_t n = strlen(pre[i]);
			if (strncmp(p, pre[i], n) != 0 || p[n] != ':') continue;
			for (int j = 0; names[j]; j++) {
				size_t m = strlen(names[j]);
				if (strncmp(p + n + 1, names[j], m) == 0) {
					snprintf(key, size, "%s:%s", pre[i], names[j]);
					return true;
				}
			}
		}
	}
	return false;
}

/* name= forms: [dc|dcterm|og|twitter|parsely|weibo:article|weibo:webpage][-.:]NAME */
static bool S_name_key(const char *name, char *key, size_t size)
{
	static const char *const pre[] = {
	    "dc", "dcterm", "og", "twitter", "parsely", "weibo:article", "weibo:webpage", NULL};
	static const char *const names[] = {"author", "creator",   "pub-date", "description",
	                                    "title",  "site_name", NULL};
	char low[128];
	S_lower_nospace(name, low, sizeof low);
	const char *rest = low;
	for (int i = 0; pre[i]; i++) {
		size_t n = strlen(pre[i]);
		if (strncmp(low, pre[i], n) == 0 && (low[n] == '-' || low[n] == '.' || low[n] == ':')) {
			rest = low + n + 1;
			break;
		}
	}
	for (int j = 0; names[j]; j++) {
		if (strcmp(rest, names[j]) == 0) {
			snprintf(key, size, "%s", low);
			for (char *c = key; *c; c++)
				if (*c == '.') *c = ':';
			return true;
		}
	}
	return false;
}

static void S_collect_meta(xmlNodePtr n, meta_kv *rv, meta_kv *all)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE) continue;
		if (dom_is(n, "meta")) {
			const char *content = dom_attr(n, "content");
			const char *prop = dom_attr(n, "property"), *name = dom_attr(n, "name");
			const char *ip = dom_attr(n, "itemprop"), *eq = dom_attr(n, "http-equiv");
			char key[128];
			if (content && *content) {
				bool matched = false;
				if (prop && (matched = S_property_key(prop, key, sizeof key)))
					S_kv_add(rv, key, content);
				if (!matched && name && S_name_key(name, key, sizeof key))
					S_kv_add(rv, key, content);
				const char *keys[] = {prop, name, ip, eq};
				for (int i = 0; i < 4; i++) {
					if (!keys[i]) continue;
					S_lower_nospace(keys[i], key, sizeof key);
					S_kv_add(all, key, content);
				}
			}
		}
		S_collect_meta(n->children, rv, all);
	}
}

/* ---- JSON-LD ----------------------------------------------------------------- */

/* schema.org types of articles (a type containing one of these names). */
bool meta_article_type(const char *t)
{
	static const char *const types[] = {
	    "AdvertiserContentArticle", "NewsArticle",           "AnalysisNewsArticle",
	    "AskPublicNewsArticle",     "BackgroundNewsArticle", "OpinionNewsArticle",
	    "ReportageNewsArticle",     "ReviewNewsArticle",     "Report",
	    "SatiricalArticle",         "ScholarlyArticle",      "MedicalScholarlyArticle",
	    "SocialMediaPosting",       "BlogPosting",           "LiveBlogPosting",
	    "DiscussionForumPosting",   "TechArticle",           NULL};
	if (!t) return false;
	if (strncmp(t, "Article", 7) == 0) return true;
	size_t n = strlen(t);
	if (n >= 12 && strcmp(t + n - 12, "APIReference") == 0) return true;
	for (int i = 0; types[i]; i++)
		if (strstr(t, types[i])) return true;
	return false;
}

static bool S_schema_org(const char *s)
{
	if (!s) return false;
	const char *p = strncmp(s, "https://", 8) == 0 ? s + 8 : strncmp(s, "http://", 7) == 0 ? s + 7 : NULL;
	return p && (strcmp(p, "schema.org") == 0 || strcmp(p, "schema.org/") == 0);
}

/* True when the object's @type, a string or an array of strings, names an
 * article type ("@type": ["NewsArticle", "Article"]). */
static bool S_ld_article(const jv *o)
{
	const jv *t = jv_get(o, "@type");
	if (meta_article_type(jv_str(t))) return true;
	for (size_t i = 0; i < jv_len(t); i++)
		if (meta_article_type(jv_str(jv_at(t, i)))) return true;
	return false;
}

static const jv *S_find_article(const jv *v)
{
	for (size_t i = 0; i < jv_len(v); i++)
		if (S_ld_article(jv_at(v, i))) return jv_at(v, i);
	return NULL;
}

/* The object of v (arrays and @graph) whose @id is id and that says more
 * than its @id, or NULL. */
static const jv *S_ld_by_id(const jv *v, const char *id, int depth)
{
	if (!v || depth > 4) return NULL;
	for (size_t i = 0; i < jv_len(v); i++) {
		const jv *r = S_ld_by_id(jv_at(v, i), id, depth + 1);
		if (r) return r;
	}
	const char *own = jv_str(jv_get(v, "@id"));
	if (own && strcmp(own, id) == 0 && (jv_get(v, "name") || jv_get(v, "@type"))) return v;
	return S_ld_by_id(jv_get(v, "@graph"), id, depth + 1);
}

/* A reference {"@id": ...} resolved within the script (the @graph form
 * Yoast and others write); v itself when it is not one or nothing matches. */
static const jv *S_ld_deref(const jv *root, const jv *v)
{
	const char *id = jv_str(jv_get(v, "@id"));
	if (!id || jv_get(v, "name")) return v;
	const jv *r = S_ld_by_id(root, id, 0);
	return r ? r : v;
}

/* The article object of one script as Readability picks it (strict), or NULL. */
static const jv *S_ld_strict(const jv *root)
{
	const jv *p = root;
	if (jv_is_array(p) && !(p = S_find_article(p))) return NULL;
	const jv *ctxv = jv_get(p, "@context");
	if (!S_schema_org(jv_str(ctxv)) && !S_schema_org(jv_str(jv_get(ctxv, "@vocab")))) return NULL;
	if (!jv_get(p, "@type") && jv_is_array(jv_get(p, "@graph"))) p = S_find_article(jv_get(p, "@graph"));
	if (!p || !S_ld_article(p)) return NULL;
	return p;
}

/* Any article-like object anywhere (arrays, @graph, @type arrays): lenient. */
static const jv *S_ld_lenient(const jv *v, int depth)
{
	if (!v || depth > 4) return NULL;
	if (jv_is_array(v)) {
		for (size_t i = 0; i < jv_len(v); i++) {
			const jv *r = S_ld_lenient(jv_at(v, i), depth + 1);
			if (r) return r;
		}
		return NULL;
	}
	if (S_ld_article(v)) return v;
	return S_ld_lenient(jv_get(v, "@graph"), depth + 1);
}

static char *S_trimdup(const char *s)
{
	char *c = strdup(s);
	if (!c) abort();
	dom_collapse(c);
	return c;
}

/* Readability's reading of the article object. */
static void S_ld_fill(xmlDocPtr doc, const jv *root, const jv *p, meta_ld *ld)
{
	const char *name = jv_str(jv_get(p, "name")), *head = jv_str(jv_get(p, "headline"));
	if (name && head && strcmp(name, head) != 0) {
		char *title = html_title_from_doc(doc);
		bool nm = html_text_similarity(name, title) > 0.75,
		     hm = html_text_similarity(head, title) > 0.75;
		ld->title = S_trimdup(hm && !nm ? head : name);
		free(title);
	} else if (name || head) {
		ld->title = S_trimdup(name ? name : head);
	}
	const jv *au = S_ld_deref(root, jv_get(p, "author"));
	if (jv_str(jv_get(au, "name"))) {
		ld->byline = S_trimdup(jv_str(jv_get(au, "name")));
		if (!*ld->byline) { /* an empty name is no byline */
			free(ld->byline);
			ld->byline = NULL;
		}
	} else if (jv_is_array(au) && jv_str(jv_get(S_ld_deref(root, jv_at(au, 0)), "name"))) {
		quire_buf b = QUIRE_BUF_INIT;
		for (size_t i = 0; i < jv_len(au); i++) {
			const char *n = jv_str(jv_get(S_ld_deref(root, jv_at(au, i)), "name"));
			if (!n) continue;
			char *t = S_trimdup(n);
			quire_buf_printf(&b, "%s%s", b.len ? ", " : "", t);
			free(t);
		}
		ld->byline = quire_buf_detach(&b, NULL);
	}
	if (jv_str(jv_get(p, "description"))) ld->excerpt = S_trimdup(jv_str(jv_get(p, "description")));
	const char *pub = jv_str(jv_get(S_ld_deref(root, jv_get(p, "publisher")), "name"));
	if (pub) ld->site = S_trimdup(pub);
	if (jv_str(jv_get(p, "datePublished"))) ld->published = S_trimdup(jv_str(jv_get(p, "datePublished")));
}

/* The authors of the article object as a list (names; strings too). */
static void S_ld_authors(const jv *root, const jv *au, meta_ld *ld)
{
	if (!au) return;
	if (jv_is_array(au)) {
		for (size_t i = 0; i < jv_len(au); i++)
			S_ld_authors(root, jv_at(au, i), ld);
		return;
	}
	au = S_ld_deref(root, au);
	const char *n = jv_str(au) ? jv_str(au) : jv_str(jv_get(au, "name"));
	if (n && *n && ld->nauthors < sizeof ld->authors / sizeof ld->authors[0])
		ld->authors[ld->nauthors++] = S_trimdup(n);
}

static char *S_script_text(xmlNodePtr n)
{
	char *t = dom_text_raw(n);
	char *s = t;
	while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
		s++;
	if (strncmp(s, "<![CDATA[", 9) == 0) memmove(t, s + 9, strlen(s + 9) + 1);
	size_t len = strlen(t);
	while (len && strchr(" \n\t\r", t[len - 1]))
		len--;
	if (len >= 3 && strncmp(t + len - 3, "]]>", 3) == 0) len -= 3;
	t[len] = '\0';
	return t;
}

static void S_walk_ld(xmlDocPtr doc, xmlNodePtr n, meta_ld *ld)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE) continue;
		const char *type = dom_is(n, "script") ? dom_attr(n, "type") : NULL;
		if (type && strcasecmp(type, "application/ld+json") == 0) {
			char *t = S_script_text(n);
			jv *root = jv_parse(t, strlen(t));
			free(t);
			if (root) {
				const jv *p = ld->strict_found ? NULL : S_ld_strict(root);
				if (p) {
					S_ld_fill(doc, root, p, ld);
					ld->strict_found = true;
				}
				const jv *q = S_ld_lenient(root, 0);
				if (q && !ld->lenient_found) {
					ld->lenient_found = true;
					S_ld_authors(root, jv_get(q, "author"), ld);
					const char *pub = jv_str(jv_get(q, "datePublished"));
					const char *mod = jv_str(jv_get(q, "dateModified"));
					const char *head = jv_str(jv_get(q, "headline"));
					const char *site =
					    jv_str(jv_get(S_ld_deref(root, jv_get(q, "publisher")), "name"));
					ld->any_published = pub ? S_trimdup(pub) : NULL;
					ld->any_modified = mod ? S_trimdup(mod) : NULL;
					ld->any_headline = head ? S_trimdup(head) : NULL;
					ld->any_publisher = site ? S_trimdup(site) : NULL;
					const char *kw = jv_str(jv_get(q, "keywords"));
					ld->keywords = kw ? S_trimdup(kw) : NULL;
				}
				jv_free(root);
			}
			continue;
		}
		S_walk_ld(doc, n->children, ld);
	}
}

static void S_ld_free(meta_ld *ld)
{
	free(ld->title);
	free(ld->byline);
	free(ld->excerpt);
	free(ld->site);
	free(ld->published);
	free(ld->any_published);
	free(ld->any_modified);
	free(ld->any_headline);
	free(ld->any_publisher);
	free(ld->keywords);
	for (size_t i = 0; i < ld->nauthors; i++)
		free(ld->authors[i]);
}

/* ---- the fields ----------------------------------------------------------- */

static void S_set_from(quire_article *a, quire_field f, const char *value, const char *what,
                       const char *source)
{
	char *u = meta_unescape(value);
	dom_collapse(u);
	if (*u) {
		quire_article_set(a, f, u);
		quire_article_diag(a, QUIRE_LEVEL_INFO, "meta-source", "%s from %s", what, source);
	}
	free(u);
}

/* The first of keys that has a value; *which names it. */
static const char *S_pick(const meta_kv *kv, const char *const *keys, const char **which)
{
	for (; *keys; keys++) {
		const char *v = meta_kv_get(kv, *keys);
		if (v) {
			*which = *keys;
			return v;
		}
	}
	return NULL;
}

static bool S_is_url(const char *s)
{
	return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

/* A site-name suffix after one of these ends a <title>. The separators
 * the Readability rules already weigh (" | ", " - ", " / "...) are left to
 * them; these are the ones Chinese and Japanese sites use. */
static size_t S_suffix_sep(const char *s)
{
	static const char *const seps[] = {
	    "_", "::", "\xEF\xBD\x9C", "\xC2\xB7", "\xE2\x80\xA2", "\xEF\xBC\x8D", "\xE2\x80\x94\xE2\x80\x94",
	    NULL};
	for (int i = 0; seps[i]; i++)
		if (strncmp(s, seps[i], strlen(seps[i])) == 0) return strlen(seps[i]);
	return 0;
}

/* The separators between a headline and a site name in general; used for
 * headlines in scripts without spaces, where the word counts of the
 * Readability rules cannot work. */
static size_t S_any_sep(const char *s)
{
	static const char *const seps[] = {
	    "|", "-", "\xE2\x80\x93", "\xE2\x80\x94", ":", "\xEF\xBC\x9A", "/", "\\", "\xC2\xBB", ">", NULL};
	size_t n = S_suffix_sep(s);
	for (int i = 0; !n && seps[i]; i++)
		if (strncmp(s, seps[i], strlen(seps[i])) == 0) n = strlen(seps[i]);
	return n;
}

/* Half or more of the letters are Han, kana or Hangul. */
static bool S_mostly_cjk(const char *s)
{
	size_t cjk = 0, other = 0, len = strlen(s);
	for (size_t i = 0; i < len;) {
		int32_t cp;
		i += (size_t)text_decode_cp(s + i, len - i, &cp);
		if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
		    (cp >= 0xAC00 && cp <= 0xD7AF))
			cjk++;
		else if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp > 0x7F)
			other++;
	}
	return cjk >= 4 && cjk >= other;
}

static xmlNodePtr S_next_h1(xmlNodePtr n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE) continue;
		if (dom_is(n, "h1")) return n;
		xmlNodePtr r = S_next_h1(n->children);
		if (r) return r;
	}
	return NULL;
}

/* When an <h1> holds exactly the part of the title before a separator
 * ("Headline_Section_Site"), the rest is the site's name: returns the <h1>
 * text (caller frees) or NULL. */
static char *S_title_by_h1(xmlDocPtr doc, const char *title)
{
	xmlNodePtr h = S_next_h1(doc->children);
	for (int i = 0; h && i < 4; i++) {
		char *t = dom_text(h);
		size_t n = strlen(t);
		if (n >= 4 && strncmp(title, t, n) == 0) {
			const char *rest = title + n;
			while (*rest == ' ')
				rest++;
			if (*rest && (S_suffix_sep(rest) || (S_mostly_cjk(t) && S_any_sep(rest)))) return t;
		}
		free(t);
		xmlNodePtr next = h->next ? S_next_h1(h->next) : NULL;
		for (xmlNodePtr up = h->parent; !next && up && up->type == XML_ELEMENT_NODE; up = up->parent)
			next = up->next ? S_next_h1(up->next) : NULL;
		h = next;
	}
	return NULL;
}

static xmlNodePtr S_find_el(xmlNodePtr n, const char *name, const char *attr, const char *value);

/* The text of <title>, collapsed; caller frees. */
static char *S_raw_title(xmlDocPtr doc)
{
	xmlNodePtr t = S_find_el(doc->children, "title", NULL, NULL);
	return t ? dom_text(t) : NULL;
}

/* "Headline - Section - Site" when a line of the page holds exactly
 * "Headline" (or a heading starts with it): the longest such part before a
 * separator, at least 40% of the title, so that a menu item does not win
 * (titles in Han, kana or Hangul). Also a title shortened with "…" when a heading holds it whole. Caller
 * frees; NULL when nothing applies. */
static char *S_title_by_lines(const meta_lines *L, const char *title)
{
	size_t tl = dom_strlen16(title), n = strlen(title);
	bool cut =
	    n >= 3 && (strcmp(title + n - 3, "\xE2\x80\xA6") == 0 || strcmp(title + n - 3, "...") == 0);
	size_t stem = cut ? n - 3 : 0;
	while (stem && title[stem - 1] == ' ')
		stem--;
	for (size_t i = 0; stem >= 8 && i < L->n; i++) {
		const char *t = meta_line_text(L, i);
		if (L->v[i].heading && strlen(t) > stem + 3 && strncmp(t, title, stem) == 0) return strdup(t);
	}
	/* Readability's rules already weigh separators in spaced scripts */
	for (size_t end = S_mostly_cjk(title) ? n : 0; end-- > 1;) {
		size_t k = S_any_sep(title + end);
		if (!k) continue;
		size_t len = end;
		while (len && title[len - 1] == ' ')
			len--;
		char *prefix = strndup(title, len);
		if (!prefix) abort();
		bool long_enough = dom_strlen16(prefix) >= 4 && dom_strlen16(prefix) * 10 >= tl * 4;
		for (size_t i = 0; long_enough && i < L->n; i++) {
			const char *t = meta_line_text(L, i);
			if (strcmp(t, prefix) == 0 ||
			    (L->v[i].heading && strncmp(t, prefix, len) == 0 && t[len] == ' '))
				return prefix;
		}
		free(prefix);
	}
	return NULL;
}

/* A part of a title that names a site ("新浪网", "聯合新聞網", "自由電子報",
 * "ntdtv.com"), or is the og:site_name. */
static bool S_site_part(const char *s, const char *site)
{
	static const char *const ends[] = {"网",     "網",   "电子报", "電子報", "新闻", "新聞", "中心",
	                                   "频道",   "頻道", "日报",   "日報",   "时报", "時報", "电视台",
	                                   "電視台", ".com", ".cn",    ".tw",    ".hk",  NULL};
	if (site && strcmp(s, site) == 0) return true;
	size_t n = strlen(s);
	for (int i = 0; ends[i]; i++) {
		size_t k = strlen(ends[i]);
		if (n > k && strcmp(s + n - k, ends[i]) == 0) return true;
	}
	return false;
}

/* A CJK title's trailing parts after " - ", " | ", "_" or "｜" when the last
 * names a site, and the short section names before it ("X | 健康天地 |
 * 聯合新聞網"). Caller frees; NULL when nothing is dropped. */
static char *S_title_site_dropped(const char *title, const char *site)
{
	static const char *const seps[] = {
	    " - ", " | ", "_", "\xEF\xBD\x9C", " \xE2\x80\x93 ", " \xE2\x80\x94 ", NULL};
	if (!S_mostly_cjk(title)) return NULL;
	char *t = strdup(title);
	if (!t) abort();
	bool dropped = false;
	for (;;) {
		char *last = NULL;
		size_t k = 0;
		for (char *p = t; *p; p++)
			for (int i = 0; seps[i]; i++)
				if (strncmp(p, seps[i], strlen(seps[i])) == 0 && p > t)
					last = p, k = strlen(seps[i]);
		if (!last) break;
		char *part = last + k;
		dom_collapse(part);
		if (!S_site_part(part, site) && !(dropped && dom_strlen16(part) <= 6)) break;
		*last = '\0';
		dom_collapse(t);
		dropped = true;
	}
	if (dropped && dom_strlen16(t) >= 4) return t;
	free(t);
	return NULL;
}

static void S_title(xmlDocPtr doc, const meta_kv *rv, const meta_ld *ld, const meta_lines *L,
                    quire_article *a, html_meta *m)
{
	static const char *const keys[] = {"dc:title",
	                                   "dcterm:title",
	                                   "og:title",
	                                   "weibo:article:title",
	                                   "weibo:webpage:title",
	                                   "title",
	                                   "twitter:title",
	                                   "parsely-title",
	                                   NULL};
	const char *which = NULL, *v = ld->title;
	char whybuf[160];
	if (v)
		which = "JSON-LD";
	else
		v = S_pick(rv, keys, &which);
	char *t = v ? strdup(v) : NULL;
	if (!t) {
		t = html_title_from_doc(doc);
		which = "<title>";
	}
	char *u = meta_unescape(t);
	free(t);
	dom_collapse(u);
	if (!v) {
		char *h = S_title_by_h1(doc, u);
		if (h) {
			free(u);
			u = h;
			which = "<title> without its site-name suffix (as the <h1> says)";
		}
	}
	if (!ld->title) {
		char *h = S_title_by_lines(L, u);
		const char *why = "as a line of the page says";
		if (!h) {
			h = S_title_site_dropped(u, meta_kv_get(rv, "og:site_name"));
			why = "guessed: the last part names a site";
		}
		if (h) {
			free(u);
			u = h;
			snprintf(whybuf, sizeof whybuf, "%s without its site-name suffix (%s)",
			         v ? which : "<title>", why);
			which = whybuf;
		}
	}
	m->title = u;
	if (*u) {
		quire_article_set(a, QUIRE_TITLE, u);
		quire_article_diag(a, QUIRE_LEVEL_INFO, "meta-source", "title from %s", which);
	}
}

/* Adds the names of an author value; false (and a diagnostic) when it is no
 * person: a site name, a URL, a software credit. */
static bool S_add_author(quire_article *a, const char *v, const char *which, const meta_late *late)
{
	char *u = meta_unescape(v);
	dom_collapse(u);
	meta_names got = {0};
	bool ok = *u && !byline_junk(u, late->site, late->title) && byline_value(u, &got);
	for (size_t i = 0; ok && i < got.n; i++)
		ok = !byline_junk(got.v[i], late->site, late->title);
	if (ok)
		for (size_t i = 0; i < got.n; i++)
			quire_article_add(a, QUIRE_AUTHORS, got.v[i]);
	else if (*u)
		quire_article_diag(a, QUIRE_LEVEL_INFO, "author-refused",
		                   "author from %s refused: a site name, URL or credit, not a person", which);
	meta_names_free(&got);
	free(u);
	return ok;
}

static void S_byline(const meta_kv *rv, const meta_ld *ld, html_meta *m, quire_article *a)
{
	static const char *const keys[] = {"dc:creator",     "dcterm:creator", "author",
	                                   "parsely-author", "article:author", NULL};
	const char *v = NULL, *which = NULL;
	if (ld->byline) {
		bool any = false;
		if (ld->nauthors > 1) /* several JSON-LD authors: one entry each */
			for (size_t i = 0; i < ld->nauthors; i++)
				any |= S_add_author(a, ld->authors[i], "JSON-LD", m->late);
		else
			any = S_add_author(a, ld->byline, "JSON-LD", m->late);
		if (any) v = ld->byline, which = "JSON-LD";
	}
	for (int i = 0; keys[i] && !v; i++) {
		const char *c = meta_kv_get(rv, keys[i]);
		if (!c || (strcmp(keys[i], "article:author") == 0 && S_is_url(c))) continue;
		if (S_add_author(a, c, keys[i], m->late)) v = c, which = keys[i];
	}
	if (v) {
		m->byline = meta_unescape(v);
		dom_collapse(m->byline);
		quire_article_diag(a, QUIRE_LEVEL_INFO, "meta-source", "byline from %s", which);
	}
}

static void S_tags(const meta_kv *all, const meta_ld *ld, quire_article *a)
{
	const char *kw = meta_kv_get(all, "keywords");
	if (!kw) kw = meta_kv_get(all, "news_keywords");
	if (!kw) kw = ld->keywords;
	if (kw) {
		char *c = meta_unescape(kw);
		/* full-width commas and semicolons separate too */
		for (char *p; (p = strstr(c, "\xEF\xBC\x8C")) || (p = strstr(c, "\xEF\xBC\x9B"));)
			memcpy(p, ",  ", 3);
		char *save = NULL;
		for (char *tok = strtok_r(c, ",;", &save); tok; tok = strtok_r(NULL, ",;", &save)) {
			dom_collapse(tok);
			quire_article_add(a, QUIRE_TAGS, tok);
		}
		free(c);
	}
	for (size_t i = 0; i < all->n; i++)
		if (strcmp(all->k[i], "article:tag") == 0) quire_article_add(a, QUIRE_TAGS, all->v[i]);
}

static xmlNodePtr S_find_el(xmlNodePtr n, const char *name, const char *attr, const char *value)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE) continue;
		if (dom_is(n, name)) {
			const char *v = attr ? dom_attr(n, attr) : NULL;
			if (!attr || (v && dom_has_word(v, (const char *const[]){value, NULL}))) return n;
		}
		xmlNodePtr r = S_find_el(n->children, name, attr, value);
		if (r) return r;
	}
	return NULL;
}

static void S_urls(xmlDocPtr doc, const char *url, const meta_kv *all, quire_article *a, html_meta *m)
{
	xmlNodePtr base = S_find_el(doc->children, "base", NULL, NULL);
	const char *bh = base ? dom_attr(base, "href") : NULL;
	if (bh && *bh)
		m->base = url_resolve(url, bh);
	else if (url)
		m->base = strdup(url);
	xmlNodePtr canon = S_find_el(doc->children, "link", "rel", "canonical");
	const char *href = canon ? dom_attr(canon, "href") : NULL;
	const char *ogurl = meta_kv_get(all, "og:url");
	/* without a page URL, a relative canonical may still resolve against an
	 * absolute og:url */
	const char *against = m->base ? m->base : ogurl && strstr(ogurl, "://") ? ogurl : NULL;
	char *c = NULL;
	if (href && *href) {
		c = url_resolve(against, href);
		if (c && strstr(c, "://")) {
			quire_article_diag(a, QUIRE_LEVEL_INFO, "meta-source", "url from link rel=canonical");
		} else {
			quire_article_diag(
			    a, QUIRE_LEVEL_INFO, "meta-source",
			    "link rel=canonical is relative and the page has no URL: not used");
			free(c);
			c = NULL;
		}
	}
	if (!c && ogurl) {
		c = url_resolve(m->base, ogurl);
		if (c && strstr(c, "://"))
			quire_article_diag(a, QUIRE_LEVEL_INFO, "meta-source", "url from og:url");
	}
	/* a relative canonical without any base stays unresolved: not a URL */
	if (c && strstr(c, "://"))
		quire_article_set(a, QUIRE_URL, c);
	else if (url)
		quire_article_set(a, QUIRE_URL, url);
	free(c);
	if (url) quire_article_set(a, QUIRE_SOURCE_URL, url);
	const char *img = meta_kv_get(all, "og:image");
	if (!img) img = meta_kv_get(all, "twitter:image");
	if (img) {
		char *r = url_resolve(m->base, img);
		quire_article_set(a, QUIRE_IMAGE, r);
		free(r);
	}
}

/* The source a Chinese date/source line names next to the title ("来源：新华网
 * 作者：李楠" gives 新华网): the publisher when no metadata says one (the
 * line itself leaves the text, edges.c). */
static void S_source_line(const meta_lines *L, quire_article *a)
{
	static const char *const labels[] = {"来源", "來源", "稿源", NULL};
	size_t from = L->anchor == META_NO_LINE ? 0 : L->anchor;
	for (size_t i = from; i < L->n && i < from + 8; i++) {
		const char *t = meta_line_text(L, i), *v = NULL;
		for (int k = 0; labels[k] && !v && meta_line_usable(L, i); k++)
			v = strstr(t, labels[k]);
		if (!v) continue;
		v += strlen("来源");
		if (*v == ' ') v++;
		if (*v == ':')
			v++;
		else if (!strncmp(v, "\xEF\xBC\x9A", 3))
			v += 3; /* ： */
		else
			continue;
		v += *v == ' ';
		size_t n = strcspn(v, " ");
		if (!n || n > 60) continue;
		char value[64];
		memcpy(value, v, n);
		value[n] = '\0';
		S_set_from(a, QUIRE_PUBLISHER, value, "publisher", "the source line");
		return;
	}
}

void html_meta_collect(quire_ctx *ctx, xmlDocPtr doc, const char *url, quire_article *a, html_meta *m)
{
	meta_kv rv = {0}, all = {0};
	meta_ld ld = {0};
	memset(m, 0, sizeof *m);
	S_collect_meta(doc->children, &rv, &all);
	S_walk_ld(doc, doc->children, &ld);
	meta_lines L;
	meta_lines_build(doc, &L);
	S_title(doc, &rv, &ld, &L, a, m);
	meta_late *late = calloc(1, sizeof *late);
	if (!late) abort();
	m->late = late;
	const char *sitename = ld.site ? ld.site : meta_kv_get(&rv, "og:site_name");
	late->site = sitename ? meta_unescape(sitename) : NULL;
	late->title = S_raw_title(doc);
	S_byline(&rv, &ld, m, a);
	bool ld_any = false;
	for (size_t i = 0; !m->byline && i < ld.nauthors; i++)
		ld_any |= S_add_author(a, ld.authors[i], "JSON-LD", late);
	if (ld_any) {
		quire_article_diag(a, QUIRE_LEVEL_INFO, "meta-source", "authors from JSON-LD");
		m->byline = strdup(quire_article_item(a, QUIRE_AUTHORS, 0));
	}
	static const char *const ex_keys[] = {"dc:description",
	                                      "dcterm:description",
	                                      "og:description",
	                                      "weibo:article:description",
	                                      "weibo:webpage:description",
	                                      "description",
	                                      "twitter:description",
	                                      NULL};
	const char *which = "JSON-LD", *ex = ld.excerpt ? ld.excerpt : S_pick(&rv, ex_keys, &which);
	if (ex) {
		m->excerpt = meta_unescape(ex);
		S_set_from(a, QUIRE_SUMMARY, ex, "summary", which);
	}
	which = "JSON-LD";
	const char *site = ld.site ? ld.site : meta_kv_get(&rv, "og:site_name");
	if (!ld.site) which = "og:site_name";
	if (site) S_set_from(a, QUIRE_SITE_NAME, site, "site name", which);
	if (ld.any_publisher)
		S_set_from(a, QUIRE_PUBLISHER, ld.any_publisher, "publisher", "JSON-LD");
	else if (site)
		S_set_from(a, QUIRE_PUBLISHER, site, "publisher", which);
	S_tags(&all, &ld, a);
	S_urls(doc, url, &all, a, m);
	meta_lines_anchor(&L, m->title);
	byline_from_lines(&L, &late->authors, &late->authors_how, &late->editors);
	if (!quire_article_get(a, QUIRE_PUBLISHER)) S_source_line(&L, a);
	meta_dates(ctx, doc, url, &rv, &all, &ld, &L, a, late);
	meta_lines_free(&L);
	meta_lang(doc, &all, a);
	S_ld_free(&ld);
	S_kv_free(&rv);
	S_kv_free(&all);
}

void html_meta_free(html_meta *m)
{
	free(m->title);
	free(m->byline);
	free(m->excerpt);
	free(m->base);
	if (m->late) {
		meta_names_free(&m->late->authors);
		meta_names_free(&m->late->editors);
		free(m->late->site);
		free(m->late->title);
		free(m->late);
	}
	memset(m, 0, sizeof *m);
}
