/* jsonl/xhtml.c - the body tree serialized as XHTML (namespaced, well-formed
 * XML, no HTML-only entities): the jsonl "xhtml" and the WARC writer's XHTML
 * conversion record. It never modifies the article (the tree is copied when it
 * must change: chrome left out, namespace set). */
#include <stdbool.h>
#include <string.h>

#include <libxml/xmlsave.h>

#include "jsonl.h"

#define XHTML_NS "http://www.w3.org/1999/xhtml"

static void S_remove_chrome(xmlNodePtr n)
{
	xmlNodePtr c = n->children;
	while (c) {
		xmlNodePtr next = c->next;
		if (quire_node_is_chrome(c)) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		} else if (c->type == XML_ELEMENT_NODE) {
			S_remove_chrome(c);
		}
		c = next;
	}
}

/* True when no element under root has a namespace and root declares none:
 * then the tree serializes as XHTML with one xmlns added to the root. */
static bool S_ns_free(const xmlNode *root)
{
	if (root->nsDef) return false;
	for (const xmlNode *n = root; n; n = limits_tree_next(root, n))
		if (n->type == XML_ELEMENT_NODE && n->ns) return false;
	return true;
}

void body_to_xhtml(const quire_article *a, bool skip_chrome, quire_buf *buf)
{
	xmlNodePtr root = quire_article_body_root(a);
	if (!root) return;
	if (!skip_chrome && S_ns_free(root)) {
		/* the body as it is, without a copy (a 50 MB post's tree is ~250 MB):
		 * the same bytes as the copy in the XHTML namespace below */
		size_t start = buf->len, name = strlen((const char *)root->name) + 1;
		/* the copy's document declares no encoding, so libxml2 writes
		 * non-ASCII attribute values as character references: the same here
		 * (the document is restored at once; one thread owns the article) */
		xmlDocPtr d = root->doc;
		const xmlChar *enc = d ? d->encoding : NULL;
		if (d) d->encoding = NULL;
		xml_append_node(buf, root);
		if (d) d->encoding = enc;
		static const char xmlns[] = " xmlns=\"" XHTML_NS "\"";
		if (buf->len - start > name) {
			quire_buf_append(buf, xmlns, sizeof xmlns - 1); /* room, then moved in place */
			memmove(buf->data + start + name + sizeof xmlns - 1, buf->data + start + name,
			        buf->len - (sizeof xmlns - 1) - start - name);
			memcpy(buf->data + start + name, xmlns, sizeof xmlns - 1);
		}
		return;
	}
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr copy = xmlDocCopyNode(root, doc, 1);
	xmlDocSetRootElement(doc, copy);
	if (skip_chrome) S_remove_chrome(copy);
	xmlNsPtr ns = xmlNewNs(copy, BAD_CAST XHTML_NS, NULL);
	tree_set_ns(copy, ns);
	xml_append_node(buf, copy);
	xmlFreeDoc(doc);
}

static int S_buf_write(void *ctx, const char *data, int len)
{
	quire_buf_append(ctx, data, (size_t)len);
	return len;
}

void xml_append_node(quire_buf *buf, xmlNodePtr node)
{
	/* straight into buf: no intermediate xmlBuffer copy */
	xmlSaveCtxtPtr sc = xmlSaveToIO(S_buf_write, NULL, buf, "UTF-8", XML_SAVE_NO_DECL | XML_SAVE_AS_XML);
	if (sc) {
		xmlSaveTree(sc, node);
		xmlSaveClose(sc);
	}
}
