/* SPDX-License-Identifier: MIT */
/*
 * The SQLite backend of the fleet store: one database file in WAL mode;
 * each statement prepared once per store and run with bound parameters.
 */
#include "store_internal.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

typedef struct lite {
	sqlite3 *db;
	sqlite3_stmt *st[CAI_SQL_COUNT];
} lite;

static const char *lite_error(const ca_store *s)
{
	const lite *l = s->conn;
	return l && l->db ? sqlite3_errmsg(l->db) : "cannot open the database";
}

static int lite_exec(ca_store *s, const char *sql)
{
	lite *l = s->conn;
	return sqlite3_exec(l->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -EIO;
}

/* The rows of a stepped statement into a table. */
static int collect(sqlite3_stmt *st, ca_store_table **ret)
{
	ca_store_table *t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	*ret = t;
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
			cap = cap ? 2 * cap : 4;
			char **grown = realloc(t->cells, cap * (t->n_cols ? t->n_cols : 1) * sizeof(*grown));
			if (!grown)
				return -ENOMEM;
			t->cells = grown;
		}
		char **row = t->cells + t->n_rows * t->n_cols;
		for (size_t i = 0; i < t->n_cols; i++)
			row[i] = NULL;
		t->n_rows++;
		for (size_t i = 0; i < t->n_cols; i++) {
			const unsigned char *v = sqlite3_column_text(st, (int)i);
			if (v && !(row[i] = strdup((const char *)v)))
				return -ENOMEM;
		}
	}
	return rc == SQLITE_DONE ? 0 : -EIO;
}

static int lite_run(ca_store *s, int id, const char *sql, const cai_param *p, int n,
		    ca_store_table **ret)
{
	lite *l = s->conn;
	sqlite3_stmt *st = id >= 0 ? l->st[id] : NULL;
	if (!st) {
		if (sqlite3_prepare_v3(l->db, sql, -1, id >= 0 ? SQLITE_PREPARE_PERSISTENT : 0, &st,
				       NULL) != SQLITE_OK)
			return -EIO;
		if (id >= 0)
			l->st[id] = st;
	}
	for (int i = 0; i < n; i++) {
		if (p[i].is_num)
			sqlite3_bind_int64(st, i + 1, p[i].num);
		else if (p[i].text)
			sqlite3_bind_text(st, i + 1, p[i].text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, i + 1);
	}
	int rc;
	if (ret) {
		rc = collect(st, ret);
		if (rc < 0) {
			ca_store_table_free(*ret);
			*ret = NULL;
		}
	} else {
		int step;
		while ((step = sqlite3_step(st)) == SQLITE_ROW)
			;
		rc = step == SQLITE_DONE ? 0 : -EIO;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (id < 0)
		sqlite3_finalize(st);
	return rc;
}

static void lite_close(ca_store *s)
{
	lite *l = s->conn;
	if (!l)
		return;
	for (int i = 0; i < CAI_SQL_COUNT; i++)
		sqlite3_finalize(l->st[i]);
	sqlite3_close(l->db);
	free(l);
	s->conn = NULL;
}

static const cai_backend sqlite_backend = {
	.begin_sql = "BEGIN IMMEDIATE",
	.table_exists = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
	.id_type = "INTEGER PRIMARY KEY",
	.exec = lite_exec,
	.run = lite_run,
	.error = lite_error,
	.close = lite_close,
};

int cai_sqlite_open(ca_store *s, const char *path, char **ret_error)
{
	lite *l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	s->conn = l;
	s->be = &sqlite_backend;
	if (sqlite3_open_v2(path, &l->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_busy_timeout(l->db, 10000);
	/* WAL: readers go on while a batch is written; NORMAL: a commit is
	 * durable at the next checkpoint, never torn */
	if (lite_exec(s, "PRAGMA journal_mode = WAL") < 0 ||
	    lite_exec(s, "PRAGMA synchronous = NORMAL") < 0 || lite_exec(s, "PRAGMA foreign_keys = ON") < 0)
		goto fail;
	return 0;
fail:
	if (asprintf(ret_error, "%s: %s", path, lite_error(s)) < 0)
		*ret_error = NULL;
	return -EIO;
}
