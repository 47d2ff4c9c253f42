/* test_time.c - IANA zones from the system zoneinfo (TZif tables and the POSIX
 * footer rule), local-time gaps and overlaps, fixed offsets, every date form
 * qtime_parse accepts and the ones it must refuse, and quire_time_iso.
 * Expected instants were computed independently (Python zoneinfo / by hand). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include <cmocka.h>

#include "internal.h"

/* Seconds of a civil UTC date-time, via the (separately tested) day count. */
static int64_t S_utc(int64_t y, unsigned mo, unsigned d, int h, int mi, int s)
{
	return time_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

static void test_civil_days(void **state)
{
	(void)state;
	assert_int_equal(time_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(time_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(time_days_from_civil(1, 1, 1) * 86400, -62135596800LL);
	for (int64_t days = -800000; days < 3000000; days += 997) {
		int64_t y;
		unsigned m, d;
		time_civil_from_days(days, &y, &m, &d);
		assert_int_equal(time_days_from_civil(y, m, d), days);
	}
}

static void test_shanghai_1988_dst(void **state)
{
	(void)state;
	qtz *z = qtz_load("Asia/Shanghai");
	assert_non_null(z);
	/* China observed DST 1986-1991; 1988-07-01 12:00 local is +09:00 */
	int64_t utc;
	assert_int_equal(qtz_local_to_utc(z, S_utc(1988, 7, 1, 12, 0, 0), &utc), 9 * 3600);
	assert_int_equal(utc, 583729200);
	assert_int_equal(qtz_offset_at_utc(z, 583729200), 9 * 3600);
	assert_int_equal(qtz_local_to_utc(z, S_utc(1988, 12, 1, 12, 0, 0), &utc), 8 * 3600);
	assert_int_equal(utc, 596952000);
	/* no DST after 1991 */
	assert_int_equal(qtz_offset_at_utc(z, S_utc(2021, 7, 1, 0, 0, 0)), 8 * 3600);
	assert_int_equal(qtz_offset_at_utc(z, S_utc(2090, 7, 1, 0, 0, 0)), 8 * 3600);
	/* before the first transition: local mean time, +08:05:43 */
	assert_int_equal(qtz_offset_at_utc(z, S_utc(1890, 1, 1, 0, 0, 0)), 8 * 3600 + 5 * 60 + 43);
	qtz_free(z);
}

static void test_new_york_2024(void **state)
{
	(void)state;
	qtz *z = qtz_load("America/New_York");
	assert_non_null(z);
	/* 2024-03-10 07:00Z: EST -> EDT; 2024-11-03 06:00Z: EDT -> EST */
	int64_t spring = S_utc(2024, 3, 10, 7, 0, 0), fall = S_utc(2024, 11, 3, 6, 0, 0);
	assert_int_equal(qtz_offset_at_utc(z, spring - 1), -5 * 3600);
	assert_int_equal(qtz_offset_at_utc(z, spring), -4 * 3600);
	assert_int_equal(qtz_offset_at_utc(z, fall - 1), -4 * 3600);
	assert_int_equal(qtz_offset_at_utc(z, fall), -5 * 3600);
	/* far beyond the table (Debian ships "fat" files up to 2037): the footer
	 * rule EST5EDT,M3.2.0,M11.1.0 decides; 2050-03-13 and 2050-11-06 */
	int64_t s50 = S_utc(2050, 3, 13, 7, 0, 0), f50 = S_utc(2050, 11, 6, 6, 0, 0);
	assert_int_equal(qtz_offset_at_utc(z, s50 - 1), -5 * 3600);
	assert_int_equal(qtz_offset_at_utc(z, s50), -4 * 3600);
	assert_int_equal(qtz_offset_at_utc(z, f50 - 1), -4 * 3600);
	assert_int_equal(qtz_offset_at_utc(z, f50), -5 * 3600);
	assert_int_equal(qtz_offset_at_utc(z, 2540304000), -4 * 3600); /* 2050-07-01 12:00 local */
	assert_int_equal(qtz_offset_at_utc(z, 2553526800), -5 * 3600); /* 2050-12-01 12:00 local */
	qtz_free(z);
}

static void test_gap_and_overlap(void **state)
{
	(void)state;
	qtz *z = qtz_load("America/New_York");
	assert_non_null(z);
	int64_t utc;
	/* 02:30 on 2024-03-10 does not exist: the earlier offset (EST) is used,
	 * giving 07:30Z = 03:30 EDT */
	assert_int_equal(qtz_local_to_utc(z, S_utc(2024, 3, 10, 2, 30, 0), &utc), -5 * 3600);
	assert_int_equal(utc, S_utc(2024, 3, 10, 7, 30, 0));
	/* 01:30 on 2024-11-03 happens twice: the earlier offset (EDT) wins */
	assert_int_equal(qtz_local_to_utc(z, S_utc(2024, 11, 3, 1, 30, 0), &utc), -4 * 3600);
	assert_int_equal(utc, 1730611800);
	/* either side of the changes */
	assert_int_equal(qtz_local_to_utc(z, S_utc(2024, 3, 10, 1, 59, 0), &utc), -5 * 3600);
	assert_int_equal(utc, 1710053940);
	assert_int_equal(qtz_local_to_utc(z, S_utc(2024, 3, 10, 3, 0, 0), &utc), -4 * 3600);
	assert_int_equal(utc, 1710054000);
	assert_int_equal(qtz_local_to_utc(z, S_utc(2024, 11, 3, 2, 0, 0), &utc), -5 * 3600);
	/* same in the footer era (2050-03-13 02:30 is a gap) */
	assert_int_equal(qtz_local_to_utc(z, S_utc(2050, 3, 13, 2, 30, 0), &utc), -5 * 3600);
	assert_int_equal(qtz_local_to_utc(z, S_utc(2050, 11, 6, 1, 30, 0), &utc), -4 * 3600);
	qtz_free(z);
}

static void test_footer_rules(void **state)
{
	(void)state;
	/* Berlin: CET-1CEST,M3.5.0,M10.5.0/3 ; Sydney (southern): AEST-10AEDT,M10.1.0,M4.1.0/3 */
	qtz *b = qtz_load("Europe/Berlin"), *s = qtz_load("Australia/Sydney");
	assert_non_null(b);
	assert_non_null(s);
	assert_int_equal(qtz_offset_at_utc(b, 2540282400), 7200);
	assert_int_equal(qtz_offset_at_utc(b, S_utc(2050, 12, 1, 0, 0, 0)), 3600);
	/* 2050: last Sunday of March = 27th, 01:00Z; of October = 30th, 01:00Z */
	assert_int_equal(qtz_offset_at_utc(b, S_utc(2050, 3, 27, 1, 0, 0) - 1), 3600);
	assert_int_equal(qtz_offset_at_utc(b, S_utc(2050, 3, 27, 1, 0, 0)), 7200);
	assert_int_equal(qtz_offset_at_utc(b, S_utc(2050, 10, 30, 1, 0, 0) - 1), 7200);
	assert_int_equal(qtz_offset_at_utc(b, S_utc(2050, 10, 30, 1, 0, 0)), 3600);
	assert_int_equal(qtz_offset_at_utc(s, 2553469200), 11 * 3600);
	assert_int_equal(qtz_offset_at_utc(s, 2540253600), 10 * 3600);
	qtz_free(b);
	qtz_free(s);
}

/* Writes a TZif v2 file with no transitions, only a footer, as zic -b slim
 * can produce, into dir/name. */
static void S_write_slim(const char *dir, const char *name, const char *footer)
{
	unsigned char hdr[44] = {'T', 'Z', 'i', 'f', '2'};
	hdr[39] = 1;                                                                          /* typecnt */
	hdr[43] = 4;                                                                          /* charcnt */
	static const unsigned char data[] = {0xFF, 0xFF, 0xB9, 0xB0, 0, 0, 'E', 'S', 'T', 0}; /* -18000 */
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	for (int i = 0; i < 2; i++) {
		fwrite(hdr, 1, sizeof hdr, f);
		fwrite(data, 1, sizeof data, f);
	}
	fprintf(f, "\n%s\n", footer);
	fclose(f);
}

static void test_slim_footer_only(void **state)
{
	(void)state;
	char dir[] = "/tmp/quire-tz-XXXXXX";
	assert_non_null(mkdtemp(dir));
	S_write_slim(dir, "Slim", "EST5EDT,M3.2.0,M11.1.0");
	S_write_slim(dir, "Julian", "XST5XDT,J60/2,300/2");
	S_write_slim(dir, "Quoted", "<-03>3");
	setenv("TZDIR", dir, 1);
	qtz *z = qtz_load("Slim"), *j = qtz_load("Julian"), *q = qtz_load("Quoted");
	unsetenv("TZDIR");
	assert_non_null(z);
	assert_non_null(j);
	assert_non_null(q);
	int64_t spring = S_utc(2024, 3, 10, 7, 0, 0), fall = S_utc(2024, 11, 3, 6, 0, 0);
	assert_int_equal(qtz_offset_at_utc(z, spring - 1), -5 * 3600);
	assert_int_equal(qtz_offset_at_utc(z, spring), -4 * 3600);
	assert_int_equal(qtz_offset_at_utc(z, fall - 1), -4 * 3600);
	assert_int_equal(qtz_offset_at_utc(z, fall), -5 * 3600);
	/* J60 is March 1 every year; zero-based day 300 is Oct 27 in 2024 (leap) */
	assert_int_equal(qtz_offset_at_utc(j, S_utc(2024, 3, 1, 7, 0, 0) - 1), -5 * 3600);
	assert_int_equal(qtz_offset_at_utc(j, S_utc(2024, 3, 1, 7, 0, 0)), -4 * 3600);
	assert_int_equal(qtz_offset_at_utc(j, S_utc(2024, 10, 27, 6, 0, 0) - 1), -4 * 3600);
	assert_int_equal(qtz_offset_at_utc(j, S_utc(2024, 10, 27, 6, 0, 0)), -5 * 3600);
	assert_int_equal(qtz_offset_at_utc(q, 0), -3 * 3600);
	int64_t utc;
	assert_int_equal(qtz_local_to_utc(z, S_utc(2024, 3, 10, 2, 30, 0), &utc), -5 * 3600);
	assert_int_equal(qtz_local_to_utc(z, S_utc(2024, 11, 3, 1, 30, 0), &utc), -4 * 3600);
	qtz_free(z);
	qtz_free(j);
	qtz_free(q);
	char path[600];
	const char *names[] = {"Slim", "Julian", "Quoted"};
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* A version 1 file (32-bit times, no footer): one transition at 1000000000. */
static void test_v1_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/quire-tz-XXXXXX";
	assert_non_null(mkdtemp(dir));
	unsigned char f[44 + 4 + 1 + 12 + 8] = {'T', 'Z', 'i', 'f', 0};
	f[35] = 1; /* timecnt */
	f[39] = 2; /* typecnt */
	f[43] = 8; /* charcnt */
	unsigned char *p = f + 44;
	const uint32_t t = 1000000000u;
	p[0] = (unsigned char)(t >> 24), p[1] = (unsigned char)(t >> 16), p[2] = (unsigned char)(t >> 8),
	p[3] = (unsigned char)t;
	p[4] = 1;                                                      /* index of type 1 */
	static const unsigned char types[] = {0, 0, 0x0E, 0x10, 0, 0,  /* +3600 */
	                                      0, 0, 0x1C, 0x20, 0, 4}; /* +7200 */
	memcpy(p + 5, types, sizeof types);
	memcpy(p + 17, "AAA\0BBB\0", 8);
	char path[600];
	snprintf(path, sizeof path, "%s/V1", dir);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	fwrite(f, 1, sizeof f, fp);
	fclose(fp);
	setenv("TZDIR", dir, 1);
	qtz *z = qtz_load("V1");
	unsetenv("TZDIR");
	assert_non_null(z);
	assert_int_equal(qtz_offset_at_utc(z, 999999999), 3600);
	assert_int_equal(qtz_offset_at_utc(z, 1000000000), 7200);
	assert_int_equal(qtz_offset_at_utc(z, INT64_C(4000000000)), 7200);
	assert_int_equal(qtz_offset_at_utc(z, INT64_MIN), 3600);
	qtz_free(z);
	/* an offset beyond RFC 8536's -25h..+26h makes the file invalid */
	p[5] = 0x7F;
	fp = fopen(path, "wb");
	assert_non_null(fp);
	fwrite(f, 1, sizeof f, fp);
	fclose(fp);
	setenv("TZDIR", dir, 1);
	assert_null(qtz_load("V1"));
	unsetenv("TZDIR");
	unlink(path);
	rmdir(dir);
}

/* Truncated and corrupted copies of a real zone file: loading them must fail
 * cleanly or give a zone that answers without crashing (run under ASan). */
static void test_corrupt_files(void **state)
{
	(void)state;
	FILE *fp = fopen("/usr/share/zoneinfo/America/New_York", "rb");
	assert_non_null(fp);
	static unsigned char orig[8192];
	size_t n = fread(orig, 1, sizeof orig, fp);
	fclose(fp);
	assert_true(n > 100 && n < sizeof orig);
	char dir[] = "/tmp/quire-tz-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[600];
	snprintf(path, sizeof path, "%s/Bad", dir);
	setenv("TZDIR", dir, 1);
	static unsigned char buf[8192];
	uint32_t seed = 12345;
	size_t loaded = 0;
	for (int round = 0; round < 600; round++) {
		size_t len = n;
		memcpy(buf, orig, n);
		if (round < 200) {
			len = (size_t)round * n / 200; /* truncations */
		} else {
			for (int k = 0; k < 1 + round % 4; k++) {
				seed = seed * 1103515245u + 12345u;
				size_t at = round % 3 ? (seed >> 8) % n
				                      : n - 1 - (seed >> 8) % 40; /* often the footer */
				buf[at] = (unsigned char)(seed >> 24);
			}
		}
		fp = fopen(path, "wb");
		assert_non_null(fp);
		fwrite(buf, 1, len, fp);
		fclose(fp);
		qtz *z = qtz_load("Bad");
		if (!z) continue;
		loaded++;
		int64_t utc;
		for (int64_t t = -4000000000LL; t < 5000000000LL; t += 123456789)
			qtz_local_to_utc(z, t, &utc);
		qtz_offset_at_utc(z, INT64_MAX);
		qtz_offset_at_utc(z, INT64_MIN);
		qtz_free(z);
	}
	unsetenv("TZDIR");
	assert_true(loaded > 0); /* some mutations (in names, say) stay loadable */
	unlink(path);
	rmdir(dir);
}

static void test_zone_names(void **state)
{
	(void)state;
	assert_null(qtz_load("../etc/passwd"));
	assert_null(qtz_load("/etc/localtime"));
	assert_null(qtz_load("Asia/../Asia/Shanghai"));
	assert_null(qtz_load("Asia/Shang hai"));
	assert_null(qtz_load("zone.tab"));
	assert_null(qtz_load(""));
	assert_null(qtz_load("Nowhere/City"));
	assert_null(qtz_load("Asia"));  /* a directory */
	qtz *z = qtz_load("Etc/GMT-8"); /* POSIX sign: 8 hours east */
	assert_non_null(z);
	assert_int_equal(qtz_offset_at_utc(z, 0), 8 * 3600);
	qtz_free(z);
	z = qtz_load("UTC");
	assert_non_null(z);
	assert_int_equal(qtz_offset_at_utc(z, 1638921600), 0);
	qtz_free(z);
}

static void test_zone_cache(void **state)
{
	(void)state;
	quire_options o = {0};
	quire_ctx *ctx = quire_ctx_new(&o, NULL);
	assert_non_null(ctx);
	const qtz *a = qtz_get(ctx, "Asia/Shanghai"), *b = qtz_get(ctx, "Asia/Shanghai");
	assert_non_null(a);
	assert_ptr_equal(a, b);
	assert_null(qtz_get(ctx, "Nowhere/City"));
	assert_null(qtz_get(ctx, "../x"));
	quire_ctx_free(ctx);
	/* without a ctx the zone belongs to the caller */
	qtz *own = (qtz *)qtz_get(NULL, "Europe/Berlin");
	assert_non_null(own);
	qtz_free(own);
}

static void test_parse_offset(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int32_t off;
	} ok[] = {
	    {"+0800", 28800},   {"+08:00", 28800},  {"+08", 28800}, {"-0530", -19800}, {"-05:30", -19800},
	    {"Z", 0},           {"z", 0},           {"UTC", 0},     {"GMT", 0},        {"utc", 0},
	    {" +0800 ", 28800}, {"-03:00", -10800}, {"+8", 28800},  {"UTC+8", 28800},  {"GMT-05:00", -18000},
	    {"+0000", 0},       {"-00:30", -1800}};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		int32_t off = 12345;
		if (!qtime_parse_offset(ok[i].s, &off)) fail_msg("offset \"%s\" refused", ok[i].s);
		assert_int_equal(off, ok[i].off);
	}
	static const char *const bad[] = {"",     "0800", "+080",    "+2400", "+08:60", "+08:0",
	                                  "Zulu", "UTC+", "+08:00x", "CST",   "++08",   "+08000"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int32_t off;
		if (qtime_parse_offset(bad[i], &off)) fail_msg("offset \"%s\" accepted", bad[i]);
	}
}

typedef struct pcase {
	const char *s, *zone;
	int64_t utc;
	int32_t off;
	quire_precision prec;
	qtime_zone_source how;
} pcase;

static void S_check(quire_ctx *ctx, const pcase *c)
{
	quire_time t;
	qtime_zone_source how;
	if (!qtime_parse(ctx, c->s, c->zone, &t, &how)) fail_msg("\"%s\" refused", c->s);
	if (t.utc != c->utc || t.offset != c->off || t.precision != c->prec || how != c->how)
		fail_msg("\"%s\" (zone %s): utc %lld off %d prec %d how %d; want %lld %d %d %d", c->s,
		         c->zone ? c->zone : "-", (long long)t.utc, t.offset, t.precision, how,
		         (long long)c->utc, c->off, c->prec, c->how);
}

static void test_parse_forms(void **state)
{
	(void)state;
	enum { D = QUIRE_PREC_DATE, M = QUIRE_PREC_MINUTE, S = QUIRE_PREC_SECOND };
	enum { W = QTIME_ZONE_WRITTEN, Z = QTIME_ZONE_DEFAULT, U = QTIME_ZONE_UTC };
	static const pcase cases[] = {
	    {"2021-12-08", NULL, 1638921600, 0, D, U},
	    {"2021-12-08", "Asia/Shanghai", 1638892800, 28800, D, Z},
	    {"2021-12-08", "+08:00", 1638892800, 28800, D, Z},
	    {"2021-12-08 10:39:01 +0800", NULL, 1638931141, 28800, S, W},
	    {"2021-12-08 10:39:01 +0800", "America/New_York", 1638931141, 28800, S, W},
	    {"2021-12-08 10:39:01+0800", NULL, 1638931141, 28800, S, W},
	    {"2021-12-08T10:39:01+08:00", NULL, 1638931141, 28800, S, W},
	    {"2021-12-08T10:39:01.123Z", NULL, 1638959941, 0, S, W},
	    {"2021-12-08T10:39:01,5 -05:30", NULL, 1638979741, -19800, S, W},
	    {"2021-12-08 10:39", NULL, 1638959940, 0, M, U},
	    {"2021-12-08 10:39", "Asia/Shanghai", 1638931140, 28800, M, Z},
	    {"2021-12-08 10:39", "+05:30", 1638940140, 19800, M, Z},
	    {"2021-12-08 10:39", "UTC", 1638959940, 0, M, Z},
	    {"2021-12-08 10:39", "Nowhere/City", 1638959940, 0, M, U},
	    {"2021/12/08 10:39", "Asia/Shanghai", 1638931140, 28800, M, Z},
	    {"2021.12.08", NULL, 1638921600, 0, D, U},
	    {"2022年05月29日 09:18", "Asia/Shanghai", 1653787080, 28800, M, Z},
	    {"2022年05月29日09:18", "Asia/Shanghai", 1653787080, 28800, M, Z},
	    {"2022年5月29日", "Asia/Shanghai", 1653753600, 28800, D, Z},
	    {"Wed, 08 Dec 2021 10:39:01 +0800", NULL, 1638931141, 28800, S, W},
	    {"Wed, 8 Dec 2021 10:39:01 GMT", NULL, 1638959941, 0, S, W},
	    {"Wed, 08 Dec 2021 10:39:01 +0800 (CST)", NULL, 1638931141, 28800, S, W},
	    {"08 Dec 2021", NULL, 1638921600, 0, D, U},
	    {"08 December 2021 10:39", "Asia/Shanghai", 1638931140, 28800, M, Z},
	    {"  2021-12-08 10:39:01 +0800 \n", NULL, 1638931141, 28800, S, W},
	    {"\xE3\x80\x80"
	     "2021-12-08\xE3\x80\x80",
	     NULL, 1638921600, 0, D, U},
	    {"1988-07-01", "Asia/Shanghai", 583686000, 32400, D, Z},
	    {"1988-07-01 12:00", "Asia/Shanghai", 583729200, 32400, M, Z},
	    {"2024-02-29 23:59:59 -03:00", NULL, 1709261999, -10800, S, W},
	    {"2024-03-10 02:30", "America/New_York", 1710055800, -18000, M, Z},
	    {"0001-01-01", NULL, -62135596800LL, 0, D, U},
	    {"9999-12-31 23:59:59", NULL, 253402300799LL, 0, S, U},
	    {"2021-12-08 9:05", NULL, 1638954300, 0, M, U},
	    {"December 8, 2021", NULL, 1638921600, 0, D, U},
	    {"Dec 08 2021", "+08:00", 1638892800, 28800, D, Z},
	    {"Wednesday, December 8, 2021 10:39 PM", "Asia/Shanghai", 1638974340, 28800, M, Z},
	    {"Dec. 8, 2021, 12:05 a.m. EST", NULL, 1638939900, -18000, M, W},
	    {"2021-12-08 10:39am", NULL, 1638959940, 0, M, U},
	    {"2021-12-08 12:39:01 AM", NULL, 1638923941, 0, S, U},
	    {"2021-12-08Z", NULL, 1638921600, 0, D, W},
	    {"2021-12-08 +0800", NULL, 1638892800, 28800, D, W},
	    {"2021年12月8号", NULL, 1638921600, 0, D, U},
	    /* forms seen in scraped pages' metadata */
	    {"05/08/2014 07:01:00", NULL, 1399532460, 0, S, U},             /* US: month first */
	    {"29/05/2007 09:49", "Asia/Shanghai", 1180403340, 28800, M, Z}, /* 29 cannot be a month */
	    {"29.05.2007", NULL, 1180396800, 0, D, U},
	    {"17:00, 24 December 2015", NULL, 1450976400, 0, M, U},
	    {"17:00, 24 December 2015 (UTC)", NULL, 1450976400, 0, M, W},
	    {"20160729", NULL, 1469750400, 0, D, U},
	    {"20160729T1039Z", NULL, 1469788740, 0, M, W},
	    {"20160729T103901+0800", NULL, 1469759941, 28800, S, W},
	    {"Fri Apr 01 2022 20:42:09 GMT+0000 (UTC)", NULL, 1648845729, 0, S, W},
	    {"Fri Mar 13 21:30:09 EST 2015", NULL, 1426300209, -18000, S, W},
	    {"Wed 08 Dec 2021", NULL, 1638921600, 0, D, U},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		S_check(NULL, &cases[i]);
	/* the same through a context's zone cache */
	quire_options o = {0};
	quire_ctx *ctx = quire_ctx_new(&o, NULL);
	assert_non_null(ctx);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		S_check(ctx, &cases[i]);
	quire_ctx_free(ctx);
}

static void test_parse_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",
	    "   ",
	    " +0800",
	    "garbage",
	    "2021-13-01",
	    "2021-02-30",
	    "2021-02-29",
	    "2021-00-10",
	    "2021-12-00",
	    "2021-12-32",
	    "0000-01-01",
	    "2021-12-08 25:00",
	    "2021-12-08 10:60",
	    "2021-12-08 10:39:61",
	    "2021-12-08T",
	    "2021-12-08 10:39 +2500",
	    "2021-12-08 10:39 CST",
	    "2021-12-08 nonsense",
	    "2021-12/08",
	    "2021年12月08",
	    "21-12-08",
	    "2021-12-08 10",
	    "2021-12-08 10:3",
	    "13/13/2021",
	    "PT0H0M53S",
	    "PDT08:05:41-07:00",
	    "2016072",
	    "201607290",
	    "20160729T10",
	    "12/08.2021",
	    "Fri Mar 13 21:30:09 EST",
	    "17:00, 24 December 2015 10:00",
	    "17:00 (UTC)",
	    "08 Foo 2021",
	    "08 Dec 202",
	    "2021-12-0810:39",
	    "2021-12-08 10:39:01 +0800 x",
	    "10:39",
	    "2021-1208",
	    "Dec 8, 2021 13:00 PM",
	    "2021-12-08 0:30 AM",
	    "May 2021",
	    "Dec 8 21",
	    "2021-12-08 10:39:01 +08:00:00",
	    "2021-12-08T10:39:01+0800Z",
	    "2021-12-08T 10:39",
	    "2021-12-08 (CST)",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		quire_time t;
		qtime_zone_source how;
		if (qtime_parse(NULL, bad[i], "Asia/Shanghai", &t, &how)) fail_msg("\"%s\" accepted", bad[i]);
		assert_int_equal(t.precision, QUIRE_PREC_NONE);
	}
}

