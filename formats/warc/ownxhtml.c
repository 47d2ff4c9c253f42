/* ownxhtml.c - the warc reader's way back from quire's own WARCs: an XHTML
 * conversion record that quire wrote (warc/page.c) read as the article it
 * was made from, head metadata and body as normalized. Other documents are
 * not read here (the html reader reads pages). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/parser.h>

#include "warc.h"

static const char *S_attr(xmlNodePtr n, const char *name, char *buf, size_t size)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	if (!v) return NULL;
	snprintf(buf, size, "%s", (const char *)v);
	xmlFree(v);
	return buf;
}

/* Takes the XHTML namespace off the elements and attributes under root
 * (the body becomes a plain HTML tree again). */
static void S_drop_ns(xmlNodePtr root)
{
	for (xmlNodePtr n = root; n; n = limits_tree_next(root, n)) {
		if (n->type != XML_ELEMENT_NODE) continue;
		n->ns = NULL;
		if (n->nsDef) {
			xmlFreeNsList(n->nsDef);
			n->nsDef = NULL;
		}
		for (xmlAttrPtr a = n->properties; a; a = a->next)
			a->ns = NULL;
	}
}

/* One <meta>/<link> of the head into the article. */
static void S_head_field(quire_ctx *ctx, quire_article *a, xmlNodePtr m)
{
	char key[64], val[4096];
	if (tree_is(m, "title")) {
		xmlChar *t = xmlNodeGetContent(m);
		quire_article_set(a, QUIRE_TITLE, t && *t ? (const char *)t : NULL);
		xmlFree(t);
		return;
	}
	if (tree_is(m, "link")) {
		if (S_attr(m, "rel", key, sizeof key) && strcmp(key, "canonical") == 0 &&
		    S_attr(m, "href", val, sizeof val))
			quire_article_set(a, QUIRE_URL, val);
		return;
	}
	if (!tree_is(m, "meta") || !S_attr(m, "content", val, sizeof val)) return;
	if (!S_attr(m, "name", key, sizeof key) && !S_attr(m, "property", key, sizeof key)) return;
	quire_time t;
	qtime_zone_source how;
	if (strcmp(key, "author") == 0)
		quire_article_add(a, QUIRE_AUTHORS, val);
	else if (strcmp(key, "article:published_time") == 0 && qtime_parse(ctx, val, NULL, &t, &how))
		quire_article_set_time(a, QUIRE_PUBLISHED, &t);
	else if (strcmp(key, "article:modified_time") == 0 && qtime_parse(ctx, val, NULL, &t, &how))
		quire_article_set_time(a, QUIRE_MODIFIED, &t);
	else if (strcmp(key, "description") == 0)
		quire_article_set(a, QUIRE_SUMMARY, val);
	else if (strcmp(key, "og:site_name") == 0)
		quire_article_set(a, QUIRE_SITE_NAME, val);
	else if (strcmp(key, "publisher") == 0)
		quire_article_set(a, QUIRE_PUBLISHER, val);
	else if (strcmp(key, "article:section") == 0)
		quire_article_add(a, QUIRE_CATEGORIES, val);
	else if (strcmp(key, "article:tag") == 0)
		quire_article_add(a, QUIRE_TAGS, val);
}

quire_article *warc_read_own_xhtml(quire_ctx *ctx, const unsigned char *x, size_t n)
{
	if (n > INT32_MAX) return NULL;
	xmlDocPtr doc = xmlReadMemory((const char *)x, (int)n, NULL, "UTF-8",
	                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) return NULL;
	xmlNodePtr html = xmlDocGetRootElement(doc), head = NULL, body = NULL;
	for (xmlNodePtr c = html ? html->children : NULL; c; c = c->next) {
		if (tree_is(c, "head"))
			head = c;
		else if (tree_is(c, "body"))
			body = c;
	}
	char buf[128];
	bool ours = false;
	for (xmlNodePtr m = head ? head->children : NULL; m; m = m->next)
		if (tree_is(m, "meta") && S_attr(m, "name", buf, sizeof buf) &&
		    strcmp(buf, "generator") == 0 && S_attr(m, "content", buf, sizeof buf) &&
		    strncmp(buf, "quire ", 6) == 0)
			ours = true;
	if (!ours || !body || limits_tree_depth(body) > QUIRE_MAX_DEPTH) {
		xmlFreeDoc(doc);
		return NULL;
	}
	quire_article *a = quire_article_new();
	for (xmlNodePtr m = head->children; m; m = m->next)
		S_head_field(ctx, a, m);
	xmlChar *lang = xmlGetProp(html, BAD_CAST "lang");
	if (lang) quire_article_set(a, QUIRE_LANG, (const char *)lang);
	xmlFree(lang);
	htmlDocPtr bd = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr copy = xmlDocCopyNode(body, bd, 1);
	S_drop_ns(copy);
	xmlDocSetRootElement(bd, copy);
	quire_article_set_body(a, bd);
	quire_article_set(a, QUIRE_CHARSET, "UTF-8");
	quire_article_set(a, QUIRE_CHARSET_SOURCE, "utf-8");
	xmlFreeDoc(doc);
	return a;
}
