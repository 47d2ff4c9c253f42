/* test_html_extract.c - main-content extraction on a page written here with
 * the usual chrome around an article: the article's paragraphs, headings,
 * list, data table, figure with caption and quote stay; navigation, share
 * bar, related list, comments, cookie note and hidden blocks go; images get
 * absolute URLs; --no-extract keeps everything. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../formats/jsonl/jsonl.h"
#include "../formats/formats.h"

static const char S_page[] =
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>The ferry returns to the river | "
    "Coast News</title></head><body>"
    "<nav class=\"site-nav\"><a href=\"/\">Home</a> <a href=\"/city\">City</a> <a "
    "href=\"/sport\">Sport</a></nav>"
    "<div id=\"cookie-banner\" class=\"gdpr\">We use cookies. <a href=\"/privacy\">Learn more</a></div>"
    "<div class=\"share-bar\"><a href=\"#fb\">Share on Facebook</a> <a href=\"#tw\">Tweet</a></div>"
    "<div id=\"main\"><article class=\"post\">"
    "<h1>The ferry returns to the river</h1>"
    "<p>After two years of repairs, the old river ferry went back to its city route on Saturday, and dozens "
    "of "
    "residents, some with small children, lined up at the pier to be among the first passengers.</p>"
    "<figure><img src=\"/img/ferry.jpg\" alt=\"The ferry at the pier\"><figcaption>The ferry leaving the "
    "east "
    "pier, Saturday morning.</figcaption></figure>"
    "<p>The shipyard replaced the engine and the wiring but kept the wooden benches and the brass rails, so "
    "that "
    "passengers would recognise the boat they remembered from their own childhood, the foreman said.</p>"
    "<h2>Timetable</h2>"
    "<p>The ferry will run every day from May to September, with six stops along the embankment, at the same "
    "fare as a city bus; schoolchildren travel free at weekends, and bicycles are allowed on board.</p>"
    "<table><thead><tr><th>Stop</th><th>First</th><th>Last</th></tr></thead><tbody>"
    "<tr><td>East pier</td><td>07:00</td><td>21:00</td></tr><tr><td>Old "
    "town</td><td>07:15</td><td>21:15</td></tr>"
    "<tr><td>Market</td><td>07:30</td><td>21:30</td></tr></tbody></table>"
    "<blockquote><p>We wanted people to recognise their ferry, down to the smell of the varnish on the "
    "benches, said the foreman, who has worked at the yard for thirty years.</p></blockquote>"
    "<ul><li>Six stops along the embankment, from the east pier to the market</li><li>Tickets at the bus "
    "fare, "
    "free for schoolchildren at weekends</li></ul>"
    "<p style=\"display:none\">Hidden tracking note that nobody can see.</p>"
    "<p>The city hopes the river route will take traffic off the bridge at rush hour and bring visitors to "
    "the "
    "old quarters on the other bank, where several cafes have already extended their opening hours.</p>"
    "</article>"
    "<div class=\"related\"><h3>Related stories</h3><ul><li><a href=\"/a1\">Bridge repairs to start</a></li>"
    "<li><a href=\"/a2\">Summer festival dates</a></li><li><a href=\"/a3\">New bus lines</a></li></ul></div>"
    "<div id=\"comments\" class=\"comments\"><h3>Comments</h3><p>Finally! I missed that ferry so much, it is "
    "the best way to cross the river in the morning.</p></div>"
    "</div>"
    "<footer class=\"footer\"><a href=\"/about\">About us</a> | <a href=\"/contact\">Contact</a></footer>"
    "</body></html>";

static char *S_convert(int no_extract)
{
	quire_options o;
	memset(&o, 0, sizeof o);
	o.no_extract = no_extract;
	quire_ctx *ctx = quire_ctx_new(&o, NULL);
	assert_non_null(ctx);
	quire_article *a = NULL;
	quire_err err;
	quire_result r = html_read_page(ctx, (const unsigned char *)S_page, sizeof S_page - 1,
	                                "https://news.example.com/city/ferry.html", NULL, &a, &err);
	assert_true(r == QUIRE_OK || r == QUIRE_WARN);
	assert_int_equal(quire_article_normalize(ctx, a), QUIRE_OK);
	quire_buf b = QUIRE_BUF_INIT;
	body_to_xhtml(a, false, &b);
	quire_buf_putc(&b, '\0');
	quire_article_free(a);
	quire_ctx_free(ctx);
	return quire_buf_detach(&b, NULL);
}

/* Reads PAGE (no context, no URL); the caller frees the article. */
static quire_article *S_read(const char *page, size_t len)
{
	quire_article *a = NULL;
	quire_err err;
	quire_result r = html_read_page(NULL, (const unsigned char *)page, len, NULL, NULL, &a, &err);
	assert_true(r == QUIRE_OK || r == QUIRE_WARN);
	return a;
}

