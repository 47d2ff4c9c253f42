/* xml.c - libxml2 helpers of the EPUB writer: XHTML document skeletons,
 * element and text nodes filtered to XML 1.0 characters, serialization, and
 * the validity checks for language tags, ids and image bytes. No markup is
 * ever pasted as strings. */
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlsave.h>

#include "epub.h"

/* Copy of s without characters XML 1.0 forbids (C0 controls but TAB/LF/CR,
 * U+FFFE, U+FFFF); NULL when s is clean. */
static char *S_xml_chars(const char *s)
{
	bool bad = false;
	for (const unsigned char *p = (const unsigned char *)s; *p && !bad; p++)
		bad = (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
		      (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF));
	if (!bad) return NULL;
	char *out = malloc(strlen(s) + 1), *w = out;
	if (!out) abort();
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') {
			p++;
		} else if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
			p += 3;
		} else {
			*w++ = (char)*p++;
		}
	}
	*w = '\0';
	return out;
}

void epub_text(xmlNodePtr parent, const char *text)
{
	if (!text || !*text) return;
	char *clean = S_xml_chars(text);
	xmlNodePtr t = xmlNewDocText(parent->doc, BAD_CAST(clean ? clean : text));
	xmlAddChild(parent, t);
	free(clean);
}

xmlNodePtr epub_add(xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr n = xmlNewDocNode(parent->doc, parent->ns, BAD_CAST name, NULL);
	xmlAddChild(parent, n);
	epub_text(n, text);
	return n;
}

xmlDocPtr epub_xhtml_doc(const char *lang, const char *title, bool with_css, xmlNodePtr *body)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlCreateIntSubset(doc, BAD_CAST "html", NULL, NULL);
	xmlNodePtr html = xmlNewDocNode(doc, NULL, BAD_CAST "html", NULL);
	xmlDocSetRootElement(doc, html);
	xmlNsPtr ns = xmlNewNs(html, BAD_CAST EPUB_XHTML_NS, NULL);
	xmlNewNs(html, BAD_CAST EPUB_OPS_NS, BAD_CAST "epub");
	xmlSetNs(html, ns);
	xmlSetProp(html, BAD_CAST "lang", BAD_CAST lang);
	xmlNodeSetLang(html, BAD_CAST lang);
	xmlNodePtr head = epub_add(html, "head", NULL);
	epub_add(head, "title", title && *title ? title : "-");
	if (with_css) {
		xmlNodePtr link = epub_add(head, "link", NULL);
		xmlSetProp(link, BAD_CAST "rel", BAD_CAST "stylesheet");
		xmlSetProp(link, BAD_CAST "type", BAD_CAST "text/css");
		xmlSetProp(link, BAD_CAST "href", BAD_CAST "style.css");
	}
	*body = epub_add(html, "body", NULL);
	return doc;
}

char *epub_serialize(xmlDocPtr doc, size_t *len)
{
	xmlBufferPtr xb = xmlBufferCreate();
	xmlSaveCtxtPtr sc = xmlSaveToBuffer(xb, "UTF-8", XML_SAVE_AS_XML);
	char *out = NULL;
	*len = 0;
	if (sc) {
		xmlSaveDoc(sc, doc);
		xmlSaveClose(sc);
		size_t n = (size_t)xmlBufferLength(xb);
		out = malloc(n + 1);
		if (!out) abort();
		memcpy(out, xmlBufferContent(xb), n);
		out[n] = '\0';
		*len = n;
	}
	xmlBufferFree(xb);
	return out;
}

/* xsd:language shape: 1-8 letters, then -[alnum]{1,8} parts. */
bool epub_valid_lang(const char *tag)
{
	if (!tag || !*tag) return false;
	size_t part = 0;
	bool first = true;
	for (const char *p = tag;; p++) {
		char c = *p;
		if (c == '-' || c == '\0') {
			if (part == 0 || part > 8) return false;
			if (c == '\0') return true;
			part = 0;
			first = false;
			continue;
		}
		bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		bool digit = c >= '0' && c <= '9';
		if (!(alpha || (digit && !first))) return false;
		part++;
	}
}

/* Ids we keep: ASCII XML names (no colon), so they are valid everywhere. */
bool epub_valid_id(const char *id)
{
	if (!id || !*id) return false;
	for (const char *p = id; *p; p++) {
		char c = *p;
		bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
		bool more = (c >= '0' && c <= '9') || c == '-' || c == '.';
		if (!(alpha || (p != id && more))) return false;
	}
	return true;
}

const char *epub_image_type(const unsigned char *d, size_t n, const char **ext)
{
	static const char *const map[][2] = {
	    {"image/png", "png"}, {"image/jpeg", "jpg"}, {"image/gif", "gif"}, {"image/svg+xml", "svg"}};
	const char *t = resource_sniff(d, n);
	for (size_t i = 0; t && i < sizeof map / sizeof *map; i++)
		if (!strcmp(t, map[i][0])) {
			if (ext) *ext = map[i][1];
			return map[i][0];
		}
	return NULL; /* WebP and the rest: epubcheck 4.2.6 wants a fallback */
}
