/* lines.c - the page as lines of text, in document order, for the rules that
 * read what is written around the title (dates, bylines, editors). A block
 * element or <br> ends a line; each line says how much of it is link text
 * and whether it is in a list item. It changes nothing in the tree. */
#include <stdlib.h>
#include <string.h>

#include "meta.h"

enum { S_MAX_LINES = 6000, S_MAX_TEXT = 600 << 10 };

static bool S_inline(const xmlNode *n)
{
	static const char *const names[] = {"a",     "abbr",   "b",      "bdi",  "big", "cite", "code",
	                                    "data",  "dfn",    "em",     "font", "i",   "img",  "kbd",
	                                    "label", "mark",   "nobr",   "q",    "s",   "samp", "small",
	                                    "span",  "strike", "strong", "sub",  "sup", "time", "tt",
	                                    "u",     "var",    "wbr",    "ins",  "del", NULL};
	return dom_is_any(n, names);
}

static bool S_skipped(const xmlNode *n)
{
	static const char *const names[] = {"head",   "script",   "style",  "noscript", "template", "select",
	                                    "option", "textarea", "iframe", "object",   NULL};
	return dom_is_any(n, names);
}

typedef struct S_walk {
	meta_lines *L;
	quire_buf cur; /* the line being read */
	size_t len, link;
	int in_a, in_li, in_h;
	bool li, heading;
} S_walk;

static void S_flush(S_walk *w)
{
	meta_lines *L = w->L;
	char *t = w->cur.data;
	if (t) dom_collapse(t);
	if (t && *t && L->n < S_MAX_LINES && L->text.len < S_MAX_TEXT) {
		if (L->n == L->cap) {
			L->cap = L->cap ? L->cap * 2 : 256;
			L->v = realloc(L->v, L->cap * sizeof *L->v);
			if (!L->v) abort();
		}
		L->v[L->n++] = (meta_line){L->text.len, w->len, w->link, w->li, w->heading};
		quire_buf_append(&L->text, t, strlen(t) + 1);
	}
	quire_buf_reset(&w->cur);
	w->len = w->link = 0;
	w->li = w->in_li > 0;
	w->heading = w->in_h > 0;
}

/* Appends text, NBSP and U+3000 as spaces (dom_collapse does the rest). */
static void S_text(S_walk *w, const char *s)
{
	for (; *s; s++) {
		if (strncmp(s, "\xC2\xA0", 2) == 0 || strncmp(s, "\xE3\x80\x80", 3) == 0) {
			quire_buf_putc(&w->cur, ' ');
			s += *s == '\xC2' ? 1 : 2;
			continue;
		}
		quire_buf_putc(&w->cur, *s);
		/* letters, not bytes: a Han letter counts as much as a digit */
		if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r' && (*s & 0xC0) != 0x80) {
			w->len++;
			if (w->in_a) w->link++;
		}
	}
	if (w->in_li) w->li = true;
	if (w->in_h) w->heading = true;
}

static bool S_is_heading(const xmlNode *n)
{
	static const char *const names[] = {"h1", "h2", "h3", NULL};
	return dom_is_any(n, names);
}

static void S_enter(S_walk *w, xmlNodePtr n)
{
	if (!S_inline(n)) S_flush(w);
	if (dom_is(n, "a")) w->in_a++;
	if (dom_is(n, "li")) w->in_li++;
	if (S_is_heading(n)) w->in_h++;
	if (dom_is(n, "br")) S_flush(w);
}

static void S_leave(S_walk *w, xmlNodePtr n)
{
	if (!S_inline(n)) S_flush(w);
	if (dom_is(n, "a")) w->in_a--;
	if (dom_is(n, "li")) w->in_li--;
	if (S_is_heading(n)) w->in_h--;
}

void meta_lines_build(xmlDocPtr doc, meta_lines *L)
{
	memset(L, 0, sizeof *L);
	L->anchor = META_NO_LINE;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (!root) return;
	S_walk w = {.L = L};
	xmlNodePtr n = root->children;
	while (n && L->n < S_MAX_LINES) {
		if (n->type == XML_ELEMENT_NODE && !S_skipped(n)) {
			S_enter(&w, n);
			if (n->children) {
				n = n->children;
				continue;
			}
			S_leave(&w, n);
		} else if (n->type == XML_TEXT_NODE && n->content) {
			S_text(&w, (const char *)n->content);
		}
		while (n && !n->next) {
			n = n->parent;
			if (!n || n == root) {
				n = NULL;
				break;
			}
			S_leave(&w, n);
		}
		if (n) n = n->next;
	}
	S_flush(&w);
	quire_buf_free(&w.cur);
}

const char *meta_line_text(const meta_lines *L, size_t i)
{
	return L->text.data + L->v[i].off;
}

bool meta_line_usable(const meta_lines *L, size_t i)
{
	const meta_line *l = &L->v[i];
	if (l->link * 2 > l->len) return false; /* mostly a link */
	return !(l->in_li && l->link > 0);      /* an item of a list of links */
}

void meta_lines_anchor(meta_lines *L, const char *title)
{
	size_t first = META_NO_LINE, h1 = META_NO_LINE;
	size_t tl = title ? strlen(title) : 0;
	for (size_t i = 0; tl && i < L->n; i++) {
		const char *t = meta_line_text(L, i);
		/* a heading may add a time or a mark after the title */
		bool starts = L->v[i].heading && strncmp(t, title, tl) == 0 && t[tl] == ' ';
		if (strcmp(t, title) != 0 && !starts) continue;
		if (L->v[i].heading) {
			L->anchor = i;
			return;
		}
		if (first == META_NO_LINE) first = i;
	}
	for (size_t i = 0; first == META_NO_LINE && h1 == META_NO_LINE && i < L->n; i++)
		if (L->v[i].heading && L->v[i].link * 2 <= L->v[i].len) h1 = i;
	L->anchor = first != META_NO_LINE ? first : h1;
}

void meta_lines_free(meta_lines *L)
{
	quire_buf_free(&L->text);
	free(L->v);
	memset(L, 0, sizeof *L);
	L->anchor = META_NO_LINE;
}
