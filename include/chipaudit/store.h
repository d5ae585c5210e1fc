/* SPDX-License-Identifier: MIT */
/*
 * The fleet store: the reports of many hosts in one database, and the
 * fleet's questions asked of it (docs/fleet.md).
 *
 * A store is opened from a URL (a SQLite file path or "sqlite:PATH"; a
 * PostgreSQL "postgresql://" or "postgres://" libpq URI), created
 * and migrated to the current schema when needed. Reports go in one host at
 * a time, keyed by a hash of the host's report, so the same report twice
 * changes nothing. Ingests are grouped into batches (one transaction each);
 * inside a batch every report is all or nothing. Ingest only keeps what
 * reports say; re-evaluation (ca_store_each_assessment) rebuilds each
 * host's assessment from it and resolves and evaluates as audit does.
 */
#ifndef CHIPAUDIT_STORE_H
#define CHIPAUDIT_STORE_H

#include "chipaudit/assess.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The schema version this library writes (docs/fleet.md, "Schema"). */
#define CA_STORE_SCHEMA_VERSION 4

typedef struct ca_store ca_store;

/* Opens (creating its tables when absent) the store url names: a file path
 * or "sqlite:PATH" for SQLite (WAL journal), a "postgresql://" or
 * "postgres://" URI for PostgreSQL (the database must exist). A store of an
 * older schema version is migrated in one transaction; a newer one is
 * refused (-EPROTO). Returns 0 with *ret, or -errno with a malloc'd reason in
 * *ret_error (the caller frees it; NULL when out of memory): -EIO when the
 * database cannot be opened or reached, or for a database error. */
int ca_store_open(const char *url, ca_store **ret, char **ret_error);

/* Closes the store (an open batch is rolled back). Takes NULL. */
void ca_store_close(ca_store *s);

/* The schema version the store had before ca_store_open() migrated it
 * (0: it was created now). */
int ca_store_schema_found(const ca_store *s);

/* Starts a batch (one transaction). Returns 0 or -EIO. */
int ca_store_batch_begin(ca_store *s);

/* Commits the batch. Returns 0 or -EIO (the batch is then rolled back). */
int ca_store_batch_commit(ca_store *s);

/* What one ingest call did. */
typedef struct ca_ingest_result {
	size_t added;     /* hosts' reports stored */
	size_t unchanged; /* hosts' reports already in the store (same content hash) */
	size_t rejected;  /* reports (a JSON document; a JSON Lines line) refused */
	/* the first refusal: "offset N: reason" or "line N: reason" */
	char reason[512];
} ca_ingest_result;

/* Reads a JSON report (docs/report.md, schema_version 1.x, "schema_version"
 * and "tool" before "hosts") or JSON Lines (one host object per line) from
 * in, named name, and stores its hosts in the open batch. The JSON document
 * is parsed one host at a time, so memory is bounded by the largest host,
 * not by the file. A JSON report that is bad anywhere (truncated, not JSON,
 * a host without the keys the store reads) is refused whole and stores
 * nothing; in JSON Lines each bad line is refused and the others go in.
 * origin is recorded as the scan's source file; host_name, when not NULL,
 * replaces every host's "source" as its name. Must be called inside a batch.
 * Returns 0 (rejections counted in *r), -EINVAL when in is not a report at
 * all (reason in r), -EIO on a database error, -ENOMEM. */
int ca_store_ingest_report(ca_store *s, FILE *in, const char *origin, const char *host_name,
			   ca_ingest_result *r);

/* Stores the finished assessment a (evidence audited on the way in), as its
 * JSON report host would say, with the policy's date as the scan's as-of
 * date and the knowledge base's JEP106 revision. Same contract as
 * ca_store_ingest_report(). */
int ca_store_ingest_assessment(ca_store *s, const ca_assessment *a, const char *origin,
			       const char *host_name, ca_ingest_result *r);

