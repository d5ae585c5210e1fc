/* SPDX-License-Identifier: MIT */
/* The built-in JEP106 table, generated from data/jep106.csv at build time. */
#ifndef CA_KB_JEP106_TABLE_H
#define CA_KB_JEP106_TABLE_H

#include <stddef.h>
#include <stdint.h>

typedef struct jep106_entry {
	uint8_t bank;     /* 1-based */
	uint8_t code;     /* with odd parity bit */
	const char *name;
} jep106_entry;

/* Sorted by (bank, code). */
extern const jep106_entry cai_jep106_table[];
extern const size_t cai_jep106_table_len;
extern const char cai_jep106_revision[];

#endif
