/* test_jekyll_hostile.c - pathological posts: unclosed Liquid markers by the
 * hundred thousand, unclosed block tags, YAML nesting and size beyond the
 * limits, Markdown and HTML nesting, a megabyte of blank lines. Each must be
 * read (or refused) quickly, without crashing; the suite also runs under
 * AddressSanitizer. Quadratic scans would take minutes here. */
#include <time.h>

#include "test_jekyll_fixture.h"

static double S_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Front matter, then body = prefix + unit * n + suffix. */
static void S_write(fx *f, const char *name, const char *fm, const char *prefix, const char *unit, size_t n,
                    const char *suffix)
{
	quire_buf b = QUIRE_BUF_INIT;
	quire_buf_puts(&b, fm);
	quire_buf_puts(&b, prefix);
	for (size_t i = 0; i < n; i++)
		quire_buf_puts(&b, unit);
	quire_buf_puts(&b, suffix);
	fx_write_n(f, name, b.data, b.len);
	quire_buf_free(&b);
}

/* Reads the post; returns the result, asserting it took under 10 s. */
static quire_result S_read(fx *f, const char *name)
{
	quire_article *a = NULL;
	quire_err err;
	double t0 = S_now();
	quire_result r = fx_read(f, name, NULL, &a, &err);
	double took = S_now() - t0;
	if (took > 10.0) fail_msg("%s took %.1f s", name, took);
	quire_article_free(a);
	return r;
}

#define FM "---\ntitle: t\ndate: 2023-01-01 00:00 +0000\n---\n"

static void test_liquid(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	S_write(&f, "a.md", FM, "", "{{", 200000, "");
	S_write(&f, "b.md", FM, "", "{%", 200000, "");
	S_write(&f, "c.md", FM, "", "{%", 200000, "%}");
	S_write(&f, "d.md", FM, "{% raw %}", "{% x %}", 100000, "");
	S_write(&f, "e.md", FM, "", "{% highlight c %}x", 100000, "");
	S_write(&f, "g.md", FM, "", "{% comment %}", 100000, "");
	S_write(&f, "h.md", FM, "", "{{ page.title | x | y ", 50000, "}}");
	const char *names[] = {"a.md", "b.md", "c.md", "d.md", "e.md", "g.md", "h.md"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		assert_int_equal(S_read(&f, names[i]), QUIRE_OK);
	fx_done(&f);
}

static void test_front_matter(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	S_write(&f, "deep.md", "---\na: ", "", "[", 100000, "\n---\nx\n");
	assert_int_equal(S_read(&f, "deep.md"), QUIRE_OK); /* lenient fallback with a warning */
	S_write(&f, "dashes.md", "---\n", "", "- ", 100000, "x\n---\nx\n");
	assert_int_equal(S_read(&f, "dashes.md"), QUIRE_OK);
	S_write(&f, "maps.md", "---\n", "", "{a: ", 100000, "\n---\nx\n");
	assert_int_equal(S_read(&f, "maps.md"), QUIRE_OK);
	S_write(&f, "huge.md", "---\n", "", "key: value value value value value\n", 40000, "---\nx\n");
	assert_int_equal(S_read(&f, "huge.md"), QUIRE_FAILED); /* over JK_MAX_FRONT_MATTER */
	S_write(&f, "keys.md", "---\n", "", "k: [a, b, c]\n", 20000, "---\nx\n");
	assert_int_equal(S_read(&f, "keys.md"), QUIRE_OK);
	S_write(&f, "blank.md", "", "", "\n", 1000000, "---\ntitle: late\n---\nx\n");
	assert_int_equal(S_read(&f, "blank.md"), QUIRE_OK);
	S_write(&f, "open.md", "---\n", "", "line: x\n", 100000, "");
	assert_int_equal(S_read(&f, "open.md"), QUIRE_FAILED);
	fx_done(&f);
}

static void test_bodies(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	S_write(&f, "stars.md", FM, "", "*a", 100000, "");
	S_write(&f, "links.md", FM, "", "[", 100000, "");
	S_write(&f, "quotes.md", FM, "", "> ", 20000, "deep\n");
	S_write(&f, "divs.md", FM, "", "<div>", 50000, "x");
	S_write(&f, "lines.md", FM, "", "<>\n\n", 100000, "<http://a.example/>\n");
	S_write(&f, "cjk.md", "---\ntitle: \"\"\n---\n", "", "很长的没有句号的文字", 20000, "");
	const char *names[] = {"stars.md", "links.md", "quotes.md", "divs.md", "lines.md", "cjk.md"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		assert_int_equal(S_read(&f, names[i]), QUIRE_OK);
	fx_done(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_liquid),
	    cmocka_unit_test(test_front_matter),
	    cmocka_unit_test(test_bodies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
