/* package.c - the parts of a volume around its chapters: the package document
 * (OPF: metadata, manifest, spine), the navigation document (toc, landmarks;
 * also the contents page), the EPUB 2 NCX mirroring it, the style sheet for the
 * book's languages and the generated SVG cover. All built as libxml2 trees. */
#include <stdlib.h>
#include <string.h>

#include "epub.h"
#include "../css.h"

#define OPF_NS "http://www.idpf.org/2007/opf"
#define DC_NS "http://purl.org/dc/elements/1.1/"
#define NCX_NS "http://www.daisy.org/z3986/2005/ncx/"
#define SVG_NS "http://www.w3.org/2000/svg"

const char *epub_label(const char *lang, epub_label_id id)
{
	static const char *const en[] = {"Contents", "Cover",         "Start",  "Landmarks",
	                                 "articles", "Uncategorized", "Undated"};
	static const char *const zh[] = {"目录", "封面", "正文", "导航", "篇文章", "未分类", "无日期"};
	static const char *const ja[] = {"目次",     "表紙",   "本文",    "ナビゲーション",
	                                 "件の記事", "未分類", "日付なし"};
	if (!strncmp(lang, "zh", 2)) return zh[id];
	if (!strncmp(lang, "ja", 2)) return ja[id];
	return en[id];
}

static const char *S_label(const epub_volume *v, epub_label_id id)
{
	return epub_label(v->lang, id);
}

static xmlNodePtr S_el(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text)
{
	xmlNodePtr n = xmlNewDocNode(parent->doc, ns, BAD_CAST name, NULL);
	xmlAddChild(parent, n);
	epub_text(n, text);
	return n;
}

/* A new XML document whose root element *root is name in the namespace ns
 * (the default namespace). */
static xmlDocPtr S_doc(const char *name, const char *ns, xmlNodePtr *root)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	*root = xmlNewDocNode(doc, NULL, BAD_CAST name, NULL);
	xmlDocSetRootElement(doc, *root);
	xmlSetNs(*root, xmlNewNs(*root, BAD_CAST ns, NULL));
	return doc;
}

static void S_attr(xmlNodePtr n, const char *name, const char *value)
{
	xmlSetProp(n, BAD_CAST name, BAD_CAST value);
}

static char *S_finish(xmlDocPtr doc, size_t *len)
{
	char *out = epub_serialize(doc, len);
	xmlFreeDoc(doc);
	return out;
}

/* ---- OPF ----------------------------------------------------------------------- */

static xmlNodePtr S_meta(xmlNodePtr md, const char *property, const char *value)
{
	xmlNodePtr m = S_el(md, md->ns, "meta", value);
	S_attr(m, "property", property);
	return m;
}

static void S_meta2(xmlNodePtr md, const char *name, const char *content)
{
	xmlNodePtr m = S_el(md, md->ns, "meta", NULL);
	S_attr(m, "name", name);
	S_attr(m, "content", content);
}

/* The value every chapter of the volume shares, or NULL. */
static const char *S_common(const epub_volume *v, size_t offset)
{
	const char *first = NULL;
	for (size_t i = 0; i < v->n; i++) {
		const char *s = *(char *const *)((const char *)v->ch[i] + offset);
		if (!s) return NULL;
		if (!first)
			first = s;
		else if (strcmp(first, s))
			return NULL;
	}
	return first;
}

/* Adds s to a list of distinct strings (at most max). */
static void S_distinct(const char **list, size_t *n, size_t max, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(list[i], s)) return;
	if (*n < max) list[(*n)++] = s;
}

