/* test_html_meta.c - the html reader's metadata, one source at a time: og:,
 * twitter:, <title> rules, JSON-LD (objects, arrays, @graph, author lists),
 * meta author, byline elements and lines, dates (meta, JSON-LD, <time>, the
 * URL, the text), language, canonical URL against <base>, site name,
 * summary, tags and lead image. Pages are small strings written here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "../formats/formats.h"

static quire_ctx *S_ctx;

static int S_setup(void **state)
{
	(void)state;
	static quire_options o;
	memset(&o, 0, sizeof o);
	S_ctx = quire_ctx_new(&o, NULL);
	return S_ctx ? 0 : -1;
}

static int S_teardown(void **state)
{
	(void)state;
	quire_ctx_free(S_ctx);
	return 0;
}

/* A page: head, then body at the start of a long enough article. */
static quire_article *S_page(const char *head, const char *body, const char *url)
{
	quire_buf b = QUIRE_BUF_INIT;
	quire_buf_printf(
	    &b, "<!DOCTYPE html><html><head><meta charset=utf-8>%s</head><body><div class=\"content\">%s",
	    head, body);
	for (int i = 0; i < 4; i++)
		quire_buf_puts(
		    &b, "<p>The river ferry returned to its old route on Saturday, and dozens of people, "
		        "some of them with children, waited at the pier to ride it first.</p>");
	quire_buf_puts(&b, "</div></body></html>");
	quire_article *a = NULL;
	quire_err err;
	quire_result r = html_read_page(S_ctx, (const unsigned char *)b.data, b.len, url, NULL, &a, &err);
	quire_buf_free(&b);
	assert_true(r == QUIRE_OK || r == QUIRE_WARN);
	assert_non_null(a);
	return a;
}

static void S_want(const quire_article *a, quire_field f, const char *want)
{
	const char *got = quire_article_get(a, f);
	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
}

static void S_want_authors(const quire_article *a, const char *const *want)
{
	size_t n = 0;
	for (; want[n]; n++) {
		assert_true(n < quire_article_count(a, QUIRE_AUTHORS));
		assert_string_equal(quire_article_item(a, QUIRE_AUTHORS, n), want[n]);
	}
	assert_int_equal(quire_article_count(a, QUIRE_AUTHORS), n);
}

static void S_want_time(const quire_article *a, quire_when w, const char *iso)
{
	char buf[40];
	quire_time_iso(quire_article_time(a, w), buf, sizeof buf);
	assert_string_equal(buf, iso);
}

static void test_title_sources(void **state)
{
	(void)state;
	quire_article *a = S_page("<title>Ferry back on the river | Coast News</title>"
	                          "<meta property=\"og:title\" content=\"Ferry &amp;amp; pier\">"
	                          "<meta name=\"twitter:title\" content=\"Twitter title\">",
	                          "", NULL);
	S_want(a, QUIRE_TITLE, "Ferry & pier"); /* og:title, double-escaped entity undone */
	quire_article_free(a);
	a = S_page("<title>x</title><meta name=\"twitter:title\" content=\"From Twitter\">", "", NULL);
	S_want(a, QUIRE_TITLE, "From Twitter");
	quire_article_free(a);
	/* <title>: the site part after " | " goes when enough words remain */
	a = S_page("<title>The old ferry is back on the river | Coast News</title>", "", NULL);
	S_want(a, QUIRE_TITLE, "The old ferry is back on the river");
	quire_article_free(a);
	/* too few words left: the whole title stays */
	a = S_page("<title>Ferry news | Coast News</title>", "", NULL);
	S_want(a, QUIRE_TITLE, "Ferry news | Coast News");
	quire_article_free(a);
	/* "_Section_Site" suffixes go when the <h1> says where the headline ends */
	a = S_page("<title>山城夜市重新开张_本地新闻_江岸日报</title>", "<h1>山城夜市重新开张</h1>", NULL);
	S_want(a, QUIRE_TITLE, "山城夜市重新开张");
	quire_article_free(a);
	a = S_page("<title>港口老茶樓迎來第三代掌櫃 - 海灣時報</title>", "<h1>港口老茶樓迎來第三代掌櫃</h1>",
	           NULL);
	S_want(a, QUIRE_TITLE, "港口老茶樓迎來第三代掌櫃");
	quire_article_free(a);
	/* a short <title> gives way to the only <h1> */
	a = S_page("<title>News</title>", "<h1>The ferry returns to the old river route</h1>", NULL);
	S_want(a, QUIRE_TITLE, "The ferry returns to the old river route");
	quire_article_free(a);
}

