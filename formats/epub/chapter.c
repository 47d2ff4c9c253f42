/* chapter.c - one article as an EPUB content document: a title page section
 * (title, byline, date in the article's own offset, source link) and the body
 * tree copied into the XHTML namespace, then made valid for epubcheck (content
 * model, ids, attributes, links, images). The chapter is serialized at once;
 * only links to other articles of the book are fixed later (relink). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/hash.h>
#include <libxml/parser.h>

#include "epub.h"

static bool S_in(const xmlNode *n, const char *const *set)
{
	if (!n || n->type != XML_ELEMENT_NODE) return false;
	for (; *set; set++)
		if (strcmp((const char *)n->name, *set) == 0) return true;
	return false;
}

static const char *const S_phrasing[] = {"a",    "em",   "strong", "b",    "i",     "u",    "s",
                                         "del",  "ins",  "sub",    "sup",  "small", "mark", "q",
                                         "cite", "abbr", "kbd",    "samp", "var",   "br",   "code",
                                         "span", "time", "ruby",   "rt",   "wbr",   "img",  NULL};
/* Phrasing elements whose content is phrasing too (a, del, ins are transparent). */
static const char *const S_transparent[] = {"a", "del", "ins", NULL};
static const char *const S_phrasing_box[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", NULL};
static const char *const S_known[] = {
    "p",     "h1",      "h2",    "h3",         "h4",    "h5",   "h6",    "ul",     "ol",     "li",
    "dl",    "dt",      "dd",    "blockquote", "pre",   "code", "em",    "strong", "b",      "i",
    "u",     "s",       "del",   "ins",        "sub",   "sup",  "small", "mark",   "q",      "cite",
    "abbr",  "kbd",     "samp",  "var",        "br",    "hr",   "a",     "img",    "figure", "figcaption",
    "table", "caption", "thead", "tbody",      "tfoot", "tr",   "th",    "td",     "div",    "span",
    "time",  "ruby",    "rt",    "wbr",        NULL};

static void S_rename(xmlNodePtr n, const char *name)
{
	xmlNodeSetName(n, BAD_CAST name);
}

static void S_drop(xmlNodePtr n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

static bool S_blank(const xmlChar *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r') return false;
	return true;
}

static bool S_digits(const char *s, bool sign)
{
	if (sign && *s == '-') s++;
	if (!*s) return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9') return false;
	return true;
}

/* ---- attributes and ids ------------------------------------------------------ */

typedef struct fix_ctx {
	epub_book *book;
	const quire_article *a;
	epub_chapter *ch;
	xmlHashTablePtr ids;
	size_t images, alt_missing;
} fix_ctx;

static bool S_valid_datetime(const char *s)
{
	/* YYYY-MM-DD[Thh:mm[:ss[.f]](Z|+hh:mm)] */
	size_t n = strlen(s);
	if (n < 10 || !(s[4] == '-' && s[7] == '-')) return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
	if (n == 10) return true;
	if (s[10] != 'T' || n < 16 || s[13] != ':') return false;
	const char *z = s + 16;
	if (*z == ':') {
		z += 3;
		if ((size_t)(z - s) > n) return false;
		if (*z == '.')
			for (z++; *z >= '0' && *z <= '9'; z++)
				;
	}
	if (strcmp(z, "Z") == 0) return true;
	return (z[0] == '+' || z[0] == '-') && strlen(z) == 6 && z[3] == ':';
}

static void S_fix_attrs(fix_ctx *f, xmlNodePtr n)
{
	for (xmlAttrPtr at = n->properties, next; at; at = next) {
		next = at->next;
		const char *name = (const char *)at->name;
		xmlChar *v = xmlNodeGetContent((xmlNodePtr)at);
		const char *s = v ? (const char *)v : "";
		bool keep = true;
		if (at->ns) {
			keep = false;
		} else if (!strcmp(name, "id")) {
			keep = epub_valid_id(s) && !xmlHashLookup(f->ids, v);
			if (keep) xmlHashAddEntry(f->ids, v, (void *)1);
		} else if (!strcmp(name, "lang")) {
			keep = epub_valid_lang(s);
			if (keep) xmlNodeSetLang(n, v);
		} else if (!strcmp(name, "dir")) {
			keep = !strcmp(s, "ltr") || !strcmp(s, "rtl") || !strcmp(s, "auto");
		} else if (!strcmp(name, "width") || !strcmp(name, "height")) {
			keep = S_digits(s, false);
		} else if (!strcmp(name, "colspan")) {
			keep = S_digits(s, false) && atoi(s) >= 1 && atoi(s) <= 1000;
		} else if (!strcmp(name, "rowspan")) {
			keep = S_digits(s, false) && atoi(s) <= 65534;
		} else if (!strcmp(name, "start")) {
			keep = S_digits(s, true) && strlen(s) < 10;
		} else if (!strcmp(name, "reversed")) {
			xmlSetProp(n, at->name, BAD_CAST "reversed");
		} else if (!strcmp(name, "datetime")) {
			keep = S_valid_datetime(s);
		} else if (!strcmp(name, "cite") || !strncmp(name, "data-", 5)) {
			keep = false;
		}
		xmlFree(v);
		if (!keep) xmlRemoveProp(at);
	}
}

/* ---- pass 1: elements, attributes, ids, images ------------------------------- */

/* Replaces an image by its alt text (no remote resources in a book). */
static xmlNodePtr S_img_to_alt(xmlNodePtr img)
{
	xmlChar *alt = xmlGetProp(img, BAD_CAST "alt");
	xmlNodePtr next = img->next;
	if (alt && !S_blank(alt)) {
		xmlNodePtr t = xmlNewDocText(img->doc, alt);
		xmlReplaceNode(img, t);
		xmlFreeNode(img);
	} else {
		S_drop(img);
	}
	xmlFree(alt);
	return next;
}

/* An SVG file is embedded only when it is plain XML without scripts,
 * foreign objects or references outside itself. */
static bool S_svg_clean_node(xmlNodePtr root)
{
	for (xmlNodePtr n = root; n; n = limits_tree_next(root, n)) {
		if (n->type != XML_ELEMENT_NODE) continue;
		if (tree_is(n, "script") || tree_is(n, "foreignObject") || tree_is(n, "image") ||
		    tree_is(n, "use") || tree_is(n, "style"))
			return false;
		for (xmlAttrPtr at = n->properties; at; at = at->next) {
			const char *an = (const char *)at->name;
			if (!strncmp(an, "on", 2) || !strcmp(an, "href") || !strcmp(an, "style"))
				return false;
		}
	}
	return true;
}

static bool S_svg_clean(const unsigned char *data, size_t size)
{
	if (size > INT32_MAX) return false;
	xmlDocPtr d = xmlReadMemory((const char *)data, (int)size, NULL, NULL,
	                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!d) return false;
	xmlNodePtr root = xmlDocGetRootElement(d);
	bool ok = root && !d->intSubset && tree_is(root, "svg") && root->ns &&
	          !strcmp((const char *)root->ns->href, "http://www.w3.org/2000/svg") &&
	          S_svg_clean_node(root);
	xmlFreeDoc(d);
	return ok;
}

static size_t S_book_res(epub_book *b, const quire_resource *r, const char *type, const char *ext)
{
	char hex[65];
	digest_sha256_hex(r->data, r->size, hex);
	char name[48];
	snprintf(name, sizeof name, "img/%.16s.%s", hex, ext);
	for (size_t i = 0; i < b->nres; i++)
		if (!strcmp(b->res[i].name, name)) return i;
	if (b->nres == b->capres) {
		b->capres = b->capres ? b->capres * 2 : 8;
		b->res = realloc(b->res, b->capres * sizeof *b->res);
		if (!b->res) abort();
	}
	epub_res *e = &b->res[b->nres];
	memset(e, 0, sizeof *e);
	memcpy(e->name, name, sizeof name);
	e->media_type = type;
	e->data = malloc(r->size ? r->size : 1);
	if (!e->data) abort();
	memcpy(e->data, r->data, r->size);
	e->size = r->size;
	e->has_alt = true;
	return b->nres++;
}

static void S_chapter_res(epub_chapter *ch, size_t idx)
{
	for (size_t i = 0; i < ch->n_res; i++)
		if (ch->res[i] == idx) return;
	ch->res = realloc(ch->res, (ch->n_res + 1) * sizeof *ch->res);
	if (!ch->res) abort();
	ch->res[ch->n_res++] = idx;
}

static xmlNodePtr S_image(fix_ctx *f, xmlNodePtr img)
{
	xmlChar *src = xmlGetProp(img, BAD_CAST "src");
	const quire_resource *r = src ? quire_article_find_resource(f->a, (const char *)src) : NULL;
	xmlFree(src);
	const char *ext = NULL, *type = r ? epub_image_type(r->data, r->size, &ext) : NULL;
	if (type && !strcmp(type, "image/svg+xml") && !S_svg_clean(r->data, r->size)) type = NULL;
	if (!type) return S_img_to_alt(img);
	size_t idx = S_book_res(f->book, r, type, ext);
	S_chapter_res(f->ch, idx);
	xmlSetProp(img, BAD_CAST "src", BAD_CAST f->book->res[idx].name);
	xmlChar *alt = xmlGetProp(img, BAD_CAST "alt");
	if (!alt || S_blank(alt)) f->book->res[idx].has_alt = false;
	if (!alt) xmlSetProp(img, BAD_CAST "alt", BAD_CAST "");
	xmlFree(alt);
	return img->next;
}

static void S_pass1(fix_ctx *f, xmlNodePtr parent)
{
	for (xmlNodePtr c = parent->children, next; c; c = next) {
		next = c->next;
		if (c->type == XML_TEXT_NODE) continue;
		if (c->type != XML_ELEMENT_NODE || quire_node_is_chrome(c)) {
			S_drop(c);
			continue;
		}
		if (S_in(c, (const char *const[]){"header", "footer", "section", "article", "aside", NULL}))
			S_rename(c, "div");
		if (tree_is(c, "time") && !xmlHasProp(c, BAD_CAST "datetime")) S_rename(c, "span");
		if (!S_in(c, S_known)) {
			next = tree_hoist(c);
			continue;
		}
		S_fix_attrs(f, c);
		if (tree_is(c, "time") && !xmlHasProp(c, BAD_CAST "datetime")) S_rename(c, "span");
		if (tree_is(c, "img")) {
			f->images++;
			next = S_image(f, c);
			continue;
		}
		S_pass1(f, c);
		if ((tree_is(c, "span") || tree_is(c, "a")) && !c->properties) tree_hoist(c);
	}
}

/* ---- pass 2: links --------------------------------------------------------------- */

uint64_t epub_url_key(const char *url)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	if (!strncasecmp(p, "www.", 4)) p += 4;
	size_t n = strcspn(p, "#");
	if (n >= 11 && !strncmp(p + n - 11, "/index.html", 11)) n -= 10;
	while (n && p[n - 1] == '/')
		n--;
	uint64_t h = 1469598103934665603ULL;
	size_t host = strcspn(p, "/?");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (i < host && c >= 'A' && c <= 'Z') c = (unsigned char)(c - 'A' + 'a');
		h ^= c;
		h *= 1099511628211ULL;
	}
	return h;
}

