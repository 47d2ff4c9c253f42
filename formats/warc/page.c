/* page.c - the HTML5 page of an article that the WARC and WACZ writers put
 * at the article's URL, so that replay tools (pywb, ReplayWeb.page) show
 * what readers saw: title, byline, date, source link, tags and the clean
 * body (without chrome), with a small built-in stylesheet (CJK fonts and
 * line height as in the EPUB). Images keep their src as written: the
 * writer archives each embedded image at the URL that src resolves to from
 * the page's URL. Built as a libxml2 HTML tree and serialized by libxml2,
 * so every value is escaped. Also the XHTML conversion record's document
 * (warc_article_xhtml), whose head carries the metadata that the warc
 * reader reads back (warc/ownxhtml.c). */
#include <stdio.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "../jsonl/jsonl.h"
#include "warc.h"
#include "../css.h"

static const char S_css[] =
    "body { max-width: 40em; margin: 2em auto; padding: 0 1em; line-height: 1.6; font-family: serif; "
    "color: #222; background: #fff; }\n"
    "header.article-head { margin-bottom: 1.5em; padding-bottom: 0.8em; border-bottom: 1px solid #999; }\n"
    "header.article-head h1 { font-size: 1.6em; line-height: 1.3; margin: 0 0 0.4em; }\n"
    "header.article-head p { margin: 0.2em 0; font-size: 0.9em; color: #555; text-indent: 0; "
    "}\n" FORMATS_CSS_BLOCKS "footer.tags { margin-top: 2em; font-size: 0.9em; color: #555; }\n"
    "footer.tags ul { list-style: none; padding: 0; }\n"
    "footer.tags li { display: inline; margin-right: 0.8em; }\n" FORMATS_CSS_CJK
    ":lang(zh) main p, :lang(ja) main p { text-indent: 2em; margin: 0.4em 0; }\n";

static xmlNodePtr S_el(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, BAD_CAST name, text ? BAD_CAST text : NULL);
}

static void S_meta(xmlNodePtr head, const char *attr, const char *key, const char *value)
{
	if (!value || !*value) return;
	xmlNodePtr m = xmlNewChild(head, NULL, BAD_CAST "meta", NULL);
	xmlNewProp(m, BAD_CAST attr, BAD_CAST key);
	xmlNewProp(m, BAD_CAST "content", BAD_CAST value);
}

/* "Author, Author · 2021-12-08 · Publisher" */
static void S_byline(const quire_article *a, xmlNodePtr header)
{
	size_t na = quire_article_count(a, QUIRE_AUTHORS);
	const quire_time *t = quire_article_time(a, QUIRE_PUBLISHED);
	const char *pub = quire_article_get(a, QUIRE_PUBLISHER);
	if (!pub) pub = quire_article_get(a, QUIRE_SITE_NAME);
	if (!na && !(t && t->precision) && !pub) return;
	xmlNodePtr p = S_el(header, "p", NULL);
	xmlNewProp(p, BAD_CAST "class", BAD_CAST "byline");
	bool any = false;
	for (size_t i = 0; i < na; i++) {
		if (i) xmlNodeAddContent(p, BAD_CAST ", ");
		xmlNodePtr s = S_el(p, "span", quire_article_item(a, QUIRE_AUTHORS, i));
		xmlNewProp(s, BAD_CAST "class", BAD_CAST "author");
		any = true;
	}
	if (t && t->precision) {
		char iso[64];
		quire_time_iso(t, iso, sizeof iso);
		if (any) xmlNodeAddContent(p, BAD_CAST " \xC2\xB7 ");
		char day[11];
		snprintf(day, sizeof day, "%.10s", iso);
		xmlNodePtr tm = S_el(p, "time", day);
		xmlNewProp(tm, BAD_CAST "datetime", BAD_CAST iso);
		any = true;
	}
	if (pub) {
		if (any) xmlNodeAddContent(p, BAD_CAST " \xC2\xB7 ");
		S_el(p, "span", pub);
	}
}

/* What the heads of the page and of the XHTML conversion both say first:
 * title, canonical link, authors. */
