/* test_layout.c - the plain-text layout (formats/txt/layout.c): the header block,
 * paragraphs, headings, lists, quotes, pre, tables, images, numbered links,
 * site chrome, and wrapping by display width with the CJK punctuation rules
 * (exact expected texts, plus properties checked over many widths). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../formats/txt/txt.h"

/* An article with the given body, normalized as readers' articles are. */
static quire_article *S_article(const char *html)
{
	quire_options o;
	memset(&o, 0, sizeof o);
	quire_err err;
	quire_ctx *ctx = quire_ctx_new(&o, &err);
	assert_non_null(ctx);
	quire_article *a = quire_article_new();
	quire_article_set_body(a, quire_body_from_html(html, strlen(html)));
	quire_article_normalize(ctx, a);
	quire_ctx_free(ctx);
	return a;
}

static char *S_render(const quire_article *a, int width, unsigned flags)
{
	quire_buf b = QUIRE_BUF_INIT;
	text_render_article(a, width, flags, &b);
	return quire_buf_detach(&b, NULL);
}

static void S_expect(const char *html, int width, unsigned flags, const char *want)
{
	quire_article *a = S_article(html);
	char *got = S_render(a, width, flags);
	if (strcmp(got, want) != 0)
		fail_msg("width %d, flags %u, body %s\n--- got:\n%s--- want:\n%s---", width, flags, html, got,
		         want);
	free(got);
	quire_article_free(a);
}

static void test_header(void **state)
{
	(void)state;
	quire_article *a = S_article("<p>Body text.</p>");
	quire_article_set(a, QUIRE_TITLE, "中文标题 and English");
	quire_article_add(a, QUIRE_AUTHORS, "Li Lei");
	quire_article_add(a, QUIRE_AUTHORS, "Han Meimei");
	quire_article_add(a, QUIRE_TAGS, "东财滚动新闻");
	quire_article_add(a, QUIRE_TAGS, "markets");
	quire_article_add(a, QUIRE_CATEGORIES, "emnews");
	quire_article_set(a, QUIRE_URL, "https://example.org/a.html");
	quire_time t = {1638931141, 8 * 3600, QUIRE_PREC_SECOND};
	quire_article_set_time(a, QUIRE_PUBLISHED, &t);
	char *got = S_render(a, 0, TEXT_HEADER | TEXT_LINKS);
	assert_string_equal(got, "中文标题 and English\n"
	                         "====================\n"
	                         "Authors: Li Lei, Han Meimei\n"
	                         "Date: 2021-12-08T10:39:01+08:00\n"
	                         "Source: https://example.org/a.html\n"
	                         "Tags: 东财滚动新闻, markets\n"
	                         "Categories: emnews\n"
	                         "\n"
	                         "Body text.\n");
	free(got);
	/* the source URL wins over the canonical one; a modified time shows */
	quire_article_set(a, QUIRE_SOURCE_URL, "http://source.example/x");
	quire_time m = {1638931141 + 86400, 0, QUIRE_PREC_MINUTE};
	quire_article_set_time(a, QUIRE_MODIFIED, &m);
	quire_article_clear_list(a, QUIRE_AUTHORS);
	quire_article_add(a, QUIRE_AUTHORS, "Li Lei");
	got = S_render(a, 0, TEXT_HEADER);
	assert_non_null(strstr(got, "\nAuthor: Li Lei\nDate: 2021-12-08T10:39:01+08:00\n"
	                            "Updated: 2021-12-09T02:39Z\nSource: http://source.example/x\n"));
	free(got);
	/* a long title wraps; the underline is as wide as its widest line */
	quire_article_set(a, QUIRE_TITLE, "A rather long title that has to wrap");
	got = S_render(a, 20, TEXT_HEADER);
	assert_non_null(strstr(got, "A rather long title\nthat has to wrap\n===================\n"));
	free(got);
	/* without TEXT_HEADER only the body */
	got = S_render(a, 0, 0);
	assert_string_equal(got, "Body text.\n");
	free(got);
	quire_article_free(a);
}

