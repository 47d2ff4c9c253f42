/* test_jekyll_samples.c - samples/site through discovery and the jekyll
 * reader: which files are posts (index.md, _layouts, assets and the draft are
 * not; the draft is with --drafts), the unpublished post is skipped, and each
 * quirk the samples reproduce comes out as it should. */
#include "test_jekyll_fixture.h"
#include "engine.h"

typedef struct found {
	quire_article *a[32];
	size_t n, skipped;
} found;

static void S_read_site(const quire_options *o, found *out)
{
	quire_err err;
	quire_ctx *ctx = quire_ctx_new(o, &err);
	assert_non_null(ctx);
	const char *args[] = {QUIRE_SOURCE_DIR "/samples/site"};
	qinput_list list = {0};
	size_t errors = 0;
	discover_inputs(ctx, args, 1, &list, &errors);
	assert_int_equal(errors, 0);
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < list.n; i++) {
		assert_ptr_equal(qinput_at(&list, i)->claimed_by, quire_reader_find("jekyll"));
		char path[4096];
		quire_source src = {qinput_path(qinput_at(&list, i), path, sizeof path),
		                    qinput_at(&list, i)->root, qinput_at(&list, i)->rel,
		                    qinput_at(&list, i)->site};
		quire_article *a = NULL;
		quire_result r = jk_read_post(ctx, &src, &a, &err);
		if (r == QUIRE_EOF) {
			out->skipped++;
			continue;
		}
		assert_int_equal(r, QUIRE_OK);
		assert_true(out->n < 32);
		out->a[out->n++] = a;
	}
	qinput_list_free(&list);
	quire_ctx_free(ctx);
}

static void S_free(found *f)
{
	for (size_t i = 0; i < f->n; i++)
		quire_article_free(f->a[i]);
}

static quire_article *S_by_name(found *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++) {
		const char *p = quire_article_get(f->a[i], QUIRE_INPUT_PATH);
		if (p && strlen(p) >= strlen(name) && strcmp(p + strlen(p) - strlen(name), name) == 0)
			return f->a[i];
	}
	fail_msg("no article from %s", name);
	return NULL;
}

static void test_which_files(void **state)
{
	(void)state;
	found f;
	quire_options o = {0};
	S_read_site(&o, &f);
	assert_int_equal(f.n, 14);
	assert_int_equal(f.skipped, 1); /* published: false */
	S_free(&f);
	o.drafts = 1;
	o.unpublished = 1;
	S_read_site(&o, &f);
	assert_int_equal(f.n, 16);
	assert_non_null(fx_diag(S_by_name(&f, "_drafts/spring-plans.md"), "draft"));
	S_free(&f);
}

static void test_quirks(void **state)
{
	(void)state;
	found f;
	quire_options o = {0};
	S_read_site(&o, &f);
	char iso[48];
	for (size_t i = 0; i < f.n; i++) {
		assert_string_equal(quire_article_get(f.a[i], QUIRE_SITE_NAME), "山间小报");
		assert_string_equal(quire_article_get(f.a[i], QUIRE_LANG), "zh-CN");
		assert_non_null(strstr(quire_article_get(f.a[i], QUIRE_URL), "https://gazette.example.org/"));
	}
	quire_article *a = S_by_name(&f, "2023-03-06-bridge-vote.md");
	assert_string_equal(quire_article_get(a, QUIRE_TITLE),
	                    "Council says \"not yet\" to the new footbridge");
	assert_non_null(fx_diag(a, "front-matter-lenient"));

	a = S_by_name(&f, "-202303042391921712.md");
	assert_string_equal(fx_published(a, iso, sizeof iso), "2023-03-04");
	assert_non_null(fx_diag(a, "date-from-filename"));
	assert_non_null(fx_diag(a, "title-derived"));
	assert_non_null(fx_diag(a, "empty-autolink"));

	a = S_by_name(&f, "2023-03-05-harbour-ferry.md"); /* CRLF */
	assert_string_equal(quire_article_get(a, QUIRE_TITLE),
	                    "Harbour ferry returns to its summer timetable");
	assert_string_equal(quire_article_get(a, QUIRE_URL),
	                    "https://gazette.example.org/local/transport/2023/03/05/harbour-ferry/");
	assert_string_equal(quire_article_item(a, QUIRE_AUTHORS, 0), "Tom Reed");

	a = S_by_name(&f, "2023-03-06-library-hours.md"); /* BOM, "..." */
	assert_string_equal(quire_article_get(a, QUIRE_TITLE), "Library card now works at the swimming pool");
	assert_string_equal(quire_article_get(a, QUIRE_SUMMARY),
	                    "One card for the library and the pool, from April.");
	assert_string_equal(quire_article_item(a, QUIRE_TAGS, 0), "public services");

	a = S_by_name(&f, "2023-03-05-202303051000000007.md"); /* blank line first, no offset */
	assert_non_null(fx_diag(a, "front-matter-blank-lines"));
	assert_string_equal(fx_published(a, iso, sizeof iso), "2023-03-05T10:00:05+08:00");

	a = S_by_name(&f, "tech/_posts/2023-03-08-liquid-notes.md");
	assert_string_equal(quire_article_item(a, QUIRE_CATEGORIES, 0), "tech");
	assert_non_null(fx_diag(a, "liquid-tag-removed"));

	a = S_by_name(&f, "2023-03-02-202303021100000001.md");
	assert_string_equal(quire_article_get(a, QUIRE_SOURCE_URL),
	                    "http://news.example.com/local/2023/0302/1001.html");
	assert_string_equal(quire_article_get(a, QUIRE_URL),
	                    "https://gazette.example.org/local/2023/03/02/202303021100000001/");
	S_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_which_files),
	    cmocka_unit_test(test_quirks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