static void test_extract(void **state)
{
	(void)state;
	char *x = S_convert(0);
	static const char *const keep[] = {"After two years of repairs",
	                                   "kept the wooden benches",
	                                   "<h2>Timetable</h2>",
	                                   "<th>Stop</th>",
	                                   "<td>Old town</td>",
	                                   "<figcaption>The ferry leaving",
	                                   "src=\"https://news.example.com/img/ferry.jpg\"",
	                                   "<blockquote>",
	                                   "Six stops along the embankment",
	                                   "take traffic off the bridge",
	                                   NULL};
	static const char *const drop[] = {"Home",
	                                   "cookies",
	                                   "Share on Facebook",
	                                   "Related stories",
	                                   "Bridge repairs",
	                                   "Finally! I missed",
	                                   "About us",
	                                   "Hidden tracking note",
	                                   "The ferry returns to the river</h",
	                                   NULL};
	for (int i = 0; keep[i]; i++)
		if (!strstr(x, keep[i])) fail_msg("missing %s in %s", keep[i], x);
	for (int i = 0; drop[i]; i++)
		if (strstr(x, drop[i])) fail_msg("boilerplate %s kept in %s", drop[i], x);
	free(x);
}

static void test_no_extract(void **state)
{
	(void)state;
	char *x = S_convert(1);
	static const char *const keep[] = {"After two years of repairs", "Related stories",
	                                   "Finally! I missed",          "About us",
	                                   "Share on Facebook",          NULL};
	for (int i = 0; keep[i]; i++)
		if (!strstr(x, keep[i])) fail_msg("--no-extract lost %s", keep[i]);
	free(x);
}

/* A GBK page once read as latin-1 and saved as UTF-8 is decoded back. */
static void test_double_encoded(void **state)
{
	(void)state;
	/* 中国新闻 in GBK, each byte as the latin-1 character, in UTF-8 */
	static const char word[] = "\xc3\x96\xc3\x90\xc2\xb9\xc3\xba\xc3\x90\xc3\x82\xc3\x8e\xc3\x85";
	quire_buf page = QUIRE_BUF_INIT;
	quire_buf_puts(&page, "<html><head><meta charset=\"gbk\"><title>");
	quire_buf_puts(&page, word);
	quire_buf_puts(&page, "</title></head><body><p>");
	for (int i = 0; i < 4; i++)
		quire_buf_puts(&page, word);
	quire_buf_puts(&page, "</p></body></html>");
	quire_article *a = S_read(page.data, page.len);
	assert_string_equal(quire_article_get(a, QUIRE_TITLE), "中国新闻");
	assert_string_equal(quire_article_get(a, QUIRE_CHARSET), "GBK");
	quire_article_free(a);
	quire_buf_free(&page);
}

/* A Chinese page whose chrome sits inside the article's own container: a
 * share bar of icons, a tag line, 相关新闻 and a comment box after the text.
 * The JSON text keeps the article's words only, the data table among them. */
static const char S_zh[] =
    "<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>江边夜市重新开张_示例新闻</title></head><body>"
    "<div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/sh\">社会</a></div>"
    "<div class=\"main\"><h1>江边夜市重新开张</h1>"
    "<div class=\"bar\"><a href=\"#\"><img src=\"/i/wb.png\" alt=\"分享至微博\"></a>"
    "<a href=\"#\"><img src=\"/i/wx.png\" alt=\"分享至微信\"></a></div>"
    "<p>"
    "停业三个月的江边夜市于周五晚重新开张，沿江步道两侧的灯笼陆续亮起，不少市民专程赶来，摊主们说首晚的客流约"
    "为去年同期的七成。</p>"
    "<p><img src=\"/i/night.jpg\" alt=\"夜市一角\"></p>"
    "<p>"
    "夜市管理处负责人介绍，这次开张共有一百二十个摊位参与，比停业前少了二十多个，部分摊主因为租金和进货成本上"
    "涨，暂时选择观望。</p>"
    "<table><tr><th>区域</th><th>摊位</th></tr><tr><td>东区</td><td>70</td></tr><tr><td>西区</td><td>50</"
    "td></tr>"
    "<tr><td>合计</td><td>120</td></tr></table>"
    "<p>"
    "在入口处卖豆花的陈阿姨已经在这里摆了十一年摊，她说开张前一天晚上几乎没睡着，凌晨四点就起来泡黄豆，老顾客"
    "一见面就问她这几个月去了哪里。</p>"
    "<div>标签：<a href=\"/t/1\">夜市</a> <a href=\"/t/2\">江边</a></div>"
    "<div><b>相关新闻</b></div>"
    "<ul><li><a href=\"/n/1\">城南菜市场改造完成</a></li><li><a href=\"/n/2\">暑期公交线路调整</a></li>"
    "<li><a href=\"/n/3\">老街咖啡馆延长营业</a></li></ul>"
    "<div><h3>网友评论</"
    "h3><p>"
    "终于等到夜市开张了，周末一定带孩子去吃豆花，希望摊位越来越多，也希望管理处把卫生搞好，这样大家都放心。</"
    "p></div>"
    "</div></body></html>";

