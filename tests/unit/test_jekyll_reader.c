/* test_jekyll_reader.c - the jekyll reader's table: probe bids (front matter
 * after a BOM and blank lines, .md without front matter, others), which
 * directories are sites, which paths inside a site are posts (_posts at any
 * depth, _drafts only when asked, other "_" folders skipped), and the
 * open/next/close cycle (one article, then EOF). */
#include "test_jekyll_fixture.h"

static int S_bid(const char *path, const char *head)
{
	const quire_reader_ops *r = quire_reader_find("jekyll");
	quire_probe p = {path, (const unsigned char *)head, strlen(head), 0};
	return r->probe(&p);
}

static void test_probe(void **state)
{
	(void)state;
	assert_int_equal(S_bid("a.md", "---\ntitle: x\n---\n"), 80);
	assert_int_equal(S_bid("a.html", "\xEF\xBB\xBF\r\n\n  \n---\r\ntitle: x\r\n"), 80);
	assert_int_equal(S_bid("a.txt", "---   \n"), 80);
	assert_int_equal(S_bid("a.md", "# Just Markdown\n"), 10);
	assert_int_equal(S_bid("a.MARKDOWN", ""), 10);
	assert_int_equal(S_bid("a.html", "<!DOCTYPE html><html>"), 0);
	assert_int_equal(S_bid("a.md", "----\n"), 10);
	assert_int_equal(S_bid("a.txt", "--- not a fence\n"), 0);
	/* the registry picks jekyll for front matter even in .html files */
	quire_probe p = {"x.html", (const unsigned char *)"---\ntitle: t\n---\n<p>x</p>", 24, 0};
	int bid = 0;
	assert_ptr_equal(quire_reader_choose(&p, &bid), quire_reader_find("jekyll"));
}

static void test_tree(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	const quire_reader_ops *r = quire_reader_find("jekyll");
	assert_false(r->claims_tree(f.dir));
	fx_write(&f, "_posts/2023-01-01-a.md", "---\n---\n");
	assert_true(r->claims_tree(f.dir));
	fx_write(&f, "other/_config.yml", "title: x\n");
	char sub[128];
	snprintf(sub, sizeof sub, "%s/other", f.dir);
	assert_true(r->claims_tree(sub));

	struct {
		const char *rel;
		int is_dir, keep, keep_with_drafts;
	} cases[] = {
	    {"_posts", 1, 1, 1},
	    {"_posts/2023-01-01-a.md", 0, 1, 1},
	    {"_posts/2023/2023-01-01-a.markdown", 0, 1, 1},
	    {"_posts/2023-01-01-a.html", 0, 1, 1},
	    {"_posts/photo.png", 0, 0, 0},
	    {"_drafts", 1, 0, 1},
	    {"_drafts/idea.md", 0, 0, 1},
	    {"_site", 1, 0, 0},
	    {"_layouts", 1, 0, 0},
	    {"_includes", 1, 0, 0},
	    {"_sass", 1, 0, 0},
	    {"_data", 1, 0, 0},
	    {"_anything", 1, 0, 0},
	    {"news", 1, 1, 1},
	    {"news/_posts", 1, 1, 1},
	    {"news/_posts/2023-01-01-b.md", 0, 1, 1},
	    {"news/world/_posts/2023-01-01-c.md", 0, 1, 1},
	    {"news/_layouts", 1, 0, 0},
	    {"news/index.md", 0, 0, 0},
	    {"index.md", 0, 0, 0},
	    {"about.html", 0, 0, 0},
	    {"assets", 1, 1, 1},
	    {"assets/photo.png", 0, 0, 0},
	    {"vendor", 1, 0, 0},
	    {"node_modules", 1, 0, 0},
	    /* Jekyll's entry filter: the first folder below _posts and the
	     * file's name must not start with _ . # ~ nor end with ~ */
	    {"_posts/_private/x.md", 0, 0, 0},
	    {"_posts/a/_b/x.md", 0, 1, 1},
	    {"_posts/a/_b", 1, 1, 1},
	    {"_posts/_b", 1, 0, 0},
	    {"_posts/_x.md", 0, 0, 0},
	    {"_posts/#x.md", 0, 0, 0},
	    {"_posts/x.md~", 0, 0, 0},
	    /* any extension for a dated name (built as it is), not other files */
	    {"_posts/2021-01-02-x.text", 0, 1, 1},
	    {"_posts/2021-01-02-x.Rmd", 0, 1, 1},
	    {"_posts/notes.txt", 0, 0, 0},
	};
	quire_options od = {0};
	od.drafts = 1;
	quire_err err;
	quire_ctx *drafts = quire_ctx_new(&od, &err);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		if (r->tree_filter(f.ctx, cases[i].rel, cases[i].is_dir) != cases[i].keep)
			fail_msg("%s: expected %d", cases[i].rel, cases[i].keep);
		if (r->tree_filter(drafts, cases[i].rel, cases[i].is_dir) != cases[i].keep_with_drafts)
			fail_msg("%s with --drafts: expected %d", cases[i].rel, cases[i].keep_with_drafts);
	}
	quire_ctx_free(drafts);
	fx_done(&f);
}

