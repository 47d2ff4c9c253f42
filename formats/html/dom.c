/* dom.c - small helpers over libxml2 trees for the html reader: element
 * walking, text lengths counted as a browser's JavaScript would (UTF-16 units,
 * whitespace collapsed), link density, the pool of per-node scores (xpool).
 * No policy lives here. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"

bool dom_is_any(const xmlNode *n, const char *const *names)
{
	if (!n || n->type != XML_ELEMENT_NODE) return false;
	const char *name = (const char *)n->name;
	for (; *names; names++)
		if (name[0] == (*names)[0] && strcmp(name, *names) == 0) return true;
	return false;
}

xmlNodePtr dom_first_el(const xmlNode *n)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE) return c;
	return NULL;
}

xmlNodePtr dom_next_el(const xmlNode *n)
{
	for (xmlNodePtr c = n ? n->next : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE) return c;
	return NULL;
}

xmlNodePtr dom_prev_el(const xmlNode *n)
{
	for (xmlNodePtr c = n ? n->prev : NULL; c; c = c->prev)
		if (c->type == XML_ELEMENT_NODE) return c;
	return NULL;
}

size_t dom_count_el(const xmlNode *n)
{
	size_t k = 0;
	for (xmlNodePtr c = n->children; c; c = c->next)
		k += c->type == XML_ELEMENT_NODE;
	return k;
}

xmlNodePtr dom_next_node(xmlNodePtr n, bool ignore_kids)
{
	xmlNodePtr c;
	if (!ignore_kids && (c = dom_first_el(n))) return c;
	if ((c = dom_next_el(n))) return c;
	for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if ((c = dom_next_el(n))) return c;
	return NULL;
}

void dom_remove(xmlNodePtr n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

xmlNodePtr dom_remove_and_next(xmlNodePtr n)
{
	xmlNodePtr next = dom_next_node(n, true);
	dom_remove(n);
	return next;
}

const char *dom_attr(const xmlNode *n, const char *name)
{
	if (!n || n->type != XML_ELEMENT_NODE) return NULL;
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		if (strcasecmp((const char *)a->name, name) != 0) continue;
		if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
			return a->children->content ? (const char *)a->children->content : "";
		return "";
	}
	return NULL;
}

bool dom_space_at(const char *s, size_t *len)
{
	unsigned char c = (unsigned char)s[0];
	*len = 1;
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return true;
	if (c < 0x80) return false;
	const unsigned char *u = (const unsigned char *)s;
	if (c == 0xC2 && u[1] == 0xA0) {
		*len = 2;
		return true;
	}
	if (c == 0xE1 && u[1] == 0x9A && u[2] == 0x80) {
		*len = 3;
		return true;
	}
	if (c == 0xE2 && u[1] == 0x80 &&
	    ((u[2] >= 0x80 && u[2] <= 0x8A) || u[2] == 0xA8 || u[2] == 0xA9 || u[2] == 0xAF)) {
		*len = 3;
		return true;
	}
	if (c == 0xE2 && u[1] == 0x81 && u[2] == 0x9F) {
		*len = 3;
		return true;
	}
	if ((c == 0xE3 && u[1] == 0x80 && u[2] == 0x80) || (c == 0xEF && u[1] == 0xBB && u[2] == 0xBF)) {
		*len = 3;
		return true;
	}
	return false;
}

/* Counting state across the text nodes of a subtree. */
typedef struct S_count {
	size_t len;
	bool started, pending;
} S_count;

/* ASCII whitespace as JavaScript's \s sees it. */
static const unsigned char S_ascii_space[128] = {
    ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1};

