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
#define LATEST "WITH latest AS (SELECT latest_scan AS id FROM hosts WHERE latest_scan IS NOT NULL) "

/* A component that is there (an empty memory slot is not; a store of
 * version 3 kept only those that were). */
#define INSTALLED "coalesce(c.installed, 1) <> 0"

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
	[CAI_SQL_HOST_ADD] = "INSERT INTO hosts (name, latest_scan) VALUES (?1, ?2) ON CONFLICT (name)"
			     " DO UPDATE SET latest_scan = excluded.latest_scan RETURNING id",
	[CAI_SQL_INGEST_ADD] = "INSERT INTO ingests (started_at) VALUES (?1) RETURNING id",
	[CAI_SQL_SCAN_ADD] = "INSERT INTO scans (host_id, ingest_id, " CAI_SCAN_COLUMNS ")"
			     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	[CAI_SQL_COMPONENT_ADD] = "INSERT INTO components (" CAI_COMPONENT_COLUMNS ", host_id) VALUES ("
				  "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43, ?44, ?45, ?46, ?47, ?48, ?49)",
	[CAI_SQL_MAKER_ADD] = "INSERT INTO makers (" CAI_MAKER_COLUMNS ", host_id)"
			      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[CAI_SQL_TALLY_ADD] = "INSERT INTO scan_makers (" CAI_TALLY_COLUMNS ", host_id) VALUES (?1, ?2, ?3, ?4, ?5)",
	[CAI_SQL_FINDING_ADD] = "INSERT INTO findings (" CAI_FINDING_COLUMNS ", host_id)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[CAI_SQL_EVIDENCE_ADD] = "INSERT INTO scan_evidence (" CAI_EVIDENCE_COLUMNS ", host_id)"
				 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[CAI_SQL_SCAN_ID_EXISTS] = "SELECT 1 FROM scans WHERE id = ?1",
	[CAI_SQL_LAST_TWO] = "SELECT s.id FROM scans s JOIN hosts h ON h.id = s.host_id"
			     " WHERE h.name = ?1 ORDER BY s.id DESC LIMIT 2",
	[CAI_SQL_VERSION] = "SELECT max(version) FROM schema_version",
	[CAI_SQL_MAX_SCAN] = "SELECT coalesce(max(id), 0) FROM scans",
	[CAI_SQL_MAX_COMPONENT] = "SELECT coalesce(max(id), 0) FROM components",
	[CAI_SQL_PAGE_SCANS] = "SELECT s.id, h.name, s.format, s.typed FROM scans s JOIN hosts h ON h.id = s.host_id"
			       " WHERE s.id > ?1 AND h.latest_scan = s.id"
			       " AND (CAST(?2 AS TEXT) IS NULL OR h.name = CAST(?2 AS TEXT))"
			       " ORDER BY s.id LIMIT 256",
	[CAI_SQL_PAGE_COMPONENTS] = "SELECT " CAI_COMPONENT_COLUMNS " FROM components"
				    " WHERE scan_id >= ?1 AND scan_id <= ?2 ORDER BY scan_id, id",
	[CAI_SQL_PAGE_EVIDENCE] = "SELECT scan_id, name, format, was_read FROM scan_evidence"
				  " WHERE scan_id >= ?1 AND scan_id <= ?2 ORDER BY scan_id, position",
	[CAI_SQL_ASK + CA_STORE_SUMMARY_VERDICTS] =
		LATEST "SELECT s.verdict AS verdict, count(*) AS hosts FROM latest l"
		       " JOIN scans s ON s.id = l.id GROUP BY s.verdict"
		       " ORDER BY CASE s.verdict WHEN 'fail' THEN 0 WHEN 'warn' THEN 1 WHEN 'info' THEN 2"
		       " WHEN 'no_findings' THEN 3 ELSE 4 END",
	[CAI_SQL_ASK + CA_STORE_SUMMARY_MAKERS] =
		LATEST "SELECT m.role AS role, m.owner AS owner, sum(m.components) AS components FROM latest l"
		       " JOIN scan_makers m ON m.scan_id = l.id"
		       " GROUP BY m.role, m.owner"
		       " ORDER BY CASE m.role WHEN 'module' THEN 0 WHEN 'dram' THEN 1"
		       " WHEN 'register' THEN 2 WHEN 'pmic' THEN 3 ELSE 4 END, m.role,"
		       " sum(m.components) DESC, m.owner",
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
		       " (SELECT count(*) FROM components c WHERE c.scan_id = s.id AND c.kind = 'memory'"
		       " AND coalesce(c.installed, 1) <> 0)"
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
		" SELECT " COMPONENT_TEXT " AS t FROM components c WHERE c.scan_id = ?1 AND " INSTALLED
		" EXCEPT SELECT " COMPONENT_TEXT " FROM components c WHERE c.scan_id = ?2 AND " INSTALLED ") AS d1"
		" UNION ALL SELECT '+', 'component', t FROM ("
		" SELECT " COMPONENT_TEXT " AS t FROM components c WHERE c.scan_id = ?2 AND " INSTALLED
		" EXCEPT SELECT " COMPONENT_TEXT " FROM components c WHERE c.scan_id = ?1 AND " INSTALLED ") AS d2"
		" UNION ALL SELECT '-', 'finding', t FROM ("
		" SELECT " FINDING_TEXT " AS t FROM findings f WHERE f.scan_id = ?1"
		" EXCEPT SELECT " FINDING_TEXT " FROM findings f WHERE f.scan_id = ?2) AS d3"
		" UNION ALL SELECT '+', 'finding', t FROM ("
		" SELECT " FINDING_TEXT " AS t FROM findings f WHERE f.scan_id = ?2"
		" EXCEPT SELECT " FINDING_TEXT " FROM findings f WHERE f.scan_id = ?1) AS d4"
		" ORDER BY 2, 1, 3",
	[CAI_SQL_ASK + CA_STORE_PROFILES] =
		"SELECT DISTINCT s.profile AS profile FROM hosts h JOIN scans s ON s.id = h.latest_scan"
		" WHERE s.profile IS NOT NULL ORDER BY 1",
};

