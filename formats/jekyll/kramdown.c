/* kramdown.c - the kramdown-only syntax of Jekyll posts, settled before
 * cmark-gfm sees the text, so it never shows as text: block attribute lines
 * ({: .class}, {:#id}, {:ref: .x}), span attributes at a line's end, the
 * table of contents (* TOC + {:toc}), extensions ({::options /},
 * {::comment}...{:/comment} dropped, {::nomarkdown} markers dropped) and
 * HTML blocks broken by blank lines (kramdown reads the element to its
 * closing tag; CommonMark would end it at the blank line and make indented
 * lines code). {:toc} becomes a nested list of the headings. Fenced code
 * is left alone. It does not render anything. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jekyll.h"

typedef struct line {
	const char *s;
	size_t n; /* without the LF */
} line;

static size_t S_indent(line l)
{
	size_t i = 0;
	while (i < l.n && (l.s[i] == ' ' || l.s[i] == '\t'))
		i++;
	return i;
}

static bool S_blank(line l)
{
	return S_indent(l) == l.n;
}

/* The line without its indentation and trailing blanks. */
static line S_trimmed(line l)
{
	size_t i = S_indent(l), n = l.n;
	while (n > i && (l.s[n - 1] == ' ' || l.s[n - 1] == '\t'))
		n--;
	return (line){l.s + i, n - i};
}

static bool S_starts(line l, const char *p)
{
	size_t n = strlen(p);
	return l.n >= n && memcmp(l.s, p, n) == 0;
}

/* A fence opener/closer: ``` or ~~~ (3 or more) after at most 3 spaces. */
static size_t S_fence(line l, char *ch)
{
	size_t i = S_indent(l);
	if (i > 3 || i >= l.n || (l.s[i] != '`' && l.s[i] != '~')) return 0;
	size_t k = i;
	while (k < l.n && l.s[k] == l.s[i])
		k++;
	if (k - i < 3) return 0;
	*ch = l.s[i];
	return k - i;
}

/* "{:...}" alone on a line: a block IAL, an ALD, {:toc}; "{::x .../}" too. */
static bool S_attr_line(line t)
{
	return t.n >= 3 && t.s[0] == '{' && t.s[1] == ':' && t.s[t.n - 1] == '}' &&
	       !memchr(t.s + 1, '{', t.n - 2);
}

/* A list item whose text is only "TOC" ("* TOC", "1. TOC"). */
static bool S_toc_item(line t)
{
	size_t i = 0;
	if (t.n && strchr("*-+", t.s[0])) {
		i = 1;
	} else {
		while (i < t.n && t.s[i] >= '0' && t.s[i] <= '9')
			i++;
		if (!i || i >= t.n || t.s[i] != '.') return false;
		i++;
	}
	if (i >= t.n || t.s[i] != ' ') return false;
	while (i < t.n && t.s[i] == ' ')
		i++;
	return t.n - i == 3 && memcmp(t.s + i, "TOC", 3) == 0;
}

/* A trailing span IAL "text{: .x}" or "text{:.x}": the length without it. */
static size_t S_without_span_ial(line l)
{
	if (l.n < 4 || l.s[l.n - 1] != '}') return l.n;
	for (size_t i = l.n - 1; i-- > 0;) {
		if (l.s[i] == '}' || l.s[i] == '\n') return l.n;
		/* only after a span element (*em*{: .x}, [link](u){: .x}); after
		 * plain text kramdown shows it as text */
		if (l.s[i] == '{')
			return i + 1 < l.n && l.s[i + 1] == ':' && i > 0 && strchr("*_`)]>", l.s[i - 1])
			           ? i
			           : l.n;
	}
	return l.n;
}

/* The block-level tag a line opens at column 0-3 ("<div ...>": "div"), for
 * the elements kramdown reads as one HTML block. */
