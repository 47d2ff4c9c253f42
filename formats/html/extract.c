/* extract.c - finds the main content of a page. Paragraph-like blocks score
 * by length and commas and pass the score up to their ancestors, weighted by
 * class/id hints and discounted by link density; the best container and its
 * related siblings become the article, cleaned in clean.c. When the result is
 * too short the page is re-read with fewer removals (unlikely-candidate
 * stripping, class weights, conditional cleaning). Readability.js's decisions
 * are the model, re-implemented on libxml2. It does not touch metadata. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"

typedef struct S_vec {
	xmlNodePtr *v;
	size_t n, cap;
} S_vec;

static void S_push(S_vec *v, xmlNodePtr n)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->v = realloc(v->v, v->cap * sizeof *v->v);
		if (!v->v) abort();
	}
	v->v[v->n++] = n;
}

/* ---- classification ------------------------------------------------------------- */

static const char *const S_unlikely[] = {
    "-ad-",         "ai2html",  "banner",  "breadcrumbs", "combx",   "comment",    "community",  "cover-wrap",
    "disqus",       "extra",    "footer",  "gdpr",        "header",  "legends",    "menu",       "related",
    "remark",       "replies",  "rss",     "shoutbox",    "sidebar", "skyscraper", "social",     "sponsor",
    "supplemental", "ad-break", "agegate", "pagination",  "pager",   "popup",      "yom-remote", NULL};
static const char *const S_maybe[] = {"and",  "article", "body",   "column", "content",
                                      "main", "mathjax", "shadow", NULL};
static const char *const S_unlikely_roles[] = {"menu",  "menubar",     "complementary", "navigation",
                                               "alert", "alertdialog", "dialog",        NULL};
static const char *const S_score_tags[] = {"section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre", NULL};
static const char *const S_div_to_p[] = {"blockquote", "dl",  "div",   "img", "ol",
                                         "p",          "pre", "table", "ul",  NULL};
static const char *const S_phrasing[] = {
    "abbr",  "audio",    "b",      "bdo",    "br",       "button",   "cite", "code",  "data",   "datalist",
    "dfn",   "em",       "embed",  "i",      "img",      "input",    "kbd",  "label", "mark",   "math",
    "meter", "noscript", "object", "output", "progress", "q",        "ruby", "samp",  "script", "select",
    "small", "span",     "strong", "sub",    "sup",      "textarea", "time", "var",   "wbr",    NULL};

static void S_match_string(const xmlNode *n, char *out, size_t size)
{
	const char *c = dom_attr(n, "class"), *id = dom_attr(n, "id");
	snprintf(out, size, "%s %s", c ? c : "", id ? id : "");
}

static bool S_visible(const xmlNode *n)
{
	const char *st = dom_attr(n, "style");
	if (st) {
		char compact[256];
		size_t j = 0;
		for (; *st && j + 1 < sizeof compact; st++)
			if (*st != ' ' && *st != '\t' && *st != '\n')
				compact[j++] = (char)(*st >= 'A' && *st <= 'Z' ? *st - 'A' + 'a' : *st);
		compact[j] = '\0';
		if (strstr(compact, "display:none") || strstr(compact, "visibility:hidden")) return false;
	}
	if (dom_attr(n, "hidden")) return false;
	const char *ah = dom_attr(n, "aria-hidden"), *cls = dom_attr(n, "class");
	if (ah && strcmp(ah, "true") == 0 && !(cls && strstr(cls, "fallback-image"))) return false;
	return true;
}

static bool S_phrasing_content(const xmlNode *n);

static bool S_all_phrasing(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (!S_phrasing_content(c)) return false;
	return true;
}

static bool S_phrasing_content(const xmlNode *n)
{
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) return true;
	if (n->type != XML_ELEMENT_NODE) return false;
	if (dom_is_any(n, S_phrasing)) return true;
	return (dom_is(n, "a") || dom_is(n, "del") || dom_is(n, "ins")) && S_all_phrasing(n);
}

static bool S_blank(const xmlChar *s)
{
	size_t k;
	for (const char *p = (const char *)s; p && *p; p += k)
		if (!dom_space_at(p, &k)) return false;
	return true;
}

static bool S_whitespace(const xmlNode *n)
{
	return ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && S_blank(n->content)) ||
	       dom_is(n, "br");
}

