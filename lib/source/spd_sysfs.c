/* SPDX-License-Identifier: MIT */
/*
 * Live SPD EEPROMs as Linux exposes them: the eeprom attribute of every
 * device bound to the at24 (DDR3 and older), ee1004 (DDR4) or spd5118
 * (DDR5) driver, ROOT/sys/bus/i2c/drivers/DRIVER/BUS-ADDR/eeprom, the
 * device named by its I2C bus and 7-bit address ("3-0050"). at24 also
 * binds EEPROMs that hold no SPD; those are left out.
 */
#include "source/sources.h"
#include "spd/spd.h"
#include "util/file.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SPD_DRIVERS "/sys/bus/i2c/drivers"

static int by_bus_address(const void *x, const void *y)
{
	const cai_spd_eeprom *a = x, *b = y;
	if (a->bus != b->bus)
		return a->bus < b->bus ? -1 : 1;
	if (a->address != b->address)
		return a->address < b->address ? -1 : 1;
	return strcmp(a->driver, b->driver);
}

int cai_spd_sysfs_list(const char *root, cai_spd_eeprom **ret, size_t *ret_n)
{
	static const char *const drivers[] = {"at24", "ee1004", "spd5118"};
	cai_spd_eeprom *list = NULL;
	size_t n = 0, cap = 0;
	if (!root || strcmp(root, "/") == 0)
		root = "";
	for (size_t d = 0; d < sizeof(drivers) / sizeof(drivers[0]); d++) {
		char dir[PATH_MAX];
		if ((size_t)snprintf(dir, sizeof(dir), "%s%s/%s", root, SPD_DRIVERS, drivers[d]) >= sizeof(dir))
			continue;
		DIR *dp = opendir(dir);
		if (!dp)
			continue;
		struct dirent *de;
		while ((de = readdir(dp))) {
			unsigned bus, address;
			char tail;
			/* "BUS-00AA": an I2C client; everything else (bind, module, ...) is not */
			if (sscanf(de->d_name, "%u-%4x%c", &bus, &address, &tail) != 2 || address > 0x7F ||
			    bus > 0xFFFF || strlen(de->d_name) > 16)
				continue;
			if (n == cap) {
				size_t ncap = cap ? cap * 2 : 8;
				cai_spd_eeprom *grown = ncap <= 4096 ? realloc(list, ncap * sizeof(*list)) : NULL;
				if (!grown)
					break;
				list = grown;
				cap = ncap;
			}
			cai_spd_eeprom *e = &list[n++];
			e->bus = bus;
			e->address = address;
			e->driver = drivers[d];
			snprintf(e->rel, sizeof(e->rel), "%s/%s/%s/eeprom", SPD_DRIVERS, drivers[d], de->d_name);
		}
		closedir(dp);
	}
	if (n)
		qsort(list, n, sizeof(*list), by_bus_address);
	*ret = list;
	*ret_n = n;
	return 0;
}

int cai_spd_sysfs_fetch(const char *root, const cai_spd_eeprom *e, uint8_t **ret_buf, size_t *ret_len)
{
	int err = 0;
	uint8_t *buf = cai_file_read_in_root(root && *root ? root : NULL, e->rel, 4096, ret_len, &err);
	if (!buf)
		return err;
	if (!cai_spd_plausible(buf, *ret_len)) {
		free(buf);
		return -EMEDIUMTYPE; /* an EEPROM, but not an SPD */
	}
	*ret_buf = buf;
	return 0;
}

int cai_spd_sysfs_read(ca_host *h, const cai_spd_eeprom *e, const uint8_t *buf, size_t len)
{
	h->format = CA_FORMAT_SPD_SYSFS;
	char locator[48];
	snprintf(locator, sizeof(locator), "SPD i2c-%u 0x%02X", e->bus, e->address);
	return cai_spd_read_image(h, buf, len, locator, (uint16_t)((e->bus & 0xFF) << 8 | e->address));
}
