/* limits.c - guards against hostile input shared by readers: the depth of an
 * element tree measured without recursion, and bounded HTML parsing (bounded
 * inflation is gzip.c). The limits themselves
 * live on the context (ctx_max_*). It does not parse any format. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>

#include "internal.h"

size_t limits_tree_depth(const xmlNode *node)
{
	size_t depth = 0, max = 0;
	const xmlNode *n = node;
	while (n) {
		if (n->type == XML_ELEMENT_NODE && depth + 1 > max) max = depth + 1;
		if (n->children && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			depth++;
			continue;
		}
		while (n && n != node && !n->next) {
			n = n->parent;
			depth--;
		}
		if (!n || n == node) break;
		n = n->next;
	}
	return max;
}

xmlNode *limits_tree_next(const xmlNode *root, const xmlNode *n)
{
	if (n->children && n->type == XML_ELEMENT_NODE) return n->children;
	while (n && n != root && !n->next)
		n = n->parent;
	return !n || n == root ? NULL : n->next;
}

/* ---- depth-capped HTML parsing ---------------------------------------- */

typedef struct {
	size_t skipped;                       /* open elements not built (they nest too deep) */
	size_t flattened;                     /* elements not built in all */
	bool gap;                             /* an element boundary was dropped since the last text */
	charactersSAXFunc characters, blanks; /* the parser's own */
} depth_cap;

/* The words of two flattened blocks stay apart: one space where boundaries
 * were dropped, written before the next text (a space per boundary would
 * make 100,000 nested elements 200,000 spaces). */
static void S_cap_gap(void *ctx, depth_cap *cap)
{
	if (cap->gap && cap->characters) {
		cap->gap = false;
		cap->characters(ctx, BAD_CAST " ", 1);
	}
}

static void S_cap_chars(void *ctx, const xmlChar *ch, int len)
{
	depth_cap *cap = ((xmlParserCtxtPtr)ctx)->_private;
	S_cap_gap(ctx, cap);
	cap->characters(ctx, ch, len);
}

static void S_cap_blanks(void *ctx, const xmlChar *ch, int len)
{
	depth_cap *cap = ((xmlParserCtxtPtr)ctx)->_private;
	S_cap_gap(ctx, cap);
	cap->blanks(ctx, ch, len);
}

static void S_cap_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	xmlParserCtxtPtr c = ctx;
	depth_cap *cap = c->_private;
	if (cap->skipped || c->nodeNr >= QUIRE_PARSE_DEPTH) {
		cap->skipped++;
		cap->flattened++;
		cap->gap = true;
		return;
	}
	S_cap_gap(ctx, cap);
	xmlSAX2StartElement(ctx, name, atts);
}

static void S_cap_end(void *ctx, const xmlChar *name)
{
	xmlParserCtxtPtr c = ctx;
	depth_cap *cap = c->_private;
	if (cap->skipped) { /* the parser closes elements last-opened first */
		cap->skipped--;
		cap->gap = true;
		return;
	}
	S_cap_gap(ctx, cap);
	xmlSAX2EndElement(ctx, name);
}

/* Inputs over this size are parsed in chunks (libxml2's push parser): the
 * whole-buffer parser copies the input twice (its buffer, then UTF-8 to
 * UTF-8), about 4 bytes per input byte on a 50 MB post. Smaller inputs take
 * the whole-buffer path, the one every page is tuned on. */
#define LIMITS_PUSH_MIN (4u << 20)
#define LIMITS_PUSH_CHUNK (1u << 20)

static void S_cap_sax(htmlParserCtxtPtr c, depth_cap *cap)
{
	c->sax->startElement = S_cap_start;
	c->sax->endElement = S_cap_end;
	cap->characters = c->sax->characters;
	cap->blanks = c->sax->ignorableWhitespace;
	if (cap->characters) c->sax->characters = S_cap_chars;
	if (cap->blanks) c->sax->ignorableWhitespace = S_cap_blanks;
	c->_private = cap;
}

static xmlDocPtr S_push_parse(const char *const *parts, const size_t *lens, size_t n, const char *url,
                              int options, depth_cap *cap)
{
	htmlParserCtxtPtr c = htmlCreatePushParserCtxt(NULL, NULL, NULL, 0, url, XML_CHAR_ENCODING_NONE);
	if (!c) return NULL;
	htmlCtxtUseOptions(c, options);
	S_cap_sax(c, cap);
	/* an explicit UTF-8 decoder, as htmlReadMemory(..., "UTF-8") has: a
	 * <meta charset> in the page cannot switch the decoding half-way */
	xmlSwitchToEncoding(c, xmlFindCharEncodingHandler("UTF-8"));
	for (size_t i = 0; i < n; i++)
		for (size_t off = 0; off < lens[i];) {
			size_t k = lens[i] - off < LIMITS_PUSH_CHUNK ? lens[i] - off : LIMITS_PUSH_CHUNK;
			htmlParseChunk(c, parts[i] + off, (int)k, 0);
			off += k;
		}
	htmlParseChunk(c, NULL, 0, 1);
	xmlDocPtr doc = c->myDoc;
	c->myDoc = NULL;
	htmlFreeParserCtxt(c);
	return doc;
}

/* The parser grows a text node's content by doubling while the text comes
 * in pieces and never gives the slack back: about 2.8 bytes per byte of
 * text. On big documents each text is reallocated to its length. */
static void S_shrink_texts(xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	for (xmlNodePtr n = root; n; n = limits_tree_next(root, n)) {
		if (n->type == XML_TEXT_NODE && n->content && n->content != (xmlChar *)&n->properties &&
		    !(doc->dict && xmlDictOwns(doc->dict, n->content))) {
			xmlChar *c = xmlStrdup(n->content);
			if (c) {
				xmlFree(n->content);
				n->content = c;
			}
		}
	}
}

xmlDocPtr limits_html_parse_parts(const char *const *parts, const size_t *lens, size_t n, const char *url,
                                  int options, size_t *flattened)
{
	depth_cap cap = {0};
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += lens[i];
	if (flattened) *flattened = 0;
	if (total > INT32_MAX) return NULL;
	xmlDocPtr doc = NULL;
	if (total > LIMITS_PUSH_MIN) {
		doc = S_push_parse(parts, lens, n, url, options, &cap);
		if (doc) S_shrink_texts(doc);
	} else {
		quire_buf b = QUIRE_BUF_INIT;
		for (size_t i = 0; n > 1 && i < n; i++)
			quire_buf_append(&b, parts[i], lens[i]);
		htmlParserCtxtPtr c = htmlNewParserCtxt();
		if (c) {
			S_cap_sax(c, &cap);
			doc = htmlCtxtReadMemory(c, n > 1 ? b.data : parts[0], (int)total, url, "UTF-8",
			                         options);
			htmlFreeParserCtxt(c);
		}
		quire_buf_free(&b);
	}
	if (flattened) *flattened = cap.flattened;
	return doc;
}

xmlDocPtr limits_html_parse(const char *buf, int len, const char *url, int options, size_t *flattened)
{
	size_t l = len > 0 ? (size_t)len : 0;
	return limits_html_parse_parts(&buf, &l, 1, url, options, flattened);
}
