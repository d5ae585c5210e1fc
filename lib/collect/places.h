/* SPDX-License-Identifier: MIT */
/*
 * The sysfs places chipaudit reads on a live machine (scan) and captures
 * (collect): one table, so what collect writes is what scan --root reads.
 */
#ifndef CA_COLLECT_PLACES_H
#define CA_COLLECT_PLACES_H

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

#endif
