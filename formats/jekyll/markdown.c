/* markdown.c - Markdown post bodies to HTML with cmark-gfm and its table,
 * strikethrough, autolink and tasklist extensions and footnotes (kramdown-compatible as far as
 * cmark-gfm goes; raw HTML passes through). Output bytes must not depend on
 * --jobs, and parsers run on every worker thread at once.
 *
 * cmark-gfm keeps two things process-wide. The extension registry, filled
 * once under pthread_once. And the table of special inline characters: around
 * every inline parse (also of each table row) cmark_manage_extensions_special_
 * characters adds the attached extensions' characters (~ for strikethrough,
 * the autolink triggers) to that table and removes them afterwards, so a
 * parser that ends removes them under another one still parsing, whose
 * ~~struck~~ text or www.links then stay plain. So:
 * - autolink: once, quire adds its characters for good and empties the
 *   extension's list of them, so no parse adds or removes them any more
 *   (every parse here attaches autolink, so the table is what each parse
 *   would have set up; autolink finds its triggers through its match
 *   function, not through that list). The emptied list, a few bytes the
 *   registration allocated, is unreachable from then on: LeakSanitizer is
 *   told (allocated with leak checking off), tests/cli/valgrind.sh
 *   suppresses it.
 * - strikethrough: its list must stay, cmark-gfm finds the extension of a ~
 *   delimiter through it, so every parse still adds and removes ~. A text
 *   without a ~ never looks the character up, so such parses run together
 *   (read lock), and a text with a ~ parses alone (write lock). Posts with a
 *   ~ are rare (none in the finews corpus). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include "jekyll.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define QUIRE_LSAN 1
#endif
#endif
#if !defined(QUIRE_LSAN) && defined(__SANITIZE_ADDRESS__)
#define QUIRE_LSAN 1
#endif
#ifdef QUIRE_LSAN
#include <sanitizer/lsan_interface.h>
#endif

static const char *const S_exts[] = {"table", "strikethrough", "autolink", "tagfilter", "tasklist"};
static pthread_once_t S_registered = PTHREAD_ONCE_INIT;
/* Writer-preferring where glibc offers it, so a post with a ~ is not kept
 * waiting while parses without one keep overlapping. */
#ifdef PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP
static pthread_rwlock_t S_tilde_lock = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
#else
static pthread_rwlock_t S_tilde_lock = PTHREAD_RWLOCK_INITIALIZER;
#endif

static void S_attach(cmark_parser *parser)
{
	for (size_t i = 0; i < sizeof S_exts / sizeof *S_exts; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(S_exts[i]);
		if (e) cmark_parser_attach_syntax_extension(parser, e);
	}
}

static void S_register(void)
{
#ifdef QUIRE_LSAN
	__lsan_disable();
#endif
	cmark_gfm_core_extensions_ensure_registered();
#ifdef QUIRE_LSAN
	__lsan_enable();
#endif
	cmark_syntax_extension *autolink = cmark_find_syntax_extension("autolink");
	if (!autolink) return;
	cmark_parser *parser = cmark_parser_new(CMARK_OPT_DEFAULT);
	if (!parser) abort();
	cmark_parser_attach_syntax_extension(parser, autolink);
	cmark_manage_extensions_special_characters(parser, 1); /* for good */
	cmark_parser_free(parser);
	cmark_syntax_extension_set_special_inline_chars(autolink, NULL);
}

/* Lines of more than JK_MAX_TABLE_CELLS cells get their '|' escaped into
 * esc; returns how many (0: esc untouched, md used as it is). */
static size_t S_tame_tables(const char *md, size_t len, quire_buf *esc)
{
	size_t wide = 0, done = 0;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(md + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - md) + 1 : len, pipes = 0;
		for (size_t k = i; k < end && pipes <= JK_MAX_TABLE_CELLS; k++)
			pipes += md[k] == '|';
		if (pipes > JK_MAX_TABLE_CELLS) {
			quire_buf_append(esc, md + done, i - done);
			for (size_t k = i; k < end; k++) {
				if (md[k] == '|' && (k == i || md[k - 1] != '\\')) quire_buf_putc(esc, '\\');
				quire_buf_putc(esc, md[k]);
			}
			done = end;
			wide++;
		}
		i = end;
	}
	if (wide) quire_buf_append(esc, md + done, len - done);
	return wide;
}

/* Appends cmark-gfm's HTML with task list boxes as the characters ☐ and ☑
 * (the clean body keeps no form controls; the state is text worth keeping). */
static void S_put_html(quire_buf *out, const char *html)
{
	static const char box[] = "<input type=\"checkbox\"";
	for (const char *s = html, *b; *s; s = b) {
		b = strstr(s, box);
		if (!b) {
			quire_buf_puts(out, s);
			return;
		}
		quire_buf_append(out, s, (size_t)(b - s));
		const char *end = strchr(b, '>');
		if (!end) {
			quire_buf_puts(out, b);
			return;
		}
		bool checked = memmem(b, (size_t)(end - b), "checked", 7) != NULL;
		quire_buf_puts(out, checked ? "\u2611" : "\u2610");
		b = end + 1;
	}
}

size_t jk_markdown_to_html(const char *md, size_t len, quire_buf *out)
{
	quire_buf esc = QUIRE_BUF_INIT;
	size_t wide = S_tame_tables(md, len, &esc);
	if (wide) {
		md = esc.data;
		len = esc.len;
	}
	pthread_once(&S_registered, S_register);
	/* footnotes ([^1]) as kramdown and GFM have them */
	const int options = CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES;
	const int alone = len && memchr(md, '~', len) != NULL;
	if (alone)
		pthread_rwlock_wrlock(&S_tilde_lock);
	else
		pthread_rwlock_rdlock(&S_tilde_lock);
	cmark_parser *parser = cmark_parser_new(options);
	if (!parser) abort();
	S_attach(parser);
	cmark_parser_feed(parser, md, len);
	cmark_node *doc = cmark_parser_finish(parser);
	pthread_rwlock_unlock(&S_tilde_lock);
	char *html = doc ? cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser)) : NULL;
	if (html) {
		S_put_html(out, html);
		cmark_get_default_mem_allocator()->free(html);
	}
	if (doc) cmark_node_free(doc);
	cmark_parser_free(parser);
	quire_buf_free(&esc);
	return wide;
}
