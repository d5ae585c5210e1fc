/* SPDX-License-Identifier: MIT */
/* One CSV record at a time (RFC 4180 quoting, any one-byte delimiter):
 * shared by purchase lists and bills of materials. */
#ifndef CA_UTIL_CSV_H
#define CA_UTIL_CSV_H

#include "util/cursor.h"

#include <stddef.h>

/* Reads one record from c: fields split at delim, a field that starts with
 * '"' may hold the delimiter, newlines and "" for a quote; a record ends at
 * LF, CRLF or CR. Field i becomes out[i], a NUL-terminated copy in scratch
 * (scratch_size bytes). At most max_fields fields of at most max_field
 * bytes each. *line counts lines (quoted newlines included).
 * Returns the number of fields, 0 at the end of input, -EINVAL for a quote
 * not closed before the end, -E2BIG past a cap (the cursor is then inside
 * the record; cai_csv_skip_line() moves past it). */
int cai_csv_record(ca_cursor *c, char delim, char *scratch, size_t scratch_size, char **out,
		   size_t max_fields, size_t max_field, unsigned *line);

/* Moves c past the next line end (or to the end); counts it in *line. */
void cai_csv_skip_line(ca_cursor *c, unsigned *line);

#endif
