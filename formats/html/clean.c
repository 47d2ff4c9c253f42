/* clean.c - cleans the article container extract.c found: data tables are
 * told from layout tables, lazy images get their real source, and forms,
 * share bars, link lists, embeds and other blocks that look like chrome
 * (by link density, image/paragraph ratios, class hints) are removed. It
 * decides nothing about where the article is. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"

static const char *const S_positive[] = {"article", "body", "content", "entry",      "hentry",
                                         "h-entry", "main", "page",    "pagination", "post",
                                         "text",    "blog", "story",   NULL};
static const char *const S_negative[] = {
    "-ad-",     "hidden",     "banner",  "combx",    "comment", "com-",    "contact", "foot",  "gdpr",
    "masthead", "media",      "meta",    "outbrain", "promo",   "related", "scroll",  "share", "shoutbox",
    "sidebar",  "skyscraper", "sponsor", "shopping", "tags",    "widget",  NULL};

/* "hid" as a whole space-separated token. */
static bool S_hid_token(const char *s)
{
	for (const char *p = strstr(s, "hid"); p; p = strstr(p + 1, "hid"))
		if ((p == s || p[-1] == ' ') && (p[3] == '\0' || p[3] == ' ')) return true;
	return false;
}

static int S_weigh(const char *s)
{
	int w = 0;
	if (!s || !*s) return 0;
	if (dom_has_word(s, S_negative) || S_hid_token(s)) w -= 25;
	if (dom_has_word(s, S_positive)) w += 25;
	return w;
}

int html_class_weight(const xmlNode *n, unsigned flags)
{
	if (!(flags & XF_WEIGHT_CLASSES)) return 0;
	return S_weigh(dom_attr(n, "class")) + S_weigh(dom_attr(n, "id"));
}

static bool S_datatable(const xmlNode *n)
{
	return n->_private && ((const xinfo *)n->_private)->datatable == 1;
}

bool html_has_ancestor(const xmlNode *n, const char *tag, int max_depth, bool need_datatable)
{
	int depth = 0;
	for (; n->parent && n->parent->type == XML_ELEMENT_NODE; n = n->parent, depth++) {
		if (max_depth > 0 && depth > max_depth) return false;
		if (dom_is(n->parent, tag) && (!need_datatable || S_datatable(n->parent))) return true;
	}
	return false;
}

/* ---- data tables ------------------------------------------------------------- */

static void S_rows_cols(const xmlNode *table, size_t *rows, size_t *cols)
{
	static const char *const tr[] = {"tr", NULL};
	size_t n;
	xmlNodePtr *trs = dom_collect(table, tr, &n);
	*rows = *cols = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rs = dom_attr(trs[i], "rowspan");
		long r = rs ? strtol(rs, NULL, 10) : 0;
		*rows += r > 0 ? (size_t)r : 1;
		size_t c = 0;
		for (xmlNodePtr td = dom_first_el(trs[i]); td; td = dom_next_el(td)) {
			if (!dom_is(td, "td")) continue;
			const char *cs = dom_attr(td, "colspan");
			long v = cs ? strtol(cs, NULL, 10) : 0;
			c += v > 0 ? (size_t)v : 1;
		}
		if (c > *cols) *cols = c;
	}
	free(trs);
}

static int S_is_data_table(const xmlNode *t)
{
	static const char *const data_desc[] = {"col", "colgroup", "tfoot", "thead", "th", NULL};
	static const char *const caption[] = {"caption", NULL}, *const table[] = {"table", NULL};
	const char *role = dom_attr(t, "role"), *dt = dom_attr(t, "datatable"),
	           *summary = dom_attr(t, "summary");
	if (role && strcmp(role, "presentation") == 0) return 0;
	if (dt && strcmp(dt, "0") == 0) return 0;
	if (summary && *summary) return 1;
	size_t n;
	xmlNodePtr *caps = dom_collect(t, caption, &n);
	bool cap = n && caps[0]->children;
	free(caps);
	if (cap) return 1;
	if (dom_count_desc(t, data_desc)) return 1;
	if (dom_count_desc(t, table)) return 0;
	size_t rows, cols;
	S_rows_cols(t, &rows, &cols);
	if (cols == 1 || rows == 1) return 0;
	if (rows >= 10 || cols > 4) return 1;
	return rows * cols > 10;
}

