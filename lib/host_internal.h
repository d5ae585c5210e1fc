/* SPDX-License-Identifier: MIT */
/* The host inventory as sources build it. Private to the library. */
#ifndef CA_HOST_INTERNAL_H
#define CA_HOST_INTERNAL_H

#include "chipaudit/chipaudit.h"
#include "util/arena.h"

#include <stdarg.h>

typedef struct staged_field {
	const char *name;
	const char *value;
	size_t first_item;
	size_t n_items;
} staged_field;

struct ca_host {
	cai_arena arena;
	const char *source;
	ca_format format;
	char smbios_version[16];
	char tool_version[16];

	ca_record *records;
	size_t n_records, cap_records;

	ca_device *devices; /* devices beyond memory (cai_host_add_device) */
	size_t n_devices, cap_devices;

	ca_diagnostic *diags;
	size_t n_diags, cap_diags, diags_dropped;

	/* Record under construction (between cai_host_record_begin and _end). */
	bool building;
	ca_record pending;
	staged_field *staged;
	size_t n_staged, cap_staged;
	const char **staged_items;
	size_t n_staged_items, cap_staged_items;
};

/* Starts a record. title is copied. Returns 0 or -ENOMEM / -E2BIG (too many records). */
int cai_host_record_begin(ca_host *h, uint8_t type, uint16_t handle, uint16_t length,
		      int64_t offset, uint32_t line, const char *title);

/* Adds a field to the pending record; name and value are copied
 * (name_len/value_len bytes). Returns 0, -ENOMEM, or -E2BIG past the cap. */
int cai_host_field_addn(ca_host *h, const char *name, size_t name_len,
		    const char *value, size_t value_len);

/* Adds a field whose name is a string literal (not copied) and whose
 * value is printf-formatted. Returns as cai_host_field_addn(). */
int cai_host_field_addf(ca_host *h, const char *static_name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Appends a list item (copied) to the last field of the pending record.
 * Returns 0, -ENOMEM, -E2BIG, or -EINVAL when there is no field yet. */
int cai_host_item_addn(ca_host *h, const char *item, size_t len);

/* Finishes the pending record and stores it. Returns 0 or -ENOMEM. */
int cai_host_record_end(ca_host *h);

/* Drops the pending record, if any. */
void cai_host_record_abort(ca_host *h);

/* Records a diagnostic. Never fails: when memory or the cap runs out the
 * diagnostic is counted in diags_dropped. */
void cai_host_diag(ca_host *h, ca_diag_level level, const char *code, int64_t offset,
	       uint32_t line, int32_t handle, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* Adds a device (a drive, an eMMC card, a PCI or USB device, a GPU) that
 * evidence describes. This is how every reader of device evidence (saved
 * tool output, live sysfs, a collected archive) hands a device to the
 * assessment:
 *
 *   ca_device d = {.kind = CA_DEVICE_NVME, .model = model, .serial = serial,
 *                  .firmware = fw, .offset = -1, .line = line_no};
 *   d.pci_vendor = 0x1e49; d.ids |= CA_DEVICE_HAS_PCI_VENDOR;
 *   d.oui = 0xa428b7;      d.ids |= CA_DEVICE_HAS_OUI;
 *   int rc = cai_host_add_device(h, &d);
 *
 * Fill only what the evidence says: strings the reader saw (NULL when
 * absent; a placeholder such as "Unknown" may be given, the resolver
 * ignores it), numbers only with their CA_DEVICE_HAS_* bit. Give the most
 * specific kind the evidence shows (an NVMe controller is CA_DEVICE_NVME,
 * not CA_DEVICE_PCI). Every string is copied (blanks around it trimmed, an
 * empty one becomes NULL), so d and its strings may live on the reader's
 * stack. The reader never resolves makers: the assessment builds one
 * component per device of every readable source and calls the resolver
 * (ca_identify_device) exactly once for it. A device that two sources of
 * one host describe (same kind and the same serial, or the same bus path)
 * becomes one component: the first description wins, the later ones fill
 * what it lacks. Returns 0, -EINVAL for a kind out of range, -E2BIG past
 * CA_MAX_RECORDS devices, or -ENOMEM. */
int cai_host_add_device(ca_host *h, const ca_device *d);

/* Copies a string into the host's arena; returns NULL when out of memory. */
const char *cai_host_strndup(ca_host *h, const char *s, size_t len);

#endif