static void S_head_ids(const quire_article *a, xmlNodePtr head)
{
	const char *title = quire_article_get(a, QUIRE_TITLE);
	S_el(head, "title", title ? title : "");
	const char *url = quire_article_get(a, QUIRE_URL);
	if (url) {
		xmlNodePtr l = xmlNewChild(head, NULL, BAD_CAST "link", NULL);
		xmlNewProp(l, BAD_CAST "rel", BAD_CAST "canonical");
		xmlNewProp(l, BAD_CAST "href", BAD_CAST url);
	}
	for (size_t i = 0; i < quire_article_count(a, QUIRE_AUTHORS); i++)
		S_meta(head, "name", "author", quire_article_item(a, QUIRE_AUTHORS, i));
}

static void S_head(const quire_article *a, xmlNodePtr head)
{
	xmlNodePtr cs = xmlNewChild(head, NULL, BAD_CAST "meta", NULL);
	xmlNewProp(cs, BAD_CAST "charset", BAD_CAST "utf-8");
	S_meta(head, "name", "viewport", "width=device-width, initial-scale=1");
	S_meta(head, "name", "generator", "quire " QUIRE_VERSION);
	S_head_ids(a, head);
	S_meta(head, "name", "description", quire_article_get(a, QUIRE_SUMMARY));
	S_el(head, "style", S_css);
}

static int S_buf_write(void *ctx, const char *data, int len)
{
	quire_buf_append(ctx, data, (size_t)len);
	return len;
}

/* Serializes n (a node of doc, or of the article's body) into out as HTML,
 * with doc's escaping rules. */
static void S_dump(quire_buf *out, xmlDocPtr doc, xmlNodePtr n)
{
	xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(S_buf_write, NULL, out, NULL);
	if (!ob) return;
	htmlNodeDumpFormatOutput(ob, doc, n, NULL, 1);
	xmlOutputBufferClose(ob);
}

/* The body's children (chrome left out), serialized in place with the page's
 * escaping: the body is not copied (a 50 MB post's tree is ~250 MB). */
static void S_body(const quire_article *a, xmlDocPtr doc, quire_buf *out)
{
	xmlNodePtr root = quire_article_body_root(a);
	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
		if (!quire_node_is_chrome(c)) S_dump(out, doc, c);
}

void warc_article_page(const quire_article *a, quire_buf *out)
{
	htmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr html = xmlNewNode(NULL, BAD_CAST "html");
	xmlDocSetRootElement(doc, html);
	const char *lang = quire_article_get(a, QUIRE_LANG);
	if (lang) xmlNewProp(html, BAD_CAST "lang", BAD_CAST lang);
	S_head(a, S_el(html, "head", NULL));
	xmlNodePtr body = S_el(html, "body", NULL);
	xmlNodePtr art = S_el(body, "article", NULL);
	xmlNodePtr header = S_el(art, "header", NULL);
	xmlNewProp(header, BAD_CAST "class", BAD_CAST "article-head");
	const char *title = quire_article_get(a, QUIRE_TITLE);
	if (title) S_el(header, "h1", title);
	const char *sub = quire_article_get(a, QUIRE_SUBTITLE);
	if (sub) xmlNewProp(S_el(header, "p", sub), BAD_CAST "class", BAD_CAST "subtitle");
	S_byline(a, header);
	const char *src = quire_article_get(a, QUIRE_SOURCE_URL);
	if (src) {
		xmlNodePtr p = S_el(header, "p", NULL);
		xmlNewProp(p, BAD_CAST "class", BAD_CAST "source");
		xmlNodePtr l = S_el(p, "a", src);
		xmlNewProp(l, BAD_CAST "href", BAD_CAST src);
	}
	S_el(art, "main", NULL); /* filled at serialization */
	size_t nt = quire_article_count(a, QUIRE_TAGS), nc = quire_article_count(a, QUIRE_CATEGORIES);
	if (nt || nc) {
		xmlNodePtr f = S_el(art, "footer", NULL);
		xmlNewProp(f, BAD_CAST "class", BAD_CAST "tags");
		xmlNodePtr ul = S_el(f, "ul", NULL);
		for (size_t i = 0; i < nc; i++)
			xmlNewProp(S_el(ul, "li", quire_article_item(a, QUIRE_CATEGORIES, i)),
			           BAD_CAST "class", BAD_CAST "category");
		for (size_t i = 0; i < nt; i++)
			xmlNewProp(S_el(ul, "li", quire_article_item(a, QUIRE_TAGS, i)), BAD_CAST "class",
			           BAD_CAST "tag");
	}
	quire_buf_puts(out, "<!DOCTYPE html>\n");
	/* the page up to <main>, the body, then the rest: main is empty in the
	 * tree and serializes as <main></main> */
	quire_buf page = QUIRE_BUF_INIT;
	S_dump(&page, doc, html);
	static const char tag[] = "<main></main>";
	const char *at = page.data ? strstr(page.data, tag) : NULL;
	if (at) {
		size_t head = (size_t)(at - page.data) + sizeof tag - 1 - 7; /* up to </main> */
		quire_buf_append(out, page.data, head);
		S_body(a, doc, out);
		quire_buf_append(out, page.data + head, page.len - head);
	} else {
		quire_buf_append(out, page.data, page.len);
	}
	quire_buf_free(&page);
	quire_buf_putc(out, '\n');
	xmlFreeDoc(doc);
}

