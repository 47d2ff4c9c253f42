/* page.c - html_read_page, the page parser of the html reader (read_html.c)
 * and the warc reader: it ties decode.c, meta*.c and extract.c together and
 * resolves the body's links; it holds no heuristics itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"

/* ---- one page ---------------------------------------------------------------- */

/* Relative links of the body are resolved against the page's own base
 * (<base href>, else the page URL) here; links still relative after that are
 * left to body_normalize (canonical URL) or stay relative (local files). */
/* A javascript: link does nothing once scripts are gone: its content stays,
 * the link goes (its children move up in its place, tree_hoist). */
/* The node after n and everything below it, within root (NULL at the end). */
static xmlNodePtr S_after(const xmlNode *root, xmlNodePtr n)
{
	while (n && n != root && !n->next)
		n = n->parent;
	return !n || n == root ? NULL : n->next;
}

/* Walks with limits_tree_next (the body's depth is untrusted). */
static void S_resolve(xmlNodePtr root, const char *base)
{
	for (xmlNodePtr c = root->children; c;) {
		const char *js = dom_is(c, "a") ? dom_attr(c, "href") : NULL;
		if (js && strncasecmp(js, "javascript:", 11) == 0) {
			xmlNodePtr next = c->children ? c->children : S_after(root, c);
			tree_hoist(c);
			c = next;
			continue;
		}
		const char *attr = dom_is(c, "a") ? "href" : dom_is(c, "img") ? "src" : NULL;
		const char *v = attr ? dom_attr(c, attr) : NULL;
		if (base && v && *v && v[0] != '#' && strncasecmp(v, "data:", 5) != 0 && !strstr(v, "://")) {
			char *r = url_resolve(base, v);
			if (r) xmlSetProp(c, BAD_CAST attr, BAD_CAST r);
			free(r);
		}
		c = limits_tree_next(root, c);
	}
}

quire_result html_read_page(quire_ctx *ctx, const unsigned char *bytes, size_t len, const char *url,
                            const char *charset, quire_article **out, quire_err *err)
{
	const quire_options *o = ctx ? quire_ctx_options(ctx) : NULL;
	*out = NULL;
	quire_article *a = quire_article_new();
	quire_buf utf8 = QUIRE_BUF_INIT;
	quire_buf decoded = QUIRE_BUF_INIT;
	html_decode(bytes, len, charset ? charset : o ? o->charset : NULL, a, &decoded);
	size_t cut = html_strip_raw_text(decoded.data ? decoded.data : "", decoded.len, &utf8);
	if (cut)
		quire_article_diag(a, QUIRE_LEVEL_WARNING, "tag-too-long",
		                   "%zu element%s over %zu KB of attributes kept only their name", cut,
		                   cut == 1 ? "" : "s", HTML_MAX_TAG >> 10);
	quire_buf_free(&decoded);
	xmlDocPtr doc = html_parse_utf8(utf8.data ? utf8.data : "", utf8.len, url);
	if (!doc) {
		quire_buf_free(&utf8);
		quire_article_free(a);
		return quire_err_set(err, QUIRE_FAILED, "cannot parse the page as HTML");
	}
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (root && xmlHasProp(root, BAD_CAST QUIRE_DEPTH_CUT_ATTR)) {
		xmlUnsetProp(root, BAD_CAST QUIRE_DEPTH_CUT_ATTR);
		quire_article_diag(
		    a, QUIRE_LEVEL_WARNING, "nesting-limit",
		    "elements nested more than %d levels deep were flattened: their text is kept, "
		    "their markup (and any image in them) is not",
		    QUIRE_PARSE_DEPTH);
	}
	html_meta m;
	html_meta_collect(ctx, doc, url, a, &m);
	html_prepare(doc);
	xmlDocPtr body;
	char *text_byline = NULL;
	if (o && o->no_extract) {
		body = html_whole_body(doc);
		xmlFreeDoc(doc);
	} else {
		html_extract_in in = {utf8.data ? utf8.data : "", utf8.len, url, m.title, m.byline != NULL};
		body = html_extract(doc, &in, &text_byline);
	}
	if (body && xmlDocGetRootElement(body)) S_resolve(xmlDocGetRootElement(body), m.base);
	quire_article_set_body(a, body);
	html_meta_finish(ctx, a, &m, text_byline, body);
	char type[96];
	snprintf(type, sizeof type, "text/html; charset=%s", quire_article_get(a, QUIRE_CHARSET));
	quire_article_set_raw(a, bytes, len, type);
	quire_article_set(a, QUIRE_READER, "html");
	free(text_byline);
	html_meta_free(&m);
	quire_buf_free(&utf8);
	*out = a;
	return quire_article_warning_count(a) ? QUIRE_WARN : QUIRE_OK;
}
