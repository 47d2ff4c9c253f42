/* test_epub.c - the epub writer driven directly with articles built here
 * (no reader involved): container layout (mimetype first, stored, no extra
 * field), links inside the book, remote images to alt text, embedded images,
 * volumes, vertical writing, reproducibility; and resources_collect's rules.
 * With QUIRE_EPUB_OUT=DIR the books are also copied there (the epubcheck
 * conformance test validates them). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zip.h>

#include "engine.h"

static char g_dir[256];

/* A 1x1 PNG (base64) for data: URIs. */
#define PNG_B64                                                                                              \
	"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

static quire_article *S_article(quire_ctx *ctx, const char *title, const char *url, int64_t utc,
                                const char *cat, const char *lang, const char *html)
{
	quire_article *a = quire_article_new();
	if (title) quire_article_set(a, QUIRE_TITLE, title);
	quire_article_set(a, QUIRE_URL, url);
	quire_article_set(a, QUIRE_LANG, lang);
	quire_article_set(a, QUIRE_SITE_NAME, "Test Site");
	char path[512];
	snprintf(path, sizeof path, "%s/site/_posts/%s.md", g_dir, strrchr(url, '/') + 1);
	quire_article_set(a, QUIRE_INPUT_PATH, path);
	snprintf(path, sizeof path, "%s/site", g_dir);
	quire_article_set(a, QUIRE_INPUT_ROOT, path);
	quire_article_add(a, QUIRE_AUTHORS, "Ann Writer");
	if (cat) quire_article_add(a, QUIRE_CATEGORIES, cat);
	quire_article_add(a, QUIRE_TAGS, "news");
	if (utc) {
		quire_time t = {utc, 8 * 3600, QUIRE_PREC_SECOND};
		quire_article_set_time(a, QUIRE_PUBLISHED, &t);
	}
	quire_article_set_body(a, quire_body_from_html(html, strlen(html)));
	quire_article_normalize(ctx, a);
	return a;
}

static const char *const S_html[] = {
    /* links: scheme-less, to the next article, a missing fragment, a relative one */
    "<p>\xE7\xAC\xAC\xE4\xB8\x80\xE7\xAF\x87 <a href=\"//example.com/x y\">ext</a> "
    "<a href=\"http://www.test.example/b/2.html#top\">next</a> <a href=\"#nowhere\">frag</a> "
    "<a href=\"../rel/\">rel</a>&nbsp;<span id=\"1bad\" lang=\"zh_CN\">s</span>"
    "<span id=\"ok.1\">a</span><span id=\"ok.1\">b</span></p>"
    "<p><img src=\"https://remote.example/pic.jpg\" alt=\"remote picture\" width=\"100%\"/></p>"
    "<ul>stray text<li>item</li><p>para in list</p></ul>"
    "<table><tr>text in row<td>cell</td></tr>loose</table>"
    "<h2><div>block in heading</div></h2><p><figure><img src=\"data:image/png;base64," PNG_B64
    "\" alt=\"dot\"/></figure></p>"
    "<p><a href=\"/\">home</a> | <a href=\"/emnews/\">list</a></p>",
    "<p>Second article, no title. <a href=\"https://test.example/a/1.html\">back</a>"
    " <img src=\"/assets/pic.gif\" alt=\"local gif\"/> <img src=\"../../../../../etc/passwd\" "
    "alt=\"nope\"/></p>"
    "<pre>code\n  kept</pre><time>soon</time><p><em><p>em block</p></em></p>",
    "<p>Undated third.<ruby>\xE6\xBC\xA2<rt>kan</rt></ruby><dd>orphan dd</dd><li>orphan li</li></p>",
};

static int S_setup(void **state)
{
	(void)state;
	snprintf(g_dir, sizeof g_dir, "/tmp/quire-test-epub-XXXXXX");
	if (!mkdtemp(g_dir)) return -1;
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "mkdir -p %s/site/_posts %s/site/assets %s/out", g_dir, g_dir, g_dir);
	if (system(cmd) != 0) return -1;
	char path[512];
	snprintf(path, sizeof path, "%s/site/assets/pic.gif", g_dir);
	FILE *f = fopen(path, "wb");
	static const unsigned char gif[] = {0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1,    0,    1,    0,    0x80,
	                                    0,    0,    0,    0,    0,    0xff, 0xff, 0xff, 0x21, 0xf9, 4,
	                                    1,    0,    0,    0,    0,    0x2c, 0,    0,    0,    0,    1,
	                                    0,    1,    0,    0,    2,    2,    0x44, 1,    0,    0x3b};
	fwrite(gif, 1, sizeof gif, f);
	fclose(f);
	return 0;
}