static void test_time_iso(void **state)
{
	(void)state;
	char buf[40];
	quire_time t = {1638931141, 28800, QUIRE_PREC_SECOND};
	assert_string_equal(quire_time_iso(&t, buf, sizeof buf), "2021-12-08T10:39:01+08:00");
	t.precision = QUIRE_PREC_MINUTE;
	assert_string_equal(quire_time_iso(&t, buf, sizeof buf), "2021-12-08T10:39+08:00");
	t.precision = QUIRE_PREC_DATE;
	assert_string_equal(quire_time_iso(&t, buf, sizeof buf), "2021-12-08");
	t = (quire_time){1638940140, 19800, QUIRE_PREC_MINUTE};
	assert_string_equal(quire_time_iso(&t, buf, sizeof buf), "2021-12-08T10:39+05:30");
	t = (quire_time){1709261999, -10800, QUIRE_PREC_SECOND};
	assert_string_equal(quire_time_iso(&t, buf, sizeof buf), "2024-02-29T23:59:59-03:00");
	t = (quire_time){1638959941, 0, QUIRE_PREC_SECOND};
	assert_string_equal(quire_time_iso(&t, buf, sizeof buf), "2021-12-08T10:39:01Z");
	t = (quire_time){1638959941 + 1800, -1800, QUIRE_PREC_SECOND};
	assert_string_equal(quire_time_iso(&t, buf, sizeof buf), "2021-12-08T10:39:01-00:30");
	/* the local date of a date-only value, not the UTC one */
	t = (quire_time){1638892800, 28800, QUIRE_PREC_DATE};
	assert_string_equal(quire_time_iso(&t, buf, sizeof buf), "2021-12-08");
	/* a local mean time offset (Shanghai before 1901, +08:05:43) is shown
	 * rounded to the minute, with the same instant: 1900-01-01T00:00:00Z */
	t = (quire_time){-2208988800LL, 29143, QUIRE_PREC_SECOND};
	assert_string_equal(quire_time_iso(&t, buf, sizeof buf), "1900-01-01T08:06:00+08:06");
	t = (quire_time){-2208988800LL, -(4 * 3600 + 56 * 60 + 2), QUIRE_PREC_SECOND}; /* New York LMT */
	assert_string_equal(quire_time_iso(&t, buf, sizeof buf), "1899-12-31T19:04:00-04:56");
	t = (quire_time){0, 0, QUIRE_PREC_NONE};
	assert_string_equal(quire_time_iso(&t, buf, sizeof buf), "");
	t = (quire_time){1638931141, 28800, QUIRE_PREC_SECOND};
	assert_string_equal(quire_time_utc(&t, buf, sizeof buf), "2021-12-08T02:39:01Z");
	/* round trip: what quire_time_iso writes, qtime_parse reads back */
	quire_time back;
	qtime_zone_source how;
	t = (quire_time){583729200, 32400, QUIRE_PREC_SECOND};
	assert_true(qtime_parse(NULL, quire_time_iso(&t, buf, sizeof buf), NULL, &back, &how));
	assert_int_equal(back.utc, t.utc);
	assert_int_equal(back.offset, t.offset);
	assert_int_equal(how, QTIME_ZONE_WRITTEN);
}

