/* decode.c - the html reader's boundary: which charset a page is in (BOM,
 * transport, the HTML5 <meta> prescan, uchardet, windows-1252), decoding it
 * once to UTF-8, and parsing the UTF-8 with libxml2. It extracts nothing. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlerror.h>
#include <uchardet.h>

#include "html.h"

/* ---- the HTML5 prescan (WHATWG "prescan a byte stream") ---------------------- */

typedef struct S_scan {
	const unsigned char *p, *end;
} S_scan;

static bool S_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/';
}

/* One attribute (name, value) at s->p; false at the end of the tag. */
static bool S_attr(S_scan *s, char *name, size_t nsize, char *value, size_t vsize)
{
	while (s->p < s->end && S_ws(*s->p))
		s->p++;
	if (s->p >= s->end || *s->p == '>') return false;
	size_t n = 0, v = 0;
	while (s->p < s->end && !S_ws(*s->p) && *s->p != '>' && *s->p != '=') {
		if (n + 1 < nsize) name[n++] = (char)tolower(*s->p);
		s->p++;
	}
	name[n] = '\0';
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
	value[0] = '\0';
	if (s->p >= s->end || *s->p != '=') return true;
	s->p++;
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
	if (s->p < s->end && (*s->p == '"' || *s->p == '\'')) {
		unsigned char q = *s->p++;
		while (s->p < s->end && *s->p != q) {
			if (v + 1 < vsize) value[v++] = (char)tolower(*s->p);
			s->p++;
		}
		if (s->p < s->end) s->p++;
	} else {
		while (s->p < s->end && !S_ws(*s->p) && *s->p != '>') {
			if (v + 1 < vsize) value[v++] = (char)tolower(*s->p);
			s->p++;
		}
	}
	value[v] = '\0';
	return true;
}

/* "text/html; charset=gb2312" -> "gb2312" */
static bool S_charset_in_content(const char *content, char *label, size_t size)
{
	const char *c = strstr(content, "charset");
	if (!c) return false;
	c += 7;
	while (*c == ' ')
		c++;
	if (*c != '=') return false;
	c++;
	while (*c == ' ' || *c == '"' || *c == '\'')
		c++;
	size_t n = 0;
	while (c[n] && c[n] != ';' && c[n] != '"' && c[n] != '\'' && c[n] != ' ' && n + 1 < size) {
		label[n] = c[n];
		n++;
	}
	label[n] = '\0';
	return n > 0;
}

/* The attributes of one <meta>: a charset label when it declares one. */
static bool S_meta(S_scan *s, char *label, size_t size)
{
	char name[32], value[128], content[128] = "";
	bool pragma = false, have = false;
	while (S_attr(s, name, sizeof name, value, sizeof value)) {
		if (!strcmp(name, "http-equiv") && !strcmp(value, "content-type"))
			pragma = true;
		else if (!strcmp(name, "content"))
			snprintf(content, sizeof content, "%s", value);
		else if (!strcmp(name, "charset") && !have && value[0]) {
			snprintf(label, size, "%s", value);
			have = true;
		}
	}
	if (!have && pragma && content[0]) have = S_charset_in_content(content, label, size);
	return have;
}

bool html_prescan(const unsigned char *bytes, size_t len, char *label, size_t size)
{
	S_scan s = {bytes, bytes + len};
	while (s.p < s.end) {
		size_t left = (size_t)(s.end - s.p);
		if (left >= 4 && memcmp(s.p, "<!--", 4) == 0) {
			const unsigned char *e = memmem(s.p + 4, left - 4, "-->", 3);
			if (!e) return false;
			s.p = e + 3;
		} else if (left >= 6 && strncasecmp((const char *)s.p, "<meta", 5) == 0 && S_ws(s.p[5])) {
			s.p += 5;
			if (S_meta(&s, label, size) && charset_canonical(label)) return true;
		} else if (left >= 2 && s.p[0] == '<' &&
		           (isalpha(s.p[1]) || s.p[1] == '/' || s.p[1] == '!' || s.p[1] == '?')) {
			s.p++;
			while (s.p < s.end && *s.p != '>' && !S_ws(*s.p))
				s.p++;
			char name[32], value[128];
			while (S_attr(&s, name, sizeof name, value, sizeof value))
				;
		} else {
			s.p++;
		}
	}
	return false;
}

/* ---- resolution ---------------------------------------------------------------- */