static void S_mark_data_tables(xpool *pool, xmlNodePtr root)
{
	static const char *const table[] = {"table", NULL};
	size_t n;
	xmlNodePtr *ts = dom_collect(root, table, &n);
	for (size_t i = 0; i < n; i++)
		xpool_get(pool, ts[i])->datatable = (signed char)S_is_data_table(ts[i]);
	free(ts);
}

/* ---- lazy images ---------------------------------------------------------- */

static bool S_image_url(const char *v)
{
	static const char *const ext[] = {".jpg", ".jpeg", ".png", ".webp", ".gif", NULL};
	if (!v || strchr(v, ' ')) return false;
	for (int i = 0; ext[i]; i++)
		if (strcasestr(v, ext[i])) return true;
	return false;
}

/* An <img> without a usable src takes it from data-src and friends; a tiny
 * base64 placeholder is replaced the same way. */
static void S_fix_lazy(xmlNodePtr root)
{
	static const char *const img[] = {"img", NULL};
	size_t n;
	xmlNodePtr *v = dom_collect(root, img, &n);
	for (size_t i = 0; i < n; i++) {
		xmlNodePtr e = v[i];
		const char *src = dom_attr(e, "src");
		bool placeholder = !src || !*src || (strncmp(src, "data:", 5) == 0 && strlen(src) < 133);
		const char *cls = dom_attr(e, "class");
		if (!placeholder && !(cls && strcasestr(cls, "lazy"))) continue;
		for (xmlAttrPtr a = e->properties; a; a = a->next) {
			const char *name = (const char *)a->name;
			if (!strcmp(name, "src") || !strcmp(name, "srcset") || !strcmp(name, "alt")) continue;
			const char *val = dom_attr(e, name);
			if (S_image_url(val)) {
				char *copy = strdup(val);
				xmlSetProp(e, BAD_CAST "src", BAD_CAST copy);
				free(copy);
				break;
			}
		}
	}
	free(v);
}

/* ---- removal rules ------------------------------------------------------------ */

static bool S_video_url(const char *v)
{
	static const char *const hosts[] = {"//www.dailymotion.com",
	                                    "//dailymotion.com",
	                                    "//www.youtube.com",
	                                    "//youtube.com",
	                                    "//www.youtube-nocookie.com",
	                                    "//youtube-nocookie.com",
	                                    "//player.vimeo.com",
	                                    "//v.qq.com",
	                                    "//archive.org",
	                                    "//upload.wikimedia.org",
	                                    "//player.twitch.tv",
	                                    NULL};
	return v && dom_has_word(v, hosts);
}

static bool S_embed_is_video(const xmlNode *e)
{
	for (xmlAttrPtr a = e->properties; a; a = a->next)
		if (S_video_url(dom_attr(e, (const char *)a->name))) return true;
	return false;
}

/* Removes every descendant named tag (deepest last-first, as a snapshot). */
static void S_clean(xmlNodePtr root, const char *tag)
{
	const char *const names[] = {tag, NULL};
	size_t n;
	xmlNodePtr *v = dom_collect(root, names, &n);
	bool embed = !strcmp(tag, "object") || !strcmp(tag, "embed") || !strcmp(tag, "iframe");
	for (size_t i = n; i-- > 0;)
		if (!embed || !S_embed_is_video(v[i])) dom_remove(v[i]);
	free(v);
}

