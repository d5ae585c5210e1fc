/* SPDX-License-Identifier: MIT */
/* A list read in parts (ca_bom_list, chipaudit/assess.h): a CSV/TSV list
 * is streamed through a window, so a list of any length is screened in
 * parts of bounded size; XLSX and CycloneDX lists are read whole. */
#include "bom/bom.h"
#include "chipaudit/assess.h"
#include "util/file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct ca_bom_list {
	char *path, *columns;
	int fd;
	bool started, done, csv_open;
	size_t parts;
	cai_bom_csv csv;
};

int ca_bom_list_open(const char *path, const char *columns, ca_bom_list **ret)
{
	ca_bom_list *l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	l->fd = -1;
	l->path = strdup(path);
	l->columns = columns ? strdup(columns) : NULL;
	if (!l->path || (columns && !l->columns)) {
		ca_bom_list_free(l);
		return -ENOMEM;
	}
	*ret = l;
	return 0;
}

void ca_bom_list_free(ca_bom_list *l)
{
	if (!l)
		return;
	if (l->csv_open)
		cai_bom_csv_close(&l->csv);
	if (l->fd >= 0)
		close(l->fd);
	free(l->path);
	free(l->columns);
	free(l);
}

const char *ca_bom_list_path(const ca_bom_list *l) { return l->path; }
bool ca_bom_list_done(const ca_bom_list *l) { return l->done; }
size_t ca_bom_list_parts(const ca_bom_list *l) { return l->parts; }
unsigned ca_bom_list_next_line(const ca_bom_list *l) { return l->csv_open ? l->csv.line : 1; }

/* Reads the whole file into h as XLSX or CycloneDX. */
static int read_whole(ca_bom_list *l, ca_host *h, bool xlsx)
{
	size_t len = 0;
	int err = 0;
	uint8_t *buf = cai_file_read(l->path, CA_MAX_INPUT_BYTES, &len, &err);
	h->format = xlsx ? CA_FORMAT_BOM_XLSX : CA_FORMAT_BOM_CYCLONEDX;
	if (!buf) {
		cai_host_diag(h, CA_DIAG_ERROR, err == -EFBIG ? "input.too-large" : "input.read-failed", -1,
			      0, -1, "%s%s", err == -EFBIG ? "" : "cannot read the file: ",
			      err == -EFBIG ? "file larger than 64 MiB: not read (only CSV and TSV lists are "
					      "read in parts)"
					    : cai_file_strerror(err));
		return err;
	}
	int rc = xlsx ? cai_bom_xlsx_read(h, buf, len, l->columns) : cai_bom_cyclonedx_read(h, buf, len);
	free(buf);
	return rc;
}

/* The first part: opens the file and judges its format. */
static int first_part(ca_bom_list *l, ca_host *h)
{
	int fd = cai_file_open(l->path);
	if (fd < 0) {
		h->format = CA_FORMAT_BOM_CSV;
		l->done = true;
		cai_host_diag(h, CA_DIAG_ERROR, "input.read-failed", -1, 0, -1, "cannot read the file: %s",
			      cai_file_strerror(fd));
		return fd;
	}
	l->fd = fd;
	uint8_t head[4096];
	ssize_t n = pread(fd, head, sizeof(head), 0);
	if (n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0) {
		l->done = true;
		return read_whole(l, h, true);
	}
	if (n > 0 && cai_bom_is_json(head, (size_t)n)) {
		l->done = true;
		return read_whole(l, h, false);
	}
	h->format = CA_FORMAT_BOM_CSV;
	int rc = cai_bom_csv_open_fd(&l->csv, h, fd, l->columns);
	l->csv_open = true;
	if (rc < 0)
		l->done = true;
	return rc;
}

int cai_bom_list_part(ca_bom_list *l, ca_host *h, size_t max_lines)
{
	if (l->done)
		return -ENODATA;
	bool first = !l->started;
	l->started = true;
	l->parts++;
	if (first) {
		int rc = first_part(l, h);
		if (rc < 0 || l->done)
			return rc;
	}
	h->format = CA_FORMAT_BOM_CSV;
	cai_bom_table *t = &l->csv.t;
	size_t lines = t->lines, alternates = t->alternates;
	int rc = cai_bom_csv_part(&l->csv, h, max_lines ? max_lines : 1);
	if (rc < 0) {
		l->done = true;
		return rc;
	}
	l->done = rc == 1;
	if (!t->header_seen) {
		l->done = true;
		return cai_bom_table_end(t);
	}
	cai_host_diag(h, CA_DIAG_NOTE, "bom.lines", -1, 0, -1, "%zu lines and %zu alternates read",
		      t->lines - lines, t->alternates - alternates);
	return t->lines > lines || !first ? 0 : -EBADMSG;
}
