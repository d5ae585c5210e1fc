/* SPDX-License-Identifier: MIT */
/*
 * Live MMC cards (eMMC and SD) as Linux exposes them:
 * ROOT/sys/bus/mmc/devices/mmcN:RCA (type, name, manfid, oemid, date,
 * serial, fwrev, hwrev, prv, cid). The manufacturer id is the CID's own
 * numbering (JEDEC for eMMC, the SD association's for SD), not JEP106.
 * SDIO functions (type "SDIO") are not storage and are left out.
 */
#include "collect/places.h"
#include "source/sources.h"

#include <string.h>

#define MMC "sys/bus/mmc/devices"

static int fill(ca_host *h, const char *root, const char *entry, char vals[][256])
{
	(void)root;
	const char *type = cai_place_val(MMC, vals, "type");
	if (type && strcmp(type, "MMC") != 0 && strcmp(type, "SD") != 0)
		return 0;
	ca_device d = {.kind = CA_DEVICE_EMMC, .offset = -1, .bus_path = entry};
	d.emmc_name = cai_place_val(MMC, vals, "name");
	d.model = d.emmc_name;
	d.emmc_date = cai_place_val(MMC, vals, "date");
	d.serial = cai_place_val(MMC, vals, "serial");
	d.firmware = cai_place_val(MMC, vals, "fwrev");
	unsigned long v;
	if (cai_place_id(MMC, vals, "manfid", 0xFF, &v))
		d.emmc_manfid = (uint8_t)v, d.ids |= CA_DEVICE_HAS_EMMC_MANFID;
	if (cai_place_id(MMC, vals, "oemid", 0xFFFF, &v))
		d.emmc_oemid = (uint16_t)v, d.ids |= CA_DEVICE_HAS_EMMC_OEMID;
	if (!(d.ids & CA_DEVICE_HAS_EMMC_MANFID)) {
		/* no manfid attribute: the CID's first byte */
		const char *cid = cai_place_val(MMC, vals, "cid");
		char two[3] = {0};
		if (cid && strlen(cid) == 32) {
			memcpy(two, cid, 2);
			if (cai_place_hex(two, 0xFF, &v))
				d.emmc_manfid = (uint8_t)v, d.ids |= CA_DEVICE_HAS_EMMC_MANFID;
		}
	}
	return cai_host_add_device(h, &d);
}

int cai_mmc_sysfs_read(ca_host *h, const char *root, const char *display)
{
	h->format = CA_FORMAT_MMC_SYSFS;
	return cai_place_read_devices(h, root, display, MMC, fill);
}
