/* SPDX-License-Identifier: MIT */
/*
 * The PostgreSQL backend of the fleet store, through libpq: a connection
 * URL (postgresql://...), each statement prepared once per connection
 * (?N parameters become $N) and run with text parameters inside the
 * batch's transaction.
 */
#include "store_internal.h"

#include <errno.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growable byte buffer. */
typedef struct bytes {
	char *data;
	size_t len, cap;
} bytes;

enum { T_COMPONENTS, T_MAKERS, T_FINDINGS, T_TALLY, T_EVIDENCE, T_SCANS, T_COUNT };

/* A host staged for the next COPY: its scan row (without host_id and
 * ingest_id) and its rows of the other tables, as ranges of the buffers. */
typedef struct staged {
	size_t name, scan_at, scan_end;
	size_t rows_at[T_SCANS], rows_end[T_SCANS]; /* components, makers, findings, tally, evidence */
	char key[33];
	bool add;
	bool counted; /* counted as added when staged (its key was looked up then) */
	long long scan;
	long long host_id;
} staged;


typedef struct pg {
	PGconn *conn;
	bool prepared[CAI_SQL_COUNT];
	char error[512];
	/* the COPY text of staged hosts, by table; host names */
	bytes rows[T_COUNT], names;
	bytes copy; /* one host's lines of a table with its host id, being copied */
	staged *st;
	size_t n_st, cap_st;
	size_t batch_added; /* hosts added by the open batch */
	/* the current report: hosts seen, and what was staged before it */
	size_t report_hosts, mark_st, mark_names, mark_rows[T_COUNT];
} pg;

/* Staged COPY text past this is written before the next host. */
#define PG_STAGE_BYTES (8u << 20)

/* The first hosts of each report are looked up one by one when staged
 * (one round trip each), so a report of a few hosts is counted at once and
 * written with the batch; later hosts of a larger report are looked up
 * together when the report ends. */
#define PG_CHECK_EACH 16u

/* A batch that adds this many hosts ends with ANALYZE. */
#define PG_ANALYZE_HOSTS 5000u

/* The store never prints: the server's notices are dropped. */
static void no_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static const char *pg_error(const ca_store *s)
{
	const pg *p = s->conn;
	return p && p->error[0] ? p->error : "cannot connect to the database";
}

static void keep_error(pg *p, const char *message)
{
	snprintf(p->error, sizeof(p->error), "%s", message && *message ? message : "database error");
	size_t n = strlen(p->error);
	while (n && (p->error[n - 1] == '\n' || p->error[n - 1] == ' '))
		p->error[--n] = '\0';
}

/* Checks a result; keeps the error of a failed one. */
static bool result_ok(pg *p, PGresult *r)
{
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return true;
	keep_error(p, r ? PQresultErrorMessage(r) : PQerrorMessage(p->conn));
	return false;
}

static int pg_exec(ca_store *s, const char *sql)
{
	pg *p = s->conn;
	PGresult *r = PQexec(p->conn, sql);
	bool ok = result_ok(p, r);
	PQclear(r);
	return ok ? 0 : -EIO;
}

/* sql with ?N written $N (the statements have no '?' in literals). */
static char *dollars(const char *sql)
{
	char *out = strdup(sql);
	for (char *c = out; c && *c; c++)
		if (*c == '?')
			*c = '$';
	return out;
}

static int collect(PGresult *r, ca_store_table **ret)
{
	ca_store_table *t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	*ret = t;
	t->n_cols = (size_t)PQnfields(r);
	size_t rows = (size_t)PQntuples(r);
	t->cols = calloc(t->n_cols ? t->n_cols : 1, sizeof(*t->cols));
	size_t n_cells = rows * t->n_cols;
	t->cells = calloc(n_cells ? n_cells : 1, sizeof(*t->cells));
	if (!t->cols || !t->cells)
		return -ENOMEM;
	for (size_t i = 0; i < t->n_cols; i++)
		if (!(t->cols[i] = strdup(PQfname(r, (int)i))))
			return -ENOMEM;
	t->n_rows = rows;
	for (size_t k = 0; k < rows; k++)
		for (size_t i = 0; i < t->n_cols; i++)
			if (!PQgetisnull(r, (int)k, (int)i) &&
			    !(t->cells[k * t->n_cols + i] = strdup(PQgetvalue(r, (int)k, (int)i))))
				return -ENOMEM;
	return 0;
}