static void S_count_str(S_count *c, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len = c->len;
	bool started = c->started, pending = c->pending;
	while (*s) {
		unsigned char b = *s;
		size_t k = 1;
		if (b < 0x80) {
			if (S_ascii_space[b]) {
				pending = started;
				s++;
				continue;
			}
		} else if ((b == 0xC2 || b == 0xE1 || b == 0xE2 || b == 0xE3 || b == 0xEF) &&
		           dom_space_at((const char *)s, &k)) {
			pending = started;
			s += k;
			continue;
		}
		len += pending + (b >= 0xF0 ? 2 : 1); /* UTF-16 units: 2 for a surrogate pair */
		pending = false;
		started = true;
		s++;
		if (b >= 0x80)
			while ((*s & 0xC0) == 0x80)
				s++;
	}
	c->len = len;
	c->started = started;
	c->pending = pending;
}

static void S_count_tree(S_count *c, const xmlNode *n)
{
	for (const xmlNode *k = n->children; k; k = k->next) {
		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			if (k->content) S_count_str(c, (const char *)k->content);
		} else if (k->type == XML_ELEMENT_NODE) {
			S_count_tree(c, k);
		}
	}
}

size_t dom_text_len(const xmlNode *n)
{
	S_count c = {0, false, false};
	if (n->type == XML_TEXT_NODE) {
		if (n->content) S_count_str(&c, (const char *)n->content);
	} else {
		S_count_tree(&c, n);
	}
	return c.len;
}

static bool S_str_has_text(const char *s)
{
	size_t k;
	for (; *s; s += k)
		if (!dom_space_at(s, &k)) return true;
	return false;
}

bool dom_has_text(const xmlNode *n)
{
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
		return n->content && S_str_has_text((const char *)n->content);
	for (const xmlNode *k = n->children; k; k = k->next)
		if ((k->type == XML_ELEMENT_NODE || k->type == XML_TEXT_NODE ||
		     k->type == XML_CDATA_SECTION_NODE) &&
		    dom_has_text(k))
			return true;
	return false;
}

/* ---- text summaries: lengths of whole subtrees in one bottom-up pass ------ */

/* Combines the summary of a following sibling into acc. */
static void S_sum_add(dom_sum *acc, const dom_sum *b)
{
	if (!b->has) {
		if (acc->has)
			acc->trail = acc->trail || b->ws;
		else
			acc->ws = acc->ws || b->ws;
	} else if (!acc->has) {
		bool lead = b->lead || acc->ws;
		double links = acc->links;
		*acc = *b;
		acc->lead = lead;
		acc->links += links;
		return;
	} else {
		acc->len += b->len + (acc->trail || b->lead ? 1 : 0);
		acc->trail = b->trail;
	}
	acc->links += b->links;
}

static void S_sum_text(const char *s, dom_sum *out)
{
	S_count c = {0, false, false};
	memset(out, 0, sizeof *out);
	S_count_str(&c, s);
	out->has = c.started;
	out->len = c.len;
	out->trail = c.pending;
	size_t k;
	out->lead = out->has && dom_space_at(s, &k);
	out->ws = !out->has && *s;
}

void dom_summarize(const xmlNode *n, dom_sum *out, dom_sum_fn store, void *ud)
{
	memset(out, 0, sizeof *out);
	for (const xmlNode *k = n->children; k; k = k->next) {
		dom_sum part;
		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			if (!k->content) continue;
			S_sum_text((const char *)k->content, &part);
		} else if (k->type == XML_ELEMENT_NODE) {
			dom_summarize(k, &part, store, ud);
		} else {
			continue;
		}
		S_sum_add(out, &part);
	}
	if (dom_is(n, "a")) {
		const char *href = dom_attr(n, "href");
		out->links += (href && href[0] == '#' && href[1] ? 0.3 : 1.0) * (double)out->len;
	}
	if (store) store(n, out, ud);
}

size_t dom_strlen16(const char *s)
{
	size_t n = 0;
	for (; *s; s++) {
		unsigned char b = (unsigned char)*s;
		if ((b & 0xC0) != 0x80) n += b >= 0xF0 ? 2 : 1;
	}
	return n;
}

char *dom_text_raw(const xmlNode *n)
{
	xmlChar *t = xmlNodeGetContent(n);
	char *r = strdup(t ? (const char *)t : "");
	xmlFree(t);
	return r;
}