static bool S_without_content(const xmlNode *n)
{
	if (dom_has_text(n)) return false;
	static const char *const brhr[] = {"br", "hr", NULL};
	size_t kids = dom_count_el(n);
	return kids == 0 || kids == dom_count_desc(n, brhr);
}

static bool S_single_tag_inside(const xmlNode *n, const char *tag)
{
	if (dom_count_el(n) != 1 || !dom_is(dom_first_el(n), tag)) return false;
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_TEXT_NODE && !S_blank(c->content)) return false;
	return true;
}

static bool S_has_child_block(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && (dom_is_any(c, S_div_to_p) || S_has_child_block(c)))
			return true;
	return false;
}

/* ---- bylines and the title heading -------------------------------------------- */

typedef struct S_grab {
	xpool pool;
	const html_extract_in *in;
	unsigned flags;
	bool byline_done; /* an earlier attempt found it: later ones keep it in the text */
	char *byline;
} S_grab;

static bool S_byline_hint(const char *s)
{
	static const char *const words[] = {"byline", "author", "dateline", "writtenby", "p-author", NULL};
	return dom_has_word(s, words);
}

static bool S_check_byline(S_grab *g, xmlNodePtr n, const char *match)
{
	if (g->byline || g->byline_done || g->in->have_byline) return false;
	const char *rel = dom_attr(n, "rel"), *ip = dom_attr(n, "itemprop");
	if (!((rel && strcmp(rel, "author") == 0) || (ip && strstr(ip, "author")) || S_byline_hint(match)))
		return false;
	char *t = dom_text(n);
	size_t len = dom_strlen16(t);
	free(t);
	if (len == 0 || len >= 100) return false;
	/* a [itemprop=name] inside names the author more precisely */
	xmlNodePtr end = dom_next_node(n, true), name = NULL;
	for (xmlNodePtr k = dom_next_node(n, false); k && k != end; k = dom_next_node(k, false)) {
		const char *kp = dom_attr(k, "itemprop");
		if (kp && strstr(kp, "name")) {
			name = k;
			break;
		}
	}
	g->byline = dom_text(name ? name : n);
	return true;
}

static bool S_header_dup_title(const S_grab *g, const xmlNode *n)
{
	if (!(dom_is(n, "h1") || dom_is(n, "h2")) || !g->in->title) return false;
	char *h = dom_text_raw(n);
	double sim = html_text_similarity(g->in->title, h);
	free(h);
	return sim > 0.75;
}

/* ---- the walk: remove the unlikely, turn divs of text into paragraphs ----------- */

static xmlNodePtr S_new_el(xmlNodePtr near, const char *name)
{
	return xmlNewDocNode(near->doc, NULL, BAD_CAST name, NULL);
}

static void S_wrap_phrasing(xmlNodePtr div)
{
	xmlNodePtr p = NULL;
	for (xmlNodePtr c = div->children, next; c; c = next) {
		next = c->next;
		if (S_phrasing_content(c)) {
			if (p) {
				xmlUnlinkNode(c);
				xmlAddChild(p, c);
			} else if (!S_whitespace(c)) {
				p = S_new_el(div, "p");
				xmlAddPrevSibling(c, p);
				xmlUnlinkNode(c);
				xmlAddChild(p, c);
			}
		} else if (p) {
			while (p->last && S_whitespace(p->last))
				dom_remove(p->last);
			p = NULL;
		}
	}
}

static bool S_removable(const xmlNode *n)
{
	return !dom_is(n, "html") && !dom_is(n, "body");
}

static bool S_unlikely_candidate(const S_grab *g, const xmlNode *n, const char *match)
{
	if (!(g->flags & XF_STRIP_UNLIKELYS) || !S_removable(n)) return false;
	if (dom_has_word(match, S_unlikely) && !dom_has_word(match, S_maybe) &&
	    !html_has_ancestor(n, "table", 3, false) && !html_has_ancestor(n, "code", 3, false) &&
	    !dom_is(n, "a"))
		return true;
	const char *role = dom_attr(n, "role");
	if (role)
		for (int i = 0; S_unlikely_roles[i]; i++)
			if (strcmp(role, S_unlikely_roles[i]) == 0) return true;
	return false;
}

