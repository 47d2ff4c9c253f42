/* body.c - the body tree's rules, in one place: which elements and attributes
 * a clean body may hold, text normalization inside it, link resolution and the
 * site-chrome trailer rule. Readers build trees any way they like;
 * quire_article_normalize brings them here. Serializing the tree is a
 * writer's (formats/jsonl/xhtml.c). */
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/uri.h>

#include "engine.h"
#include "tree.h"

/* Element classes: removed with their content (T_DROP), kept in a clean
 * body, i.e. HTML5 flow content that reads well everywhere (T_KEEP), blocks
 * for whitespace and chrome purposes (T_BLOCK). This lookup runs for every
 * element of every body, several times. */
enum { T_DROP = 1, T_KEEP = 2, T_BLOCK = 4 };
typedef struct tag_class {
	const char *name;
	unsigned flags;
} tag_class;
static const tag_class S_tags[] = {
    {"a", T_KEEP},
    {"abbr", T_KEEP},
    {"applet", T_DROP},
    {"area", T_DROP},
    {"article", T_KEEP | T_BLOCK},
    {"aside", T_KEEP | T_BLOCK},
    {"audio", T_DROP},
    {"b", T_KEEP},
    {"base", T_DROP},
    {"blockquote", T_KEEP | T_BLOCK},
    {"body", T_KEEP | T_BLOCK},
    {"br", T_KEEP},
    {"button", T_DROP},
    {"canvas", T_DROP},
    {"caption", T_KEEP | T_BLOCK},
    {"cite", T_KEEP},
    {"code", T_KEEP},
    {"dd", T_KEEP | T_BLOCK},
    {"del", T_KEEP},
    {"dialog", T_DROP},
    {"div", T_KEEP | T_BLOCK},
    {"dl", T_KEEP | T_BLOCK},
    {"dt", T_KEEP | T_BLOCK},
    {"em", T_KEEP},
    {"embed", T_DROP},
    {"figcaption", T_KEEP | T_BLOCK},
    {"figure", T_KEEP | T_BLOCK},
    {"footer", T_KEEP | T_BLOCK},
    {"form", T_DROP},
    {"frame", T_DROP},
    {"frameset", T_DROP},
    {"h1", T_KEEP | T_BLOCK},
    {"h2", T_KEEP | T_BLOCK},
    {"h3", T_KEEP | T_BLOCK},
    {"h4", T_KEEP | T_BLOCK},
    {"h5", T_KEEP | T_BLOCK},
    {"h6", T_KEEP | T_BLOCK},
    {"head", T_DROP},
    {"header", T_KEEP | T_BLOCK},
    {"hr", T_KEEP | T_BLOCK},
    {"i", T_KEEP},
    {"iframe", T_DROP},
    {"img", T_KEEP},
    {"input", T_DROP},
    {"ins", T_KEEP},
    {"kbd", T_KEEP},
    {"li", T_KEEP | T_BLOCK},
    {"link", T_DROP},
    {"map", T_DROP},
    {"mark", T_KEEP},
    {"math", T_DROP},
    {"menu", T_DROP},
    {"meta", T_DROP},
    {"nav", T_DROP},
    {"noscript", T_DROP},
    {"object", T_DROP},
    {"ol", T_KEEP | T_BLOCK},
    {"p", T_KEEP | T_BLOCK},
    {"param", T_DROP},
    {"pre", T_KEEP | T_BLOCK},
    {"q", T_KEEP},
    {"rb", T_KEEP},
    {"rt", T_KEEP},
    {"ruby", T_KEEP},
    {"s", T_KEEP},
    {"samp", T_KEEP},
    {"script", T_DROP},
    {"section", T_KEEP | T_BLOCK},
    {"select", T_DROP},
    {"small", T_KEEP},
    {"source", T_DROP},
    {"span", T_KEEP},
    {"strong", T_KEEP},
    {"style", T_DROP},
    {"sub", T_KEEP},
    {"sup", T_KEEP},
    {"svg", T_DROP},
    {"table", T_KEEP | T_BLOCK},
    {"tbody", T_KEEP},
    {"td", T_KEEP | T_BLOCK},
    {"template", T_DROP},
    {"textarea", T_DROP},
    {"tfoot", T_KEEP},
    {"th", T_KEEP | T_BLOCK},
    {"thead", T_KEEP},
    {"time", T_KEEP},
    {"title", T_DROP},
    {"tr", T_KEEP | T_BLOCK},
    {"track", T_DROP},
    {"u", T_KEEP},
    {"ul", T_KEEP | T_BLOCK},
    {"var", T_KEEP},
    {"video", T_DROP},
    {"wbr", T_KEEP},
};

