/* SPDX-License-Identifier: MIT */
/* Calendar dates written YYYY-MM-DD (the only form chipaudit uses). */
#ifndef CA_UTIL_DATE_H
#define CA_UTIL_DATE_H

#include "chipaudit/chipaudit.h"

/* True when s[0..n) is a real calendar date YYYY-MM-DD, year 1900 or later. */
bool cai_date_valid_n(const char *s, size_t n);

/* Writes today's UTC date as YYYY-MM-DD into out. */
void cai_date_today(char out[11]);

/* The judging day of a call that takes an optional date: date itself when
 * it is a real date, today (written into day) when date is NULL, and NULL
 * when date is not a real date. */
const char *cai_date_or_today(const char *date, char day[11]);

/* The first (Monday) and last (Sunday) day of ISO week `week` of `year`
 * as YYYY-MM-DD. Returns false when the week does not exist in that year. */
bool cai_date_iso_week(unsigned year, unsigned week, char first[11], char last[11]);

#endif