/* How many parameters each question takes (the highest ?N). */
static const int question_params[] = {
	[CA_STORE_SUMMARY_VERDICTS] = 0, [CA_STORE_SUMMARY_MAKERS] = 0, [CA_STORE_SUMMARY_RULES] = 0,
	[CA_STORE_HOSTS] = 5, [CA_STORE_FINDINGS] = 4, [CA_STORE_SCANS] = 1, [CA_STORE_DIFF] = 2,
	[CA_STORE_PROFILES] = 0,
};


const char *cai_store_sql(int id)
{
	return statement_sql[id];
}

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

/* The store's schema version (0: no store yet). Returns 0 or -EIO. */
static int schema_version(ca_store *s, long long *ret)
{
	ca_store_table *t = NULL;
	cai_param name = TEXT("schema_version");
	*ret = 0;
	if (s->be->run(s, -1, s->be->table_exists, &name, 1, &t) < 0)
		return -EIO;
	bool exists = t->n_rows > 0;
	ca_store_table_free(t);
	return exists ? run_number(s, CAI_SQL_VERSION, NULL, 0, ret) : 0;
}

static int migrate(ca_store *s, char **ret_error)
{
	long long v = 0;
	/* a current store is only read: no write lock, so opening it to ask
	 * never waits for an ingest */
	if (schema_version(s, &v) == 0 && v == CA_STORE_SCHEMA_VERSION) {
		s->schema_found = (int)v;
		return 0;
	}
	if (s->be->exec(s, s->be->begin_sql) < 0 || schema_version(s, &v) < 0)
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
	if (s->be->batch_lock && s->be->exec(s, s->be->batch_lock) < 0) {
		s->be->exec(s, "ROLLBACK");
		return -EIO;
	}
	s->in_batch = true;
	s->ingest_id = 0;
	/* ids are given here, in ingest order: the write lock is held (BEGIN
	 * IMMEDIATE; PostgreSQL's advisory lock) until the batch ends */
	if (run_number(s, CAI_SQL_MAX_SCAN, NULL, 0, &s->next_scan) < 0 ||
	    run_number(s, CAI_SQL_MAX_COMPONENT, NULL, 0, &s->next_component) < 0) {
		s->in_batch = false;
		s->be->exec(s, "ROLLBACK");
		return -EIO;
	}
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
	if ((!s->be->batch_end || s->be->batch_end(s) == 0) && s->be->exec(s, "COMMIT") == 0)
		return 0;
	s->be->exec(s, "ROLLBACK");
	return -EIO;
}

int cai_store_report_begin(ca_store *s)
{
	s->ingest_made_here = false;
	if (!s->in_batch)
		return -EIO;
	if (s->be->report_begin)
		s->be->report_begin(s);
	return s->be->exec(s, "SAVEPOINT report");
}

int cai_store_report_end(ca_store *s, bool keep, ca_ingest_result *r)
{
	if (keep && s->be->flush && s->be->flush(s, r) < 0)
		keep = false;
	else if (!keep && s->be->discard)
		s->be->discard(s);
	if (!keep) {
		if (s->ingest_made_here)
			s->ingest_id = 0; /* its row is rolled back with the report */
		if (s->be->exec(s, "ROLLBACK TO SAVEPOINT report") < 0)
			return -EIO;
	}
	return s->be->exec(s, "RELEASE SAVEPOINT report");
}

/* ---------------------------------------------------------------- writing */