/* An open-addressing index over S_tags, built once (pthread_once) and only
 * read after: one hash and one strcmp per element. */
#define TAG_SLOTS 512
static const tag_class *S_tag_index[TAG_SLOTS];
static pthread_once_t S_tag_once = PTHREAD_ONCE_INIT;

static size_t S_tag_hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h & (TAG_SLOTS - 1);
}

static void S_tag_build(void)
{
	for (size_t i = 0; i < sizeof S_tags / sizeof *S_tags; i++) {
		size_t h = S_tag_hash(S_tags[i].name);
		while (S_tag_index[h])
			h = (h + 1) & (TAG_SLOTS - 1);
		S_tag_index[h] = &S_tags[i];
	}
}

static unsigned S_tag(const xmlChar *name)
{
	pthread_once(&S_tag_once, S_tag_build);
	for (size_t h = S_tag_hash((const char *)name); S_tag_index[h]; h = (h + 1) & (TAG_SLOTS - 1))
		if (strcmp(S_tag_index[h]->name, (const char *)name) == 0) return S_tag_index[h]->flags;
	return 0;
}

static bool S_attr_allowed(const xmlNode *el, const xmlChar *attr)
{
	const char *a = (const char *)attr;
	if (!strcmp(a, "id") || !strcmp(a, "lang") || !strcmp(a, "title") || !strcmp(a, "dir") ||
	    !strcmp(a, "data-quire-chrome"))
		return true;
	const char *e = (const char *)el->name;
	if (!strcmp(e, "a")) return !strcmp(a, "href");
	if (!strcmp(e, "img"))
		return !strcmp(a, "src") || !strcmp(a, "alt") || !strcmp(a, "width") || !strcmp(a, "height");
	if (!strcmp(e, "td") || !strcmp(e, "th")) return !strcmp(a, "colspan") || !strcmp(a, "rowspan");
	if (!strcmp(e, "ol")) return !strcmp(a, "start") || !strcmp(a, "reversed");
	if (!strcmp(e, "time")) return !strcmp(a, "datetime");
	if (!strcmp(e, "blockquote") || !strcmp(e, "q") || !strcmp(e, "del") || !strcmp(e, "ins"))
		return !strcmp(a, "cite");
	return false;
}

/* A class on <code> or <pre>: the code's language ("language-python", as
 * Markdown renderers write it) is kept, nothing else of it. */
static bool S_is_code_class(const xmlNode *el, const xmlAttr *at)
{
	return !at->ns && !strcmp((const char *)at->name, "class") &&
	       (tree_is(el, "code") || tree_is(el, "pre"));
}

static void S_keep_language_class(xmlNodePtr el)
{
	xmlChar *v = xmlGetProp(el, BAD_CAST "class");
	const char *s = (const char *)v, *keep = NULL;
	size_t keep_len = 0;
	while (s && *s && !keep) {
		s += strspn(s, " \t\n\r\f");
		size_t n = strcspn(s, " \t\n\r\f");
		if (n > 9 && n < 64 && !strncmp(s, "language-", 9)) {
			keep = s;
			keep_len = n;
		}
		s += n;
	}
	if (keep) {
		char cls[64];
		snprintf(cls, sizeof cls, "%.*s", (int)keep_len, keep);
		for (char *c = cls + 9; *c; c++)
			if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			      (*c >= '0' && *c <= '9') || strchr("+-_.#", *c)))
				*c = '-';
		xmlSetProp(el, BAD_CAST "class", BAD_CAST cls);
	} else {
		xmlUnsetProp(el, BAD_CAST "class");
	}
	xmlFree(v);
}

/* Hidden by inline style or the hidden attribute (tracking holders, the
 * display:none paragraphs scraped pages carry). */
