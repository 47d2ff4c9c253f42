/* fuzz_charset.c - charset labels and decoding at the boundary: the first
 * bytes are a label (canonicalized as WHATWG says), the rest is decoded in a
 * set of encodings and in the label's; every result must be valid UTF-8.
 * When the html reader's detection (html_decode: BOM, prescan, uchardet) is
 * in the tree, the bytes go through it too. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#if __has_include("html/html.h")
#include "html/html.h"
#define HAVE_HTML_DECODE 1
#endif

static void S_decode(const char *enc, const uint8_t *p, size_t n)
{
	quire_buf out = QUIRE_BUF_INIT;
	size_t bad = charset_decode(enc, p, n, &out);
	if (bad != (size_t)-1 && out.len && !text_utf8_valid(out.data, out.len))
		abort(); /* decoding must give valid UTF-8 */
	quire_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t ll = size ? data[0] % 24 : 0;
	if (ll + 1 > size) ll = size ? size - 1 : 0;
	char label[32];
	memcpy(label, data + (size ? 1 : 0), ll);
	label[ll] = '\0';
	const uint8_t *p = data + (size ? 1 + ll : 0);
	size_t n = size ? size - 1 - ll : 0;
	const char *canon = charset_canonical(label);
	if (canon) S_decode(canon, p, n);
	static const char *const encs[] = {"UTF-8",    "gb18030",    "Big5-HKSCS",   "Shift_JIS",
	                                   "EUC-JP",   "EUC-KR",     "windows-1252", "UTF-16LE",
	                                   "UTF-16BE", "ISO-2022-JP"};
	S_decode(encs[(size ? data[size - 1] : 0) % 10], p, n);
#ifdef HAVE_HTML_DECODE
	quire_article *a = quire_article_new();
	quire_buf out = QUIRE_BUF_INIT;
	html_decode(p, n, canon, a, &out);
	if (out.len && !text_utf8_valid(out.data, out.len)) abort();
	quire_buf_free(&out);
	quire_article_free(a);
#endif
	return 0;
}
