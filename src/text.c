/* text.c - UTF-8 repair, NFC and whitespace cleaning, display widths and CJK
 * line-breaking classes (utf8proc). STUB: to be completed. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "private.h"

bool text_utf8_valid(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t n = (utf8proc_ssize_t)len;
	while (n > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, n, &cp);
		if (k < 0)
			return false;
		p += k;
		n -= k;
	}
	return true;
}

size_t text_utf8_repair(const char *in, size_t len, quire_buf *out)
{
	size_t bad = 0;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)in;
	utf8proc_ssize_t n = (utf8proc_ssize_t)len;
	while (n > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, n, &cp);
		if (k < 0) {
			quire_buf_puts(out, "\xEF\xBF\xBD");
			bad++;
			k = 1;
		} else {
			quire_buf_append(out, p, (size_t)k);
		}
		p += k;
		n -= k;
	}
	return bad;
}

char *text_clean(const char *s)
{
	return strdup(s);
}

char *text_clean_line(const char *s)
{
	return strdup(s);
}

int text_decode_cp(const char *s, size_t len, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &c);
	if (k <= 0) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = c;
	return (int)k;
}

int text_cp_width(int32_t cp)
{
	return utf8proc_charwidth(cp);
}

size_t text_width(const char *s, size_t len)
{
	size_t w = 0;
	while (len) {
		int32_t cp;
		int k = text_decode_cp(s, len, &cp);
		w += (size_t)text_cp_width(cp);
		s += k;
		len -= (size_t)k;
	}
	return w;
}

bool text_no_line_start(int32_t cp)
{
	(void)cp;
	return false;
}

bool text_no_line_end(int32_t cp)
{
	(void)cp;
	return false;
}

bool text_cp_is_cjk(int32_t cp)
{
	return cp >= 0x3000 && cp <= 0x9FFF;
}
