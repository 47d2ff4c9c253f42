/* fuzz_html.c - a scraped page through html_read_page (charset resolution,
 * libxml2's HTML parser, metadata, extraction), then normalization and the
 * JSON and text renderings. The first byte picks a transport charset. */
#include "common.h"
#include "formats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const transport[] = {NULL,        "utf-8",        "gbk",  "big5",
	                                        "shift_jis", "windows-1252", "bogus"};
	const char *cs = size ? transport[data[0] % 7] : NULL;
	quire_article *a = NULL;
	quire_err err;
	quire_err_clear(&err);
	if (html_read_page(fuzz_ctx(), data, size, "https://example.org/a/b.html", cs, &a, &err) ==
	        QUIRE_OK &&
	    a) {
		quire_article_normalize(fuzz_ctx(), a);
		quire_buf b = QUIRE_BUF_INIT;
		quire_article_to_json(a, &b);
		text_render_article(a, 0, TEXT_HEADER | TEXT_LINKS | TEXT_KEEP_CHROME, &b);
		quire_buf_free(&b);
	}
	quire_article_free(a);
	return 0;
}
