/* datetext.c - dates as people write them in pages and URLs: "2005年3月11日12:12",
 * "12时12分", Chinese numerals ("二〇二二年五月二十九日"), full-width digits,
 * "2022-05-29 09:18", "18.05.2014", "May 18, 2014", "18. Mai 2014" and the month
 * names of the languages quire meets, and dates in URL paths. It only reads
 * text; which date of a page counts is metatext.c's business. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "meta.h"

/* ---- digits ----------------------------------------------------------------- */

/* One digit at s, ASCII or full-width; its byte length, 0 when none. */
static size_t S_digit(const char *s, int *d)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] >= '0' && u[0] <= '9') {
		*d = u[0] - '0';
		return 1;
	}
	if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
		*d = u[2] - 0x90;
		return 3;
	}
	return 0;
}

/* At most max digits at s: the value in *v, their count in *count; bytes read. */
static size_t S_number(const char *s, int max, int *v, int *count)
{
	size_t used = 0, k;
	int d;
	*v = 0;
	*count = 0;
	while (*count < max && (k = S_digit(s + used, &d))) {
		*v = *v * 10 + d;
		used += k;
		(*count)++;
	}
	return used;
}

static bool S_is_digit_at(const char *s)
{
	int d;
	return S_digit(s, &d) > 0;
}

/* One Chinese numeral digit (〇 零 一 ... 九); its byte length, 0 when none. */
static size_t S_han_digit(const char *s, int *d)
{
	static const char *const digits[] = {"〇", "一", "二", "三", "四", "五",
	                                     "六", "七", "八", "九", NULL};
	for (int i = 0; digits[i]; i++)
		if (strncmp(s, digits[i], 3) == 0) {
			*d = i;
			return 3;
		}
	if (strncmp(s, "零", 3) == 0 || strncmp(s, "○", 3) == 0 || strncmp(s, "Ｏ", 3) == 0) {
		*d = 0;
		return 3;
	}
	return 0;
}

/* A Chinese numeral up to 99 ("五", "十二", "二十九", "三十"); bytes read. */
static size_t S_han_number(const char *s, int *v)
{
	int a = 0, b = 0;
	size_t k = S_han_digit(s, &a), used = k;
	if (strncmp(s + used, "十", 3) == 0) {
		used += 3;
		if (!k) a = 1;
		size_t k2 = S_han_digit(s + used, &b);
		used += k2;
		*v = a * 10 + b;
		return used;
	}
	*v = a;
	return k;
}

/* ---- the date forms -------------------------------------------------------------- */

typedef struct S_ymd {
	int y, m, d, h, mi, se; /* h, mi, se -1 when not written */
} S_ymd;

static bool S_valid(const S_ymd *t)
{
	return t->y >= 1970 && t->y <= 2100 && t->m >= 1 && t->m <= 12 && t->d >= 1 && t->d <= 31;
}

/* Spaces that may stand between a date and its time. */
static size_t S_space(const char *s)
{
	if (*s == ' ' || *s == 'T' || *s == ',') return 1;
	if (strncmp(s, "\xC2\xA0", 2) == 0) return 2;
	if (strncmp(s, "\xE3\x80\x80", 3) == 0) return 3;
	return 0;
}

/* " pm", " a.m." after a time: the hour moved to 24-hour form; bytes read. */
static size_t S_ampm(const char *s, S_ymd *t)
{
	size_t p = *s == ' ' ? 1 : 0;
	bool pm = strncasecmp(s + p, "pm", 2) == 0 || strncasecmp(s + p, "p.m.", 4) == 0;
	bool am = strncasecmp(s + p, "am", 2) == 0 || strncasecmp(s + p, "a.m.", 4) == 0;
	if ((!pm && !am) || t->h < 1 || t->h > 12) return 0;
	char next = s[p + (s[p + 1] == '.' ? 4 : 2)];
	if ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z')) return 0;
	if (pm && t->h < 12) t->h += 12;
	if (am && t->h == 12) t->h = 0;
	return p + (s[p + 1] == '.' ? 4 : 2);
}

