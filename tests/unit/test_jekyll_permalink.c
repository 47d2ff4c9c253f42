/* test_jekyll_permalink.c - permalink expansion as Jekyll 4 does it: the
 * default (date) style, each named style, custom templates with :categories
 * and :title, the placeholders, escaping, squeezed slashes, slugify modes, and
 * joining with url and baseurl (also through a whole post). Expected values
 * were worked out by hand from Jekyll's URL and UrlDrop rules. */
#include "test_jekyll_fixture.h"

static const char *const S_cats[] = {"News", "Hong Kong"};

static jk_url_parts S_parts(void)
{
	/* 2021-03-07 was a Sunday, ISO week 09, day 66 of the year */
	jk_url_parts p = {S_cats, 2, true, 2021, 3, 7, 9, 5, 4, "My Post.", "2021-03-07-My Post.", ".html"};
	return p;
}

static void S_expect(const char *pattern, const jk_url_parts *p, const char *want)
{
	char *got = jk_permalink_expand(pattern, p, NULL);
	assert_string_equal(got, want);
	free(got);
}

static void test_named_styles(void **state)
{
	(void)state;
	jk_url_parts p = S_parts();
	S_expect("date", &p, "/news/hong%20kong/2021/03/07/My-Post..html");
	S_expect("pretty", &p, "/news/hong%20kong/2021/03/07/My-Post./");
	S_expect("ordinal", &p, "/news/hong%20kong/2021/066/My-Post..html");
	S_expect("weekdate", &p, "/news/hong%20kong/2021/W09/Sun/My-Post..html");
	S_expect("none", &p, "/news/hong%20kong/My-Post..html");
	/* the default style is "date" */
	assert_string_equal(jk_permalink_style("date"), "/:categories/:year/:month/:day/:title:output_ext");
	assert_null(jk_permalink_style("/:title/"));
}

static void test_custom(void **state)
{
	(void)state;
	jk_url_parts p = S_parts();
	S_expect("/:categories/:title/", &p, "/news/hong%20kong/My-Post./");
	S_expect("/:year/:i_month/:i_day/:short_year/:hour-:minute-:second/:slug", &p,
	         "/2021/3/7/21/09-05-04/my-post");
	S_expect(":slugified_categories/:name:output_ext", &p, "/news/hong-kong/2021-03-07-my-post.html");
	S_expect("/:short_month-:long_month/:long_day/", &p, "/Mar-March/Sunday/");
	S_expect("/blog/:title_:year", &p, "/blog/My-Post._2021"); /* ":title_" ends at the "_" */
	S_expect("/about/", &p, "/about/");

	/* no categories: the empty segment collapses */
	p.n_categories = 0;
	S_expect("date", &p, "/2021/03/07/My-Post..html");
	/* no date: date placeholders are empty */
	p.has_date = false;
	S_expect("/:year/:month/:title/", &p, "/My-Post./");

	/* unknown placeholders stay and are reported */
	const char *unknown = NULL;
	const char *pattern = "/:nope/:title";
	char *got = jk_permalink_expand(pattern, &p, &unknown);
	assert_string_equal(got, "/:nope/My-Post.");
	assert_ptr_equal(unknown, pattern + 1);
	free(got);
}

static void test_escaping_and_cjk(void **state)
{
	(void)state;
	const char *const cats[] = {"财经", "A/B"};
	jk_url_parts p = {cats, 2, true, 2022, 5, 29, 0, 0, 0, "新闻 标题，第一", "x", ".html"};
	S_expect("/:categories/:title:output_ext", &p,
	         "/%E8%B4%A2%E7%BB%8F/a/b/%E6%96%B0%E9%97%BB-%E6%A0%87%E9%A2%98-%E7%AC%AC%E4%B8%80.html");
}

static void test_slugify(void **state)
{
	(void)state;
	char *s = jk_slugify("  Hello, World! (2021) ", false, false);
	assert_string_equal(s, "hello-world-2021");
	free(s);
	s = jk_slugify("  Hello, World! (2021) ", true, true);
	assert_string_equal(s, "Hello,-World!-(2021)");
	free(s);
	s = jk_slugify("Ünïcode Straße", false, false);
	assert_string_equal(s, "ünïcode-straße");
	free(s);
	s = jk_slugify("---", true, true);
	assert_string_equal(s, "");
	free(s);
}

static void test_url_join(void **state)
{
	(void)state;
	char *u = jk_url_join("https://example.org/", "/blog/", "/a/b.html");
	assert_string_equal(u, "https://example.org/blog/a/b.html");
	free(u);
	u = jk_url_join("https://example.org", "", "/a/");
	assert_string_equal(u, "https://example.org/a/");
	free(u);
	u = jk_url_join("https://example.org", NULL, "a");
	assert_string_equal(u, "https://example.org/a");
	free(u);
	assert_null(jk_url_join("", "/x", "/a"));
	assert_null(jk_url_join(NULL, "/x", "/a"));
}

static void test_post_urls(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	fx_write(&f, "_config.yml",
	         "url: https://news.example\nbaseurl: /archive\npermalink: pretty\ntimezone: UTC\n");
	fx_write(&f, "_posts/2023-02-01-first-post.md",
	         "---\ntitle: First\ndate: 2023-02-01 10:00:00\n"
	         "categories: Local\n---\nx\n");
	fx_write(&f, "_posts/2023-02-02-second.md",
	         "---\ntitle: Second\npermalink: /:categories/:title.html\n"
	         "categories: [A, B]\nslug: custom slug\n---\nx\n");
	fx_write(&f, "_posts/2023-02-03-third.md",
	         "---\ntitle: Third\ncanonical_url: https://elsewhere.example/3\n---\nx\n");
	quire_article *a = fx_post(&f, "_posts/2023-02-01-first-post.md", "");
	assert_string_equal(quire_article_get(a, QUIRE_URL),
	                    "https://news.example/archive/local/2023/02/01/first-post/");
	quire_article_free(a);
	a = fx_post(&f, "_posts/2023-02-02-second.md", "");
	assert_string_equal(quire_article_get(a, QUIRE_URL),
	                    "https://news.example/archive/a/b/custom-slug.html");
	quire_article_free(a);
	a = fx_post(&f, "_posts/2023-02-03-third.md", "");
	assert_string_equal(quire_article_get(a, QUIRE_URL), "https://elsewhere.example/3");
	quire_article_free(a);
	fx_done(&f);

	/* a loose post: --base-url, default permalink */
	quire_options o = {0};
	o.base_url = "https://loose.example/";
	fx_init_with(&f, &o);
	fx_write(&f, "2023-02-04-note.md", "---\ntitle: Note\n---\nx\n");
	a = fx_post(&f, "2023-02-04-note.md", NULL);
	assert_string_equal(quire_article_get(a, QUIRE_URL), "https://loose.example/2023/02/04/note.html");
	quire_article_free(a);
	fx_done(&f);

	/* no url anywhere: no canonical URL */
	fx_init(&f);
	fx_write(&f, "2023-02-04-note.md", "---\ntitle: Note\n---\nx\n");
	a = fx_post(&f, "2023-02-04-note.md", NULL);
	assert_null(quire_article_get(a, QUIRE_URL));
	quire_article_free(a);
	fx_done(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_named_styles),     cmocka_unit_test(test_custom),
	    cmocka_unit_test(test_escaping_and_cjk), cmocka_unit_test(test_slugify),
	    cmocka_unit_test(test_url_join),         cmocka_unit_test(test_post_urls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
