/* SPDX-License-Identifier: MIT */
/*
 * smartctl text output (-x, -a, -i) of one drive: its information section.
 *
 *   smartctl 7.4 2023-08-01 r5530 [x86_64-linux-...] (local build)
 *   Copyright (C) 2002-23, Bruce Allen, Christian Franke, www.smartmontools.org
 *
 *   === START OF INFORMATION SECTION ===
 *   Model Number:                       YMTC PC300-1TB-B       (NVMe)
 *   PCI Vendor/Subsystem ID:            0x1e49                 (one id when both are equal)
 *   PCI Vendor ID: / PCI Vendor Subsystem ID:                  (two lines when they differ)
 *   IEEE OUI Identifier:                0xa428b7
 *   Device Model:     Micron_5300_MTFDDAK480TDS                (ATA)
 *   LU WWN Device Id: 5 00a075 1c4f1a2b                        (NAA, OUI, id)
 *   Vendor: / Product: / Revision: / Logical Unit id:          (SCSI, SAS)
 *
 * The kind is told by the lines present: NVMe (Model Number, PCI or IEEE
 * lines), SCSI (Vendor and Product), else ATA. Only the first information
 * section is read; the SMART data after it says nothing about makers.
 */
#include "host_internal.h"
#include "source/sources.h"
#include "util/cursor.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SMARTCTL_SNIFF_BYTES 4096u

static const char *skip_bom(const uint8_t *buf, size_t *len)
{
	if (*len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) {
		*len -= 3;
		return (const char *)buf + 3;
	}
	return (const char *)buf;
}

bool cai_smartctl_text_sniff(const uint8_t *buf, size_t len)
{
	const char *s = skip_bom(buf, &len);
	while (len && (*s == ' ' || *s == '\r' || *s == '\n')) {
		s++;
		len--;
	}
	/* "smartctl 7.4 2023-08-01 r5530 [...]": the banner every mode prints,
	 * a text line (a NUL or control byte on it is not smartctl's) */
	if (len < 11 || memcmp(s, "smartctl ", 9) != 0 || s[9] < '5' || s[9] > '9' || s[10] != '.')
		return false;
	size_t n = len < SMARTCTL_SNIFF_BYTES ? len : SMARTCTL_SNIFF_BYTES;
	for (size_t i = 11; i < n && s[i] != '\n'; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

typedef struct info {
	ca_device d;
	bool nvme, scsi, ata;
	bool pci_one_line;
	uint32_t first_line;
	int64_t first_offset;
} info;

/* "0x1e49": a hex number of at most digits digits, nothing after it. */
static bool hex_value(const char *v, size_t n, unsigned digits, uint32_t *ret)
{
	ca_cursor c = ca_cursor_make(v, n);
	if (!ca_cursor_lit(&c, "0x") || !ca_cursor_hex(&c, ret, digits))
		return false;
	return ca_cursor_left(&c) == 0;
}

/* "3,840,755,982,336 bytes [3.84 TB]" or "1,024,209,543,168 [1.02 TB]": the byte count. */
static uint64_t capacity_value(const char *v, size_t n)
{
	uint64_t x = 0;
	size_t digits = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i] == ',')
			continue;
		if (v[i] < '0' || v[i] > '9')
			break;
		if (x > (UINT64_MAX - 9) / 10)
			return 0;
		x = x * 10 + (uint64_t)(v[i] - '0');
		digits++;
	}
	return digits ? x : 0;
}

static const char *keep(ca_host *h, const char *v, size_t n, int *err)
{
	const char *s = cai_host_strndup(h, v, n);
	if (!s)
		*err = -ENOMEM;
	return s;
}

