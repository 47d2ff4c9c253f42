/* text.c - UTF-8 validation and repair (WHATWG replacement rules), NFC and
 * whitespace cleaning, display widths and CJK line-breaking classes. Unicode
 * data comes from utf8proc; this file does not decode other charsets
 * (charset.c) nor lay text out (formats/txt/layout.c). */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "internal.h"

/* ---- UTF-8 decoding ------------------------------------------------------- */

/* Decodes the sequence at p[0..n). Returns its length (> 0) and sets *cp when
 * valid; otherwise returns minus the length of the maximal invalid subpart
 * (the WHATWG decoder emits one U+FFFD per such subpart). */
static int S_next(const unsigned char *p, size_t n, int32_t *cp)
{
	unsigned char b = p[0];
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	int need;
	unsigned char lo = 0x80, hi = 0xBF;
	int32_t c;
	if (b >= 0xC2 && b <= 0xDF) {
		need = 1;
		c = b & 0x1F;
	} else if (b >= 0xE0 && b <= 0xEF) {
		need = 2;
		c = b & 0x0F;
		if (b == 0xE0)
			lo = 0xA0; /* overlong */
		else if (b == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (b >= 0xF0 && b <= 0xF4) {
		need = 3;
		c = b & 0x07;
		if (b == 0xF0)
			lo = 0x90; /* overlong */
		else if (b == 0xF4)
			hi = 0x8F; /* above U+10FFFF */
	} else {
		return -1; /* stray continuation byte, C0, C1, F5..FF */
	}
	for (int i = 1; i <= need; i++) {
		if ((size_t)i >= n || p[i] < lo || p[i] > hi)
			return -i; /* the lead and the good bytes so far form one subpart */
		c = (c << 6) | (p[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = c;
	return need + 1;
}

bool text_utf8_valid(const char *s, size_t len)
{
	return charset_utf8_valid((const unsigned char *)s, len, NULL); /* the one validator */
}

size_t text_utf8_repair(const char *in, size_t len, quire_buf *out)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t bad = 0, i = 0, run = 0; /* run: start of the pending valid span */
	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		int32_t cp;
		int k = S_next(p + i, len - i, &cp);
		if (k > 0) {
			i += (size_t)k;
			continue;
		}
		quire_buf_append(out, p + run, i - run);
		quire_buf_puts(out, "\xEF\xBF\xBD");
		bad++;
		i += (size_t)-k;
		run = i;
	}
	quire_buf_append(out, p + run, len - run);
	return bad;
}

int text_decode_cp(const char *s, size_t len, int32_t *cp)
{
	if (!len) {
		*cp = 0;
		return 0;
	}
	int k = S_next((const unsigned char *)s, len, cp);
	if (k < 0) {
		*cp = 0xFFFD;
		return -k;
	}
	return k;
}

/* ---- cleaning ------------------------------------------------------------- */

/* Zero-width characters that are dropped. ZWNJ and ZWJ (U+200C, U+200D)
 * stay: they change how Persian words and emoji sequences are written. */
static bool S_zero_width(int32_t cp)
{
	return cp == 0x200B || cp == 0x2060 || cp == 0xFEFF;
}

static bool S_control(int32_t cp)
{
	return (cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp <= 0x9F);
}

/* True when cp can change under NFC or make its neighbour change: combining
 * marks, characters with a canonical decomposition, second halves of
 * composition pairs and conjoining Hangul jamo. Text made only of other code
 * points is already NFC, so the costly utf8proc pass is skipped for it. */
static bool S_nfc_sensitive(int32_t cp)
{
	/* fast answers for the bulk of CJK text; precomposed kana and Hangul
	 * syllables are primary composites, stable unless a mark or jamo
	 * (flagged themselves) follows */
	if (cp < 0x300 || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3000 && cp <= 0x3029) ||
	    (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x3041 && cp <= 0x3096) ||
	    (cp >= 0x30A1 && cp <= 0x30FA) || (cp >= 0xAC00 && cp <= 0xD7A3))
		return false;
	if (cp >= 0x1100 && cp <= 0x11FF) return true;
	const utf8proc_property_t *pr = utf8proc_get_property(cp);
	if (pr->combining_class != 0) return true;
	if (pr->decomp_seqindex != UINT16_MAX && pr->decomp_type == 0) return true;
	return pr->comb_index != UINT16_MAX && pr->comb_index >= 0x8000;
}

/* Characters text_clean drops or rewrites: C0 (but LF and TAB), CR and NEL
 * (to LF), DEL, C1, zero-width space, word joiner, BOM. */
static bool S_dropped(int32_t cp)
{
	return cp == '\r' || S_control(cp) || S_zero_width(cp);
}

char *text_clean(const char *s)
{
	if (!s) return NULL;
	size_t len = strlen(s);
	quire_buf b = QUIRE_BUF_INIT;
	quire_buf_grow(&b, len + 1);
	quire_buf_append(&b, "", 0); /* grow alone leaves data unterminated */
	const unsigned char *p = (const unsigned char *)s;
	bool nfc = false;
	size_t i = 0, span = 0; /* bytes [span, i) are kept as they are */
	while (i < len) {
		unsigned char c = p[i];
		if (c >= 0x20 && c < 0x7F) {
			i++;
			continue;
		}
		int32_t cp;
		int k = S_next(p + i, len - i, &cp);
		if (k < 0) {
			quire_buf_free(&b);
			return NULL;
		}
		if (!S_dropped(cp)) {
			nfc = nfc || S_nfc_sensitive(cp);
			i += (size_t)k;
			continue;
		}
		quire_buf_append(&b, p + span, i - span);
		if (cp == '\r' || cp == 0x85) { /* CR, CRLF and NEL end lines */
			quire_buf_putc(&b, '\n');
			if (cp == '\r' && i + 1 < len && p[i + 1] == '\n') k = 2;
		}
		i += (size_t)k;
		span = i;
	}
	quire_buf_append(&b, p + span, len - span);
	char *out = quire_buf_detach(&b, NULL);
	if (!nfc) return out;
	utf8proc_uint8_t *n = NULL;
	utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)out, 0, &n,
	                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (r < 0) return out; /* out of memory: keep the text un-normalized rather than lose it */
	free(out);
	return (char *)n;
}

/* Whitespace for one-line fields: ASCII, NBSP, Unicode spaces, U+3000. */
static bool S_space(int32_t cp)
{
	switch (cp) {
	case ' ':
	case '\t':
	case '\n':
	case '\v':
	case '\f':
	case '\r':
	case 0xA0:
	case 0x1680:
	case 0x2028:
	case 0x2029:
	case 0x202F:
	case 0x205F:
	case 0x3000:
		return true;
	default:
		return cp >= 0x2000 && cp <= 0x200A;
	}
}

char *text_clean_line(const char *s)
{
	char *c = text_clean(s);
	if (!c) return NULL;
	size_t len = strlen(c), w = 0, i = 0;
	bool pending = false;
	while (i < len) {
		int32_t cp = (unsigned char)c[i];
		int k = cp < 0x80 ? 1 : S_next((const unsigned char *)c + i, len - i, &cp);
		if (S_space(cp)) {
			pending = w > 0;
		} else {
			if (pending) c[w++] = ' ';
			pending = false;
			for (int j = 0; j < k; j++)
				c[w++] = c[i + j];
		}
		i += (size_t)k;
	}
	c[w] = '\0';
	return c;
}

/* ---- widths --------------------------------------------------------------- */

int text_cp_width(int32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp > 0x10FFFF) return 0;
	if (cp < 0x7F) return 1;
	if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	    (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FA) ||
	    (cp >= 0xFF01 && cp <= 0xFF60) || (cp >= 0x3000 && cp <= 0x3029))
		return 2; /* the common wide ranges without a table lookup */
	if (S_zero_width(cp) || (cp >= 0x200C && cp <= 0x200F) || (cp >= 0x2061 && cp <= 0x2064) ||
	    cp == 0xAD)
		return 0;
	/* Hangul medial vowels and final consonants join the preceding syllable */
	if (cp >= 0x1160 && cp <= 0x11FF) return 0;
	int w = utf8proc_charwidth(cp);
	if (w == 0) {
		/* utf8proc gives 0 to spacing marks and unassigned code points
		 * too; only non-spacing marks and format controls take no column */
		utf8proc_category_t cat = utf8proc_category(cp);
		if (cat != UTF8PROC_CATEGORY_MN && cat != UTF8PROC_CATEGORY_ME && cat != UTF8PROC_CATEGORY_CF)
			w = 1;
	}
	/* CJK symbols and punctuation, and the fullwidth forms, are wide even
	 * where a Unicode version leaves them ambiguous */
	if ((cp >= 0x3000 && cp <= 0x3029) || (cp >= 0x3030 && cp <= 0x303E) ||
	    (cp >= 0xFF01 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6))
		w = 2; /* U+302A..U+302F are combining tone marks */
	return w;
}

