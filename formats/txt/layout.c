/* txt/layout.c - lays an article out as plain text (SPEC section 5, txt): the
 * header block, the body walked block by block, numbered link references, and
 * line wrapping by display width with the CJK line-breaking (kinsoku) rules.
 * It does not decide what a body may hold (body.c) nor character widths and
 * classes (text.c), and it never modifies the article.
 *
 * The layout. Every line ends in LF, no line ends in a space, the text ends
 * with exactly one LF:
 *
 *     Title of the article               the title, wrapped like a paragraph
 *     ====================               '=' as wide as its widest line
 *     Subtitle                           when there is one
 *     Author: A, B                       "Authors:" when there are several
 *     Date: 2021-12-08T10:39:01+08:00    published, ISO 8601 with its offset
 *     Updated: 2021-12-09T08:00+08:00    modified, when set and different
 *     Source: https://...                the source URL, else the canonical URL
 *     Tags: a, b
 *     Categories: c
 *                                        one blank line (TEXT_HEADER only; a
 *                                        heading opening the body and saying
 *                                        the title again is left out then)
 *     Paragraphs are separated by one blank line; a <br> breaks the line.
 *
 *     ## Heading                         '#' repeated by level (h1-h6)
 *
 *     - item                             "- ", or "1. " with the numbers
 *       - nested item                    right-aligned (" 9. ", "10. "); nested
 *      9. item                           lists indented under their item's
 *     10. item                           text; no blank lines between items
 *     > quoted text                      "> " on every line, "> > " nested
 *
 *         verbatim code                  <pre>: four spaces, not reflowed
 *
 *     Name  Value                        tables: columns aligned by display
 *     ----  -----                        width, two spaces apart, leading
 *     a       1                          header rows underlined with '-';
 *     bc     22                          columns of figures right-aligned
 *
 *     [image: alt text]                  images ("[image]" without alt)
 *                                        TEXT_PLAIN (the JSON "text"): no image
 *                                        marks, no <hr> line; headings, items
 *                                        and quotes without their markers
 *     * * *                              <hr>
 *     link text[1]                       links (TEXT_LINKS): a number after the
 *                                        text unless the text is the URL itself;
 *                                        one number per distinct URL
 *     [1] https://example.com/           after the article, one line per URL
 *
 * Wrapping (width > 0): prefixes ("> ", list indentation, labels) count toward
 * the width. A line breaks at spaces, or between two characters when one of
 * them is East Asian wide (Chinese, Japanese; Korean breaks at spaces only),
 * but never before a character that may not start a line (，。」) nor after
 * one that may not end it (「（): the unit moves to the next line whole. A
 * unit wider than the line (a long URL) is cut,
 * after a '/' or similar when that keeps half the line; a <pre> line too wide
 * is cut where it reaches the width (its tabs expanded to stops every 4
 * columns). So no line is wider than the width, except with pathological
 * nesting (prefixes wider than the width less 10 columns). */
#include <stdlib.h>
#include <string.h>

#include "txt.h"

#define GLUE '\x01'               /* in collected text: no line break before the next character */
#define MAX_DEPTH QUIRE_MAX_DEPTH /* deeper elements (parses stop short of it) are not laid out */

typedef void (*line_sink)(void *ud, const char *s, size_t n);

/* The wrapper's window of decoded code points: entry i (absolute index within
 * the current segment) is stored at [i - base]. An end sentinel (cp -1) follows
 * the last character, so cum of the end is always available. */
typedef struct wrapper {
	const char *s;
	size_t len, pos; /* the segment and the next byte to decode */
	bool glue_next, ended;
	size_t base, n, cap;
	int32_t *cp;
	size_t *off;         /* byte offset in the segment */
	size_t *cum;         /* display width of the segment before this entry */
	unsigned char *glue; /* no break before this entry */
	size_t width;        /* cum after the last decoded entry */
} wrapper;

typedef struct layout {
	quire_buf *out;
	int width;
	unsigned flags;
	quire_buf prefix; /* prefix of every line */
	quire_buf first;  /* prefix of the next line instead, when has_first (list markers) */
	bool has_first;
	quire_buf blank; /* the separator line a pending blank prints (trimmed prefix) */
	bool blank_pending;
	size_t nlines;  /* lines printed so far */
	size_t mark;    /* nlines when the current container began */
	quire_buf para; /* inline text being collected */
	quire_buf line; /* scratch for one output line */
	char **links;   /* distinct link targets, in order of first use */
	size_t nlinks, caplinks;
	size_t *slots; /* hash of links: 1-based indices, 0 = empty */
	size_t nslots;
	wrapper w;
	int depth;
	const xmlNode *title_heading; /* a leading heading repeating the header's title */
} layout;

/* What S_push saved, for S_pop. */
typedef struct pfx_save {
	size_t plen, flen, mark;
	bool has_first;
} pfx_save;

static bool S_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static bool S_skip(const layout *L, const xmlNode *n)
{
	return !(L->flags & TEXT_KEEP_CHROME) && quire_node_is_chrome(n);
}

static bool S_space(int32_t c)
{
	return c == ' ' || c == '\t' || c == 0x3000;
}

/* May a line break next to c without a space? Han, kana and other wide
 * characters, but not Hangul: Korean breaks at its spaces (keep-all). */
static bool S_wide(int32_t c)
{
	bool hangul =
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F);
	return text_cp_is_cjk(c) || (text_cp_width(c) == 2 && !hangul);
}

static size_t S_cpw(int32_t c)
{
	int w = c < 0x20 ? 0 : text_cp_width(c);
	return w > 0 ? (size_t)w : 0;
}

/* ---- the wrapper's window ---------------------------------------------- */

static void wrapper_start(wrapper *w, const char *s, size_t len)
{
	w->s = s;
	w->len = len;
	w->pos = 0;
	w->glue_next = w->ended = false;
	w->base = w->n = 0;
	w->width = 0;
}

static void wrapper_reserve(wrapper *w)
{
	if (w->n < w->cap) return;
	size_t cap = w->cap ? w->cap * 2 : 256;
	int32_t *cp = realloc(w->cp, cap * sizeof *cp);
	if (cp) w->cp = cp;
	size_t *off = realloc(w->off, cap * sizeof *off);
	if (off) w->off = off;
	size_t *cum = realloc(w->cum, cap * sizeof *cum);
	if (cum) w->cum = cum;
	unsigned char *glue = realloc(w->glue, cap);
	if (glue) w->glue = glue;
	if (!cp || !off || !cum || !glue) abort(); /* out of memory, as quire_buf does */
	w->cap = cap;
}