static int pg_run(ca_store *s, int id, const char *sql, const cai_param *prm, int n,
		  ca_store_table **ret)
{
	pg *p = s->conn;
	char name[16];
	snprintf(name, sizeof(name), "ca%d", id);
	char *text = NULL;
	if (id < 0 || !p->prepared[id]) {
		text = dollars(sql);
		if (!text)
			return -ENOMEM;
	}
	if (id >= 0 && !p->prepared[id]) {
		PGresult *r = PQprepare(p->conn, name, text, 0, NULL);
		bool ok = result_ok(p, r);
		PQclear(r);
		if (!ok) {
			free(text);
			return -EIO;
		}
		p->prepared[id] = true;
	}
	const char *values[16];
	char numbers[16][24];
	if (n > 16)
		n = 16;
	for (int i = 0; i < n; i++) {
		if (prm[i].is_num) {
			snprintf(numbers[i], sizeof(numbers[i]), "%lld", prm[i].num);
			values[i] = numbers[i];
		} else {
			values[i] = prm[i].text;
		}
	}
	PGresult *r = id >= 0 ? PQexecPrepared(p->conn, name, n, values, NULL, NULL, 0)
			      : PQexecParams(p->conn, text, n, NULL, values, NULL, NULL, 0);
	free(text);
	int rc = result_ok(p, r) ? 0 : -EIO;
	if (rc == 0 && ret) {
		rc = collect(r, ret);
		if (rc < 0) {
			ca_store_table_free(*ret);
			*ret = NULL;
		}
	}
	PQclear(r);
	return rc;
}

/* ------------------------------------------------------------- bulk path
 * Hosts are staged as COPY text (one line per row, ids given by the
 * store) and written by pg_flush(): one query finds which content keys
 * are stored already, one adds the new hosts' names and returns every
 * name's id, then COPY ... FROM STDIN writes the new scans and their
 * rows straight into the tables. Writers hold an advisory lock for the
 * whole batch (begin_sql), so the keys checked stay unique until COMMIT. */

static bool put_bytes(bytes *b, const char *data, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (b->len + n + 1 > cap)
			cap *= 2;
		char *g = realloc(b->data, cap);
		if (!g)
			return false;
		b->data = g;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
	return true;
}

/* One field of COPY's text format: \N for NULL, else the text with
 * backslash, tab, newline and carriage return escaped. */
static bool put_field(bytes *b, const cai_param *p)
{
	char num[24];
	if (p->is_num)
		return put_bytes(b, num, (size_t)snprintf(num, sizeof(num), "%lld", p->num));
	if (!p->text)
		return put_bytes(b, "\\N", 2);
	const char *t = p->text;
	while (*t) {
		size_t run = strcspn(t, "\\\t\n\r");
		if (run && !put_bytes(b, t, run))
			return false;
		t += run;
		if (!*t)
			break;
		char esc[2] = {'\\', *t == '\\' ? '\\' : *t == '\t' ? 't' : *t == '\n' ? 'n' : 'r'};
		if (!put_bytes(b, esc, 2))
			return false;
		t++;
	}
	return true;
}

static bool put_line(bytes *b, const cai_param *p, int n)
{
	for (int i = 0; i < n; i++)
		if ((i && !put_bytes(b, "\t", 1)) || !put_field(b, &p[i]))
			return false;
	return put_bytes(b, "\n", 1);
}

static int stage_row(ca_store *s, void *ctx, int table, const cai_param *p, int n)
{
	(void)ctx;
	pg *g = s->conn;
	int t = table == CAI_SQL_COMPONENT_ADD ? T_COMPONENTS
		: table == CAI_SQL_MAKER_ADD   ? T_MAKERS
		: table == CAI_SQL_FINDING_ADD ? T_FINDINGS
		: table == CAI_SQL_TALLY_ADD   ? T_TALLY
					       : T_EVIDENCE;
	return put_line(&g->rows[t], p, n) ? 0 : -ENOMEM;
}

/* Drops what the current report staged (the rest stays). */
static void pg_discard(ca_store *s)
{
	pg *g = s->conn;
	for (int t = 0; t < T_COUNT; t++)
		g->rows[t].len = g->mark_rows[t];
	g->names.len = g->mark_names;
	g->n_st = g->mark_st;
}

