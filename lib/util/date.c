/* SPDX-License-Identifier: MIT */
#include "util/date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

bool cai_date_valid_n(const char *s, size_t n)
{
	if (!s || n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (size_t i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= days[m - 1] + (m == 2 && leap);
}

bool ca_date_valid(const char *text)
{
	return text && cai_date_valid_n(text, strlen(text));
}

void cai_date_today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

const char *cai_date_or_today(const char *date, char day[11])
{
	if (!date) {
		cai_date_today(day);
		return day;
	}
	return ca_date_valid(date) ? date : NULL;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil), and back. */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, char out[11])
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = (long)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	unsigned yy = (unsigned)(y < 0 ? 0 : y % 10000);
	char tmp[32];
	snprintf(tmp, sizeof(tmp), "%04u-%02u-%02u", yy, m % 13, d % 32);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

bool cai_date_iso_week(unsigned year, unsigned week, char first[11], char last[11])
{
	if (year < 1900 || year > 9999 || week < 1 || week > 53)
		return false;
	/* week 1 holds January 4th; days are 0 = Monday */
	long jan4 = days_from_civil((long)year, 1, 4);
	long wd = ((jan4 % 7) + 7 + 3) % 7; /* 1970-01-01 was a Thursday */
	long monday = jan4 - wd + 7L * (week - 1);
	if (week == 53) {
		long next_jan4 = days_from_civil((long)year + 1, 1, 4);
		long next_w1 = next_jan4 - (((next_jan4 % 7) + 7 + 3) % 7);
		if (monday >= next_w1)
			return false;
	}
	civil_from_days(monday, first);
	civil_from_days(monday + 6, last);
	return true;
}
