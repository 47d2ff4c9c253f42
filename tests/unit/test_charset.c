/* test_charset.c - charset labels mapped as the WHATWG Encoding Standard says,
 * decoding with iconv into the supersets WHATWG decoders use (GB18030 for
 * GBK, CP932 for Shift_JIS, CP949 for EUC-KR, windows-1252 for Latin-1),
 * invalid sequences replaced with U+FFFD and counted, and the HTML5 <meta>
 * prescan of the html reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "../formats/html/html.h"

static void test_labels(void **state)
{
	(void)state;
	static const char *const cases[][2] = {{"gb2312", "GBK"},
	                                       {"GBK", "GBK"},
	                                       {"x-gbk", "GBK"},
	                                       {"chinese", "GBK"},
	                                       {"gb18030", "gb18030"},
	                                       {"big5", "Big5"},
	                                       {"Big5-HKSCS", "Big5"},
	                                       {"shift_jis", "Shift_JIS"},
	                                       {"sjis", "Shift_JIS"},
	                                       {"ms932", "Shift_JIS"},
	                                       {"windows-31j", "Shift_JIS"},
	                                       {"euc-jp", "EUC-JP"},
	                                       {"euc-kr", "EUC-KR"},
	                                       {"ks_c_5601-1987", "EUC-KR"},
	                                       {"koi8-r", "KOI8-R"},
	                                       {"koi8-u", "KOI8-U"},
	                                       {"utf8", "UTF-8"},
	                                       {" \"UTF-8\" ", "UTF-8"},
	                                       {"iso-8859-1", "windows-1252"},
	                                       {"latin1", "windows-1252"},
	                                       {"US-ASCII", "windows-1252"},
	                                       {"ascii", "windows-1252"},
	                                       {"iso-8859-2", "ISO-8859-2"},
	                                       {"iso8859-15", "ISO-8859-15"},
	                                       {"ISO_8859-5:1988", "ISO-8859-5"},
	                                       {"iso-8859-9", "windows-1254"},
	                                       {"iso-8859-11", "windows-874"},
	                                       {"tis-620", "windows-874"},
	                                       {"windows-1251", "windows-1251"},
	                                       {"cp1251", "windows-1251"},
	                                       {"x-cp1250", "windows-1250"},
	                                       {"utf-16", "UTF-16LE"},
	                                       {"utf-16be", "UTF-16BE"},
	                                       {"mac", "macintosh"}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = charset_canonical(cases[i][0]);
		assert_non_null(got);
		assert_string_equal(got, cases[i][1]);
	}
	assert_null(charset_canonical("no-such-charset"));
	assert_null(charset_canonical("windows-9999"));
	assert_null(charset_canonical("iso-8859-12"));
	assert_null(charset_canonical(NULL));
}

/* Decodes and checks the text and the replacement count. */
static void S_decode(const char *enc, const char *bytes, size_t len, const char *want, size_t want_bad)
{
	quire_buf b = QUIRE_BUF_INIT;
	size_t bad = charset_decode(enc, (const unsigned char *)bytes, len, &b);
	assert_int_equal(bad, want_bad);
	assert_non_null(b.data);
	assert_string_equal(b.data, want);
	quire_buf_free(&b);
}