static bool S_has_scheme(const char *s, size_t *len)
{
	size_t i = 0;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) return false;
	while (s[i] && (((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
	                s[i] == '+' || s[i] == '-' || s[i] == '.'))
		i++;
	if (s[i] != ':') return false;
	*len = i;
	return true;
}

/* A copy of an absolute URL with the characters URL syntax forbids
 * percent-encoded (spaces, quotes, brackets, stray % and extra #). */
static char *S_clean_url(const char *s)
{
	quire_buf b = QUIRE_BUF_INIT;
	bool hash = false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		bool enc = c <= 0x20 || c == 0x7F || strchr("\"<>\\^`{|}[]", c);
		if (c == '%' && !(isxdigit(p[1]) && isxdigit(p[2]))) enc = true;
		if (c == '#') {
			enc = hash;
			hash = true;
		}
		if (enc)
			quire_buf_printf(&b, "%%%02X", c);
		else
			quire_buf_putc(&b, (char)c);
	}
	return quire_buf_detach(&b, NULL);
}

static void S_add_link(epub_chapter *ch, uint64_t key)
{
	for (size_t i = 0; i < ch->n_links; i++)
		if (ch->links[i] == key) return;
	ch->links = realloc(ch->links, (ch->n_links + 1) * sizeof *ch->links);
	if (!ch->links) abort();
	ch->links[ch->n_links++] = key;
}