static bool S_hidden(const xmlNode *n)
{
	if (xmlHasProp(n, BAD_CAST "hidden")) return true;
	xmlChar *st = xmlGetProp(n, BAD_CAST "style");
	bool hidden = false;
	if (st) {
		char *s = (char *)st, compact[256];
		size_t j = 0;
		for (; *s && j + 1 < sizeof compact; s++)
			if (!isspace((unsigned char)*s)) compact[j++] = (char)tolower((unsigned char)*s);
		compact[j] = '\0';
		hidden = strstr(compact, "display:none") || strstr(compact, "visibility:hidden");
		xmlFree(st);
	}
	return hidden;
}

/* A 1x1 image or a known beacon path is a tracking pixel. */
static bool S_tracking_pixel(const xmlNode *n)
{
	xmlChar *w = xmlGetProp(n, BAD_CAST "width"), *h = xmlGetProp(n, BAD_CAST "height");
	bool tiny = w && h && atoi((char *)w) <= 2 && atoi((char *)h) <= 2;
	xmlFree(w);
	xmlFree(h);
	return tiny;
}

static void S_unwrap(xmlNodePtr n)
{
	xmlNodePtr c = n->children;
	while (c) {
		xmlNodePtr next = c->next;
		xmlUnlinkNode(c);
		xmlAddPrevSibling(n, c);
		c = next;
	}
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

static void S_sanitize(xmlNodePtr n);

static void S_sanitize_children(xmlNodePtr parent)
{
	xmlNodePtr c = parent->children;
	while (c) {
		xmlNodePtr next = c->next;
		S_sanitize(c);
		c = next;
	}
}

static void S_sanitize(xmlNodePtr n)
{
	switch (n->type) {
	case XML_TEXT_NODE:
		return;
	case XML_CDATA_SECTION_NODE: {
		xmlNodePtr t = xmlNewDocTextLen(n->doc, n->content, (int)xmlStrlen(n->content));
		xmlReplaceNode(n, t);
		xmlFreeNode(n);
		return;
	}
	case XML_ELEMENT_NODE:
		break;
	default: /* comments, PIs, entity refs, DTD nodes */
		xmlUnlinkNode(n);
		xmlFreeNode(n);
		return;
	}
	if (n->ns) n->ns = NULL;
	/* lowercase names (the HTML parser already does; XHTML inputs may not) */
	if ((S_tag(n->name) & T_DROP) || S_hidden(n) || (tree_is(n, "img") && S_tracking_pixel(n))) {
		xmlUnlinkNode(n);
		xmlFreeNode(n);
		return;
	}
	S_sanitize_children(n);
	if (tree_is(n, "center")) {
		xmlNodeSetName(n, BAD_CAST "div");
	} else if (tree_is(n, "tt")) {
		xmlNodeSetName(n, BAD_CAST "code");
	} else if (tree_is(n, "strike")) {
		xmlNodeSetName(n, BAD_CAST "s");
	} else if (tree_is(n, "main")) {
		xmlNodeSetName(n, BAD_CAST "div");
	} else if (!(S_tag(n->name) & T_KEEP)) {
		S_unwrap(n);
		return;
	}
	for (xmlAttrPtr at = n->properties, next; at; at = next) {
		next = at->next;
		if (S_is_code_class(n, at))
			S_keep_language_class(n);
		else if (!S_attr_allowed(n, at->name) || at->ns)
			xmlRemoveProp(at);
	}
	if (tree_is(n, "span") && !n->properties) {
		S_unwrap(n);
		return;
	}
	if (tree_is(n, "img") && !xmlHasProp(n, BAD_CAST "alt")) xmlSetProp(n, BAD_CAST "alt", BAD_CAST "");
}

/* ---- text inside the tree ------------------------------------------------ */

static bool S_in_pre(const xmlNode *n)
{
	for (; n; n = n->parent)
		if (tree_is(n, "pre")) return true;
	return false;
}

static bool S_is_block(const xmlNode *n)
{
	return n && n->type == XML_ELEMENT_NODE && (S_tag(n->name) & T_BLOCK);
}

/* Where a text node starts, for whitespace purposes. */
enum { WS_TEXT, WS_SPACE, WS_LINE };

static bool S_ascii_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
}