/* TEXT_PLAIN, the JSON "text": only the words, no marks a reader adds */
static void test_plain(void **state)
{
	(void)state;
	S_expect("<h2>Steps</h2><ol><li>Boil the water</li><li>Add tea</li></ol>"
	         "<p>See <img src=\"a.png\" alt=\"分享至微博\"/> here.</p><p><img src=\"b.png\"/></p>"
	         "<blockquote><p>Quoted.</p></blockquote><hr/><ul><li>One</li></ul>"
	         "<table><tr><th>Stop</th><th>First</th></tr><tr><td>Pier</td><td>07:00</td></tr></table>",
	         0, TEXT_PLAIN,
	         "Steps\n\nBoil the water\nAdd tea\n\nSee here.\n\nQuoted.\n\nOne\n\n"
	         "Stop  First\n----  -----\nPier  07:00\n");
}

static void test_title_heading(void **state)
{
	(void)state;
	/* a body opening with the title as a heading: the header already says it */
	quire_article *a = S_article("<div><h1>The  Title</h1><p>x</p><h2>The Title</h2></div>");
	quire_article_set(a, QUIRE_TITLE, "The Title");
	char *got = S_render(a, 0, TEXT_HEADER);
	assert_string_equal(got, "The Title\n=========\n\nx\n\n## The Title\n");
	free(got);
	got = S_render(a, 0, 0);
	assert_string_equal(got, "# The Title\n\nx\n\n## The Title\n");
	free(got);
	quire_article_set(a, QUIRE_TITLE, "Another title");
	got = S_render(a, 0, TEXT_HEADER);
	assert_string_equal(got, "Another title\n=============\n\n# The Title\n\nx\n\n## The Title\n");
	free(got);
	quire_article_free(a);
}

static void test_blocks(void **state)
{
	(void)state;
	S_expect("<p>One  two\nthree.</p><p>Line<br>break<br><br>after blank.</p>", 0, 0,
	         "One two three.\n\nLine\nbreak\n\nafter blank.\n");
	S_expect("<h1>Top</h1><p>x</p><h3>Third level</h3><p>y</p>", 0, 0,
	         "# Top\n\nx\n\n### Third level\n\ny\n");
	S_expect("<blockquote><p>Quoted one.</p><p>Quoted two.</p><blockquote>Inner</blockquote></blockquote>"
	         "<p>after</p>",
	         0, 0, "> Quoted one.\n>\n> Quoted two.\n>\n> > Inner\n\nafter\n");
	S_expect("<p>Code:</p><pre>\nint main(void)\n{\n\treturn 0;  \n}\n</pre>", 0, 0,
	         "Code:\n\n    int main(void)\n    {\n    \treturn 0;\n    }\n");
	S_expect("<p>a</p><hr><p>b <img src=\"x.png\" alt=\" A  chart \"> c <img src=\"y.png\"></p>", 0, 0,
	         "a\n\n* * *\n\nb [image: A chart] c [image]\n");
	S_expect("<div>loose text<p>para</p>tail</div>", 0, 0, "loose text\n\npara\n\ntail\n");
	S_expect("<dl><dt>Term</dt><dd>Meaning of it.</dd><dt>Other</dt><dd>More.</dd></dl>", 0, 0,
	         "Term\n    Meaning of it.\nOther\n    More.\n");
	S_expect("", 0, 0, "\n");
	/* with a width, code keeps its lines but a line too wide is cut, tabs expanded */
	S_expect("<pre>short\n\tx = 1; /* a long comment */</pre>", 20, 0,
	         "    short\n        x = 1; /* a\n    long comment */\n");
}

