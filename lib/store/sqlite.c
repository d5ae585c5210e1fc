/* SPDX-License-Identifier: MIT */
/*
 * The SQLite backend of the fleet store: one database file in WAL mode,
 * every write through prepared statements inside the batch's transaction,
 * one savepoint per report.
 */
#include "store_internal.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
	ST_SCAN_EXISTS,
	ST_HOST_ADD,
	ST_HOST_ID,
	ST_SCAN_ADD,
	ST_COMPONENT_ADD,
	ST_MAKER_ADD,
	ST_FINDING_ADD,
	ST_COUNT
};

static const char *const statement_sql[ST_COUNT] = {
	[ST_SCAN_EXISTS] = "SELECT 1 FROM scans WHERE content_hash = ?1",
	[ST_HOST_ADD] = "INSERT INTO hosts (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
	[ST_HOST_ID] = "SELECT id FROM hosts WHERE name = ?1",
	[ST_SCAN_ADD] = "INSERT INTO scans (host_id, content_hash, ingested_at, origin, tool, format,"
			" profile, verdict, ingest_id, as_of, kb_version)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[ST_COMPONENT_ADD] = "INSERT INTO components (scan_id, kind, handle, locator, manufacturer,"
			     " part_number, serial_number, size_bytes, type, manufacture_date)"
			     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[ST_MAKER_ADD] = "INSERT INTO makers (component_id, role, maker_id, maker, owner_id, owner,"
			 " confidence, method, evidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[ST_FINDING_ADD] = "INSERT INTO findings (scan_id, severity, rule, state, component, role,"
			   " maker_id, owner, waived, sentence)"
			   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
};

struct ca_store {
	sqlite3 *db;
	sqlite3_stmt *st[ST_COUNT];
	int schema_found;
	bool in_batch;
	long long ingest_id; /* the batch's row in ingests, 0 before the first host */
	char now[32];        /* the batch's time, ISO 8601 UTC */
};

const char *ca_store_error(const ca_store *s)
{
	return s && s->db ? sqlite3_errmsg(s->db) : "no store";
}

static int exec(ca_store *s, const char *sql)
{
	return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -EIO;
}

/* The store's schema version: 0 when it has no schema_version table. */
static int read_version(ca_store *s, int *ret)
{
	sqlite3_stmt *st;
	*ret = 0;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
			       -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return -EIO;
	if (sqlite3_prepare_v2(s->db, "SELECT max(version) FROM schema_version", -1, &st, NULL) !=
	    SQLITE_OK)
		return -EIO;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*ret = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -EIO;
}

static int migrate(ca_store *s, char **ret_error)
{
	int v;
	if (exec(s, "BEGIN IMMEDIATE") < 0 || read_version(s, &v) < 0)
		goto fail;
	s->schema_found = v;
	if (v > CA_STORE_SCHEMA_VERSION) {
		exec(s, "ROLLBACK");
		if (asprintf(ret_error, "the store has schema version %d; this chipaudit knows up to %d",
			     v, CA_STORE_SCHEMA_VERSION) < 0)
			*ret_error = NULL;
		return -EPROTO;
	}
	for (; v < CA_STORE_SCHEMA_VERSION; v++)
		if (exec(s, cai_store_migrations[v].sql) < 0)
			goto fail;
	if (exec(s, "COMMIT") == 0)
		return 0;
fail:
	if (asprintf(ret_error, "cannot prepare the store's schema: %s", sqlite3_errmsg(s->db)) < 0)
		*ret_error = NULL;
	exec(s, "ROLLBACK");
	return -EIO;
}

int ca_store_open(const char *url, ca_store **ret, char **ret_error)
{
	*ret = NULL;
	*ret_error = NULL;
	if (strncmp(url, "postgresql:", 11) == 0 || strncmp(url, "postgres:", 9) == 0) {
		if (asprintf(ret_error, "%s: PostgreSQL stores are not supported by this build", url) < 0)
			*ret_error = NULL;
		return -EPROTONOSUPPORT;
	}
	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	ca_store *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	int rc = -EIO;
	if (sqlite3_open_v2(url, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_busy_timeout(s->db, 10000);
	/* WAL: readers go on while a batch is written; NORMAL: a commit is
	 * durable at the next checkpoint, never torn */
	if (exec(s, "PRAGMA journal_mode = WAL") < 0 || exec(s, "PRAGMA synchronous = NORMAL") < 0 ||
	    exec(s, "PRAGMA foreign_keys = ON") < 0)
		goto fail;
	rc = migrate(s, ret_error);
	if (rc < 0)
		goto out;
	for (int i = 0; i < ST_COUNT; i++)
		if (sqlite3_prepare_v3(s->db, statement_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i],
				       NULL) != SQLITE_OK) {
			rc = -EIO;
			goto fail;
		}
	*ret = s;
	return 0;
fail:
	if (asprintf(ret_error, "%s: %s", url, s->db ? sqlite3_errmsg(s->db) : "cannot open") < 0)
		*ret_error = NULL;
out:
	ca_store_close(s);
	return rc;
}

void ca_store_close(ca_store *s)
{
	if (!s)
		return;
	if (s->in_batch)
		exec(s, "ROLLBACK");
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	free(s);
}

int ca_store_schema_found(const ca_store *s)
{
	return s->schema_found;
}

int ca_store_batch_begin(ca_store *s)
{
	if (s->in_batch || exec(s, "BEGIN IMMEDIATE") < 0)
		return -EIO;
	s->in_batch = true;
	s->ingest_id = 0;
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(s->now, sizeof(s->now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return 0;
}

int ca_store_batch_commit(ca_store *s)
{
	if (!s->in_batch)
		return -EIO;
	s->in_batch = false;
	if (exec(s, "COMMIT") == 0)
		return 0;
	exec(s, "ROLLBACK");
	return -EIO;
}

int cai_store_report_begin(ca_store *s)
{
	return s->in_batch ? exec(s, "SAVEPOINT report") : -EIO;
}

int cai_store_report_end(ca_store *s, bool keep)
{
	if (!keep && exec(s, "ROLLBACK TO report") < 0)
		return -EIO;
	return exec(s, "RELEASE report");
}

/* ---------------------------------------------------------------- writing */

/* 128 bits of two FNV-1a 64 hashes (different offset bases) over the host
 * name and the host's canonical JSON: a key that tells reports apart, not
 * a defence against forgery. */
static void content_hash(const char *name, const char *text, char out[33])
{
	uint64_t a = 0xcbf29ce484222325ull, b = 0x84222325cbf29ce4ull;
	const char *parts[2] = {name, text};
	for (int p = 0; p < 2; p++) {
		for (const unsigned char *c = (const unsigned char *)parts[p]; *c; c++) {
			a = (a ^ *c) * 0x100000001b3ull;
			b = (b ^ *c) * 0x100000001b3ull;
			b ^= b >> 29;
		}
		a = (a ^ 0xff) * 0x100000001b3ull; /* separator: no name/text split collides */
		b = (b ^ 0xff) * 0x100000001b3ull;
	}
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key)); /* NULL for null or absent */
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Runs a bound insert or update; resets it. */
static int step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

static const char *verdict_of(json_t *host)
{
	json_t *ev = json_object_get(host, "evidence"), *v;
	size_t i;
	bool read = json_array_size(ev) == 0;
	json_array_foreach(ev, i, v)
		read |= json_is_true(json_object_get(v, "read"));
	if (!read)
		return "unreadable";
	static const char *const sev[] = {"info", "warn", "fail"};
	int worst = -1;
	json_array_foreach(json_object_get(host, "findings"), i, v) {
		if (json_is_true(json_object_get(v, "waived")))
			continue;
		for (int k = 0; k < 3; k++)
			if (strcmp(str(v, "severity"), sev[k]) == 0 && k > worst)
				worst = k;
	}
	return worst < 0 ? "no_findings" : sev[worst];
}

static int put_component(ca_store *s, long long scan, json_t *md)
{
	sqlite3_stmt *st = s->st[ST_COMPONENT_ADD];
	sqlite3_bind_int64(st, 1, scan);
	bind_text(st, 2, "memory");
	json_t *h = json_object_get(md, "handle");
	if (json_is_integer(h))
		sqlite3_bind_int64(st, 3, json_integer_value(h));
	bind_text(st, 4, str(md, "locator"));
	bind_text(st, 5, str(md, "manufacturer"));
	bind_text(st, 6, str(md, "part_number"));
	bind_text(st, 7, str(md, "serial_number"));
	json_t *size = json_object_get(md, "size_bytes");
	if (json_is_integer(size))
		sqlite3_bind_int64(st, 8, json_integer_value(size));
	bind_text(st, 9, str(md, "type"));
	bind_text(st, 10, str(md, "manufacture_date"));
	if (step_done(st) < 0)
		return -EIO;
	long long id = sqlite3_last_insert_rowid(s->db);
	const char *role;
	json_t *m;
	json_object_foreach(json_object_get(md, "makers"), role, m) {
		st = s->st[ST_MAKER_ADD];
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, role);
		bind_text(st, 3, str(m, "maker_id"));
		bind_text(st, 4, str(m, "maker"));
		bind_text(st, 5, str(m, "owner_id"));
		bind_text(st, 6, str(m, "owner"));
		bind_text(st, 7, str(m, "confidence"));
		bind_text(st, 8, str(m, "method"));
		bind_text(st, 9, str(m, "evidence"));
		if (step_done(st) < 0)
			return -EIO;
	}
	return 0;
}

int cai_store_put_host(ca_store *s, json_t *host, const cai_scan_meta *m, ca_ingest_result *r)
{
	const char *name = m->host_name ? m->host_name : str(host, "source");
	char *text = json_dumps(host, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	if (!text)
		return -ENOMEM;
	char hash[33];
	content_hash(name, text, hash);
	free(text);
	sqlite3_stmt *st = s->st[ST_SCAN_EXISTS];
	bind_text(st, 1, hash);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_ROW) {
		r->unchanged++;
		return 0;
	}
	if (rc != SQLITE_DONE)
		return -EIO;
	if (!s->ingest_id) {
		sqlite3_stmt *ins;
		if (sqlite3_prepare_v2(s->db, "INSERT INTO ingests (started_at) VALUES (?1)", -1, &ins,
				       NULL) != SQLITE_OK)
			return -EIO;
		bind_text(ins, 1, s->now);
		rc = sqlite3_step(ins);
		sqlite3_finalize(ins);
		if (rc != SQLITE_DONE)
			return -EIO;
		s->ingest_id = sqlite3_last_insert_rowid(s->db);
	}
	st = s->st[ST_HOST_ADD];
	bind_text(st, 1, name);
	if (step_done(st) < 0)
		return -EIO;
	st = s->st[ST_HOST_ID];
	bind_text(st, 1, name);
	rc = sqlite3_step(st);
	long long host_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW)
		return -EIO;
	st = s->st[ST_SCAN_ADD];
	sqlite3_bind_int64(st, 1, host_id);
	bind_text(st, 2, hash);
	bind_text(st, 3, s->now);
	bind_text(st, 4, m->origin);
	bind_text(st, 5, m->tool);
	bind_text(st, 6, str(host, "format"));
	bind_text(st, 7, str(host, "profile"));
	bind_text(st, 8, verdict_of(host));
	sqlite3_bind_int64(st, 9, s->ingest_id);
	bind_text(st, 10, m->as_of);
	bind_text(st, 11, m->kb_version);
	if (step_done(st) < 0)
		return -EIO;
	long long scan = sqlite3_last_insert_rowid(s->db);
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(host, "memory_devices"), i, v)
		if (json_is_true(json_object_get(v, "installed")) && put_component(s, scan, v) < 0)
			return -EIO;
	json_t *sys = json_object_get(host, "system");
	if (json_is_object(sys)) {
		st = s->st[ST_COMPONENT_ADD];
		sqlite3_bind_int64(st, 1, scan);
		bind_text(st, 2, "system");
		bind_text(st, 5, str(sys, "manufacturer"));
		bind_text(st, 6, str(sys, "product"));
		bind_text(st, 7, str(sys, "serial_number"));
		if (step_done(st) < 0)
			return -EIO;
	}
	json_array_foreach(json_object_get(host, "findings"), i, v) {
		st = s->st[ST_FINDING_ADD];
		sqlite3_bind_int64(st, 1, scan);
		bind_text(st, 2, str(v, "severity"));
		bind_text(st, 3, str(v, "rule"));
		bind_text(st, 4, str(v, "state"));
		bind_text(st, 5, str(v, "component"));
		bind_text(st, 6, str(v, "role"));
		bind_text(st, 7, str(v, "maker_id"));
		bind_text(st, 8, str(v, "owner"));
		sqlite3_bind_int(st, 9, json_is_true(json_object_get(v, "waived")));
		bind_text(st, 10, str(v, "sentence"));
		if (step_done(st) < 0)
			return -EIO;
	}
	r->added++;
	return 0;
}

/* ---------------------------------------------------------------- asking */

/* The latest scan of each host: the one ingested last. */
#define LATEST "WITH latest AS (SELECT max(id) AS id FROM scans GROUP BY host_id) "

/* Text of a component and of a finding, for a diff. */
#define COMPONENT_TEXT                                                                    \
	"c.kind || ' ' || coalesce(c.locator, '') || ': ' || coalesce(c.manufacturer, '') || " \
	"' ' || coalesce(c.part_number, '') || ' serial ' || coalesce(c.serial_number, '')"
#define FINDING_TEXT                                                                          \
	"f.severity || ' ' || f.rule || ' ' || f.state || ': ' || coalesce(f.component, '') || " \
	"' (' || coalesce(f.role, '') || ', ' || coalesce(f.owner, 'owner unknown') || ')' || "   \
	"CASE WHEN f.waived <> 0 THEN ' waived' ELSE '' END"

static const char *const question_sql[] = {
	[CA_STORE_SUMMARY_VERDICTS] =
		LATEST "SELECT s.verdict AS verdict, count(*) AS hosts FROM latest l"
		       " JOIN scans s ON s.id = l.id GROUP BY s.verdict"
		       " ORDER BY CASE s.verdict WHEN 'fail' THEN 0 WHEN 'warn' THEN 1 WHEN 'info' THEN 2"
		       " WHEN 'no_findings' THEN 3 ELSE 4 END",
	[CA_STORE_SUMMARY_MAKERS] =
		LATEST "SELECT m.role AS role, m.owner AS owner, count(*) AS components FROM latest l"
		       " JOIN components c ON c.scan_id = l.id JOIN makers m ON m.component_id = c.id"
		       " WHERE m.owner IS NOT NULL OR m.role NOT IN ('register', 'pmic')"
		       " GROUP BY m.role, m.owner"
		       " ORDER BY CASE m.role WHEN 'module' THEN 0 WHEN 'dram' THEN 1"
		       " WHEN 'register' THEN 2 WHEN 'pmic' THEN 3 ELSE 4 END, m.role,"
		       " count(*) DESC, m.owner",
	[CA_STORE_SUMMARY_RULES] =
		LATEST "SELECT f.rule AS rule,"
		       " sum(CASE WHEN f.severity = 'fail' AND f.waived = 0 THEN 1 ELSE 0 END) AS fail,"
		       " sum(CASE WHEN f.severity = 'warn' AND f.waived = 0 THEN 1 ELSE 0 END) AS warn,"
		       " sum(CASE WHEN f.severity = 'info' AND f.waived = 0 THEN 1 ELSE 0 END) AS info,"
		       " sum(CASE WHEN f.waived <> 0 THEN 1 ELSE 0 END) AS waived"
		       " FROM latest l JOIN findings f ON f.scan_id = l.id GROUP BY f.rule ORDER BY f.rule",
	[CA_STORE_HOSTS] =
		LATEST "SELECT h.name AS host, s.id AS scan, s.verdict AS verdict,"
		       " (SELECT count(*) FROM findings f WHERE f.scan_id = s.id AND f.waived = 0) AS findings,"
		       " (SELECT count(*) FROM components c WHERE c.scan_id = s.id AND c.kind = 'memory')"
		       " AS components"
		       " FROM latest l JOIN scans s ON s.id = l.id JOIN hosts h ON h.id = s.host_id"
		       " WHERE (?1 IS NULL OR h.name = ?1)"
		       " AND (?2 IS NULL OR EXISTS (SELECT 1 FROM findings f WHERE f.scan_id = s.id"
		       " AND f.rule = ?2 AND f.waived = 0))"
		       " AND ((?3 IS NULL AND ?4 IS NULL) OR EXISTS (SELECT 1 FROM components c"
		       " JOIN makers m ON m.component_id = c.id WHERE c.scan_id = s.id"
		       " AND m.confidence <> 'none' AND (?4 IS NULL OR m.role = ?4)"
		       " AND (?3 IS NULL OR lower(m.maker_id) = lower(?3) OR lower(m.owner_id) = lower(?3)"
		       " OR lower(m.maker) = lower(?3) OR lower(m.owner) = lower(?3))))"
		       " AND (?5 IS NULL OR s.verdict = ?5)"
		       " ORDER BY h.name",
	[CA_STORE_FINDINGS] =
		LATEST "SELECT h.name AS host, s.id AS scan, f.severity AS severity, f.rule AS rule,"
		       " f.state AS state, f.component AS component, f.role AS role, f.owner AS owner,"
		       " f.waived AS waived"
		       " FROM latest l JOIN scans s ON s.id = l.id JOIN hosts h ON h.id = s.host_id"
		       " JOIN findings f ON f.scan_id = s.id"
		       " WHERE (?1 IS NULL OR h.name = ?1) AND (?2 IS NULL OR f.rule = ?2)"
		       " AND (?4 IS NULL OR f.role = ?4)"
		       " AND (?3 IS NULL OR lower(f.maker_id) = lower(?3) OR lower(f.owner) = lower(?3))"
		       " ORDER BY h.name, f.rowid",
	[CA_STORE_SCANS] =
		"SELECT s.id AS scan, h.name AS host, s.ingested_at AS ingested, s.origin AS origin,"
		" s.tool AS tool, s.profile AS profile, s.as_of AS as_of, s.verdict AS verdict"
		" FROM scans s JOIN hosts h ON h.id = s.host_id WHERE (?1 IS NULL OR h.name = ?1)"
		" ORDER BY s.id",
	[CA_STORE_DIFF] =
		"SELECT '-' AS change, 'component' AS what, t AS text FROM ("
		" SELECT " COMPONENT_TEXT " AS t FROM components c WHERE c.scan_id = ?6"
		" EXCEPT SELECT " COMPONENT_TEXT " FROM components c WHERE c.scan_id = ?7)"
		" UNION ALL SELECT '+', 'component', t FROM ("
		" SELECT " COMPONENT_TEXT " AS t FROM components c WHERE c.scan_id = ?7"
		" EXCEPT SELECT " COMPONENT_TEXT " FROM components c WHERE c.scan_id = ?6)"
		" UNION ALL SELECT '-', 'finding', t FROM ("
		" SELECT " FINDING_TEXT " AS t FROM findings f WHERE f.scan_id = ?6"
		" EXCEPT SELECT " FINDING_TEXT " FROM findings f WHERE f.scan_id = ?7)"
		" UNION ALL SELECT '+', 'finding', t FROM ("
		" SELECT " FINDING_TEXT " AS t FROM findings f WHERE f.scan_id = ?7"
		" EXCEPT SELECT " FINDING_TEXT " FROM findings f WHERE f.scan_id = ?6)"
		" ORDER BY 2, 1, 3",
};

void ca_store_table_free(ca_store_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_cols; i++)
		free((char *)t->cols[i]);
	for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
		free(t->cells[i]);
	free(t->cols);
	free(t->cells);
	free(t);
}

