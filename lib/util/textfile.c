/* SPDX-License-Identifier: MIT */
#include "util/textfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *ca_read_text_file(const char *path, size_t cap, size_t *ret_len, int *ret_err,
			char **ret_message)
{
	int err = 0;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "rb");
	if (!f) {
		err = errno ? errno : EIO;
	} else {
		/* size is the room for data; one byte more than cap proves a file too large */
		size_t size = cap < (1u << 14) ? cap + 1 : 1u << 14, n;
		buf = malloc(size + 1);
		while (buf && (n = fread(buf + len, 1, size - len, f)) > 0) {
			len += n;
			if (len < size)
				continue;
			if (len > cap) {
				err = EFBIG;
				break;
			}
			size_t grown = size * 2 > cap + 1 ? cap + 1 : size * 2;
			char *q = realloc(buf, grown + 1);
			if (!q) {
				err = ENOMEM;
				break;
			}
			buf = q;
			size = grown;
		}
		if (!buf)
			err = ENOMEM;
		else if (!err && ferror(f))
			err = EIO;
		fclose(f);
	}
	if (err) {
		free(buf);
		*ret_err = -err;
		if (ret_message && asprintf(ret_message, "%s: %s", path,
					    err == EFBIG ? "file too large" : strerror(err)) < 0)
			*ret_message = NULL;
		return NULL;
	}
	buf[len] = '\0';
	*ret_len = len;
	return buf;
}

void ca_text_format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 && size)
		buf[0] = '\0';
}

void ca_error_at(char **slot, const char *name, unsigned line, const char *fmt, va_list ap)
{
	if (*slot)
		return;
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (asprintf(slot, "%s:%u: %s", name, line, msg) < 0)
		*slot = NULL;
}