/* Decodes one more entry (or the end sentinel); false when the sentinel is in. */
static bool wrapper_decode(wrapper *w)
{
	if (w->ended) return false;
	while (w->pos < w->len && w->s[w->pos] == GLUE) {
		w->glue_next = true;
		w->pos++;
	}
	wrapper_reserve(w);
	size_t k = w->n++;
	w->off[k] = w->pos;
	w->cum[k] = w->width;
	w->glue[k] = w->glue_next;
	w->glue_next = false;
	if (w->pos >= w->len) {
		w->cp[k] = -1;
		w->ended = true;
		return false;
	}
	int32_t c;
	w->pos += (size_t)text_decode_cp(w->s + w->pos, w->len - w->pos, &c);
	w->cp[k] = c;
	w->width += S_cpw(c);
	return true;
}

/* Makes entry i available; true when it is a character (not the end). */
static bool wrapper_has(wrapper *w, size_t i)
{
	while (i >= w->base + w->n)
		if (!wrapper_decode(w)) break;
	return i < w->base + w->n && w->cp[i - w->base] >= 0;
}

#define CP(w, i) ((w)->cp[(i) - (w)->base])
#define CUM(w, i) ((w)->cum[(i) - (w)->base])
#define OFF(w, i) ((w)->off[(i) - (w)->base])
#define GLUED(w, i) ((w)->glue[(i) - (w)->base])

/* Entries before i will not be looked at again. */
static void wrapper_drop(wrapper *w, size_t i)
{
	size_t k = i - w->base;
	if (k < 1024 || k < w->n / 2) return;
	size_t rest = w->n - k;
	memmove(w->cp, w->cp + k, rest * sizeof *w->cp);
	memmove(w->off, w->off + k, rest * sizeof *w->off);
	memmove(w->cum, w->cum + k, rest * sizeof *w->cum);
	memmove(w->glue, w->glue + k, rest);
	w->base = i;
	w->n = rest;
}

static void wrapper_free(wrapper *w)
{
	free(w->cp);
	free(w->off);
	free(w->cum);
	free(w->glue);
}

/* ---- line breaking ----------------------------------------------------- */

/* May a line break before entry k (a non-space), the line starting at s? On
 * success *e is the end of the line's text (before the spaces). */
static bool S_break_before(wrapper *w, size_t s, size_t k, size_t *e)
{
	size_t j = k;
	while (j > s && S_space(CP(w, j - 1)))
		j--;
	if (j == s || GLUED(w, k) || S_cpw(CP(w, k)) == 0) return false;
	int32_t prev = CP(w, j - 1), next = CP(w, k);
	if (j == k && !S_wide(prev) && !S_wide(next)) return false;
	if (text_no_line_end(prev) || text_no_line_start(next)) return false;
	*e = j;
	return true;
}

static bool S_url_break(int32_t c)
{
	return c == '/' || c == '-' || c == '?' || c == '&' || c == '=' || c == '_' || c == '#' || c == '.' ||
	       c == ',' || c == ';' || c == '+' || c == '~';
}

/* Entry k does not fit and no break lies in (s, k]: where to cut the unit.
 * The last place the punctuation rules allow, after URL punctuation when that
 * keeps half the line; else at k (or after one character). */
static size_t S_cut(wrapper *w, size_t s, size_t k, size_t avail)
{
	size_t best = 0;
	for (size_t p = k; p > s; p--) {
		if (S_cpw(CP(w, p)) == 0 || text_no_line_end(CP(w, p - 1)) || text_no_line_start(CP(w, p)))
			continue;
		if (!best) best = p;
		if (CUM(w, p) - CUM(w, s) < avail / 2) break;
		if (S_url_break(CP(w, p - 1))) return p;
	}
	if (best) return best;
	return k > s ? k : s + 1;
}

/* Sends entries [s, e) to the sink, without GLUE bytes and trailing spaces. */
static void S_send(wrapper *w, quire_buf *line, size_t s, size_t e, line_sink sink, void *ud)
{
	while (e > s && S_space(CP(w, e - 1)))
		e--;
	quire_buf_reset(line);
	const char *p = w->s + OFF(w, s), *end = w->s + OFF(w, e);
	while (p < end) {
		const char *g = memchr(p, GLUE, (size_t)(end - p));
		const char *stop = g ? g : end;
		quire_buf_append(line, p, (size_t)(stop - p));
		p = g ? g + 1 : end;
	}
	sink(ud, line->data ? line->data : "", line->len);
}

static void S_skip_spaces(wrapper *w, size_t *s)
{
	while (wrapper_has(w, *s) && S_space(CP(w, *s)))
		(*s)++;
}

/* Wraps one segment (text without hard breaks); an empty one is an empty line. */
static void S_wrap_segment(layout *L, const char *text, size_t len, size_t avail_first, size_t avail_rest,
                           line_sink sink, void *ud)
{
	wrapper *w = &L->w;
	wrapper_start(w, text, len);
	size_t s = 0, avail = avail_first;
	S_skip_spaces(w, &s);
	if (!wrapper_has(w, s)) {
		sink(ud, "", 0);
		return;
	}
	while (wrapper_has(w, s)) {
		size_t k, e = 0, nx = 0;
		for (k = s; wrapper_has(w, k); k++) {
			if (S_space(CP(w, k))) continue;
			size_t ee;
			if (k > s && S_break_before(w, s, k, &ee)) {
				e = ee;
				nx = k;
			}
			wrapper_has(w, k + 1);
			if (CUM(w, k + 1) - CUM(w, s) > avail) break;
		}
		if (!wrapper_has(w, k)) {
			S_send(w, &L->line, s, k, sink, ud);
			return;
		}
		if (nx) {
			S_send(w, &L->line, s, e, sink, ud);
			s = nx;
		} else {
			size_t p = S_cut(w, s, k, avail);
			S_send(w, &L->line, s, p, sink, ud);
			s = p;
			S_skip_spaces(w, &s);
		}
		avail = avail_rest;
		wrapper_drop(w, s);
	}
}

