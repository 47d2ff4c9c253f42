/* test_jekyll_post.c - a whole post through the jekyll reader: titles derived
 * when missing (heading, first sentence, file name) with a warning, the source
 * line, empty autolinks, summaries (description, first paragraph,
 * excerpt_separator), Markdown vs .html bodies, lang, published: false,
 * drafts, a broken _config.yml, provenance. */
#include "test_jekyll_fixture.h"

static char *S_xhtml(const quire_article *a)
{
	quire_buf b = QUIRE_BUF_INIT;
	body_to_xhtml(a, false, &b);
	return quire_buf_detach(&b, NULL);
}

static void test_derived_titles(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	fx_write(&f, "h.md", "---\ntitle: \"\"\n---\nIntro.\n\n## The heading\n\nMore.\n");
	quire_article *a = fx_post(&f, "h.md", NULL);
	assert_string_equal(quire_article_get(a, QUIRE_TITLE), "The heading");
	const quire_diag *d = fx_diag(a, "title-derived");
	assert_non_null(d);
	assert_string_equal(d->message,
	                    "the front matter title is empty; took the first heading \"The heading\"");
	quire_article_free(a);

	/* CJK: the first sentence, at most 40 characters, cut at a comma */
	fx_write(
	    &f, "s.md",
	    "---\ndate: 2023-01-01\n---\n> 据镇气象站消息，3月4日夜间至5日白天，全镇将出现一次明显降温过程，"
	    "最低气温降至零下2摄氏度。气象站提醒。\n");
	a = fx_post(&f, "s.md", NULL);
	assert_string_equal(quire_article_get(a, QUIRE_TITLE),
	                    "据镇气象站消息，3月4日夜间至5日白天，全镇将出现一次明显降温过程，…");
	d = fx_diag(a, "title-derived");
	assert_non_null(strstr(
	    d->message, "the front matter has no title; took the first sentence of the body (shortened)"));
	quire_article_free(a);

	fx_write(&f, "short.md",
	         "---\ntitle:\n---\n<p style=\"display:none\">hidden</p><p>Short one. Then more.</p>\n");
	a = fx_post(&f, "short.md", NULL);
	assert_string_equal(quire_article_get(a, QUIRE_TITLE), "Short one.");
	quire_article_free(a);

	fx_write(&f, "2023-01-01-empty-body.md", "---\ntitle: \" \"\n---\n\n");
	a = fx_post(&f, "2023-01-01-empty-body.md", NULL);
	assert_string_equal(quire_article_get(a, QUIRE_TITLE), "empty-body");
	assert_non_null(strstr(fx_diag(a, "title-derived")->message, "took the file name \"empty-body\""));
	quire_article_free(a);
	fx_done(&f);
}

static void test_source_line_and_trailer(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	fx_write(&f, "p.md",
	         "---\ntitle: P\n---\nText <http://inline.example/x> here.\n\n"
	         "<http://source.example/news/1,2.html>\n\n<>\n\n"
	         "[返回列表](../list/)｜[返回首页](//site.example/)\n");
	quire_article *a = fx_post(&f, "p.md", NULL);
	assert_string_equal(quire_article_get(a, QUIRE_SOURCE_URL), "http://source.example/news/1,2.html");
	assert_non_null(fx_diag(a, "empty-autolink"));
	char *x = S_xhtml(a);
	assert_null(strstr(x, "&lt;&gt;"));
	assert_non_null(strstr(x, "<a href=\"http://source.example/news/1,2.html\">")); /* kept in the body */
	free(x);
	quire_article_free(a);

	/* an autolink inside a paragraph is not a source line */
	fx_write(&f, "q.md", "---\ntitle: Q\n---\nSee <http://a.example/> now.\n");
	a = fx_post(&f, "q.md", NULL);
	assert_null(quire_article_get(a, QUIRE_SOURCE_URL));
	quire_article_free(a);
	fx_done(&f);
}

static void test_summaries(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	fx_write(&f, "d.md", "---\ntitle: D\ndescription: Given summary.\n---\nFirst para.\n\nSecond.\n");
	quire_article *a = fx_post(&f, "d.md", NULL);
	assert_string_equal(quire_article_get(a, QUIRE_SUMMARY), "Given summary.");
	quire_article_free(a);

	fx_write(&f, "e.md", "---\ntitle: E\n---\n\n\nFirst *para*\ncontinues.\n\nSecond.\n");
	a = fx_post(&f, "e.md", NULL);
	assert_string_equal(quire_article_get(a, QUIRE_SUMMARY), "First para continues.");
	quire_article_free(a);

	fx_write(&f, "s.md",
	         "---\ntitle: S\nexcerpt_separator: <!--more-->\n---\nOne.\n\nTwo.\n<!--more-->\nThree.\n");
	a = fx_post(&f, "s.md", NULL);
	assert_string_equal(quire_article_get(a, QUIRE_SUMMARY), "One. Two.");
	quire_article_free(a);
	fx_done(&f);
}