static size_t S_html_open(line l, const char **name)
{
	static const char *const tags[] = {"div",    "table",  "section", "figure", "details", "aside",
	                                   "center", "dl",     "form",    "ul",     "ol",      "blockquote",
	                                   "video",  "iframe", "nav",     "header", "footer",  NULL};
	size_t i = S_indent(l);
	if (i > 3 || i + 1 >= l.n || l.s[i] != '<') return 0;
	for (const char *const *t = tags; *t; t++) {
		size_t n = strlen(*t);
		if (i + 1 + n <= l.n && strncasecmp(l.s + i + 1, *t, n) == 0 &&
		    (i + 1 + n == l.n || strchr(" \t>/", l.s[i + 1 + n]))) {
			*name = *t;
			return n;
		}
	}
	return 0;
}

/* The index of the line that closes the element opened at line k (a line
 * containing "</name>" with as many of the same element opened as closed),
 * or 0 when none does within the text. Every byte looked at comes off
 * *budget (a few times the text's size in all: openers without a close
 * must not make a post quadratic); at 0 the search gives up. */
static size_t S_html_close(const line *ls, size_t nl, size_t k, const char *name, size_t n, size_t *budget)
{
	int depth = 0;
	for (size_t i = k; i < nl; i++) {
		if (*budget <= ls[i].n) {
			*budget = 0;
			return 0;
		}
		*budget -= ls[i].n + 1;
		for (size_t c = 0; c + n + 1 < ls[i].n; c++) {
			const char *p = ls[i].s + c;
			if (p[0] != '<') continue;
			bool end = p[1] == '/';
			const char *q = p + 1 + end;
			if ((size_t)(ls[i].s + ls[i].n - q) < n || strncasecmp(q, name, n) != 0) continue;
			char after = (size_t)(q + n - ls[i].s) < ls[i].n ? q[n] : '>';
			if (!strchr(" \t>/", after)) continue;
			depth += end ? -1 : 1;
			if (depth == 0) return i > k ? i : 0;
		}
	}
	return 0;
}

static line *S_lines(const char *md, size_t len, size_t *count)
{
	size_t cap = 64, n = 0;
	line *ls = malloc(cap * sizeof *ls);
	if (!ls) abort();
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(md + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - md) : len;
		if (n == cap) {
			cap *= 2;
			ls = realloc(ls, cap * sizeof *ls);
			if (!ls) abort();
		}
		ls[n++] = (line){md + i, end - i};
		i = nl ? end + 1 : len;
	}
	*count = n;
	return ls;
}

static void S_put(quire_buf *out, const char *s, size_t n)
{
	quire_buf_append(out, s, n);
	quire_buf_putc(out, '\n');
}

/* An ATX heading's level (1-6) and text (without closing #s and a trailing
 * attribute list), or 0. */
static int S_heading(line l, line *text)
{
	size_t i = S_indent(l), k = i;
	if (i > 3) return 0;
	while (k < l.n && l.s[k] == '#')
		k++;
	int level = (int)(k - i);
	if (level < 1 || level > 6 || (k < l.n && l.s[k] != ' ' && l.s[k] != '\t')) return 0;
	line t = S_trimmed((line){l.s + k, l.n - k});
	const char *ial = t.n && t.s[t.n - 1] == '}' ? memmem(t.s, t.n, "{:", 2) : NULL;
	if (ial) {
		if (memmem(ial, (size_t)(t.s + t.n - ial), "no_toc", 6)) return 0;
		t = S_trimmed((line){t.s, (size_t)(ial - t.s)});
	}
	while (t.n && t.s[t.n - 1] == '#')
		t.n--;
	*text = S_trimmed(t);
	return text->n ? level : 0;
}