/* Without a width: one line per segment, trimmed, GLUE removed. */
static void S_nowrap_segment(layout *L, const char *p, size_t n, line_sink sink, void *ud)
{
	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	quire_buf_reset(&L->line);
	for (size_t i = 0; i < n;) {
		const char *g = memchr(p + i, GLUE, n - i);
		size_t stop = g ? (size_t)(g - p) : n;
		quire_buf_append(&L->line, p + i, stop - i);
		i = stop + (g ? 1 : 0);
	}
	quire_buf *b = &L->line;
	while (b->len && (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\t'))
		b->data[--b->len] = '\0';
	sink(ud, b->data ? b->data : "", b->len);
}

/* Wraps text (LF = hard break) into lines of at most avail_first columns for
 * the first and avail_rest for the others (SIZE_MAX = no wrapping). */
static void S_wrap(layout *L, const char *text, size_t len, size_t avail_first, size_t avail_rest,
                   line_sink sink, void *ud)
{
	size_t i = 0;
	for (;;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		if (avail_first == SIZE_MAX)
			S_nowrap_segment(L, text + i, end - i, sink, ud);
		else
			S_wrap_segment(L, text + i, end - i, avail_first, avail_rest, sink, ud);
		avail_first = avail_rest;
		if (!nl) break;
		i = end + 1;
	}
}

/* ---- output lines and prefixes --------------------------------------- */

static void S_trim_end(quire_buf *b, size_t floor)
{
	for (;;) {
		size_t n = b->len;
		if (n > floor && (b->data[n - 1] == ' ' || b->data[n - 1] == '\t'))
			b->len = n - 1;
		else if (n >= floor + 2 && memcmp(b->data + n - 2, "\xC2\xA0", 2) == 0)
			b->len = n - 2;
		else if (n >= floor + 3 && memcmp(b->data + n - 3, "\xE3\x80\x80", 3) == 0)
			b->len = n - 3;
		else
			break;
	}
	if (b->data) b->data[b->len] = '\0';
}

/* Prints one line: the pending blank line first, then prefix + s. */
static void S_put_line(layout *L, const char *s, size_t n)
{
	if (L->blank_pending) {
		if (L->nlines) {
			quire_buf_append(L->out, L->blank.data, L->blank.len);
			quire_buf_putc(L->out, '\n');
		}
		L->blank_pending = false;
	}
	size_t start = L->out->len;
	const quire_buf *p = L->has_first ? &L->first : &L->prefix;
	quire_buf_append(L->out, p->data, p->len);
	quire_buf_append(L->out, s, n);
	L->has_first = false;
	S_trim_end(L->out, start);
	quire_buf_putc(L->out, '\n');
	L->nlines++;
}

static void S_sink_line(void *ud, const char *s, size_t n)
{
	S_put_line(ud, s, n);
}

/* A block begins: it is separated by a blank line from what the current
 * container printed before it. */
static void S_block_begin(layout *L)
{
	if (L->nlines > L->mark && !L->blank_pending) {
		quire_buf_reset(&L->blank);
		quire_buf_append(&L->blank, L->prefix.data, L->prefix.len);
		S_trim_end(&L->blank, 0);
		L->blank_pending = true;
	}
}

/* Enters a container whose first line is prefixed by first and the others by
 * rest (appended to the current prefixes). */
static void S_push(layout *L, const char *first, const char *rest, pfx_save *sv)
{
	sv->plen = L->prefix.len;
	sv->flen = L->first.len;
	sv->has_first = L->has_first;
	sv->mark = L->mark;
	if (!L->has_first) {
		quire_buf_reset(&L->first);
		quire_buf_append(&L->first, L->prefix.data, L->prefix.len);
	}
	quire_buf_puts(&L->first, first);
	L->has_first = true;
	quire_buf_puts(&L->prefix, rest);
	L->mark = L->nlines;
}

static void S_pop(layout *L, const pfx_save *sv)
{
	L->prefix.len = sv->plen;
	if (L->prefix.data) L->prefix.data[sv->plen] = '\0';
	if (L->has_first) { /* nothing was printed inside */
		L->first.len = sv->flen;
		if (L->first.data) L->first.data[sv->flen] = '\0';
		L->has_first = sv->has_first;
	}
	L->mark = sv->mark;
}

/* Columns left after a prefix; never fewer than min(width, 10). */
static size_t S_avail(const layout *L, const quire_buf *p)
{
	if (L->width <= 0) return SIZE_MAX;
	size_t width = (size_t)L->width, pw = p->len ? text_width(p->data, p->len) : 0;
	size_t min = width < 10 ? width : 10;
	size_t av = width > pw ? width - pw : 0;
	return av < min ? min : av;
}

/* Prints text as a wrapped paragraph under the current prefixes. */
static void S_emit_text(layout *L, const char *s, size_t n)
{
	size_t af = S_avail(L, L->has_first ? &L->first : &L->prefix), ar = S_avail(L, &L->prefix);
	S_wrap(L, s, n, af, ar, S_sink_line, L);
}

static void S_spaces(char *out, size_t n)
{
	memset(out, ' ', n);
	out[n] = '\0';
}

/* ---- inline content ---------------------------------------------------- */

/* Appends text, collapsing whitespace (verbatim: as it is). */
static void S_text(layout *L, const char *s, bool verbatim)
{
	quire_buf *p = &L->para;
	while (*s) {
		size_t run = strcspn(s, verbatim ? "\x01" : " \n\t\r\f\x01");
		quire_buf_append(p, s, run);
		s += run;
		if (!*s) break;
		if (*s != GLUE && p->len && p->data[p->len - 1] != ' ' && p->data[p->len - 1] != '\n')
			quire_buf_putc(p, ' ');
		s++;
	}
}

static void S_trim_para(quire_buf *p, bool newlines)
{
	while (p->len && (p->data[p->len - 1] == ' ' || (newlines && p->data[p->len - 1] == '\n')))
		p->len--;
	if (p->data) p->data[p->len] = '\0';
}

/* A line break (<br>, or a block inside inline content when soft). */
static void S_break(layout *L, bool verbatim, bool soft)
{
	quire_buf *p = &L->para;
	if (verbatim) {
		quire_buf_putc(p, '\n');
		return;
	}
	S_trim_para(p, false);
	if (p->len && !(soft && p->data[p->len - 1] == '\n')) quire_buf_putc(p, '\n');
}

static void S_image(layout *L, const xmlNode *n)
{
	if (L->flags & TEXT_PLAIN) return; /* an image is no text: neither its alt nor a mark */
	xmlChar *alt = xmlGetProp(n, BAD_CAST "alt");
	quire_buf_puts(&L->para, "[image");
	size_t mark = L->para.len;
	quire_buf_puts(&L->para, ": ");
	size_t start = L->para.len;
	for (const unsigned char *s = alt; s && *s; s++) {
		if (*s < 0x20 || *s == ' ') {
			if (L->para.len > start && L->para.data[L->para.len - 1] != ' ')
				quire_buf_putc(&L->para, ' ');
		} else {
			quire_buf_putc(&L->para, (char)*s);
		}
	}
	S_trim_para(&L->para, false);
	if (L->para.len <= start) L->para.len = mark;
	quire_buf_putc(&L->para, ']');
	xmlFree(alt);
}

/* Is href a target worth a reference (absolute URL or mailto)? */
static bool S_numbered(const char *href)
{
	const char *c = strstr(href, "://");
	if (c && c > href) {
		for (const char *p = href; p < c; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			      (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.'))
				return false;
		return true;
	}
	return strncmp(href, "mailto:", 7) == 0;
}

/* Text equal to the URL, give or take the scheme and a trailing slash. */
static bool S_same_url(const char *text, size_t tlen, const char *href)
{
	static const char *const schemes[] = {"", "https://", "http://", "mailto:", NULL};
	while (tlen && text[tlen - 1] == '/')
		tlen--;
	for (int i = 0; schemes[i]; i++) {
		size_t k = strlen(schemes[i]);
		if (strncmp(href, schemes[i], k) != 0) continue;
		const char *h = href + k;
		size_t hl = strlen(h);
		while (hl && h[hl - 1] == '/')
			hl--;
		if (hl == tlen && memcmp(h, text, tlen) == 0) return true;
	}
	return false;
}

static size_t S_hash(const char *s)
{
	size_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The reference number of a URL (1-based): the same URL keeps its number. */
static size_t S_link_number(layout *L, const char *href)
{
	if (L->nlinks * 2 >= L->nslots) {
		size_t n = L->nslots ? L->nslots * 2 : 64;
		size_t *slots = calloc(n, sizeof *slots);
		if (!slots) abort();
		for (size_t i = 0; i < L->nlinks; i++) {
			size_t h = S_hash(L->links[i]) & (n - 1);
			while (slots[h])
				h = (h + 1) & (n - 1);
			slots[h] = i + 1;
		}
		free(L->slots);
		L->slots = slots;
		L->nslots = n;
	}
	size_t h = S_hash(href) & (L->nslots - 1);
	for (; L->slots[h]; h = (h + 1) & (L->nslots - 1))
		if (strcmp(L->links[L->slots[h] - 1], href) == 0) return L->slots[h];
	if (L->nlinks == L->caplinks) {
		size_t cap = L->caplinks ? L->caplinks * 2 : 16;
		char **v = realloc(L->links, cap * sizeof *v);
		if (!v) abort();
		L->links = v;
		L->caplinks = cap;
	}
	L->links[L->nlinks] = strdup(href);
	if (!L->links[L->nlinks]) abort();
	L->slots[h] = ++L->nlinks;
	return L->nlinks;
}

static void S_inline_children(layout *L, const xmlNode *n, bool verbatim);

static void S_link(layout *L, const xmlNode *n, bool verbatim)
{
	size_t start = L->para.len;
	S_inline_children(L, n, verbatim);
	if (!(L->flags & TEXT_LINKS)) return;
	xmlChar *href = xmlGetProp(n, BAD_CAST "href");
	if (href && S_numbered((const char *)href)) {
		bool spaced = L->para.len > start && L->para.data[L->para.len - 1] == ' ';
		S_trim_para(&L->para, false);
		const char *t = L->para.data + start;
		size_t tlen = L->para.len > start ? L->para.len - start : 0;
		while (tlen && (*t == ' ' || *t == '\n'))
			t++, tlen--;
		if (tlen && !S_same_url(t, tlen, (const char *)href))
			quire_buf_printf(&L->para, "%c[%zu]", GLUE, S_link_number(L, (const char *)href));
		if (spaced) quire_buf_putc(&L->para, ' ');
	}
	xmlFree(href);
}

static bool S_block_name(const xmlChar *name)
{
	static const char *const blocks[] = {
	    "p",          "h1",    "h2",      "h3",      "h4",     "h5",         "h6",      "ul",
	    "ol",         "li",    "dl",      "dt",      "dd",     "blockquote", "pre",     "figure",
	    "figcaption", "table", "caption", "thead",   "tbody",  "tfoot",      "tr",      "th",
	    "td",         "div",   "section", "article", "aside",  "header",     "footer",  "hr",
	    "body",       "main",  "nav",     "address", "center", "details",    "summary", NULL};
	for (int i = 0; blocks[i]; i++)
		if (strcmp(blocks[i], (const char *)name) == 0) return true;
	return false;
}

static bool S_is_block(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && S_block_name(n->name);
}

static void S_inline(layout *L, const xmlNode *n, bool verbatim)
{
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content) S_text(L, (const char *)n->content, verbatim);
		return;
	}
	if (n->type != XML_ELEMENT_NODE || S_skip(L, n)) return;
	if (S_is(n, "br")) {
		S_break(L, verbatim, false);
	} else if (S_is(n, "img")) {
		S_image(L, n);
	} else if (S_is(n, "a")) {
		S_link(L, n, verbatim);
	} else if (S_is_block(n)) { /* a block inside inline content: its own line */
		S_break(L, verbatim, true);
		S_inline_children(L, n, verbatim);
		S_break(L, verbatim, true);
	} else {
		S_inline_children(L, n, verbatim);
	}
}

static void S_inline_children(layout *L, const xmlNode *n, bool verbatim)
{
	if (++L->depth <= MAX_DEPTH)
		for (const xmlNode *c = n->children; c; c = c->next)
			S_inline(L, c, verbatim);
	L->depth--;
}

/* Prints the collected inline text as a paragraph. */
static void S_flush(layout *L)
{
	S_trim_para(&L->para, true);
	if (L->para.len) {
		S_block_begin(L);
		S_emit_text(L, L->para.data, L->para.len);
	}
	quire_buf_reset(&L->para);
}

/* ---- blocks ------------------------------------------------------------ */

static void S_block(layout *L, const xmlNode *el);

/* Lays out a container's children: runs of inline content become paragraphs. */
static void S_blocks(layout *L, const xmlNode *parent)
{
	if (++L->depth <= MAX_DEPTH) {
		for (const xmlNode *c = parent->children; c; c = c->next) {
			if (c->type == XML_ELEMENT_NODE && S_is_block(c)) {
				if (S_skip(L, c)) continue;
				S_flush(L);
				S_block(L, c);
			} else {
				S_inline(L, c, false);
			}
		}
		S_flush(L);
	}
	L->depth--;
}

/* Lays out el (an item, a quote...) as a container prefixed by first/rest. */
static void S_nested(layout *L, const xmlNode *el, const char *first, const char *rest)
{
	pfx_save sv;
	S_push(L, first, rest, &sv);
	if (S_is_block(el))
		S_blocks(L, el);
	else
		S_inline(L, el, false);
	S_flush(L);
	S_pop(L, &sv);
}

static void S_heading(layout *L, const xmlNode *el)
{
	size_t level = (size_t)(el->name[1] - '0');
	char first[8] = "", rest[8] = "";
	if (!(L->flags & TEXT_PLAIN)) {
		memset(first, '#', level);
		first[level] = ' ';
		first[level + 1] = '\0';
		S_spaces(rest, level + 1);
	}
	S_inline_children(L, el, false);
	S_trim_para(&L->para, true);
	if (L->para.len) {
		S_block_begin(L);
		pfx_save sv;
		S_push(L, first, rest, &sv);
		S_emit_text(L, L->para.data, L->para.len);
		S_pop(L, &sv);
	}
	quire_buf_reset(&L->para);
}

static bool S_blank_node(const xmlNode *c)
{
	if (c->type != XML_TEXT_NODE) return c->type != XML_ELEMENT_NODE;
	for (const xmlChar *s = c->content; s && *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r') return false;
	return true;
}

static void S_list(layout *L, const xmlNode *el)
{
	bool ordered = S_is(el, "ol"), reversed = ordered && xmlHasProp(el, BAD_CAST "reversed");
	long count = 0, start = 1;
	for (const xmlNode *c = el->children; c; c = c->next)
		count += !S_blank_node(c) && !S_skip(L, c);
	xmlChar *st = ordered ? xmlGetProp(el, BAD_CAST "start") : NULL;
	if (st) {
		start = strtol((const char *)st, NULL, 10);
		if (start < -999999 || start > 999999) start = 1;
	} else if (reversed) {
		start = count;
	}
	xmlFree(st);
	long last = reversed ? start - count + 1 : start + count - 1;
	char tmp[32];
	int digits = snprintf(tmp, sizeof tmp, "%ld", labs(last) > labs(start) ? last : start);
	if (!el->parent || !S_is(el->parent, "li")) /* nested lists follow their item's text */
		S_block_begin(L);
	long num = start;
	for (const xmlNode *c = el->children; c; c = c->next) {
		if (S_blank_node(c) || S_skip(L, c)) continue;
		char marker[48], rest[48];
		if (L->flags & TEXT_PLAIN)
			marker[0] = '\0';
		else if (ordered)
			snprintf(marker, sizeof marker, "%*ld. ", digits, num);
		else
			snprintf(marker, sizeof marker, "- ");
		S_spaces(rest, strlen(marker));
		S_nested(L, c, marker, rest);
		num += reversed ? -1 : 1;
	}
}

static void S_deflist(layout *L, const xmlNode *el)
{
	S_block_begin(L);
	for (const xmlNode *c = el->children; c; c = c->next) {
		if (S_blank_node(c) || S_skip(L, c)) continue;
		if (S_is(c, "dd"))
			S_nested(L, c, "    ", "    ");
		else
			S_nested(L, c, "", "");
	}
}

/* Prints one verbatim line; with a width, tabs become spaces (stops every 4
 * columns) and a line wider than the room is cut into pieces that fit. */
static void S_verbatim_line(layout *L, const char *p, size_t n)
{
	quire_buf *b = &L->line;
	quire_buf_reset(b);
	if (L->width <= 0) {
		for (size_t i = 0; i < n; i++)
			if (p[i] != GLUE) quire_buf_putc(b, p[i]);
		S_put_line(L, b->data ? b->data : "", b->len);
		return;
	}
	size_t avail = S_avail(L, L->has_first ? &L->first : &L->prefix), col = 0;
	for (size_t i = 0; i < n;) {
		int32_t c;
		size_t k = (size_t)text_decode_cp(p + i, n - i, &c), w = c == '\t' ? 4 - col % 4 : S_cpw(c);
		if (col + w > avail && b->len) {
			S_put_line(L, b->data, b->len);
			quire_buf_reset(b);
			col = 0;
			avail = S_avail(L, &L->prefix);
			if (c == '\t') w = 4;
		}
		if (c == '\t')
			for (size_t t = 0; t < w; t++)
				quire_buf_putc(b, ' ');
		else if (c != GLUE)
			quire_buf_append(b, p + i, k);
		col += w;
		i += k;
	}
	S_put_line(L, b->data ? b->data : "", b->len);
}

/* Prints text line by line as it is (indentation kept). */
static void S_verbatim_lines(layout *L, const char *p, size_t n)
{
	while (n) {
		const char *nl = memchr(p, '\n', n);
		size_t k = nl ? (size_t)(nl - p) : n;
		S_verbatim_line(L, p, k);
		p += k + (nl ? 1 : 0);
		n -= k + (nl ? 1 : 0);
	}
}

static void S_pre(layout *L, const xmlNode *el)
{
	S_inline_children(L, el, true);
	quire_buf *p = &L->para;
	size_t s = 0;
	for (size_t i = 0; i < p->len; i++) { /* leading blank lines go */
		if (p->data[i] == '\n')
			s = i + 1;
		else if (p->data[i] != ' ' && p->data[i] != '\t')
			break;
	}
	size_t e = p->len;
	while (e > s && (p->data[e - 1] == '\n' || p->data[e - 1] == ' ' || p->data[e - 1] == '\t'))
		e--;
	if (e > s) {
		S_block_begin(L);
		pfx_save sv;
		S_push(L, "    ", "    ", &sv);
		S_verbatim_lines(L, p->data + s, e - s);
		S_pop(L, &sv);
	}
	quire_buf_reset(p);
}

static void S_table(layout *L, const xmlNode *el);

static bool S_heading_name(const xmlChar *n)
{
	return n[0] == 'h' && n[1] >= '1' && n[1] <= '6' && !n[2];
}

static void S_block(layout *L, const xmlNode *el)
{
	if (el == L->title_heading) return;
	if (S_heading_name(el->name)) {
		S_heading(L, el);
	} else if (S_is(el, "ul") || S_is(el, "ol")) {
		S_list(L, el);
	} else if (S_is(el, "li")) {
		S_block_begin(L);
		S_nested(L, el, L->flags & TEXT_PLAIN ? "" : "- ", L->flags & TEXT_PLAIN ? "" : "  ");
	} else if (S_is(el, "dl")) {
		S_deflist(L, el);
	} else if (S_is(el, "blockquote")) {
		const char *q = L->flags & TEXT_PLAIN ? "" : "> ";
		S_block_begin(L);
		S_nested(L, el, q, q);
	} else if (S_is(el, "pre")) {
		S_pre(L, el);
	} else if (S_is(el, "table")) {
		S_table(L, el);
	} else if (S_is(el, "hr")) {
		if (L->flags & TEXT_PLAIN) return;
		S_block_begin(L);
		S_put_line(L, "* * *", 5);
	} else {
		S_blocks(L, el);
	}
}

/* ---- tables ------------------------------------------------------------ */

typedef struct tcell {
	size_t off, len; /* text in the table's buffer */
	size_t col, span;
} tcell;

typedef struct trow {
	size_t first, n; /* cells */
	bool head;
} trow;

typedef struct table {
	quire_buf text;
	tcell *cells;
	size_t ncells, capcells;
	trow *rows;
	size_t nrows, caprows;
	size_t ncols;
	size_t *colw;
	bool *right; /* numeric columns, right-aligned */
} table;

static void *S_grow(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap) return v;
	size_t c = *cap ? *cap * 2 : 8;
	void *p = realloc(v, c * size);
	if (!p) abort();
	*cap = c;
	return p;
}

static void S_table_row(layout *L, table *T, const xmlNode *tr, bool head)
{
	T->rows = S_grow(T->rows, &T->caprows, T->nrows, sizeof *T->rows);
	trow *r = &T->rows[T->nrows++];
	r->first = T->ncells;
	r->n = 0;
	bool all_th = true;
	size_t col = 0;
	for (const xmlNode *c = tr->children; c; c = c->next) {
		if (!(S_is(c, "td") || S_is(c, "th")) || S_skip(L, c)) continue;
		all_th &= S_is(c, "th");
		xmlChar *cs = xmlGetProp(c, BAD_CAST "colspan");
		long span = cs ? strtol((const char *)cs, NULL, 10) : 1;
		xmlFree(cs);
		span = span < 1 ? 1 : span > 64 ? 64 : span;
		S_inline_children(L, c, false);
		S_trim_para(&L->para, true);
		T->cells = S_grow(T->cells, &T->capcells, T->ncells, sizeof *T->cells);
		tcell *cell = &T->cells[T->ncells++];
		cell->off = T->text.len;
		cell->len = L->para.len;
		cell->col = col;
		cell->span = (size_t)span;
		quire_buf_append(&T->text, L->para.data, L->para.len);
		quire_buf_reset(&L->para);
		col += (size_t)span;
		r->n++;
	}
	r->head = head || (r->n && all_th);
	if (col > T->ncols) T->ncols = col;
}

static void S_table_rows(layout *L, table *T, const xmlNode *el, bool head, int depth)
{
	for (const xmlNode *c = el->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || S_skip(L, c)) continue;
		if (S_is(c, "tr"))
			S_table_row(L, T, c, head);
		else if (!S_is(c, "caption") && !S_is(c, "table") && depth < 8)
			S_table_rows(L, T, c, head || S_is(c, "thead"), depth + 1);
	}
}

/* Widest line of text (LF-separated). */
static size_t S_block_width(const char *s, size_t n)
{
	size_t best = 0;
	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t k = nl ? (size_t)(nl - s) : n;
		size_t w = text_width(s, k);
		best = w > best ? w : best;
		s += k + (nl ? 1 : 0);
		n -= k + (nl ? 1 : 0);
	}
	return best;
}

/* A figure such as "12.5", "-0.58%", "+3,200": digits with signs and separators. */
static bool S_numeric(const char *s, size_t n)
{
	bool digit = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digit = true;
		else if (!strchr("+-.,%", s[i]))
			return false;
	}
	return digit;
}

