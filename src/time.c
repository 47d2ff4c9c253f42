/* time.c - civil dates, IANA zones read from the system zoneinfo (TZif v1-v4
 * with the POSIX TZ footer; no setenv("TZ"), no localtime: thread-safe) and
 * the parser for the date strings found in front matter and pages (ISO 8601
 * and its common variants, Chinese 年月日, RFC 2822, "December 8, 2021"). It does
 * not format dates (quire_time_iso in article.c does). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "internal.h"

int64_t time_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void time_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static bool S_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned S_month_days(int64_t y, unsigned m)
{
	static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && S_leap(y) ? 29 : days[m - 1];
}

static int64_t S_floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* ---- POSIX TZ rules (the TZif footer) ------------------------------------- */

/* One transition date: Jn (1-365, no Feb 29), n (0-365), or Mm.w.d; secs is
 * the local time of day of the change (may be negative or beyond 24h). */
typedef struct tzrule {
	char kind; /* 'J', 'N', 'M' */
	int n, m, w, d;
	int32_t secs;
} tzrule;

typedef struct posixtz {
	bool valid, has_dst;
	int32_t std_off, dst_off; /* seconds east of UTC */
	tzrule start, end;
} posixtz;

static const char *S_tz_name(const char *p)
{
	if (*p == '<') {
		const char *q = strchr(p, '>');
		return q && q - p >= 4 ? q + 1 : NULL;
	}
	const char *q = p;
	while (isalpha((unsigned char)*q))
		q++;
	return q - p >= 3 ? q : NULL;
}

/* [+-]hh[:mm[:ss]], hours up to 167 (RFC 8536 extension). */
static const char *S_tz_hms(const char *p, int32_t *secs, int maxh)
{
	int sign = 1;
	if (*p == '+' || *p == '-') sign = *p++ == '-' ? -1 : 1;
	int part[3] = {0, 0, 0};
	for (int i = 0; i < 3; i++) {
		if (i && *p != ':') break;
		if (i) p++;
		if (!isdigit((unsigned char)*p)) return NULL;
		int v = 0, nd = 0;
		while (isdigit((unsigned char)*p) && nd < 3) {
			v = v * 10 + (*p++ - '0');
			nd++;
		}
		part[i] = v;
	}
	if (part[0] > maxh || part[1] > 59 || part[2] > 59) return NULL;
	*secs = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
	return p;
}

static const char *S_tz_int(const char *p, int *v, int lo, int hi)
{
	if (!isdigit((unsigned char)*p)) return NULL;
	int x = 0;
	while (isdigit((unsigned char)*p) && x <= hi)
		x = x * 10 + (*p++ - '0');
	if (x < lo || x > hi) return NULL;
	*v = x;
	return p;
}

static const char *S_tz_rule(const char *p, tzrule *r)
{
	memset(r, 0, sizeof *r);
	r->secs = 7200;
	if (*p == 'J') {
		r->kind = 'J';
		p = S_tz_int(p + 1, &r->n, 1, 365);
	} else if (*p == 'M') {
		r->kind = 'M';
		p = S_tz_int(p + 1, &r->m, 1, 12);
		if (p && *p == '.')
			p = S_tz_int(p + 1, &r->w, 1, 5);
		else
			p = NULL;
		if (p && *p == '.')
			p = S_tz_int(p + 1, &r->d, 0, 6);
		else
			p = NULL;
	} else {
		r->kind = 'N';
		p = S_tz_int(p, &r->n, 0, 365);
	}
	if (p && *p == '/') p = S_tz_hms(p + 1, &r->secs, 167);
	return p;
}

