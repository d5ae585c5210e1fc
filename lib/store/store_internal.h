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

/* Savepoints around one report inside a batch: begin, release (keep) or
 * roll back. Return 0 or -EIO. */
int cai_store_report_begin(ca_store *s);
int cai_store_report_end(ca_store *s, bool keep);

/* The statements of the store (store.c), by index; SQL written once, in
 * the SQL both backends speak, with ?N parameters. */
enum {
	CAI_SQL_SCAN_EXISTS,
	CAI_SQL_HOST_ADD,
	CAI_SQL_HOST_ID,
	CAI_SQL_INGEST_ADD,
	CAI_SQL_SCAN_ADD,
	CAI_SQL_COMPONENT_ADD,
	CAI_SQL_MAKER_ADD,
	CAI_SQL_FINDING_ADD,
	CAI_SQL_SCAN_ID_EXISTS,
	CAI_SQL_LAST_TWO,
	CAI_SQL_VERSION,
	CAI_SQL_ASK, /* + ca_store_question */
	CAI_SQL_COUNT = CAI_SQL_ASK + CA_STORE_DIFF + 1
};

/* A statement parameter: text (NULL: SQL NULL) or, with is_num, num. */
typedef struct cai_param {
	const char *text;
	long long num;
	bool is_num;
} cai_param;

/* What a backend does; the rest of the store is the same for both. */
typedef struct cai_backend {
	const char *begin_sql;     /* starts a write transaction */
	const char *table_exists;  /* SQL: one row when the table named ?1 exists */
	const char *id_type;       /* replaces "INTEGER PRIMARY KEY" in migrations */
	/* runs statements without parameters or results; 0 or -EIO */
	int (*exec)(ca_store *s, const char *sql);
	/* runs statement `id` (its text sql, prepared once per store) with n
	 * parameters; the rows in *ret when ret is not NULL. 0, -EIO, -ENOMEM */
	int (*run)(ca_store *s, int id, const char *sql, const cai_param *p, int n,
		   ca_store_table **ret);
	const char *(*error)(const ca_store *s);
	void (*close)(ca_store *s);
} cai_backend;

struct ca_store {
	const cai_backend *be;
	void *conn; /* the backend's */
	int schema_found;
	bool in_batch;
	long long ingest_id; /* the batch's row in ingests, 0 before the first host */
	char now[32];        /* the batch's time, ISO 8601 UTC */
};

/* Opens the backends' connections into s->conn and sets s->be. Return 0 or
 * -errno with a malloc'd reason. */
int cai_sqlite_open(ca_store *s, const char *path, char **ret_error);
int cai_postgres_open(ca_store *s, const char *url, char **ret_error);

#endif