/* Columns whose body cells (one column wide, not empty) are all figures. */
static void S_table_align(table *T)
{
	T->right = calloc(T->ncols, sizeof *T->right);
	bool *other = calloc(T->ncols, sizeof *other);
	if (!T->right || !other) abort();
	for (size_t r = 0; r < T->nrows; r++) {
		for (size_t i = 0; i < T->rows[r].n && !T->rows[r].head; i++) {
			const tcell *c = &T->cells[T->rows[r].first + i];
			if (c->span != 1 || !c->len) continue;
			if (S_numeric(T->text.data + c->off, c->len))
				T->right[c->col] = true;
			else
				other[c->col] = true;
		}
	}
	for (size_t j = 0; j < T->ncols; j++)
		T->right[j] &= !other[j];
	free(other);
}

static size_t S_span_width(const table *T, size_t col, size_t span)
{
	size_t w = 0;
	for (size_t j = col; j < col + span && j < T->ncols; j++)
		w += T->colw[j] + (j > col ? 2 : 0);
	return w;
}

static void S_table_widths(table *T)
{
	T->colw = calloc(T->ncols ? T->ncols : 1, sizeof *T->colw);
	if (!T->colw) abort();
	for (int pass = 0; pass < 2; pass++) { /* single cells first, then spans widen the last column */
		for (size_t i = 0; i < T->ncells; i++) {
			tcell *c = &T->cells[i];
			if ((c->span == 1) != (pass == 0)) continue;
			size_t w = S_block_width(T->text.data + c->off, c->len),
			       have = S_span_width(T, c->col, c->span);
			size_t last = c->col + c->span - 1 < T->ncols ? c->col + c->span - 1 : T->ncols - 1;
			if (w > have) T->colw[last] += w - have;
		}
	}
}