/* Parses e.g. "CST-8", "EST5EDT,M3.2.0,M11.1.0", "<+0330>-3:30". */
static posixtz S_posix_parse(const char *s)
{
	posixtz tz = {0};
	int32_t off;
	const char *p = S_tz_name(s);
	if (!p || !(p = S_tz_hms(p, &off, 24))) return tz;
	tz.std_off = -off;
	if (*p) {
		if (!(p = S_tz_name(p))) return tz;
		tz.has_dst = true;
		tz.dst_off = tz.std_off + 3600;
		if (*p && *p != ',') {
			if (!(p = S_tz_hms(p, &off, 24))) return tz;
			tz.dst_off = -off;
		}
		if (*p == ',') {
			if (!(p = S_tz_rule(p + 1, &tz.start)) || *p != ',' ||
			    !(p = S_tz_rule(p + 1, &tz.end)))
				return tz;
		} else { /* POSIX leaves the default open; use the US rule as glibc does */
			tz.start = (tzrule){'M', 0, 3, 2, 0, 7200};
			tz.end = (tzrule){'M', 0, 11, 1, 0, 7200};
		}
	}
	tz.valid = *p == '\0';
	return tz;
}

/* Days since the epoch of the rule's date in year y. */
static int64_t S_rule_day(const tzrule *r, int64_t y)
{
	int64_t jan1 = time_days_from_civil(y, 1, 1);
	if (r->kind == 'J') return jan1 + r->n - 1 + (S_leap(y) && r->n >= 60);
	if (r->kind == 'N') return jan1 + r->n;
	int64_t first = time_days_from_civil(y, (unsigned)r->m, 1);
	int64_t wd = ((first + 4) % 7 + 7) % 7; /* 0 = Sunday; 1970-01-01 was a Thursday */
	int64_t day = first + (r->d - wd + 7) % 7 + (int64_t)(r->w - 1) * 7;
	int64_t last = first + S_month_days(y, (unsigned)r->m) - 1;
	while (day > last)
		day -= 7;
	return day;
}

static int32_t S_posix_offset(const posixtz *tz, int64_t utc)
{
	if (!tz->has_dst) return tz->std_off;
	const int64_t lim = INT64_C(1) << 40; /* ~34,000 years: keeps the arithmetic far from overflow */
	utc = utc < -lim ? -lim : utc > lim ? lim : utc;
	int64_t y;
	unsigned m, d;
	time_civil_from_days(S_floor_div(utc + tz->std_off, 86400), &y, &m, &d);
	int64_t start = S_rule_day(&tz->start, y) * 86400 + tz->start.secs - tz->std_off;
	int64_t end = S_rule_day(&tz->end, y) * 86400 + tz->end.secs - tz->dst_off;
	if (start < end) /* northern hemisphere: summer inside the year */
		return utc >= start && utc < end ? tz->dst_off : tz->std_off;
	return utc >= end && utc < start ? tz->std_off : tz->dst_off;
}

/* ---- TZif (RFC 8536) ------------------------------------------------------ */

#define TZ_MAX_FILE (1u << 20)

struct qtz {
	size_t ntrans;
	int64_t *trans; /* UTC instants, ascending */
	int32_t *offs;  /* offset in effect from trans[i] on */
	int32_t first;  /* offset before the first transition (type 0) */
	posixtz footer; /* rule after the last transition, when valid */
};

void qtz_free(qtz *z)
{
	if (!z) return;
	free(z->trans);
	free(z->offs);
	free(z);
}

static bool S_zone_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > 255 || name[0] == '/' || strstr(name, "..")) return false;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_+/-", *p)) return false;
	return true;
}

static uint32_t S_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t S_be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)S_be32(p) << 32 | S_be32(p + 4));
}

typedef struct tzhead {
	uint32_t isut, isstd, leap, time, type, chars;
} tzhead;

/* Reads a header at p and returns the size of the data block that follows
 * (tsize = 4 for v1, 8 for v2+), or 0 when malformed. */
static size_t S_tzif_head(const unsigned char *p, size_t n, tzhead *h, size_t tsize)
{
	if (n < 44 || memcmp(p, "TZif", 4) != 0) return 0;
	h->isut = S_be32(p + 20);
	h->isstd = S_be32(p + 24);
	h->leap = S_be32(p + 28);
	h->time = S_be32(p + 32);
	h->type = S_be32(p + 36);
	h->chars = S_be32(p + 40);
	if (h->type == 0 || h->type > 256 || h->time > TZ_MAX_FILE || h->leap > TZ_MAX_FILE ||
	    h->chars > TZ_MAX_FILE || h->isut > h->type || h->isstd > h->type)
		return 0;
	size_t body = (size_t)h->time * (tsize + 1) + (size_t)h->type * 6 + h->chars +
	              (size_t)h->leap * (tsize + 4) + h->isstd + h->isut;
	return 44 + body <= n ? body : 0;
}

