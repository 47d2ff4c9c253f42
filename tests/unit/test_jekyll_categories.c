/* test_jekyll_categories.c - Jekyll's category and tag rules: YAML lists,
 * space-separated strings (plural keys) and single values (singular keys;
 * tag wins over tags, category adds to categories),
 * the folders above _posts first, duplicates once; authors from the post or
 * the site. */
#include "test_jekyll_fixture.h"

static void S_expect(const quire_article *a, quire_list l, const char *const *want)
{
	size_t n = 0;
	while (want[n])
		n++;
	assert_int_equal(quire_article_count(a, l), n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(quire_article_item(a, l, i), want[i]);
}

static void test_lists_and_strings(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	fx_write(&f, "a.md",
	         "---\ntitle: A\ncategories: [News, World]\ntags:\n  - one\n  - two words\n---\nx\n");
	quire_article *a = fx_post(&f, "a.md", NULL);
	S_expect(a, QUIRE_CATEGORIES, (const char *const[]){"News", "World", NULL});
	S_expect(a, QUIRE_TAGS, (const char *const[]){"one", "two words", NULL});
	quire_article_free(a);

	fx_write(&f, "b.md", "---\ntitle: B\ncategories: emnews  markets\ntags: 东财滚动新闻 快讯\n---\nx\n");
	a = fx_post(&f, "b.md", NULL);
	S_expect(a, QUIRE_CATEGORIES, (const char *const[]){"emnews", "markets", NULL});
	S_expect(a, QUIRE_TAGS, (const char *const[]){"东财滚动新闻", "快讯", NULL});
	quire_article_free(a);

	/* singular keys are one value each, spaces included */
	fx_write(&f, "c.md", "---\ntitle: C\ncategory: public services\ntag: night bus\ntags: bus\n---\nx\n");
	a = fx_post(&f, "c.md", NULL);
	S_expect(a, QUIRE_CATEGORIES, (const char *const[]){"public services", NULL});
	S_expect(a, QUIRE_TAGS, (const char *const[]){"night bus", NULL}); /* tag wins over tags */
	quire_article_free(a);

	/* numbers are strings; nulls and maps are ignored */
	fx_write(&f, "d.md", "---\ntitle: D\ncategories: [2021, ~, {a: b}]\ntags:\n---\nx\n");
	a = fx_post(&f, "d.md", NULL);
	S_expect(a, QUIRE_CATEGORIES, (const char *const[]){"2021", NULL});
	S_expect(a, QUIRE_TAGS, (const char *const[]){NULL});
	quire_article_free(a);
	fx_done(&f);
}

static void test_folders_above_posts(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	fx_write(&f, "_config.yml", "title: S\nurl: https://s.example\n");
	fx_write(&f, "news/world/_posts/2023-01-01-x.md", "---\ntitle: X\ncategories: world extra\n---\nx\n");
	quire_article *a = fx_post(&f, "news/world/_posts/2023-01-01-x.md", "");
	S_expect(a, QUIRE_CATEGORIES, (const char *const[]){"news", "world", "extra", NULL});
	assert_string_equal(quire_article_get(a, QUIRE_URL),
	                    "https://s.example/news/world/extra/2023/01/01/x.html");
	quire_article_free(a);

	/* folders below _posts are not categories */
	fx_write(&f, "_posts/2023/2023-01-02-y.md", "---\ntitle: Y\n---\nx\n");
	a = fx_post(&f, "_posts/2023/2023-01-02-y.md", "");
	S_expect(a, QUIRE_CATEGORIES, (const char *const[]){NULL});
	quire_article_free(a);

	/* found by walking up from a loose file: still a site post */
	fx_write(&f, "tech/_posts/2023-01-03-z.md", "---\ntitle: Z\n---\nx\n");
	a = fx_post(&f, "tech/_posts/2023-01-03-z.md", NULL);
	S_expect(a, QUIRE_CATEGORIES, (const char *const[]){"tech", NULL});
	assert_string_equal(quire_article_get(a, QUIRE_URL), "https://s.example/tech/2023/01/03/z.html");
	assert_string_equal(quire_article_get(a, QUIRE_SITE_NAME), "S");
	quire_article_free(a);
	fx_done(&f);
}

static void test_authors(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	fx_write(&f, "_config.yml", "author:\n  name: Site Owner\n  email: o@example.org\n");
	fx_write(&f, "_posts/2023-01-01-a.md", "---\ntitle: A\n---\nx\n");
	fx_write(&f, "_posts/2023-01-01-b.md", "---\ntitle: B\nauthor: Ann Lee\n---\nx\n");
	fx_write(&f, "_posts/2023-01-01-c.md", "---\ntitle: C\nauthors: [Bo, {name: Cy}]\n---\nx\n");
	quire_article *a = fx_post(&f, "_posts/2023-01-01-a.md", "");
	S_expect(a, QUIRE_AUTHORS, (const char *const[]){"Site Owner", NULL});
	quire_article_free(a);
	a = fx_post(&f, "_posts/2023-01-01-b.md", "");
	S_expect(a, QUIRE_AUTHORS, (const char *const[]){"Ann Lee", NULL});
	quire_article_free(a);
	a = fx_post(&f, "_posts/2023-01-01-c.md", "");
	S_expect(a, QUIRE_AUTHORS, (const char *const[]){"Bo", "Cy", NULL});
	quire_article_free(a);
	fx_done(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lists_and_strings),
	    cmocka_unit_test(test_folders_above_posts),
	    cmocka_unit_test(test_authors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