static void test_decode(void **state)
{
	(void)state;
	S_decode("gb2312", "\xD6\xD0\xCE\xC4", 4, "中文", 0);
	/* the euro sign of GB18030 (0xA2E3) */
	S_decode("gbk", "\xA2\xE3", 2, "\xE2\x82\xAC", 0);
	S_decode("big5", "\xA4\xA4\xA4\xE5", 4, "中文", 0);
	S_decode("shift_jis", "\x93\xFA\x96\x7B", 4, "日本", 0);
	S_decode("shift_jis", "\x87\x40", 2, "\xE2\x91\xA0", 0); /* NEC ① : CP932 only */
	S_decode("euc-jp", "\xC6\xFC\xCB\xDC", 4, "日本", 0);
	S_decode("euc-kr", "\xC7\xD1\xB1\xB9", 4, "한국", 0);
	S_decode("euc-kr", "\x8C\x63", 2, "똠", 0); /* CP949 extension */
	S_decode("iso-8859-1", "caf\xE9 \x80 \x93q\x94", 10, "café € “q”", 0);
	S_decode("windows-1251", "\xCF\xF0\xE8\xE2\xE5\xF2", 6, "Привет", 0);
	S_decode("koi8-r", "\xF0\xD2\xC9\xD7\xC5\xD4", 6, "Привет", 0);
	S_decode("utf-16le", "h\0i\0", 4, "hi", 0);
	/* replacements: invalid UTF-8, a truncated GBK pair, a bad Shift_JIS trail */
	S_decode("utf-8",
	         "a\xFF"
	         "b\xC3",
	         4,
	         "a\xEF\xBF\xBD"
	         "b\xEF\xBF\xBD",
	         2);
	S_decode("gbk", "A\xD6\xD0\xD6", 4, "A中\xEF\xBF\xBD", 1);
	S_decode("euc-jp", "\xC6\xFC\xFF\xC6\xFC", 5, "日\xEF\xBF\xBD日", 1);
	/* a large input crosses iconv's output buffer growth */
	size_t n = 300000;
	char *big = malloc(n * 2);
	assert_non_null(big);
	for (size_t i = 0; i < n; i++)
		memcpy(big + 2 * i, "\xD6\xD0", 2);
	quire_buf b = QUIRE_BUF_INIT;
	assert_int_equal(charset_decode("gbk", (unsigned char *)big, n * 2, &b), 0);
	assert_int_equal(b.len, n * 3);
	assert_memory_equal(b.data + b.len - 3, "中", 3);
	quire_buf_free(&b);
	free(big);
	quire_buf c = QUIRE_BUF_INIT;
	assert_int_equal(charset_decode("x-no-such", (const unsigned char *)"a", 1, &c), (size_t)-1);
	quire_buf_free(&c);
}

static void test_utf8_valid(void **state)
{
	(void)state;
	size_t mb = 99;
	assert_true(charset_utf8_valid((const unsigned char *)"plain ascii text here", 21, &mb));
	assert_int_equal(mb, 0);
	assert_true(charset_utf8_valid((const unsigned char *)"中文 and 𝄞", strlen("中文 and 𝄞"), &mb));
	assert_int_equal(mb, 3);
	assert_false(charset_utf8_valid((const unsigned char *)"\xC0\x80", 2, NULL));         /* overlong */
	assert_false(charset_utf8_valid((const unsigned char *)"\xED\xA0\x80", 3, NULL));     /* surrogate */
	assert_false(charset_utf8_valid((const unsigned char *)"abc\xE4\xB8", 5, NULL));      /* truncated */
	assert_false(charset_utf8_valid((const unsigned char *)"\xD6\xD0\xCE\xC4", 4, NULL)); /* GBK */
}

static bool S_scan(const char *html, const char *want)
{
	char label[64];
	bool found = html_prescan((const unsigned char *)html, strlen(html), label, sizeof label);
	if (!want) return !found;
	return found && strcmp(label, want) == 0;
}

static void test_prescan(void **state)
{
	(void)state;
	assert_true(S_scan("<!doctype html><html><head><meta charset=\"GBK\">", "gbk"));
	assert_true(S_scan("<meta charset=big5>", "big5"));
	assert_true(
	    S_scan("<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=Shift_JIS'>", "shift_jis"));
	assert_true(
	    S_scan("<meta content=\"text/html; charset=euc-kr\" http-equiv=\"content-type\">", "euc-kr"));
	/* a charset in content without the pragma does not count */
	assert_true(S_scan("<meta name=x content=\"text/html; charset=gbk\">", NULL));
	/* comments and other tags' attributes are skipped */
	assert_true(S_scan("<!-- <meta charset=koi8-r> --><meta charset=utf-8>", "utf-8"));
	assert_true(S_scan("<div title='<meta charset=gbk>'><meta charset=\"big5\">", "big5"));
	/* an unknown label is passed over for the next one */
	assert_true(S_scan("<meta charset=bogus><meta charset=gb2312>", "gb2312"));
	assert_true(S_scan("<html><body>no declaration</body></html>", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_labels),
	    cmocka_unit_test(test_decode),
	    cmocka_unit_test(test_utf8_valid),
	    cmocka_unit_test(test_prescan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
