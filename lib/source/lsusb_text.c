/* SPDX-License-Identifier: MIT */
/*
 * `lsusb` and `lsusb -v` output: a line per device "Bus BBB Device DDD:
 * ID vvvv:pppp NAME" and, with -v, its descriptor below ("idVendor
 * 0x0781 SanDisk Corp.", "iManufacturer 1 SanDisk", "iProduct 2 Cruzer
 * Blade", "iSerial 3 ...", "bcdDevice 1.00"). The strings the device gives
 * itself (iManufacturer, iProduct) are preferred to the database names
 * lsusb adds.
 */
#include "source/sources.h"
#include "source/tool_text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cai_lsusb_text_sniff(const uint8_t *buf, size_t len)
{
	if (!cai_starts_with_line(buf, len, "Bus "))
		return false;
	size_t i = 0;
	while (i < len && (buf[i] == '\n' || buf[i] == '\r' || buf[i] == ' '))
		i++;
	unsigned bus, devnum, v, p;
	char line[64];
	size_t n = len - i < sizeof(line) - 1 ? len - i : sizeof(line) - 1;
	memcpy(line, buf + i, n);
	line[n] = '\0';
	return sscanf(line, "Bus %3u Device %3u: ID %4x:%4x", &bus, &devnum, &v, &p) == 4;
}

typedef struct dev {
	char path[32], db_vendor[128], db_product[128], vendor[128], product[128], serial[128], bcd[16];
	unsigned vid, pid;
	uint32_t line;
} dev;

static int flush(ca_host *h, dev *d, size_t *n)
{
	if (!d->line)
		return 0;
	ca_device x = {.kind = CA_DEVICE_USB, .offset = -1, .line = d->line, .bus_path = d->path};
	x.usb_vendor = (uint16_t)d->vid;
	x.usb_product = (uint16_t)d->pid;
	x.ids = CA_DEVICE_HAS_USB_VENDOR | CA_DEVICE_HAS_USB_PRODUCT;
	x.vendor = d->vendor[0] ? d->vendor : d->db_vendor[0] ? d->db_vendor : NULL;
	x.model = d->product[0] ? d->product : d->db_product[0] ? d->db_product : NULL;
	x.serial = d->serial[0] ? d->serial : NULL;
	x.firmware = d->bcd[0] ? d->bcd : NULL;
	(*n)++;
	int rc = cai_host_add_device(h, &x); /* copies x's strings, which live in d */
	*d = (dev){0};
	return rc;
}

/* "iManufacturer           1 SanDisk": the string after the index, or "". */
static void string_after_index(const char *v, char *out, size_t size)
{
	v += strspn(v, " ");
	v += strspn(v, "0123456789");
	v += strspn(v, " ");
	snprintf(out, size, "%s", v);
}

int cai_lsusb_text_read(ca_host *h, const uint8_t *buf, size_t len)
{
	h->format = CA_FORMAT_LSUSB_TEXT;
	cai_lines l = {.buf = buf, .len = len};
	dev d = {0};
	size_t n = 0;
	int rc = 0;
	while (rc != -ENOMEM && cai_lines_next(&l)) {
		char *s = l.out;
		unsigned bus, devnum, v, p;
		int off = 0;
		if (sscanf(s, "Bus %3u Device %3u: ID %4x:%4x%n", &bus, &devnum, &v, &p, &off) == 4) {
			rc = flush(h, &d, &n);
			d.line = l.line;
			d.vid = v;
			d.pid = p;
			snprintf(d.path, sizeof(d.path), "usb bus %03u device %03u", bus, devnum);
			/* "NAME": lsusb's database names, vendor and product together */
			const char *name = s + off + strspn(s + off, " ");
			snprintf(d.db_product, sizeof(d.db_product), "%s", name);
			continue;
		}
		if (!d.line)
			continue;
		const char *t = s + strspn(s, " \t");
		if (strncmp(t, "iManufacturer ", 14) == 0)
			string_after_index(t + 14, d.vendor, sizeof(d.vendor));
		else if (strncmp(t, "iProduct ", 9) == 0)
			string_after_index(t + 9, d.product, sizeof(d.product));
		else if (strncmp(t, "iSerial ", 8) == 0)
			string_after_index(t + 8, d.serial, sizeof(d.serial));
		else if (strncmp(t, "bcdDevice ", 10) == 0)
			snprintf(d.bcd, sizeof(d.bcd), "%s", t + 10 + strspn(t + 10, " "));
		else if (strncmp(t, "idVendor ", 9) == 0) {
			/* "0x0781 SanDisk Corp.": the database's vendor name */
			const char *x = t + 9 + strspn(t + 9, " ");
			if (strncmp(x, "0x", 2) == 0 && strlen(x) > 7)
				snprintf(d.db_vendor, sizeof(d.db_vendor), "%s", x + 7);
		} else if (strncmp(t, "idProduct ", 10) == 0) {
			const char *x = t + 10 + strspn(t + 10, " ");
			if (strncmp(x, "0x", 2) == 0 && strlen(x) > 7)
				snprintf(d.db_product, sizeof(d.db_product), "%s", x + 7);
		}
	}
	if (rc != -ENOMEM)
		rc = flush(h, &d, &n);
	return cai_source_devices_done(h, rc, n, "lsusb.no-devices",
				       "no \"Bus BBB Device DDD: ID vvvv:pppp\" line was found (lsusb output expected)");
}
