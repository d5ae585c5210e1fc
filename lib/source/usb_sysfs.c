/* SPDX-License-Identifier: MIT */
/*
 * Live USB devices as Linux exposes them: ROOT/sys/bus/usb/devices/B-P...
 * and usbN (root hubs) with idVendor, idProduct, manufacturer, product,
 * serial, bDeviceClass, bcdDevice; interfaces ("1-1:1.0") are left out.
 * Vendor and product names the device does not give itself come from
 * usb.ids.
 */
#include "collect/places.h"
#include "source/sources.h"
#include "util/usb_ids.h"

#include <string.h>

#define USB "sys/bus/usb/devices"

static int fill(ca_host *h, const char *root, const char *entry, char vals[][256])
{
	(void)root;
	ca_device d = {.kind = CA_DEVICE_USB, .offset = -1, .bus_path = entry};
	unsigned long v;
	if (cai_place_id(USB, vals, "idVendor", 0xFFFF, &v))
		d.usb_vendor = (uint16_t)v, d.ids |= CA_DEVICE_HAS_USB_VENDOR;
	if (cai_place_id(USB, vals, "idProduct", 0xFFFF, &v))
		d.usb_product = (uint16_t)v, d.ids |= CA_DEVICE_HAS_USB_PRODUCT;
	if (!(d.ids & CA_DEVICE_HAS_USB_VENDOR))
		return 0; /* not a device */
	d.vendor = cai_place_val(USB, vals, "manufacturer");
	d.model = cai_place_val(USB, vals, "product");
	d.serial = cai_place_val(USB, vals, "serial");
	d.firmware = cai_place_val(USB, vals, "bcdDevice");
	if (!d.vendor)
		d.vendor = cai_usb_ids_vendor(d.usb_vendor);
	if (!d.model && (d.ids & CA_DEVICE_HAS_USB_PRODUCT))
		d.model = cai_usb_ids_product(d.usb_vendor, d.usb_product);
	return cai_host_add_device(h, &d);
}

int cai_usb_sysfs_read(ca_host *h, const char *root, const char *display)
{
	h->format = CA_FORMAT_USB_SYSFS;
	return cai_place_read_devices(h, root, display, USB, fill);
}
