/* permalink.c - Jekyll's post URLs: the named permalink styles, placeholder
 * expansion (:year, :title, :categories...), slugify and joining with the
 * site's url and baseurl. It mirrors Jekyll 4's URL and UrlDrop classes; it
 * does not decide which date or categories a post has (post.c does). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "jekyll.h"

static const struct {
	const char *name, *pattern;
} S_styles[] = {
    {"date", "/:categories/:year/:month/:day/:title:output_ext"},
    {"pretty", "/:categories/:year/:month/:day/:title/"},
    {"ordinal", "/:categories/:year/:y_day/:title:output_ext"},
    {"weekdate", "/:categories/:year/W:week/:short_day/:title:output_ext"},
    {"none", "/:categories/:title:output_ext"},
};

const char *jk_permalink_style(const char *name)
{
	for (size_t i = 0; i < sizeof S_styles / sizeof *S_styles; i++)
		if (strcmp(S_styles[i].name, name) == 0) return S_styles[i].pattern;
	return NULL;
}

/* ---- slugify ---------------------------------------------------------------- */

/* Ruby's [[:alnum:]]: letters, marks and decimal digits. */
static bool S_alnum(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
	utf8proc_category_t c = utf8proc_category(cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME) || c == UTF8PROC_CATEGORY_ND;
}

/* Appends one code point as UTF-8. */
static void S_put_cp(quire_buf *b, int32_t cp)
{
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t m = utf8proc_encode_char(cp, enc);
	quire_buf_append(b, enc, (size_t)m);
}

char *jk_slugify(const char *s, bool pretty, bool cased)
{
	quire_buf b = QUIRE_BUF_INIT;
	bool dash = false;
	for (size_t n = strlen(s); n > 0;) {
		int32_t cp;
		int k = text_decode_cp(s, n, &cp); /* invalid bytes read as U+FFFD */
		bool keep = S_alnum(cp) || (pretty && cp < 0x80 && strchr("._~!$&'()+,;=@", (int)cp));
		if (keep) {
			if (dash && b.len) quire_buf_putc(&b, '-');
			dash = false;
			S_put_cp(&b, cased ? cp : utf8proc_tolower(cp));
		} else {
			dash = true;
		}
		s += k;
		n -= (size_t)k;
	}
	char *r = quire_buf_detach(&b, NULL);
	return r ? r : strdup("");
}

/* ---- expansion -------------------------------------------------------------- */

/* Addressable's encode_component with Jekyll's safe set. */
static void S_escape(quire_buf *out, const char *s)
{
	static const char safe[] = "-._~!$&'()*+,;=:@/";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr(safe, *p))
			quire_buf_putc(out, (char)*p);
		else
			quire_buf_printf(out, "%%%02X", *p);
	}
}

