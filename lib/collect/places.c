/* SPDX-License-Identifier: MIT */
/* The sysfs places scan reads and collect captures (places.h). */
#include "collect/places.h"

#include "util/file.h"
#include "util/grow.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const cai_place_attr nvme[] = {
	{"model", CAI_KEEP},
	{"serial", CAI_WITHHOLD},
	{"firmware_rev", CAI_KEEP},
	{"address", CAI_KEEP},
	{"transport", CAI_KEEP},
	{"device/vendor", CAI_KEEP},
	{"device/device", CAI_KEEP},
	{"device/subsystem_vendor", CAI_KEEP},
	{"device/subsystem_device", CAI_KEEP},
};

static const cai_place_attr block[] = {
	{"device/vendor", CAI_KEEP},
	{"device/model", CAI_KEEP},
	{"device/rev", CAI_KEEP},
	{"device/type", CAI_KEEP},
	{"device/wwid", CAI_MASK_WWN},
	{"device/sas_address", CAI_MASK_WWN},
};

static const cai_place_attr mmc[] = {
	{"type", CAI_KEEP},     {"name", CAI_KEEP},  {"manfid", CAI_KEEP},
	{"oemid", CAI_KEEP},    {"date", CAI_KEEP},  {"fwrev", CAI_KEEP},
	{"hwrev", CAI_KEEP},    {"prv", CAI_KEEP},   {"cid", CAI_MASK_CID},
	{"serial", CAI_WITHHOLD},
};

static const cai_place_attr pci[] = {
	{"vendor", CAI_KEEP},		{"device", CAI_KEEP},   {"subsystem_vendor", CAI_KEEP},
	{"subsystem_device", CAI_KEEP}, {"class", CAI_KEEP},    {"revision", CAI_KEEP},
	{"irq", CAI_KEEP},		{"resource", CAI_KEEP},	{"mem_info_vram_vendor", CAI_KEEP},
};

static const cai_place_attr usb[] = {
	{"idVendor", CAI_KEEP},	    {"idProduct", CAI_KEEP}, {"manufacturer", CAI_KEEP},
	{"product", CAI_KEEP},	    {"bDeviceClass", CAI_KEEP}, {"bcdDevice", CAI_KEEP},
	{"serial", CAI_WITHHOLD},
};


const cai_place cai_places[] = {
	{"sys/class/nvme", "nvme", false, false, nvme, N(nvme)},
	{"sys/block", "sd", false, false, block, N(block)},
	{"sys/bus/mmc/devices", "mmc", false, false, mmc, N(mmc)},
	{"sys/bus/pci/devices", "", false, false, pci, N(pci)},
	{"sys/bus/usb/devices", "", true, false, usb, N(usb)},
};
const size_t cai_n_places = N(cai_places);

bool cai_place_entry_ok(const cai_place *p, const char *name)
{
	if (name[0] == '.' || strncmp(name, p->prefix, strlen(p->prefix)) != 0 || strlen(name) > 64)
		return false;
	if (p->skip_colon && strchr(name, ':'))
		return false;
	if (p->skip_dash && strchr(name, '-'))
		return false;
	return true;
}

const cai_place *cai_place_find(const char *dir)
{
	for (size_t i = 0; i < cai_n_places; i++)
		if (strcmp(cai_places[i].dir, dir) == 0)
			return &cai_places[i];
	return NULL;
}

static int by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

void cai_place_list_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int cai_place_list(const char *root, const cai_place *p, char ***ret_names, size_t *ret_n)
{
	int err = 0;
	DIR *d = cai_dir_open_in_root(root, p->dir, &err);
	*ret_names = NULL;
	*ret_n = 0;
	if (!d)
		return err == -ENOTDIR ? -ENOENT : err;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	int rc = 0;
	while ((de = readdir(d)) && n < 4096) {
		if (!cai_place_entry_ok(p, de->d_name))
			continue;
		char *s = strdup(de->d_name);
		if (!s || cai_grow((void **)&names, &cap, n + 1, sizeof(*names)) < 0) {
			free(s);
			rc = -ENOMEM;
			break;
		}
		names[n++] = s;
	}
	closedir(d);
	if (rc < 0) {
		cai_place_list_free(names, n);
		return rc;
	}
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	*ret_names = names;
	*ret_n = n;
	return 0;
}