static void pg_report_begin(ca_store *s)
{
	pg *g = s->conn;
	for (int t = 0; t < T_COUNT; t++)
		g->mark_rows[t] = g->rows[t].len;
	g->mark_names = g->names.len;
	g->mark_st = g->n_st;
	g->report_hosts = 0;
}

/* Empties the stage (all of it was written). */
static void stage_clear(ca_store *s)
{
	pg *g = s->conn;
	for (int t = 0; t < T_COUNT; t++)
		g->rows[t].len = g->mark_rows[t] = 0;
	g->names.len = g->mark_names = 0;
	g->n_st = g->mark_st = 0;
}

/* A PostgreSQL array literal: of every staged host's key (ARRAY_KEYS), or
 * of the name or scan id of those to add. */
enum { ARRAY_KEYS, ARRAY_NAMES, ARRAY_SCANS };

static bool array_literal(pg *g, int what, bytes *out)
{
	out->len = 0;
	if (!put_bytes(out, "{", 1))
		return false;
	for (size_t i = 0, n = 0; i < g->n_st; i++) {
		if (what != ARRAY_KEYS && !g->st[i].add)
			continue;
		char id[24];
		if (what == ARRAY_SCANS)
			snprintf(id, sizeof(id), "%lld", g->st[i].scan);
		const char *v = what == ARRAY_NAMES ? g->names.data + g->st[i].name
				: what == ARRAY_SCANS ? id
						      : g->st[i].key;
		if ((n++ && !put_bytes(out, ",", 1)) || !put_bytes(out, "\"", 1))
			return false;
		for (; *v; v++)
			if (((*v == '"' || *v == '\\') && !put_bytes(out, "\\", 1)) || !put_bytes(out, v, 1))
				return false;
		if (!put_bytes(out, "\"", 1))
			return false;
	}
	return put_bytes(out, "}", 1);
}

/* A host name and its id; sorted by name (the name first, for cmp_key). */
typedef struct host_id {
	const char *name;
	long long id;
} host_id;

