/* SPDX-License-Identifier: MIT */
/* Renderers of a host inventory. They write to memory or to a stream the
 * caller owns; they never print on their own. */
#ifndef CHIPAUDIT_REPORT_H
#define CHIPAUDIT_REPORT_H

#include "chipaudit/chipaudit.h"
#include "chipaudit/kb.h"
#include "chipaudit/rules.h"

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the JSON report schema (docs/report.schema.json). */
#define CA_REPORT_SCHEMA_VERSION "1.0"

/* What the renderers add to the inventory. */
typedef struct ca_report_options {
	const ca_kb *kb;             /* makers by role for every memory device; NULL: none */
	const char *as_of;           /* date for owners, "YYYY-MM-DD"; NULL: today */
	const char *profile_id;      /* profile the findings were evaluated for; NULL: no rules */
	const ca_findings *findings; /* findings of this host (with profile_id) */
} ca_report_options;

/* Renders one host as a compact JSON object (schema: docs/report.schema.json,
 * definition "host"). opt may be NULL. Returns a malloc'd NUL-terminated
 * string the caller frees, or NULL when out of memory. Invalid UTF-8 in
 * evidence strings is replaced by U+FFFD so the output is always valid JSON. */
char *ca_report_host_json(const ca_host *host, const ca_report_options *opt);

/* Writes the human table for one host to out. opt may be NULL. Returns 0
 * or -EIO. */
int ca_report_host_table(const ca_host *host, const ca_report_options *opt, FILE *out);

#ifdef __cplusplus
}
#endif

#endif
