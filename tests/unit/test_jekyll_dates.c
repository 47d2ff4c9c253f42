/* test_jekyll_dates.c - where a post's date comes from: the front matter (with
 * or without offset; the zone from _config.yml, else --timezone, else UTC, and
 * a diagnostic saying which), else the YYYY-MM-DD- file name, else the digits
 * that start the file name, else none - each fallback with a warning. */
#include "test_jekyll_fixture.h"

#define SITE_CONFIG "title: T\ntimezone: Asia/Shanghai\nurl: https://example.org\n"

static void S_site(fx *f)
{
	fx_write(f, "_config.yml", SITE_CONFIG);
}

static void test_front_matter_offsets(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	S_site(&f);
	char iso[48], utc[32];
	fx_write(&f, "_posts/2021-12-08-a.md", "---\ntitle: A\ndate: 2021-12-08 10:19:17 +0800\n---\nx\n");
	quire_article *a = fx_post(&f, "_posts/2021-12-08-a.md", "");
	assert_string_equal(fx_published(a, iso, sizeof iso), "2021-12-08T10:19:17+08:00");
	assert_null(fx_diag(a, "date-zone"));
	assert_int_equal(quire_article_warning_count(a), 0);
	quire_article_free(a);

	fx_write(&f, "_posts/2021-12-08-b.md", "---\ntitle: B\ndate: 2021-12-08 10:18:31\n---\nx\n");
	a = fx_post(&f, "_posts/2021-12-08-b.md", "");
	assert_string_equal(fx_published(a, iso, sizeof iso), "2021-12-08T10:18:31+08:00");
	assert_string_equal(quire_time_utc(quire_article_time(a, QUIRE_PUBLISHED), utc, sizeof utc),
	                    "2021-12-08T02:18:31Z");
	const quire_diag *d = fx_diag(a, "date-zone");
	assert_non_null(d);
	assert_int_equal(d->level, QUIRE_LEVEL_INFO);
	assert_string_equal(
	    d->message,
	    "date \"2021-12-08 10:18:31\" has no UTC offset; took Asia/Shanghai from the site's timezone");
	assert_int_equal(quire_article_warning_count(a), 0);
	quire_article_free(a);

	/* a written offset wins over the site's zone for the date kept; the URL
	 * files it in the site's zone, as Jekyll does (12:30 on the 9th in
	 * Shanghai) */
	fx_write(&f, "_posts/2021-12-08-c.md", "---\ntitle: C\ndate: 2021-12-08T23:30:00-05:00\n---\nx\n");
	a = fx_post(&f, "_posts/2021-12-08-c.md", "");
	assert_string_equal(fx_published(a, iso, sizeof iso), "2021-12-08T23:30:00-05:00");
	assert_string_equal(quire_article_get(a, QUIRE_URL), "https://example.org/2021/12/09/c.html");
	quire_article_free(a);
	fx_done(&f);
}

static void test_bad_date_falls_back_to_file_name(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	S_site(&f);
	char iso[48], utc[32];
	fx_write(&f, "_posts/2021-12-08-d.md", "---\ntitle: D\ndate:  +0800\n---\nx\n");
	quire_article *a = fx_post(&f, "_posts/2021-12-08-d.md", "");
	const quire_diag *bad = fx_diag(a, "bad-date"), *fn = fx_diag(a, "date-from-filename");
	assert_non_null(bad);
	assert_string_equal(bad->message, "front matter date \"+0800\" is not a date");
	assert_non_null(fn);
	assert_int_equal(fn->level, QUIRE_LEVEL_WARNING);
	assert_string_equal(fn->message, "date 2021-12-08 taken from the file name");
	const quire_time *t = quire_article_time(a, QUIRE_PUBLISHED);
	assert_int_equal(t->precision, QUIRE_PREC_DATE);
	assert_string_equal(fx_published(a, iso, sizeof iso), "2021-12-08");
	assert_int_equal(t->offset, 8 * 3600);
	assert_string_equal(quire_time_utc(t, utc, sizeof utc), "2021-12-07T16:00:00Z"); /* local midnight */
	quire_article_free(a);

	/* no date key at all: the file name, with the same warning */
	fx_write(&f, "_posts/2022-02-03-e.md", "---\ntitle: E\n---\nx\n");
	a = fx_post(&f, "_posts/2022-02-03-e.md", "");
	assert_null(fx_diag(a, "bad-date"));
	assert_non_null(fx_diag(a, "date-from-filename"));
	assert_string_equal(fx_published(a, iso, sizeof iso), "2022-02-03");
	quire_article_free(a);
	fx_done(&f);
}