void cai_hash_text(cai_hash h, char out[33])
{
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.a, (unsigned long long)h.b);
}

int cai_store_ingest_row(ca_store *s)
{
	if (s->ingest_id)
		return 0;
	cai_param now = TEXT(s->now);
	int rc = run_number(s, CAI_SQL_INGEST_ADD, &now, 1, &s->ingest_id);
	s->ingest_made_here = rc == 0;
	return rc;
}

void cai_store_scan_row(ca_store *s, const cai_rhost *h, const char *key, long long id,
			const cai_scan_meta *m, cai_param p[CAI_SCAN_PARAMS])
{
	cai_param row[CAI_SCAN_PARAMS] = {
		NUM(id),	 TEXT(key),	  TEXT(s->now),	  TEXT(m->origin),
		TEXT(m->tool),	 TEXT(h->format), TEXT(h->profile), TEXT(cai_rhost_verdict(h)),
		TEXT(m->as_of), TEXT(m->kb_version), NUM(1)};
	memcpy(p, row, sizeof(row));
}

static int cmp_role_owner(const void *a, const void *b)
{
	const cai_rmaker *x = *(const cai_rmaker *const *)a, *y = *(const cai_rmaker *const *)b;
	int c = strcmp(x->role, y->role);
	if (c || x->owner == y->owner)
		return c;
	return !x->owner ? -1 : !y->owner ? 1 : strcmp(x->owner, y->owner);
}

/* The host's installed components by maker role and owner (an unknown
 * register or PMIC maker aside, as the report's summary counts them):
 * memory devices and devices beyond memory. */
static int emit_tally(ca_store *s, const cai_rhost *h, long long scan, cai_emit emit, void *ctx)
{
	const cai_rmaker **m = malloc((h->n_makers + 1) * sizeof(*m));
	if (!m)
		return -ENOMEM;
	size_t n = 0;
	for (size_t k = 0; k < h->n_makers; k++) {
		const cai_rmaker *a = &h->makers[k];
		if (h->devices[a->device].installed &&
		    (a->owner || (strcmp(a->role, "register") != 0 && strcmp(a->role, "pmic") != 0)))
			m[n++] = a;
	}
	qsort(m, n, sizeof(*m), cmp_role_owner);
	int rc = 0;
	for (size_t i = 0, j; rc == 0 && i < n; i = j) {
		for (j = i + 1; j < n && cmp_role_owner(&m[i], &m[j]) == 0; j++)
			;
		cai_param p[] = {NUM(scan), TEXT(m[i]->role), TEXT(m[i]->owner), NUM((long long)(j - i))};
		rc = emit(s, ctx, CAI_SQL_TALLY_ADD, p, 4);
	}
	free(m);
	return rc;
}

static cai_param num_or_null(bool has, long long v)
{
	return has ? NUM(v) : TEXT(NULL);
}

/* The component row of device d (a memory device when d->kind is NULL). */
static void component_row(long long id, long long scan, const cai_rdevice *d,
			  cai_param p[CAI_COMPONENT_PARAMS])
{
	bool memory = !d->kind;
	cai_param row[CAI_COMPONENT_PARAMS] = {
		NUM(id), NUM(scan), TEXT(memory ? "memory" : d->kind),
		num_or_null(d->has_handle, d->handle), TEXT(d->locator), TEXT(d->manufacturer),
		TEXT(d->part_number), TEXT(d->serial_number), num_or_null(d->has_size, d->size_bytes),
		TEXT(d->type), TEXT(d->manufacture_date), TEXT(d->label), NUM(d->installed),
		TEXT(d->evidence), TEXT(d->bank_locator), TEXT(d->form_factor), TEXT(d->type_detail),
		num_or_null(d->has_speed, d->speed), num_or_null(d->has_cspeed, d->cspeed),
		TEXT(d->asset_tag), num_or_null(d->has_rank, d->rank)};
	size_t k = 21;
	for (int j = 0; j < CAI_JEDEC_IDS; j++)
		row[k++] = TEXT(d->jedec[j]);
	const char *const texts[] = {d->spd_source, d->spd_crc, NULL /* system_uuid */, d->family,
				     d->firmware,   d->wwn,	d->eui64};
	for (size_t j = 0; j < sizeof(texts) / sizeof(texts[0]); j++)
		row[k++] = TEXT(texts[j]);
	for (int j = 0; j < CAI_DEVICE_IDS; j++)
		row[k++] = num_or_null(d->ids[j] >= 0, d->ids[j]);
	const char *const tail[] = {d->emmc_name, d->emmc_date, d->vram_vendor, d->rotation,
				    d->transport};
	for (size_t j = 0; j < sizeof(tail) / sizeof(tail[0]); j++)
		row[k++] = TEXT(tail[j]);
	memcpy(p, row, sizeof(row));
}