/* Fills z from the data block at p (after its header). */
static bool S_tzif_data(qtz *z, const tzhead *h, const unsigned char *p, size_t tsize)
{
	const unsigned char *idx = p + (size_t)h->time * tsize, *types = idx + h->time;
	z->ntrans = h->time;
	z->trans = malloc((h->time ? h->time : 1) * sizeof *z->trans);
	z->offs = malloc((h->time ? h->time : 1) * sizeof *z->offs);
	if (!z->trans || !z->offs) return false;
	for (size_t t = 0; t < h->type; t++) {
		int32_t off = (int32_t)S_be32(types + t * 6);
		if (off < -89999 || off > 93599) return false; /* RFC 8536: within -25h..+26h */
	}
	for (size_t i = 0; i < h->time; i++) {
		z->trans[i] = tsize == 8 ? S_be64(p + i * 8) : (int64_t)(int32_t)S_be32(p + i * 4);
		if (idx[i] >= h->type || (i && z->trans[i] <= z->trans[i - 1])) return false;
		z->offs[i] = (int32_t)S_be32(types + idx[i] * 6);
	}
	z->first = (int32_t)S_be32(types);
	return true;
}

static unsigned char *S_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) return NULL;
	struct stat st;
	unsigned char *buf = NULL;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && st.st_size < TZ_MAX_FILE)
		buf = malloc((size_t)st.st_size);
	size_t n = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
	fclose(f);
	if (!buf || n != (size_t)st.st_size) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

/* Parses a whole TZif file: the 64-bit section and footer when the version
 * has them, else the 32-bit one. Leap-second records (right/ zones) are
 * ignored. */
static qtz *S_tzif_parse(const unsigned char *buf, size_t n)
{
	tzhead h;
	size_t body = S_tzif_head(buf, n, &h, 4);
	if (!body) return NULL;
	qtz *z = calloc(1, sizeof *z);
	if (!z) return NULL;
	bool ok;
	if (buf[4] >= '2') {
		const unsigned char *p2 = buf + 44 + body;
		size_t body2 = S_tzif_head(p2, n - 44 - body, &h, 8);
		ok = body2 && S_tzif_data(z, &h, p2 + 44, 8);
		const char *ft = (const char *)p2 + 44 + body2, *end = (const char *)buf + n;
		if (ok && ft < end && *ft == '\n') {
			const char *nl = memchr(ft + 1, '\n', (size_t)(end - ft - 1));
			char tmp[128];
			if (nl && (size_t)(nl - ft - 1) < sizeof tmp) {
				memcpy(tmp, ft + 1, (size_t)(nl - ft - 1));
				tmp[nl - ft - 1] = '\0';
				z->footer = S_posix_parse(tmp);
			}
		}
	} else {
		ok = S_tzif_data(z, &h, buf + 44, 4);
	}
	if (!ok) {
		qtz_free(z);
		return NULL;
	}
	return z;
}

/* The zoneinfo directory: $TZDIR as glibc honours it, else the system's. */
qtz *qtz_load(const char *name)
{
	if (!name || !S_zone_name_ok(name)) return NULL;
	const char *dir = getenv("TZDIR");
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
	size_t n;
	unsigned char *buf = S_read_file(path, &n);
	if (!buf) return NULL;
	qtz *z = S_tzif_parse(buf, n);
	free(buf);
	return z;
}

static void *S_cache_make(quire_ctx *ctx, const char *key)
{
	(void)ctx;
	return qtz_load(key);
}

static void S_cache_destroy(void *v)
{
	qtz_free(v);
}

/* With ctx NULL the zone is loaded anew and the caller owns it (qtz_free);
 * with a ctx it is cached for the run and owned by the ctx. */
const qtz *qtz_get(quire_ctx *ctx, const char *name)
{
	if (!name || !S_zone_name_ok(name)) return NULL;
	if (!ctx) return qtz_load(name);
	return ctx_cache(ctx, "tz", name, S_cache_make, S_cache_destroy);
}