/* "12:12", "12:12:05", "12时12分", "12點12分30秒" after a date; bytes read. */
static size_t S_time(const char *s, S_ymd *t)
{
	size_t p = 0, k;
	for (int i = 0; i < 4 && (k = S_space(s + p)); i++)
		p += k;
	static const char *const at[] = {"at ", "um ", "à ", "a las ", "o ", NULL};
	for (int i = 0; at[i]; i++)
		if (strncmp(s + p, at[i], strlen(at[i])) == 0) {
			p += strlen(at[i]);
			break;
		}
	int h, mi, se, c;
	if (!(k = S_number(s + p, 2, &h, &c))) return 0;
	p += k;
	bool han = false;
	if (s[p] == ':')
		p++;
	else if (strncmp(s + p, "：", 3) == 0)
		p += 3;
	else if (strncmp(s + p, "时", 3) == 0 || strncmp(s + p, "時", 3) == 0 ||
	         strncmp(s + p, "点", 3) == 0 || strncmp(s + p, "點", 3) == 0)
		p += 3, han = true;
	else
		return 0;
	if (!(k = S_number(s + p, 2, &mi, &c)) || (!han && c != 2) || h > 23 || mi > 59) return 0;
	p += k;
	t->h = h;
	t->mi = mi;
	if (han && strncmp(s + p, "分", 3) == 0) p += 3;
	if (!han && s[p] == ':' && S_number(s + p + 1, 2, &se, &c) && c == 2 && se < 60) {
		t->se = se;
		p += 1 + S_number(s + p + 1, 2, &se, &c);
	} else if (han && (k = S_number(s + p, 2, &se, &c)) && strncmp(s + p + k, "秒", 3) == 0 && se < 60) {
		t->se = se;
		p += k + 3;
	}
	return p + S_ampm(s + p, t);
}

/* 2022年5月29日, 2022-05-29, 2022/05/29, 2022.05.29; bytes read. */
static size_t S_numeric_ymd(const char *s, S_ymd *t)
{
	int c;
	size_t p = S_number(s, 4, &t->y, &c), k;
	if (c != 4) return 0;
	bool cjk = strncmp(s + p, "年", 3) == 0;
	char sep = s[p];
	if (cjk)
		p += 3;
	else if (sep == '-' || sep == '/' || sep == '.')
		p++;
	else
		return 0;
	while (cjk && s[p] == ' ')
		p++;
	if (!(k = S_number(s + p, 2, &t->m, &c))) return 0;
	p += k;
	if (cjk && strncmp(s + p, "月", 3) == 0)
		p += 3;
	else if (!cjk && s[p] == sep)
		p++;
	else
		return 0;
	while (cjk && s[p] == ' ')
		p++;
	if (!(k = S_number(s + p, 2, &t->d, &c))) return 0;
	p += k;
	if (cjk &&
	    (strncmp(s + p, "日", 3) == 0 || strncmp(s + p, "号", 3) == 0 || strncmp(s + p, "號", 3) == 0))
		p += 3;
	else if (S_is_digit_at(s + p))
		return 0;
	return p;
}

/* 二〇二二年五月二十九日; bytes read. */
static size_t S_han_ymd(const char *s, S_ymd *t)
{
	size_t p = 0, k;
	int d;
	t->y = 0;
	for (int i = 0; i < 4; i++) {
		if (!(k = S_han_digit(s + p, &d))) return 0;
		t->y = t->y * 10 + d;
		p += k;
	}
	if (strncmp(s + p, "年", 3) != 0) return 0;
	p += 3;
	if (!(k = S_han_number(s + p, &t->m)) || strncmp(s + p + k, "月", 3) != 0) return 0;
	p += k + 3;
	if (!(k = S_han_number(s + p, &t->d))) return 0;
	p += k;
	if (strncmp(s + p, "日", 3) != 0 && strncmp(s + p, "号", 3) != 0) return 0;
	return p + 3;
}

/* 18.05.2014 (day first, as written in Europe); bytes read. */
static size_t S_dotted_dmy(const char *s, S_ymd *t)
{
	int c;
	size_t p = S_number(s, 2, &t->d, &c), k;
	if (!p || s[p] != '.') return 0;
	p++;
	if (!(k = S_number(s + p, 2, &t->m, &c)) || s[p + k] != '.') return 0;
	p += k + 1;
	if (!(k = S_number(s + p, 4, &t->y, &c)) || c != 4 || S_is_digit_at(s + p + k)) return 0;
	return p + k;
}