int cai_store_rows(ca_store *s, const cai_rhost *h, long long scan, cai_emit emit, void *ctx)
{
	int rc;
	for (size_t i = 0; i < h->n_devices; i++) {
		const cai_rdevice *d = &h->devices[i];
		long long id = ++s->next_component;
		cai_param c[CAI_COMPONENT_PARAMS];
		component_row(id, scan, d, c);
		if ((rc = emit(s, ctx, CAI_SQL_COMPONENT_ADD, c, CAI_COMPONENT_PARAMS)) < 0)
			return rc;
		for (size_t k = d->first_maker; k < h->n_makers && h->makers[k].device == i; k++) {
			const cai_rmaker *m = &h->makers[k];
			cai_param p[] = {NUM(id),	       TEXT(m->role),	TEXT(m->maker_id),
					 TEXT(m->maker),       TEXT(m->owner_id), TEXT(m->owner),
					 TEXT(m->confidence), TEXT(m->method),	TEXT(m->evidence)};
			if ((rc = emit(s, ctx, CAI_SQL_MAKER_ADD, p, 9)) < 0)
				return rc;
		}
	}
	if ((rc = emit_tally(s, h, scan, emit, ctx)) < 0)
		return rc;
	if (h->has_system) {
		cai_rdevice sys = {.kind = "system", .installed = true, .manufacturer = h->sys_manufacturer,
				   .part_number = h->sys_product, .serial_number = h->sys_serial};
		for (int j = 0; j < CAI_DEVICE_IDS; j++)
			sys.ids[j] = -1;
		cai_param c[CAI_COMPONENT_PARAMS];
		component_row(++s->next_component, scan, &sys, c);
		c[28] = TEXT(h->sys_uuid); /* system_uuid */
		if ((rc = emit(s, ctx, CAI_SQL_COMPONENT_ADD, c, CAI_COMPONENT_PARAMS)) < 0)
			return rc;
	}
	for (size_t i = 0; i < h->n_findings; i++) {
		const cai_rfinding *f = &h->findings[i];
		cai_param p[] = {NUM(scan),	     TEXT(f->severity), TEXT(f->rule),	   TEXT(f->state),
				 TEXT(f->component), TEXT(f->role),	TEXT(f->maker_id), TEXT(f->owner),
				 NUM(f->waived),     TEXT(f->sentence)};
		if ((rc = emit(s, ctx, CAI_SQL_FINDING_ADD, p, 10)) < 0)
			return rc;
	}
	for (size_t i = 0; i < h->n_evidence; i++) {
		const cai_revidence *e = &h->evidence[i];
		cai_param p[] = {NUM(scan),	  NUM((long long)i), TEXT(e->name),
				 TEXT(e->format), NUM(e->read),	     NUM(e->inventory)};
		if ((rc = emit(s, ctx, CAI_SQL_EVIDENCE_ADD, p, 6)) < 0)
			return rc;
	}
	return 0;
}

/* A row written now, with its statement and the host id (ctx) last. */
static int emit_statement(ca_store *s, void *ctx, int table, const cai_param *p, int n)
{
	cai_param row[CAI_COMPONENT_PARAMS + 1];
	memcpy(row, p, (size_t)n * sizeof(*p));
	row[n] = NUM(*(const long long *)ctx);
	return run(s, table, row, n + 1, NULL);
}

int cai_store_put_host(ca_store *s, const cai_rhost *h, const cai_scan_meta *m, ca_ingest_result *r)
{
	const char *name = m->host_name ? m->host_name : h->source;
	char key[33];
	cai_hash_text(cai_rhost_key(h, name), key);
	if (s->be->put)
		return s->be->put(s, h, name, key, m, r);
	cai_param k = TEXT(key);
	long long known = 0;
	int rc = run_number(s, CAI_SQL_SCAN_EXISTS, &k, 1, &known);
	if (rc < 0)
		return rc;
	if (known) {
		r->unchanged++;
		return 0;
	}
	long long host_id, scan = ++s->next_scan;
	cai_param hp[] = {TEXT(name), NUM(scan)};
	if ((rc = cai_store_ingest_row(s)) < 0 || (rc = run_number(s, CAI_SQL_HOST_ADD, hp, 2, &host_id)) < 0)
		return rc;
	cai_param sp[2 + CAI_SCAN_PARAMS] = {NUM(host_id), NUM(s->ingest_id)};
	cai_store_scan_row(s, h, key, scan, m, sp + 2);
	if ((rc = run(s, CAI_SQL_SCAN_ADD, sp, 2 + CAI_SCAN_PARAMS, NULL)) < 0 ||
	    (rc = cai_store_rows(s, h, scan, emit_statement, &host_id)) < 0)
		return rc;
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
	if ((unsigned)q > CA_STORE_PROFILES)
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