static xmlNodePtr S_visit_div(xmlNodePtr node, S_vec *score)
{
	S_wrap_phrasing(node);
	if (S_single_tag_inside(node, "p") && dom_link_density(node) < 0.25) {
		xmlNodePtr child = dom_first_el(node);
		xmlUnlinkNode(child);
		xmlReplaceNode(node, child);
		xmlFreeNode(node);
		S_push(score, child);
		return child;
	}
	if (!S_has_child_block(node)) {
		dom_rename(node, "p");
		S_push(score, node);
	}
	return node;
}

/* A byline inside a block removed as unlikely (an entry header) is still
 * the byline: the later attempts that keep the block would find it. */
static void S_byline_inside(S_grab *g, xmlNodePtr n)
{
	xmlNodePtr end = dom_next_node(n, true);
	for (xmlNodePtr k = dom_first_el(n); k && k != end && !g->byline; k = dom_next_node(k, false)) {
		char match[512];
		S_match_string(k, match, sizeof match);
		if (S_check_byline(g, k, match)) return;
	}
}

static void S_walk(S_grab *g, xmlDocPtr doc, S_vec *score)
{
	static const char *const empty_tags[] = {"div", "section", "header", "h1", "h2",
	                                         "h3",  "h4",      "h5",     "h6", NULL};
	bool title_header = true;
	xmlNodePtr node = xmlDocGetRootElement(doc);
	while (node) {
		char match[512];
		S_match_string(node, match, sizeof match);
		const char *modal = dom_attr(node, "aria-modal"), *role = dom_attr(node, "role");
		if (S_removable(node) && (!S_visible(node) || (modal && role && !strcmp(modal, "true") &&
		                                               !strcmp(role, "dialog")))) {
			node = dom_remove_and_next(node);
			continue;
		}
		if (S_removable(node) && S_check_byline(g, node, match)) {
			node = dom_remove_and_next(node);
			continue;
		}
		if (title_header && S_header_dup_title(g, node)) {
			title_header = false;
			node = dom_remove_and_next(node);
			continue;
		}
		if (S_unlikely_candidate(g, node, match)) {
			S_byline_inside(g, node);
			node = dom_remove_and_next(node);
			continue;
		}
		if (dom_is_any(node, empty_tags) && S_without_content(node)) {
			node = dom_remove_and_next(node);
			continue;
		}
		if (dom_is_any(node, S_score_tags)) S_push(score, node);
		if (dom_is(node, "div")) node = S_visit_div(node, score);
		node = dom_next_node(node, false);
	}
}

/* ---- scoring ------------------------------------------------------------------ */

/* Commas of Latin, Arabic, CJK and other scripts in the text of n. */
static void S_commas_in(const xmlNode *n, size_t *k)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			S_commas_in(c, k);
			continue;
		}
		if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) || !c->content) continue;
		for (const unsigned char *p = c->content; *p; p++) {
			if (*p == ',')
				(*k)++;
			else if (*p == 0xD8 && p[1] == 0x8C)
				(*k)++;
			else if (*p == 0xEF && ((p[1] == 0xB9 && p[2] == 0x90) ||
			                        (p[1] == 0xB8 && (p[2] == 0x90 || p[2] == 0x91)) ||
			                        (p[1] == 0xBC && p[2] == 0x8C)))
				(*k)++;
			else if (*p == 0xE2 && ((p[1] == 0xB9 && p[2] == 0x81) ||
			                        (p[1] == 0xB8 && (p[2] == 0xB4 || p[2] == 0xB2))))
				(*k)++;
		}
	}
}

static size_t S_commas(const xmlNode *n)
{
	size_t k = 0;
	S_commas_in(n, &k);
	return k;
}

static void S_init_node(S_grab *g, xmlNodePtr n)
{
	xinfo *x = xpool_get(&g->pool, n);
	x->scored = true;
	x->score = 0;
	const char *t = (const char *)n->name;
	if (!strcmp(t, "div"))
		x->score += 5;
	else if (!strcmp(t, "pre") || !strcmp(t, "td") || !strcmp(t, "blockquote"))
		x->score += 3;
	else if (!strcmp(t, "address") || !strcmp(t, "ol") || !strcmp(t, "ul") || !strcmp(t, "dl") ||
	         !strcmp(t, "dd") || !strcmp(t, "dt") || !strcmp(t, "li") || !strcmp(t, "form"))
		x->score -= 3;
	else if ((t[0] == 'h' && t[1] >= '1' && t[1] <= '6' && !t[2]) || !strcmp(t, "th"))
		x->score -= 5;
	x->score += html_class_weight(n, g->flags);
}