/* ---- the XHTML conversion ---------------------------------------------------- */

/* The instant with its offset and full seconds, whatever the precision, so
 * the date and its zone survive a round trip. */
static const char *S_full_iso(const quire_time *t, char out[40])
{
	int32_t off = (int32_t)((t->offset + (t->offset < 0 ? -30 : 30)) / 60 * 60);
	char d[24];
	warc_date(t->utc + off, d);
	d[19] = '\0';
	int32_t o = off < 0 ? -off : off;
	snprintf(out, 40, "%s%c%02d:%02d", d, off < 0 ? '-' : '+', (int)(o / 3600), (int)(o / 60 % 60));
	return out;
}

void warc_article_xhtml(const quire_article *a, quire_buf *out)
{
	const char *lang = quire_article_get(a, QUIRE_LANG);
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr head = xmlNewNode(NULL, BAD_CAST "head");
	xmlDocSetRootElement(doc, head);
	xmlNodePtr cs = xmlNewChild(head, NULL, BAD_CAST "meta", NULL);
	xmlNewProp(cs, BAD_CAST "charset", BAD_CAST "UTF-8");
	S_meta(head, "name", "generator",
	       "quire " QUIRE_VERSION); /* warc/ownxhtml.c reads these heads back */
	S_head_ids(a, head);
	char iso[40];
	const quire_time *t = quire_article_time(a, QUIRE_PUBLISHED);
	if (t && t->precision) S_meta(head, "property", "article:published_time", S_full_iso(t, iso));
	t = quire_article_time(a, QUIRE_MODIFIED);
	if (t && t->precision) S_meta(head, "property", "article:modified_time", S_full_iso(t, iso));
	S_meta(head, "name", "description", quire_article_get(a, QUIRE_SUMMARY));
	S_meta(head, "property", "og:site_name", quire_article_get(a, QUIRE_SITE_NAME));
	S_meta(head, "name", "publisher", quire_article_get(a, QUIRE_PUBLISHER));
	for (size_t i = 0; i < quire_article_count(a, QUIRE_CATEGORIES); i++)
		S_meta(head, "property", "article:section", quire_article_item(a, QUIRE_CATEGORIES, i));
	for (size_t i = 0; i < quire_article_count(a, QUIRE_TAGS); i++)
		S_meta(head, "property", "article:tag", quire_article_item(a, QUIRE_TAGS, i));
	quire_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
	                    "<html xmlns=\"http://www.w3.org/1999/xhtml\"");
	if (lang) {
		xmlNodePtr tmp = xmlNewNode(NULL, BAD_CAST "x"); /* escapes the value for us */
		xmlNewProp(tmp, BAD_CAST "lang", BAD_CAST lang);
		xmlNewProp(tmp, BAD_CAST "xml:lang", BAD_CAST lang);
		xmlBufferPtr lb = xmlBufferCreate();
		xmlNodeDump(lb, doc, tmp, 0, 0);
		const char *d = (const char *)xmlBufferContent(lb);
		/* "<x lang=... xml:lang=.../>" -> the attributes */
		size_t dl = strlen(d);
		if (dl > 5) quire_buf_append(out, d + 2, dl - 4);
		xmlBufferFree(lb);
		xmlFreeNode(tmp);
	}
	quire_buf_puts(out, ">\n");
	xml_append_node(out, head);
	xmlFreeDoc(doc);
	quire_buf_putc(out, '\n');
	size_t before = out->len;
	body_to_xhtml(a, false, out);
	if (out->len == before) quire_buf_puts(out, "<body></body>");
	quire_buf_puts(out, "\n</html>\n");
}