/* Random strings over the characters of dates: never a crash, and whatever
 * is accepted survives a round trip through quire_time_iso. */
static void test_parse_random(void **state)
{
	(void)state;
	static const char *const atoms[] = {
	    "2021", "12",   "08", "1",  "-",  "/",  ".",  ":",   " ",    "T",   "Z",   "+",
	    "08",   "00",   "59", "60", "年", "月", "日", "Dec", "Wed,", "GMT", "UTC", "\xE3\x80\x80",
	    "9999", "0000", "2",  "29", "30", "31", "(",  ")",   "x",    ",",   "123"};
	const size_t na = sizeof atoms / sizeof *atoms;
	uint32_t seed = 42;
	size_t accepted = 0;
	for (int i = 0; i < 100000; i++) {
		static const char *const bases[] = {
		    "2021-12-08",          "2021-12-08 10:39:01 +0800",     "2021-12-08T10:39:01.5Z",
		    "2022年5月29日 09:18", "Wed, 08 Dec 2021 10:39:01 GMT", "2021/2/28 23:59"};
		char s[128];
		seed = seed * 1103515245u + 12345u;
		snprintf(s, sizeof s, "%s", bases[(seed >> 16) % (sizeof bases / sizeof *bases)]);
		int edits = (int)((seed >> 8) % 3);
		for (int k = 0; k < edits; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t len = strlen(s), at = (seed >> 16) % (len + 1);
			const char *a = atoms[(seed >> 4) % na];
			size_t an = strlen(a), del = (seed & 1) ? an : 0; /* replace or insert */
			if (at + del > len) del = len - at;
			if (len - del + an + 1 > sizeof s) continue;
			memmove(s + at + an, s + at + del, len - at - del + 1);
			memcpy(s + at, a, an);
		}
		quire_time t, back;
		qtime_zone_source how;
		if (!qtime_parse(NULL, s, (seed & 0x100) ? "+08:00" : NULL, &t, &how)) continue;
		accepted++;
		assert_true(t.precision != QUIRE_PREC_NONE);
		char iso[40];
		quire_time_iso(&t, iso, sizeof iso);
		if (!qtime_parse(NULL, iso, NULL, &back, &how))
			fail_msg("\"%s\" -> \"%s\" does not parse back", s, iso);
		if (t.precision != QUIRE_PREC_DATE && (back.utc != t.utc || back.offset != t.offset))
			fail_msg("\"%s\" -> \"%s\" round trip differs", s, iso);
		assert_int_equal(back.precision, t.precision);
	}
	assert_true(accepted > 100);
}