int cai_place_read(const char *root, const cai_place *p, const char *entry, const char *attr, char *buf,
		   size_t size)
{
	char rel[512];
	if ((size_t)snprintf(rel, sizeof(rel), "/%s/%s/%s", p->dir, entry, attr) >= sizeof(rel))
		return -ENAMETOOLONG;
	size_t len = 0;
	int err = 0;
	uint8_t *data = cai_file_read_in_root(root, rel, 65536, &len, &err);
	if (!data)
		return err;
	size_t a = 0;
	while (a < len && (data[a] == ' ' || data[a] == '\t'))
		a++;
	while (len > a && (data[len - 1] == '\n' || data[len - 1] == ' ' || data[len - 1] == '\t' ||
			   data[len - 1] == '\0'))
		len--;
	size_t n = len - a < size - 1 ? len - a : size - 1;
	memcpy(buf, data + a, n);
	buf[n] = '\0';
	free(data);
	return (int)n;
}

bool cai_place_hex(const char *s, unsigned long max, unsigned long *ret)
{
	char *end;
	if (!*s || !((s[0] >= '0' && s[0] <= '9') || (s[0] >= 'a' && s[0] <= 'f') || (s[0] >= 'A' && s[0] <= 'F')))
		return false;
	errno = 0;
	unsigned long v = strtoul(s, &end, 16);
	if (errno || *end || v > max)
		return false;
	*ret = v;
	return true;
}

int cai_place_read_devices(ca_host *h, const char *root, const char *display, const char *dir,
			   cai_place_fill fill)
{
	const cai_place *p = cai_place_find(dir);
	char **names;
	size_t n;
	int rc = cai_place_list(root, p, &names, &n);
	if (rc == -ENOENT || rc == -ENOMEM)
		return rc;
	if (rc < 0) {
		cai_host_diag(h, CA_DIAG_ERROR, "sysfs.unlistable", -1, 0, -1, "cannot list %s/%s: %s",
			      display && strcmp(display, "/") ? display : "", dir, cai_file_strerror(rc));
		return rc;
	}
	char vals[CAI_PLACE_MAX_ATTRS][256];
	for (size_t i = 0; i < n && rc != -ENOMEM; i++) {
		for (size_t k = 0; k < p->n_attrs && k < CAI_PLACE_MAX_ATTRS; k++) {
			int r = cai_place_read(root, p, names[i], p->attrs[k].name, vals[k], sizeof(vals[k]));
			if (r < 0) {
				vals[k][0] = '\0';
				if (r != -ENOENT && r != -ENOTDIR)
					cai_host_diag(h, CA_DIAG_WARNING, "sysfs.attribute-unreadable", -1, 0, -1,
						      "cannot read %s/%s/%s/%s: %s",
						      display && strcmp(display, "/") ? display : "", dir, names[i],
						      p->attrs[k].name, cai_file_strerror(r));
			}
		}
		int r = fill(h, root, names[i], vals);
		if (r == -ENOMEM)
			rc = r;
	}
	cai_place_list_free(names, n);
	return rc == -ENOMEM ? rc : 0;
}

const char *cai_place_val(const char *dir, char vals[][256], const char *attr)
{
	const cai_place *p = cai_place_find(dir);
	for (size_t k = 0; p && k < p->n_attrs && k < CAI_PLACE_MAX_ATTRS; k++)
		if (strcmp(p->attrs[k].name, attr) == 0)
			return vals[k][0] ? vals[k] : NULL;
	return NULL;
}

bool cai_place_id(const char *dir, char vals[][256], const char *attr, unsigned long max, unsigned long *ret)
{
	const char *s = cai_place_val(dir, vals, attr);
	return s && cai_place_hex(s, max, ret);
}