static bool S_scored(const xmlNode *n)
{
	return n->_private && ((const xinfo *)n->_private)->scored;
}

static double S_score(const xmlNode *n)
{
	return S_scored(n) ? ((const xinfo *)n->_private)->score : 0;
}

/* Text and link lengths of every element, for the scoring phase (the tree
 * does not change until S_top is done). */
static void S_store_sum(const xmlNode *n, const dom_sum *s, void *ud)
{
	xinfo *x = xpool_get(ud, (xmlNodePtr)n);
	x->len = s->len;
	x->links = s->links;
}

/* A paragraph with a copyright mark is the site's notice (the owner, the
 * terms of reuse), not the article's prose: it gives no score. (Notices
 * are short: longer blocks are not searched.) */
static bool S_copyright(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE && S_copyright(c)) return true;
		if (c->type == XML_TEXT_NODE && c->content &&
		    (strstr((const char *)c->content, "\xC2\xA9") ||
		     strstr((const char *)c->content, "Copyright")))
			return true;
	}
	return false;
}

static void S_score_nodes(S_grab *g, xmlNodePtr body, const S_vec *score, S_vec *cands)
{
	dom_sum all;
	dom_summarize(body, &all, S_store_sum, &g->pool);
	for (size_t i = 0; i < score->n; i++) {
		xmlNodePtr el = score->v[i];
		if (!el->parent || el->parent->type != XML_ELEMENT_NODE) continue;
		size_t len = el->_private ? ((xinfo *)el->_private)->len : dom_text_len(el);
		if (len < 25 || (len < 10000 && S_copyright(el))) continue;
		double s = 1 + (double)(S_commas(el) + 1) + (double)(len / 100 < 3 ? len / 100 : 3);
		int level = 0;
		for (xmlNodePtr a = el->parent; a && a->type == XML_ELEMENT_NODE && level < 5;
		     a = a->parent, level++) {
			if (!a->parent || a->parent->type != XML_ELEMENT_NODE) continue;
			if (!S_scored(a)) {
				S_init_node(g, a);
				S_push(cands, a);
			}
			double div = level == 0 ? 1 : level == 1 ? 2 : level * 3;
			((xinfo *)a->_private)->score += s / div;
		}
	}
}

enum { S_NTOP = 5 };

static size_t S_top(const S_vec *cands, xmlNodePtr top[S_NTOP])
{
	size_t n = 0;
	for (size_t i = 0; i < cands->n; i++) {
		xmlNodePtr c = cands->v[i];
		xinfo *x = c->_private;
		x->score *= 1 - (x->len ? x->links / (double)x->len : 0);
		for (size_t t = 0; t < S_NTOP; t++) {
			if (t >= n || x->score > S_score(top[t])) {
				memmove(top + t + 1, top + t, (S_NTOP - t - 1) * sizeof *top);
				top[t] = c;
				if (n < S_NTOP) n++;
				break;
			}
		}
	}
	return n;
}

static bool S_in_ancestors(xmlNodePtr n, xmlNodePtr anc)
{
	for (xmlNodePtr a = n->parent; a; a = a->parent)
		if (a == anc) return true;
	return false;
}

/* Moves up when the runners-up share an ancestor with the best, when scores
 * rise going up, and past only children. */
static xmlNodePtr S_refine_top(S_grab *g, xmlNodePtr *top, size_t ntop)
{
	xmlNodePtr best = top[0];
	size_t nalt = 0;
	xmlNodePtr alt[S_NTOP];
	for (size_t i = 1; i < ntop; i++)
		if (S_score(top[i]) / S_score(best) >= 0.75) alt[nalt++] = top[i];
	if (nalt >= 3) {
		for (xmlNodePtr p = best->parent; p && !dom_is(p, "body") && p->type == XML_ELEMENT_NODE;
		     p = p->parent) {
			size_t k = 0;
			for (size_t i = 0; i < nalt && k < 3; i++)
				k += S_in_ancestors(alt[i], p);
			if (k >= 3) {
				best = p;
				break;
			}
		}
	}
	if (!S_scored(best)) S_init_node(g, best);
	double last = S_score(best), threshold = last / 3;
	for (xmlNodePtr p = best->parent; p && p->type == XML_ELEMENT_NODE && !dom_is(p, "body");
	     p = p->parent) {
		if (!S_scored(p)) continue;
		double ps = S_score(p);
		if (ps < threshold) break;
		if (ps > last) {
			best = p;
			break;
		}
		last = ps;
	}
	for (xmlNodePtr p = best->parent;
	     p && p->type == XML_ELEMENT_NODE && !dom_is(p, "body") && dom_count_el(p) == 1; p = p->parent)
		best = p;
	if (!S_scored(best)) S_init_node(g, best);
	return best;
}