static void test_lists(void **state)
{
	(void)state;
	S_expect("<ul><li>one</li><li>two<ul><li>nested</li><li>again<ol><li>deep</li></ol></li></ul></li>"
	         "<li>three</li></ul>",
	         0, 0, "- one\n- two\n  - nested\n  - again\n    1. deep\n- three\n");
	S_expect("<ol start=\"9\"><li>nine</li><li>ten</li><li><p>eleven</p><p>second para</p></li></ol>", 0,
	         0, " 9. nine\n10. ten\n11. eleven\n\n    second para\n");
	S_expect("<ol reversed><li>c</li><li>b</li><li>a</li></ol>", 0, 0, "3. c\n2. b\n1. a\n");
	S_expect("<p>before</p><ul><li><blockquote>q</blockquote></li></ul><p>after</p>", 0, 0,
	         "before\n\n- > q\n\nafter\n");
	/* list prefixes count toward the width */
	S_expect("<ul><li>alpha beta gamma delta</li></ul>", 12, 0, "- alpha beta\n  gamma\n  delta\n");
	S_expect("<blockquote>alpha beta gamma delta</blockquote>", 12, 0,
	         "> alpha beta\n> gamma\n> delta\n");
}

static void test_links(void **state)
{
	(void)state;
	const char *html = "<p><a href=\"https://a.example/1\">First</a>, "
	                   "<a href=\"https://b.example/\">second</a> and "
	                   "<a href=\"https://a.example/1\">first again</a>; "
	                   "<a href=\"https://c.example/page\">https://c.example/page</a> "
	                   "<a href=\"https://d.example/\">d.example</a> "
	                   "<a href=\"#top\">local</a> <a href=\"mailto:x@y.example\">mail me</a>.</p>";
	S_expect(
	    html, 0, TEXT_LINKS,
	    "First[1], second[2] and first again[1]; https://c.example/page d.example local mail me[3].\n"
	    "\n"
	    "[1] https://a.example/1\n"
	    "[2] https://b.example/\n"
	    "[3] mailto:x@y.example\n");
	S_expect(html, 0, 0,
	         "First, second and first again; https://c.example/page d.example local mail me.\n");
	/* the number stays with its text; a linked image gets one too */
	S_expect("<p>中文中文中文中文<a href=\"https://e.cn/\">链接</a>后文</p>", 20, TEXT_LINKS,
	         "中文中文中文中文链\n接[1]后文\n\n[1] https://e.cn/\n");
	S_expect("<p><a href=\"https://e.example/\"><img src=\"k.png\" alt=\"K\"></a></p>", 0, TEXT_LINKS,
	         "[image: K][1]\n\n[1] https://e.example/\n");
}

static void test_tables(void **state)
{
	(void)state;
	const char *html = "<table><thead><tr><th>名称</th><th>Price</th><th>说明</th></tr></thead>"
	                   "<tbody><tr><td>巨化股份</td><td>12.5</td><td>制冷剂</td></tr>"
	                   "<tr><td>ABC</td><td>7</td><td></td></tr></tbody></table>";
	S_expect(html, 0, 0,
	         "名称      Price  说明\n"
	         "--------  -----  ------\n"
	         "巨化股份   12.5  制冷剂\n"
	         "ABC           7\n"); /* figures right-aligned */
	/* too wide: the widest column shrinks and its cells wrap */
	S_expect("<table><tr><td>key</td><td>a long value that wraps inside its column</td></tr></table>", 24,
	         0,
	         "key  a long value that\n"
	         "     wraps inside its\n"
	         "     column\n");
	S_expect("<table><caption>Caption</caption><tr><th>a</th><th>b</th></tr>"
	         "<tr><td colspan=\"2\">spanning both</td></tr></table>",
	         0, 0, "Caption\n\na  b\n-  ----------\nspanning both\n");
}

static void test_chrome(void **state)
{
	(void)state;
	/* a trailing paragraph of site links: normalization marks it, the text skips it */
	quire_article *a = S_article("<p>Story.</p><p><a href=\"/\">返回首页</a></p>");
	char *got = S_render(a, 0, 0);
	assert_string_equal(got, "Story.\n");
	free(got);
	quire_article_free(a);
	/* marked by hand */
	a = S_article(
	    "<p>Story.</p><p data-quire-chrome=\"trailer\"><a href=\"https://n.example/\">返回首页</a></p>");
	got = S_render(a, 0, TEXT_LINKS);
	assert_string_equal(got, "Story.\n");
	free(got);
	got = S_render(a, 0, TEXT_LINKS | TEXT_KEEP_CHROME);
	assert_string_equal(got, "Story.\n\n返回首页[1]\n\n[1] https://n.example/\n");
	free(got);
	quire_article_free(a);
}

