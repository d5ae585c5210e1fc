/* SPDX-License-Identifier: MIT */
/*
 * The table of sinks. Each format is one file in lib/report/ with up to
 * three functions; sink.c lists them in one table and runs the document
 * (head, hosts in order, tail) for all of them.
 *
 * Adding a format: write lib/report/FORMAT.c with its functions, declare
 * them here, and add one row to the table in sink.c.
 */
#ifndef CA_REPORT_SINK_H
#define CA_REPORT_SINK_H

#include "chipaudit/report.h"

typedef struct sink_summary {
	const ca_policy *policy; /* the policy of the run, or NULL */
	size_t hosts_read;
	size_t incomplete; /* of hosts_read: some evidence had an error */
	size_t unreadable;
	bool rules_applied;
} sink_summary;

typedef struct sink_type {
	const char *name;
	/* Writes the document head, or NULL for none. */
	int (*begin)(FILE *out);
	/* Writes one host's part to out, streaming; must only read a (runs on
	 * worker threads). Returns 0, -ENOMEM or -EIO. */
	int (*render)(const ca_assessment *a, FILE *out);
	/* Written between two non-empty host parts, or NULL. */
	const char *separator;
	/* True when a host's part may be empty (SARIF: a host without findings). */
	/* Writes the document tail with the run summary. */
	int (*end)(FILE *out, const sink_summary *summary);
	bool may_be_empty;
} sink_type;

/* table.c */
int cai_sink_table_render(const ca_assessment *a, FILE *out);
int cai_sink_table_end(FILE *out, const sink_summary *summary);

/* csv.c: one row per finding; and JSON Lines, one host object per line */
int cai_sink_csv_begin(FILE *out);
int cai_sink_csv_render(const ca_assessment *a, FILE *out);
int cai_sink_csv_end(FILE *out, const sink_summary *summary);
int cai_sink_jsonl_render(const ca_assessment *a, FILE *out);
int cai_sink_jsonl_end(FILE *out, const sink_summary *summary);

/* sarif.c */
int cai_sink_sarif_begin(FILE *out);
int cai_sink_sarif_render(const ca_assessment *a, FILE *out);
int cai_sink_sarif_end(FILE *out, const sink_summary *summary);

/* json.c */
/* Writes s (NULL: null) as a JSON string byte for byte as jansson dumps it,
 * invalid UTF-8 bytes replaced by U+FFFD. */
void cai_json_put_string(FILE *out, const char *s);
int cai_sink_json_begin(FILE *out);
int cai_sink_json_render(const ca_assessment *a, FILE *out);
int cai_sink_json_end(FILE *out, const sink_summary *summary);

#endif