int32_t qtz_offset_at_utc(const qtz *z, int64_t utc)
{
	if (!z) return 0;
	if (z->ntrans == 0 || utc < z->trans[0])
		return z->ntrans == 0 && z->footer.valid ? S_posix_offset(&z->footer, utc) : z->first;
	if (utc >= z->trans[z->ntrans - 1] && z->footer.valid) return S_posix_offset(&z->footer, utc);
	size_t lo = 0, hi = z->ntrans; /* last i with trans[i] <= utc */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (z->trans[mid] <= utc)
			lo = mid;
		else
			hi = mid;
	}
	return z->offs[lo];
}

/* Offsets two days either side bracket any transition near local; the
 * earlier offset wins when both fit (overlap) or neither does (gap): a
 * skipped 02:30 becomes 03:30 of the new offset, a repeated 01:30 its first
 * occurrence. */
int32_t qtz_local_to_utc(const qtz *z, int64_t local, int64_t *utc)
{
	int32_t before = qtz_offset_at_utc(z, local - 2 * 86400);
	int32_t after = qtz_offset_at_utc(z, local + 2 * 86400);
	int32_t off = before;
	if (qtz_offset_at_utc(z, local - before) != before && qtz_offset_at_utc(z, local - after) == after)
		off = after;
	*utc = local - off;
	return off;
}

/* ---- parsing -------------------------------------------------------------- */

static const char *S_ws(const char *p)
{
	for (;;) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')
			p++;
		else if (strncmp(p, "\xE3\x80\x80", 3) == 0 || strncmp(p, "\xC2\xA0", 2) == 0)
			p += *p == '\xC2' ? 2 : 3;
		else
			return p;
	}
}

/* Reads min..max decimal digits into *v. */
static const char *S_num(const char *p, int min, int max, int *v)
{
	int n = 0, x = 0;
	while (n < max && isdigit((unsigned char)p[n])) {
		x = x * 10 + (p[n] - '0');
		n++;
	}
	if (n < min || isdigit((unsigned char)p[n])) return NULL;
	*v = x;
	return p + n;
}

/* Z, UTC, GMT, UT (optionally followed by a signed offset), +hh, +hhmm, +hh:mm. */
static const char *S_offset(const char *p, int32_t *off)
{
	*off = 0;
	if (*p == 'Z' || *p == 'z') return isalpha((unsigned char)p[1]) ? NULL : p + 1;
	static const char *const utc[] = {"UTC", "GMT", "UT"};
	for (int i = 0; i < 3; i++) {
		size_t n = strlen(utc[i]);
		if (strncasecmp(p, utc[i], n) == 0 && !isalpha((unsigned char)p[n])) {
			p += n;
			if (*p != '+' && *p != '-') return p;
			break;
		}
	}
	if (*p != '+' && *p != '-') return NULL;
	int sign = *p++ == '-' ? -1 : 1, h, m = 0;
	const char *q = S_num(p, 1, 4, &h);
	if (!q) return NULL;
	if (q - p == 4) { /* hhmm */
		m = h % 100;
		h /= 100;
	} else if (q - p == 3) {
		return NULL;
	} else if (*q == ':') {
		if (!(q = S_num(q + 1, 2, 2, &m))) return NULL;
	}
	if (h > 23 || m > 59) return NULL;
	*off = sign * (h * 3600 + m * 60);
	return q;
}

bool qtime_parse_offset(const char *s, int32_t *offset)
{
	int32_t off = 0;
	const char *p = s ? S_offset(S_ws(s), &off) : NULL;
	if (!p || *S_ws(p)) {
		*offset = 0;
		return false;
	}
	*offset = off;
	return true;
}

typedef struct qfields {
	int y, mo, d, h, mi, s;
	quire_precision prec;
	bool has_off;
	int32_t off;
} qfields;

