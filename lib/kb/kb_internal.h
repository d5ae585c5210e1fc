/* SPDX-License-Identifier: MIT */
/* Knowledge-base internals shared by the loader and the resolver. */
#ifndef CA_KB_INTERNAL_H
#define CA_KB_INTERNAL_H

#include "chipaudit/identify.h"
#include "util/arena.h"

#include <regex.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct part_rule {
	const char *id;
	const char *maker_id;
	const char *kind;
	const char *pattern;
	const char *type, *capacity, *organization, *form; /* value specs or NULL */
	const char *source;
	const char *defined_at;
	ca_confidence confidence;
	bool own_dies;  /* dies = own: the maker's modules carry the maker's own dies */
	bool own_nand;  /* nand = own (drive grammars): the maker's drives carry its own NAND */
	const char *controller_id; /* controller = ID (drive grammars), or NULL */
	char prefix[8]; /* literal start of the pattern, to skip regexec quickly */
	size_t prefix_len;
	uint64_t first[4]; /* bytes a match can start with (bit set); all when not known */
	bool drive;        /* kind = drive */
	bool uses_groups;  /* a value spec takes a group of the match ($N) */
	regex_t *re;    /* compiled, owned by the kb */
} part_rule;

typedef struct alias_key {
	const char *key; /* normalized */
	size_t entity;
} alias_key;

typedef struct code_key {
	const char *code; /* BIOS-private code, upper-case */
	size_t entity;
} code_key;

typedef struct jep_name_key {
	const char *key;
	ca_jep106_id id;
	bool ambiguous;
} jep_name_key;

struct ca_kb {
	cai_arena arena;
	ca_entity *entities;
	size_t n_entities;
	part_rule *parts;
	size_t n_parts;
	alias_key *aliases; /* sorted by key */
	size_t n_aliases;
	code_key *codes;
	size_t n_codes;
	regex_t **compiled; /* every regex ever compiled, freed with the kb */
	size_t n_compiled, cap_compiled;
	jep_name_key *jep_names; /* normalized JEP106 names, sorted */
	size_t n_jep_names;
};

/* The entity holding a BIOS-private code, or NULL. */
const ca_entity *cai_kb_find_bios_code(const ca_kb *kb, const char *code);

/* The JEP106 id whose normalized name is key; false when none or when the
 * name is shared by ids of different makers. */
bool cai_kb_find_jep106_name(const ca_kb *kb, const char *key, ca_jep106_id *ret_id);

/* The part grammars, in order. */
const part_rule *cai_kb_part_rules(const ca_kb *kb, size_t *ret_n);

/* Writes the alias key of text (ASCII letters case-folded, ASCII
 * punctuation and spaces removed, other bytes kept) into out. Returns its
 * length (0 when nothing is left). */
size_t cai_kb_normalize_key(const char *text, char *out, size_t size);

/* Built-in data (generated from data/kb/ at build time). */
extern const char cai_kb_builtin_makers[];
extern const char cai_kb_builtin_parts[];
extern const char cai_kb_builtin_storage[];

#endif