static void S_link(fix_ctx *f, xmlNodePtr a)
{
	xmlChar *v = xmlGetProp(a, BAD_CAST "href");
	if (!v) return;
	const char *h = (const char *)v;
	size_t slen = 0;
	bool keep = false;
	if (h[0] == '#') {
		keep = h[1] && xmlHashLookup(f->ids, BAD_CAST(h + 1));
	} else if (S_has_scheme(h, &slen)) {
		/* registered schemes only (epubcheck warns on about:, javascript:, app schemes) */
		static const char *const ok[] = {"http", "https", "mailto", "ftp",
		                                 "tel",  "news",  "urn",    NULL};
		for (int i = 0; ok[i] && !keep; i++)
			keep = strlen(ok[i]) == slen && !strncasecmp(h, ok[i], slen);
		if (keep) {
			char *u = S_clean_url(h);
			if (strcmp(u, h)) xmlSetProp(a, BAD_CAST "href", BAD_CAST u);
			if ((slen == 4 && !strncasecmp(h, "http", 4)) ||
			    (slen == 5 && !strncasecmp(h, "https", 5)))
				S_add_link(f->ch, epub_url_key(u));
			free(u);
		}
	}
	/* relative references have no target inside the book */
	if (!keep) xmlUnsetProp(a, BAD_CAST "href");
	xmlFree(v);
}