static int cmp_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_key_then_id(const void *a, const void *b)
{
	const host_id *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* Runs sql with n text parameters; its rows, or NULL (the error kept). */
static PGresult *query(pg *g, const char *sql, const char *const *params, int n)
{
	PGresult *r = PQexecParams(g->conn, sql, n, NULL, params, NULL, NULL, 0);
	if (!result_ok(g, r)) {
		PQclear(r);
		return NULL;
	}
	return r;
}

/* COPY table (columns) FROM STDIN with the ranges [at, end) of buf taken
 * for every staged host to add: the scan lines each after its host_id and
 * ingest_id, the other tables' lines each after its host_id. */
static int copy_in(ca_store *s, const char *sql, int t)
{
	pg *g = s->conn;
	bytes *with_host = &g->copy;
	PGresult *r = PQexec(g->conn, sql);
	if (!r || PQresultStatus(r) != PGRES_COPY_IN) {
		result_ok(g, r);
		PQclear(r);
		return -EIO;
	}
	PQclear(r);
	bool ok = true;
	char head[48];
	for (size_t i = 0; ok && i < g->n_st; i++) {
		const staged *st = &g->st[i];
		if (!st->add)
			continue;
		if (t == T_SCANS) {
			int n = snprintf(head, sizeof(head), "%lld\t%lld\t", st->host_id, s->ingest_id);
			ok = PQputCopyData(g->conn, head, n) == 1 &&
			     PQputCopyData(g->conn, g->rows[t].data + st->scan_at,
					   (int)(st->scan_end - st->scan_at)) == 1;
		} else if (st->rows_end[t] > st->rows_at[t]) {
			int n = snprintf(head, sizeof(head), "%lld\t", st->host_id);
			with_host->len = 0;
			const char *line = g->rows[t].data + st->rows_at[t], *end = g->rows[t].data + st->rows_end[t];
			while (ok && line < end) {
				const char *nl = memchr(line, '\n', (size_t)(end - line));
				size_t len = nl ? (size_t)(nl - line) + 1 : (size_t)(end - line);
				ok = put_bytes(with_host, head, (size_t)n) && put_bytes(with_host, line, len);
				line += len;
			}
			ok = ok && PQputCopyData(g->conn, with_host->data, (int)with_host->len) == 1;
		}
	}
	if (PQputCopyEnd(g->conn, ok ? NULL : "chipaudit: the copy failed") != 1)
		ok = false;
	r = PQgetResult(g->conn);
	ok = result_ok(g, r) && ok;
	PQclear(r);
	while ((r = PQgetResult(g->conn)))
		PQclear(r);
	return ok ? 0 : -EIO;
}

static int pg_flush(ca_store *s, ca_ingest_result *r)
{
	pg *g = s->conn;
	if (!g->n_st)
		return 0;
	bytes arr = {0};
	int rc = -ENOMEM;
	const char **known = NULL;
	PGresult *res = NULL;
	/* which keys are stored already */
	if (!array_literal(g, ARRAY_KEYS, &arr))
		goto out;
	rc = -EIO;
	if (!(res = query(g, "SELECT content_hash FROM scans WHERE content_hash = ANY($1::text[])",
			  (const char *const[]){arr.data}, 1)))
		goto out;
	size_t n_known = (size_t)PQntuples(res), n_add = 0;
	rc = -ENOMEM;
	if (!(known = malloc((n_known + 1) * sizeof(*known))))
		goto out;
	for (size_t i = 0; i < n_known; i++)
		known[i] = PQgetvalue(res, (int)i, 0);
	qsort(known, n_known, sizeof(*known), cmp_key);
	/* new keys; of a key staged twice, the first */
	for (size_t i = 0; i < g->n_st; i++) {
		const char *k = g->st[i].key;
		g->st[i].add = !bsearch(&k, known, n_known, sizeof(*known), cmp_key);
	}
	host_id *order = malloc(g->n_st * sizeof(*order));
	if (!order)
		goto out;
	for (size_t i = 0; i < g->n_st; i++)
		order[i] = (host_id){g->st[i].key, (long long)i};
	qsort(order, g->n_st, sizeof(*order), cmp_key_then_id);
	for (size_t i = 1; i < g->n_st; i++)
		if (strcmp(order[i].name, order[i - 1].name) == 0)
			g->st[order[i].id].add = false;
	free(order);
	for (size_t i = 0; i < g->n_st; i++) {
		n_add += g->st[i].add;
		if (!g->st[i].counted && g->st[i].add)
			r->added++;
		else if (!g->st[i].counted)
			r->unchanged++;
	}
	PQclear(res);
	res = NULL;
	if (!n_add) {
		rc = 0;
		goto out;
	}
	/* the hosts' ids, adding new names; each host's latest scan */
	bytes scans = {0};
	bool arrays = array_literal(g, ARRAY_NAMES, &arr) && array_literal(g, ARRAY_SCANS, &scans);
	rc = -EIO;
	if (arrays && cai_store_ingest_row(s) == 0)
		res = query(g,
			    "INSERT INTO hosts (name, latest_scan)"
			    " SELECT name, max(scan) FROM unnest($1::text[], $2::bigint[]) AS n(name, scan)"
			    " GROUP BY name ON CONFLICT (name) DO UPDATE SET latest_scan = excluded.latest_scan"
			    " RETURNING id, name",
			    (const char *const[]){arr.data, scans.data}, 2);
	free(scans.data);
	if (!arrays)
		rc = -ENOMEM;
	if (!res)
		goto out;
	size_t n_hosts = (size_t)PQntuples(res);
	host_id *ids = malloc((n_hosts + 1) * sizeof(*ids));
	rc = -ENOMEM;
	if (!ids)
		goto out;
	for (size_t i = 0; i < n_hosts; i++)
		ids[i] = (host_id){PQgetvalue(res, (int)i, 1), strtoll(PQgetvalue(res, (int)i, 0), NULL, 10)};
	qsort(ids, n_hosts, sizeof(*ids), cmp_key);
	rc = 0;
	for (size_t i = 0; rc == 0 && i < g->n_st; i++) {
		if (!g->st[i].add)
			continue;
		host_id want = {g->names.data + g->st[i].name, 0};
		const host_id *hit = bsearch(&want, ids, n_hosts, sizeof(*ids), cmp_key);
		if (hit)
			g->st[i].host_id = hit->id;
		else
			rc = -EIO, keep_error(g, "a host's id was not found");
	}
	free(ids);
	if (rc < 0)
		goto out;
	if ((rc = copy_in(s, "COPY scans (host_id, ingest_id, " CAI_SCAN_COLUMNS ") FROM STDIN", T_SCANS)) < 0 ||
	    (rc = copy_in(s, "COPY components (host_id, " CAI_COMPONENT_COLUMNS ") FROM STDIN", T_COMPONENTS)) < 0 ||
	    (rc = copy_in(s, "COPY makers (host_id, " CAI_MAKER_COLUMNS ") FROM STDIN", T_MAKERS)) < 0 ||
	    (rc = copy_in(s, "COPY findings (host_id, " CAI_FINDING_COLUMNS ") FROM STDIN", T_FINDINGS)) < 0 ||
	    (rc = copy_in(s, "COPY scan_makers (host_id, " CAI_TALLY_COLUMNS ") FROM STDIN", T_TALLY)) < 0 ||
	    (rc = copy_in(s, "COPY scan_evidence (host_id, " CAI_EVIDENCE_COLUMNS ") FROM STDIN", T_EVIDENCE)) < 0)
		goto out;
	g->batch_added += n_add;
	rc = 0;
out:
	PQclear(res);
	free(known);
	free(arr.data);
	stage_clear(s);
	return rc;
}

/* Writes what earlier reports staged, not what the current one did: its
 * savepoint (which has no writes yet: nothing was written since it began,
 * or the stage would start with the report) is released around the write,
 * so the earlier reports' rows stay when the current one is refused. */
static int flush_earlier(ca_store *s, ca_ingest_result *r)
{
	pg *g = s->conn;
	size_t n = g->n_st, from = g->mark_st, len[T_COUNT], mark[T_COUNT];
	size_t names = g->names.len, mark_names = g->mark_names;
	for (int t = 0; t < T_COUNT; t++) {
		len[t] = g->rows[t].len;
		mark[t] = g->mark_rows[t];
		g->rows[t].len = mark[t];
	}
	g->n_st = from;
	g->names.len = mark_names;
	if (pg_exec(s, "RELEASE SAVEPOINT report") < 0)
		return -EIO;
	int rc = pg_flush(s, r); /* empties the stage */
	if (rc < 0)
		return rc;
	for (int t = 0; t < T_COUNT; t++) {
		memmove(g->rows[t].data, g->rows[t].data + mark[t], len[t] - mark[t]);
		g->rows[t].len = len[t] - mark[t];
	}
	memmove(g->names.data, g->names.data + mark_names, names - mark_names);
	g->names.len = names - mark_names;
	memmove(g->st, g->st + from, (n - from) * sizeof(*g->st));
	g->n_st = n - from;
	for (size_t i = 0; i < g->n_st; i++) {
		staged *st = &g->st[i];
		st->name -= mark_names;
		st->scan_at -= mark[T_SCANS];
		st->scan_end -= mark[T_SCANS];
		for (int t = 0; t < T_SCANS; t++) {
			st->rows_at[t] -= mark[t];
			st->rows_end[t] -= mark[t];
		}
	}
	return pg_exec(s, "SAVEPOINT report");
}

/* At the end of a report: writes what is staged when some of it is not
 * counted yet (a report of more than PG_CHECK_EACH hosts). */
static int pg_report_end(ca_store *s, ca_ingest_result *r)
{
	pg *g = s->conn;
	for (size_t i = g->mark_st; i < g->n_st; i++)
		if (!g->st[i].counted)
			return pg_flush(s, r);
	return 0;
}

static int pg_put(ca_store *s, const cai_rhost *h, const char *name, const char *key,
		  const cai_scan_meta *m, ca_ingest_result *r)
{
	pg *g = s->conn;
	size_t staged_bytes = g->names.len;
	for (int t = 0; t < T_COUNT; t++)
		staged_bytes += g->rows[t].len;
	int rc;
	if (staged_bytes > PG_STAGE_BYTES && (rc = g->mark_st ? flush_earlier(s, r) : pg_flush(s, r)) < 0)
		return rc;
	bool counted = ++g->report_hosts <= PG_CHECK_EACH;
	if (counted) {
		bool known = false;
		for (size_t i = 0; !known && i < g->n_st; i++)
			known = strcmp(g->st[i].key, key) == 0;
		cai_param k = TEXT(key);
		ca_store_table *t = NULL;
		if (!known) {
			if ((rc = pg_run(s, CAI_SQL_SCAN_EXISTS, cai_store_sql(CAI_SQL_SCAN_EXISTS), &k, 1, &t)) < 0)
				return rc;
			known = t->n_rows > 0;
			ca_store_table_free(t);
		}
		if (known) {
			r->unchanged++;
			return 0;
		}
	}
	if (g->n_st == g->cap_st) {
		size_t cap = g->cap_st ? 2 * g->cap_st : 256;
		staged *st = realloc(g->st, cap * sizeof(*st));
		if (!st)
			return -ENOMEM;
		g->st = st;
		g->cap_st = cap;
	}
	staged *st = &g->st[g->n_st];
	memset(st, 0, sizeof(*st));
	snprintf(st->key, sizeof(st->key), "%s", key);
	st->name = g->names.len;
	if (!put_bytes(&g->names, name, strlen(name) + 1))
		return -ENOMEM;
	long long scan = st->scan = ++s->next_scan;
	cai_param p[CAI_SCAN_PARAMS];
	cai_store_scan_row(s, h, key, scan, m, p);
	st->scan_at = g->rows[T_SCANS].len;
	if (!put_line(&g->rows[T_SCANS], p, CAI_SCAN_PARAMS))
		return -ENOMEM;
	st->scan_end = g->rows[T_SCANS].len;
	for (int t = 0; t < T_SCANS; t++)
		st->rows_at[t] = g->rows[t].len;
	if ((rc = cai_store_rows(s, h, scan, stage_row, NULL)) < 0)
		return rc;
	for (int t = 0; t < T_SCANS; t++)
		st->rows_end[t] = g->rows[t].len;
	st->counted = counted;
	r->added += counted;
	g->n_st++;
	return 0;
}

/* Keeps the tables' identity sequences past the ids the batch gave; after
 * a bulk load, gathers the planner's statistics (autovacuum would, later),
 * so the fleet's questions are planned for the tables' real sizes. */
static int pg_batch_end(ca_store *s)
{
	pg *g = s->conn;
	ca_ingest_result counted = {0}; /* what is left staged was counted when staged */
	if (g->n_st && pg_flush(s, &counted) < 0)
		return -EIO;
	size_t added = g->batch_added;
	g->batch_added = 0;
	if (added >= PG_ANALYZE_HOSTS &&
	    pg_exec(s, "ANALYZE hosts, scans, components, makers, findings, scan_makers, scan_evidence") < 0)
		return -EIO;
	return pg_exec(s, "SELECT setval(pg_get_serial_sequence('scans', 'id'),"
			  " (SELECT coalesce(max(id), 0) + 1 FROM scans), false),"
			  " setval(pg_get_serial_sequence('components', 'id'),"
			  " (SELECT coalesce(max(id), 0) + 1 FROM components), false)");
}

static void pg_close(ca_store *s)
{
	pg *p = s->conn;
	if (!p)
		return;
	PQfinish(p->conn);
	for (int t = 0; t < T_COUNT; t++)
		free(p->rows[t].data);
	free(p->names.data);
	free(p->copy.data);
	free(p->st);
	free(p);
	s->conn = NULL;
}

static const cai_backend postgres_backend = {
	.begin_sql = "BEGIN",
	/* one writer at a time: the key (any constant) names the fleet store's lock */
	.batch_lock = "SELECT pg_advisory_xact_lock(7310420511)",
	.table_exists = "SELECT 1 FROM information_schema.tables"
			" WHERE table_schema = current_schema() AND table_name = ?1",
	.id_type = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
	.exec = pg_exec,
	.run = pg_run,
	.error = pg_error,
	.close = pg_close,
	.put = pg_put,
	.report_begin = pg_report_begin,
	.flush = pg_report_end,
	.discard = pg_discard,
	.batch_end = pg_batch_end,
};

int cai_postgres_open(ca_store *s, const char *url, char **ret_error)
{
	pg *p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	s->conn = p;
	s->be = &postgres_backend;
	p->conn = PQconnectdb(url);
	if (!p->conn) {
		*ret_error = NULL;
		return -ENOMEM;
	}
	PQsetNoticeProcessor(p->conn, no_notice, NULL);
	if (PQstatus(p->conn) != CONNECTION_OK) {
		keep_error(p, PQerrorMessage(p->conn));
		if (asprintf(ret_error, "cannot connect to the PostgreSQL store: %s", p->error) < 0)
			*ret_error = NULL;
		return -EIO;
	}
	return 0;
}