static void test_wrap_exact(void **state)
{
	(void)state;
	/* Latin: at spaces */
	S_expect("<p>The quick brown fox jumps over the lazy dog.</p>", 15, 0,
	         "The quick brown\nfox jumps over\nthe lazy dog.\n");
	/* CJK: anywhere, two columns a character */
	S_expect("<p>一二三四五六七八九十</p>", 8, 0, "一二三四\n五六七八\n九十\n");
	/* closing punctuation never starts a line: the character before moves with it */
	S_expect("<p>一二三四，五六七八。</p>", 8, 0, "一二三\n四，五六\n七八。\n");
	/* opening punctuation never ends a line */
	S_expect("<p>一二三「四五」六</p>", 8, 0, "一二三\n「四五」\n六\n");
	/* Korean breaks at its spaces only */
	S_expect("<p>오래된 골목에 자리한 작은 빵집이</p>", 12, 0, "오래된\n골목에\n자리한 작은\n빵집이\n");
	/* mixed: Latin words stay whole, CJK breaks around them */
	S_expect("<p>公司HFO-1234yf产品</p>", 11, 0, "公司\nHFO-1234yf\n产品\n");
	/* a URL longer than the line is cut after a slash */
	S_expect("<p>see https://example.com/a/very/long/path/name.html</p>", 20, 0,
	         "see\nhttps://example.com/\na/very/long/path/\nname.html\n");
	/* width 0: no wrapping at all */
	S_expect("<p>一二三四五六七八九十 and some English words</p>", 0, 0,
	         "一二三四五六七八九十 and some English words\n");
}

/* ---- properties over many widths ------------------------------------- */

/* Checks every line of out: width, punctuation at both ends, no trailing space. */
static void S_check_lines(const char *out, int width)
{
	const char *p = out;
	while (*p) {
		const char *nl = strchr(p, '\n');
		assert_non_null(nl);
		size_t len = (size_t)(nl - p);
		if (len) {
			assert_true(p[len - 1] != ' ');
			if (text_width(p, len) > (size_t)width)
				fail_msg("width %d: line of %zu columns: %.*s", width, text_width(p, len),
				         (int)len, p);
			int32_t first, last = 0;
			text_decode_cp(p, len, &first);
			for (size_t i = 0; i < len;)
				i += (size_t)text_decode_cp(p + i, len - i, &last);
			if (text_no_line_start(first) || text_no_line_end(last))
				fail_msg("width %d: punctuation rule broken by line: %.*s\nin:\n%s", width,
				         (int)len, p, out);
		}
		p = nl + 1;
	}
	assert_true(p > out && p[-1] == '\n' && (p - out < 2 || p[-2] != '\n'));
}

/* The text without any whitespace: wrapping must neither lose nor add any. */
static char *S_squeeze(const char *s)
{
	char *r = malloc(strlen(s) + 1), *w = r;
	for (; *s; s++)
		if (*s != ' ' && *s != '\n') *w++ = *s;
	*w = '\0';
	return r;
}