/* The fleet's questions (docs/fleet.md, "Queries"). */
typedef enum ca_store_question {
	CA_STORE_SUMMARY_VERDICTS = 0, /* verdict, hosts: latest scan of each host */
	CA_STORE_SUMMARY_MAKERS,       /* role, owner, components: installed, latest scans */
	CA_STORE_SUMMARY_RULES,        /* rule, fail, warn, info, waived: latest scans */
	CA_STORE_HOSTS,                /* host, scan, verdict, findings, components: filtered */
	CA_STORE_FINDINGS,             /* host, scan, severity, rule, state, component, role, owner, waived */
	CA_STORE_SCANS,                /* scan, host, ingested, origin, tool, profile, as_of, verdict */
	CA_STORE_DIFF,                 /* change (+/-), what (component, finding), text: scan_a -> scan_b */
	CA_STORE_PROFILES,             /* profile: each profile the latest scans were judged under */
} ca_store_question;

/* Filters; NULL or 0 fields do not filter. */
typedef struct ca_store_filter {
	const char *host;  /* host name, exactly */
	const char *rule;  /* hosts with a finding (not waived) of this rule */
	const char *maker; /* hosts with an installed component whose maker or owner id or name is this */
	const char *role;  /* with maker: in this role (module, dram, register, pmic); alone: any maker known in it */
	const char *verdict; /* fail, warn, info, no_findings, unreadable */
	long long scan_a, scan_b; /* CA_STORE_DIFF: the two scans (ids) */
} ca_store_filter;

/* A result: column names and rows of text cells (NULL: SQL NULL). */
typedef struct ca_store_table {
	size_t n_cols, n_rows;
	const char **cols;
	char **cells; /* n_rows * n_cols, row after row */
} ca_store_table;

/* Answers q with filter f (NULL: none). Returns 0 with *ret (free with
 * ca_store_table_free()), -EINVAL (CA_STORE_DIFF without both scans, or a
 * scan that does not exist), -EIO, -ENOMEM. */
int ca_store_ask(ca_store *s, ca_store_question q, const ca_store_filter *f, ca_store_table **ret);

/* The two latest scans (ids, older first) of host; returns 0, -ENOENT when
 * the host has fewer than two scans, -EIO. */
int ca_store_last_two_scans(ca_store *s, const char *host, long long *ret_a, long long *ret_b);

/* ------------------------------------------------------- re-evaluation */

/* Called with each rebuilt host: its name, the scan it was rebuilt from
 * and its finished assessment (the callee may set its ordinal; it is freed
 * when the call returns). A non-zero
 * return ends the walk with that value. */
typedef int (*ca_store_assessment_fn)(void *ctx, const char *host, long long scan,
				      ca_assessment *a);

/* Rebuilds the latest scan of each host (of host only, when not NULL), in
 * scan order, into the assessment `audit` makes of the same evidence, and
 * finishes it under policy: the evidence sources the report listed (name,
 * format, read or not), the SMBIOS memory devices and the system as
 * records of the inventory source, the devices beyond memory as devices of
 * theirs, all from the typed fields the store kept; then, as for any
 * assessment (ca_assessment_finish), the components are built, their makers
 * resolved once with the policy's knowledge base on its date, its purchase
 * list applied and its profile's rules evaluated. Nothing is re-collected;
 * the store is only read. Hosts are read page by page (256 scans, three
 * queries), so memory does not grow with the fleet. A scan stored before
 * schema version 4 kept only installed memory modules without their JEDEC
 * ids and no devices: it is rebuilt from that, and counted in *ret_partial
 * (when not NULL). Returns 0, fn's non-zero value, -EIO (database),
 * -ENOMEM. */
int ca_store_each_assessment(ca_store *s, const ca_policy *policy, const char *host,
			     ca_store_assessment_fn fn, void *ctx, size_t *ret_partial);

/* Frees a result. Takes NULL. */
void ca_store_table_free(ca_store_table *t);

/* The last database error of s, for messages. */
const char *ca_store_error(const ca_store *s);

#ifdef __cplusplus
}
#endif

#endif