typedef struct colref {
	size_t w, j;
} colref;

static int S_by_width(const void *a, const void *b)
{
	const colref *x = a, *y = b;
	return x->w < y->w ? -1 : x->w > y->w ? 1 : (x->j > y->j) - (x->j < y->j);
}

/* Shrinks the columns to fit avail: narrow columns keep their width, the
 * others share the rest equally (never below 2 columns, to hold a wide char). */
static void S_table_fit(table *T, size_t avail)
{
	size_t total = S_span_width(T, 0, T->ncols), n = T->ncols;
	if (avail == SIZE_MAX || total <= avail || !n) return;
	size_t seps = 2 * (n - 1), left = avail > seps ? avail - seps : 0;
	colref *v = malloc(n * sizeof *v);
	if (!v) abort();
	for (size_t j = 0; j < n; j++)
		v[j] = (colref){T->colw[j], j};
	qsort(v, n, sizeof *v, S_by_width);
	size_t i = 0;
	for (; i < n && v[i].w <= left / (n - i); i++) /* narrow enough: keeps its width */
		left -= v[i].w;
	if (i < n) {
		size_t share = left / (n - i), extra = left % (n - i);
		for (size_t k = n; k-- > i;) { /* the remainder goes to the widest */
			size_t w = share + (extra ? 1 : 0);
			extra -= extra ? 1 : 0;
			T->colw[v[k].j] = w < 2 ? 2 : w;
		}
	}
	free(v);
}

