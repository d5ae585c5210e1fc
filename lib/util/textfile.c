/* SPDX-License-Identifier: MIT */
#include "util/textfile.h"
#include "util/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *cai_read_text_file(const char *path, size_t cap, size_t *ret_len, int *ret_err,
			char **ret_message)
{
	int err = 0;
	char *buf = (char *)cai_file_read(path, cap, ret_len, &err);
	if (!buf) {
		*ret_err = err;
		if (ret_message && asprintf(ret_message, "%s: %s", path, cai_file_strerror(err)) < 0)
			*ret_message = NULL;
	}
	return buf;
}

void cai_text_format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 && size)
		buf[0] = '\0';
}

void cai_error_at(char **slot, const char *name, unsigned line, const char *fmt, va_list ap)
{
	if (*slot)
		return;
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (asprintf(slot, "%s:%u: %s", name, line, msg) < 0)
		*slot = NULL;
}