static void S_opf_dc(epub_volume *v, xmlNodePtr md, xmlNsPtr dc)
{
	char buf[64];
	snprintf(buf, sizeof buf, "urn:uuid:%s", v->uuid);
	S_attr(S_el(md, dc, "identifier", buf), "id", "pub-id");
	S_attr(S_el(md, dc, "title", v->title), "id", "title");
	S_el(md, dc, "language", v->lang);
	const char *authors[10];
	size_t na = 0;
	for (size_t i = 0; i < v->n; i++)
		for (size_t k = 0; k < v->ch[i]->n_authors; k++)
			S_distinct(authors, &na, 10, v->ch[i]->authors[k]);
	for (size_t i = 0; i < na; i++)
		S_el(md, dc, "creator", authors[i]);
	/* dc:date: the newest article's publication, in its own offset */
	const quire_time *date = NULL;
	for (size_t i = 0; i < v->n; i++)
		if (v->ch[i]->published.precision && (!date || v->ch[i]->published.utc > date->utc))
			date = &v->ch[i]->published;
	if (date) {
		char iso[48];
		S_el(md, dc, "date", quire_time_iso(date, iso, sizeof iso));
	}
	const char *pub = S_common(v, offsetof(epub_chapter, publisher));
	if (!pub) pub = S_common(v, offsetof(epub_chapter, site));
	if (pub) S_el(md, dc, "publisher", pub);
	if (v->n == 1 && v->ch[0]->source) S_el(md, dc, "source", v->ch[0]->source);
	const char *subjects[50];
	size_t ns = 0;
	for (size_t i = 0; i < v->n; i++)
		for (size_t k = 0; k < v->ch[i]->n_subjects; k++)
			S_distinct(subjects, &ns, 50, v->ch[i]->subjects[k]);
	for (size_t i = 0; i < ns; i++)
		S_el(md, dc, "subject", subjects[i]);
}

static void S_opf_meta(epub_volume *v, xmlNodePtr md)
{
	char buf[64];
	quire_time t = {v->modified, 0, QUIRE_PREC_SECOND};
	S_meta(md, "dcterms:modified", quire_time_utc(&t, buf, sizeof buf));
	/* EPUB Accessibility 1.1 discovery metadata */
	S_meta(md, "schema:accessMode", "textual");
	if (v->has_images) S_meta(md, "schema:accessMode", "visual");
	if (!v->has_images || v->all_alt) S_meta(md, "schema:accessModeSufficient", "textual");
	S_meta(md, "schema:accessibilityFeature", "tableOfContents");
	S_meta(md, "schema:accessibilityFeature", "readingOrder");
	if (v->has_images && v->all_alt) S_meta(md, "schema:accessibilityFeature", "alternativeText");
	S_meta(md, "schema:accessibilityHazard", "none");
	S_meta(md, "schema:accessibilitySummary",
	       v->has_images && !v->all_alt
	           ? "Text converted from web articles, with a table of contents; some images lack text "
	             "alternatives."
	           : "Text converted from web articles, in reading order, with a table of contents.");
	if (v->count > 1) {
		S_attr(S_meta(md, "belongs-to-collection", v->series), "id", "series");
		S_attr(S_meta(md, "collection-type", "series"), "refines", "#series");
		snprintf(buf, sizeof buf, "%u", v->index);
		S_attr(S_meta(md, "group-position", buf), "refines", "#series");
		S_meta2(md, "calibre:series", v->series);
		S_meta2(md, "calibre:series_index", buf);
	}
	S_meta2(md, "cover", "cover-image");
	if (v->book->vertical) S_meta2(md, "primary-writing-mode", "vertical-rl");
}

static void S_item(xmlNodePtr man, const char *id, const char *href, const char *type, const char *props)
{
	xmlNodePtr it = S_el(man, man->ns, "item", NULL);
	S_attr(it, "id", id);
	S_attr(it, "href", href);
	S_attr(it, "media-type", type);
	if (props) S_attr(it, "properties", props);
}

static void S_itemref(xmlNodePtr spine, const char *idref)
{
	S_attr(S_el(spine, spine->ns, "itemref", NULL), "idref", idref);
}