/* NFC, control characters out, ASCII whitespace runs collapsed as HTML
 * renders them (also across inline elements: state carries over), and at the
 * start of a line (block start or after <br>) the spaces, NBSPs and U+3000
 * that indent Chinese paragraphs removed. Returns the state after t. */
static int S_clean_text(xmlNodePtr t, int state)
{
	char *c = text_clean((const char *)t->content);
	if (!c) return WS_TEXT;
	if (S_in_pre(t)) {
		state = WS_TEXT;
	} else {
		char *w = c, *r = c;
		if (state == WS_LINE)
			while (S_ascii_space(*r) || strncmp(r, "\xE3\x80\x80", 3) == 0 ||
			       strncmp(r, "\xC2\xA0", 2) == 0)
				r += S_ascii_space(*r) ? 1 : (*r == '\xC2' ? 2 : 3);
		for (; *r; r++) {
			if (S_ascii_space(*r)) {
				if (state == WS_TEXT) *w++ = ' ';
				if (state != WS_LINE) state = WS_SPACE;
			} else {
				*w++ = *r;
				state = WS_TEXT;
			}
		}
		*w = '\0';
	}
	xmlNodeSetContent(t, NULL);
	xmlNodeAddContent(t, BAD_CAST c);
	free(c);
	return state;
}

static int S_clean_texts(xmlNodePtr n, int state)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE) {
			state = S_clean_text(c, state);
		} else if (c->type != XML_ELEMENT_NODE) {
			continue;
		} else if (S_is_block(c)) {
			S_clean_texts(c, WS_LINE);
			state = WS_LINE;
		} else if (tree_is(c, "br")) {
			state = WS_LINE;
		} else if (tree_is(c, "img")) {
			state = WS_TEXT;
		} else {
			state = S_clean_texts(c, state);
		}
	}
	return state;
}

/* The first text node of a block, descending into inline elements only. */
static xmlNodePtr S_first_text(xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE) {
			if (c->content && *c->content) return c;
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || S_is_block(c) || tree_is(c, "br") || tree_is(c, "img"))
			return NULL;
		xmlNodePtr t = S_first_text(c);
		if (t) return t;
	}
	return NULL;
}

static xmlNodePtr S_last_text(xmlNodePtr n)
{
	for (xmlNodePtr c = n->last; c; c = c->prev) {
		if (c->type == XML_TEXT_NODE) {
			if (c->content && *c->content) return c;
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || S_is_block(c) || tree_is(c, "img")) return NULL;
		if (tree_is(c, "br")) continue;
		xmlNodePtr t = S_last_text(c);
		if (t) return t;
	}
	return NULL;
}

/* Leading spaces and ideographic spaces (U+3000, paragraph indentation in
 * Chinese text) are removed at the start of a block; trailing spaces at its end. */
static void S_trim_block(xmlNodePtr b)
{
	if (S_in_pre(b)) return;
	xmlNodePtr t = S_first_text(b);
	if (t) {
		const char *s = (const char *)t->content;
		while (*s == ' ' || strncmp(s, "\xE3\x80\x80", 3) == 0 || strncmp(s, "\xC2\xA0", 2) == 0)
			s += *s == ' ' ? 1 : (*s == '\xC2' ? 2 : 3);
		if (s != (const char *)t->content) {
			char *copy = strdup(s);
			xmlNodeSetContent(t, NULL);
			xmlNodeAddContent(t, BAD_CAST copy);
			free(copy);
		}
	}
	t = S_last_text(b);
	if (t) {
		size_t n = strlen((const char *)t->content);
		while (n && t->content[n - 1] == ' ')
			n--;
		t->content[n] = '\0';
	}
}

static bool S_blank_text(const xmlChar *s)
{
	if (!s) return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r') return false;
	return true;
}

/* True when n holds no text, no image and no table (only whitespace and <br>). */
static bool S_empty(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE && !S_blank_text(c->content)) return false;
		if (c->type == XML_ELEMENT_NODE) {
			if (tree_is(c, "img") || tree_is(c, "hr") || tree_is(c, "td") || tree_is(c, "th"))
				return false;
			if (!S_empty(c)) return false;
		}
	}
	return true;
}

