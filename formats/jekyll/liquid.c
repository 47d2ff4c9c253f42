/* liquid.c - the part of Liquid a post body needs before Markdown: {% raw %}
 * unwrapped, {% comment %} dropped, {% highlight %} made a fenced code block,
 * {{ page.x }} / {{ site.x }} resolved with a few filters. Everything else
 * (includes, control flow, assigns) cannot be run without the site's templates:
 * those tags are removed and one warning lists them. Not a Liquid engine. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jekyll.h"

/* A search that failed from `from` to `end` fails from any later start too:
 * remembering it keeps hostile inputs ("{{{{..." without "}}") linear. */
typedef struct memo {
	const char *from, *end;
} memo;

typedef struct liquid {
	const jk_liquid_env *env;
	memo tag_close, out_close, end_raw, end_comment, end_highlight;
	quire_buf *out;
	quire_buf removed; /* names of removed tags, ", "-separated */
	size_t n_removed;
	quire_buf unknown; /* unresolved variables */
	size_t n_unknown;
	quire_buf filters; /* ignored filters */
	size_t n_filters;
} liquid;

static bool S_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Trims blanks and Liquid's whitespace-control dashes. */
static void S_trim(const char **s, size_t *n)
{
	while (*n && (S_space(**s) || **s == '-')) {
		(*s)++;
		(*n)--;
	}
	while (*n && (S_space((*s)[*n - 1]) || (*s)[*n - 1] == '-'))
		(*n)--;
}

static const char *S_find(const char *s, const char *end, const char *what)
{
	size_t w = strlen(what);
	for (const char *p = s; p + w <= end; p++)
		if (memcmp(p, what, w) == 0) return p;
	return NULL;
}

static const char *S_find_memo(memo *m, const char *s, const char *end, const char *what)
{
	if (m->end == end && s >= m->from) return NULL;
	const char *r = S_find(s, end, what);
	if (!r && (m->end != end || s < m->from)) {
		m->from = s;
		m->end = end;
	}
	return r;
}

/* Records a name in a ", "-separated list (first few only). */
static void S_note(quire_buf *list, size_t *count, const char *name, size_t n)
{
	(*count)++;
	if (*count > 5) return;
	if (list->len) quire_buf_puts(list, ", ");
	quire_buf_append(list, name, n > 60 ? 60 : n);
}

/* The tag at s ("{%"...): name and arguments; returns the end of "%}" or NULL. */
static const char *S_tag(liquid *L, const char *s, const char *end, const char **name, size_t *name_len,
                         const char **args, size_t *args_len)
{
	const char *close = S_find_memo(&L->tag_close, s + 2, end, "%}");
	if (!close) return NULL;
	const char *t = s + 2;
	size_t n = (size_t)(close - t);
	S_trim(&t, &n);
	size_t k = 0;
	while (k < n && !S_space(t[k]))
		k++;
	*name = t;
	*name_len = k;
	*args = t + k;
	*args_len = n - k;
	S_trim(args, args_len);
	return close + 2;
}

static bool S_is(const char *name, size_t n, const char *what)
{
	return n == strlen(what) && memcmp(name, what, n) == 0;
}

/* The next "{% end %}" tag after s: sets *inner_end (start of the tag) and
 * returns the position after it, or NULL. */
static const char *S_find_end(liquid *L, memo *m, const char *s, const char *end, const char *endname,
                              const char **inner_end)
{
	if (m->end == end && s >= m->from) return NULL;
	for (const char *p = s; (p = S_find(p, end, "{%"));) {
		const char *name, *args;
		size_t nl, al;
		const char *after = S_tag(L, p, end, &name, &nl, &args, &al);
		if (!after) break;
		if (S_is(name, nl, endname)) {
			*inner_end = p;
			return after;
		}
		p = after; /* a tag ends at its first "%}" */
	}
	if (m->end != end || s < m->from) {
		m->from = s;
		m->end = end;
	}
	return NULL;
}