static void S_links(fix_ctx *f, xmlNodePtr parent)
{
	for (xmlNodePtr c = parent->children, next; c; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE) continue;
		if (tree_is(c, "a")) {
			S_link(f, c);
			if (!c->properties) {
				next = tree_hoist(c);
				continue;
			}
		}
		S_links(f, c);
	}
}

/* ---- pass 3: HTML content model -------------------------------------------------- */

static bool S_phrasing_el(const xmlNode *n)
{
	return n->type != XML_ELEMENT_NODE || S_in(n, S_phrasing);
}

/* Does p hold flow content (directly or through transparent elements)? */
static bool S_holds_flow(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE) continue;
		if (!S_in(c, S_phrasing)) return true;
		if (S_in(c, S_transparent) && S_holds_flow(c)) return true;
	}
	return false;
}

/* Wraps every run of children of parent not accepted by ok() into a new
 * wrapper element (wrap, or wrap>inner). Blank text between is dropped. */
static void S_wrap_strays(xmlNodePtr parent, bool (*ok)(const xmlNode *), const char *wrap, const char *inner)
{
	xmlNodePtr box = NULL;
	for (xmlNodePtr c = parent->children, next; c; c = next) {
		next = c->next;
		if (c->type == XML_TEXT_NODE && S_blank(c->content) && !box) {
			S_drop(c);
			continue;
		}
		if (ok(c)) {
			box = NULL;
			continue;
		}
		if (!box) {
			xmlNodePtr w = xmlNewDocNode(parent->doc, parent->ns, BAD_CAST wrap, NULL);
			xmlAddPrevSibling(c, w);
			box = inner ? epub_add(w, inner, NULL) : w;
		}
		xmlUnlinkNode(c);
		xmlAddChild(box, c);
	}
}

static bool S_ok_li(const xmlNode *n)
{
	return tree_is(n, "li");
}
static bool S_ok_dl(const xmlNode *n)
{
	return tree_is(n, "dt") || tree_is(n, "dd");
}
static bool S_ok_tr(const xmlNode *n)
{
	return tree_is(n, "td") || tree_is(n, "th");
}
static bool S_ok_rows(const xmlNode *n)
{
	return tree_is(n, "tr");
}
static bool S_ok_table(const xmlNode *n)
{
	return S_in(n, (const char *const[]){"caption", "thead", "tbody", "tfoot", "tr", NULL});
}

/* A dl must be groups of dt+ dd+; one that is not becomes plain divs. */
static void S_fix_dl(xmlNodePtr dl)
{
	S_wrap_strays(dl, S_ok_dl, "dd", NULL);
	bool ok = true, seen_dt = false, last_dd = false;
	for (xmlNodePtr c = dl->children; c; c = c->next) {
		if (tree_is(c, "dt")) {
			seen_dt = true;
			last_dd = false;
		} else if (tree_is(c, "dd")) {
			ok = ok && seen_dt;
			last_dd = true;
		}
	}
	if (ok && (!seen_dt || last_dd)) return;
	for (xmlNodePtr c = dl->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE) S_rename(c, "div");
	S_rename(dl, "div");
}