static void test_markdown_and_html(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	fx_write(&f, "m.md",
	         "---\ntitle: M\n---\nRisk <1% and \"quotes\" -- dashes.\n\n| a | b |\n|---|---|\n| 1 | "
	         "~~2~~ |\n\n"
	         "www.example.com\n\n<div class=\"x\"><em>raw</em></div>\n");
	quire_article *a = fx_post(&f, "m.md", NULL);
	char *x = S_xhtml(a);
	assert_non_null(strstr(x, "Risk &lt;1% and \"quotes\" -- dashes."));
	assert_non_null(strstr(x, "<table>"));
	assert_non_null(strstr(x, "<del>2</del>"));
	assert_non_null(strstr(x, "<a href=\"http://www.example.com\">www.example.com</a>"));
	assert_non_null(strstr(x, "<em>raw</em>"));
	free(x);
	assert_string_equal(quire_article_get(a, QUIRE_RAW_TYPE), "text/markdown; charset=utf-8");
	quire_article_free(a);

	fx_write(&f, "h.html", "---\ntitle: H\n---\n<p>*not emphasis*</p>\n\n    <p>not code</p>\n");
	a = fx_post(&f, "h.html", NULL);
	x = S_xhtml(a);
	assert_non_null(strstr(x, "<p>*not emphasis*</p>"));
	assert_non_null(strstr(x, "<p>not code</p>"));
	assert_null(strstr(x, "<pre>"));
	free(x);
	assert_string_equal(quire_article_get(a, QUIRE_RAW_TYPE), "text/html; charset=utf-8");
	quire_article_free(a);
	fx_done(&f);
}

static void test_site_fields_and_provenance(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	fx_write(&f, "_config.yml", "title: Site\nlang: zh-CN\nauthor: Owner\n");
	fx_write(&f, "_posts/2023-01-01-a.md",
	         "---\ntitle: A\nlang: en\nsubtitle: Sub\nimage: /i.png\n---\nx\n");
	fx_write(&f, "_posts/2023-01-01-b.md", "---\ntitle: B\n---\nx\n");
	quire_article *a = fx_post(&f, "_posts/2023-01-01-a.md", "");
	assert_string_equal(quire_article_get(a, QUIRE_LANG), "en");
	assert_string_equal(quire_article_get(a, QUIRE_SUBTITLE), "Sub");
	assert_string_equal(quire_article_get(a, QUIRE_IMAGE), "/i.png");
	assert_string_equal(quire_article_get(a, QUIRE_SITE_NAME), "Site");
	assert_string_equal(quire_article_get(a, QUIRE_INPUT_ROOT), f.dir);
	assert_string_equal(quire_article_get(a, QUIRE_READER), "jekyll");
	assert_string_equal(quire_article_get(a, QUIRE_CHARSET), "UTF-8");
	assert_string_equal(quire_article_get(a, QUIRE_CHARSET_SOURCE), "utf-8");
	assert_non_null(strstr(quire_article_get(a, QUIRE_RAW_DIGEST), "sha256:"));
	quire_article_free(a);
	a = fx_post(&f, "_posts/2023-01-01-b.md", "");
	assert_string_equal(quire_article_get(a, QUIRE_LANG), "zh-CN");
	quire_article_free(a);

	/* a broken _config.yml: simple fields still used, one warning per post */
	fx_write(&f, "_config.yml", "title: \"Broken \"quoted\" site\"\nlang: fr\n");
	quire_ctx_free(f.ctx);
	quire_err err;
	f.ctx = quire_ctx_new(&f.o, &err);
	a = fx_post(&f, "_posts/2023-01-01-b.md", "");
	assert_string_equal(quire_article_get(a, QUIRE_SITE_NAME), "Broken \"quoted\" site");
	assert_string_equal(quire_article_get(a, QUIRE_LANG), "fr");
	assert_non_null(fx_diag(a, "site-config"));
	quire_article_free(a);
	fx_done(&f);
}

static int S_messages;
static void S_count_message(void *ud, quire_level level, const char *path, const char *msg)
{
	(void)ud;
	(void)path;
	if (level == QUIRE_LEVEL_INFO && strstr(msg, "published: false")) S_messages++;
}

static void test_published_and_drafts(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	quire_ctx_set_message_fn(f.ctx, S_count_message, NULL);
	fx_write(&f, "_posts/2023-01-01-u.md", "---\ntitle: U\npublished: false\n---\nx\n");
	quire_article *a = NULL;
	quire_err err;
	S_messages = 0;
	assert_int_equal(fx_read(&f, "_posts/2023-01-01-u.md", "", &a, &err), QUIRE_EOF);
	assert_null(a);
	assert_int_equal(S_messages, 1);
	fx_write(&f, "_posts/2023-01-01-q.md", "---\ntitle: Q\npublished: \"false\"\n---\nx\n");
	a = fx_post(&f, "_posts/2023-01-01-q.md", ""); /* a quoted "false" is a string */
	quire_article_free(a);
	fx_done(&f);

	quire_options o = {0};
	o.unpublished = 1;
	fx_init_with(&f, &o);
	fx_write(&f, "_posts/2023-01-01-u.md", "---\ntitle: U\npublished: no\n---\nx\n");
	fx_write(&f, "_drafts/idea.md", "---\ntitle: Idea\n---\nx\n");
	a = fx_post(&f, "_posts/2023-01-01-u.md", "");
	assert_non_null(fx_diag(a, "unpublished"));
	quire_article_free(a);
	a = fx_post(&f, "_drafts/idea.md", "");
	assert_non_null(fx_diag(a, "draft"));
	assert_non_null(fx_diag(a, "no-date"));
	quire_article_free(a);
	fx_done(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_derived_titles),
	    cmocka_unit_test(test_source_line_and_trailer),
	    cmocka_unit_test(test_summaries),
	    cmocka_unit_test(test_markdown_and_html),
	    cmocka_unit_test(test_site_fields_and_provenance),
	    cmocka_unit_test(test_published_and_drafts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
