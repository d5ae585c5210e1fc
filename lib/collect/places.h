/* SPDX-License-Identifier: MIT */
/*
 * The sysfs places chipaudit reads on a live machine (scan) and captures
 * (collect): one table, so what collect writes is what scan --root reads.
 */
#ifndef CA_COLLECT_PLACES_H
#define CA_COLLECT_PLACES_H

#include "host_internal.h"

#include <stdbool.h>
#include <stddef.h>

/* How an attribute is treated without --with-serials. */
typedef enum cai_serial_policy {
	CAI_KEEP = 0,      /* not a serial number */
	CAI_WITHHOLD,      /* a serial number: left out */
	CAI_MASK_WWN,      /* a WWN / WWID: the unit-specific digits zeroed, the OUI kept */
	CAI_MASK_CID,      /* an MMC CID: the product serial number bytes zeroed */
	CAI_MASK_SMBIOS,   /* the SMBIOS table: serial strings and the UUID blanked */
	CAI_MASK_SPD,      /* an SPD image: the module serial number zeroed */
} cai_serial_policy;

typedef struct cai_place_attr {
	const char *name; /* relative to the entry: "model", "device/vendor" */
	cai_serial_policy serial;
} cai_place_attr;

/* A folder whose entries are devices, and the attributes read from each. */
typedef struct cai_place {
	const char *dir;    /* "sys/class/nvme" (no leading slash) */
	const char *prefix; /* entries must start with this ("" for any) */
	bool skip_colon;    /* skip entries with ':' (USB interfaces) */
	bool skip_dash;     /* skip entries with '-' (DRM connectors) */
	const cai_place_attr *attrs;
	size_t n_attrs;
} cai_place;

/* The table, and its length. */
extern const cai_place cai_places[];
extern const size_t cai_n_places;

/* True when an entry name of place p is a device to read. */
bool cai_place_entry_ok(const cai_place *p, const char *name);

/* The place of a folder ("sys/class/nvme"), or NULL. */
const cai_place *cai_place_find(const char *dir);

/* The device entries of p under root (NULL or "/": this machine), sorted,
 * at most 4096: a malloc'd array of malloc'd names (cai_place_list_free).
 * Returns 0, or -errno when the folder cannot be listed (-ENOENT: absent). */
int cai_place_list(const char *root, const cai_place *p, char ***ret_names, size_t *ret_n);
void cai_place_list_free(char **names, size_t n);

/* Reads the attribute p->dir/entry/attr under root into buf (NUL-ended,
 * the kernel's trailing newline and blanks around it removed). Returns the
 * length, or -errno (-ENOENT: the device has no such attribute). */
int cai_place_read(const char *root, const cai_place *p, const char *entry, const char *attr, char *buf,
		   size_t size);

/* Parses a hexadecimal attribute ("0x144d", "1d6b") of at most max.
 * Returns false when s is not one. */
bool cai_place_hex(const char *s, unsigned long max, unsigned long *ret);

/* The devices of place dir under root read into h: each entry's
 * attributes (attrs[i] of the place, into vals[i], "" when absent) handed
 * to fill, which adds the device. Returns 0, -ENOENT when the place is
 * absent, another -errno when it cannot be listed (a diagnostic in h), or
 * -ENOMEM. */
#define CAI_PLACE_MAX_ATTRS 12
typedef int (*cai_place_fill)(ca_host *h, const char *root, const char *entry,
			      char vals[][256]);
/* The value read for attribute attr of place dir ("" when absent), or NULL
 * when attr is not one of the place's, or is empty. */
const char *cai_place_val(const char *dir, char vals[][256], const char *attr);

/* True when attribute attr of place dir holds a hexadecimal id of at most
 * max (into *ret). */
bool cai_place_id(const char *dir, char vals[][256], const char *attr, unsigned long max, unsigned long *ret);

int cai_place_read_devices(ca_host *h, const char *root, const char *display, const char *dir,
			   cai_place_fill fill);

#endif
