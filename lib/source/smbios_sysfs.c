/* SPDX-License-Identifier: MIT */
/*
 * Live SMBIOS tables as Linux exposes them (drivers/firmware/dmi-sysfs):
 * ROOT/sys/firmware/dmi/tables/smbios_entry_point and .../DMI (the table).
 * Both files are readable by root only.
 */
#include "smbios_entry.h"
#include "smbios_table.h"
#include "source/sources.h"
#include "util/file.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SYSFS_TABLES "/sys/firmware/dmi/tables"
#define SYSFS_MAX_TABLE (4u * 1024u * 1024u)

/* Reads a whole sysfs file rel, resolved inside root (a captured tree's
 * symbolic links cannot lead out of it). Returns bytes read or -errno. */
static ssize_t slurp(const char *root, const char *rel, uint8_t **ret_buf, size_t cap)
{
	size_t len;
	int err;
	uint8_t *buf = cai_file_read_in_root(root, rel, cap, &len, &err);
	if (!buf)
		return err;
	*ret_buf = buf;
	return (ssize_t)len;
}

static int report_open_error(ca_host *h, const char *path, int err)
{
	if (err == -EACCES || err == -EPERM) {
		cai_host_diag(h, CA_DIAG_ERROR, "sysfs.permission-denied", -1, 0, -1,
			  "cannot read %s: permission denied (the SMBIOS tables are readable by root only)",
			  path);
		return -EACCES;
	}
	if (err == -ENOENT || err == -ENOTDIR) {
		cai_host_diag(h, CA_DIAG_ERROR, "sysfs.no-tables", -1, 0, -1,
			  "cannot read %s: this system exposes no SMBIOS tables (no firmware tables, "
			  "a container, or a kernel without CONFIG_DMI_SYSFS)",
			  path);
		return -ENOENT;
	}
	if (err == -ENOMEM)
		return -ENOMEM;
	cai_host_diag(h, CA_DIAG_ERROR, "sysfs.read-failed", -1, 0, -1, "cannot read %s: %s", path,
		  cai_file_strerror(err));
	return -EBADMSG;
}

int ca_sysfs_dmi_read(ca_host *h, const char *root)
{
	return cai_sysfs_dmi_read_as(h, root, root);
}

int cai_sysfs_dmi_read_as(ca_host *h, const char *root, const char *display)
{
	char ep_path[PATH_MAX], table_path[PATH_MAX];
	if (!root)
		root = "";
	if (strcmp(root, "/") == 0)
		root = "";
	if (!display || strcmp(display, "/") == 0)
		display = "";
	if ((size_t)snprintf(ep_path, sizeof(ep_path), "%s%s/smbios_entry_point", display, SYSFS_TABLES) >=
		    sizeof(ep_path) ||
	    (size_t)snprintf(table_path, sizeof(table_path), "%s%s/DMI", display, SYSFS_TABLES) >=
		    sizeof(table_path))
		return -ENAMETOOLONG;

	uint8_t *ep = NULL, *table = NULL;
	/* one page; the parser reads at most 31 bytes */
	ssize_t ep_len = slurp(root, SYSFS_TABLES "/smbios_entry_point", &ep, 4096);
	if (ep_len < 0)
		return report_open_error(h, ep_path, (int)ep_len);
	ssize_t table_len = slurp(root, SYSFS_TABLES "/DMI", &table, SYSFS_MAX_TABLE);
	if (table_len < 0) {
		free(ep);
		return report_open_error(h, table_path, (int)table_len);
	}

	h->format = CA_FORMAT_SMBIOS_SYSFS;
	smbios_entry e;
	int r = cai_smbios_entry_parse(h, ep, (size_t)ep_len, &e);
	if (r == 0)
		r = cai_smbios_read_announced_table(h, CA_FORMAT_SMBIOS_SYSFS, &e, table,
						    (size_t)table_len, 0, table_path);
	free(ep);
	free(table);
	return r;
}