/* The candidate with the most text outside links. */
static xmlNodePtr S_most_text(xmlNodePtr *top, size_t ntop)
{
	xmlNodePtr best = top[0];
	double most = 0;
	for (size_t i = 0; i < ntop; i++) {
		const xinfo *x = top[i]->_private;
		double own = (double)x->len - x->links;
		if (own > most) {
			most = own;
			best = top[i];
		}
	}
	return best;
}

/* ---- siblings -------------------------------------------------------------------- */

static bool S_sentence_end(const char *t)
{
	for (const char *p = strchr(t, '.'); p; p = strchr(p + 1, '.'))
		if (p[1] == ' ' || p[1] == '\0') return true;
	return false;
}

static bool S_take_sibling(xmlNodePtr s, xmlNodePtr top, double threshold)
{
	if (s == top) return true;
	double bonus = 0;
	const char *sc = dom_attr(s, "class"), *tc = dom_attr(top, "class");
	if (tc && *tc && sc && strcmp(sc, tc) == 0) bonus += S_score(top) * 0.2;
	if (S_scored(s) && S_score(s) + bonus >= threshold) return true;
	if (!dom_is(s, "p")) return false;
	double ld = dom_link_density(s);
	char *t = dom_text(s);
	size_t len = dom_strlen16(t);
	bool take = (len > 80 && ld < 0.25) || (len < 80 && len > 0 && ld == 0 && S_sentence_end(t));
	free(t);
	return take;
}

static xmlNodePtr S_gather(xmlNodePtr top)
{
	static const char *const keep_tag[] = {"div", "article", "section", "p", "ol", "ul", NULL};
	xmlNodePtr article = xmlNewDocNode(top->doc, NULL, BAD_CAST "div", NULL);
	double threshold = S_score(top) * 0.2 > 10 ? S_score(top) * 0.2 : 10;
	xmlNodePtr parent = top->parent;
	size_t n = dom_count_el(parent), k = 0;
	xmlNodePtr *sibs = malloc((n ? n : 1) * sizeof *sibs);
	if (!sibs) abort();
	for (xmlNodePtr c = dom_first_el(parent); c; c = dom_next_el(c))
		sibs[k++] = c;
	for (size_t i = 0; i < k; i++) {
		xmlNodePtr s = sibs[i];
		if (!S_take_sibling(s, top, threshold)) continue;
		if (!dom_is_any(s, keep_tag)) dom_rename(s, "div");
		xmlUnlinkNode(s);
		xmlAddChild(article, s);
	}
	free(sibs);
	return article;
}

/* ---- one attempt ------------------------------------------------------------------ */

static xmlNodePtr S_body_of(xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
		if (dom_is(c, "body")) return c;
	return NULL;
}

/* What the body never keeps (a poll's form, a menu, buttons) goes before
 * the attempts are measured: a try is as long as the text it will give. */
static void S_drop_unkept(xmlNodePtr article)
{
	static const char *const unkept[] = {"form",   "nav",    "menu",     "dialog",
	                                     "button", "select", "textarea", NULL};
	size_t n;
	xmlNodePtr *v = dom_collect(article, unkept, &n);
	for (size_t i = n; i-- > 0;) /* inner ones first: an outer one frees them */
		dom_remove(v[i]);
	free(v);
}

/* Runs the algorithm on doc with flags; returns the article container (an
 * unattached node of doc) or NULL when the page has no body. */