/* Number of multi-byte sequences in valid UTF-8 (0 when not valid UTF-8). */
static size_t S_utf8_multibyte(const unsigned char *b, size_t len)
{
	size_t n = 0;
	return charset_utf8_valid(b, len, &n) ? n : 0;
}

static const char *S_detect(const unsigned char *bytes, size_t len)
{
	uchardet_t ud = uchardet_new();
	if (!ud) return NULL;
	size_t n = len > 256 * 1024 ? 256 * 1024 : len;
	const char *name = NULL;
	if (uchardet_handle_data(ud, (const char *)bytes, n) == 0) {
		uchardet_data_end(ud);
		name = charset_canonical(uchardet_get_charset(ud));
	}
	uchardet_delete(ud);
	return name;
}

static size_t S_bom(const unsigned char *b, size_t len, const char **name)
{
	if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
		*name = "UTF-8";
		return 3;
	}
	if (len >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
		*name = "UTF-16LE";
		return 2;
	}
	if (len >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
		*name = "UTF-16BE";
		return 2;
	}
	return 0;
}

/* The declared charset (transport or meta) and where it came from, or NULL. */
static const char *S_declared(const unsigned char *bytes, size_t len, const char *transport, quire_article *a,
                              const char **source)
{
	if (transport && *transport) {
		const char *t = charset_canonical(transport);
		if (t) {
			*source = "transport";
			return t;
		}
		quire_article_diag(a, QUIRE_LEVEL_WARNING, "charset-unknown",
		                   "unknown transport charset \"%s\" ignored", transport);
	}
	char label[64];
	bool found = html_prescan(bytes, len < 1024 ? len : 1024, label, sizeof label);
	if (!found && len > 1024) /* pages with long heads put it later; browsers look further too */
		found = html_prescan(bytes, len < 16384 ? len : 16384, label, sizeof label);
	if (found) {
		const char *m = charset_canonical(label);
		/* WHATWG: a meta that names UTF-16 means UTF-8 (the bytes were ASCII-compatible) */
		if (m && strncmp(m, "UTF-16", 6) == 0) m = "UTF-8";
		*source = "meta";
		return m;
	}
	return NULL;
}

/* ---- pages decoded twice --------------------------------------------------- */

/* How a page was once misread: ISO-8859-15 (which puts Ž, Œ, € and five
 * more where latin-1 has ´, ¼, ¤...), latin-1, or windows-1252 (latin-1 in
 * its five holes). A page misread as one of the first two holds none of the
 * characters the other two have in those places, so the order decides. */
enum { S_AS_8859_15, S_AS_LATIN1, S_AS_1252 };

static const uint16_t S_1252_high[32] = {0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                         0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,   0x017D, 0x8F,
                                         0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                         0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};
static const uint16_t S_8859_15[8][2] = {{0xA4, 0x20AC}, {0xA6, 0x0160}, {0xA8, 0x0161}, {0xB4, 0x017D},
                                         {0xB8, 0x017E}, {0xBC, 0x0152}, {0xBD, 0x0153}, {0xBE, 0x0178}};

/* The byte code point c was read from, or -1. */
static int S_misread_byte(int32_t c, int as)
{
	for (int i = 0; as == S_AS_8859_15 && i < 8; i++) {
		if (S_8859_15[i][1] == c) return S_8859_15[i][0];
		if (S_8859_15[i][0] == c) return -1;
	}
	if (c < 0x80 || (c >= 0xA0 && c <= 0xFF) || (as != S_AS_1252 && c <= 0xFF)) return (int)c;
	for (int i = 0; as == S_AS_1252 && i < 32; i++)
		if (S_1252_high[i] == c) return 0x80 + i;
	return -1;
}

/* A page in a legacy multi-byte charset that was once misread and saved as
 * UTF-8 ("ÖÐ¹ú" for 中国): when every character maps back to one byte, those
 * bytes go into legacy. False when it is not so. */
static bool S_undo_misread(const unsigned char *b, size_t len, int as, quire_buf *legacy)
{
	size_t high = 0;
	for (size_t i = 0; i < len;) {
		int32_t c;
		int k = text_decode_cp((const char *)b + i, len - i, &c);
		int byte = S_misread_byte(c, as);
		if (k <= 0 || byte < 0) return false;
		high += byte >= 0x80;
		quire_buf_putc(legacy, (char)byte);
		i += (size_t)k;
	}
	return high >= 16;
}