static void test_jsonld(void **state)
{
	(void)state;
	/* one object: headline, author object, dates, publisher, keywords */
	quire_article *a = S_page("<title>Ferry | Coast</title><script "
	                          "type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
	                          "\"@type\":\"NewsArticle\",\"headline\":\"Ferry \\u00e9t\\u00e9 "
	                          "\\ud83d\\ude00\",\"author\":{\"@type\":"
	                          "\"Person\",\"name\":\"Ann "
	                          "Lee\"},\"datePublished\":\"2021-12-08T10:39:01+08:00\",\t\"dateModified\":"
	                          "\"2021-12-09T08:00:00Z\",\"publisher\":{\"@type\":\"Organization\","
	                          "\"name\":\"Coast News\"}}</script>",
	                          "", NULL);
	S_want(a, QUIRE_TITLE, "Ferry \xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80");
	S_want_authors(a, (const char *const[]){"Ann Lee", NULL});
	S_want_time(a, QUIRE_PUBLISHED, "2021-12-08T10:39:01+08:00");
	S_want_time(a, QUIRE_MODIFIED, "2021-12-09T08:00:00Z");
	S_want(a, QUIRE_SITE_NAME, "Coast News");
	S_want(a, QUIRE_PUBLISHER, "Coast News");
	quire_article_free(a);
	/* a top-level array, an author list, CDATA markers */
	a = S_page(
	    "<script type=\"application/ld+json\"><![CDATA[[{\"@context\":\"https://schema.org\",\"@type\":"
	    "\"BreadcrumbList\"},{\"@context\":\"https://schema.org\",\"@type\":\"ReportageNewsArticle\","
	    "\"name\":\"Two writers\",\"author\":[{\"name\":\"Ann Lee\"},{\"name\":\"Bo "
	    "Chen\"}]}]]]></script>",
	    "", NULL);
	S_want(a, QUIRE_TITLE, "Two writers");
	S_want_authors(a, (const char *const[]){"Ann Lee", "Bo Chen", NULL});
	quire_article_free(a);
	/* @graph with the article among other nodes */
	a = S_page("<script type=\"application/ld+json\">{\"@context\":\"http://schema.org\",\"@graph\":["
	           "{\"@type\":\"WebSite\",\"name\":\"Site\"},{\"@type\":\"BlogPosting\",\"headline\":\"In a "
	           "graph\","
	           "\"author\":{\"name\":\"Cy Ray\"},\"datePublished\":\"2020-02-03\"}]}</script>",
	           "", NULL);
	S_want(a, QUIRE_TITLE, "In a graph");
	S_want_authors(a, (const char *const[]){"Cy Ray", NULL});
	S_want_time(a, QUIRE_PUBLISHED, "2020-02-03");
	quire_article_free(a);
	/* not JSON: ignored, the page still reads */
	a = S_page(
	    "<title>Broken JSON-LD is ignored here</title><script type=\"application/ld+json\">{\"@type\": "
	    "</script>",
	    "", NULL);
	S_want(a, QUIRE_TITLE, "Broken JSON-LD is ignored here");
	quire_article_free(a);
}

static void test_bylines(void **state)
{
	(void)state;
	quire_article *a = S_page("<meta name=\"author\" content=\"Dee Park\">", "", NULL);
	S_want_authors(a, (const char *const[]){"Dee Park", NULL});
	quire_article_free(a);
	a = S_page("<meta property=\"article:author\" content=\"https://example.com/dee\">",
	           "<p class=\"byline\">By Eve Stone</p>", NULL);
	/* a profile URL is no name; the label "By" is no part of one */
	S_want_authors(a, (const char *const[]){"Eve Stone", NULL});
	quire_article_free(a);
	a = S_page("", "<a rel=\"author\" href=\"/who\">Fay Wu</a>", NULL);
	S_want_authors(a, (const char *const[]){"Fay Wu", NULL});
	quire_article_free(a);
	a = S_page("", "<p>　　记者 林小溪</p>", NULL);
	S_want_authors(a, (const char *const[]){"林小溪", NULL});
	quire_article_free(a);
	a = S_page("", "<p>□王大明</p>", NULL);
	S_want_authors(a, (const char *const[]){"王大明", NULL});
	quire_article_free(a);
}