static void test_digits_and_none(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	S_site(&f);
	char iso[48];
	fx_write(&f, "_posts/-202205262391921712.md", "---\ntitle: \"\"\ndate:  +0800\n---\nBody text.\n");
	quire_article *a = fx_post(&f, "_posts/-202205262391921712.md", "");
	const quire_diag *d = fx_diag(a, "date-from-filename");
	assert_non_null(d);
	assert_string_equal(d->message, "date 2022-05-26 taken from the digits that start the file name");
	assert_string_equal(fx_published(a, iso, sizeof iso), "2022-05-26");
	assert_string_equal(quire_article_get(a, QUIRE_URL),
	                    "https://example.org/2022/05/26/202205262391921712.html");
	quire_article_free(a);

	fx_write(&f, "_posts/-202213992391921712.md", "---\ntitle: bad month\n---\nx\n");
	a = fx_post(&f, "_posts/-202213992391921712.md", "");
	assert_non_null(fx_diag(a, "no-date"));
	assert_int_equal(quire_article_time(a, QUIRE_PUBLISHED)->precision, QUIRE_PREC_NONE);
	quire_article_free(a);

	fx_write(&f, "_posts/about.md", "---\ntitle: About\n---\nx\n");
	a = fx_post(&f, "_posts/about.md", "");
	assert_non_null(fx_diag(a, "no-date"));
	assert_null(fx_diag(a, "date-from-filename"));
	assert_int_equal(quire_article_time(a, QUIRE_PUBLISHED)->precision, QUIRE_PREC_NONE);
	assert_string_equal(quire_article_get(a, QUIRE_URL), "https://example.org/about.html");
	quire_article_free(a);
	fx_done(&f);
}

static void test_zone_defaults(void **state)
{
	(void)state;
	char iso[48];
	/* a loose post: --timezone */
	quire_options o = {0};
	o.timezone = "+05:30";
	fx f;
	fx_init_with(&f, &o);
	fx_write(&f, "loose.md", "---\ntitle: L\ndate: 2023-04-01 07:30\n---\nx\n");
	quire_article *a = fx_post(&f, "loose.md", NULL);
	assert_string_equal(fx_published(a, iso, sizeof iso), "2023-04-01T07:30+05:30");
	const quire_diag *d = fx_diag(a, "date-zone");
	assert_non_null(d);
	assert_int_equal(d->level, QUIRE_LEVEL_INFO);
	assert_non_null(strstr(d->message, "took +05:30 from --timezone"));
	quire_article_free(a);

	/* the site's timezone wins over --timezone */
	S_site(&f);
	fx_write(&f, "_posts/2023-04-01-s.md", "---\ntitle: S\ndate: 2023-04-01 07:30\n---\nx\n");
	a = fx_post(&f, "_posts/2023-04-01-s.md", "");
	assert_string_equal(fx_published(a, iso, sizeof iso), "2023-04-01T07:30+08:00");
	quire_article_free(a);
	fx_done(&f);

	/* nothing configured: UTC, and that is a warning */
	fx_init(&f);
	fx_write(&f, "loose.md", "---\ntitle: L\ndate: 2023-04-01 07:30:09\n---\nx\n");
	a = fx_post(&f, "loose.md", NULL);
	assert_string_equal(fx_published(a, iso, sizeof iso), "2023-04-01T07:30:09Z");
	d = fx_diag(a, "date-zone");
	assert_non_null(d);
	assert_int_equal(d->level, QUIRE_LEVEL_WARNING);
	quire_article_free(a);
	fx_done(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_front_matter_offsets),
	    cmocka_unit_test(test_bad_date_falls_back_to_file_name),
	    cmocka_unit_test(test_digits_and_none),
	    cmocka_unit_test(test_zone_defaults),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