static xmlNodePtr S_attempt(S_grab *g, xmlDocPtr doc)
{
	S_vec score = {0}, cands = {0};
	if ((g->flags & XF_STRIP_UNLIKELYS) && S_body_of(doc)) html_boiler_strip(S_body_of(doc));
	S_walk(g, doc, &score);
	xmlNodePtr body = S_body_of(doc);
	if (!body) {
		free(score.v);
		return NULL;
	}
	S_score_nodes(g, body, &score, &cands);
	xmlNodePtr top[S_NTOP] = {0};
	size_t ntop = S_top(&cands, top);
	xmlNodePtr best = ntop ? top[0] : NULL;
	if (!best || dom_is(best, "body")) {
		best = xmlNewDocNode(doc, NULL, BAD_CAST "div", NULL);
		for (xmlNodePtr c = body->children, next; c; c = next) {
			next = c->next;
			xmlUnlinkNode(c);
			xmlAddChild(best, c);
		}
		xmlAddChild(body, best);
		S_init_node(g, best);
	} else if (g->flags & XF_MOST_TEXT) {
		best = S_most_text(top, ntop);
	} else {
		best = S_refine_top(g, top, ntop);
	}
	xmlNodePtr article = S_gather(best);
	S_drop_unkept(article);
	html_prep_article(&g->pool, article, g->flags);
	html_boiler_prune(article);
	html_edges_trim(article);
	free(score.v);
	free(cands.v);
	return article;
}

/* ---- preparing the page --------------------------------------------------------- */

static void S_prepare_tree(xmlNodePtr n)
{
	static const char *const drop[] = {"script", "noscript", "style", "template", NULL};
	for (xmlNodePtr c = n->children, next; c; c = next) {
		next = c->next;
		if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE || dom_is_any(c, drop)) {
			dom_remove(c);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE) continue;
		if (dom_is(c, "font")) dom_rename(c, "span");
		S_prepare_tree(c);
	}
}

/* The next sibling that is not whitespace-only text. */
static xmlNodePtr S_next_nonblank(xmlNodePtr n)
{
	while (n && n->type != XML_ELEMENT_NODE && S_blank(n->content))
		n = n->next;
	return n;
}

/* <br><br> chains become paragraph breaks: the phrasing content after them
 * moves into a new <p>. */
/* Unlinks n and keeps it for freeing later: the <br>s of the snapshot in
 * html_prepare must stay valid memory until the loop is over. */
static void S_bury(xmlNodePtr n, S_vec *grave)
{
	xmlUnlinkNode(n);
	S_push(grave, n);
}

static void S_replace_brs(xmlNodePtr br, S_vec *grave)
{
	bool replaced = false;
	xmlNodePtr next = br->next;
	while ((next = S_next_nonblank(next)) && dom_is(next, "br")) {
		replaced = true;
		xmlNodePtr after = next->next;
		S_bury(next, grave);
		next = after;
	}
	if (!replaced) return;
	xmlNodePtr p = S_new_el(br, "p");
	xmlReplaceNode(br, p);
	S_push(grave, br);
	for (next = p->next; next;) {
		if (dom_is(next, "br")) {
			xmlNodePtr e = S_next_nonblank(next->next);
			if (e && dom_is(e, "br")) break;
		}
		if (!S_phrasing_content(next)) break;
		xmlNodePtr sib = next->next;
		xmlUnlinkNode(next);
		xmlAddChild(p, next);
		next = sib;
	}
	while (p->last && S_whitespace(p->last))
		S_bury(p->last, grave);
	if (dom_is(p->parent, "p")) dom_rename(p->parent, "div");
}

void html_prepare(xmlDocPtr doc)
{
	S_prepare_tree((xmlNodePtr)doc);
	xmlNodePtr body = S_body_of(doc);
	if (!body) return;
	static const char *const br[] = {"br", NULL};
	size_t n;
	xmlNodePtr *brs = dom_collect(body, br, &n);
	S_vec grave = {0};
	for (size_t i = 0; i < n; i++)
		if (brs[i]->parent) /* not unlinked by an earlier chain */
			S_replace_brs(brs[i], &grave);
	for (size_t i = 0; i < grave.n; i++)
		xmlFreeNode(grave.v[i]);
	free(grave.v);
	free(brs);
}

/* ---- results ------------------------------------------------------------------- */

static void S_clear_private(xmlNodePtr n)
{
	for (; n; n = n->next) {
		n->_private = NULL;
		if (n->type == XML_ELEMENT_NODE) S_clear_private(n->children);
	}
}