static void test_dates(void **state)
{
	(void)state;
	quire_article *a =
	    S_page("<meta property=\"article:published_time\" content=\"2022-05-29T09:18:00+08:00\">"
	           "<meta property=\"article:modified_time\" content=\"2022-05-30T01:00:00Z\">",
	           "", NULL);
	S_want_time(a, QUIRE_PUBLISHED, "2022-05-29T09:18:00+08:00");
	S_want_time(a, QUIRE_MODIFIED, "2022-05-30T01:00:00Z");
	quire_article_free(a);
	a = S_page("", "<p>Posted <time datetime=\"2019-04-30T13:39:00-04:00\">April 30</time></p>", NULL);
	S_want_time(a, QUIRE_PUBLISHED, "2019-04-30T13:39:00-04:00");
	quire_article_free(a);
	a = S_page("", "<div class=\"info\">2022年05月29日 09:18 来源：江岸日报</div>", NULL);
	S_want_time(a, QUIRE_PUBLISHED, "2022-05-29T09:18Z");
	quire_article_free(a);
	a = S_page("", "<div class=\"info\">发布时间：2021-12-08 10:39:01</div>", NULL);
	S_want_time(a, QUIRE_PUBLISHED, "2021-12-08T10:39:01Z");
	quire_article_free(a);
	a = S_page("", "", "https://news.example.com/2021/03/04/ferry.html");
	S_want_time(a, QUIRE_PUBLISHED, "2021-03-04");
	quire_article_free(a);
}

static void test_lang_urls_and_more(void **state)
{
	(void)state;
	quire_article *a =
	    S_page("<base href=\"https://news.example.com/a/\"><link rel=\"canonical\" href=\"story.html\">"
	           "<meta property=\"og:site_name\" content=\"Coast News\">"
	           "<meta name=\"description\" content=\"The ferry is back.\">"
	           "<meta name=\"keywords\" content=\"ferry, river，city life\">"
	           "<meta property=\"og:image\" content=\"/img/ferry.jpg\">",
	           "", "https://mirror.example.org/x.html");
	S_want(a, QUIRE_URL, "https://news.example.com/a/story.html");
	S_want(a, QUIRE_SOURCE_URL, "https://mirror.example.org/x.html");
	S_want(a, QUIRE_SITE_NAME, "Coast News");
	S_want(a, QUIRE_SUMMARY, "The ferry is back.");
	S_want(a, QUIRE_IMAGE, "https://news.example.com/img/ferry.jpg");
	assert_int_equal(quire_article_count(a, QUIRE_TAGS), 3);
	assert_string_equal(quire_article_item(a, QUIRE_TAGS, 2), "city life");
	quire_article_free(a);
	a = S_page("<meta property=\"og:url\" content=\"https://example.com/og\">", "",
	           "https://example.com/page");
	S_want(a, QUIRE_URL, "https://example.com/og");
	quire_article_free(a);
	a = S_page("", "", "https://example.com/page");
	S_want(a, QUIRE_URL, "https://example.com/page");
	S_want(a, QUIRE_LANG, NULL); /* English text: no guess, the context decides */
	quire_article_free(a);
	/* <html lang> is read from the root element */
	quire_err err;
	const char *page = "<html lang=\"zh_cn\"><head><title>t</title></head><body><p>x</p></body></html>";
	assert_true(html_read_page(S_ctx, (const unsigned char *)page, strlen(page), NULL, NULL, &a, &err) >=
	            QUIRE_WARN);
	S_want(a, QUIRE_LANG, "zh-CN");
	quire_article_free(a);
	a = S_page("<meta http-equiv=\"content-language\" content=\"fr-FR\">", "", NULL);
	S_want(a, QUIRE_LANG, "fr-FR");
	quire_article_free(a);
	/* no declaration: the script of the text (kana: Japanese) */
	page = "<html><body><p>駅前の商店街で四十年続く古書店が、今月から週末だけの小さな読書会を始めた。</"
	       "p></body></html>";
	assert_true(html_read_page(S_ctx, (const unsigned char *)page, strlen(page), NULL, NULL, &a, &err) >=
	            QUIRE_WARN);
	S_want(a, QUIRE_LANG, "ja");
	quire_article_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_title_sources),
	    cmocka_unit_test(test_jsonld),
	    cmocka_unit_test(test_bylines),
	    cmocka_unit_test(test_dates),
	    cmocka_unit_test(test_lang_urls_and_more),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