void dom_collapse(char *s)
{
	char *w = s;
	bool pending = false, started = false;
	for (char *r = s; *r;) {
		size_t k;
		if (dom_space_at(r, &k)) {
			pending = started;
			r += k;
			continue;
		}
		if (pending) *w++ = ' ';
		pending = false;
		started = true;
		*w++ = *r++;
	}
	*w = '\0';
}

char *dom_text(const xmlNode *n)
{
	char *t = dom_text_raw(n);
	if (t) dom_collapse(t);
	return t;
}

static void S_link_len(const xmlNode *n, double *links)
{
	for (const xmlNode *k = n->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE) continue;
		if (dom_is(k, "a")) {
			const char *href = dom_attr(k, "href");
			double coef = href && href[0] == '#' && href[1] ? 0.3 : 1.0;
			*links += (double)dom_text_len(k) * coef;
		}
		S_link_len(k, links); /* nested links count again, as a DOM query would */
	}
}

double dom_link_density(const xmlNode *n)
{
	size_t total = dom_text_len(n);
	if (!total) return 0;
	double links = 0;
	S_link_len(n, &links);
	return links / (double)total;
}

static void S_count_desc(const xmlNode *n, const char *const *names, size_t *k)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE) continue;
		if (dom_is_any(c, names)) (*k)++;
		S_count_desc(c, names, k);
	}
}

size_t dom_count_desc(const xmlNode *n, const char *const *names)
{
	size_t k = 0;
	S_count_desc(n, names, &k);
	return k;
}

typedef struct S_vec {
	xmlNodePtr *v;
	size_t n, cap;
} S_vec;

static void S_collect(const xmlNode *n, const char *const *names, S_vec *out)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE) continue;
		if (dom_is_any(c, names)) {
			if (out->n == out->cap) {
				out->cap = out->cap ? out->cap * 2 : 16;
				xmlNodePtr *nv = realloc(out->v, out->cap * sizeof *nv);
				if (!nv) abort();
				out->v = nv;
			}
			out->v[out->n++] = c;
		}
		S_collect(c, names, out);
	}
}

xmlNodePtr *dom_collect(const xmlNode *n, const char *const *names, size_t *count)
{
	S_vec v = {NULL, 0, 0};
	S_collect(n, names, &v);
	*count = v.n;
	return v.v;
}

void dom_rename(xmlNodePtr n, const char *name)
{
	xmlNodeSetName(n, BAD_CAST name);
}

bool dom_has_word(const char *hay, const char *const *words)
{
	if (!hay || !*hay) return false;
	char low[512];
	size_t n = 0;
	for (; hay[n] && n + 1 < sizeof low; n++)
		low[n] = hay[n] >= 'A' && hay[n] <= 'Z' ? (char)(hay[n] + 32) : hay[n];
	low[n] = '\0';
	if (hay[n]) { /* longer than the buffer: the slow way */
		for (; *words; words++)
			if (strcasestr(hay, *words)) return true;
		return false;
	}
	for (; *words; words++)
		if (strstr(low, *words)) return true;
	return false;
}

/* ---- per-node scores in node->_private ---------------------------------------- */

enum { S_CHUNK = 256 };

xinfo *xpool_get(xpool *p, xmlNodePtr n)
{
	if (n->_private) return n->_private;
	if (!p->n || p->used == S_CHUNK) {
		if (p->n == p->cap) {
			p->cap = p->cap ? p->cap * 2 : 16;
			p->chunks = realloc(p->chunks, p->cap * sizeof *p->chunks);
			if (!p->chunks) abort();
		}
		p->chunks[p->n] = calloc(S_CHUNK, sizeof(xinfo));
		if (!p->chunks[p->n]) abort();
		p->n++;
		p->used = 0;
	}
	xinfo *x = &p->chunks[p->n - 1][p->used++];
	x->datatable = -1;
	n->_private = x;
	return x;
}

void xpool_free(xpool *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->chunks[i]);
	free(p->chunks);
	memset(p, 0, sizeof *p);
}