static int S_teardown(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Writes the three articles with the options into out/NAME; returns 0 on success. */
static quire_result S_book(quire_options *o, const char *name)
{
	quire_err err;
	o->force = 1;
	quire_ctx *ctx = quire_ctx_new(o, &err);
	assert_non_null(ctx);
	const quire_writer_ops *w = quire_writer_find("epub");
	char path[512];
	snprintf(path, sizeof path, "%s/out/%s", g_dir, name);
	void *st = NULL;
	quire_result r = w->open(ctx, path, &st, &err);
	assert_int_equal(r, QUIRE_OK);
	const char *urls[] = {"https://test.example/a/1.html", "https://test.example/b/2.html",
	                      "https://test.example/c/3.html"};
	const char *titles[] = {"\xE7\xAC\xAC\xE4\xB8\x80 First", NULL, "Third"};
	const int64_t dates[] = {1638931141, 1638931200, 0};
	const char *cats[] = {"emnews", "sitenews", NULL};
	for (int i = 0; i < 3; i++) {
		quire_article *a = S_article(ctx, titles[i], urls[i], dates[i], cats[i], "zh-CN", S_html[i]);
		assert_int_equal(w->write(st, a, &err), QUIRE_OK);
		quire_article_free(a);
	}
	r = w->close(st, &err);
	quire_ctx_free(ctx);
	const char *keep = getenv("QUIRE_EPUB_OUT");
	if (keep && *keep && r == QUIRE_OK) {
		char cmd[1400];
		snprintf(cmd, sizeof cmd, "cp %s/out/%.*s*.epub %s/", g_dir, (int)(strlen(name) - 5), name,
		         keep);
		assert_int_equal(system(cmd), 0);
	}
	return r;
}

static char *S_entry(zip_t *z, const char *name, size_t *len)
{
	zip_stat_t st;
	if (zip_stat(z, name, 0, &st) != 0) return NULL;
	zip_file_t *f = zip_fopen(z, name, 0);
	char *buf = calloc(1, (size_t)st.size + 1);
	zip_fread(f, buf, st.size);
	zip_fclose(f);
	if (len) *len = (size_t)st.size;
	return buf;
}

static zip_t *S_open(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/out/%s", g_dir, name);
	int e = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &e);
	assert_non_null(z);
	return z;
}

static void test_container(void **state)
{
	(void)state;
	quire_options o = {0};
	o.group_by = "category";
	assert_int_equal(S_book(&o, "book.epub"), QUIRE_OK);
	zip_t *z = S_open("book.epub");
	zip_stat_t st;
	assert_int_equal(zip_stat_index(z, 0, 0, &st), 0);
	assert_string_equal(st.name, "mimetype");
	assert_int_equal(st.comp_method, ZIP_CM_STORE);
	assert_int_equal(zip_file_extra_fields_count(z, 0, ZIP_FL_LOCAL), 0);
	assert_int_equal(zip_file_extra_fields_count(z, 0, ZIP_FL_CENTRAL), 0);
	char *mt = S_entry(z, "mimetype", NULL);
	assert_string_equal(mt, "application/epub+zip");
	free(mt);
	char *opf = S_entry(z, "EPUB/package.opf", NULL);
	assert_non_null(strstr(opf, "<dc:identifier id=\"pub-id\">urn:uuid:"));
	assert_non_null(strstr(opf, "<dc:language>zh-CN</dc:language>"));
	assert_non_null(strstr(opf, "<dc:date>2021-12-08T10:40:00+08:00</dc:date>"));
	assert_non_null(strstr(opf, "<meta property=\"dcterms:modified\">2021-12-08T02:40:00Z</meta>"));
	assert_non_null(strstr(opf, "<dc:title id=\"title\">Test Site</dc:title>"));
	assert_non_null(strstr(opf, "media-type=\"image/png\""));
	assert_non_null(strstr(opf, "media-type=\"image/gif\""));
	free(opf);
	char *c1 = S_entry(z, "EPUB/c0001.xhtml", NULL);
	assert_non_null(strstr(c1, "href=\"https://example.com/x%20y\""));
	assert_non_null(strstr(c1, "href=\"c0002.xhtml\">next</a>")); /* sorted: emnews, sitenews, none */
	assert_non_null(strstr(c1, "remote picture"));
	assert_null(strstr(c1, "remote.example"));
	assert_null(strstr(c1, "nowhere"));
	assert_null(strstr(c1, "../rel/"));
	assert_null(strstr(c1, "&nbsp;"));
	assert_null(strstr(c1, "\"1bad\""));
	assert_null(strstr(c1, "[\xE8\xBF\x94\xE5\x9B\x9E"));
	assert_non_null(
	    strstr(c1, "<time datetime=\"2021-12-08T10:39:01+08:00\">2021-12-08 10:39:01 +08:00</time>"));
	assert_non_null(strstr(c1, "lang=\"zh-CN\" xml:lang=\"zh-CN\""));
	free(c1);
	char *nav = S_entry(z, "EPUB/nav.xhtml", NULL);
	assert_non_null(strstr(nav, "emnews</a><ol>"));
	assert_non_null(strstr(nav, "epub:type=\"landmarks\""));
	free(nav);
	zip_close(z);
}