/* Elements in the wrong parent get a neutral name. */
static void S_place(xmlNodePtr n, const xmlNode *parent)
{
	if (tree_is(n, "li") && !tree_is(parent, "ul") && !tree_is(parent, "ol"))
		S_rename(n, "div");
	else if ((tree_is(n, "dt") || tree_is(n, "dd")) && !tree_is(parent, "dl"))
		S_rename(n, "div");
	else if ((tree_is(n, "td") || tree_is(n, "th")) && !tree_is(parent, "tr"))
		S_rename(n, "div");
	else if (tree_is(n, "tr") &&
	         !S_in(parent, (const char *const[]){"table", "thead", "tbody", "tfoot", NULL}))
		S_rename(n, "div");
	else if (S_in(n, (const char *const[]){"thead", "tbody", "tfoot", "caption", NULL}) &&
	         !tree_is(parent, "table"))
		S_rename(n, "div");
	else if (tree_is(n, "figcaption") && !tree_is(parent, "figure"))
		S_rename(n, "div");
	else if (tree_is(n, "rt") && !tree_is(parent, "ruby"))
		S_rename(n, "span");
}

static void S_model(xmlNodePtr n, bool phrasing, bool in_a)
{
	for (xmlNodePtr c = n->children, next; c; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE) continue;
		S_place(c, n);
		if ((phrasing && !S_phrasing_el(c)) || (in_a && tree_is(c, "a"))) {
			next = tree_hoist(c);
			continue;
		}
		if (tree_is(c, "p") && S_holds_flow(c)) S_rename(c, "div");
		bool inner =
		    phrasing || S_in(c, S_phrasing_box) || (S_in(c, S_phrasing) && !S_in(c, S_transparent));
		S_model(c, inner, in_a || tree_is(c, "a"));
	}
	if (tree_is(n, "ul") || tree_is(n, "ol"))
		S_wrap_strays(n, S_ok_li, "li", NULL);
	else if (tree_is(n, "dl"))
		S_fix_dl(n);
	else if (tree_is(n, "tr"))
		S_wrap_strays(n, S_ok_tr, "td", NULL);
	else if (S_in(n, (const char *const[]){"thead", "tbody", "tfoot", NULL}))
		S_wrap_strays(n, S_ok_rows, "tr", "td");
	else if (tree_is(n, "table")) {
		/* one caption, first */
		xmlNodePtr cap = NULL;
		for (xmlNodePtr c = n->children; c; c = c->next)
			if (tree_is(c, "caption")) {
				if (cap)
					S_rename(c, "div");
				else
					cap = c;
			}
		if (cap && cap != n->children) {
			xmlUnlinkNode(cap);
			xmlAddPrevSibling(n->children, cap);
		}
		S_wrap_strays(n, S_ok_table, "tr", "td");
	} else if (tree_is(n, "figure")) {
		for (xmlNodePtr c = n->children; c; c = c->next) {
			bool edge = c == n->children || c == n->last;
			if (tree_is(c, "figcaption") && !edge) S_rename(c, "div");
		}
		if (tree_is(n->children, "figcaption") && tree_is(n->last, "figcaption") &&
		    n->children != n->last)
			S_rename(n->last, "div");
	} else if (tree_is(n, "ruby")) {
		bool rt = false;
		for (xmlNodePtr c = n->children; c; c = c->next)
			rt = rt || tree_is(c, "rt");
		if (!rt) tree_hoist(n);
	}
}

/* ---- the chapter ------------------------------------------------------------------ */