static void test_open_next_close(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	fx_write(&f, "2023-01-01-a.md", "---\ntitle: A\n---\nx\n");
	fx_write(&f, "2023-01-01-b.md", "---\ntitle: B\n");
	const quire_reader_ops *r = quire_reader_find("jekyll");
	char path[256];
	snprintf(path, sizeof path, "%s/2023-01-01-a.md", f.dir);
	quire_source src = {path, f.dir, "2023-01-01-a.md", NULL};
	void *st = NULL;
	quire_err err;
	quire_err_clear(&err);
	assert_int_equal(r->open(f.ctx, &src, &st, &err), QUIRE_OK);
	quire_article *a = NULL;
	assert_int_equal(r->next(st, &a, &err), QUIRE_OK);
	assert_string_equal(quire_article_get(a, QUIRE_TITLE), "A");
	quire_article_free(a);
	assert_int_equal(r->next(st, &a, &err), QUIRE_EOF);
	assert_null(a);
	r->close(st);

	snprintf(path, sizeof path, "%s/2023-01-01-b.md", f.dir);
	quire_source bad = {path, f.dir, "2023-01-01-b.md", NULL};
	assert_int_equal(r->open(f.ctx, &bad, &st, &err), QUIRE_OK);
	assert_int_equal(r->next(st, &a, &err), QUIRE_FAILED);
	assert_null(a);
	assert_non_null(strstr(err.msg, "never closed"));
	assert_int_equal(r->next(st, &a, &err), QUIRE_EOF);
	r->close(st);

	/* bytes the caller has read already are used, not the file: the raw
	 * bytes kept are exactly those */
	static const char given[] = "---\ntitle: Given\n---\ny\n";
	quire_source pre = {
	    path, f.dir, "2023-01-01-b.md", NULL, (const unsigned char *)given, sizeof given - 1};
	assert_int_equal(r->open(f.ctx, &pre, &st, &err), QUIRE_OK);
	assert_int_equal(r->next(st, &a, &err), QUIRE_OK);
	assert_string_equal(quire_article_get(a, QUIRE_TITLE), "Given");
	size_t rawlen = 0;
	const unsigned char *raw = quire_article_raw(a, &rawlen);
	assert_int_equal(rawlen, sizeof given - 1);
	assert_memory_equal(raw, given, rawlen);
	assert_ptr_not_equal(raw, (const unsigned char *)given); /* a copy: the caller keeps its buffer */
	quire_article_free(a);
	r->close(st);

	/* a path leaving the input tree is refused */
	quire_source outside = {"/etc/hostname", f.dir, "hostname", NULL};
	assert_int_equal(r->open(f.ctx, &outside, &st, &err), QUIRE_OK);
	assert_int_equal(r->next(st, &a, &err), QUIRE_FAILED);
	assert_null(a);
	r->close(st);
	fx_done(&f);
}

/* Walking up from a post to its site, from absolute and relative paths. */
static void test_site_find(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	fx_write(&f, "_config.yml", "title: x\n");
	fx_write(&f, "tech/_posts/2023-01-01-z.md", "---\n---\n");
	fx_write(&f, "_posts/2023-01-01-a.md", "---\n---\n");
	fx_write(&f, "a/b/c/d/e/2023-01-01-far.md", "---\n---\n");
	char path[256], old[512];
	assert_non_null(getcwd(old, sizeof old));
	snprintf(path, sizeof path, "%s/tech/_posts/2023-01-01-z.md", f.dir);
	char *s = jk_site_find(path);
	assert_string_equal(s, f.dir);
	free(s);
	snprintf(path, sizeof path, "%s/a/b/c/d/e/2023-01-01-far.md", f.dir); /* 5 levels: too far */
	assert_null(jk_site_find(path));
	snprintf(path, sizeof path, "%s/a/b/c/2023-01-01-far.md", f.dir);
	fx_write(&f, "a/b/c/2023-01-01-far.md", "---\n---\n");
	s = jk_site_find(path); /* 3 levels above the file's folder */
	assert_string_equal(s, f.dir);
	free(s);
	snprintf(path, sizeof path, "%s/tech/_posts", f.dir);
	assert_int_equal(chdir(path), 0);
	s = jk_site_find("2023-01-01-z.md");
	assert_string_equal(s, "../..");
	free(s);
	assert_int_equal(chdir(f.dir), 0);
	s = jk_site_find("_posts/2023-01-01-a.md");
	assert_string_equal(s, ".");
	free(s);
	assert_int_equal(chdir(old), 0);
	fx_done(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_probe),
	    cmocka_unit_test(test_tree),
	    cmocka_unit_test(test_open_next_close),
	    cmocka_unit_test(test_site_find),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