/* Soft hyphens (U+00AD) only say where a word may break: they go from the
 * text, so that the words are whole again. */
static void S_drop_soft_hyphens(xmlNodePtr root)
{
	for (xmlNodePtr n = root; n; n = limits_tree_next(root, n)) {
		const char *t = n->type == XML_TEXT_NODE ? (const char *)n->content : NULL;
		if (!t || !strstr(t, "\xC2\xAD")) continue;
		char *w = strdup(t);
		if (!w) abort();
		size_t j = 0;
		for (size_t i = 0; w[i]; i++) {
			if ((unsigned char)w[i] == 0xC2 && (unsigned char)w[i + 1] == 0xAD)
				i++;
			else
				w[j++] = w[i];
		}
		w[j] = '\0';
		xmlNodeSetContent(n, BAD_CAST w);
		free(w);
	}
}

/* Copies the children of from into a fresh body document. */
static xmlDocPtr S_to_body(xmlNodePtr from)
{
	xmlDocPtr out = quire_body_from_html("", 0);
	if (!out) return NULL;
	xmlNodePtr root = xmlDocGetRootElement(out);
	for (xmlNodePtr c = from ? from->children : NULL; c; c = c->next) {
		xmlNodePtr copy = xmlDocCopyNode(c, out, 1);
		if (copy) xmlAddChild(root, copy);
	}
	S_clear_private(root->children);
	S_drop_soft_hyphens(root);
	return out;
}

xmlDocPtr html_whole_body(xmlDocPtr doc)
{
	return S_to_body(S_body_of(doc));
}

typedef struct S_try {
	xmlDocPtr doc;
	xmlNodePtr article;
	size_t len;
} S_try;

/* One attempt on a fresh parse (doc, or a new parse of the page when NULL). */
static bool S_run(xmlDocPtr doc, const html_extract_in *in, unsigned flags, char **byline, S_try *t)
{
	if (!doc) {
		doc = html_parse_utf8(in->utf8, in->len, in->url);
		if (!doc) return false;
		html_prepare(doc);
	}
	S_grab g = {.in = in, .flags = flags, .byline_done = *byline != NULL};
	xmlNodePtr art = S_attempt(&g, doc);
	S_clear_private((xmlNodePtr)doc);
	if (art) S_clear_private(art);
	xpool_free(&g.pool);
	t->doc = doc;
	t->article = art;
	t->len = art ? dom_text_len(art) : 0;
	if (!*byline && g.byline)
		*byline = g.byline;
	else
		free(g.byline);
	return true;
}

/* Readability's attempts with fewer and fewer removals, the longest result
 * winning; when even that is too little (a sidebar outscored a short
 * article), the candidate with the most text is asked too. */
xmlDocPtr html_extract(xmlDocPtr doc, const html_extract_in *in, char **byline)
{
	static const unsigned flag_steps[] = {XF_STRIP_UNLIKELYS | XF_WEIGHT_CLASSES | XF_CLEAN_CONDITIONALLY,
	                                      XF_WEIGHT_CLASSES | XF_CLEAN_CONDITIONALLY,
	                                      XF_CLEAN_CONDITIONALLY, 0};
	S_try tries[5] = {{0}};
	size_t ntries = 0, best = 0;
	*byline = NULL;
	for (size_t i = 0; i < 4 && S_run(i ? NULL : doc, in, flag_steps[i], byline, &tries[ntries]); i++) {
		ntries++;
		if (tries[ntries - 1].len >= 500) {
			best = ntries - 1;
			break;
		}
		for (size_t k = 0; k < ntries; k++)
			if (tries[k].len > tries[best].len) best = k;
	}
	if (ntries && tries[best].len < 200 &&
	    S_run(NULL, in, flag_steps[0] | XF_MOST_TEXT, byline, &tries[ntries])) {
		if (tries[ntries].len >= 4 * tries[best].len + 100) best = ntries;
		ntries++;
	}
	xmlDocPtr out = S_to_body(ntries ? tries[best].article : NULL);
	for (size_t k = 0; k < ntries; k++) {
		if (tries[k].article) xmlFreeNode(tries[k].article);
		xmlFreeDoc(tries[k].doc);
	}
	return out;
}