static bool scan_exists(ca_store *s, long long id)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM scans WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_int64(st, 1, id);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

static int collect(sqlite3_stmt *st, ca_store_table *t)
{
	t->n_cols = (size_t)sqlite3_column_count(st);
	t->cols = calloc(t->n_cols ? t->n_cols : 1, sizeof(*t->cols));
	if (!t->cols)
		return -ENOMEM;
	for (size_t i = 0; i < t->n_cols; i++)
		if (!(t->cols[i] = strdup(sqlite3_column_name(st, (int)i))))
			return -ENOMEM;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (t->n_rows == cap) {
			cap = cap ? 2 * cap : 16;
			char **grown = realloc(t->cells, cap * t->n_cols * sizeof(*grown));
			if (!grown)
				return -ENOMEM;
			t->cells = grown;
		}
		char **row = t->cells + t->n_rows * t->n_cols;
		t->n_rows++;
		for (size_t i = 0; i < t->n_cols; i++) {
			const unsigned char *v = sqlite3_column_text(st, (int)i);
			row[i] = v ? strdup((const char *)v) : NULL;
			if (v && !row[i]) {
				for (size_t k = i + 1; k < t->n_cols; k++)
					row[k] = NULL;
				return -ENOMEM;
			}
		}
	}
	return rc == SQLITE_DONE ? 0 : -EIO;
}