static void S_html_escape(quire_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			quire_buf_puts(out, "&amp;");
			break;
		case '<':
			quire_buf_puts(out, "&lt;");
			break;
		case '>':
			quire_buf_puts(out, "&gt;");
			break;
		case '"':
			quire_buf_puts(out, "&quot;");
			break;
		case '\'':
			quire_buf_puts(out, "&#39;");
			break;
		default:
			quire_buf_putc(out, s[i]);
		}
	}
}

/* A date as page.date prints it ("2021-12-08 10:18:31 +0800", or a date
 * alone): false when s is not one. */
typedef struct liquid_date {
	int y, m, d, hh, mm, ss, off_h, off_m;
	char sign;
	bool has_time, has_off;
} liquid_date;

static bool S_date_parse(const char *s, liquid_date *t)
{
	memset(t, 0, sizeof *t);
	t->sign = '+';
	int used = 0;
	while (S_space(*s))
		s++;
	if (sscanf(s, "%4d-%2d-%2d%n", &t->y, &t->m, &t->d, &used) != 3 || t->m < 1 || t->m > 12 ||
	    t->d < 1 || t->d > 31)
		return false;
	s += used;
	if (sscanf(s, "%*[ T]%2d:%2d:%2d%n", &t->hh, &t->mm, &t->ss, &used) == 3) {
		t->has_time = true;
		s += used;
		while (S_space(*s))
			s++;
		if ((*s == '+' || *s == '-') && (sscanf(s + 1, "%2d:%2d", &t->off_h, &t->off_m) == 2 ||
		                                 sscanf(s + 1, "%2d%2d", &t->off_h, &t->off_m) >= 1)) {
			t->sign = *s;
			t->has_off = true;
		}
	}
	return true;
}

/* date_to_string ("08 Dec 2021"; "ordinal": "8th Dec 2021"; "ordinal",
 * "US": "Dec 8th, 2021") and date_to_xmlschema ("2021-12-08T10:18:31+08:00"),
 * as Jekyll's filters print them. */
static bool S_date_filter(const char *f, size_t n, const char *args, const char *s, quire_buf *r)
{
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	liquid_date t;
	if (!S_date_parse(s, &t)) return false;
	if (S_is(f, n, "date_to_xmlschema")) {
		quire_buf_printf(r, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", t.y, t.m, t.d, t.hh, t.mm,
		                 t.ss, t.sign, t.off_h, t.off_m);
		return true;
	}
	bool ordinal = strstr(args, "ordinal") != NULL, us = strstr(args, "US") != NULL;
	if (!ordinal) {
		quire_buf_printf(r, "%02d %s %04d", t.d, mon[t.m - 1], t.y);
		return true;
	}
	const char *th = t.d % 100 >= 11 && t.d % 100 <= 13 ? "th"
	                 : t.d % 10 == 1                    ? "st"
	                 : t.d % 10 == 2                    ? "nd"
	                 : t.d % 10 == 3                    ? "rd"
	                                                    : "th";
	if (us)
		quire_buf_printf(r, "%s %d%s, %04d", mon[t.m - 1], t.d, th, t.y);
	else
		quire_buf_printf(r, "%d%s %s %04d", t.d, th, mon[t.m - 1], t.y);
	return true;
}

/* Applies one filter (name f of n bytes, then its arguments up to args_end)
 * to v in place; false when the filter is unknown. */