static void S_chapter_id(const epub_chapter *ch, char *id, size_t size)
{
	snprintf(id, size, "%.*s", (int)(strlen(ch->file) - 6), ch->file);
}

size_t *epub_volume_images(const epub_volume *v, size_t *n)
{
	const epub_book *b = v->book;
	size_t total = 0;
	for (size_t i = 0; i < v->n; i++)
		total += v->ch[i]->n_res;
	size_t *order = malloc((total + 1) * sizeof *order);
	bool *seen = calloc(b->nres + 1, 1);
	if (!order || !seen) abort();
	*n = 0;
	for (size_t i = 0; i < v->n; i++)
		for (size_t k = 0; k < v->ch[i]->n_res; k++) {
			size_t r = v->ch[i]->res[k];
			if (!seen[r]) {
				seen[r] = true;
				order[(*n)++] = r;
			}
		}
	free(seen);
	return order;
}

char *epub_opf(epub_volume *v, size_t *len)
{
	xmlNodePtr pkg;
	xmlDocPtr doc = S_doc("package", OPF_NS, &pkg);
	xmlNsPtr opf = pkg->ns;
	S_attr(pkg, "version", "3.0");
	S_attr(pkg, "unique-identifier", "pub-id");
	xmlNodeSetLang(pkg, BAD_CAST v->lang);
	xmlNodePtr md = S_el(pkg, opf, "metadata", NULL);
	xmlNsPtr dc = xmlNewNs(md, BAD_CAST DC_NS, BAD_CAST "dc");
	S_opf_dc(v, md, dc);
	S_opf_meta(v, md);

	xmlNodePtr man = S_el(pkg, opf, "manifest", NULL);
	S_item(man, "nav", "nav.xhtml", "application/xhtml+xml", "nav");
	S_item(man, "ncx", "toc.ncx", "application/x-dtbncx+xml", NULL);
	S_item(man, "css", "style.css", "text/css", NULL);
	const epub_res *cov = &v->book->cover;
	S_item(man, "cover-image", epub_cover_name(v), cov->data ? cov->media_type : "image/svg+xml",
	       "cover-image");
	S_item(man, "cover", "cover.xhtml", "application/xhtml+xml", NULL);
	char id[32];
	for (size_t i = 0; i < v->n; i++) {
		S_chapter_id(v->ch[i], id, sizeof id);
		S_item(man, id, v->ch[i]->file, "application/xhtml+xml", NULL);
	}
	/* images in order of first use */
	const epub_book *b = v->book;
	size_t nimg, *img = epub_volume_images(v, &nimg);
	for (size_t i = 0; i < nimg; i++) {
		const epub_res *res = &b->res[img[i]];
		snprintf(id, sizeof id, "img-%.16s", res->name + 4);
		S_item(man, id, res->name, res->media_type, NULL);
	}
	free(img);

	xmlNodePtr spine = S_el(pkg, opf, "spine", NULL);
	S_attr(spine, "toc", "ncx");
	if (v->book->vertical) S_attr(spine, "page-progression-direction", "rtl");
	S_itemref(spine, "cover");
	S_itemref(spine, "nav");
	for (size_t i = 0; i < v->n; i++) {
		S_chapter_id(v->ch[i], id, sizeof id);
		S_itemref(spine, id);
	}
	return S_finish(doc, len);
}

/* ---- nav and NCX ----------------------------------------------------------------- */

static void S_nav_link(xmlNodePtr li, const char *href, const char *label)
{
	S_attr(epub_add(li, "a", label), "href", href);
}