static const struct {
	const char *name;
	int m;
} S_months[] = {
    {"january", 1},     {"february", 2},      {"march", 3},       {"april", 4},      {"may", 5},
    {"june", 6},        {"july", 7},          {"august", 8},      {"september", 9},  {"october", 10},
    {"november", 11},   {"december", 12},     {"jan", 1},         {"feb", 2},        {"mar", 3},
    {"apr", 4},         {"jun", 6},           {"jul", 7},         {"aug", 8},        {"sept", 9},
    {"sep", 9},         {"oct", 10},          {"nov", 11},        {"dec", 12},       {"januar", 1},
    {"februar", 2},     {"märz", 3},          {"mai", 5},         {"juni", 6},       {"juli", 7},
    {"oktober", 10},    {"dezember", 12},     {"janvier", 1},     {"février", 2},    {"mars", 3},
    {"avril", 4},       {"juin", 6},          {"juillet", 7},     {"août", 8},       {"septembre", 9},
    {"octobre", 10},    {"novembre", 11},     {"décembre", 12},   {"enero", 1},      {"febrero", 2},
    {"marzo", 3},       {"abril", 4},         {"mayo", 5},        {"junio", 6},      {"julio", 7},
    {"agosto", 8},      {"septiembre", 9},    {"octubre", 10},    {"noviembre", 11}, {"diciembre", 12},
    {"января", 1},      {"февраля", 2},       {"марта", 3},       {"апреля", 4},     {"мая", 5},
    {"июня", 6},        {"июля", 7},          {"августа", 8},     {"сентября", 9},   {"октября", 10},
    {"ноября", 11},     {"декабря", 12},      {"stycznia", 1},    {"lutego", 2},     {"marca", 3},
    {"kwietnia", 4},    {"maja", 5},          {"czerwca", 6},     {"lipca", 7},      {"sierpnia", 8},
    {"września", 9},    {"października", 10}, {"listopada", 11},  {"grudnia", 12},   {"ιανουαρίου", 1},
    {"φεβρουαρίου", 2}, {"μαρτίου", 3},       {"απριλίου", 4},    {"μαΐου", 5},      {"ιουνίου", 6},
    {"ιουλίου", 7},     {"αυγούστου", 8},     {"σεπτεμβρίου", 9}, {"οκτωβρίου", 10}, {"νοεμβρίου", 11},
    {"δεκεμβρίου", 12},
};

/* The longest month name at s (ASCII letters in any case), not followed by
 * an ASCII letter; its month in *m, bytes read. */
static size_t S_month_name(const char *s, int *m)
{
	size_t best = 0;
	for (size_t i = 0; i < sizeof S_months / sizeof S_months[0]; i++) {
		size_t n = strlen(S_months[i].name);
		if (n > best && strncasecmp(s, S_months[i].name, n) == 0) {
			char c = s[n];
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
			best = n;
			*m = S_months[i].m;
		}
	}
	if (best && s[best] == '.') best++;
	return best;
}

static size_t S_blanks(const char *s)
{
	size_t p = 0, k;
	while ((k = S_space(s + p)) && s[p] != 'T')
		p += k;
	return p;
}

/* "May 18, 2014" and "May 18 2014"; bytes read. */
static size_t S_mdy(const char *s, S_ymd *t)
{
	int c;
	size_t p = S_month_name(s, &t->m), k;
	if (!p || !(k = S_blanks(s + p))) return 0;
	p += k;
	if (!(k = S_number(s + p, 2, &t->d, &c))) return 0;
	p += k;
	if (strncmp(s + p, "st", 2) == 0 || strncmp(s + p, "nd", 2) == 0 || strncmp(s + p, "rd", 2) == 0 ||
	    strncmp(s + p, "th", 2) == 0)
		p += 2;
	if (!(k = S_blanks(s + p))) return 0;
	p += k;
	if (!(k = S_number(s + p, 4, &t->y, &c)) || c != 4 || S_is_digit_at(s + p + k)) return 0;
	return p + k;
}