static void test_wrap_properties(void **state)
{
	(void)state;
	static const char *const words[] = {"据霍尼韦尔官网消息",
	                                    "，",
	                                    "5月24日",
	                                    "。",
	                                    "霍尼韦尔宣布为",
	                                    "蔚来",
	                                    "旗下ET7新能源汽车",
	                                    "（上海证券报）",
	                                    "“目前",
	                                    "”",
	                                    "《基加利修正案》",
	                                    "、",
	                                    "HFO-1234yf",
	                                    "制冷剂",
	                                    "the",
	                                    "quick",
	                                    "brown",
	                                    "fox",
	                                    "！",
	                                    "「引用」",
	                                    "99.9%",
	                                    "2021年",
	                                    "：",
	                                    "？"};
	unsigned seed = 12345;
	for (int round = 0; round < 40; round++) {
		quire_buf html = QUIRE_BUF_INIT;
		quire_buf_puts(&html, "<p>开始");
		bool was_punct = false;
		for (int i = 0; i < 60; i++) {
			seed = seed * 1103515245u + 12345u;
			const char *w = words[(seed >> 16) % (sizeof words / sizeof *words)];
			/* no runs of punctuation wider than a line: those cannot obey both rules */
			bool punct = strlen(w) == 3 && (unsigned char)w[0] >= 0x80; /* one punctuation mark */
			if (punct && was_punct) continue;
			was_punct = punct;
			bool latin = (unsigned char)w[0] < 0x80;
			if (latin && html.len > 3) quire_buf_putc(&html, ' ');
			quire_buf_puts(&html, w);
		}
		quire_buf_puts(&html, "</p>");
		quire_article *a = S_article(html.data);
		char *flat = S_render(a, 0, 0), *want = S_squeeze(flat);
		for (int width = 10; width <= 44; width++) {
			char *got = S_render(a, width, 0), *sq = S_squeeze(got);
			S_check_lines(got, width);
			assert_string_equal(sq, want);
			free(sq);
			free(got);
		}
		free(want);
		free(flat);
		quire_article_free(a);
		quire_buf_free(&html);
	}
}

/* Inputs built to be slow or deep finish quickly and stay within bounds. */
static void test_pathological(void **state)
{
	(void)state;
	quire_buf h = QUIRE_BUF_INIT;
	/* a huge cell in a narrow table: thousands of wrapped lines */
	quire_buf_puts(&h, "<table><tr><td>");
	for (int i = 0; i < 50000; i++)
		quire_buf_puts(&h, "xy ");
	quire_buf_puts(&h, "</td><td>z</td></tr></table>");
	quire_article *a = S_article(h.data);
	char *got = S_render(a, 10, 0);
	S_check_lines(got, 10);
	free(got);
	quire_article_free(a);
	/* a row of 20,000 cells */
	quire_buf_reset(&h);
	quire_buf_puts(&h, "<table><tr>");
	for (int i = 0; i < 20000; i++)
		quire_buf_puts(&h, "<td>a</td>");
	quire_buf_puts(&h, "</tr></table>");
	a = S_article(h.data);
	got = S_render(a, 40, 0);
	assert_true(strlen(got) > 20000);
	free(got);
	quire_article_free(a);
	/* quotes nested 300 deep: laid out down to the depth limit, then dropped */
	quire_buf_reset(&h);
	for (int i = 0; i < 300; i++)
		quire_buf_puts(&h, "<blockquote>");
	quire_buf_puts(&h, "deep");
	a = S_article(h.data);
	got = S_render(a, 40, 0);
	assert_true(got[strlen(got) - 1] == '\n');
	free(got);
	quire_article_free(a);
	/* a 200 KB title at width 5 and a 1 MB paragraph without a space */
	quire_buf_reset(&h);
	for (int i = 0; i < 20000; i++)
		quire_buf_puts(&h, "标题 title");
	a = S_article("<p>x</p>");
	quire_article_set(a, QUIRE_TITLE, h.data);
	got = S_render(a, 5, TEXT_HEADER);
	assert_non_null(strstr(got, "\n=====\n"));
	free(got);
	quire_article_free(a);
	quire_buf_reset(&h);
	quire_buf_puts(&h, "<p>");
	for (int i = 0; i < 100000; i++)
		quire_buf_puts(&h, "abcdefghij");
	quire_buf_puts(&h, "</p>");
	a = S_article(h.data);
	got = S_render(a, 40, 0);
	S_check_lines(got, 40);
	assert_int_equal(strlen(got), 1000000 + 1000000 / 40);
	free(got);
	quire_article_free(a);
	quire_buf_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_header),       cmocka_unit_test(test_blocks),
	    cmocka_unit_test(test_lists),        cmocka_unit_test(test_links),
	    cmocka_unit_test(test_tables),       cmocka_unit_test(test_chrome),
	    cmocka_unit_test(test_wrap_exact),   cmocka_unit_test(test_wrap_properties),
	    cmocka_unit_test(test_pathological), cmocka_unit_test(test_title_heading),
	    cmocka_unit_test(test_plain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
