/* test_normalize.c - quire_article_normalize as SPEC section 3 states it:
 * one-line fields cleaned and collapsed, lists deduplicated, invalid bytes
 * counted, defaults from the context, the body sanitized, its text NFC with
 * paragraph indentation and zero-width/control characters gone, links
 * resolved, and the site-chrome trailer marked (kept in archival XHTML). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../formats/jsonl/jsonl.h"

static const quire_diag *S_find_diag(const quire_article *a, const char *code)
{
	for (size_t i = 0; i < quire_article_diag_count(a); i++)
		if (strcmp(quire_article_diag_at(a, i)->code, code) == 0) return quire_article_diag_at(a, i);
	return NULL;
}

static char *S_xhtml(const quire_article *a, bool skip_chrome)
{
	quire_buf b = QUIRE_BUF_INIT;
	body_to_xhtml(a, skip_chrome, &b);
	quire_buf_putc(&b, '\0');
	return quire_buf_detach(&b, NULL);
}

static void test_fields(void **state)
{
	(void)state;
	quire_options o = {0};
	o.lang = "zh-CN";
	o.author = "Site Desk";
	quire_ctx *ctx = quire_ctx_new(&o, NULL);
	assert_non_null(ctx);
	quire_article *a = quire_article_new();
	quire_article_set(a, QUIRE_TITLE, "\xE3\x80\x80 央行\xE2\x80\x8B宣布\r\n  降准\x07  ");
	quire_article_set(a, QUIRE_SUBTITLE, "Cafe\xCC\x81\tau\xC2\xA0lait");
	quire_article_set(a, QUIRE_SUMMARY, "line one\r\nline two\x01");
	quire_article_set(a, QUIRE_SITE_NAME, "   ");
	quire_article_add(a, QUIRE_TAGS, "经济");
	quire_article_add(a, QUIRE_TAGS, " 经济 ");
	quire_article_add(a, QUIRE_TAGS, "\xE2\x80\x8B");
	quire_article_add(a, QUIRE_CATEGORIES, "e\xCC\x81t\xC3\xA9");
	quire_article_add(a, QUIRE_CATEGORIES, "\xC3\xA9t\xC3\xA9");
	assert_int_equal(quire_article_normalize(ctx, a), QUIRE_OK);
	assert_string_equal(quire_article_get(a, QUIRE_TITLE), "央行宣布 降准");
	assert_string_equal(quire_article_get(a, QUIRE_SUBTITLE), "Caf\xC3\xA9 au lait");
	assert_string_equal(quire_article_get(a, QUIRE_SUMMARY), "line one\nline two");
	assert_null(quire_article_get(a, QUIRE_SITE_NAME)); /* blank becomes unset */
	assert_int_equal(quire_article_count(a, QUIRE_TAGS), 1);
	assert_string_equal(quire_article_item(a, QUIRE_TAGS, 0), "经济");
	assert_int_equal(quire_article_count(a, QUIRE_CATEGORIES), 1); /* equal after NFC */
	assert_string_equal(quire_article_get(a, QUIRE_LANG), "zh-CN");
	assert_int_equal(quire_article_count(a, QUIRE_AUTHORS), 1);
	assert_string_equal(quire_article_item(a, QUIRE_AUTHORS, 0), "Site Desk");
	assert_non_null(quire_article_get(a, QUIRE_ID));
	assert_int_equal(strncmp(quire_article_get(a, QUIRE_ID), "urn:uuid:", 9), 0);
	quire_article_free(a);
	quire_ctx_free(ctx);
}

static void test_invalid_bytes_counted(void **state)
{
	(void)state;
	quire_article *a = quire_article_new();
	quire_article_set(a, QUIRE_TITLE, "bad\xff\xfe title \xc0\xaf!");
	assert_string_equal(quire_article_get(a, QUIRE_TITLE), "bad\xEF\xBF\xBD\xEF\xBF\xBD title "
	                                                       "\xEF\xBF\xBD\xEF\xBF\xBD!");
	const quire_diag *d = S_find_diag(a, "invalid-bytes");
	assert_non_null(d);
	assert_int_equal(d->level, QUIRE_LEVEL_WARNING);
	assert_non_null(strstr(d->message, "4 invalid"));
	assert_non_null(strstr(d->message, "title"));
	assert_int_equal(quire_article_normalize(NULL, a), QUIRE_WARN);
	quire_article_free(a);
}

static const char S_page[] =
    "<p>\xE3\x80\x80\xE3\x80\x80"
    "央行今日宣布\xE2\x80\x8B降准\x01。</p>"
    "<p onclick=\"x()\" style=\"color:red\">Cafe\xCC\x81   menu\r\n  <a href=\"/news/1.html\">next</a></p>"
    "<script>alert(1)</script><style>p{}</style>"
    "<p style=\"display: none\">hidden</p>"
    "<img src=\"/pixel.gif\" width=\"1\" height=\"1\">"
    "<p><img src=\"https://cdn.example.org/a.png\" onerror=\"x()\"></p>"
    "<p>   </p>"
    "<pre>  keep\n    this  </pre>"
    "<p><a href=\"javascript:alert(1)\">js</a> <a href=\"//other.example.com/x\">ext</a></p>"
    "<p><a href=\"https://news.example.com/\">返回首页</a> | <a href=\"/list/\">上一篇</a></p>";

