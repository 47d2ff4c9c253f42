/* test_text.c - UTF-8 validation and repair counts (WHATWG maximal subparts),
 * NFC, control and zero-width removal, one-line whitespace collapsing,
 * display widths and the CJK line-breaking classes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "internal.h"

static void S_repair(const char *in, size_t len, size_t want_bad, const char *want)
{
	quire_buf b = QUIRE_BUF_INIT;
	size_t bad = text_utf8_repair(in, len, &b);
	if (bad != want_bad) fail_msg("repair of %zu bytes: %zu replacements, want %zu", len, bad, want_bad);
	assert_int_equal(b.len, strlen(want));
	assert_memory_equal(b.data ? b.data : "", want, b.len);
	assert_true(text_utf8_valid(b.data ? b.data : "", b.len));
	assert_int_equal(text_utf8_valid(in, len), want_bad == 0);
	quire_buf_free(&b);
}

#define R(lit, bad, want) S_repair(lit, sizeof lit - 1, bad, want)
#define FFFD "\xEF\xBF\xBD"

static void test_utf8_repair(void **state)
{
	(void)state;
	R("", 0, "");
	R("plain ascii", 0, "plain ascii");
	R("中文 é 😀", 0, "中文 é 😀");
	R("a\xff"
	  "b",
	  1, "a" FFFD "b");
	R("end\xe4\xb8", 1, "end" FFFD);               /* truncated 3-byte sequence */
	R("\xc0\xaf", 2, FFFD FFFD);                   /* overlong: C0 is never a lead */
	R("\xe0\x80\xaf", 3, FFFD FFFD FFFD);          /* overlong 3-byte: E0 needs A0..BF */
	R("\xed\xa0\x80", 3, FFFD FFFD FFFD);          /* a surrogate */
	R("\xf4\x90\x80\x80", 4, FFFD FFFD FFFD FFFD); /* above U+10FFFF */
	R("\xf0\x9f\x98", 1, FFFD);                    /* truncated emoji */
	R("\xf0\x9f\x98"
	  "x",
	  1, FFFD "x");
	R("\xe4\xb8"
	  "\xe4\xb8\xad",
	  1, FFFD "中");             /* a new lead ends the subpart */
	R("\x80\x80", 2, FFFD FFFD); /* stray continuations */
	R("\xf8\x88\x80\x80\x80", 5, FFFD FFFD FFFD FFFD FFFD);
	/* a 1 MB mix stays linear and counts every bad byte */
	size_t n = 1 << 20;
	char *big = malloc(n);
	for (size_t i = 0; i < n; i++)
		big[i] = (i % 8 == 7) ? (char)0xFF : 'x';
	quire_buf b = QUIRE_BUF_INIT;
	assert_int_equal(text_utf8_repair(big, n, &b), n / 8);
	assert_int_equal(b.len, n - n / 8 + 3 * (n / 8));
	quire_buf_free(&b);
	free(big);
}

static void test_nul_byte(void **state)
{
	(void)state;
	quire_buf b = QUIRE_BUF_INIT;
	assert_int_equal(text_utf8_repair("a\0b", 3, &b), 0);
	assert_int_equal(b.len, 3);
	assert_true(text_utf8_valid("a\0b", 3));
	quire_buf_free(&b);
}

static void S_clean(const char *in, const char *want, bool line)
{
	char *c = line ? text_clean_line(in) : text_clean(in);
	assert_non_null(c);
	if (strcmp(c, want) != 0)
		fail_msg("clean%s(\"%s\") = \"%s\", want \"%s\"", line ? "_line" : "", in, c, want);
	free(c);
}

