/* time.c - civil dates, IANA zones read from the system zoneinfo (TZif, no
 * setenv("TZ"), thread-safe) and the date parser. STUB: to be completed. */
#include <stdlib.h>
#include <string.h>

#include "private.h"

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

struct qtz {
	int dummy;
};

qtz *qtz_load(const char *name)
{
	(void)name;
	return NULL;
}

void qtz_free(qtz *z)
{
	free(z);
}

const qtz *qtz_get(quire_ctx *ctx, const char *name)
{
	(void)ctx;
	(void)name;
	return NULL;
}

int32_t qtz_offset_at_utc(const qtz *z, int64_t utc)
{
	(void)z;
	(void)utc;
	return 0;
}

int32_t qtz_local_to_utc(const qtz *z, int64_t local, int64_t *utc)
{
	(void)z;
	*utc = local;
	return 0;
}

bool qtime_parse_offset(const char *s, int32_t *offset)
{
	(void)s;
	*offset = 0;
	return false;
}

bool qtime_parse(quire_ctx *ctx, const char *s, const char *zone, quire_time *out, qtime_zone_source *how)
{
	(void)ctx;
	(void)s;
	(void)zone;
	memset(out, 0, sizeof *out);
	*how = QTIME_ZONE_UTC;
	return false;
}