char *epub_nav(epub_volume *v, size_t *len)
{
	xmlNodePtr body;
	xmlDocPtr doc = epub_xhtml_doc(v->lang, S_label(v, L_CONTENTS), true, &body);
	xmlNsPtr epub = xmlSearchNsByHref(doc, xmlDocGetRootElement(doc), BAD_CAST EPUB_OPS_NS);
	xmlNodePtr nav = epub_add(body, "nav", NULL);
	xmlSetNsProp(nav, epub, BAD_CAST "type", BAD_CAST "toc");
	S_attr(nav, "id", "toc");
	S_attr(epub_add(nav, "h1", v->title), "class", "toc-title");
	xmlNodePtr ol = epub_add(nav, "ol", NULL), sub = NULL;
	const char *group = NULL;
	for (size_t i = 0; i < v->n; i++) {
		const epub_chapter *ch = v->ch[i];
		if (ch->group && (!group || strcmp(group, ch->group))) {
			xmlNodePtr li = epub_add(ol, "li", NULL);
			S_nav_link(li, ch->file, ch->group);
			sub = epub_add(li, "ol", NULL);
			group = ch->group;
		}
		S_nav_link(epub_add(ch->group ? sub : ol, "li", NULL), ch->file, ch->title);
	}
	xmlNodePtr lm = epub_add(body, "nav", NULL);
	xmlSetNsProp(lm, epub, BAD_CAST "type", BAD_CAST "landmarks");
	S_attr(lm, "id", "landmarks");
	S_attr(lm, "hidden", "hidden");
	epub_add(lm, "h2", S_label(v, L_LANDMARKS));
	xmlNodePtr lol = epub_add(lm, "ol", NULL);
	static const char *const types[] = {"cover", "toc", "bodymatter"};
	const char *hrefs[] = {"cover.xhtml", "nav.xhtml#toc", v->ch[0]->file};
	const epub_label_id labels[] = {L_COVER, L_CONTENTS, L_START};
	for (int i = 0; i < 3; i++) {
		xmlNodePtr a = epub_add(epub_add(lol, "li", NULL), "a", S_label(v, labels[i]));
		xmlSetNsProp(a, epub, BAD_CAST "type", BAD_CAST types[i]);
		S_attr(a, "href", hrefs[i]);
	}
	return S_finish(doc, len);
}

static xmlNodePtr S_navpoint(xmlNodePtr parent, xmlNsPtr ns, unsigned *n, unsigned order, const char *label,
                             const char *src)
{
	char buf[32];
	xmlNodePtr np = S_el(parent, ns, "navPoint", NULL);
	snprintf(buf, sizeof buf, "np-%u", ++*n);
	S_attr(np, "id", buf);
	snprintf(buf, sizeof buf, "%u", order);
	S_attr(np, "playOrder", buf);
	S_el(S_el(np, ns, "navLabel", NULL), ns, "text", label);
	S_attr(S_el(np, ns, "content", NULL), "src", src);
	return np;
}

char *epub_ncx(epub_volume *v, size_t *len)
{
	xmlNodePtr ncx;
	xmlDocPtr doc = S_doc("ncx", NCX_NS, &ncx);
	xmlNsPtr ns = ncx->ns;
	S_attr(ncx, "version", "2005-1");
	xmlNodeSetLang(ncx, BAD_CAST v->lang);
	xmlNodePtr head = S_el(ncx, ns, "head", NULL);
	char uid[64];
	snprintf(uid, sizeof uid, "urn:uuid:%s", v->uuid);
	bool groups = v->n && v->ch[0]->group;
	const char *metas[][2] = {{"dtb:uid", uid},
	                          {"dtb:depth", groups ? "2" : "1"},
	                          {"dtb:totalPageCount", "0"},
	                          {"dtb:maxPageNumber", "0"}};
	for (int i = 0; i < 4; i++) {
		xmlNodePtr m = S_el(head, ns, "meta", NULL);
		S_attr(m, "name", metas[i][0]);
		S_attr(m, "content", metas[i][1]);
	}
	S_el(S_el(ncx, ns, "docTitle", NULL), ns, "text", v->title);
	xmlNodePtr map = S_el(ncx, ns, "navMap", NULL), sub = NULL;
	unsigned n = 0;
	const char *group = NULL;
	for (size_t i = 0; i < v->n; i++) {
		const epub_chapter *ch = v->ch[i];
		unsigned order = (unsigned)i + 1;
		if (ch->group && (!group || strcmp(group, ch->group))) {
			sub = S_navpoint(map, ns, &n, order, ch->group, ch->file);
			group = ch->group;
		}
		S_navpoint(ch->group ? sub : map, ns, &n, order, ch->title, ch->file);
	}
	return S_finish(doc, len);
}