/* "18 May 2014", "18. Mai 2014", "18 de mayo de 2014", "18 мая 2014"; bytes read. */
static size_t S_dmy(const char *s, S_ymd *t)
{
	int c;
	size_t p = S_number(s, 2, &t->d, &c), k;
	if (!p) return 0;
	if (s[p] == '.') p++;
	if (!(k = S_blanks(s + p))) return 0;
	p += k;
	if (strncmp(s + p, "de ", 3) == 0) p += 3;
	if (!(k = S_month_name(s + p, &t->m))) return 0;
	p += k;
	if (s[p] == ',') p++;
	if (!(k = S_blanks(s + p))) return 0;
	p += k;
	if (strncmp(s + p, "de ", 3) == 0) p += 3;
	if (!(k = S_number(s + p, 4, &t->y, &c)) || c != 4 || S_is_digit_at(s + p + k)) return 0;
	return p + k;
}

size_t datetext_at(const char *s, char *out, size_t size)
{
	size_t (*const forms[])(const char *, S_ymd *) = {S_numeric_ymd, S_han_ymd, S_dotted_dmy, S_mdy,
	                                                  S_dmy};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		S_ymd t = {0, 0, 0, -1, -1, -1};
		size_t n = forms[i](s, &t);
		if (!n || !S_valid(&t)) continue;
		n += S_time(s + n, &t);
		if (t.se >= 0)
			snprintf(out, size, "%04d-%02d-%02d %02d:%02d:%02d", t.y, t.m, t.d, t.h, t.mi, t.se);
		else if (t.h >= 0)
			snprintf(out, size, "%04d-%02d-%02d %02d:%02d", t.y, t.m, t.d, t.h, t.mi);
		else
			snprintf(out, size, "%04d-%02d-%02d", t.y, t.m, t.d);
		return n;
	}
	return 0;
}

/* True when a date may start at s: not inside a number or a word. */
static bool S_token_start(const char *text, const char *s)
{
	if (s == text) return true;
	unsigned char c = (unsigned char)s[-1];
	if ((c >= '0' && c <= '9') || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return false;
	return !(s - text >= 3 && S_is_digit_at(s - 3));
}

bool datetext_find(const char *s, char *out, size_t size)
{
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c & 0xC0) == 0x80) continue;
		/* digits, letters of month names, full-width digits, Chinese numerals */
		bool may = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		           c == 0xEF || c == 0xE3 || c == 0xE4 || c == 0xE5 || c == 0xE9;
		if (!may) continue;
		if (S_token_start(s, p) && datetext_at(p, out, size)) return true;
	}
	return false;
}

/* ---- URLs ------------------------------------------------------------------------ */

static bool S_digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9') return false;
	return true;
}

/* Y M D at s in a path: 2022/05/29, 2022-05-29, 2022_05_29, 2022/05-29,
 * 2022-05/29, 20220529 (a run of exactly 8 digits). */
static bool S_path_date(const char *s, S_ymd *t)
{
	if (!S_digits(s, 4)) return false;
	const char *p = s + 4;
	bool seps = *p == '/' || *p == '-' || *p == '_';
	if (seps) p++;
	if (!S_digits(p, 2)) return false;
	const char *q = p + 2;
	if (seps && (*q == '/' || *q == '-' || *q == '_'))
		q++;
	else if (seps)
		return false;
	if (!S_digits(q, 2) || (q[2] >= '0' && q[2] <= '9')) return false;
	t->y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	t->m = (p[0] - '0') * 10 + (p[1] - '0');
	t->d = (q[0] - '0') * 10 + (q[1] - '0');
	return S_valid(t);
}

bool datetext_url(const char *url, char *out, size_t size)
{
	const char *p = url ? strstr(url, "://") : NULL;
	p = p ? strchr(p + 3, '/') : NULL;
	for (; p && *p && *p != '?' && *p != '#'; p++) {
		if (p[-1] >= '0' && p[-1] <= '9') continue;
		S_ymd t = {0, 0, 0, -1, -1, -1};
		if ((*p >= '0' && *p <= '9') && S_path_date(p, &t)) {
			snprintf(out, size, "%04d-%02d-%02d", t.y, t.m, t.d);
			return true;
		}
	}
	return false;
}
