/* title.c - the article title from <title>: the site-name part after a
 * separator (| - – — \ / > » :) is dropped unless too little would remain,
 * and a lone <h1> is preferred to an implausibly short or long title (the
 * rules Readability applies, so titles agree with what readers expect). */
#include <stdlib.h>
#include <string.h>

#include "html.h"

/* JavaScript's str.split(/\s+/).length: whitespace runs + 1. */
static size_t S_word_count(const char *s)
{
	size_t runs = 0;
	bool in = false;
	while (*s) {
		size_t k;
		if (dom_space_at(s, &k)) {
			if (!in) runs++;
			in = true;
			s += k;
		} else {
			in = false;
			s++;
		}
	}
	return runs + 1;
}

/* Separator characters and their UTF-8 lengths. */
static size_t S_sep_at(const char *s)
{
	static const char *const seps[] = {"|",        "-", "\xE2\x80\x93", "\xE2\x80\x94", "\\", "/", ">",
	                                   "\xC2\xBB", NULL};
	for (int i = 0; seps[i]; i++) {
		size_t n = strlen(seps[i]);
		if (strncmp(s, seps[i], n) == 0) return n;
	}
	return 0;
}

static bool S_hier_sep(const char *s)
{
	return *s == '\\' || *s == '/' || *s == '>' || strncmp(s, "\xC2\xBB", 2) == 0;
}

/* Offset of the last " X " separator, or -1; *hier when any is hierarchical. */
static long S_last_spaced_sep(const char *t, bool *hier)
{
	long last = -1;
	*hier = false;
	for (const char *p = t; *p; p++) {
		size_t n;
		if (*p == ' ' && (n = S_sep_at(p + 1)) && p[1 + n] == ' ') {
			last = (long)(p - t);
			if (S_hier_sep(p + 1)) *hier = true;
		}
	}
	return last;
}

/* The title with every separator character removed (for the word count). */
static size_t S_words_without_seps(const char *t)
{
	char *c = strdup(t);
	if (!c) abort();
	char *w = c;
	for (const char *p = t; *p;) {
		size_t n = S_sep_at(p);
		if (n) {
			p += n;
			continue;
		}
		*w++ = *p++;
	}
	*w = '\0';
	size_t k = S_word_count(c);
	free(c);
	return k;
}

static bool S_heading_equals(xmlNodePtr n, const char *title)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE) continue;
		if (dom_is(n, "h1") || dom_is(n, "h2")) {
			char *t = dom_text_raw(n);
			char *s = t;
			size_t k;
			while (*s && dom_space_at(s, &k))
				s += k;
			size_t len = strlen(s);
			while (len) {
				size_t back = 1;
				while (back < len && (s[len - back] & 0xC0) == 0x80)
					back++;
				if (!dom_space_at(s + len - back, &k)) break;
				len -= back;
			}
			bool eq = strlen(title) == len && strncmp(s, title, len) == 0;
			free(t);
			if (eq) return true;
		}
		if (S_heading_equals(n->children, title)) return true;
	}
	return false;
}

static xmlNodePtr S_find(xmlNodePtr n, const char *name, size_t *count)
{
	xmlNodePtr first = NULL;
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE) continue;
		if (dom_is(n, name)) {
			if (!first) first = n;
			(*count)++;
		}
		xmlNodePtr f = S_find(n->children, name, count);
		if (!first) first = f;
	}
	return first;
}

static char *S_colon_title(xmlDocPtr doc, const char *orig)
{
	if (S_heading_equals(doc->children, orig)) return strdup(orig);
	const char *last = strrchr(orig, ':'), *first = strchr(orig, ':');
	char *cur = strdup(last + 1);
	if (S_word_count(cur) < 3) {
		free(cur);
		cur = strdup(first + 1);
	} else {
		char *before = strndup(orig, (size_t)(first - orig));
		if (S_word_count(before) > 5) {
			free(cur);
			cur = strdup(orig);
		}
		free(before);
	}
	return cur;
}

char *html_title_from_doc(xmlDocPtr doc)
{
	size_t n = 0;
	xmlNodePtr t = S_find(doc->children, "title", &n);
	char *orig = t ? dom_text(t) : strdup("");
	if (!orig) abort();
	char *cur;
	bool hier = false;
	long sep = S_last_spaced_sep(orig, &hier);
	if (sep >= 0) {
		cur = strndup(orig, (size_t)sep);
		if (S_word_count(cur) < 3) {
			free(cur);
			const char *p = orig;
			while (*p && !S_sep_at(p))
				p++;
			cur = strdup(*p ? p + S_sep_at(p) : orig);
		}
	} else if (strstr(orig, ": ")) {
		cur = S_colon_title(doc, orig);
	} else {
		size_t len = dom_strlen16(orig), nh1 = 0;
		xmlNodePtr h1 = (len > 150 || len < 15) ? S_find(doc->children, "h1", &nh1) : NULL;
		cur = nh1 == 1 ? dom_text(h1) : strdup(orig);
	}
	if (!cur) abort();
	dom_collapse(cur);
	size_t wc = S_word_count(cur);
	if (wc <= 4 && (!hier || wc != S_words_without_seps(orig) - 1)) {
		free(cur);
		return orig;
	}
	free(orig);
	return cur;
}

/* Lowercased word tokens (JavaScript's split(/\W+/)), joined by spaces. */
static size_t S_tokens(const char *s, char ***out)
{
	size_t n = 0, cap = 0;
	char **v = NULL;
	const char *p = s;
	while (*p) {
		while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		               (*p >= '0' && *p <= '9') || *p == '_'))
			p++;
		if (!*p) break;
		const char *b = p;
		while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		       *p == '_')
			p++;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = realloc(v, cap * sizeof *v);
			if (!v) abort();
		}
		char *tok = strndup(b, (size_t)(p - b));
		for (char *c = tok; *c; c++)
			if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
		v[n++] = tok;
	}
	*out = v;
	return n;
}

double html_text_similarity(const char *a, const char *b)
{
	char **ta, **tb;
	size_t na = S_tokens(a, &ta), nb = S_tokens(b, &tb);
	double sim = 0;
	if (na && nb) {
		size_t uniq = 0, all = 0, nu = 0;
		for (size_t i = 0; i < nb; i++) {
			all += strlen(tb[i]);
			bool found = false;
			for (size_t j = 0; j < na && !found; j++)
				found = strcmp(tb[i], ta[j]) == 0;
			if (!found) {
				uniq += strlen(tb[i]);
				nu++;
			}
		}
		all += nb - 1;
		uniq += nu ? nu - 1 : 0;
		sim = 1.0 - (double)uniq / (double)all;
	}
	for (size_t i = 0; i < na; i++)
		free(ta[i]);
	for (size_t i = 0; i < nb; i++)
		free(tb[i]);
	free(ta);
	free(tb);
	return sim;
}