/* ---- CSS ----------------------------------------------------------------------------- */

static const char S_css_base[] =
    "@charset \"utf-8\";\n"
    "body { margin: 0 4%; line-height: 1.6; }\n"
    ".titlepage { margin: 1em 0 1.5em; padding-bottom: 0.8em; border-bottom: 1px solid #999; }\n"
    ".titlepage h1 { font-size: 1.5em; line-height: 1.3; margin: 0 0 0.5em; }\n"
    ".titlepage p { margin: 0.2em 0; font-size: 0.9em; color: #555; text-indent: 0; }\n"
    ".titlepage .subtitle { font-size: 1.1em; color: #333; }\n" FORMATS_CSS_BLOCKS
    "nav ol { list-style-type: none; padding-left: 1em; }\n"
    "nav li { margin: 0.3em 0; }\n"
    ".cover { margin: 0; padding: 0; text-align: center; }\n"
    ".cover img { max-width: 100%; max-height: 100%; }\n" FORMATS_CSS_CJK
    ":lang(zh) .article p, :lang(ja) .article p { text-indent: 2em; margin: 0.4em 0; }\n";

static const char S_css_vertical[] =
    "html:lang(zh), html:lang(ja) { writing-mode: vertical-rl; -epub-writing-mode: vertical-rl; "
    "-webkit-writing-mode: vertical-rl; }\n"
    ":lang(zh) body, :lang(ja) body { margin: 4% 0; }\n"
    ":lang(zh) img, :lang(ja) img { max-height: 100%; max-width: none; width: auto; }\n";

char *epub_css(epub_volume *v, size_t *len)
{
	quire_buf b = QUIRE_BUF_INIT;
	quire_buf_puts(&b, S_css_base);
	if (v->book->vertical) quire_buf_puts(&b, S_css_vertical);
	return quire_buf_detach(&b, len);
}

/* ---- cover ------------------------------------------------------------------------------ */

const char *epub_cover_name(const epub_volume *v)
{
	const epub_res *c = &v->book->cover;
	return c->data ? c->name : "cover.svg";
}

/* Splits text into lines of at most cols display columns (breaking at spaces
 * when the line has any), at most max lines; the last one ends with an ellipsis. */
static size_t S_wrap(const char *text, size_t cols, char lines[][256], size_t max)
{
	size_t n = 0, len = strlen(text), i = 0;
	while (i < len && n < max) {
		while (text[i] == ' ')
			i++;
		size_t w = 0, j = i, space = 0;
		while (j < len && j - i < 240) {
			int32_t cp;
			int k = text_decode_cp(text + j, len - j, &cp);
			size_t cw = (size_t)text_cp_width(cp);
			if (w + cw > cols) break;
			if (cp == ' ') space = j;
			w += cw;
			j += (size_t)(k > 0 ? k : 1);
		}
		if (j < len && space > i && text[j] != ' ') j = space;
		snprintf(lines[n], 256, "%.*s", (int)(j - i), text + i);
		i = j;
		if (n + 1 == max && i < len)
			snprintf(lines[n] + strlen(lines[n]), 256 - strlen(lines[n]), "\xE2\x80\xA6");
		n++;
	}
	return n;
}