size_t text_width(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0, i = 0;
	while (i < len) {
		if (p[i] >= 0x20 && p[i] < 0x7F) {
			w++;
			i++;
			continue;
		}
		int32_t cp;
		int k = text_decode_cp(s + i, len - i, &cp);
		w += (size_t)text_cp_width(cp);
		i += (size_t)k;
	}
	return w;
}

/* ---- CJK line breaking ---------------------------------------------------- */

static bool S_in_list(const int32_t *v, size_t n, int32_t cp)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == cp) return true;
	return false;
}

bool text_no_line_start(int32_t cp)
{
	static const int32_t closing[] = {
	    /* ASCII */
	    ',', '.', ';', ':', '?', '!', ')', ']', '}', '%',
	    /* CJK punctuation */
	    0x3001, 0x3002, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x3015, 0x3017, 0x3019, 0x301B, 0x301C,
	    0x301E, 0x301F, 0x3005, 0x303B, 0x30FB, 0x30FC, 0x309D, 0x309E, 0x30FD, 0x30FE, 0x30A0,
	    /* general punctuation: ’ ” ‥ … ‼ ⁇ ⁈ ⁉ ‐ – 〜 */
	    0x2019, 0x201D, 0x2025, 0x2026, 0x203C, 0x2047, 0x2048, 0x2049, 0x2010, 0x2013,
	    /* fullwidth and halfwidth forms */
	    0xFF0C, 0xFF0E, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF09, 0xFF3D, 0xFF5D, 0xFF5E, 0xFF60, 0xFF61,
	    0xFF63, 0xFF64, 0xFF65, 0xFF70, 0xFF05, 0xFE50, 0xFE51, 0xFE52, 0xFE54, 0xFE55, 0xFE56, 0xFE57,
	    0xFE5A, 0xFE5C, 0xFE5E,
	    /* small kana */
	    0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087, 0x308E, 0x3095, 0x3096,
	    0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE, 0x30F5, 0x30F6,
	    0xFF67, 0xFF68, 0xFF69, 0xFF6A, 0xFF6B, 0xFF6C, 0xFF6D, 0xFF6E, 0xFF6F};
	if (cp >= 0x31F0 && cp <= 0x31FF) /* small katakana for Ainu */
		return true;
	return S_in_list(closing, sizeof closing / sizeof *closing, cp);
}