static void test_clean(void **state)
{
	(void)state;
	S_clean("e\xCC\x81", "\xC3\xA9", false);                      /* e + U+0301 -> é */
	S_clean("\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", "한", false); /* jamo -> syllable */
	S_clean("A\xCC\x8A", "\xC3\x85", false);                      /* A + ring -> Å */
	S_clean("\xE2\x84\xAB", "\xC3\x85", false);                   /* ANGSTROM SIGN -> Å (singleton) */
	S_clean("\xEF\xA4\x80", "\xE8\xB1\x88", false);               /* U+F900 compatibility ideograph */
	S_clean("ﬁ ①", "ﬁ ①", false);                                 /* NFC keeps compatibility forms */
	S_clean("q\xCC\xA3\xCC\x87", "q\xCC\xA3\xCC\x87", false);     /* canonical order kept */
	S_clean("q\xCC\x87\xCC\xA3", "q\xCC\xA3\xCC\x87", false);     /* and restored */
	S_clean("a\r\nb\rc\n\nd", "a\nb\nc\n\nd", false);
	S_clean("\r\r\n", "\n\n", false);
	S_clean("x\xE2\x80\x8By\xE2\x80\x8Cz\xE2\x80\x8D\xE2\x81\xA0w\xEF\xBB\xBF!",
	        "xy\xE2\x80\x8Cz\xE2\x80\x8Dw!", false); /* ZWNJ, ZWJ kept */
	S_clean("tab\tok\x01\x07\x1B[0m\x7F\xC2\x80\xC2\x9F", "tab\tok[0m", false);
	S_clean("next\xC2\x85line\r\xC2\x85", "next\nline\n\n", false); /* NEL is a line end */
	S_clean("\xEF\xBB\xBF"
	        "BOM first",
	        "BOM first", false);
	S_clean("中文\xE3\x80\x80全角　空格 keep\xC2\xA0nbsp", "中文\xE3\x80\x80全角　空格 keep\xC2\xA0nbsp",
	        false);
	S_clean("", "", false);
	S_clean("  spaces  kept  ", "  spaces  kept  ", false);
	/* a zero-width space between a base and its mark no longer blocks NFC */
	S_clean("e\xE2\x80\x8B\xCC\x81", "\xC3\xA9", false);
	/* ZWNJ and ZWJ stay: Persian spelling, emoji sequences (man ZWJ girl) */
	S_clean("\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xB4\xD9\x88\xD8\xAF",
	        "\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xB4\xD9\x88\xD8\xAF", false);
	S_clean("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA7",
	        "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA7", false);
	assert_null(text_clean("bad\xff"));
	assert_null(text_clean(NULL));
}

/* text_clean skips utf8proc for text it judges already NFC: check that
 * judgement for every code point, alone and before a combining mark. */
static void test_clean_matches_utf8proc(void **state)
{
	(void)state;
	static const int32_t after[] = {0, 0x0301, 0x3099, 0x11A8};
	for (int32_t cp = 0x20; cp <= 0x10FFFF; cp++) {
		if ((cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x7F && cp <= 0x9F) || cp == 0x200B ||
		    cp == 0x2060 || cp == 0xFEFF)
			continue;
		for (size_t a = 0; a < sizeof after / sizeof *after; a++) {
			utf8proc_uint8_t in[16];
			utf8proc_ssize_t n = utf8proc_encode_char(cp, in);
			if (after[a]) n += utf8proc_encode_char(after[a], in + n);
			in[n] = 0;
			char *got = text_clean((const char *)in);
			utf8proc_uint8_t *want = NULL;
			assert_true(utf8proc_map(in, 0, &want,
			                         UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE) >=
			            0);
			if (!got || strcmp(got, (const char *)want) != 0)
				fail_msg("U+%04X + U+%04X: text_clean differs from NFC", (unsigned)cp,
				         (unsigned)after[a]);
			free(got);
			free(want);
		}
	}
}

