/* tree.h - the small libxml2 tree helpers that src/ and every format share
 * (the html reader's dom.c adds its own on top). Not installed. */
#ifndef QUIRE_TREE_H
#define QUIRE_TREE_H

#include <stdbool.h>

#include <libxml/tree.h>

/* True when n is an element named name (local name, any namespace). */
bool tree_is(const xmlNode *n, const char *name);
/* Replaces n by its children and frees n. Returns the first moved child, or
 * n's next sibling when it had none. */
xmlNodePtr tree_hoist(xmlNodePtr n);
/* Puts first, its following siblings and every element below them in the
 * namespace ns (attributes keep theirs); without recursion. */
void tree_set_ns(xmlNodePtr first, xmlNsPtr ns);

#endif
