/* tree.c - the small libxml2 tree helpers shared by src/ and formats/
 * (tree.h). No policy lives here. */
#include <string.h>

#include "internal.h"
#include "tree.h"

bool tree_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

xmlNodePtr tree_hoist(xmlNodePtr n)
{
	xmlNodePtr first = n->children, next = n->next;
	for (xmlNodePtr c = n->children, nx; c; c = nx) {
		nx = c->next;
		xmlUnlinkNode(c);
		xmlAddPrevSibling(n, c);
	}
	xmlUnlinkNode(n);
	xmlFreeNode(n);
	return first ? first : next;
}

void tree_set_ns(xmlNodePtr first, xmlNsPtr ns)
{
	for (xmlNodePtr s = first; s; s = s->next)
		for (xmlNodePtr n = s; n; n = limits_tree_next(s, n))
			if (n->type == XML_ELEMENT_NODE) n->ns = ns;
}
