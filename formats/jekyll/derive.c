/* derive.c - what a post says without front matter saying it: the text of the
 * first paragraph (Jekyll's excerpt), the first heading or sentence (a title
 * for posts without one), and the "source line" autolink near the end of a
 * finews-style post. Reads rendered bodies and Markdown text; sets nothing. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jekyll.h"

static const char *const S_blocks[] = {
    "p",      "h1",  "h2",         "h3",         "h4",      "h5",      "h6",     "li",     "ul",
    "ol",     "pre", "blockquote", "div",        "table",   "tr",      "td",     "th",     "dl",
    "dd",     "dt",  "figure",     "figcaption", "section", "article", "header", "footer", "aside",
    "center", "hr",  "tbody",      "thead",      "caption", NULL};

static bool S_name_in(const xmlNode *n, const char *const *set)
{
	for (; *set; set++)
		if (strcasecmp((const char *)n->name, *set) == 0) return true;
	return false;
}

static bool S_is_block(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && S_name_in(n, S_blocks);
}

/* Never text: hidden by style or attribute, scripts, styles. */
static bool S_skipped(const xmlNode *n)
{
	static const char *const never[] = {"script", "style", "noscript", "template", "head", "title", NULL};
	if (n->type == XML_COMMENT_NODE) return true;
	if (n->type != XML_ELEMENT_NODE) return false;
	if (S_name_in(n, never) || xmlHasProp(n, BAD_CAST "hidden")) return true;
	xmlChar *style = xmlGetProp(n, BAD_CAST "style");
	bool hidden = false;
	if (style) {
		char squeezed[256];
		size_t j = 0;
		for (const xmlChar *p = style; *p && j + 1 < sizeof squeezed; p++)
			if (*p != ' ' && *p != '\t') squeezed[j++] = (char)*p;
		squeezed[j] = '\0';
		hidden = strcasestr(squeezed, "display:none") || strcasestr(squeezed, "visibility:hidden");
		xmlFree(style);
	}
	return hidden;
}

/* Collapses whitespace runs (ASCII and U+3000) into one space and trims. */
static char *S_collapse(const char *s, size_t len)
{
	quire_buf b = QUIRE_BUF_INIT;
	bool space = false;
	while (len) {
		int32_t cp;
		int k = text_decode_cp(s, len, &cp);
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000 || cp == 0xA0) {
			space = b.len > 0;
		} else {
			if (space) quire_buf_putc(&b, ' ');
			space = false;
			quire_buf_append(&b, s, (size_t)k);
		}
		s += k;
		len -= (size_t)k;
	}
	char *r = quire_buf_detach(&b, NULL);
	return r ? r : strdup("");
}

/* Appends the text below n (hidden parts skipped; blocks separated by spaces). */
static void S_text(const xmlNode *n, quire_buf *out, int depth)
{
	for (const xmlNode *c = n->children; c && depth < 256; c = c->next) {
		if (S_skipped(c)) continue;
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content) quire_buf_puts(out, (const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE) {
			bool block = S_is_block(c) || strcasecmp((const char *)c->name, "br") == 0;
			if (block) quire_buf_putc(out, ' ');
			S_text(c, out, depth + 1);
			if (block) quire_buf_putc(out, ' ');
		}
	}
}

char *jk_doc_text(xmlDocPtr doc)
{
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) return strdup("");
	quire_buf b = QUIRE_BUF_INIT;
	S_text(root, &b, 0);
	char *r = S_collapse(b.data ? b.data : "", b.len);
	quire_buf_free(&b);
	return r;
}

static bool S_flush(quire_buf *run, char **out)
{
	char *t = S_collapse(run->data ? run->data : "", run->len);
	quire_buf_reset(run);
	if (*t) {
		*out = t;
		return true;
	}
	free(t);
	return false;
}

/* The first non-blank run of inline text between block boundaries. */
static bool S_first_block(const xmlNode *parent, quire_buf *run, char **out, int depth)
{
	for (const xmlNode *c = parent->children; c && depth < 256; c = c->next) {
		if (S_skipped(c)) continue;
		if (S_is_block(c)) {
			if (S_flush(run, out) || S_first_block(c, run, out, depth + 1) || S_flush(run, out))
				return true;
		} else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content) quire_buf_puts(run, (const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE) {
			quire_buf_putc(run, ' ');
			S_text(c, run, depth + 1);
		}
	}
	return false;
}

char *jk_doc_first_block(xmlDocPtr doc)
{
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) return NULL;
	quire_buf run = QUIRE_BUF_INIT;
	char *out = NULL;
	if (!S_first_block(root, &run, &out, 0)) S_flush(&run, &out);
	quire_buf_free(&run);
	return out;
}