static const char *const S_month_names[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
static const char *const S_day_names[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                          "Thursday", "Friday", "Saturday"};

/* Day of the week (0 = Sunday) and ISO 8601 week number of the date. */
static void S_week(const jk_url_parts *p, int *wday, int *week)
{
	int64_t days = time_days_from_civil(p->year, p->month, p->day);
	int64_t w = (days + 4) % 7; /* 1970-01-01 was a Thursday */
	*wday = (int)(w < 0 ? w + 7 : w);
	int iso_wday = *wday == 0 ? 7 : *wday;
	int64_t thursday = days - iso_wday + 4;
	int64_t ty;
	unsigned tm, td;
	time_civil_from_days(thursday, &ty, &tm, &td);
	*week = (int)((thursday - time_days_from_civil(ty, 1, 1)) / 7 + 1);
}

/* The value of a date placeholder into v; false when name is not one. */
static bool S_date_placeholder(const char *name, const jk_url_parts *p, char *v, size_t size)
{
	static const char *const names[] = {
	    "year",  "short_year", "month",     "i_month",  "short_month", "long_month", "day",    "i_day",
	    "y_day", "week",       "short_day", "long_day", "hour",        "minute",     "second", NULL};
	size_t i = 0;
	while (names[i] && strcmp(names[i], name) != 0)
		i++;
	if (!names[i]) return false;
	v[0] = '\0';
	if (!p->has_date || p->month < 1 || p->month > 12) return true;
	int wday, week;
	S_week(p, &wday, &week);
	long long yday = (long long)(time_days_from_civil(p->year, p->month, p->day) -
	                             time_days_from_civil(p->year, 1, 1) + 1);
	switch (i) {
	case 0:
		snprintf(v, size, "%04lld", (long long)p->year);
		break;
	case 1:
		snprintf(v, size, "%02lld", (long long)(p->year % 100));
		break;
	case 2:
		snprintf(v, size, "%02u", p->month);
		break;
	case 3:
		snprintf(v, size, "%u", p->month);
		break;
	case 4:
		snprintf(v, size, "%.3s", S_month_names[p->month - 1]);
		break;
	case 5:
		snprintf(v, size, "%s", S_month_names[p->month - 1]);
		break;
	case 6:
		snprintf(v, size, "%02u", p->day);
		break;
	case 7:
		snprintf(v, size, "%u", p->day);
		break;
	case 8:
		snprintf(v, size, "%03lld", yday);
		break;
	case 9:
		snprintf(v, size, "%02d", week);
		break;
	case 10:
		snprintf(v, size, "%.3s", S_day_names[wday]);
		break;
	case 11:
		snprintf(v, size, "%s", S_day_names[wday]);
		break;
	case 12:
		snprintf(v, size, "%02u", p->hour);
		break;
	case 13:
		snprintf(v, size, "%02u", p->minute);
		break;
	default:
		snprintf(v, size, "%02u", p->second);
		break;
	}
	return true;
}

/* Ruby's String#downcase (Unicode-aware). Caller frees. */
static char *S_lower(const char *s)
{
	quire_buf b = QUIRE_BUF_INIT;
	for (size_t n = strlen(s); n > 0;) {
		int32_t cp;
		int k = text_decode_cp(s, n, &cp);
		S_put_cp(&b, utf8proc_tolower(cp));
		s += k;
		n -= (size_t)k;
	}
	char *r = quire_buf_detach(&b, NULL);
	return r ? r : strdup("");
}

/* Categories joined with "/", lower-cased (slugified too when asked). */
static void S_categories(const jk_url_parts *p, bool slugified, quire_buf *out)
{
	strmap *seen = strmap_new(); /* values already written */
	bool first = true;
	for (size_t i = 0; i < p->n_categories; i++) {
		char *c = slugified ? jk_slugify(p->categories[i], false, false) : S_lower(p->categories[i]);
		if (*c && strmap_put(seen, c, i)) {
			if (!first) quire_buf_putc(out, '/');
			S_escape(out, c);
			first = false;
		}
		free(c);
	}
	strmap_free(seen);
}

/* The value of a placeholder appended to out; false when name is not one. */
static bool S_placeholder(const char *name, const jk_url_parts *p, quire_buf *out)
{
	char v[64];
	if (S_date_placeholder(name, p, v, sizeof v)) {
		S_escape(out, v);
	} else if (!strcmp(name, "output_ext")) {
		S_escape(out, p->output_ext ? p->output_ext : ".html");
	} else if (!strcmp(name, "title") || !strcmp(name, "slug") || !strcmp(name, "name")) {
		/* :title keeps case and more punctuation (pretty mode); :slug and :name do not */
		bool title = name[0] == 't';
		const char *src = name[0] == 'n' ? p->name : p->slug;
		char *s = jk_slugify(src ? src : "", title, title);
		S_escape(out, s);
		free(s);
	} else if (!strcmp(name, "categories") || !strcmp(name, "slugified_categories")) {
		S_categories(p, name[0] == 's', out);
	} else if (!strcmp(name, "path")) {
		S_escape(out, p->name ? p->name : "");
	} else if (!strcmp(name, "collection")) {
		quire_buf_puts(out, "posts");
	} else {
		return false;
	}
	return true;
}

char *jk_permalink_expand(const char *pattern, const jk_url_parts *p, const char **unknown)
{
	const char *style = jk_permalink_style(pattern);
	if (style) pattern = style;
	if (unknown) *unknown = NULL;
	quire_buf b = QUIRE_BUF_INIT;
	quire_buf_putc(&b, '/');
	for (const char *s = pattern; *s;) {
		size_t n = s[0] == ':' ? strspn(s + 1, "abcdefghijklmnopqrstuvwxyz_") : 0;
		char name[40];
		if (n && n < sizeof name) {
			memcpy(name, s + 1, n);
			name[n] = '\0';
			bool ok = S_placeholder(name, p, &b);
			if (!ok && name[n - 1] == '_') { /* ":title_" may end at the "_" */
				name[n - 1] = '\0';
				ok = S_placeholder(name, p, &b);
				if (ok) n--;
			}
			if (ok) {
				s += n + 1;
				continue;
			}
			if (unknown && !*unknown) *unknown = s;
		}
		quire_buf_putc(&b, *s++);
	}
	/* squeeze runs of "/" */
	size_t j = 0;
	for (size_t i = 0; i < b.len; i++)
		if (!(b.data[i] == '/' && j && b.data[j - 1] == '/')) b.data[j++] = b.data[i];
	b.data[j] = '\0';
	b.len = j;
	return quire_buf_detach(&b, NULL);
}

char *jk_url_join(const char *url, const char *baseurl, const char *path)
{
	if (!url || !*url) return NULL;
	quire_buf b = QUIRE_BUF_INIT;
	size_t n = strlen(url);
	while (n && url[n - 1] == '/')
		n--;
	quire_buf_append(&b, url, n);
	if (baseurl) {
		while (*baseurl == '/')
			baseurl++;
		size_t m = strlen(baseurl);
		while (m && baseurl[m - 1] == '/')
			m--;
		if (m) {
			quire_buf_putc(&b, '/');
			quire_buf_append(&b, baseurl, m);
		}
	}
	if (!path || path[0] != '/') quire_buf_putc(&b, '/');
	if (path) quire_buf_puts(&b, path);
	return quire_buf_detach(&b, NULL);
}