static void S_blocks_pass(xmlNodePtr n)
{
	xmlNodePtr c = n->children;
	while (c) {
		xmlNodePtr next = c->next;
		if (c->type == XML_ELEMENT_NODE) {
			S_blocks_pass(c);
			if (S_is_block(c) && !tree_is(c, "hr") && !tree_is(c, "td") && !tree_is(c, "th") &&
			    S_empty(c)) {
				xmlUnlinkNode(c);
				xmlFreeNode(c);
			} else if (S_is_block(c)) {
				S_trim_block(c);
			}
		} else if (c->type == XML_TEXT_NODE && S_is_block(n) && !tree_is(n, "p") && !S_in_pre(c) &&
		           S_blank_text(c->content)) {
			/* whitespace between blocks carries nothing */
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
		c = next;
	}
}

/* ---- links ---------------------------------------------------------------- */

char *url_resolve(const char *base, const char *ref)
{
	if (!ref) return NULL;
	while (*ref == ' ' || *ref == '\t' || *ref == '\n')
		ref++;
	if (ref[0] == '/' && ref[1] == '/') {
		const char *scheme = "https:";
		if (base && strncmp(base, "http:", 5) == 0) scheme = "http:";
		size_t n = strlen(scheme) + strlen(ref) + 1;
		char *r = malloc(n);
		if (r) snprintf(r, n, "%s%s", scheme, ref);
		return r;
	}
	if (!base || !*base) return strdup(ref);
	xmlChar *u = xmlBuildURI(BAD_CAST ref, BAD_CAST base);
	if (!u) return strdup(ref);
	char *r = strdup((const char *)u);
	xmlFree(u);
	return r;
}

static void S_host_of(const char *url, char *host, size_t size)
{
	host[0] = '\0';
	const char *p = strstr(url, "//");
	if (!p) return;
	p += 2;
	size_t n = strcspn(p, "/:?#");
	if (n >= size) n = size - 1;
	for (size_t i = 0; i < n; i++)
		host[i] = (char)tolower((unsigned char)p[i]);
	host[n] = '\0';
	if (strncmp(host, "www.", 4) == 0) memmove(host, host + 4, strlen(host + 4) + 1);
}

static bool S_nav_words(const char *t)
{
	static const char *const words[] = {"返回",    "首页", "回到",  "上一篇",   "下一篇", "目录",
	                                    "back to", "home", "index", "previous", "next",   NULL};
	for (int i = 0; words[i]; i++)
		if (strcasestr(t, words[i])) return true;
	return false;
}

/* Is this link internal to the site (relative, or same host as the article)? */
static bool S_internal_link(const xmlNode *a, const char *site_host)
{
	xmlChar *href = xmlGetProp(a, BAD_CAST "href");
	if (!href) return false;
	bool internal;
	const char *h = (const char *)href;
	if (strstr(h, "://") == NULL && strncmp(h, "//", 2) != 0 && strncmp(h, "mailto:", 7) != 0) {
		internal = true;
	} else {
		char host[256];
		S_host_of(h, host, sizeof host);
		internal = site_host[0] && strcmp(host, site_host) == 0;
	}
	xmlFree(href);
	if (!internal) {
		xmlChar *t = xmlNodeGetContent(a);
		internal = t && S_nav_words((const char *)t);
		xmlFree(t);
	}
	return internal;
}

/* Separators allowed between the links of a navigation trailer. */
static bool S_separator_text(const xmlChar *s)
{
	static const char *const seps[] = {" ", "\n", "\t", "|",        "｜",           "·", "•", "/", "-",
	                                   "–", "—",  "、", "\xC2\xA0", "\xE3\x80\x80", NULL};
	const char *p = (const char *)s;
	while (p && *p) {
		bool ok = false;
		for (int i = 0; seps[i]; i++) {
			size_t n = strlen(seps[i]);
			if (strncmp(p, seps[i], n) == 0) {
				p += n;
				ok = true;
				break;
			}
		}
		if (!ok) return false;
	}
	return true;
}

/* A block made only of site-internal links (and separators). */
static bool S_chrome_block(const xmlNode *n, const char *site_host, int *links)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE) {
			if (!S_separator_text(c->content)) return false;
		} else if (tree_is(c, "a")) {
			if (!S_internal_link(c, site_host)) return false;
			(*links)++;
		} else if (tree_is(c, "br")) {
			continue;
		} else if (c->type == XML_ELEMENT_NODE) {
			if (!S_chrome_block(c, site_host, links)) return false;
		}
	}
	return true;
}

