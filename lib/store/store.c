/* SPDX-License-Identifier: MIT */
/*
 * The fleet store, whatever the database: opening and migrating, batches,
 * storing a host, and the fleet's questions. Every statement is written once
 * here in the SQL SQLite and PostgreSQL both speak, with bound parameters;
 * the backends (sqlite.c, postgres.c) prepare and run them.
 */
#include "store_internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

static const char *const statement_sql[CAI_SQL_COUNT] = {
	[CAI_SQL_SCAN_EXISTS] = "SELECT 1 FROM scans WHERE content_hash = ?1",
	[CAI_SQL_HOST_ADD] = "INSERT INTO hosts (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
	[CAI_SQL_HOST_ID] = "SELECT id FROM hosts WHERE name = ?1",
	[CAI_SQL_INGEST_ADD] = "INSERT INTO ingests (started_at) VALUES (?1) RETURNING id",
	[CAI_SQL_SCAN_ADD] = "INSERT INTO scans (host_id, content_hash, ingested_at, origin, tool, format,"
			     " profile, verdict, ingest_id, as_of, kb_version)"
			     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
	[CAI_SQL_COMPONENT_ADD] = "INSERT INTO components (scan_id, kind, handle, locator, manufacturer,"
				  " part_number, serial_number, size_bytes, type, manufacture_date)"
				  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
	[CAI_SQL_MAKER_ADD] = "INSERT INTO makers (component_id, role, maker_id, maker, owner_id, owner,"
			      " confidence, method, evidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[CAI_SQL_FINDING_ADD] = "INSERT INTO findings (scan_id, severity, rule, state, component, role,"
				" maker_id, owner, waived, sentence)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[CAI_SQL_SCAN_ID_EXISTS] = "SELECT 1 FROM scans WHERE id = ?1",
	[CAI_SQL_LAST_TWO] = "SELECT s.id FROM scans s JOIN hosts h ON h.id = s.host_id"
			     " WHERE h.name = ?1 ORDER BY s.id DESC LIMIT 2",
	[CAI_SQL_VERSION] = "SELECT max(version) FROM schema_version",
	[CAI_SQL_ASK + CA_STORE_SUMMARY_VERDICTS] =
		LATEST "SELECT s.verdict AS verdict, count(*) AS hosts FROM latest l"
		       " JOIN scans s ON s.id = l.id GROUP BY s.verdict"
		       " ORDER BY CASE s.verdict WHEN 'fail' THEN 0 WHEN 'warn' THEN 1 WHEN 'info' THEN 2"
		       " WHEN 'no_findings' THEN 3 ELSE 4 END",
	[CAI_SQL_ASK + CA_STORE_SUMMARY_MAKERS] =
		LATEST "SELECT m.role AS role, m.owner AS owner, count(*) AS components FROM latest l"
		       " JOIN components c ON c.scan_id = l.id JOIN makers m ON m.component_id = c.id"
		       " WHERE m.owner IS NOT NULL OR m.role NOT IN ('register', 'pmic')"
		       " GROUP BY m.role, m.owner"
		       " ORDER BY CASE m.role WHEN 'module' THEN 0 WHEN 'dram' THEN 1"
		       " WHEN 'register' THEN 2 WHEN 'pmic' THEN 3 ELSE 4 END, m.role,"
		       " count(*) DESC, m.owner",
	[CAI_SQL_ASK + CA_STORE_SUMMARY_RULES] =
		LATEST "SELECT f.rule AS rule,"
		       " sum(CASE WHEN f.severity = 'fail' AND f.waived = 0 THEN 1 ELSE 0 END) AS fail,"
		       " sum(CASE WHEN f.severity = 'warn' AND f.waived = 0 THEN 1 ELSE 0 END) AS warn,"
		       " sum(CASE WHEN f.severity = 'info' AND f.waived = 0 THEN 1 ELSE 0 END) AS info,"
		       " sum(CASE WHEN f.waived <> 0 THEN 1 ELSE 0 END) AS waived"
		       " FROM latest l JOIN findings f ON f.scan_id = l.id GROUP BY f.rule ORDER BY f.rule",
	[CAI_SQL_ASK + CA_STORE_HOSTS] =
		LATEST "SELECT h.name AS host, s.id AS scan, s.verdict AS verdict,"
		       " (SELECT count(*) FROM findings f WHERE f.scan_id = s.id AND f.waived = 0) AS findings,"
		       " (SELECT count(*) FROM components c WHERE c.scan_id = s.id AND c.kind = 'memory')"
		       " AS components"
		       " FROM latest l JOIN scans s ON s.id = l.id JOIN hosts h ON h.id = s.host_id"
		       " WHERE (CAST(?1 AS TEXT) IS NULL OR h.name = CAST(?1 AS TEXT))"
		       " AND (CAST(?2 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM findings f WHERE f.scan_id = s.id"
		       " AND f.rule = CAST(?2 AS TEXT) AND f.waived = 0))"
		       " AND ((CAST(?3 AS TEXT) IS NULL AND CAST(?4 AS TEXT) IS NULL) OR EXISTS (SELECT 1 FROM components c"
		       " JOIN makers m ON m.component_id = c.id WHERE c.scan_id = s.id"
		       " AND m.confidence <> 'none' AND (CAST(?4 AS TEXT) IS NULL OR m.role = CAST(?4 AS TEXT))"
		       " AND (CAST(?3 AS TEXT) IS NULL OR lower(m.maker_id) = lower(CAST(?3 AS TEXT)) OR lower(m.owner_id) = lower(CAST(?3 AS TEXT))"
		       " OR lower(m.maker) = lower(CAST(?3 AS TEXT)) OR lower(m.owner) = lower(CAST(?3 AS TEXT)))))"
		       " AND (CAST(?5 AS TEXT) IS NULL OR s.verdict = CAST(?5 AS TEXT))"
		       " ORDER BY h.name",
	[CAI_SQL_ASK + CA_STORE_FINDINGS] =
		LATEST "SELECT h.name AS host, s.id AS scan, f.severity AS severity, f.rule AS rule,"
		       " f.state AS state, f.component AS component, f.role AS role, f.owner AS owner,"
		       " f.waived AS waived"
		       " FROM latest l JOIN scans s ON s.id = l.id JOIN hosts h ON h.id = s.host_id"
		       " JOIN findings f ON f.scan_id = s.id"
		       " WHERE (CAST(?1 AS TEXT) IS NULL OR h.name = CAST(?1 AS TEXT)) AND (CAST(?2 AS TEXT) IS NULL OR f.rule = CAST(?2 AS TEXT))"
		       " AND (CAST(?4 AS TEXT) IS NULL OR f.role = CAST(?4 AS TEXT))"
		       " AND (CAST(?3 AS TEXT) IS NULL OR lower(f.maker_id) = lower(CAST(?3 AS TEXT)) OR lower(f.owner) = lower(CAST(?3 AS TEXT)))"
		       " ORDER BY h.name, f.rule, f.component, f.role, f.severity",
	[CAI_SQL_ASK + CA_STORE_SCANS] =
		"SELECT s.id AS scan, h.name AS host, s.ingested_at AS ingested, s.origin AS origin,"
		" s.tool AS tool, s.profile AS profile, s.as_of AS as_of, s.verdict AS verdict"
		" FROM scans s JOIN hosts h ON h.id = s.host_id WHERE (CAST(?1 AS TEXT) IS NULL OR h.name = CAST(?1 AS TEXT))"
		" ORDER BY s.id",
	[CAI_SQL_ASK + CA_STORE_DIFF] =
		"SELECT '-' AS change, 'component' AS what, t AS text FROM ("
		" SELECT " COMPONENT_TEXT " AS t FROM components c WHERE c.scan_id = ?1"
		" EXCEPT SELECT " COMPONENT_TEXT " FROM components c WHERE c.scan_id = ?2) AS d1"
		" UNION ALL SELECT '+', 'component', t FROM ("
		" SELECT " COMPONENT_TEXT " AS t FROM components c WHERE c.scan_id = ?2"
		" EXCEPT SELECT " COMPONENT_TEXT " FROM components c WHERE c.scan_id = ?1) AS d2"
		" UNION ALL SELECT '-', 'finding', t FROM ("
		" SELECT " FINDING_TEXT " AS t FROM findings f WHERE f.scan_id = ?1"
		" EXCEPT SELECT " FINDING_TEXT " FROM findings f WHERE f.scan_id = ?2) AS d3"
		" UNION ALL SELECT '+', 'finding', t FROM ("
		" SELECT " FINDING_TEXT " AS t FROM findings f WHERE f.scan_id = ?2"
		" EXCEPT SELECT " FINDING_TEXT " FROM findings f WHERE f.scan_id = ?1) AS d4"
		" ORDER BY 2, 1, 3",
};

/* How many parameters each question takes (the highest ?N). */
static const int question_params[] = {
	[CA_STORE_SUMMARY_VERDICTS] = 0, [CA_STORE_SUMMARY_MAKERS] = 0, [CA_STORE_SUMMARY_RULES] = 0,
	[CA_STORE_HOSTS] = 5, [CA_STORE_FINDINGS] = 4, [CA_STORE_SCANS] = 1, [CA_STORE_DIFF] = 2,
};

#define TEXT(v) ((cai_param){.text = (v)})
#define NUM(v) ((cai_param){.num = (v), .is_num = true})

static int run(ca_store *s, int id, const cai_param *p, int n, ca_store_table **ret)
{
	return s->be->run(s, id, statement_sql[id], p, n, ret);
}

/* Runs a statement that returns one number (or no row: *ret 0). */
static int run_number(ca_store *s, int id, const cai_param *p, int n, long long *ret)
{
	ca_store_table *t;
	int rc = run(s, id, p, n, &t);
	if (rc < 0)
		return rc;
	*ret = t->n_rows && t->cells[0] ? strtoll(t->cells[0], NULL, 10) : 0;
	ca_store_table_free(t);
	return 0;
}

const char *ca_store_error(const ca_store *s)
{
	return s ? s->be->error(s) : "no store";
}

static int migrate(ca_store *s, char **ret_error)
{
	ca_store_table *t = NULL;
	cai_param name = TEXT("schema_version");
	long long v = 0;
	if (s->be->exec(s, s->be->begin_sql) < 0 ||
	    s->be->run(s, -1, s->be->table_exists, &name, 1, &t) < 0)
		goto fail;
	bool exists = t->n_rows > 0;
	ca_store_table_free(t);
	if (exists && run_number(s, CAI_SQL_VERSION, NULL, 0, &v) < 0)
		goto fail;
	s->schema_found = (int)v;
	if (v > CA_STORE_SCHEMA_VERSION) {
		s->be->exec(s, "ROLLBACK");
		if (asprintf(ret_error, "the store has schema version %lld; this chipaudit knows up to %d",
			     v, CA_STORE_SCHEMA_VERSION) < 0)
			*ret_error = NULL;
		return -EPROTO;
	}
	for (; v < CA_STORE_SCHEMA_VERSION; v++) {
		/* the one difference of dialect: how a table numbers its rows */
		const char *sql = cai_store_migrations[v].sql, *key = "INTEGER PRIMARY KEY";
		size_t n = 0;
		for (const char *q = sql; (q = strstr(q, key)); q += strlen(key))
			n++;
		char *text = malloc(strlen(sql) + n * strlen(s->be->id_type) + 1);
		if (!text)
			goto fail;
		char *w = text;
		for (const char *q = sql, *hit; *q; q = hit + strlen(key)) {
			hit = strstr(q, key);
			if (!hit) {
				strcpy(w, q);
				w += strlen(q);
				break;
			}
			memcpy(w, q, (size_t)(hit - q));
			w += hit - q;
			strcpy(w, s->be->id_type);
			w += strlen(s->be->id_type);
		}
		*w = '\0';
		int rc = s->be->exec(s, text);
		free(text);
		if (rc < 0)
			goto fail;
	}
	if (s->be->exec(s, "COMMIT") == 0)
		return 0;
fail:
	if (asprintf(ret_error, "cannot prepare the store's schema: %s", s->be->error(s)) < 0)
		*ret_error = NULL;
	s->be->exec(s, "ROLLBACK");
	return -EIO;
}

int ca_store_open(const char *url, ca_store **ret, char **ret_error)
{
	*ret = NULL;
	*ret_error = NULL;
	ca_store *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	int rc;
	if (strncmp(url, "postgresql:", 11) == 0 || strncmp(url, "postgres:", 9) == 0)
		rc = cai_postgres_open(s, url, ret_error);
	else
		rc = cai_sqlite_open(s, strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url, ret_error);
	if (rc == 0)
		rc = migrate(s, ret_error);
	if (rc < 0) {
		ca_store_close(s);
		return rc;
	}
	*ret = s;
	return 0;
}

void ca_store_close(ca_store *s)
{
	if (!s)
		return;
	if (s->be) {
		if (s->in_batch)
			s->be->exec(s, "ROLLBACK");
		s->be->close(s);
	}
	free(s);
}

int ca_store_schema_found(const ca_store *s)
{
	return s->schema_found;
}

int ca_store_batch_begin(ca_store *s)
{
	if (s->in_batch || s->be->exec(s, s->be->begin_sql) < 0)
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
	if (s->be->exec(s, "COMMIT") == 0)
		return 0;
	s->be->exec(s, "ROLLBACK");
	return -EIO;
}

int cai_store_report_begin(ca_store *s)
{
	return s->in_batch ? s->be->exec(s, "SAVEPOINT report") : -EIO;
}

int cai_store_report_end(ca_store *s, bool keep)
{
	if (!keep && s->be->exec(s, "ROLLBACK TO SAVEPOINT report") < 0)
		return -EIO;
	return s->be->exec(s, "RELEASE SAVEPOINT report");
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

static cai_param int_or_null(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? NUM(json_integer_value(v)) : TEXT(NULL);
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
	cai_param c[] = {NUM(scan),
			 TEXT("memory"),
			 int_or_null(md, "handle"),
			 TEXT(str(md, "locator")),
			 TEXT(str(md, "manufacturer")),
			 TEXT(str(md, "part_number")),
			 TEXT(str(md, "serial_number")),
			 int_or_null(md, "size_bytes"),
			 TEXT(str(md, "type")),
			 TEXT(str(md, "manufacture_date"))};
	long long id;
	int rc = run_number(s, CAI_SQL_COMPONENT_ADD, c, 10, &id);
	if (rc < 0)
		return rc;
	const char *role;
	json_t *m;
	json_object_foreach(json_object_get(md, "makers"), role, m) {
		cai_param p[] = {NUM(id),
				 TEXT(role),
				 TEXT(str(m, "maker_id")),
				 TEXT(str(m, "maker")),
				 TEXT(str(m, "owner_id")),
				 TEXT(str(m, "owner")),
				 TEXT(str(m, "confidence")),
				 TEXT(str(m, "method")),
				 TEXT(str(m, "evidence"))};
		if ((rc = run(s, CAI_SQL_MAKER_ADD, p, 9, NULL)) < 0)
			return rc;
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
	cai_param h = TEXT(hash);
	ca_store_table *t;
	int rc = run(s, CAI_SQL_SCAN_EXISTS, &h, 1, &t);
	if (rc < 0)
		return rc;
	bool known = t->n_rows > 0;
	ca_store_table_free(t);
	if (known) {
		r->unchanged++;
		return 0;
	}
	cai_param now = TEXT(s->now), n = TEXT(name);
	if (!s->ingest_id && (rc = run_number(s, CAI_SQL_INGEST_ADD, &now, 1, &s->ingest_id)) < 0)
		return rc;
	long long host_id, scan;
	if ((rc = run(s, CAI_SQL_HOST_ADD, &n, 1, NULL)) < 0 ||
	    (rc = run_number(s, CAI_SQL_HOST_ID, &n, 1, &host_id)) < 0)
		return rc;
	cai_param sp[] = {NUM(host_id),
			  TEXT(hash),
			  TEXT(s->now),
			  TEXT(m->origin),
			  TEXT(m->tool),
			  TEXT(str(host, "format")),
			  TEXT(str(host, "profile")),
			  TEXT(verdict_of(host)),
			  NUM(s->ingest_id),
			  TEXT(m->as_of),
			  TEXT(m->kb_version)};
	if ((rc = run_number(s, CAI_SQL_SCAN_ADD, sp, 11, &scan)) < 0)
		return rc;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(host, "memory_devices"), i, v)
		if (json_is_true(json_object_get(v, "installed")) && (rc = put_component(s, scan, v)) < 0)
			return rc;
	json_t *sys = json_object_get(host, "system");
	if (json_is_object(sys)) {
		cai_param c[] = {NUM(scan),
				 TEXT("system"),
				 TEXT(NULL),
				 TEXT(NULL),
				 TEXT(str(sys, "manufacturer")),
				 TEXT(str(sys, "product")),
				 TEXT(str(sys, "serial_number")),
				 TEXT(NULL),
				 TEXT(NULL),
				 TEXT(NULL)};
		long long id;
		if ((rc = run_number(s, CAI_SQL_COMPONENT_ADD, c, 10, &id)) < 0)
			return rc;
	}
	json_array_foreach(json_object_get(host, "findings"), i, v) {
		cai_param p[] = {NUM(scan),
				 TEXT(str(v, "severity")),
				 TEXT(str(v, "rule")),
				 TEXT(str(v, "state")),
				 TEXT(str(v, "component")),
				 TEXT(str(v, "role")),
				 TEXT(str(v, "maker_id")),
				 TEXT(str(v, "owner")),
				 NUM(json_is_true(json_object_get(v, "waived"))),
				 TEXT(str(v, "sentence"))};
		if ((rc = run(s, CAI_SQL_FINDING_ADD, p, 10, NULL)) < 0)
			return rc;
	}
	r->added++;
	return 0;
}

/* ---------------------------------------------------------------- asking */

void ca_store_table_free(ca_store_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; t->cols && i < t->n_cols; i++)
		free((char *)t->cols[i]);
	for (size_t i = 0; t->cells && i < t->n_rows * t->n_cols; i++)
		free(t->cells[i]);
	free(t->cols);
	free(t->cells);
	free(t);
}

static bool scan_exists(ca_store *s, long long id)
{
	cai_param p = NUM(id);
	long long one = 0;
	return run_number(s, CAI_SQL_SCAN_ID_EXISTS, &p, 1, &one) == 0 && one == 1;
}

int ca_store_ask(ca_store *s, ca_store_question q, const ca_store_filter *f, ca_store_table **ret)
{
	static const ca_store_filter none = {0};
	*ret = NULL;
	if (!f)
		f = &none;
	if ((unsigned)q > CA_STORE_DIFF)
		return -EINVAL;
	if (q == CA_STORE_DIFF) {
		if (!scan_exists(s, f->scan_a) || !scan_exists(s, f->scan_b))
			return -EINVAL;
		cai_param p[] = {NUM(f->scan_a), NUM(f->scan_b)};
		return run(s, CAI_SQL_ASK + (int)q, p, 2, ret);
	}
	cai_param p[] = {TEXT(f->host), TEXT(f->rule), TEXT(f->maker), TEXT(f->role), TEXT(f->verdict)};
	return run(s, CAI_SQL_ASK + (int)q, p, question_params[q], ret);
}

int ca_store_last_two_scans(ca_store *s, const char *host, long long *ret_a, long long *ret_b)
{
	cai_param p = TEXT(host);
	ca_store_table *t;
	int rc = run(s, CAI_SQL_LAST_TWO, &p, 1, &t);
	if (rc < 0)
		return rc;
	if (t->n_rows < 2) {
		ca_store_table_free(t);
		return -ENOENT;
	}
	*ret_b = strtoll(t->cells[0], NULL, 10);
	*ret_a = strtoll(t->cells[1], NULL, 10);
	ca_store_table_free(t);
	return 0;
}
