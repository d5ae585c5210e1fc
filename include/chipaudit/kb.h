/* SPDX-License-Identifier: MIT */
/*
 * Maker knowledge base.
 *
 * The knowledge base holds companies and brands (ids such as "micron"),
 * their JEP106 ids, aliases (including Chinese names), dated ownership, and
 * part-number grammars. The data shipped in data/kb/ is compiled in; files
 * loaded with ca_kb_load_file() add entities or replace them by id.
 *
 * The resolver that reads it is declared in chipaudit/identify.h.
 */
#ifndef CHIPAUDIT_KB_H
#define CHIPAUDIT_KB_H

#include "chipaudit/chipaudit.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ca_kb ca_kb;

#define CA_KB_MAX_JEP106 4
#define CA_KB_MAX_OWNERS 4

#define CA_KB_MAX_DEVICE_IDS 8

/* Numberings of device ids an entity may hold. */
typedef enum ca_kb_id_space {
	CA_KB_PCI_VENDOR = 0, /* PCI-SIG vendor id (pci.ids), also NVMe VID/SSVID */
	CA_KB_OUI,            /* IEEE OUI (MA-L), 24 bits: NVMe IEEE field, WWN NAA 5/6, EUI-64 */
	CA_KB_EMMC_MANFID,    /* eMMC/SD CID manufacturer id (JEDEC eMMC numbering, not JEP106) */
	CA_KB_USB_VENDOR,     /* USB-IF vendor id */
	CA_KB_ID_SPACES,
} ca_kb_id_space;

/* "pci_vendor", "oui", "emmc_manfid", "usb_vendor": the knowledge-base keys. */
const char *ca_kb_id_space_name(ca_kb_id_space space);

/* One device id of an entity. */
typedef struct ca_kb_device_id {
	uint32_t value;
	bool controller; /* the id names the maker of a drive's controller, not the drive's brand
			    (Phison, Silicon Motion, ... sell controllers others brand) */
	bool unverified; /* the source could not be checked: answers from it are low confidence */
} ca_kb_device_id;

typedef struct ca_owner_span {
	const char *owner_id;
	char from[11];  /* "YYYY-MM-DD" or "" (since always) */
	char until[11]; /* "YYYY-MM-DD" or "" (still) */
} ca_owner_span;

/* A company or a brand. All strings are owned by the knowledge base. */
typedef struct ca_entity {
	const char *id;         /* stable id: "micron", "sk-hynix", "crucial" */
	const char *kind;       /* "company" or "brand" */
	const char *name;       /* display name */
	const char *legal_name; /* or NULL */
	const char *country;    /* ISO 3166-1 alpha-2, or NULL */
	const char *source;     /* the source lines, joined with "; " */
	const char *defined_at; /* "file:line" of its section */
	ca_jep106_id jep106[CA_KB_MAX_JEP106];
	size_t n_jep106;
	ca_owner_span owners[CA_KB_MAX_OWNERS];
	size_t n_owners;
	const char *const *aliases;
	size_t n_aliases;
	const char *const *bios_codes; /* BIOS-private Manufacturer codes (quirk) */
	size_t n_bios_codes;
	ca_kb_device_id device_ids[CA_KB_ID_SPACES][CA_KB_MAX_DEVICE_IDS];
	size_t n_device_ids[CA_KB_ID_SPACES];
} ca_entity;

/* Creates a knowledge base holding the built-in data. Returns 0, -ENOMEM,
 * or -EINVAL if the built-in data is inconsistent (a test prevents that). */
int ca_kb_new(ca_kb **ret_kb);

/* Frees the knowledge base. NULL is a no-op. */
void ca_kb_free(ca_kb *kb);

/* Loads a user file of [company]/[brand]/[part] sections (format:
 * docs/knowledge-base.md). A section whose id exists replaces it. On error
 * returns -EINVAL (or -errno reading the file) and, when ret_error is not
 * NULL, a malloc'd "FILE:LINE: message" the caller frees; the knowledge
 * base is then unchanged. */
int ca_kb_load_file(ca_kb *kb, const char *path, char **ret_error);

/* Same as ca_kb_load_file() for text in memory; name is used in messages. */
int ca_kb_load_buffer(ca_kb *kb, const char *name, const char *buf, size_t len,
		      char **ret_error);

size_t ca_kb_entity_count(const ca_kb *kb);
const ca_entity *ca_kb_entity_at(const ca_kb *kb, size_t i);
size_t ca_kb_part_rule_count(const ca_kb *kb);

/* Looks an entity up by id; NULL when unknown. */
const ca_entity *ca_kb_entity(const ca_kb *kb, const char *id);

/* The entity that owns a JEP106 id (bank and code, never the code alone). */
const ca_entity *ca_kb_find_jep106(const ca_kb *kb, ca_jep106_id id);

/* The entity holding a device id in a numbering, or NULL; *ret_id (when
 * not NULL) gets the entry (whether it names a controller maker, whether
 * it is unverified). */
const ca_entity *ca_kb_find_device_id(const ca_kb *kb, ca_kb_id_space space, uint32_t value,
				      const ca_kb_device_id **ret_id);

/* The entity a name or alias denotes, matched whole after case-folding and
 * removing punctuation and spaces (never by prefix or substring). */
const ca_entity *ca_kb_find_alias(const ca_kb *kb, const char *text);

/* The top owner of e on date ("YYYY-MM-DD"): follows owner spans valid on
 * that date. Returns e itself when it had no owner then. */
const ca_entity *ca_kb_owner_on(const ca_kb *kb, const ca_entity *e, const char *date);

/* Checks the whole knowledge base (ids, owners, dates, aliases, JEP106 ids,
 * part grammars) and the built-in JEP106 table (banks complete, parity).
 * Returns the number of problems; each is appended to *ret_report
 * (malloc'd, caller frees) when ret_report is not NULL. */
size_t ca_kb_validate(const ca_kb *kb, char **ret_report);

#ifdef __cplusplus
}
#endif

#endif