int ca_store_ask(ca_store *s, ca_store_question q, const ca_store_filter *f, ca_store_table **ret)
{
	static const ca_store_filter none = {0};
	*ret = NULL;
	if (!f)
		f = &none;
	if ((unsigned)q >= sizeof(question_sql) / sizeof(question_sql[0]))
		return -EINVAL;
	if (q == CA_STORE_DIFF && (!scan_exists(s, f->scan_a) || !scan_exists(s, f->scan_b)))
		return -EINVAL;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, question_sql[q], -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	const char *texts[] = {f->host, f->rule, f->maker, f->role, f->verdict};
	int n_params = sqlite3_bind_parameter_count(st);
	for (int i = 0; i < 5 && i < n_params; i++)
		bind_text(st, i + 1, texts[i]);
	if (n_params >= 7) {
		sqlite3_bind_int64(st, 6, f->scan_a);
		sqlite3_bind_int64(st, 7, f->scan_b);
	}
	ca_store_table *t = calloc(1, sizeof(*t));
	int rc = t ? collect(st, t) : -ENOMEM;
	sqlite3_finalize(st);
	if (rc < 0) {
		ca_store_table_free(t);
		return rc;
	}
	*ret = t;
	return 0;
}

int ca_store_last_two_scans(ca_store *s, const char *host, long long *ret_a, long long *ret_b)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT s.id FROM scans s JOIN hosts h ON h.id = s.host_id"
			       " WHERE h.name = ?1 ORDER BY s.id DESC LIMIT 2",
			       -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	bind_text(st, 1, host);
	long long ids[2];
	int n = 0, rc;
	while (n < 2 && (rc = sqlite3_step(st)) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (n < 2)
		return -ENOENT;
	*ret_a = ids[1];
	*ret_b = ids[0];
	return 0;
}
