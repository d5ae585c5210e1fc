/* SPDX-License-Identifier: MIT */
/* One CSV record at a time (util/csv.h). */
#include "util/csv.h"

#include <errno.h>
#include <string.h>

int cai_csv_record(ca_cursor *c, char delim, char *scratch, size_t scratch_size, char **out,
		   size_t max_fields, size_t max_field, unsigned *line)
{
	if (c->p >= c->end)
		return 0;
	size_t used = 0;
	int n = 0;
	for (;;) {
		if ((size_t)n >= max_fields)
			return -E2BIG;
		out[n] = scratch + used;
		bool quoted = c->p < c->end && *c->p == '"';
		if (quoted)
			c->p++;
		for (;;) {
			if (!quoted) {
				/* unquoted text up to the delimiter or the line end, at once */
				const char *q = c->p;
				while (q < c->end && *q != delim && *q != '\n' && *q != '\r')
					q++;
				size_t len = (size_t)(q - c->p);
				size_t have = (size_t)(scratch + used - out[n]);
				if (have + len > max_field || used + len + 1 > scratch_size)
					return -E2BIG;
				memcpy(scratch + used, c->p, len);
				used += len;
				c->p = q;
				break;
			}
			if (c->p >= c->end)
				return -EINVAL; /* unterminated quote */
			char ch = *c->p;
			if (quoted && ch == '"') {
				if (c->p + 1 < c->end && c->p[1] == '"') {
					c->p += 2;
				} else {
					c->p++;
					quoted = false;
					continue;
				}
			} else if (!quoted && (ch == delim || ch == '\n' || ch == '\r')) {
				break;
			} else {
				if (ch == '\n')
					(*line)++;
				c->p++;
			}
			if (used + 2 > scratch_size || (size_t)(scratch + used - out[n]) >= max_field)
				return -E2BIG;
			scratch[used++] = ch;
		}
		scratch[used++] = '\0';
		n++;
		if (c->p < c->end && *c->p == delim) {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == '\r')
			c->p++;
		if (c->p < c->end && *c->p == '\n')
			c->p++;
		(*line)++;
		return n;
	}
}

void cai_csv_skip_line(ca_cursor *c, unsigned *line)
{
	while (c->p < c->end && *c->p != '\n')
		c->p++;
	if (c->p < c->end) {
		c->p++;
		(*line)++;
	}
}
