/* SPDX-License-Identifier: MIT */
/*
 * Live SMBIOS tables as Linux exposes them (drivers/firmware/dmi-sysfs):
 * ROOT/sys/firmware/dmi/tables/smbios_entry_point and .../DMI (the table).
 * Both files are readable by root only.
 */
#include "smbios_entry.h"
#include "smbios_table.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SYSFS_TABLES "/sys/firmware/dmi/tables"
#define SYSFS_MAX_TABLE (4u * 1024u * 1024u)

/* Reads a whole small file. Returns bytes read or -errno. */
static ssize_t slurp(const char *path, uint8_t **ret_buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	uint8_t *buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	size_t got = 0;
	while (got < cap) {
		ssize_t n = read(fd, buf + got, cap - got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			free(buf);
			close(fd);
			return -e;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	*ret_buf = buf;
	return (ssize_t)got;
}

static int report_open_error(ca_host *h, const char *path, int err)
{
	if (err == -EACCES || err == -EPERM) {
		host_diag(h, CA_DIAG_ERROR, "sysfs.permission-denied", -1, 0, -1,
			  "cannot read %s: permission denied (the SMBIOS tables are readable by root only)",
			  path);
		return -EACCES;
	}
	if (err == -ENOENT || err == -ENOTDIR) {
		host_diag(h, CA_DIAG_ERROR, "sysfs.no-tables", -1, 0, -1,
			  "cannot read %s: this system exposes no SMBIOS tables (no firmware tables, "
			  "a container, or a kernel without CONFIG_DMI_SYSFS)",
			  path);
		return -ENOENT;
	}
	if (err == -ENOMEM)
		return -ENOMEM;
	host_diag(h, CA_DIAG_ERROR, "sysfs.read-failed", -1, 0, -1, "cannot read %s: %s", path,
		  strerror(-err));
	return -EBADMSG;
}

int ca_sysfs_dmi_read(ca_host *h, const char *root)
{
	char ep_path[PATH_MAX], table_path[PATH_MAX];
	if (!root)
		root = "";
	if (strcmp(root, "/") == 0)
		root = "";
	if ((size_t)snprintf(ep_path, sizeof(ep_path), "%s%s/smbios_entry_point", root, SYSFS_TABLES) >=
		    sizeof(ep_path) ||
	    (size_t)snprintf(table_path, sizeof(table_path), "%s%s/DMI", root, SYSFS_TABLES) >=
		    sizeof(table_path))
		return -ENAMETOOLONG;

	uint8_t *ep = NULL, *table = NULL;
	ssize_t ep_len = slurp(ep_path, &ep, 64);
	if (ep_len < 0)
		return report_open_error(h, ep_path, (int)ep_len);
	ssize_t table_len = slurp(table_path, &table, SYSFS_MAX_TABLE);
	if (table_len < 0) {
		free(ep);
		return report_open_error(h, table_path, (int)table_len);
	}

	h->format = CA_FORMAT_SMBIOS_SYSFS;
	smbios_entry e;
	int r = smbios_entry_parse(h, ep, (size_t)ep_len, &e);
	if (r == 0) {
		smbios_entry_version_string(&e, h->smbios_version, sizeof(h->smbios_version));
		smbios_table_info info = {
			.version = (uint16_t)((e.major << 8) | e.minor),
			.announced_count = e.structure_count,
			.announced_len = e.table_len,
			.is_maximum_len = e.table_len_is_maximum,
		};
		int walked = smbios_decode_table(h, table, (size_t)table_len, &info);
		if (walked < 0)
			r = walked;
		else if (walked == 0) {
			host_diag(h, CA_DIAG_ERROR, "smbios.empty-table", -1, 0, -1,
				  "%s holds no structure", table_path);
			r = -EBADMSG;
		}
	}
	free(ep);
	free(table);
	return r;
}