static void test_body(void **state)
{
	(void)state;
	quire_article *a = quire_article_new();
	quire_article_set(a, QUIRE_URL, "https://news.example.com/2021/12/08/a.html");
	quire_article_set_body(a, quire_body_from_html(S_page, sizeof S_page - 1));
	quire_article_normalize(NULL, a);
	char *x = S_xhtml(a, false);
	/* indentation, zero-width and control characters gone */
	assert_non_null(strstr(x, "<p>央行今日宣布降准。</p>"));
	/* NFC, whitespace collapsed, attributes and scripts removed, link resolved */
	assert_non_null(
	    strstr(x, "<p>Caf\xC3\xA9 menu <a href=\"https://news.example.com/news/1.html\">next</a></p>"));
	assert_null(strstr(x, "script"));
	assert_null(strstr(x, "alert"));
	assert_null(strstr(x, "style"));
	assert_null(strstr(x, "onclick"));
	assert_null(strstr(x, "onerror"));
	assert_null(strstr(x, "hidden"));
	assert_null(strstr(x, "pixel.gif"));
	assert_non_null(strstr(x, "<img src=\"https://cdn.example.org/a.png\" alt=\"\"/>"));
	assert_null(strstr(x, "<p> </p>"));
	assert_null(strstr(x, "<p/>"));
	assert_non_null(strstr(x, "<pre>  keep\n    this  </pre>"));
	assert_non_null(strstr(x, "<a>js</a>"));
	assert_non_null(strstr(x, "href=\"https://other.example.com/x\""));
	/* the navigation trailer: marked, kept for archives, dropped for reading */
	assert_non_null(strstr(x, "data-quire-chrome=\"trailer\""));
	assert_non_null(strstr(x, "返回首页"));
	assert_non_null(strstr(x, "xmlns=\"http://www.w3.org/1999/xhtml\""));
	char *r = S_xhtml(a, true);
	assert_null(strstr(r, "返回首页"));
	assert_non_null(strstr(r, "央行今日宣布降准"));
	free(r);
	free(x);
	quire_article_free(a);
}

static void test_chrome_needs_site_links(void **state)
{
	(void)state;
	/* a last paragraph linking elsewhere is article text, not chrome */
	static const char page[] =
	    "<p>正文。</p><p><a href=\"https://other.example.org/story\">原文链接</a></p>";
	quire_article *a = quire_article_new();
	quire_article_set(a, QUIRE_URL, "https://news.example.com/a.html");
	quire_article_set_body(a, quire_body_from_html(page, sizeof page - 1));
	quire_article_normalize(NULL, a);
	char *x = S_xhtml(a, true);
	assert_non_null(strstr(x, "原文链接"));
	assert_null(strstr(x, "data-quire-chrome"));
	free(x);
	quire_article_free(a);
}

static void test_whitespace_across_inlines(void **state)
{
	(void)state;
	static const char page[] =
	    "<p>央行 <b> 今日</b>  宣布 <i> x </i> y</p>"
	    "<p>\xE3\x80\x80\xE3\x80\x80第一段<br>\xE3\x80\x80\xE3\x80\x80第二段<br/>  third</p>"
	    "<div>\xC2\xA0 lead <p>inner</p>\xE3\x80\x80"
	    "after</div>"
	    "<p>mid\xE3\x80\x80space and\xC2\xA0nbsp kept</p>";
	quire_article *a = quire_article_new();
	quire_article_set_body(a, quire_body_from_html(page, sizeof page - 1));
	quire_article_normalize(NULL, a);
	char *x = S_xhtml(a, false);
	assert_non_null(strstr(x, "<p>央行 <b>今日</b> 宣布 <i>x </i>y</p>"));
	assert_non_null(strstr(x, "<p>第一段<br/>第二段<br/>third</p>"));
	assert_non_null(strstr(x, "<div>lead <p>inner</p>after</div>"));
	assert_non_null(strstr(x, "<p>mid\xE3\x80\x80space and\xC2\xA0nbsp kept</p>"));
	free(x);
	quire_article_free(a);
}

static void test_empty_body(void **state)
{
	(void)state;
	quire_article *a = quire_article_new();
	quire_article_set(a, QUIRE_INPUT_PATH, "posts/a.md");
	assert_int_equal(quire_article_normalize(NULL, a), QUIRE_OK);
	assert_non_null(quire_article_body_root(a));
	char *x = S_xhtml(a, false);
	assert_non_null(strstr(x, "<body"));
	free(x);
	/* the id is derived from the input path, so it is stable */
	quire_article *b = quire_article_new();
	quire_article_set(b, QUIRE_INPUT_PATH, "posts/a.md");
	quire_article_normalize(NULL, b);
	assert_string_equal(quire_article_get(a, QUIRE_ID), quire_article_get(b, QUIRE_ID));
	quire_article_free(a);
	quire_article_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fields),
	    cmocka_unit_test(test_invalid_bytes_counted),
	    cmocka_unit_test(test_body),
	    cmocka_unit_test(test_chrome_needs_site_links),
	    cmocka_unit_test(test_whitespace_across_inlines),
	    cmocka_unit_test(test_empty_body),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
