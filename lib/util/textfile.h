/* SPDX-License-Identifier: MIT */
/* Small text files (data, rule packs, waivers) and file:line messages. */
#ifndef CA_UTIL_TEXTFILE_H
#define CA_UTIL_TEXTFILE_H

#include <stdarg.h>
#include <stddef.h>

/* Reads path whole into a malloc'd NUL-terminated buffer of at most cap
 * bytes (exactly; cap must be below SIZE_MAX). Returns it, or NULL with -errno in *ret_err (-EFBIG past cap) and,
 * when ret_message is not NULL, a malloc'd "path: reason". */
char *cai_read_text_file(const char *path, size_t cap, size_t *ret_len, int *ret_err,
			char **ret_message);

/* snprintf into buf where cutting a long explanation short is acceptable
 * (evidence and finding texts). buf is always NUL-terminated. */
void cai_text_format(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Sets *slot to a malloc'd "name:line: message" unless it is already set
 * (the first error wins). Leaves *slot NULL when out of memory. */
void cai_error_at(char **slot, const char *name, unsigned line, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

#endif