/* kramdown's {:toc}: a nested list of the headings (outside code). */
static void S_toc(const line *ls, size_t nl, quire_buf *out)
{
	int top = 7;
	char fch = 0, ch;
	size_t flen = 0, f;
	line t;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < nl; i++) {
			if ((f = S_fence(ls[i], &ch)) != 0 && (!flen || (ch == fch && f >= flen))) {
				flen = flen ? 0 : f;
				fch = ch;
				continue;
			}
			int level = flen ? 0 : S_heading(ls[i], &t);
			if (level && pass == 0 && level < top) top = level;
			if (level && pass == 1) {
				for (int k = top; k < level; k++)
					quire_buf_puts(out, "  ");
				quire_buf_puts(out, "- ");
				S_put(out, t.s, t.n);
			}
		}
		flen = 0;
	}
}

/* Skips {::comment}...{:/comment} (or {:/}); returns the line after it. */
static size_t S_skip_comment(const line *ls, size_t nl, size_t i)
{
	for (size_t k = i; k < nl; k++)
		if (memmem(ls[k].s, ls[k].n, "{:/comment}", 11) || memmem(ls[k].s, ls[k].n, "{:/}", 4))
			return k + 1;
	return nl;
}

/* kramdown parses the content of <div markdown="1"> as Markdown: such a
 * block keeps its blank lines. */
static bool S_markdown_inside(line l)
{
	return memmem(l.s, l.n, "markdown=\"1\"", 12) || memmem(l.s, l.n, "markdown='1'", 12) ||
	       memmem(l.s, l.n, "markdown=1", 10) || memmem(l.s, l.n, "markdown=\"block\"", 16) ||
	       memmem(l.s, l.n, "markdown=\"span\"", 15);
}

size_t jk_kramdown_settle(const char *md, size_t len, quire_buf *out)
{
	size_t nl, changed = 0;
	line *ls = S_lines(md, len, &nl);
	char fch = 0;
	size_t flen = 0, html_end = 0, budget = 4 * len + 65536;
	bool toc_done = false;
	for (size_t i = 0; i < nl; i++) {
		line l = ls[i], t = S_trimmed(l);
		char ch;
		size_t f;
		if (flen) { /* inside fenced code: as is */
			if ((f = S_fence(l, &ch)) >= flen && ch == fch && S_trimmed(l).n == f) flen = 0;
			S_put(out, l.s, l.n);
			continue;
		}
		if ((f = S_fence(l, &ch)) != 0) {
			flen = f;
			fch = ch;
			S_put(out, l.s, l.n);
			continue;
		}
		if (i < html_end) { /* inside an HTML block: no blank lines */
			if (!S_blank(l))
				S_put(out, l.s, l.n);
			else
				changed++;
			continue;
		}
		if (S_indent(l) >= 4) { /* indented code, or a list's content: as is */
			S_put(out, l.s, l.n);
			continue;
		}
		if (S_starts(t, "{::comment}")) {
			i = S_skip_comment(ls, nl, i) - 1;
			changed++;
			continue;
		}
		if (S_starts(t, "{::nomarkdown}") || S_starts(t, "{:/nomarkdown}") || S_attr_line(t)) {
			/* {:toc} takes the list item above it with it */
			if (S_starts(t, "{:toc}") && out->len) {
				size_t start = out->len - 1;
				while (start && out->data[start - 1] != '\n')
					start--;
				line prev = S_trimmed((line){out->data + start, out->len - 1 - start});
				if (S_toc_item(prev) && !toc_done) { /* one table of contents */
					out->len = start;
					S_toc(ls, nl, out);
					toc_done = true;
				}
			}
			changed++;
			continue;
		}
		const char *name;
		size_t tn = S_html_open(l, &name);
		size_t close = tn && !S_markdown_inside(l) ? S_html_close(ls, nl, i, name, tn, &budget) : 0;
		if (close) html_end = close + 1;
		size_t keep = S_without_span_ial(l);
		changed += keep != l.n;
		S_put(out, l.s, keep);
	}
	free(ls);
	if (out->len && (!len || md[len - 1] != '\n')) out->len--; /* as the input ended */
	if (out->data) out->data[out->len] = '\0';
	return changed;
}
