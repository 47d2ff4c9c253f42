/* textlayout.c - lays an article out as plain text. STUB: to be completed. */
#include "private.h"

void text_render_article(const quire_article *a, int width, unsigned flags, quire_buf *buf)
{
	(void)width;
	(void)flags;
	xmlNodePtr root = quire_article_body_root(a);
	if (!root)
		return;
	xmlChar *t = xmlNodeGetContent(root);
	if (t) {
		quire_buf_puts(buf, (const char *)t);
		xmlFree(t);
	}
}
