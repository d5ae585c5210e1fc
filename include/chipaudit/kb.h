/* SPDX-License-Identifier: MIT */
/*
 * Maker knowledge base and the maker resolver.
 *
 * The knowledge base holds companies and brands (ids such as "micron"),
 * their JEP106 ids, aliases (including Chinese names), dated ownership, and
 * part-number grammars. The data shipped in data/kb/ is compiled in; files
 * loaded with ca_kb_load_file() add entities or replace them by id.
 *
 * The resolver answers, for a memory device, who made it in each role
 * (module, DRAM die, register/RCD, PMIC) and who owned that maker on a
 * date, naming the evidence and a confidence for every answer. Unknown is
 * an answer; nothing is guessed.
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

/* ------------------------------------------------------------ resolver */

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
				     jep106-name, part-number, soldered-module */
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
};

/* Resolves the makers of a memory device by role, owners as of date
 * ("YYYY-MM-DD"; NULL for today). Never fails on bad evidence: unknown roles
 * have confidence CA_CONFIDENCE_NONE. Returns 0 or -EINVAL for a bad date. */
int ca_identify_memory_device(const ca_kb *kb, const ca_memory_device *device, const char *date,
			      unsigned flags, ca_memory_makers *ret);

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

#ifdef __cplusplus
}
#endif

#endif
