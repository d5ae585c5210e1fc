/* SPDX-License-Identifier: MIT */
/* What the fleet store's parts share: the schema (schema.c), the report
 * reader (ingest.c) and the backend (sqlite.c). */
#ifndef CAI_STORE_INTERNAL_H
#define CAI_STORE_INTERNAL_H

#include "chipaudit/store.h"

#include <jansson.h>

/* One migration: the SQL statements (';'-separated) that take a store of
 * version `to - 1` to version `to`. */
typedef struct cai_store_migration {
	int to;
	const char *sql;
} cai_store_migration;

/* The migrations in order, CA_STORE_SCHEMA_VERSION of them. */
extern const cai_store_migration cai_store_migrations[];

/* What a scan carries besides its host object. */
typedef struct cai_scan_meta {
	const char *origin;     /* the file the report or evidence came from */
	const char *host_name;  /* overrides the host's "source", or NULL */
	const char *tool;       /* "chipaudit 0.1.0", or NULL */
	const char *as_of;      /* the date it was judged on, or NULL when the report does not say */
	const char *kb_version; /* the JEP106 revision, or NULL when the report does not say */
} cai_scan_meta;

/* Checks that host (one element of a report's "hosts") has every key the
 * store reads, with the right types. Returns NULL, or a static reason. */
const char *cai_store_check_host(json_t *host);

/* Stores one checked host object in the open batch (backend). Counts it in
 * r as added or unchanged (same content hash). Returns 0, -EIO, -ENOMEM. */
int cai_store_put_host(ca_store *s, json_t *host, const cai_scan_meta *m, ca_ingest_result *r);

/* Savepoints around one report inside a batch (backend): begin, release
 * (keep) or roll back. Return 0 or -EIO. */
int cai_store_report_begin(ca_store *s);
int cai_store_report_end(ca_store *s, bool keep);

#endif