/* The text of the first heading that has some. */
static char *S_heading(const xmlNode *n, int depth)
{
	static const char *const heads[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
	for (const xmlNode *c = n->children; c && depth < 256; c = c->next) {
		if (S_skipped(c) || c->type != XML_ELEMENT_NODE) continue;
		if (S_name_in(c, heads)) {
			quire_buf b = QUIRE_BUF_INIT;
			S_text(c, &b, depth + 1);
			char *t = S_collapse(b.data ? b.data : "", b.len);
			quire_buf_free(&b);
			if (*t) return t;
			free(t);
			continue;
		}
		char *t = S_heading(c, depth + 1);
		if (t) return t;
	}
	return NULL;
}

char *jk_doc_first_heading(xmlDocPtr doc)
{
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	return root ? S_heading(root, 0) : NULL;
}

/* Sentence ends: CJK full stops, and ASCII ones followed by a space. */
static bool S_sentence_end(int32_t cp, const char *next, size_t left)
{
	if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF0E) return true;
	if (cp == '.' || cp == '!' || cp == '?') return left == 0 || *next == ' ';
	return false;
}

char *jk_first_sentence(const char *text, bool *cut)
{
	size_t len = strlen(text), used = 0, count = 0, last_break = 0;
	bool cjk = false;
	*cut = false;
	const char *s = text;
	while (used < len) {
		int32_t cp;
		int k = text_decode_cp(s + used, len - used, &cp);
		cjk = cjk || text_cp_is_cjk(cp);
		size_t limit = cjk ? 40 : 80;
		if (count >= limit) {
			*cut = true;
			/* prefer a comma or space past the middle */
			if (last_break > used / 2) used = last_break;
			break;
		}
		used += (size_t)k;
		count++;
		if (S_sentence_end(cp, s + used, len - used)) break;
		if (cp == ' ' || cp == 0xFF0C || cp == 0x3001 || cp == ',' || cp == 0xFF1B)
			last_break = cp == ' ' ? used - 1 : used;
	}
	quire_buf b = QUIRE_BUF_INIT;
	quire_buf_append(&b, text, used);
	while (b.len && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == ','))
		b.data[--b.len] = '\0';
	if (*cut) quire_buf_puts(&b, "\xE2\x80\xA6"); /* … */
	char *r = quire_buf_detach(&b, NULL);
	return r ? r : strdup("");
}

/* ---- Markdown lines ---------------------------------------------------------- */

static void S_trimmed_line(const char *p, const char *end, const char **s, size_t *n)
{
	*s = p;
	*n = (size_t)(end - p);
	while (*n && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/* A line that is only an autolink "<http(s)://...>": sets the URL span. */
static bool S_autolink_line(const char *s, size_t n, const char **url, size_t *url_len)
{
	if (n < 10 || s[0] != '<' || s[n - 1] != '>') return false;
	if (strncasecmp(s + 1, "http://", 7) != 0 && strncasecmp(s + 1, "https://", 8) != 0) return false;
	for (size_t i = 1; i + 1 < n; i++)
		if (s[i] == ' ' || s[i] == '<' || s[i] == '>') return false;
	*url = s + 1;
	*url_len = n - 2;
	return true;
}

char *jk_source_line(const char *md, size_t len)
{
	const char *end = md + len;
	int examined = 0;
	while (end > md && examined < 6) {
		const char *start = end;
		while (start > md && start[-1] != '\n')
			start--;
		const char *s, *url;
		size_t n, url_len;
		S_trimmed_line(start, end, &s, &n);
		if (n) {
			examined++;
			if (S_autolink_line(s, n, &url, &url_len)) {
				char *r = malloc(url_len + 1);
				if (!r) abort();
				memcpy(r, url, url_len);
				r[url_len] = '\0';
				return r;
			}
		}
		end = start > md ? start - 1 : md;
	}
	return NULL;
}

size_t jk_drop_empty_autolinks(quire_buf *md)
{
	size_t dropped = 0, j = 0, i = 0;
	while (i < md->len) {
		const char *nl = memchr(md->data + i, '\n', md->len - i);
		size_t e = nl ? (size_t)(nl - md->data) + 1 : md->len;
		const char *s;
		size_t n;
		S_trimmed_line(md->data + i, md->data + (nl ? e - 1 : e), &s, &n);
		if (n == 2 && s[0] == '<' && s[1] == '>') {
			dropped++;
		} else {
			memmove(md->data + j, md->data + i, e - i);
			j += e - i;
		}
		i = e;
	}
	if (md->data) {
		md->len = j;
		md->data[j] = '\0';
	}
	return dropped;
}
