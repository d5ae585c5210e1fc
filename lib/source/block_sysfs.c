/* SPDX-License-Identifier: MIT */
/*
 * Live SCSI-attached disks as Linux exposes them: ROOT/sys/block/sdX/device
 * (vendor, model, rev, type, wwid, sas_address). A disk whose vendor is
 * "ATA" sits behind libata: a SATA drive (its model cut to 16 characters
 * by the SCSI inquiry data); any other is a SAS or other SCSI disk. The
 * disk of a USB device (a stick, a drive in a USB enclosure) is one too,
 * beside the USB device the USB source reports: its inquiry data can name
 * the drive inside an enclosure, which the USB ids (the bridge's or the
 * enclosure's) do not, so it is kept rather than folded into the USB
 * device. Only
 * direct-access disks (type 0) and host-managed zoned disks (type 20) are
 * read.
 */
#include "collect/places.h"
#include "source/sources.h"

#include <string.h>

#define BLOCK "sys/block"

static int fill(ca_host *h, const char *root, const char *entry, char vals[][256])
{
	(void)root;
	const char *type = cai_place_val(BLOCK, vals, "device/type");
	if (!type || (strcmp(type, "0") != 0 && strcmp(type, "20") != 0))
		return 0;
	const char *vendor = cai_place_val(BLOCK, vals, "device/vendor");
	ca_device d = {.kind = vendor && strcmp(vendor, "ATA") == 0 ? CA_DEVICE_SATA : CA_DEVICE_SAS,
		       .offset = -1};
	d.vendor = d.kind == CA_DEVICE_SATA ? NULL : vendor;
	d.model = cai_place_val(BLOCK, vals, "device/model");
	d.firmware = cai_place_val(BLOCK, vals, "device/rev");
	d.bus_path = entry;
	const char *wwid = cai_place_val(BLOCK, vals, "device/wwid");
	const char *sas = cai_place_val(BLOCK, vals, "device/sas_address");
	if (wwid && strncmp(wwid, "naa.", 4) == 0)
		d.wwn = wwid + 4;
	else if (wwid && strncmp(wwid, "eui.", 4) == 0)
		d.eui64 = wwid + 4;
	else if (sas)
		d.wwn = sas;
	return cai_host_add_device(h, &d);
}

int cai_block_sysfs_read(ca_host *h, const char *root, const char *display)
{
	h->format = CA_FORMAT_BLOCK_SYSFS;
	return cai_place_read_devices(h, root, display, BLOCK, fill);
}