static double S_text_density(const xmlNode *n, const char *const *tags)
{
	size_t total = dom_text_len(n);
	if (!total) return 0;
	size_t k, sum = 0;
	xmlNodePtr *v = dom_collect(n, tags, &k);
	for (size_t i = 0; i < k; i++)
		sum += dom_text_len(v[i]);
	free(v);
	return (double)sum / (double)total;
}

static bool S_only_words(const char *t, const char *const *words)
{
	for (; *words; words++) {
		size_t n = strlen(*words);
		if (strncasecmp(t, *words, n) == 0 &&
		    (t[n] == '\0' || !strcmp(t + n, "...") || !strcmp(t + n, "…")))
			return true;
	}
	return false;
}

typedef struct S_counts {
	size_t p, img, li, input, embeds;
	bool video;
} S_counts;

static void S_count(const xmlNode *n, S_counts *c)
{
	for (const xmlNode *k = n->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE) continue;
		const char *t = (const char *)k->name;
		if (!strcmp(t, "p"))
			c->p++;
		else if (!strcmp(t, "img"))
			c->img++;
		else if (!strcmp(t, "li"))
			c->li++;
		else if (!strcmp(t, "input"))
			c->input++;
		else if (!strcmp(t, "object") || !strcmp(t, "embed") || !strcmp(t, "iframe")) {
			if (S_embed_is_video(k)) c->video = true;
			c->embeds++;
		}
		S_count(k, c);
	}
}

static void S_ascii_commas_in(const xmlNode *n, size_t *k)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE)
			S_ascii_commas_in(c, k);
		else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			for (const xmlChar *p = c->content; *p; p++)
				*k += *p == ',';
	}
}

static size_t S_ascii_commas(const xmlNode *n)
{
	size_t k = 0;
	S_ascii_commas_in(n, &k);
	return k;
}

/* Does any descendant named one of tags hold text? (text density > 0) */
static bool S_any_text_in(const xmlNode *n, const char *const *tags)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE) continue;
		if (dom_is_any(c, tags) && dom_text_len(c) > 0) return true;
		if (S_any_text_in(c, tags)) return true;
	}
	return false;
}

static bool S_has_data_table(const xmlNode *n)
{
	static const char *const table[] = {"table", NULL};
	size_t k;
	xmlNodePtr *v = dom_collect(n, table, &k);
	bool any = false;
	for (size_t i = 0; i < k && !any; i++)
		any = S_datatable(v[i]);
	free(v);
	return any;
}