bool text_no_line_end(int32_t cp)
{
	static const int32_t opening[] = {'(',    '[',    '{',    0x2018, 0x201C, 0x3008, 0x300A, 0x300C,
	                                  0x300E, 0x3010, 0x3014, 0x3016, 0x3018, 0x301A, 0x301D, 0xFF08,
	                                  0xFF3B, 0xFF5B, 0xFF5F, 0xFF62, 0xFE59, 0xFE5B, 0xFE5D};
	return S_in_list(opening, sizeof opening / sizeof *opening, cp);
}

bool text_cp_is_cjk(int32_t cp)
{
	if (cp < 0x2E80) return false;
	return (cp >= 0x2E80 && cp <= 0x2FDF) ||   /* CJK and Kangxi radicals */
	       (cp >= 0x2FF0 && cp <= 0x312F) ||   /* description chars, punctuation, kana, bopomofo */
	       (cp >= 0x3190 && cp <= 0x31FF) ||   /* kanbun, bopomofo ext, strokes, katakana ext */
	       (cp >= 0x3220 && cp <= 0x325F) ||   /* parenthesized/circled ideographs */
	       (cp >= 0x3280 && cp <= 0x33FF) ||   /* circled ideographs, katakana, compatibility */
	       (cp >= 0x3400 && cp <= 0x4DBF) ||   /* extension A */
	       (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* unified ideographs */
	       (cp >= 0xF900 && cp <= 0xFAFF) ||   /* compatibility ideographs */
	       (cp >= 0xFE30 && cp <= 0xFE4F) ||   /* compatibility forms */
	       (cp >= 0xFF00 && cp <= 0xFF9F) ||   /* fullwidth ASCII, halfwidth katakana */
	       (cp >= 0xFFE0 && cp <= 0xFFEE) ||   /* fullwidth signs */
	       (cp >= 0x16FE0 && cp <= 0x16FFF) || /* ideographic symbols */
	       (cp >= 0x1AFF0 && cp <= 0x1B16F) || /* kana extensions and supplement */
	       (cp >= 0x20000 && cp <= 0x3FFFF);   /* extensions B.. and supplement planes */
}