static void S_sink_buf(void *ud, const char *s, size_t n)
{
	quire_buf *b = ud;
	quire_buf_append(b, s, n);
	quire_buf_putc(b, '\n');
}

/* The next line of a buffer of LF-ended lines, from *pos on ("" at the end). */
static const char *S_next_line(const quire_buf *b, size_t *pos, size_t *len)
{
	if (*pos >= b->len) {
		*len = 0;
		return "";
	}
	const char *p = b->data + *pos, *nl = memchr(p, '\n', b->len - *pos);
	*len = nl ? (size_t)(nl - p) : b->len - *pos;
	*pos += *len + 1;
	return p;
}

static size_t S_count_lines(const quire_buf *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->len; i++)
		n += b->data[i] == '\n';
	return n;
}

static void S_table_print_row(layout *L, const table *T, const trow *r)
{
	quire_buf *wrapped = calloc(r->n ? r->n : 1, sizeof *wrapped);
	if (!wrapped) abort();
	size_t height = 1;
	for (size_t i = 0; i < r->n; i++) {
		const tcell *c = &T->cells[r->first + i];
		size_t w = S_span_width(T, c->col, c->span), avail = L->width > 0 ? (w ? w : 1) : SIZE_MAX;
		if (c->len) S_wrap(L, T->text.data + c->off, c->len, avail, avail, S_sink_buf, &wrapped[i]);
		size_t h = S_count_lines(&wrapped[i]);
		height = h > height ? h : height;
	}
	quire_buf row = QUIRE_BUF_INIT;
	size_t *pos = calloc(r->n ? r->n : 1, sizeof *pos);
	if (!pos) abort();
	for (size_t k = 0; k < height; k++) {
		quire_buf_reset(&row);
		for (size_t i = 0; i < r->n; i++) {
			const tcell *c = &T->cells[r->first + i];
			if (i) quire_buf_puts(&row, "  ");
			size_t len, w = S_span_width(T, c->col, c->span);
			const char *s = S_next_line(&wrapped[i], &pos[i], &len);
			size_t lw = text_width(s, len), pad = lw < w ? w - lw : 0;
			bool right = c->span == 1 && T->right[c->col];
			for (size_t sp = 0; right && sp < pad; sp++)
				quire_buf_putc(&row, ' ');
			quire_buf_append(&row, s, len);
			for (size_t sp = 0; !right && sp < pad; sp++)
				quire_buf_putc(&row, ' ');
		}
		S_put_line(L, row.data ? row.data : "", row.len);
	}
	quire_buf_free(&row);
	free(pos);
	for (size_t i = 0; i < r->n; i++)
		quire_buf_free(&wrapped[i]);
	free(wrapped);
}