/* Undoes one misreading into out. */
static bool S_undo_one(const unsigned char *b, size_t len, quire_buf *out)
{
	for (int as = S_AS_8859_15; as <= S_AS_1252; as++) {
		quire_buf_reset(out);
		if (S_undo_misread(b, len, as, out)) return true;
	}
	return false;
}

static bool S_multibyte_legacy(const char *name)
{
	static const char *const names[] = {"gb18030", "GBK", "Big5", "Shift_JIS", "EUC-JP", "EUC-KR", NULL};
	for (int i = 0; names[i]; i++)
		if (strcasestr(name, names[i])) return true;
	return false;
}

/* Decodes a page misread once or twice on its way here in its declared
 * charset; false (out untouched) when it is not one or the result is not
 * clean. */
static bool S_repair_double(const unsigned char *b, size_t len, const char *declared, quire_buf *out)
{
	if (!S_multibyte_legacy(declared)) return false;
	quire_buf legacy[2] = {QUIRE_BUF_INIT, QUIRE_BUF_INIT}, text = QUIRE_BUF_INIT;
	bool ok = S_undo_one(b, len, &legacy[0]);
	/* misread twice: the undone bytes are UTF-8 of another misreading */
	if (ok && S_utf8_multibyte((unsigned char *)legacy[0].data, legacy[0].len) &&
	    S_undo_one((unsigned char *)legacy[0].data, legacy[0].len, &legacy[1])) {
		quire_buf t = legacy[0];
		legacy[0] = legacy[1];
		legacy[1] = t;
	}
	if (ok) {
		size_t bad =
		    charset_decode(declared, (const unsigned char *)legacy[0].data, legacy[0].len, &text);
		ok = bad != (size_t)-1 && bad * 200 < legacy[0].len;
	}
	if (ok) quire_buf_append(out, text.data, text.len);
	quire_buf_free(&legacy[0]);
	quire_buf_free(&legacy[1]);
	quire_buf_free(&text);
	return ok;
}

void html_decode(const unsigned char *bytes, size_t len, const char *transport, quire_article *a,
                 quire_buf *out)
{
	const char *name = NULL, *source = NULL;
	size_t skip = S_bom(bytes, len, &name);
	if (skip) {
		source = "bom";
	} else if ((name = S_declared(bytes, len, transport, a, &source)) != NULL) {
		/* GB18030 and friends accept most UTF-8 byte pairs without error, so a
		 * page that is valid UTF-8 with multi-byte sequences is UTF-8 whatever it
		 * declares: legacy text is almost never valid UTF-8 by accident. */
		if (strcmp(name, "UTF-8") != 0 && S_utf8_multibyte(bytes, len) > 0 &&
		    S_repair_double(bytes, len, name, out)) {
			quire_article_diag(
			    a, QUIRE_LEVEL_WARNING, "charset-double",
			    "the page was %s read as windows-1252 and saved as UTF-8: decoded back", name);
			quire_article_set(a, QUIRE_CHARSET, name);
			quire_article_set(a, QUIRE_CHARSET_SOURCE, "meta-repaired");
			return;
		}
		if (strcmp(name, "UTF-8") != 0 && S_utf8_multibyte(bytes, len) > 0) {
			quire_article_diag(
			    a, QUIRE_LEVEL_WARNING, "charset-override",
			    "declared charset %s (%s) contradicted by the bytes: decoded as UTF-8", name,
			    source);
			name = "UTF-8";
			source = "utf-8-override";
		}
	} else if (S_utf8_multibyte(bytes, len) > 0) {
		name = "UTF-8";
		source = "detected";
	} else if ((name = S_detect(bytes, len)) != NULL) {
		source = "detected";
	} else {
		name = "windows-1252";
		source = "default";
	}
	size_t bad = charset_decode(name, bytes + skip, len - skip, out);
	if (bad == (size_t)-1) {
		quire_article_diag(a, QUIRE_LEVEL_WARNING, "charset-unsupported",
		                   "charset %s cannot be decoded here: read as windows-1252", name);
		name = "windows-1252";
		source = "default";
		quire_buf_reset(out);
		bad = charset_decode(name, bytes + skip, len - skip, out);
	}
	if (bad && bad != (size_t)-1)
		quire_article_diag(a, QUIRE_LEVEL_WARNING, "invalid-bytes",
		                   "%zu invalid byte sequences replaced with U+FFFD (%s)", bad, name);
	quire_article_set(a, QUIRE_CHARSET, name);
	quire_article_set(a, QUIRE_CHARSET_SOURCE, source);
	if (strcmp(source, "default") == 0)
		quire_article_diag(a, QUIRE_LEVEL_INFO, "charset-default",
		                   "no charset found: read as windows-1252");
	else if (strcmp(source, "detected") == 0)
		quire_article_diag(a, QUIRE_LEVEL_INFO, "charset-detected",
		                   "charset %s detected from the bytes", name);
}