static bool S_filter(liquid *L, const char *f, size_t n, const char *args_end, quire_buf *v)
{
	quire_buf r = QUIRE_BUF_INIT;
	const char *s = v->data ? v->data : "";
	char args[128];
	snprintf(args, sizeof args, "%.*s", (int)(args_end - f - (ptrdiff_t)n), f + n);
	if (S_is(f, n, "date_to_string") || S_is(f, n, "date_to_xmlschema")) {
		if (!S_date_filter(f, n, args, s, &r)) quire_buf_puts(&r, s);
	} else if (S_is(f, n, "slugify")) {
		char *slug = jk_slugify(s, strstr(args, "pretty") != NULL, false);
		quire_buf_puts(&r, slug);
		free(slug);
	} else if (S_is(f, n, "relative_url") || S_is(f, n, "absolute_url")) {
		char *u =
		    jk_url_join(f[0] == 'a' && L->env->site_url ? L->env->site_url : "x", L->env->baseurl, s);
		/* relative_url: the same join without the scheme and host */
		quire_buf_puts(&r, u ? (f[0] == 'a' && L->env->site_url ? u : u + 1) : s);
		free(u);
	} else if (S_is(f, n, "upcase") || S_is(f, n, "downcase")) {
		for (const char *p = s; *p; p++) {
			char c = *p;
			if (f[0] == 'u' && c >= 'a' && c <= 'z')
				c = (char)(c - 'a' + 'A');
			else if (f[0] == 'd' && c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			quire_buf_putc(&r, c);
		}
	} else if (S_is(f, n, "strip")) {
		const char *t = s;
		size_t tn = strlen(s);
		while (tn && S_space(*t)) {
			t++;
			tn--;
		}
		while (tn && S_space(t[tn - 1]))
			tn--;
		quire_buf_append(&r, t, tn);
	} else if (S_is(f, n, "escape") || S_is(f, n, "xml_escape")) {
		S_html_escape(&r, s, strlen(s));
	} else {
		quire_buf_free(&r);
		return false;
	}
	quire_buf_free(v);
	*v = r;
	return true;
}

/* The value of a variable or literal; false when it cannot be resolved. */
static bool S_resolve(liquid *L, const char *e, size_t n, quire_buf *v)
{
	if (n >= 2 && (e[0] == '"' || e[0] == '\'') && e[n - 1] == e[0]) {
		quire_buf_append(v, e + 1, n - 2);
		return true;
	}
	const jk_value *x = NULL;
	if (n > 5 && memcmp(e, "page.", 5) == 0) {
		x = jk_path(L->env->page, e + 5, n - 5);
		if (!x) x = jk_path(L->env->fm, e + 5, n - 5);
	} else if (n > 5 && memcmp(e, "site.", 5) == 0) {
		x = jk_path(L->env->site, e + 5, n - 5);
		if (!x && S_is(e, n, "site.url") && L->env->site_url) {
			quire_buf_puts(v, L->env->site_url);
			return true;
		}
		if (!x && S_is(e, n, "site.baseurl")) return true; /* Jekyll's default baseurl is empty */
	}
	if (!x) return false;
	jk_value_text(x, v);
	return true;
}

/* {{ expression | filter | ... }} */
static void S_output(liquid *L, const char *e, size_t n)
{
	const char *bar = memchr(e, '|', n);
	const char *var = e;
	size_t vn = bar ? (size_t)(bar - e) : n;
	S_trim(&var, &vn);
	quire_buf v = QUIRE_BUF_INIT;
	if (!S_resolve(L, var, vn, &v)) {
		S_note(&L->unknown, &L->n_unknown, var, vn);
		quire_buf_free(&v);
		return;
	}
	while (bar) {
		const char *f = bar + 1;
		size_t rest = (size_t)(e + n - f);
		bar = memchr(f, '|', rest);
		size_t fn = bar ? (size_t)(bar - f) : rest;
		S_trim(&f, &fn);
		size_t name_len = strcspn(f, ": \t");
		if (name_len > fn) name_len = fn;
		if (!S_filter(L, f, name_len, f + fn, &v)) S_note(&L->filters, &L->n_filters, f, name_len);
	}
	if (v.data) quire_buf_append(L->out, v.data, v.len);
	quire_buf_free(&v);
}

static void S_render(liquid *L, const char *s, const char *end, int depth);

/* A block tag at p; returns where to continue. */
static const char *S_block(liquid *L, const char *p, const char *end, int depth)
{
	const char *name, *args, *inner_end;
	size_t nl, al;
	const char *after = S_tag(L, p, end, &name, &nl, &args, &al);
	if (!after) {
		quire_buf_append(L->out, p, 2); /* a lone "{%" is text */
		return p + 2;
	}
	if (S_is(name, nl, "raw")) {
		const char *next = S_find_end(L, &L->end_raw, after, end, "endraw", &inner_end);
		if (!next) {
			quire_buf_append(L->out, after, (size_t)(end - after));
			return end;
		}
		quire_buf_append(L->out, after, (size_t)(inner_end - after));
		return next;
	}
	if (S_is(name, nl, "comment")) {
		const char *next = S_find_end(L, &L->end_comment, after, end, "endcomment", &inner_end);
		return next ? next : end;
	}
	if (S_is(name, nl, "highlight")) {
		const char *next = S_find_end(L, &L->end_highlight, after, end, "endhighlight", &inner_end);
		if (next && depth < 8) {
			size_t ln = strcspn(args, " \t");
			quire_buf_puts(L->out, "\n```");
			quire_buf_append(L->out, args, ln < al ? ln : al);
			quire_buf_putc(L->out, '\n');
			const char *code = after;
			while (code < inner_end && *code == '\n')
				code++;
			S_render(L, code, inner_end, depth + 1);
			if (L->out->len && L->out->data[L->out->len - 1] != '\n')
				quire_buf_putc(L->out, '\n');
			quire_buf_puts(L->out, "```\n");
			return next;
		}
	}
	S_note(&L->removed, &L->n_removed, name, nl);
	return after;
}

static void S_render(liquid *L, const char *s, const char *end, int depth)
{
	const char *p = s;
	while (p < end) {
		const char *open = NULL;
		for (const char *q = p; q + 1 < end; q++)
			if (q[0] == '{' && (q[1] == '%' || q[1] == '{')) {
				open = q;
				break;
			}
		if (!open) {
			quire_buf_append(L->out, p, (size_t)(end - p));
			return;
		}
		quire_buf_append(L->out, p, (size_t)(open - p));
		if (open[1] == '%') {
			p = S_block(L, open, end, depth);
			continue;
		}
		const char *close = S_find_memo(&L->out_close, open + 2, end, "}}");
		if (!close) {
			quire_buf_append(L->out, open, 2);
			p = open + 2;
			continue;
		}
		S_output(L, open + 2, (size_t)(close - open - 2));
		p = close + 2;
	}
}

void jk_liquid_render(const char *in, size_t len, const jk_liquid_env *env, quire_buf *out)
{
	liquid L = {.env = env, .out = out};
	S_render(&L, in, in + len, 0);
	if (!out->data) quire_buf_puts(out, "");
	quire_article *a = env->article;
	if (a && L.n_removed)
		quire_article_diag(a, QUIRE_LEVEL_WARNING, "liquid-tag-removed",
		                   "%zu Liquid tag%s removed (they need the site's templates): %s%s",
		                   L.n_removed, L.n_removed == 1 ? "" : "s", L.removed.data,
		                   L.n_removed > 5 ? ", ..." : "");
	if (a && L.n_unknown)
		quire_article_diag(a, QUIRE_LEVEL_WARNING, "liquid-variable-removed",
		                   "%zu Liquid variable%s could not be resolved and %s removed: %s%s",
		                   L.n_unknown, L.n_unknown == 1 ? "" : "s",
		                   L.n_unknown == 1 ? "was" : "were", L.unknown.data,
		                   L.n_unknown > 5 ? ", ..." : "");
	if (a && L.n_filters)
		quire_article_diag(
		    a, QUIRE_LEVEL_WARNING, "liquid-filter-ignored", "%zu Liquid filter%s ignored: %s%s",
		    L.n_filters, L.n_filters == 1 ? "" : "s", L.filters.data, L.n_filters > 5 ? ", ..." : "");
	quire_buf_free(&L.removed);
	quire_buf_free(&L.unknown);
	quire_buf_free(&L.filters);
}
