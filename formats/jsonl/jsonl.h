/* jsonl/jsonl.h - the jsonl writer's helpers that other formats use: the body
 * serialized as XHTML (jsonl/xhtml.c; the WARC writer's XHTML conversion). The
 * model's JSON dump itself is public (quire_article_to_json, jsonl/dump.c).
 * Internal to libquire's formats. */
#ifndef QUIRE_FORMATS_JSONL_H
#define QUIRE_FORMATS_JSONL_H
#include <stdbool.h>

#include "../../src/internal.h"

/* Serializes the body's children as XHTML (namespaced well-formed XML, no
 * HTML-only entities) into buf. skip_chrome leaves out site-chrome elements. */
void body_to_xhtml(const quire_article *a, bool skip_chrome, quire_buf *buf);
/* Appends node serialized as XML (UTF-8, no declaration) to buf. */
void xml_append_node(quire_buf *buf, xmlNodePtr node);
#endif
