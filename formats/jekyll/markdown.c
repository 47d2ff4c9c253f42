/* markdown.c - Markdown post bodies to HTML with cmark-gfm and its table,
 * strikethrough and autolink extensions (kramdown-compatible as far as
 * cmark-gfm goes; raw HTML passes through). The extension registry is global
 * in cmark-gfm, so it is filled once, under pthread_once. Worse, cmark-gfm
 * adds and removes the extensions' special characters (~ for strikethrough,
 * the autolink triggers) in a process-wide table around every inline parse
 * (cmark_manage_extensions_special_characters), so two parsers running at once
 * see each other's removals: parsing is serialized under S_parse_lock. Output
 * bytes must not depend on --jobs. */
#include <pthread.h>
#include <stdlib.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "jekyll.h"

static pthread_once_t S_registered = PTHREAD_ONCE_INIT;
static pthread_mutex_t S_parse_lock = PTHREAD_MUTEX_INITIALIZER;

static void S_register(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

void jk_markdown_to_html(const char *md, size_t len, quire_buf *out)
{
	static const char *const exts[] = {"table", "strikethrough", "autolink"};
	pthread_once(&S_registered, S_register);
	const int options = CMARK_OPT_UNSAFE;
	pthread_mutex_lock(&S_parse_lock);
	cmark_parser *parser = cmark_parser_new(options);
	if (!parser) abort();
	for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (e) cmark_parser_attach_syntax_extension(parser, e);
	}
	cmark_parser_feed(parser, md, len);
	cmark_node *doc = cmark_parser_finish(parser);
	pthread_mutex_unlock(&S_parse_lock);
	char *html = doc ? cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser)) : NULL;
	if (html) {
		quire_buf_puts(out, html);
		cmark_get_default_mem_allocator()->free(html);
	}
	if (doc) cmark_node_free(doc);
	cmark_parser_free(parser);
}