static void S_table_rule(layout *L, const table *T)
{
	quire_buf rule = QUIRE_BUF_INIT;
	for (size_t j = 0; j < T->ncols; j++) {
		if (j) quire_buf_puts(&rule, "  ");
		for (size_t k = 0; k < T->colw[j]; k++)
			quire_buf_putc(&rule, '-');
	}
	S_put_line(L, rule.data ? rule.data : "", rule.len);
	quire_buf_free(&rule);
}

static void S_table(layout *L, const xmlNode *el)
{
	for (const xmlNode *c = el->children; c; c = c->next)
		if (S_is(c, "caption") && !S_skip(L, c)) S_blocks(L, c);
	table T;
	memset(&T, 0, sizeof T);
	S_table_rows(L, &T, el, false, 0);
	if (T.ncols) {
		S_table_widths(&T);
		S_table_align(&T);
		S_table_fit(&T, S_avail(L, &L->prefix));
		S_block_begin(L);
		size_t heads = 0;
		while (heads < T.nrows && T.rows[heads].head)
			heads++;
		for (size_t i = 0; i < T.nrows; i++) {
			S_table_print_row(L, &T, &T.rows[i]);
			if (i + 1 == heads && heads < T.nrows) S_table_rule(L, &T);
		}
	}
	quire_buf_free(&T.text);
	free(T.cells);
	free(T.rows);
	free(T.colw);
	free(T.right);
}

/* ---- the header block and the references ------------------------------ */