static char *S_dup(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

/* "2021-12-08 10:39 +08:00" from the ISO form in the article's own offset. */
static void S_display_date(const quire_time *t, char *out, size_t size)
{
	char iso[48];
	quire_time_iso(t, iso, sizeof iso);
	size_t n = strlen(iso);
	if (n <= 10) {
		snprintf(out, size, "%s", iso);
		return;
	}
	iso[10] = ' ';
	const char *off = iso + 16;
	while (*off && *off != 'Z' && *off != '+' && *off != '-')
		off++;
	snprintf(out, size, "%.*s %s", (int)(off - iso), iso, *off == 'Z' ? "UTC" : off);
}

/* A title for an article without one: the start of its text. */
static char *S_fallback_title(const quire_article *a)
{
	xmlNodePtr root = quire_article_body_root(a);
	xmlChar *t = root ? xmlNodeGetContent(root) : NULL;
	char *line = t ? text_clean_line((const char *)t) : NULL;
	xmlFree(t);
	if (line) { /* one line: whitespace runs become one space */
		char *w = line;
		for (const char *r = line; *r; r++)
			if (!strchr(" \t\n\r", *r))
				*w++ = *r;
			else if (w > line && w[-1] != ' ')
				*w++ = ' ';
		while (w > line && w[-1] == ' ')
			w--;
		*w = '\0';
	}
	if (line && *line) {
		size_t cols = 0, i = 0;
		while (line[i] && cols < 40) {
			int32_t cp;
			int k = text_decode_cp(line + i, strlen(line + i), &cp);
			cols += (size_t)text_cp_width(cp);
			i += (size_t)(k > 0 ? k : 1);
		}
		if (line[i]) strcpy(line + i, "\xE2\x80\xA6");
		return line;
	}
	free(line);
	char slug[128];
	return strdup(quire_article_slug(a, slug, sizeof slug));
}

static char **S_list_copy(const quire_article *a, quire_list l, size_t *n)
{
	*n = quire_article_count(a, l);
	char **v = *n ? calloc(*n, sizeof *v) : NULL;
	for (size_t i = 0; i < *n; i++)
		v[i] = strdup(quire_article_item(a, l, i));
	return v;
}

static void S_meta(epub_book *b, const quire_article *a, epub_chapter *ch)
{
	const char *title = quire_article_get(a, QUIRE_TITLE);
	ch->title = title && *title ? strdup(title) : S_fallback_title(a);
	const char *url = quire_article_get(a, QUIRE_URL);
	ch->url_key = url ? strdup(url) : NULL;
	ch->input_path = S_dup(quire_article_get(a, QUIRE_INPUT_PATH));
	ch->id = S_dup(quire_article_get(a, QUIRE_ID));
	const char *lang = quire_article_get(a, QUIRE_LANG);
	if (!epub_valid_lang(lang)) lang = b->o->lang && epub_valid_lang(b->o->lang) ? b->o->lang : "und";
	ch->lang = strdup(lang);
	ch->category = S_dup(quire_article_item(a, QUIRE_CATEGORIES, 0));
	size_t nc, nt;
	char **cats = S_list_copy(a, QUIRE_CATEGORIES, &nc), **tags = S_list_copy(a, QUIRE_TAGS, &nt);
	ch->subjects = calloc(nc + nt + 1, sizeof *ch->subjects);
	for (size_t i = 0; i < nc; i++)
		ch->subjects[ch->n_subjects++] = cats[i];
	for (size_t i = 0; i < nt; i++)
		ch->subjects[ch->n_subjects++] = tags[i];
	free(cats);
	free(tags);
	ch->authors = S_list_copy(a, QUIRE_AUTHORS, &ch->n_authors);
	ch->publisher = S_dup(quire_article_get(a, QUIRE_PUBLISHER));
	ch->site = S_dup(quire_article_get(a, QUIRE_SITE_NAME));
	const char *src = quire_article_get(a, QUIRE_SOURCE_URL);
	ch->source = S_dup(src ? src : url);
	ch->published = *quire_article_time(a, QUIRE_PUBLISHED);
	ch->modified = *quire_article_time(a, QUIRE_MODIFIED);
}

static void S_titlepage(const quire_article *a, const epub_chapter *ch, xmlNodePtr body)
{
	xmlNodePtr tp = epub_add(body, "div", NULL);
	xmlSetProp(tp, BAD_CAST "class", BAD_CAST "titlepage");
	xmlSetProp(epub_add(tp, "h1", ch->title), BAD_CAST "class", BAD_CAST "title");
	const char *sub = quire_article_get(a, QUIRE_SUBTITLE);
	if (sub) xmlSetProp(epub_add(tp, "p", sub), BAD_CAST "class", BAD_CAST "subtitle");
	if (ch->n_authors) {
		quire_buf by = QUIRE_BUF_INIT;
		for (size_t i = 0; i < ch->n_authors; i++)
			quire_buf_printf(&by, "%s%s", i ? ", " : "", ch->authors[i]);
		xmlSetProp(epub_add(tp, "p", by.data), BAD_CAST "class", BAD_CAST "byline");
		quire_buf_free(&by);
	}
	if (ch->published.precision != QUIRE_PREC_NONE) {
		char iso[48], shown[64];
		quire_time_iso(&ch->published, iso, sizeof iso);
		S_display_date(&ch->published, shown, sizeof shown);
		xmlNodePtr p = epub_add(tp, "p", NULL);
		xmlSetProp(p, BAD_CAST "class", BAD_CAST "dateline");
		xmlSetProp(epub_add(p, "time", shown), BAD_CAST "datetime", BAD_CAST iso);
	}
	size_t slen;
	if (ch->source && S_has_scheme(ch->source, &slen) && !strncasecmp(ch->source, "http", 4)) {
		xmlNodePtr p = epub_add(tp, "p", NULL);
		xmlSetProp(p, BAD_CAST "class", BAD_CAST "source");
		char *u = S_clean_url(ch->source);
		xmlSetProp(epub_add(p, "a", ch->source), BAD_CAST "href", BAD_CAST u);
		free(u);
	}
}

quire_result epub_chapter_build(epub_book *b, const quire_article *a, epub_chapter *ch, quire_err *err)
{
	(void)err;
	S_meta(b, a, ch);
	xmlNodePtr body;
	xmlDocPtr doc = epub_xhtml_doc(ch->lang, ch->title, true, &body);
	S_titlepage(a, ch, body);
	xmlNodePtr box = epub_add(body, "div", NULL);
	xmlSetProp(box, BAD_CAST "class", BAD_CAST "article");
	xmlNodePtr root = quire_article_body_root(a);
	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
		if (quire_node_is_chrome(c)) continue;
		xmlNodePtr copy = xmlDocCopyNode(c, doc, 1);
		if (copy) xmlAddChild(box, copy);
	}
	tree_set_ns(box->children, box->ns);
	fix_ctx f = {b, a, ch, xmlHashCreate(64), 0, 0};
	S_pass1(&f, box);
	S_links(&f, box);
	S_model(box, false, false);
	xmlHashFree(f.ids, NULL);
	/* text nodes with characters XML forbids (noncharacters) */
	ch->xhtml = epub_serialize(doc, &ch->xhtml_len);
	xmlFreeDoc(doc);
	return ch->xhtml ? QUIRE_OK : quire_err_set(err, QUIRE_FAILED, "cannot serialize the chapter");
}

