/* SPDX-License-Identifier: MIT */
/*
 * Live NVMe controllers as Linux exposes them: ROOT/sys/class/nvme/nvmeN
 * (model, serial, firmware_rev, address, transport) and the PCI ids of the
 * controller behind it (device/vendor, device, subsystem_vendor,
 * subsystem_device). The IEEE OUI is not in sysfs: on the live machine
 * (no --root) it is asked of the controller with the admin Identify
 * command when permitted; a note says when that was not possible.
 */
#include "collect/places.h"
#include "source/sources.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/nvme_ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define NVME "sys/class/nvme"

/* The IEEE OUI from Identify Controller (bytes 73-75, least significant
 * first) of /dev/NAME, or -errno. Only a character device is opened. */
static int identify_oui(const char *name, uint32_t *ret)
{
	char path[64];
	snprintf(path, sizeof(path), "/dev/%s", name);
	struct stat st;
	if (lstat(path, &st) < 0)
		return -errno;
	if (!S_ISCHR(st.st_mode))
		return -ENODEV;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	struct stat again;
	if (fstat(fd, &again) < 0 || again.st_rdev != st.st_rdev) {
		close(fd);
		return -ESTALE;
	}
	uint8_t *data = calloc(1, 4096);
	if (!data) {
		close(fd);
		return -ENOMEM;
	}
	struct nvme_admin_cmd cmd = {
		.opcode = 0x06, /* Identify */
		.addr = (uint64_t)(uintptr_t)data,
		.data_len = 4096,
		.cdw10 = 1, /* CNS 1: the controller */
	};
	int r = ioctl(fd, NVME_IOCTL_ADMIN_CMD, &cmd);
	int err = r < 0 ? -errno : r > 0 ? -EIO : 0;
	close(fd);
	if (err == 0)
		*ret = (uint32_t)data[75] << 16 | (uint32_t)data[74] << 8 | data[73];
	free(data);
	return err;
}

static int fill(ca_host *h, const char *root, const char *entry, char vals[][256])
{
	ca_device d = {.kind = CA_DEVICE_NVME, .offset = -1};
	d.model = cai_place_val(NVME, vals, "model");
	d.serial = cai_place_val(NVME, vals, "serial");
	d.firmware = cai_place_val(NVME, vals, "firmware_rev");
	d.transport = cai_place_val(NVME, vals, "transport");
	const char *address = cai_place_val(NVME, vals, "address");
	/* the PCI address, so the PCI source's description of it is the same device */
	d.bus_path = address ? address : entry;
	unsigned long v;
	if (cai_place_id(NVME, vals, "device/vendor", 0xFFFF, &v))
		d.pci_vendor = (uint16_t)v, d.ids |= CA_DEVICE_HAS_PCI_VENDOR;
	if (cai_place_id(NVME, vals, "device/device", 0xFFFF, &v))
		d.pci_device = (uint16_t)v, d.ids |= CA_DEVICE_HAS_PCI_DEVICE;
	if (cai_place_id(NVME, vals, "device/subsystem_vendor", 0xFFFF, &v))
		d.pci_subsystem_vendor = (uint16_t)v, d.ids |= CA_DEVICE_HAS_PCI_SUBVENDOR;
	if (cai_place_id(NVME, vals, "device/subsystem_device", 0xFFFF, &v))
		d.pci_subsystem_device = (uint16_t)v, d.ids |= CA_DEVICE_HAS_PCI_SUBDEVICE;
	if (!root || !*root || strcmp(root, "/") == 0) {
		uint32_t oui = 0;
		int r = identify_oui(entry, &oui);
		if (r == 0) {
			d.oui = oui;
			d.ids |= CA_DEVICE_HAS_OUI;
		} else {
			cai_host_diag(h, CA_DIAG_NOTE, "nvme.identify-unavailable", -1, 0, -1,
				      "the IEEE OUI of %s was not read (admin Identify on /dev/%s: %s)", entry,
				      entry, strerror(-r));
		}
	}
	return cai_host_add_device(h, &d);
}

int cai_nvme_sysfs_read(ca_host *h, const char *root, const char *display)
{
	h->format = CA_FORMAT_NVME_SYSFS;
	return cai_place_read_devices(h, root, display, NVME, fill);
}
