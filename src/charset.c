/* charset.c - charset labels mapped as the WHATWG Encoding Standard says, and
 * decoding to UTF-8 with glibc's iconv, every invalid sequence replaced by
 * U+FFFD and counted. It does not detect charsets (readers call uchardet). */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct S_label {
	const char *label;
	const char *name; /* WHATWG encoding name */
} S_label;

/* The labels real pages use (WHATWG Encoding Standard, section 4.2). The
 * ISO-8859 family and windows-125x are handled by pattern below. */
static const S_label S_labels[] = {{"utf-8", "UTF-8"},
                                   {"utf8", "UTF-8"},
                                   {"unicode-1-1-utf-8", "UTF-8"},
                                   {"unicode11utf8", "UTF-8"},
                                   {"unicode20utf8", "UTF-8"},
                                   {"x-unicode20utf8", "UTF-8"},
                                   {"utf-16", "UTF-16LE"},
                                   {"utf-16le", "UTF-16LE"},
                                   {"ucs-2", "UTF-16LE"},
                                   {"unicode", "UTF-16LE"},
                                   {"csunicode", "UTF-16LE"},
                                   {"iso-10646-ucs-2", "UTF-16LE"},
                                   {"unicodefeff", "UTF-16LE"},
                                   {"utf-16be", "UTF-16BE"},
                                   {"unicodefffe", "UTF-16BE"},
                                   {"866", "IBM866"},
                                   {"cp866", "IBM866"},
                                   {"csibm866", "IBM866"},
                                   {"ibm866", "IBM866"},
                                   {"us-ascii", "windows-1252"},
                                   {"ascii", "windows-1252"},
                                   {"ansi_x3.4-1968", "windows-1252"},
                                   {"cp819", "windows-1252"},
                                   {"ibm819", "windows-1252"},
                                   {"csisolatin1", "windows-1252"},
                                   {"iso-ir-100", "windows-1252"},
                                   {"l1", "windows-1252"},
                                   {"latin1", "windows-1252"},
                                   {"x-cp1252", "windows-1252"},
                                   {"l2", "ISO-8859-2"},
                                   {"latin2", "ISO-8859-2"},
                                   {"l3", "ISO-8859-3"},
                                   {"latin3", "ISO-8859-3"},
                                   {"l4", "ISO-8859-4"},
                                   {"latin4", "ISO-8859-4"},
                                   {"cyrillic", "ISO-8859-5"},
                                   {"arabic", "ISO-8859-6"},
                                   {"greek", "ISO-8859-7"},
                                   {"greek8", "ISO-8859-7"},
                                   {"hebrew", "ISO-8859-8"},
                                   {"visual", "ISO-8859-8"},
                                   {"iso-8859-8-i", "ISO-8859-8-I"},
                                   {"logical", "ISO-8859-8-I"},
                                   {"csiso88598i", "ISO-8859-8-I"},
                                   {"l6", "ISO-8859-10"},
                                   {"latin6", "ISO-8859-10"},
                                   {"l9", "ISO-8859-15"},
                                   {"latin5", "windows-1254"},
                                   {"l5", "windows-1254"},
                                   {"tis-620", "windows-874"},
                                   {"dos-874", "windows-874"},
                                   {"koi", "KOI8-R"},
                                   {"koi8", "KOI8-R"},
                                   {"koi8-r", "KOI8-R"},
                                   {"koi8_r", "KOI8-R"},
                                   {"cskoi8r", "KOI8-R"},
                                   {"koi8-u", "KOI8-U"},
                                   {"koi8-ru", "KOI8-U"},
                                   {"mac", "macintosh"},
                                   {"macintosh", "macintosh"},
                                   {"csmacintosh", "macintosh"},
                                   {"x-mac-roman", "macintosh"},
                                   {"x-mac-cyrillic", "x-mac-cyrillic"},
                                   {"x-mac-ukrainian", "x-mac-cyrillic"},
                                   {"mac-cyrillic", "x-mac-cyrillic"},
                                   {"chinese", "GBK"},
                                   {"csgb2312", "GBK"},
                                   {"csiso58gb231280", "GBK"},
                                   {"gb2312", "GBK"},
                                   {"gb_2312", "GBK"},
                                   {"gb_2312-80", "GBK"},
                                   {"gbk", "GBK"},
                                   {"iso-ir-58", "GBK"},
                                   {"x-gbk", "GBK"},
                                   {"cp936", "GBK"},
                                   {"euc-cn", "GBK"},
                                   {"gb18030", "gb18030"},
                                   {"big5", "Big5"},
                                   {"big5-hkscs", "Big5"},
                                   {"cn-big5", "Big5"},
                                   {"csbig5", "Big5"},
                                   {"x-x-big5", "Big5"},
                                   {"cseucpkdfmtjapanese", "EUC-JP"},
                                   {"euc-jp", "EUC-JP"},
                                   {"x-euc-jp", "EUC-JP"},
                                   {"csiso2022jp", "ISO-2022-JP"},
                                   {"iso-2022-jp", "ISO-2022-JP"},
                                   {"csshiftjis", "Shift_JIS"},
                                   {"ms932", "Shift_JIS"},
                                   {"ms_kanji", "Shift_JIS"},
                                   {"shift-jis", "Shift_JIS"},
                                   {"shift_jis", "Shift_JIS"},
                                   {"sjis", "Shift_JIS"},
                                   {"windows-31j", "Shift_JIS"},
                                   {"x-sjis", "Shift_JIS"},
                                   {"cp932", "Shift_JIS"},
                                   {"cseuckr", "EUC-KR"},
                                   {"csksc56011987", "EUC-KR"},
                                   {"euc-kr", "EUC-KR"},
                                   {"iso-ir-149", "EUC-KR"},
                                   {"korean", "EUC-KR"},
                                   {"ks_c_5601-1987", "EUC-KR"},
                                   {"ks_c_5601-1989", "EUC-KR"},
                                   {"ksc5601", "EUC-KR"},
                                   {"ksc_5601", "EUC-KR"},
                                   {"windows-949", "EUC-KR"},
                                   {"cp949", "EUC-KR"},
                                   {"uhc", "EUC-KR"},
                                   {NULL, NULL}};