/* ---- raw text the extractor never reads ------------------------------------------ */

static bool S_tag_end(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' || c == '>';
}

/* Case-insensitive search for "</name" followed by a tag-name end. */
static const char *S_find_close(const char *p, const char *end, const char *name, size_t n)
{
	for (; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++) {
		if ((size_t)(end - p) < n + 3) return NULL;
		if (p[1] == '/' && strncasecmp(p + 2, name, n) == 0 && S_tag_end((unsigned char)p[2 + n]))
			return p;
	}
	return NULL;
}

size_t html_strip_raw_text(const char *in, size_t len, quire_buf *out)
{
	const char *p = in, *end = in + len;
	const char *next_gt = NULL; /* the first '>' at or after the last search (searches stay linear) */
	size_t cut = 0;
	quire_buf_grow(out, len);
	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p));
		if (!lt) {
			quire_buf_append(out, p, (size_t)(end - p));
			break;
		}
		quire_buf_append(out, p, (size_t)(lt - p));
		size_t left = (size_t)(end - lt);
		if (left >= 4 && memcmp(lt, "<!--", 4) == 0) {
			const char *c = memmem(lt + 4, left - 4, "-->", 3);
			if (!c) break; /* a comment to the end of the page */
			p = c + 3;
			continue;
		}
		const char *name = NULL;
		if (left > 7 && strncasecmp(lt + 1, "script", 6) == 0 && S_tag_end((unsigned char)lt[7]))
			name = "script";
		else if (left > 6 && strncasecmp(lt + 1, "style", 5) == 0 && S_tag_end((unsigned char)lt[6]))
			name = "style";
		if (!name && left > 1 && ((lt[1] | 0x20) >= 'a' && (lt[1] | 0x20) <= 'z')) {
			/* an ordinary start tag: one of over HTML_MAX_TAG bytes (tens of
			 * thousands of attributes, on which libxml2's parser is quadratic)
			 * keeps its name only */
			if (!next_gt || next_gt < lt) next_gt = memchr(lt, '>', left);
			if (next_gt && (size_t)(next_gt - lt) > HTML_MAX_TAG) {
				size_t nl = 1 + strcspn(lt + 1, " \t\n\r\f/>");
				quire_buf_append(out, lt, nl);
				quire_buf_putc(out, '>');
				p = next_gt + 1;
				cut++;
				continue;
			}
		}
		const char *gt = name ? memchr(lt, '>', left) : NULL;
		if (!gt) {
			quire_buf_putc(out, '<');
			p = lt + 1;
			continue;
		}
		/* the start tag stays; its content goes, except JSON-LD (metadata) */
		quire_buf_append(out, lt, (size_t)(gt + 1 - lt));
		const char *close = S_find_close(gt + 1, end, name, strlen(name));
		const char *stop = close ? close : end;
		char tag[512];
		size_t tn = (size_t)(gt - lt) < sizeof tag - 1 ? (size_t)(gt - lt) : sizeof tag - 1;
		memcpy(tag, lt, tn);
		tag[tn] = '\0';
		if (name[1] == 'c' && strcasestr(tag, "ld+json"))
			quire_buf_append(out, gt + 1, (size_t)(stop - gt - 1));
		p = stop;
	}
	return cut;
}

/* ---- parsing ------------------------------------------------------------------- */

static void S_silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void S_silent_structured(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

xmlDocPtr html_parse_utf8(const char *utf8, size_t len, const char *url)
{
	if (len > INT32_MAX) return NULL;
	/* libxml2 keeps these handlers per thread: this silences only this worker */
	xmlSetGenericErrorFunc(NULL, S_silent);
	xmlSetStructuredErrorFunc(NULL, S_silent_structured);
	size_t flattened = 0;
	xmlDocPtr doc = limits_html_parse(len ? utf8 : "<html></html>", len ? (int)len : 13, url,
	                                  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                                      HTML_PARSE_NONET | HTML_PARSE_COMPACT,
	                                  &flattened);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (root && flattened) /* html_read_page turns it into a warning */
		xmlSetProp(root, BAD_CAST QUIRE_DEPTH_CUT_ATTR, BAD_CAST "1");
	return doc;
}
