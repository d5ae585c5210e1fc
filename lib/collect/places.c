/* SPDX-License-Identifier: MIT */
/* The sysfs places scan reads and collect captures (places.h). */
#include "collect/places.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const cai_place_attr nvme[] = {
	{"model", CAI_KEEP},
	{"serial", CAI_WITHHOLD},
	{"firmware_rev", CAI_KEEP},
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
	{"irq", CAI_KEEP},		{"resource", CAI_KEEP},
};

static const cai_place_attr usb[] = {
	{"idVendor", CAI_KEEP},	    {"idProduct", CAI_KEEP}, {"manufacturer", CAI_KEEP},
	{"product", CAI_KEEP},	    {"bDeviceClass", CAI_KEEP}, {"bcdDevice", CAI_KEEP},
	{"serial", CAI_WITHHOLD},
};

static const cai_place_attr drm[] = {
	{"device/vendor", CAI_KEEP},
	{"device/device", CAI_KEEP},
	{"device/mem_info_vram_vendor", CAI_KEEP},
};

const cai_place cai_places[] = {
	{"sys/class/nvme", "nvme", false, false, nvme, N(nvme)},
	{"sys/block", "sd", false, false, block, N(block)},
	{"sys/bus/mmc/devices", "mmc", false, false, mmc, N(mmc)},
	{"sys/bus/pci/devices", "", false, false, pci, N(pci)},
	{"sys/bus/usb/devices", "", true, false, usb, N(usb)},
	{"sys/class/drm", "card", false, true, drm, N(drm)},
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
