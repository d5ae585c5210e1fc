/* SPDX-License-Identifier: MIT */
/*
 * The maker resolver: for a memory device, who made it in each role
 * (module, DRAM die, register/RCD, PMIC) and who owned that maker on a
 * date, naming the evidence and a confidence for every answer. Unknown is
 * an answer; nothing is guessed. Reads the knowledge base (chipaudit/kb.h).
 *
 * The assessment (chipaudit/assess.h) calls the resolver once per
 * component; rules and writers read its answers and never call it.
 */
#ifndef CHIPAUDIT_IDENTIFY_H
#define CHIPAUDIT_IDENTIFY_H

#include "chipaudit/kb.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ca_role {
	CA_ROLE_MODULE = 0,   /* who made (or sells under its id) the module */
	CA_ROLE_DRAM,         /* who made the DRAM dies */
	CA_ROLE_REGISTER,     /* register / RCD maker (registered modules) */
	CA_ROLE_PMIC,         /* power management IC maker (DDR5) */
	CA_ROLE_COUNT,
} ca_role;

/* Returns "module", "dram", "register", "pmic". */
const char *ca_role_name(ca_role role);

typedef enum ca_confidence {
	CA_CONFIDENCE_NONE = 0, /* unknown */
	CA_CONFIDENCE_LOW,
	CA_CONFIDENCE_MEDIUM,
	CA_CONFIDENCE_HIGH,
} ca_confidence;

/* Returns "none", "low", "medium", "high". */
const char *ca_confidence_name(ca_confidence c);

/* One answer: who made the part in a role, from which evidence. */
typedef struct ca_maker_answer {
	ca_confidence confidence; /* CA_CONFIDENCE_NONE: unknown (reason in evidence) */
	bool heuristic;           /* derived from a convention, not a standard */
	const ca_entity *maker;   /* NULL when the maker is known only by JEP106 id */
	char maker_id[40];        /* entity id, or "jep106:BANK:0xCODE", or "" */
	char maker_name[96];
	const ca_entity *owner;   /* owner of the maker on the date, NULL if none known */
	char owner_id[40];
	char owner_name[96];
	char method[32];          /* smbios-binary-id, hex-12, hex-4, hex-16, hex-8,
				     dmidecode-unknown-le, bios-private-code, name-alias,
				     jep106-name, part-number, soldered-module,
				     spd-binary-id, own-module-grammar */
	char field[48];           /* the record field the evidence is in */
	char evidence[192];       /* the exact text or bytes, and how they were read */
	char rule[64];            /* knowledge-base rule used: "alias:micron", "part:samsung-module" */
} ca_maker_answer;

/* What a part number tells beyond its maker. */
typedef struct ca_part_info {
	char rule[48];  /* grammar id, "" when no grammar matched */
	char kind[12];  /* "module" or "component" */
	char type[16];  /* "DDR4", ... or "" */
	char capacity[16];
	char organization[24];
	char form[16];
} ca_part_info;

typedef struct ca_memory_makers {
	ca_maker_answer role[CA_ROLE_COUNT];
	ca_part_info part;
	char conflict[320]; /* "" or what disagrees, at owner level */
} ca_memory_makers;

/* Resolver options. */
enum {
	CA_IDENTIFY_IGNORE_BINARY_IDS = 1u << 0, /* hide SMBIOS binary ids (measurements) */
	CA_IDENTIFY_NO_OWN_MODULE_DIES = 1u << 1, /* no DRAM maker from own-module grammars (measurements) */
	CA_IDENTIFY_IGNORE_DEVICE_IDS = 1u << 2, /* devices: strings only, no PCI/USB/OUI/eMMC ids (measurements) */
};

/* Resolves the makers of a memory device by role, owners as of date
 * ("YYYY-MM-DD"; NULL for today). Never fails on bad evidence: unknown roles
 * have confidence CA_CONFIDENCE_NONE. Returns 0 or -EINVAL for a bad date. */
int ca_identify_memory_device(const ca_kb *kb, const ca_memory_device *device, const char *date,
			      unsigned flags, ca_memory_makers *ret);

/* Roles of devices beyond memory (ca_device, chipaudit/chipaudit.h). */
typedef enum ca_device_role {
	CA_DEVICE_ROLE_DRIVE = 0,   /* drive: whose product it is (the brand owner) */
	CA_DEVICE_ROLE_CONTROLLER,  /* the drive's controller chip */
	CA_DEVICE_ROLE_NAND,        /* the flash dies (only where evidence says so) */
	CA_DEVICE_ROLE_VENDOR,      /* a PCI, USB or GPU device's vendor */
	CA_DEVICE_ROLE_VRAM,        /* a GPU's memory chips */
	CA_DEVICE_ROLE_COUNT,
} ca_device_role;

/* Returns "drive", "controller", "nand", "vendor", "vram". */
const char *ca_device_role_name(ca_device_role role);

/* The makers of a device by role. Which roles a kind has is fixed:
 * nvme, sata, sas, emmc: drive, controller, nand; pci, usb: vendor; gpu:
 * vendor, vram. applies[] says which; the others are left empty. */
typedef struct ca_device_makers {
	bool applies[CA_DEVICE_ROLE_COUNT];
	ca_maker_answer role[CA_DEVICE_ROLE_COUNT];
	ca_part_info part;  /* what the model string says (grammar, type, capacity) */
	char conflict[320]; /* "" or what disagrees, at owner level */
} ca_device_makers;

/* Resolves the makers of a device by role, owners as of date
 * ("YYYY-MM-DD"; NULL for today), from its ids (PCI vendor and subsystem
 * vendor ids, IEEE OUI, the OUI in a NAA 5/6 WWN or an EUI-64, USB vendor
 * id, eMMC manufacturer id) and its strings (model, vendor, VRAM vendor),
 * naming evidence, method and confidence for each answer. A PCI vendor id
 * that names a controller maker (Phison, Silicon Motion, ...) answers the
 * controller role, not the drive. The NAND maker is answered only when a
 * model grammar of a maker that makes its own flash says so. Never fails
 * on bad evidence: unknown roles have confidence CA_CONFIDENCE_NONE.
 * flags: CA_IDENTIFY_IGNORE_DEVICE_IDS. Returns 0 or -EINVAL for a bad date
 * or a device kind out of range. */
int ca_identify_device(const ca_kb *kb, const ca_device *device, const char *date, unsigned flags,
		       ca_device_makers *ret);

/* True when text is a placeholder firmware writes instead of a maker
 * ("Unknown", "Not Specified", "Manufacturer0", "ABCD", "NULL", ...). */
bool ca_is_placeholder(const char *text);

#define CA_IDENTIFY_MAX_READINGS 8

/* Explains free text: a dmidecode id ("Bank 11, Hex 0x91"), a hex string
 * in any of the forms firmware writes, a maker name or alias, or a part
 * number. Fills up to CA_IDENTIFY_MAX_READINGS readings, each with its role
 * (a 12-hex string yields module, register and DRAM readings). Returns the
 * number of readings (0: nothing recognized). */
size_t ca_identify_text(const ca_kb *kb, const char *text, const char *date,
			ca_maker_answer readings[CA_IDENTIFY_MAX_READINGS],
			ca_role roles[CA_IDENTIFY_MAX_READINGS], ca_part_info *ret_part);

/* Number of ca_identify_memory_device() and ca_identify_device() calls
 * made in this process so far (all threads). For tests and measurements:
 * the assessment resolves each memory device and each device exactly once. */
unsigned long ca_identify_call_count(void);

#ifdef __cplusplus
}
#endif

#endif
