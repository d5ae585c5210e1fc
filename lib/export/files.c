/* SPDX-License-Identifier: MIT */
/* Export data from files: snapshots, order lists, and importing an official
 * Consolidated Screening List download into the user's snapshot. */
#include "export/export_internal.h"
#include "chipaudit/chipaudit.h"
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LIST_MAX_BYTES (256u * 1024u * 1024u) /* the official JSON is about 32 MB */

static int file_error(char **ret_error, const char *path, int err)
{
	if (ret_error && asprintf(ret_error, "%s: %s", path, cai_file_strerror(err)) < 0)
		*ret_error = NULL;
	return err;
}

int ca_export_lists_load_file(const char *path, ca_export_lists **ret, char **ret_error)
{
	*ret = NULL;
	if (ret_error)
		*ret_error = NULL;
	size_t len;
	int err;
	uint8_t *buf = cai_file_read(path, LIST_MAX_BYTES, &len, &err);
	if (!buf)
		return file_error(ret_error, path, err);
	int rc = ca_export_lists_parse(path, (const char *)buf, len, ret, ret_error);
	free(buf);
	return rc;
}

int ca_export_orders_read_file(const char *path, const char *columns, ca_export_orders **ret, char **ret_error)
{
	*ret = NULL;
	if (ret_error)
		*ret_error = NULL;
	size_t len;
	int err;
	uint8_t *buf = cai_file_read(path, CA_MAX_INPUT_BYTES, &len, &err);
	if (!buf)
		return file_error(ret_error, path, err);
	int rc = ca_export_orders_read(path, buf, len, columns, ret);
	free(buf);
	return rc;
}

int ca_export_lists_import_file(const char *src, const char *dest, const char *vintage, size_t *ret_entries,
				char **ret_error)
{
	*ret_entries = 0;
	if (ret_error)
		*ret_error = NULL;
	size_t len;
	int err;
	uint8_t *buf = cai_file_read(src, LIST_MAX_BYTES, &len, &err);
	if (!buf)
		return file_error(ret_error, src, err);
	char *text;
	size_t tlen, n;
	int rc = ca_export_lists_convert_csl(src, (const char *)buf, len, vintage, &text, &tlen, &n, ret_error);
	free(buf);
	if (rc < 0)
		return rc;
	/* what is written must load: check before it replaces anything */
	ca_export_lists *l;
	rc = ca_export_lists_parse(src, text, tlen, &l, ret_error);
	if (rc < 0) {
		free(text);
		return rc;
	}
	ca_export_lists_free(l);
	char *tmp;
	if (asprintf(&tmp, "%s.tmp.%ld", dest, (long)getpid()) < 0) {
		free(text);
		return -ENOMEM;
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	rc = fd < 0 ? -errno : 0;
	for (size_t off = 0; rc == 0 && off < tlen;) {
		ssize_t w = write(fd, text + off, tlen - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			rc = w < 0 ? -errno : -EIO;
		else
			off += (size_t)w;
	}
	if (rc == 0 && fsync(fd) < 0)
		rc = -errno;
	if (fd >= 0 && close(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc == 0 && rename(tmp, dest) < 0)
		rc = -errno;
	if (rc < 0) {
		unlink(tmp);
		if (ret_error && asprintf(ret_error, "%s: %s", dest, strerror(-rc)) < 0)
			*ret_error = NULL;
	} else {
		*ret_entries = n;
	}
	free(tmp);
	free(text);
	return rc;
}
