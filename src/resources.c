/* resources.c - embeds the images a body references when they are local files
 * inside the input's tree or data: URIs; refuses references that leave the
 * tree. STUB: to be completed by the EPUB work. */
#include "private.h"

void resources_collect(quire_ctx *ctx, quire_article *a)
{
	(void)ctx;
	(void)a;
}