/* ISO-8859-N as WHATWG maps it: 1 and 9 to their windows supersets, 11 to 874. */
static const char *S_iso8859(int n)
{
	static const char *const names[] = {
	    NULL,         "windows-1252", "ISO-8859-2",  "ISO-8859-3",   "ISO-8859-4",  "ISO-8859-5",
	    "ISO-8859-6", "ISO-8859-7",   "ISO-8859-8",  "windows-1254", "ISO-8859-10", "windows-874",
	    NULL,         "ISO-8859-13",  "ISO-8859-14", "ISO-8859-15",  "ISO-8859-16"};
	return n > 0 && n <= 16 ? names[n] : NULL;
}

static const char *S_windows(int n)
{
	static const char *const names[] = {"windows-1250", "windows-1251", "windows-1252",
	                                    "windows-1253", "windows-1254", "windows-1255",
	                                    "windows-1256", "windows-1257", "windows-1258"};
	return n >= 1250 && n <= 1258 ? names[n - 1250] : n == 874 ? "windows-874" : NULL;
}

/* Digits after a prefix ("iso-8859-", "iso8859", "windows-", "cp"); -1 when the
 * rest is not all digits. */
static int S_number_after(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(s, prefix, n) != 0 || !s[n]) return -1;
	int v = 0;
	for (s += n; *s; s++) {
		if (!isdigit((unsigned char)*s) || v > 100000) return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

const char *charset_canonical(const char *label)
{
	char key[48];
	if (!label) return NULL;
	while (*label == ' ' || *label == '\t' || *label == '\n' || *label == '\r' || *label == '"' ||
	       *label == '\'')
		label++;
	size_t n = 0;
	for (; label[n] && n + 1 < sizeof key; n++)
		key[n] = (char)tolower((unsigned char)label[n]);
	while (n && (key[n - 1] == ' ' || key[n - 1] == '\t' || key[n - 1] == '\n' || key[n - 1] == '\r' ||
	             key[n - 1] == '"' || key[n - 1] == '\'' || key[n - 1] == ';'))
		n--;
	key[n] = '\0';
	for (const S_label *l = S_labels; l->label; l++)
		if (strcmp(l->label, key) == 0) return l->name;
	static const char *const iso[] = {"iso-8859-", "iso8859-", "iso_8859-", "iso8859", "iso-8859_", NULL};
	for (int i = 0; iso[i]; i++) {
		int v = S_number_after(key, iso[i]);
		if (v > 0) return S_iso8859(v);
	}
	if (strncmp(key, "iso_8859-", 9) == 0 && strchr(key, ':')) {
		*strchr(key, ':') = '\0';
		return S_iso8859(S_number_after(key, "iso_8859-"));
	}
	static const char *const win[] = {"windows-", "cp", "x-cp", "win", NULL};
	for (int i = 0; win[i]; i++) {
		int v = S_number_after(key, win[i]);
		if (v > 0) return S_windows(v);
	}
	return NULL;
}

/* The glibc iconv name that decodes a WHATWG encoding (the supersets WHATWG
 * decoders use: GB18030 for GBK, Big5-HKSCS for Big5, CP932/CP949 for the
 * Microsoft variants of Shift_JIS and EUC-KR). */
static const char *S_iconv_name(const char *name)
{
	static const S_label map[] = {{"GBK", "GB18030"},
	                              {"gb18030", "GB18030"},
	                              {"Big5", "BIG5-HKSCS"},
	                              {"Shift_JIS", "CP932"},
	                              {"EUC-KR", "CP949"},
	                              {"EUC-JP", "EUC-JP"},
	                              {"ISO-2022-JP", "ISO-2022-JP"},
	                              {"KOI8-R", "KOI8-R"},
	                              {"KOI8-U", "KOI8-U"},
	                              {"IBM866", "CP866"},
	                              {"macintosh", "MACINTOSH"},
	                              {"x-mac-cyrillic", "MAC-CYRILLIC"},
	                              {"ISO-8859-8-I", "ISO-8859-8"},
	                              {"windows-874", "CP874"},
	                              {"UTF-16LE", "UTF-16LE"},
	                              {"UTF-16BE", "UTF-16BE"},
	                              {NULL, NULL}};
	for (const S_label *m = map; m->label; m++)
		if (strcmp(m->label, name) == 0) return m->name;
	if (strncmp(name, "windows-", 8) == 0 || strncmp(name, "ISO-8859-", 9) == 0) return name;
	return NULL;
}

/* Width of one unit of the encoding to skip over an invalid sequence. */
static size_t S_unit(const char *iname)
{
	return strncmp(iname, "UTF-16", 6) == 0 ? 2 : 1;
}

bool charset_utf8_valid(const unsigned char *s, size_t len, size_t *multibyte)
{
	size_t i = 0, mb = 0;
	while (i < len) {
		/* eight ASCII bytes at a time */
		if (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (!(w & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n = c >= 0xC2 && c <= 0xDF   ? 2
		           : c >= 0xE0 && c <= 0xEF ? 3
		           : c >= 0xF0 && c <= 0xF4 ? 4
		                                    : 0;
		if (!n || i + n > len) return false;
		unsigned char c1 = s[i + 1];
		if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) ||
		    (c == 0xF4 && c1 > 0x8F))
			return false;
		for (size_t k = 1; k < n; k++)
			if ((s[i + k] & 0xC0) != 0x80) return false;
		i += n;
		mb++;
	}
	if (multibyte) *multibyte = mb;
	return true;
}

size_t charset_decode(const char *encoding, const unsigned char *in, size_t len, quire_buf *out)
{
	const char *canon = charset_canonical(encoding);
	if (!canon) canon = encoding;
	if (strcmp(canon, "UTF-8") == 0) {
		if (charset_utf8_valid(in, len, NULL)) {
			quire_buf_append(out, in, len);
			return 0;
		}
		return text_utf8_repair((const char *)in, len, out);
	}
	const char *iname = S_iconv_name(canon);
	if (!iname) return (size_t)-1;
	iconv_t cd = iconv_open("UTF-8", iname);
	if (cd == (iconv_t)-1) return (size_t)-1;
	size_t bad = 0, unit = S_unit(iname);
	char *ip = (char *)(uintptr_t)in;
	size_t ileft = len;
	while (ileft > 0) {
		quire_buf_grow(out, ileft * 2 + 16);
		char *op = out->data + out->len;
		size_t oleft = out->cap - out->len - 1;
		size_t r = iconv(cd, &ip, &ileft, &op, &oleft);
		out->len = (size_t)(op - out->data);
		out->data[out->len] = '\0';
		if (r != (size_t)-1) break;
		if (errno == E2BIG) continue;
		/* EILSEQ or EINVAL (truncated at the end): one U+FFFD, skip one unit */
		quire_buf_puts(out, "\xEF\xBF\xBD");
		bad++;
		size_t skip = ileft < unit ? ileft : unit;
		ip += skip;
		ileft -= skip;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	/* flush shift state (ISO-2022-JP) */
	quire_buf_grow(out, 16);
	char *op = out->data + out->len;
	size_t oleft = out->cap - out->len - 1;
	iconv(cd, NULL, NULL, &op, &oleft);
	out->len = (size_t)(op - out->data);
	out->data[out->len] = '\0';
	iconv_close(cd);
	return bad;
}
