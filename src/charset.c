/* charset.c - charset labels (WHATWG) and decoding with iconv. STUB. */
#include <string.h>

#include "private.h"

const char *charset_canonical(const char *label)
{
	(void)label;
	return "UTF-8";
}

size_t charset_decode(const char *encoding, const unsigned char *in, size_t len, quire_buf *out)
{
	(void)encoding;
	return text_utf8_repair((const char *)in, len, out);
}