/* One "Key: value" line of the information section. */
static void info_line(ca_host *h, info *in, const char *k, size_t kn, const char *v, size_t vn,
		      uint32_t line, int64_t offset, int *err)
{
#define KEY(lit) (kn == sizeof(lit) - 1 && memcmp(k, lit, kn) == 0)
	ca_device *d = &in->d;
	uint32_t x;
	if (!in->first_line) {
		in->first_line = line;
		in->first_offset = offset;
	}
	if (KEY("Model Number")) {
		in->nvme = true;
		d->model = keep(h, v, vn, err);
	} else if (KEY("Device Model")) {
		in->ata = true;
		d->model = keep(h, v, vn, err);
	} else if (KEY("Product")) {
		in->scsi = true;
		d->model = keep(h, v, vn, err);
	} else if (KEY("Vendor")) {
		in->scsi = true;
		d->vendor = keep(h, v, vn, err);
	} else if (KEY("Model Family")) {
		d->family = keep(h, v, vn, err);
	} else if (KEY("Serial Number") || KEY("Serial number")) {
		d->serial = keep(h, v, vn, err);
	} else if (KEY("Firmware Version") || KEY("Revision")) {
		d->firmware = keep(h, v, vn, err);
	} else if (KEY("PCI Vendor/Subsystem ID") || KEY("PCI Vendor ID") || KEY("PCI Vendor Subsystem ID")) {
		in->nvme = true;
		if (!hex_value(v, vn, 4, &x)) {
			cai_host_diag(h, CA_DIAG_WARNING, "smartctl.bad-id", offset, line, -1,
				      "'%.*s' is not a 16-bit hex id (0xNNNN): ignored", (int)(vn < 40 ? vn : 40), v);
			return;
		}
		if (!KEY("PCI Vendor Subsystem ID")) {
			d->pci_vendor = (uint16_t)x;
			d->ids |= CA_DEVICE_HAS_PCI_VENDOR;
		}
		if (!KEY("PCI Vendor ID")) {
			d->pci_subsystem_vendor = (uint16_t)x;
			d->ids |= CA_DEVICE_HAS_PCI_SUBVENDOR;
		}
	} else if (KEY("IEEE OUI Identifier")) {
		in->nvme = true;
		if (!hex_value(v, vn, 6, &x)) {
			cai_host_diag(h, CA_DIAG_WARNING, "smartctl.bad-id", offset, line, -1,
				      "'%.*s' is not a 24-bit OUI (0xNNNNNN): ignored", (int)(vn < 40 ? vn : 40), v);
			return;
		}
		d->oui = x;
		d->ids |= CA_DEVICE_HAS_OUI;
	} else if (KEY("Namespace 1 IEEE EUI-64")) {
		d->eui64 = keep(h, v, vn, err);
	} else if (KEY("LU WWN Device Id") || KEY("Logical Unit id")) {
		d->wwn = keep(h, v, vn, err);
	} else if (KEY("User Capacity") || KEY("Total NVM Capacity") ||
		   (KEY("Namespace 1 Size/Capacity") && !d->capacity_bytes)) {
		d->capacity_bytes = capacity_value(v, vn);
	} else if (KEY("Rotation Rate")) {
		d->rotation = keep(h, v, vn, err);
	} else if (KEY("Form Factor")) {
		d->form_factor = keep(h, v, vn, err);
	} else if (KEY("SATA Version is")) {
		in->ata = true;
		d->transport = keep(h, v, vn, err);
	} else if (KEY("ATA Version is")) {
		in->ata = true;
	} else if (KEY("Transport protocol")) {
		in->scsi = true;
		d->transport = keep(h, v, vn, err);
	}
#undef KEY
}

int cai_smartctl_text_read(ca_host *h, const uint8_t *buf, size_t len)
{
	h->format = CA_FORMAT_SMARTCTL_TEXT;
	size_t total = len;
	const char *s = skip_bom(buf, &len);
	const char *end = s + len;
	int64_t base = (int64_t)(total - len);
	info in;
	memset(&in, 0, sizeof(in));
	bool in_info = false, seen_info = false;
	uint32_t lineno = 0;
	int err = 0;
	for (const char *p = s; p < end && !err;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		int64_t offset = base + (int64_t)(p - s);
		lineno++;
		size_t n = (size_t)(le - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (lineno == 1) {
			/* "smartctl 7.4 2023-08-01 ...": the version */
			const char *v = p + 9, *sp = memchr(v, ' ', n > 9 ? n - 9 : 0);
			size_t vl = sp ? (size_t)(sp - v) : 0;
			if (vl && vl < sizeof(h->tool_version)) {
				memcpy(h->tool_version, v, vl);
				h->tool_version[vl] = '\0';
			}
		}
		if (n >= 12 && memcmp(p, "=== START OF", 12) == 0) {
			bool info_header = n >= 32 && memcmp(p, "=== START OF INFORMATION SECTION", 32) == 0;
			if (in_info || (seen_info && info_header)) {
				in_info = false;
				break; /* the information section is over */
			}
			in_info = info_header;
			seen_info |= info_header;
		} else if (in_info && n) {
			const char *colon = memchr(p, ':', n);
			if (colon) {
				const char *k = p, *v = colon + 1;
				size_t kn = (size_t)(colon - p), vn = (size_t)(p + n - v);
				ca_trim_blanks(&k, &kn);
				ca_trim_blanks(&v, &vn);
				if (vn > CA_MAX_VALUE_BYTES) {
					cai_host_diag(h, CA_DIAG_WARNING, "input.value-cut", offset, lineno, -1,
						      "a value of %zu bytes was cut to %u", vn, CA_MAX_VALUE_BYTES);
					vn = CA_MAX_VALUE_BYTES;
				}
				info_line(h, &in, k, kn, v, vn, lineno, offset, &err);
			}
		}
		p = nl ? nl + 1 : end;
	}
	if (err)
		return err;
	if (!seen_info) {
		cai_host_diag(h, CA_DIAG_ERROR, "smartctl.no-information", (int64_t)total, lineno, -1,
			      "smartctl output without an information section (=== START OF INFORMATION "
			      "SECTION ===): the output was cut, or smartctl could not open the device");
		return -EBADMSG;
	}
	if (!in.d.model && !in.d.vendor) {
		cai_host_diag(h, CA_DIAG_ERROR, "smartctl.no-model", in.first_offset, in.first_line, -1,
			      "the information section names no model (Model Number, Device Model or "
			      "Product): no drive to inventory");
		return -EBADMSG;
	}
	in.d.kind = in.nvme ? CA_DEVICE_NVME : in.scsi ? CA_DEVICE_SAS : CA_DEVICE_SATA;
	in.d.offset = in.first_offset;
	in.d.line = in.first_line;
	if (!in.d.serial)
		cai_host_diag(h, CA_DIAG_NOTE, "smartctl.no-serial", -1, in.first_line, -1,
			      "the information section gives no serial number");
	return cai_host_add_device(h, &in.d);
}
