/* read_jekyll.c - the jekyll reader's table: the probe (a "---" first line),
 * which trees are Jekyll sites and which of their files are posts, and the
 * open/next/close handle (one article per file). The post itself is read by
 * formats/jekyll/post.c; front matter, Liquid, permalinks and Markdown live
 * beside it in formats/jekyll/. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jekyll/jekyll.h"

static bool S_has_ext(const char *path, const char *const *exts)
{
	const char *base = strrchr(path, '/');
	const char *dot = strrchr(base ? base : path, '.');
	if (!dot) return false;
	for (; *exts; exts++)
		if (strcasecmp(dot, *exts) == 0) return true;
	return false;
}

static const char *const S_markdown_exts[] = {".md", ".markdown", ".mkd", ".mkdn", ".mdown", ".mdwn", NULL};
static const char *const S_post_exts[] = {".md",   ".markdown", ".mkd", ".mkdn", ".mdown",
                                          ".mdwn", ".html",     ".htm", NULL};

/* A file name "YYYY-MM-DD-title.ext", as Jekyll wants every post's: with
 * another extension (.text, .Rmd) it is a post built as it is. */
static bool S_dated_name(const char *rel)
{
	const char *b = strrchr(rel, '/');
	b = b ? b + 1 : rel;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? b[i] != '-' : (b[i] < '0' || b[i] > '9')) return false;
	return b[10] == '-' && strchr(b + 11, '.') != NULL;
}

/* Names Jekyll's entry filter leaves out ("_x.md", ".x", "#x.md#", "x.md~"). */
static bool S_ignored_name(const char *s, size_t n)
{
	return n && (s[0] == '_' || s[0] == '.' || s[0] == '#' || s[0] == '~' || s[n - 1] == '~');
}

/* A "---" line first (after a BOM and blank lines): front matter. */
static int S_probe(const quire_probe *p)
{
	const unsigned char *s = p->head, *end = p->head + p->head_len;
	if (end - s >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3;
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		s++;
	if (end - s >= 3 && memcmp(s, "---", 3) == 0) {
		const unsigned char *t = s + 3;
		while (t < end && (*t == ' ' || *t == '\t'))
			t++;
		if (t == end || *t == '\n' || *t == '\r') return 80;
	}
	return S_has_ext(p->path, S_markdown_exts) ? 10 : 0;
}

static int S_claims_tree(const char *dir)
{
	return jk_site_claims(dir);
}

/* A site's generated output, wherever it lies: never an input. */
static int S_skips_dir(const char *name)
{
	return strcmp(name, "_site") == 0;
}

/* Inside a site: posts under _posts (and _drafts when asked) at any depth below
 * ordinary folders; other "_" folders, vendor and node_modules are skipped.
 * Below _posts, any extension (Jekyll builds .text or .Rmd posts as they
 * are; files without front matter find no reader), but not the names
 * Jekyll ignores. */
static int S_tree_filter(quire_ctx *ctx, const char *rel, int is_dir)
{
	const quire_options *o = quire_ctx_options(ctx);
	bool in_posts = false, first_below = false;
	const char *s = rel;
	while (*s) {
		size_t n = strcspn(s, "/");
		bool last = s[n] == '\0';
		/* Jekyll's entry filter looks at the path below _posts: its first
		 * folder and the file's own name ("_x/a.md", "_a.md", "#a.md#") */
		if (in_posts && (first_below || (last && !is_dir)) && S_ignored_name(s, n)) return 0;
		first_below = false;
		if (!in_posts && (!last || is_dir)) {
			if (n == 6 && memcmp(s, "_posts", 6) == 0)
				in_posts = first_below = true;
			else if (n == 7 && memcmp(s, "_drafts", 7) == 0 && o->drafts)
				in_posts = first_below = true;
			else if (s[0] == '_' || (n == 6 && memcmp(s, "vendor", 6) == 0) ||
			         (n == 12 && memcmp(s, "node_modules", 12) == 0))
				return 0;
		}
		s += n;
		while (*s == '/')
			s++;
	}
	if (is_dir) return 1;
	return in_posts && (S_has_ext(rel, S_post_exts) || S_dated_name(rel));
}

typedef struct reader {
	quire_ctx *ctx;
	const quire_source *src;
	bool done;
} reader;

static quire_result S_open(quire_ctx *ctx, const quire_source *src, void **state, quire_err *err)
{
	reader *r = calloc(1, sizeof *r);
	if (!r) {
		*state = NULL;
		return quire_err_set(err, QUIRE_FATAL, "out of memory");
	}
	r->ctx = ctx;
	r->src = src;
	*state = r;
	return QUIRE_OK;
}

static quire_result S_next(void *state, quire_article **out, quire_err *err)
{
	reader *r = state;
	*out = NULL;
	if (r->done) return QUIRE_EOF;
	r->done = true;
	return jk_read_post(r->ctx, r->src, out, err);
}

static void S_close(void *state)
{
	free(state);
}

const quire_reader_ops quire_read_jekyll = {
    .name = "jekyll",
    .description = "Jekyll posts and sites: YAML front matter, Markdown or HTML bodies, _config.yml",
    .extensions = ".md .markdown .html",
    .probe = S_probe,
    .claims_tree = S_claims_tree,
    .tree_filter = S_tree_filter,
    .open = S_open,
    .next = S_next,
    .close = S_close,
    .skips_dir = S_skips_dir,
};