/* Would a reader call this block chrome? (Readability's _cleanConditionally.) */
static bool S_conditional_chrome(const xmlNode *n, const char *tag, unsigned flags)
{
	static const char *const lists[] = {"ul", "ol", NULL};
	static const char *const heads[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
	static const char *const textish[] = {"span", "li", "td",  "blockquote", "dl", "div", "img",
	                                      "ol",   "p",  "pre", "table",      "ul", NULL};
	static const char *const ad_words[] = {"ad",   "advertising", "advertisement", "pub",     "publicité",
	                                       "werb", "werbung",     "广告",          "Реклама", "Anuncio",
	                                       NULL};
	static const char *const loading[] = {"loading",    "正在加载", "Загрузка",
	                                      "chargement", "cargando", NULL};
	bool is_list = !strcmp(tag, "ul") || !strcmp(tag, "ol");
	size_t text_len = dom_text_len(n);
	if (!is_list) {
		size_t k, list_len = 0;
		xmlNodePtr *v = dom_collect(n, lists, &k);
		for (size_t i = 0; i < k; i++)
			list_len += dom_text_len(v[i]);
		free(v);
		is_list = text_len && (double)list_len / (double)text_len > 0.9;
	}
	if (!strcmp(tag, "table") && S_datatable(n)) return false;
	if (html_has_ancestor(n, "table", -1, true) || html_has_ancestor(n, "code", 3, false)) return false;
	if (S_has_data_table(n)) return false;
	int weight = html_class_weight(n, flags);
	if (weight < 0) return true;
	if (S_ascii_commas(n) >= 10) return false;
	S_counts c = {0};
	S_count(n, &c);
	if (c.video) return false;
	if (text_len <= 20) {
		char *t = dom_text(n);
		bool junk_words = S_only_words(t, ad_words) || S_only_words(t, loading);
		free(t);
		if (junk_words) return true;
	}
	double ld = dom_link_density(n);
	bool figure_child = html_has_ancestor(n, "figure", 3, false);
	double li = (double)c.li - 100;
	bool remove = (!figure_child && c.img > 1 && (double)c.p / (double)c.img < 0.5) ||
	              (!is_list && li > (double)c.p) || ((double)c.input > (double)(c.p / 3)) ||
	              (!is_list && weight < 25 && ld > 0.2) || (weight >= 25 && ld > 0.5) ||
	              ((c.embeds == 1 && text_len < 75) || c.embeds > 1);
	/* the costlier densities only when they can decide */
	if (!remove && !is_list && !figure_child && text_len < 25 && (c.img == 0 || c.img > 2) && ld > 0)
		remove = S_text_density(n, heads) < 0.9;
	if (!remove && c.img == 0) remove = !S_any_text_in(n, textish);
	if (is_list && remove) {
		/* a simple list of images may stay */
		for (xmlNodePtr ch = dom_first_el(n); ch; ch = dom_next_el(ch))
			if (dom_count_el(ch) > 1) return true;
		static const char *const li_tag[] = {"li", NULL};
		if (c.img == dom_count_desc(n, li_tag)) return false;
	}
	return remove;
}

static void S_clean_conditionally(xmlNodePtr root, const char *tag, unsigned flags)
{
	if (!(flags & XF_CLEAN_CONDITIONALLY)) return;
	const char *const names[] = {tag, NULL};
	size_t n;
	xmlNodePtr *v = dom_collect(root, names, &n);
	for (size_t i = n; i-- > 0;)
		if (S_conditional_chrome(v[i], tag, flags)) dom_remove(v[i]);
	free(v);
}

static bool S_share_word(const char *s)
{
	static const char *const words[] = {"share", "sharedaddy", NULL};
	for (int w = 0; words[w]; w++) {
		size_t n = strlen(words[w]);
		for (const char *p = strcasestr(s, words[w]); p; p = strcasestr(p + 1, words[w])) {
			char b = p == s ? ' ' : p[-1], e = p[n];
			bool wb =
			    !((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')) ||
			    b == '_';
			bool we =
			    !((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9')) ||
			    e == '_';
			if (wb && we) return true;
		}
	}
	return false;
}

static void S_clean_share(xmlNodePtr top)
{
	xmlNodePtr end = dom_next_node(top, true);
	for (xmlNodePtr k = dom_next_node(top, false); k && k != end;) {
		const char *c = dom_attr(k, "class"), *id = dom_attr(k, "id");
		char match[512];
		snprintf(match, sizeof match, "%s %s", c ? c : "", id ? id : "");
		if (S_share_word(match)) {
			char *t = dom_text_raw(k);
			size_t len = dom_strlen16(t);
			free(t);
			if (len < 500) {
				k = dom_remove_and_next(k);
				continue;
			}
		}
		k = dom_next_node(k, false);
	}
}

static void S_clean_headers(xmlNodePtr root, unsigned flags)
{
	static const char *const h12[] = {"h1", "h2", NULL};
	size_t n;
	xmlNodePtr *v = dom_collect(root, h12, &n);
	for (size_t i = n; i-- > 0;)
		if (html_class_weight(v[i], flags) < 0) dom_remove(v[i]);
	free(v);
}

static void S_drop_empty_paragraphs(xmlNodePtr root)
{
	static const char *const p[] = {"p", NULL};
	static const char *const media[] = {"img", "embed", "object", "iframe", NULL};
	size_t n;
	xmlNodePtr *v = dom_collect(root, p, &n);
	for (size_t i = n; i-- > 0;) {
		if (dom_count_desc(v[i], media)) continue;
		xmlChar *t = xmlNodeGetContent(v[i]);
		size_t k;
		bool blank = true;
		for (const char *s = (const char *)t; s && *s && blank; s += k)
			blank = dom_space_at(s, &k);
		xmlFree(t);
		if (blank) dom_remove(v[i]);
	}
	free(v);
}

static void S_drop_br_before_p(xmlNodePtr root)
{
	static const char *const br[] = {"br", NULL};
	size_t n;
	xmlNodePtr *v = dom_collect(root, br, &n);
	for (size_t i = 0; i < n; i++) {
		xmlNodePtr next = v[i]->next;
		while (
		    next && next->type != XML_ELEMENT_NODE &&
		    (!next->content || !*next->content ||
		     strspn((const char *)next->content, " \t\n\r") == strlen((const char *)next->content)))
			next = next->next;
		if (dom_is(next, "p")) dom_remove(v[i]);
	}
	free(v);
}

static bool S_all_phrasing(const xmlNode *n)
{
	static const char *const blocks[] = {"p",   "div",     "ul",      "ol",     "table", "blockquote",
	                                     "pre", "h1",      "h2",      "h3",     "h4",    "h5",
	                                     "h6",  "section", "article", "figure", "dl",    NULL};
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && (dom_is_any(c, blocks) || !S_all_phrasing(c)))
			return false;
	return true;
}

static xmlNodePtr S_only_child(xmlNodePtr n, const char *tag)
{
	if (dom_count_el(n) != 1 || !dom_is(dom_first_el(n), tag)) return NULL;
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (c->type == XML_TEXT_NODE && dom_text_len(c)) return NULL;
	return dom_first_el(n);
}

/* A table of one cell is layout: its cell becomes a paragraph or a div. */
static void S_unwrap_single_cells(xmlNodePtr root)
{
	static const char *const table[] = {"table", NULL};
	size_t n;
	xmlNodePtr *v = dom_collect(root, table, &n);
	for (size_t i = n; i-- > 0;) {
		xmlNodePtr t = v[i], body = S_only_child(t, "tbody");
		xmlNodePtr row = S_only_child(body ? body : t, "tr");
		xmlNodePtr cell = row ? S_only_child(row, "td") : NULL;
		if (!cell) continue;
		dom_rename(cell, S_all_phrasing(cell) ? "p" : "div");
		xmlUnlinkNode(cell);
		xmlReplaceNode(t, cell);
		xmlFreeNode(t);
	}
	free(v);
}

void html_prep_article(xpool *pool, xmlNodePtr article, unsigned flags)
{
	S_mark_data_tables(pool, article);
	S_fix_lazy(article);
	S_clean_conditionally(article, "form", flags);
	S_clean_conditionally(article, "fieldset", flags);
	static const char *const gone[] = {"object", "embed", "footer", "link", "aside", NULL};
	for (int i = 0; gone[i]; i++)
		S_clean(article, gone[i]);
	for (xmlNodePtr c = dom_first_el(article); c; c = dom_next_el(c))
		S_clean_share(c);
	static const char *const gone2[] = {"iframe", "input", "textarea", "select", "button", NULL};
	for (int i = 0; gone2[i]; i++)
		S_clean(article, gone2[i]);
	S_clean_headers(article, flags);
	S_clean_conditionally(article, "table", flags);
	S_clean_conditionally(article, "ul", flags);
	S_clean_conditionally(article, "div", flags);
	static const char *const h1[] = {"h1", NULL};
	size_t n;
	xmlNodePtr *v = dom_collect(article, h1, &n);
	for (size_t i = 0; i < n; i++)
		dom_rename(v[i], "h2");
	free(v);
	S_drop_empty_paragraphs(article);
	S_drop_br_before_p(article);
	S_unwrap_single_cells(article);
}