/* ---- links between articles of a volume ------------------------------------------ */

static bool S_relink_tree(epub_volume *v, xmlNodePtr n, const char *(*find)(epub_volume *, uint64_t))
{
	bool changed = false;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE) continue;
		xmlChar *h = tree_is(c, "a") ? xmlGetProp(c, BAD_CAST "href") : NULL;
		if (h && !strncasecmp((const char *)h, "http", 4)) {
			const char *file = find(v, epub_url_key((const char *)h));
			if (file) {
				xmlSetProp(c, BAD_CAST "href", BAD_CAST file);
				changed = true;
			}
		}
		xmlFree(h);
		changed |= S_relink_tree(v, c, find);
	}
	return changed;
}

void epub_chapter_relink(epub_volume *v, epub_chapter *ch, const char *(*find)(epub_volume *, uint64_t))
{
	bool hit = false;
	for (size_t i = 0; i < ch->n_links && !hit; i++)
		hit = find(v, ch->links[i]) != NULL;
	if (!hit || ch->xhtml_len > INT32_MAX) return;
	xmlDocPtr doc = xmlReadMemory(ch->xhtml, (int)ch->xhtml_len, NULL, "UTF-8",
	                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) return;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	xmlNodePtr body = root ? root->last : NULL;
	xmlNodePtr tp = body ? body->children : NULL; /* the title page's source link stays external */
	if (tp && tp->next && S_relink_tree(v, tp->next, find)) {
		size_t len;
		char *x = epub_serialize(doc, &len);
		if (x) {
			free(ch->xhtml);
			ch->xhtml = x;
			ch->xhtml_len = len;
		}
	}
	xmlFreeDoc(doc);
}

void epub_chapter_free(epub_chapter *ch)
{
	free(ch->title);
	free(ch->url_key);
	free(ch->category);
	free(ch->group);
	free(ch->gsort);
	free(ch->input_path);
	free(ch->lang);
	free(ch->id);
	for (size_t i = 0; i < ch->n_subjects; i++)
		free(ch->subjects[i]);
	free(ch->subjects);
	for (size_t i = 0; i < ch->n_authors; i++)
		free(ch->authors[i]);
	free(ch->authors);
	free(ch->publisher);
	free(ch->site);
	free(ch->source);
	free(ch->xhtml);
	free(ch->links);
	free(ch->res);
}