static void test_chrome_in_article(void **state)
{
	(void)state;
	quire_article *a = S_read(S_zh, sizeof S_zh - 1);
	quire_buf b = QUIRE_BUF_INIT;
	quire_article_to_json(a, &b);
	quire_buf_putc(&b, '\0');
	char *text = strstr(b.data, "\"text\":");
	assert_non_null(text);
	*strstr(text, "\"xhtml\":") = '\0';
	static const char *const keep[] = {"停业三个月", "一百二十个摊位", "陈阿姨", "东区", "120", NULL};
	static const char *const drop[] = {"[image",     "分享至",   "夜市一角", "标签", "相关新闻",
	                                   "城南菜市场", "网友评论", "终于等到", "首页", NULL};
	for (int i = 0; keep[i]; i++)
		if (!strstr(text, keep[i])) fail_msg("missing %s in %s", keep[i], text);
	for (int i = 0; drop[i]; i++)
		if (strstr(text, drop[i])) fail_msg("boilerplate %s kept in %s", drop[i], text);
	quire_buf_free(&b);
	quire_article_free(a);
}

/* Reads PAGE with no context and renders its body into B as a C string;
 * returns the article (the caller frees it and B). */
static quire_article *S_page_xhtml(const char *page, size_t len, quire_buf *b)
{
	quire_article *a = S_read(page, len);
	body_to_xhtml(a, false, b);
	quire_buf_putc(b, '\0');
	return a;
}

/* Soft hyphens leave the text: the words come out whole. */
static void test_soft_hyphens(void **state)
{
	(void)state;
	static const char page[] =
	    "<html><body><article><p>Ein sehr lan\xc2\xadges Wort&shy;unget\xc3\xbcm steht "
	    "hier in einem Absatz, der lang genug ist, um als Artikel zu gelten.</p>"
	    "</article></body></html>";
	quire_buf b = QUIRE_BUF_INIT;
	quire_article *a = S_page_xhtml(page, sizeof page - 1, &b);
	assert_non_null(strstr(b.data, "langes Wortunget\xc3\xbcm"));
	assert_null(strstr(b.data, "\xc2\xad"));
	quire_buf_free(&b);
	quire_article_free(a);
}

/* After the article: teasers of other stories (a heading made of a link, a
 * date, a summary) go; the date/source line above the first paragraph goes
 * from the text; the article's own paragraphs stay. */
static void test_teasers_and_edges(void **state)
{
	(void)state;
	static const char page[] =
	    "<html><body><div class=\"page\"><div class=\"story\"><h1>Harbour crane back at work</h1>"
	    "<div class=\"when\">12 March 2021 | 10:45</div>"
	    "<p>The harbour's oldest crane lifted its first container in three years on Monday, after a "
	    "repair that took longer than the port had planned, and the dockers cheered from the quay.</p>"
	    "<p>Its new motor uses half the power of the old one, the engineers said, and the cabin got "
	    "heating and a wider window, so the operator can see the whole deck of a ship at once.</p>"
	    "<p>The port wants to repair two more cranes of the same age before the winter storms begin, "
	    "if the city council approves the money at its next meeting in April.</p>"
	    "<div class=\"more\"><div><h3><a href=\"/a1\">Ferry timetable changes in May</a></h3>"
	    "<p>09:12 11.03.2021</p><p>The river ferry will run every hour from May, the operator said, "
	    "and more often at weekends.</p></div>"
	    "<div><h3><a href=\"/a2\">Bridge lights switched on again</a></h3><p>18:40 10.03.2021</p>"
	    "<p>The lights of the old bridge shine again after a year, the city said on Wednesday.</p></div>"
	    "</div></div></div></body></html>";
	quire_buf b = QUIRE_BUF_INIT;
	quire_article *a = S_page_xhtml(page, sizeof page - 1, &b);
	static const char *const keep[] = {"oldest crane", "half the power", "two more cranes", NULL};
	static const char *const drop[] = {"10:45", "Ferry timetable", "every hour", "Bridge lights", NULL};
	for (int i = 0; keep[i]; i++)
		if (!strstr(b.data, keep[i])) fail_msg("missing %s in %s", keep[i], b.data);
	for (int i = 0; drop[i]; i++)
		if (strstr(b.data, drop[i])) fail_msg("boilerplate %s kept in %s", drop[i], b.data);
	quire_buf_free(&b);
	quire_article_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_extract),        cmocka_unit_test(test_no_extract),
	    cmocka_unit_test(test_double_encoded), cmocka_unit_test(test_chrome_in_article),
	    cmocka_unit_test(test_soft_hyphens),   cmocka_unit_test(test_teasers_and_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