typedef struct worker {
	quire_ctx *ctx;
	int bad;
} worker;

static void *S_worker(void *arg)
{
	worker *w = arg;
	static const char *const zones[] = {"Asia/Shanghai", "America/New_York", "Europe/Berlin",
	                                    "Asia/Tokyo"};
	static const int32_t want[] = {32400, -14400, 7200, 32400};
	for (int i = 0; i < 2000; i++) {
		quire_time t;
		qtime_zone_source how;
		const char *z = zones[i % 4];
		if (!qtime_parse(w->ctx, i % 4 ? "2024-07-01 12:00" : "1988-07-01 12:00", z, &t, &how) ||
		    t.offset != want[i % 4] || how != QTIME_ZONE_DEFAULT)
			w->bad++;
	}
	return NULL;
}

/* Workers share one context and its zone cache. */
static void test_threads(void **state)
{
	(void)state;
	quire_options o = {0};
	quire_ctx *ctx = quire_ctx_new(&o, NULL);
	assert_non_null(ctx);
	pthread_t th[4];
	worker w[4];
	for (int i = 0; i < 4; i++) {
		w[i] = (worker){ctx, 0};
		assert_int_equal(pthread_create(&th[i], NULL, S_worker, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].bad, 0);
	}
	quire_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_civil_days),    cmocka_unit_test(test_shanghai_1988_dst),
	    cmocka_unit_test(test_new_york_2024), cmocka_unit_test(test_gap_and_overlap),
	    cmocka_unit_test(test_footer_rules),  cmocka_unit_test(test_slim_footer_only),
	    cmocka_unit_test(test_v1_file),       cmocka_unit_test(test_corrupt_files),
	    cmocka_unit_test(test_zone_names),    cmocka_unit_test(test_zone_cache),
	    cmocka_unit_test(test_parse_offset),  cmocka_unit_test(test_parse_forms),
	    cmocka_unit_test(test_parse_rejects), cmocka_unit_test(test_parse_random),
	    cmocka_unit_test(test_threads),       cmocka_unit_test(test_time_iso),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