static void S_svg_text(xmlNodePtr svg, double y, int size, const char *fill, const char *text)
{
	char buf[32];
	xmlNodePtr t = S_el(svg, svg->ns, "text", text);
	S_attr(t, "x", "300");
	snprintf(buf, sizeof buf, "%.0f", y);
	S_attr(t, "y", buf);
	snprintf(buf, sizeof buf, "%d", size);
	S_attr(t, "font-size", buf);
	S_attr(t, "font-family", "serif");
	S_attr(t, "fill", fill);
	S_attr(t, "text-anchor", "middle");
}

static void S_date_range(const epub_volume *v, char *out, size_t size)
{
	const quire_time *lo = NULL, *hi = NULL;
	for (size_t i = 0; i < v->n; i++) {
		const quire_time *t = &v->ch[i]->published;
		if (!t->precision) continue;
		if (!lo || t->utc < lo->utc) lo = t;
		if (!hi || t->utc > hi->utc) hi = t;
	}
	out[0] = '\0';
	if (!lo) return;
	char a[48], b[48];
	quire_time da = *lo, db = *hi;
	da.precision = db.precision = QUIRE_PREC_DATE;
	quire_time_iso(&da, a, sizeof a);
	quire_time_iso(&db, b, sizeof b);
	if (strcmp(a, b))
		snprintf(out, size, "%s \xE2\x80\x93 %s", a, b);
	else
		snprintf(out, size, "%s", a);
}

char *epub_cover_svg(epub_volume *v, size_t *len)
{
	xmlNodePtr svg;
	xmlDocPtr doc = S_doc("svg", SVG_NS, &svg);
	S_attr(svg, "version", "1.1");
	S_attr(svg, "width", "600");
	S_attr(svg, "height", "800");
	S_attr(svg, "viewBox", "0 0 600 800");
	xmlNodeSetLang(svg, BAD_CAST v->lang);
	epub_text(S_el(svg, svg->ns, "title", NULL), v->title);
	xmlNodePtr bg = S_el(svg, svg->ns, "rect", NULL);
	S_attr(bg, "width", "600");
	S_attr(bg, "height", "800");
	S_attr(bg, "fill", "#23395b");
	xmlNodePtr frame = S_el(svg, svg->ns, "rect", NULL);
	const char *fr[][2] = {{"x", "28"},          {"y", "28"},      {"width", "544"},
	                       {"height", "744"},    {"fill", "none"}, {"stroke", "#d9c48f"},
	                       {"stroke-width", "3"}};
	for (size_t i = 0; i < sizeof fr / sizeof *fr; i++)
		S_attr(frame, fr[i][0], fr[i][1]);
	char lines[6][256];
	size_t n = S_wrap(v->title, 22, lines, 6);
	double y = 300 - (double)n * 30;
	for (size_t i = 0; i < n; i++, y += 60)
		S_svg_text(svg, y, 44, "#ffffff", lines[i]);
	char range[128];
	S_date_range(v, range, sizeof range);
	if (range[0]) S_svg_text(svg, 600, 26, "#d9c48f", range);
	if (v->n > 1) {
		char count[64];
		snprintf(count, sizeof count, "%zu %s", v->n, S_label(v, L_ARTICLES));
		S_svg_text(svg, 645, 24, "#d9c48f", count);
	}
	return S_finish(doc, len);
}

char *epub_cover_xhtml(epub_volume *v, size_t *len)
{
	xmlNodePtr body;
	xmlDocPtr doc = epub_xhtml_doc(v->lang, S_label(v, L_COVER), true, &body);
	xmlNsPtr epub = xmlSearchNsByHref(doc, xmlDocGetRootElement(doc), BAD_CAST EPUB_OPS_NS);
	xmlSetNsProp(body, epub, BAD_CAST "type", BAD_CAST "cover");
	xmlNodePtr div = epub_add(body, "div", NULL);
	S_attr(div, "class", "cover");
	xmlNodePtr img = epub_add(div, "img", NULL);
	S_attr(img, "src", epub_cover_name(v));
	S_attr(img, "alt", v->title);
	return S_finish(doc, len);
}