static void S_mark_chrome(xmlNodePtr body, const char *url)
{
	char host[256] = "";
	if (url) S_host_of(url, host, sizeof host);
	for (xmlNodePtr c = body->last; c; c = c->prev) {
		if (c->type != XML_ELEMENT_NODE) continue;
		int links = 0;
		if (!S_chrome_block(c, host, &links) || links == 0) break;
		xmlSetProp(c, BAD_CAST "data-quire-chrome", BAD_CAST "trailer");
	}
}

/* A scheme other than the web's (about:, chrome:, file:...) leads nowhere in a
 * reading copy, and EPUB checkers warn about unregistered ones. */
static bool S_odd_scheme(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
	if (n == 0 || s[n] != ':') return false; /* relative, or a path with a colon later */
	static const char *const ok[] = {"http", "https", "mailto", "ftp", "tel", "data", NULL};
	for (int i = 0; ok[i]; i++)
		if (strlen(ok[i]) == n && strncasecmp(s, ok[i], n) == 0) return false;
	return true;
}

static void S_resolve_links(const quire_article *a, xmlNodePtr n, const char *base)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE) continue;
		const char *attr = tree_is(c, "a") ? "href" : tree_is(c, "img") ? "src" : NULL;
		if (attr) {
			xmlChar *v = xmlGetProp(c, BAD_CAST attr);
			if (v) {
				const char *s = (const char *)v;
				if (strncasecmp(s, "javascript:", 11) == 0 ||
				    strncasecmp(s, "vbscript:", 9) == 0 || !*s || S_odd_scheme(s)) {
					xmlUnsetProp(c, BAD_CAST attr);
				} else if (s[0] != '#' && strncmp(s, "data:", 5) != 0 &&
				           !(attr[0] == 's' && quire_article_find_resource(a, s))) {
					char *r = url_resolve(base, s);
					if (r) {
						xmlSetProp(c, BAD_CAST attr, BAD_CAST r);
						free(r);
					}
				}
				xmlFree(v);
			}
		}
		S_resolve_links(a, c, base);
	}
}

/* A <dl> must be groups of <dt>s followed by <dd>s (scraped pages indent
 * with a bare <dd>): one that is not becomes plain blocks. */
static bool S_dl_valid(const xmlNode *dl)
{
	int state = 0; /* 0 start, 1 after dt, 2 after dd */
	for (const xmlNode *c = dl->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE && S_blank_text(c->content)) continue;
		if (tree_is(c, "dt"))
			state = 1;
		else if (tree_is(c, "dd") && state != 0)
			state = 2;
		else
			return false;
	}
	return state == 2;
}

static void S_fix_lists(xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE) continue;
		S_fix_lists(c);
		if (tree_is(c, "dl") && !S_dl_valid(c)) {
			xmlNodeSetName(c, BAD_CAST "div");
			for (xmlNodePtr k = c->children; k; k = k->next)
				if (tree_is(k, "dt") || tree_is(k, "dd")) xmlNodeSetName(k, BAD_CAST "div");
		}
	}
	/* dt and dd outside any dl */
	for (xmlNodePtr c = n->children; c; c = c->next)
		if ((tree_is(c, "dt") || tree_is(c, "dd")) && !tree_is(n, "dl"))
			xmlNodeSetName(c, BAD_CAST "div");
}

void body_normalize(quire_ctx *ctx, quire_article *a)
{
	(void)ctx;
	xmlNodePtr root = quire_article_body_root(a);
	if (!root) return;
	if (strcmp((const char *)root->name, "body") != 0) xmlNodeSetName(root, BAD_CAST "body");
	for (xmlAttrPtr at = root->properties, next; at; at = next) {
		next = at->next;
		xmlRemoveProp(at);
	}
	S_sanitize_children(root);
	S_clean_texts(root, WS_LINE);
	S_blocks_pass(root);
	S_fix_lists(root);
	const char *url = quire_article_get(a, QUIRE_URL);
	S_mark_chrome(root, url);
	resources_collect(ctx, a);
	S_resolve_links(a, root, url);
}