/* 2021-12-08, 2021/12/08, 2021.12.08, 2022年5月29日 */
static const char *S_numeric_date(const char *p, qfields *f)
{
	if (!(p = S_num(p, 4, 4, &f->y))) return NULL;
	static const char *const seps[][2] = {{"-", "-"}, {"/", "/"}, {".", "."}, {"年", "月"}};
	for (size_t i = 0; i < sizeof seps / sizeof *seps; i++) {
		size_t n1 = strlen(seps[i][0]), n2 = strlen(seps[i][1]);
		if (strncmp(p, seps[i][0], n1) != 0) continue;
		const char *q = S_num(p + n1, 1, 2, &f->mo);
		if (!q || strncmp(q, seps[i][1], n2) != 0 || !(q = S_num(q + n2, 1, 2, &f->d))) return NULL;
		if (i == 3) {
			if (strncmp(q, "日", 3) != 0 && strncmp(q, "号", 3) != 0) return NULL;
			q += 3;
		}
		return q;
	}
	return NULL;
}

static int S_month_name(const char *p, const char **end)
{
	static const char *const names[] = {"jan", "feb", "mar", "apr", "may", "jun",
	                                    "jul", "aug", "sep", "oct", "nov", "dec"};
	const char *q = p;
	while (isalpha((unsigned char)*q))
		q++;
	if (q - p < 3) return 0;
	for (int i = 0; i < 12; i++)
		if (strncasecmp(p, names[i], 3) == 0) {
			*end = q;
			return i + 1;
		}
	return 0;
}

/* Skips an optional weekday name ("Wed", "Wednesday") and a comma. */
static const char *S_weekday(const char *p)
{
	static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
	const char *q = p;
	while (isalpha((unsigned char)*q))
		q++;
	if (q - p < 3) return p;
	for (int i = 0; i < 7; i++)
		if (strncasecmp(p, days[i], 3) == 0) {
			if (*q == ',') q++;
			return S_ws(q);
		}
	return p;
}

/* [Wed, ]08 Dec 2021 */
static const char *S_rfc2822_date(const char *p, qfields *f)
{
	p = S_weekday(p);
	if (!(p = S_num(p, 1, 2, &f->d)) || !(p = S_ws(p)) || !(f->mo = S_month_name(p, &p))) return NULL;
	const char *y = S_ws(p);
	if (y == p || !(p = S_num(y, 2, 4, &f->y)) || p - y == 3) return NULL;
	if (p - y == 2) /* obsolete two-digit years (RFC 2822 section 4.3) */
		f->y += f->y < 50 ? 2000 : 1900;
	return p;
}

/* Month name and day: "December 8", "Dec. 08"; returns after the day. */
static const char *S_month_day(const char *p, qfields *f)
{
	if (!(f->mo = S_month_name(S_weekday(p), &p))) return NULL;
	if (*p == '.') p++;
	const char *d = S_ws(p);
	return d == p ? NULL : S_num(d, 1, 2, &f->d);
}

/* [Wednesday, ]December 8, 2021 / Dec 08 2021 (also JavaScript's
 * Date.toString: "Fri Apr 01 2022 20:42:09 GMT+0000 (UTC)") */
static const char *S_mdy_date(const char *p, qfields *f)
{
	if (!(p = S_month_day(p, f))) return NULL;
	if (*p == ',') p++;
	const char *y = S_ws(p);
	if (y == p || !(p = S_num(y, 4, 4, &f->y))) return NULL;
	return *p == ',' ? p + 1 : p;
}

/* " AM" / "pm" / "a.m." after a 12-hour clock time. */
static const char *S_ampm(const char *p, qfields *f)
{
	const char *q = S_ws(p);
	int pm;
	if ((q[0] == 'A' || q[0] == 'a' || q[0] == 'P' || q[0] == 'p') && (q[1] == 'M' || q[1] == 'm') &&
	    !isalpha((unsigned char)q[2]))
		pm = q[0] == 'P' || q[0] == 'p', q += 2;
	else if ((strncasecmp(q, "a.m.", 4) == 0 || strncasecmp(q, "p.m.", 4) == 0))
		pm = q[0] == 'p' || q[0] == 'P', q += 4;
	else
		return p;
	if (f->h < 1 || f->h > 12) return NULL;
	f->h = f->h % 12 + (pm ? 12 : 0);
	return q;
}