/* "Label: value", wrapped with a hanging indent. */
static void S_field(layout *L, const char *label, const char *value)
{
	if (!value || !*value) return;
	char rest[32];
	S_spaces(rest, strlen(label));
	pfx_save sv;
	S_push(L, label, rest, &sv);
	S_emit_text(L, value, strlen(value));
	S_pop(L, &sv);
}

static void S_list_field(layout *L, const quire_article *a, quire_list which, const char *one,
                         const char *many)
{
	size_t n = quire_article_count(a, which);
	if (!n) return;
	quire_buf v = QUIRE_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i) quire_buf_puts(&v, ", ");
		quire_buf_puts(&v, quire_article_item(a, which, i));
	}
	S_field(L, n > 1 ? many : one, v.data);
	quire_buf_free(&v);
}

static void S_title(layout *L, const char *title)
{
	quire_buf lines = QUIRE_BUF_INIT;
	size_t avail = S_avail(L, &L->prefix), widest = 0;
	S_wrap(L, title, strlen(title), avail, avail, S_sink_buf, &lines);
	for (size_t pos = 0, len; pos < lines.len;) {
		const char *s = S_next_line(&lines, &pos, &len);
		size_t w = text_width(s, len);
		widest = w > widest ? w : widest;
		S_put_line(L, s, len);
	}
	quire_buf_reset(&lines);
	for (size_t k = 0; k < widest; k++)
		quire_buf_putc(&lines, '=');
	if (widest) S_put_line(L, lines.data, lines.len);
	quire_buf_free(&lines);
}

static void S_header(layout *L, const quire_article *a)
{
	const char *title = quire_article_get(a, QUIRE_TITLE);
	if (title && *title) S_title(L, title);
	const char *sub = quire_article_get(a, QUIRE_SUBTITLE);
	if (sub && *sub) S_emit_text(L, sub, strlen(sub));
	S_list_field(L, a, QUIRE_AUTHORS, "Author: ", "Authors: ");
	const quire_time *pub = quire_article_time(a, QUIRE_PUBLISHED),
	                 *mod = quire_article_time(a, QUIRE_MODIFIED);
	char iso[64];
	if (pub && pub->precision != QUIRE_PREC_NONE)
		S_field(L, "Date: ", quire_time_iso(pub, iso, sizeof iso));
	if (mod && mod->precision != QUIRE_PREC_NONE &&
	    !(pub && pub->utc == mod->utc && pub->precision == mod->precision))
		S_field(L, "Updated: ", quire_time_iso(mod, iso, sizeof iso));
	const char *src = quire_article_get(a, QUIRE_SOURCE_URL);
	S_field(L, "Source: ", src && *src ? src : quire_article_get(a, QUIRE_URL));
	S_list_field(L, a, QUIRE_TAGS, "Tags: ", "Tags: ");
	S_list_field(L, a, QUIRE_CATEGORIES, "Categories: ", "Categories: ");
}

static void S_references(layout *L)
{
	L->mark = 0;
	S_block_begin(L);
	for (size_t i = 0; i < L->nlinks; i++) {
		char label[32], rest[32];
		snprintf(label, sizeof label, "[%zu] ", i + 1);
		S_spaces(rest, strlen(label));
		pfx_save sv;
		S_push(L, label, rest, &sv);
		S_emit_text(L, L->links[i], strlen(L->links[i]));
		S_pop(L, &sv);
	}
}

/* Text with whitespace runs collapsed and trimmed, for comparing titles. */
static void S_squash(const char *s, quire_buf *out)
{
	quire_buf_reset(out);
	for (; *s; s++) {
		bool sp = *s == ' ' || *s == '\n' || *s == '\t' || *s == '\r';
		if (sp && (!out->len || out->data[out->len - 1] == ' ')) continue;
		quire_buf_putc(out, sp ? ' ' : *s);
	}
	while (out->len && out->data[out->len - 1] == ' ')
		out->data[--out->len] = '\0';
}

/* The body's first block, inside wrappers (div, section...), when it is a
 * heading saying the title again: the header already shows it. */
static const xmlNode *S_title_heading(const xmlNode *root, const char *title)
{
	const xmlNode *n = root;
	for (int depth = 0; n && depth < 8; depth++) {
		const xmlNode *c = n->children;
		while (c && (c->type != XML_ELEMENT_NODE || quire_node_is_chrome(c)) &&
		       (c->type != XML_TEXT_NODE || !c->content ||
		        !c->content[strspn((const char *)c->content, " \n\t\r")]))
			c = c->next;
		if (!c || c->type != XML_ELEMENT_NODE) return NULL;
		if (S_heading_name(c->name)) {
			xmlChar *t = xmlNodeGetContent(c);
			quire_buf a = QUIRE_BUF_INIT, b = QUIRE_BUF_INIT;
			S_squash(t ? (const char *)t : "", &a);
			S_squash(title, &b);
			bool same = a.len && a.len == b.len && memcmp(a.data, b.data, a.len) == 0;
			quire_buf_free(&a);
			quire_buf_free(&b);
			xmlFree(t);
			return same ? c : NULL;
		}
		if (!S_is(c, "div") && !S_is(c, "section") && !S_is(c, "article") && !S_is(c, "header"))
			return NULL;
		n = c;
	}
	return NULL;
}

void text_render_article(const quire_article *a, int width, unsigned flags, quire_buf *buf)
{
	layout L;
	memset(&L, 0, sizeof L);
	L.out = buf;
	L.width = width > 0 ? width : 0;
	L.flags = flags;
	if (flags & TEXT_HEADER) S_header(&L, a);
	xmlNodePtr root = quire_article_body_root(a);
	const char *title = quire_article_get(a, QUIRE_TITLE);
	if (root && (flags & TEXT_HEADER) && title && *title) L.title_heading = S_title_heading(root, title);
	if (root) S_blocks(&L, root);
	if ((flags & TEXT_LINKS) && L.nlinks) S_references(&L);
	if (!L.nlines) quire_buf_putc(buf, '\n');
	for (size_t i = 0; i < L.nlinks; i++)
		free(L.links[i]);
	free(L.links);
	free(L.slots);
	wrapper_free(&L.w);
	quire_buf_free(&L.prefix);
	quire_buf_free(&L.first);
	quire_buf_free(&L.blank);
	quire_buf_free(&L.para);
	quire_buf_free(&L.line);
}