static void test_reproducible(void **state)
{
	(void)state;
	quire_options o = {0};
	assert_int_equal(S_book(&o, "r1.epub"), QUIRE_OK);
	assert_int_equal(S_book(&o, "r2.epub"), QUIRE_OK);
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "cmp -s %s/out/r1.epub %s/out/r2.epub", g_dir, g_dir);
	assert_int_equal(system(cmd), 0);
}

static void test_volumes_vertical(void **state)
{
	(void)state;
	quire_options o = {0};
	o.max_articles = 2;
	o.vertical = 1;
	o.title = "Series";
	assert_int_equal(S_book(&o, "vol.epub"), QUIRE_OK);
	char path[512];
	snprintf(path, sizeof path, "%s/out/vol.epub", g_dir);
	assert_int_not_equal(access(path, F_OK), 0);
	zip_t *z = S_open("vol-2.epub");
	char *opf = S_entry(z, "EPUB/package.opf", NULL);
	assert_non_null(strstr(opf, "<meta property=\"belongs-to-collection\" id=\"series\">Series</meta>"));
	assert_non_null(strstr(opf, "<meta refines=\"#series\" property=\"group-position\">2</meta>") ||
	                strstr(opf, "<meta property=\"group-position\" refines=\"#series\">2</meta>"));
	assert_non_null(strstr(opf, "name=\"calibre:series_index\" content=\"2\""));
	assert_non_null(strstr(opf, "page-progression-direction=\"rtl\""));
	assert_non_null(strstr(opf, "name=\"primary-writing-mode\" content=\"vertical-rl\""));
	free(opf);
	char *css = S_entry(z, "EPUB/style.css", NULL);
	assert_non_null(strstr(css, "-epub-writing-mode: vertical-rl"));
	assert_null(strstr(css, "direction:"));
	free(css);
	zip_close(z);
	zip_close(S_open("vol-1.epub"));
}

static void test_resources(void **state)
{
	(void)state;
	quire_options o = {0};
	quire_err err;
	quire_ctx *ctx = quire_ctx_new(&o, &err);
	quire_article *a = S_article(ctx, "R", "https://test.example/r.html", 1, NULL, "en", S_html[1]);
	assert_non_null(quire_article_find_resource(a, "/assets/pic.gif"));
	assert_string_equal(quire_article_find_resource(a, "/assets/pic.gif")->media_type, "image/gif");
	assert_null(quire_article_find_resource(a, "../../../../../etc/passwd"));
	bool refused = false;
	for (size_t i = 0; i < quire_article_diag_count(a); i++)
		refused |= !strcmp(quire_article_diag_at(a, i)->code, "image-refused");
	assert_true(refused);
	quire_article_free(a);
	a = S_article(ctx, "D", "https://test.example/d.html", 1, NULL, "en", S_html[0]);
	const quire_resource *r = quire_article_find_resource(a, "data:image/png;base64," PNG_B64);
	assert_non_null(r);
	assert_string_equal(r->media_type, "image/png");
	assert_int_equal(r->size, 70);
	quire_article_free(a);
	quire_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_container),
	    cmocka_unit_test(test_reproducible),
	    cmocka_unit_test(test_volumes_vertical),
	    cmocka_unit_test(test_resources),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