static void test_clean_line(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
	    {"  Hello   world  ", "Hello world"},
	    {"\xE3\x80\x80\xE3\x80\x80标题\xE3\x80\x80 文字\xE3\x80\x80", "标题 文字"},
	    {"a\r\n\tb\n\nc", "a b c"},
	    {"no\xC2\xA0\xC2\xA0"
	     "break",
	     "no break"},
	    {"x\xE2\x80\x83y\xE2\x80\xAFz", "x y z"}, /* em space, narrow nbsp */
	    {"\xE2\x80\x8B zero \xE2\x80\x8B", "zero"},
	    {"cafe\xCC\x81  au lait", "caf\xC3\xA9 au lait"},
	    {" \t\n ", ""},
	    {"", ""},
	    {"one", "one"},
	    {"ctl\x01 \x02 x", "ctl x"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		S_clean(cases[i][0], cases[i][1], true);
	assert_null(text_clean_line("\xc3"));
}

static void test_widths(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t w;
	} cases[] = {
	    {"", 0},
	    {"hello", 5},
	    {"中文", 4},
	    {"中文ab", 6},
	    {"Apple发布了iPhone 15。", 5 + 6 + 9 + 2},
	    {"，。「」、《》（）！？：；", 26},
	    {"ｆｕｌｌ", 8},  /* fullwidth Latin */
	    {"ｶﾀｶﾅ", 4},      /* halfwidth katakana */
	    {"\xC3\xA9", 1},  /* é */
	    {"e\xCC\x81", 1}, /* e + combining acute */
	    {"a\xE2\x80\x8B"
	     "b",
	     2},                                         /* zero-width space */
	    {"a\tb\x01", 2},                             /* controls */
	    {"한국어", 6},                               /* Hangul syllables are wide */
	    {"\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", 2}, /* conjoining jamo: one syllable */
	    {"😀", 2},
	    {"…—", 2},           /* ambiguous: narrow */
	    {"\xE3\x80\x80", 2}, /* ideographic space */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t w = text_width(cases[i].s, strlen(cases[i].s));
		if (w != cases[i].w) fail_msg("width(\"%s\") = %zu, want %zu", cases[i].s, w, cases[i].w);
	}
	assert_int_equal(text_cp_width(0x4E2D), 2);
	assert_int_equal(text_cp_width(0xFF0C), 2);
	assert_int_equal(text_cp_width(0x3002), 2);
	assert_int_equal(text_cp_width(0x300C), 2);
	assert_int_equal(text_cp_width(0x20000), 2); /* extension B */
	assert_int_equal(text_cp_width('a'), 1);
	assert_int_equal(text_cp_width(0), 0);
	assert_int_equal(text_cp_width(0x1B), 0);
	assert_int_equal(text_cp_width(0x85), 0);
	assert_int_equal(text_cp_width(0x0301), 0);
	assert_int_equal(text_cp_width(0xFEFF), 0);
	assert_int_equal(text_cp_width(0x093E), 1); /* Devanagari vowel sign AA: a spacing mark */
	assert_int_equal(text_cp_width(0x302A), 0); /* ideographic tone mark: non-spacing */
	assert_int_equal(text_cp_width(0x3030), 2); /* wavy dash */
	assert_int_equal(text_cp_width(0x00AD), 0); /* soft hyphen */
	assert_int_equal(text_cp_width(0x1160), 0); /* Hangul jungseong filler */
	/* width of a truncated buffer: the invalid tail counts as U+FFFD */
	assert_int_equal(text_width("ab\xE4\xB8", 4), 3);
}

static void test_decode_cp(void **state)
{
	(void)state;
	int32_t cp;
	assert_int_equal(text_decode_cp("中x", 4, &cp), 3);
	assert_int_equal(cp, 0x4E2D);
	assert_int_equal(text_decode_cp("😀", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	assert_int_equal(text_decode_cp("\xff", 1, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(text_decode_cp("\xe4\xb8", 2, &cp), 2);
	assert_int_equal(cp, 0xFFFD);
}

static void S_each(const char *s, bool (*fn)(int32_t), bool want)
{
	size_t len = strlen(s);
	while (len) {
		int32_t cp;
		int k = text_decode_cp(s, len, &cp);
		if (fn(cp) != want) fail_msg("U+%04X: expected %s", (unsigned)cp, want ? "true" : "false");
		s += k;
		len -= (size_t)k;
	}
}

static void test_punctuation(void **state)
{
	(void)state;
	S_each("，。、；：？！）」』》】〉〕〗〙〛’”…‥・ー〜", text_no_line_start, true);
	S_each("，．；：？！）］｝,.;:?!)]}", text_no_line_start, true);
	S_each("ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ", text_no_line_start, true);
	S_each("（「『《【〈〔〖〘〚‘“([{中文aあア1", text_no_line_start, false);
	S_each("（「『《【〈〔〖〘〚‘“([{（［｛", text_no_line_end, true);
	S_each("，。、）」』》】’”中a.,!", text_no_line_end, false);
}

static void test_cjk_class(void **state)
{
	(void)state;
	S_each("中文漢字ひらがなカタカナㄅㄆㄇ，。「」ＡＢ１２ｶﾀ豈", text_cp_is_cjk, true);
	S_each("한국어abc éßЖ", text_cp_is_cjk, false);
	assert_true(text_cp_is_cjk(0x20000));  /* extension B */
	assert_true(text_cp_is_cjk(0x3400));   /* extension A */
	assert_true(text_cp_is_cjk(0x2F800));  /* compatibility supplement */
	assert_true(text_cp_is_cjk(0x31350));  /* extension H */
	assert_false(text_cp_is_cjk(0x1100));  /* Hangul jamo */
	assert_false(text_cp_is_cjk(0x3131));  /* Hangul compatibility jamo */
	assert_false(text_cp_is_cjk(0xFFA1));  /* halfwidth Hangul */
	assert_false(text_cp_is_cjk(0x1F600)); /* emoji */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8_repair), cmocka_unit_test(test_nul_byte),
	    cmocka_unit_test(test_clean),       cmocka_unit_test(test_clean_matches_utf8proc),
	    cmocka_unit_test(test_clean_line),  cmocka_unit_test(test_widths),
	    cmocka_unit_test(test_decode_cp),   cmocka_unit_test(test_punctuation),
	    cmocka_unit_test(test_cjk_class),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
