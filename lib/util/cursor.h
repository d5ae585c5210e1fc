/* SPDX-License-Identifier: MIT */
/* Bounded cursor over a byte range: parse without sscanf/atoi, never read
 * past the end, never need a NUL terminator. */
#ifndef CA_UTIL_CURSOR_H
#define CA_UTIL_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct ca_cursor {
	const char *p;
	const char *end;
} ca_cursor;

static inline ca_cursor ca_cursor_make(const char *p, size_t n)
{
	return (ca_cursor){p, p + n};
}

static inline size_t ca_cursor_left(const ca_cursor *c) { return (size_t)(c->end - c->p); }

/* Consumes the literal s if the cursor starts with it. */
static inline bool ca_cursor_lit(ca_cursor *c, const char *s)
{
	size_t n = strlen(s);
	if (ca_cursor_left(c) < n || memcmp(c->p, s, n) != 0)
		return false;
	c->p += n;
	return true;
}

/* Consumes 1..max_digits decimal digits into *ret (no overflow past max_digits=9). */
static inline bool ca_cursor_dec(ca_cursor *c, uint32_t *ret, unsigned max_digits)
{
	uint32_t v = 0;
	unsigned n = 0;
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9' && n < max_digits) {
		v = v * 10 + (uint32_t)(*c->p - '0');
		c->p++;
		n++;
	}
	if (n == 0)
		return false;
	*ret = v;
	return true;
}

static inline int ca_hex_value(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Consumes 1..max_digits hex digits (max 8) into *ret. */
static inline bool ca_cursor_hex(ca_cursor *c, uint32_t *ret, unsigned max_digits)
{
	uint32_t v = 0;
	unsigned n = 0;
	int d;
	while (c->p < c->end && n < max_digits && (d = ca_hex_value(*c->p)) >= 0) {
		v = (v << 4) | (uint32_t)d;
		c->p++;
		n++;
	}
	if (n == 0)
		return false;
	*ret = v;
	return true;
}

/* Narrows [*p, *p + *n) to drop leading and trailing spaces and tabs. */
static inline void ca_trim_blanks(const char **p, size_t *n)
{
	while (*n && ((*p)[0] == ' ' || (*p)[0] == '\t')) {
		(*p)++;
		(*n)--;
	}
	while (*n && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t'))
		(*n)--;
}

static inline void ca_cursor_skip_spaces(ca_cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

#endif