/* hh:mm[:ss[.fraction]] */
static const char *S_clock(const char *p, qfields *f)
{
	if (!(p = S_num(p, 1, 2, &f->h)) || *p != ':' || !(p = S_num(p + 1, 2, 2, &f->mi))) return NULL;
	f->prec = QUIRE_PREC_MINUTE;
	if (*p == ':' && isdigit((unsigned char)p[1])) {
		if (!(p = S_num(p + 1, 2, 2, &f->s))) return NULL;
		f->prec = QUIRE_PREC_SECOND;
		if ((*p == '.' || *p == ',') && isdigit((unsigned char)p[1]))
			for (p++; isdigit((unsigned char)*p);)
				p++;
	}
	return S_ampm(p, f);
}

/* US zone names allowed by RFC 2822's obsolete syntax. */
static const char *S_rfc_zone(const char *p, int32_t *off)
{
	static const struct {
		const char *name;
		int hours;
	} z[] = {{"EST", -5}, {"EDT", -4}, {"CST", -6}, {"CDT", -5},
	         {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
	for (size_t i = 0; i < sizeof z / sizeof *z; i++)
		if (strncmp(p, z[i].name, 3) == 0 && !isalpha((unsigned char)p[3])) {
			*off = z[i].hours * 3600;
			return p + 3;
		}
	return S_offset(p, off);
}

/* Everything after the date: [sep time] [ws] [offset] [ws]. */
static bool S_rest(const char *p, qfields *f, bool rfc, bool cjk)
{
	const char *q = S_ws(p);
	if (*q && (q != p || cjk || (!rfc && (*p == 'T' || *p == 't')))) {
		const char *t = (q == p && !cjk) ? p + 1 : q;
		const char *e = S_clock(t, f);
		if (e)
			p = e;
		else if (q == p)
			return false;
	}
	q = S_ws(p);
	if (*q) {
		const char *e = rfc ? S_rfc_zone(q, &f->off) : S_offset(q, &f->off);
		if (!e) return false;
		f->has_off = true;
		q = S_ws(e);
		if (rfc && *q == '(') { /* "(CST)" comment after the zone */
			const char *c = strchr(q, ')');
			if (!c) return false;
			q = S_ws(c + 1);
		}
	}
	return *q == '\0';
}

/* 20211208[T103901[Z|+0800]] */
static bool S_compact(const char *p, qfields *f)
{
	int v;
	const char *q = S_num(p, 8, 8, &v);
	if (!q) return false;
	f->y = v / 10000, f->mo = v / 100 % 100, f->d = v % 100;
	if (*q == 'T' || *q == 't') {
		int hms;
		const char *e = S_num(q + 1, 4, 6, &hms);
		if (!e || e - q == 6) return false;
		if (e - q == 7) {
			f->h = hms / 10000, f->mi = hms / 100 % 100, f->s = hms % 100;
			f->prec = QUIRE_PREC_SECOND;
		} else {
			f->h = hms / 100, f->mi = hms % 100;
			f->prec = QUIRE_PREC_MINUTE;
		}
		q = e;
	}
	return S_rest(q, f, false, false);
}

/* 05/29/2007 (month first, as in the US, unless the first number cannot be a
 * month) and 29.05.2007 (day first, as in Europe). */
static bool S_dmy_numeric(const char *p, qfields *f)
{
	int a, b;
	const char *q = S_num(p, 1, 2, &a);
	if (!q || (*q != '/' && *q != '.')) return false;
	char sep = *q;
	if (!(q = S_num(q + 1, 1, 2, &b)) || *q != sep || !(q = S_num(q + 1, 4, 4, &f->y))) return false;
	bool day_first = sep == '.' || a > 12;
	f->mo = day_first ? b : a;
	f->d = day_first ? a : b;
	return S_rest(q, f, false, false);
}

/* ctime and date(1): "Fri Mar 13 21:30:09 EST 2015" */
static bool S_ctime(const char *p, qfields *f)
{
	const char *q = S_month_day(p, f), *t;
	if (!q || (t = S_ws(q)) == q || !(q = S_clock(t, f))) return false;
	q = S_ws(q);
	if (!isdigit((unsigned char)*q)) {
		if (!(q = S_rfc_zone(q, &f->off))) return false;
		f->has_off = true;
		q = S_ws(q);
	}
	return (q = S_num(q, 4, 4, &f->y)) && *S_ws(q) == '\0';
}

/* Time first, as on wikis: "17:00, 24 December 2015 (UTC)" */
static bool S_time_first(const char *p, qfields *f)
{
	const char *q = S_clock(p, f);
	if (!q) return false;
	if (*q == ',') q++;
	q = S_ws(q);
	quire_precision prec = f->prec;
	const char *e = S_rfc2822_date(q, f);
	if (!e && !(e = S_mdy_date(q, f)) && !(e = S_numeric_date(q, f))) return false;
	f->prec = prec;
	e = S_ws(e);
	if (*e == '(' && e[1] && strchr(e, ')')) { /* "(UTC)" */
		int32_t off;
		const char *z = S_offset(e + 1, &off);
		if (!z || *z != ')') return false;
		f->off = off, f->has_off = true;
		e = S_ws(z + 1);
	} else if (*e) {
		return S_rest(e, f, true, false) && f->prec == prec;
	}
	return *e == '\0';
}

/* Tries each date form on the whole string. */
static bool S_parse_fields(const char *p, qfields *f)
{
	bool (*const forms[])(const char *, qfields *) = {S_compact, S_dmy_numeric, S_ctime, S_time_first};
	const char *e;
	memset(f, 0, sizeof *f);
	f->prec = QUIRE_PREC_DATE;
	if ((e = S_numeric_date(p, f))) return S_rest(e, f, false, (unsigned char)e[-1] >= 0x80);
	memset(f, 0, sizeof *f);
	f->prec = QUIRE_PREC_DATE;
	if ((e = S_rfc2822_date(p, f))) return S_rest(e, f, true, false);
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		memset(f, 0, sizeof *f);
		f->prec = QUIRE_PREC_DATE;
		if (forms[i](p, f)) return true;
	}
	memset(f, 0, sizeof *f);
	f->prec = QUIRE_PREC_DATE;
	return (e = S_mdy_date(p, f)) && S_rest(e, f, true, false);
}

static bool S_fields_valid(qfields *f)
{
	if (f->y < 1 || f->y > 9999 || f->mo < 1 || f->mo > 12 || f->d < 1 ||
	    (unsigned)f->d > S_month_days(f->y, (unsigned)f->mo))
		return false;
	if (f->h > 23 || f->mi > 59 || f->s > 60) return false;
	if (f->s == 60) /* a leap second: keep it inside its minute */
		f->s = 59;
	return true;
}

/* Applies the default zone to local wall-clock seconds. */
static qtime_zone_source S_apply_zone(quire_ctx *ctx, const char *zone, int64_t local, int64_t *utc,
                                      int32_t *off)
{
	*utc = local;
	*off = 0;
	if (!zone) return QTIME_ZONE_UTC;
	if (qtime_parse_offset(zone, off)) {
		*utc = local - *off;
		return QTIME_ZONE_DEFAULT;
	}
	const qtz *z = qtz_get(ctx, zone);
	if (!z) /* an unknown zone counts as none (ctx validates --timezone) */
		return QTIME_ZONE_UTC;
	*off = qtz_local_to_utc(z, local, utc);
	if (!ctx) qtz_free((qtz *)z);
	return QTIME_ZONE_DEFAULT;
}

bool qtime_parse(quire_ctx *ctx, const char *s, const char *zone, quire_time *out, qtime_zone_source *how)
{
	memset(out, 0, sizeof *out);
	*how = QTIME_ZONE_UTC;
	if (!s) return false;
	qfields f;
	if (!S_parse_fields(S_ws(s), &f) || !S_fields_valid(&f)) return false;
	int64_t local =
	    time_days_from_civil(f.y, (unsigned)f.mo, (unsigned)f.d) * 86400 + f.h * 3600 + f.mi * 60 + f.s;
	if (f.has_off) {
		out->utc = local - f.off;
		out->offset = f.off;
		*how = QTIME_ZONE_WRITTEN;
	} else {
		*how = S_apply_zone(ctx, zone, local, &out->utc, &out->offset);
	}
	out->precision = f.prec;
	return true;
}
