/* SPDX-License-Identifier: MIT */
/*
 * chipaudit fleet ingest|summary|hosts|findings|scans|diff: the fleet store
 * (docs/fleet.md). Reports and evidence go in with ingest; the other
 * subcommands ask the store and print a table (default) or JSON.
 */
#include "chipaudit/store.h"
#include "cli.h"
#include "walk.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Files per transaction: large enough that commits are cheap, small enough
 * that a failure loses little. */
#define FLEET_BATCH_FILES 500u

static void fleet_usage(FILE *out)
{
	fprintf(out,
		"usage: chipaudit fleet ingest [--db URL] [--host NAME] [--profile NAME|FILE] [--as-of DATE]\n"
		"                              [--kb FILE]... [--rules FILE]... [--ignore FILE] FILE|DIR...\n"
		"       chipaudit fleet summary  [--db URL] [--format table|json]\n"
		"       chipaudit fleet hosts    [--db URL] [--rule ID] [--maker ID|NAME] [--role ROLE]\n"
		"                                [--verdict V] [--host NAME] [--format table|json]\n"
		"       chipaudit fleet findings [--db URL] [--rule ID] [--maker ID|NAME] [--role ROLE]\n"
		"                                [--host NAME] [--format table|json]\n"
		"       chipaudit fleet scans    [--db URL] [--host NAME] [--format table|json]\n"
		"       chipaudit fleet diff     [--db URL] [--format table|json] (--host NAME | SCAN SCAN)\n"
		"\n"
		"ingest reads JSON reports, JSON Lines and evidence files (audited on the way in\n"
		"with --profile, --as-of, ...). --db: a SQLite file or a postgresql:// URL\n"
		"(default $CHIPAUDIT_DB, else chipaudit.db). --host NAME: the host name of every report read (a scan's report\n"
		"says \"live\"). Queries answer for each host's latest scan; diff compares two scans\n"
		"(--host: its last two).\n");
}

static const char *db_url(const char *opt)
{
	if (opt)
		return opt;
	const char *env = getenv("CHIPAUDIT_DB");
	return env && *env ? env : "chipaudit.db";
}

static int open_store(const char *url, ca_store **ret)
{
	char *error = NULL;
	int rc = ca_store_open(url, ret, &error);
	if (rc == 0)
		return EXIT_OK;
	fprintf(stderr, "chipaudit fleet: %s\n", ts(error ? error : strerror(-rc)));
	free(error);
	return rc == -ENOMEM ? EXIT_INTERNAL : EXIT_BAD_INPUT;
}

/* --------------------------------------------------------------- ingest */

typedef struct ingest_run {
	ca_store *store;
	const char *host_name;
	common_options co;
	ca_policy *policy; /* opened at the first evidence file */
	int policy_rc;
	size_t files_in_batch, files, added, unchanged, rejected;
	bool bad, internal;
} ingest_run;

/* The first byte that is not white space, without consuming it; EOF. */
static int peek_first(FILE *f)
{
	int c;
	do
		c = getc(f);
	while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
	if (c != EOF)
		ungetc(c, f);
	return c;
}

static int ingest_evidence(ingest_run *run, const char *path, ca_ingest_result *r)
{
	if (!run->policy && run->policy_rc == 0) {
		run->policy_rc = policy_open_or_complain(&run->co.policy, &run->policy);
		if (run->policy_rc != 0)
			run->policy_rc = run->policy_rc ? run->policy_rc : EXIT_INTERNAL;
	}
	if (!run->policy) {
		snprintf(r->reason, sizeof(r->reason), "evidence cannot be audited without the policy");
		r->rejected++;
		return 0;
	}
	ca_assessment *a;
	const char *paths[1] = {path};
	int rc = ca_assess_files(run->policy, path, paths, 1, &a);
	if (rc < 0)
		return rc;
	if (!ca_assessment_readable(a)) {
		char *why = format_unreadable(a);
		/* its first line is "chipaudit: PATH: REASON": keep the reason */
		const char *reason = why ? why : "unreadable";
		size_t skip = strlen("chipaudit: ") + strlen(path) + 2;
		if (why && strlen(why) > skip && strncmp(why + skip - 2 - strlen(path), path, strlen(path)) == 0)
			reason = why + skip;
		snprintf(r->reason, sizeof(r->reason), "not a report, and not evidence: %.*s",
			 (int)strcspn(reason, "\n"), reason);
		free(why);
		r->rejected++;
		ca_assessment_free(a);
		return 0;
	}
	rc = ca_store_ingest_assessment(run->store, a, path, run->host_name, r);
	ca_assessment_free(a);
	return rc;
}

static int ingest_file(ingest_run *run, const char *path)
{
	ca_ingest_result r = {0};
	int rc = 0;
	FILE *f = fopen(path, "re");
	if (!f) {
		fprintf(stderr, "chipaudit fleet: %s: %s\n", ts(path), ts(strerror(errno)));
		run->bad = true;
		return 0;
	}
	if (run->files_in_batch == 0 && ca_store_batch_begin(run->store) < 0)
		rc = -EIO;
	if (rc == 0) {
		if (peek_first(f) == '{')
			rc = ca_store_ingest_report(run->store, f, path, run->host_name, &r);
		else
			rc = ingest_evidence(run, path, &r);
	}
	fclose(f);
	if (rc == -EINVAL) {
		r.rejected++;
		rc = 0;
	}
	if (rc < 0)
		return rc;
	run->files++;
	run->added += r.added;
	run->unchanged += r.unchanged;
	run->rejected += r.rejected;
	if (r.rejected) {
		fprintf(stderr, "chipaudit fleet: %s: refused%s: %s\n", ts(path),
			r.added + r.unchanged ? " in part" : "", ts(r.reason));
		run->bad = true;
	}
	if (++run->files_in_batch >= FLEET_BATCH_FILES) {
		run->files_in_batch = 0;
		if (ca_store_batch_commit(run->store) < 0)
			return -EIO;
	}
	return 0;
}

static int fleet_ingest(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'}, {"host", required_argument, NULL, 'H'},
		{"help", no_argument, NULL, 'h'}, {"as-of", required_argument, NULL, 1001},
		{"kb", required_argument, NULL, 1002}, {"profile", required_argument, NULL, 1003},
		{"rules", required_argument, NULL, 1004}, {"ignore", required_argument, NULL, 1005},
		{"purchases", required_argument, NULL, 1008}, {NULL, 0, NULL, 0},
	};
	ingest_run run = {.co = COMMON_OPTIONS_INIT};
	const char *db = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (opt == 'd')
			db = optarg;
		else if (opt == 'H')
			run.host_name = optarg;
		else if (opt == 'h') {
			fleet_usage(stdout);
			return EXIT_OK;
		} else if (opt < 1000 || common_option(&run.co, opt, optarg) != 1) {
			if (opt < 1000)
				fleet_usage(stderr);
			return EXIT_BAD_INPUT;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "chipaudit fleet ingest: no report or evidence given\n");
		return EXIT_BAD_INPUT;
	}
	int ex = open_store(db_url(db), &run.store);
	if (ex != EXIT_OK)
		return ex;
	walk *wk = walk_new(argv + optind, (size_t)(argc - optind));
	if (!wk) {
		ca_store_close(run.store);
		return EXIT_INTERNAL;
	}
	int rc = 0;
	for (;;) {
		walk_kind kind;
		int err = 0;
		char *path = walk_next(wk, &kind, &err, NULL);
		if (!path) {
			if (err == ENOMEM)
				rc = -ENOMEM;
			break;
		}
		if (kind != WALK_FILE) {
			fprintf(stderr, "chipaudit fleet: %s: %s\n", ts(path), ts(walk_kind_text(kind, err)));
			run.bad = true;
		} else {
			rc = ingest_file(&run, path);
		}
		free(path);
		if (rc < 0)
			break;
	}
	walk_free(wk);
	if (rc == 0 && run.files_in_batch && ca_store_batch_commit(run.store) < 0)
		rc = -EIO;
	if (rc < 0)
		fprintf(stderr, "chipaudit fleet: %s\n",
			ts(rc == -EIO ? ca_store_error(run.store) : strerror(-rc)));
	else
		fprintf(stderr, "chipaudit fleet: %zu files: %zu hosts added, %zu unchanged, %zu refused\n",
			run.files, run.added, run.unchanged, run.rejected);
	ca_store_close(run.store);
	ca_policy_free(run.policy);
	if (rc < 0)
		return EXIT_INTERNAL;
	if (run.policy_rc && run.policy_rc != EXIT_BAD_INPUT)
		return run.policy_rc;
	return run.bad || run.policy_rc ? EXIT_BAD_INPUT : EXIT_OK;
}

/* ---------------------------------------------------------------- queries */

static bool numeric_column(const char *name)
{
	static const char *const names[] = {"hosts", "components", "scan", "findings", "fail",
					    "warn", "info", "waived"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* The rows of t as a JSON list of objects (numbers for count and id columns). */
static json_t *table_json(const ca_store_table *t)
{
	json_t *rows = json_array();
	for (size_t r = 0; rows && r < t->n_rows; r++) {
		json_t *o = json_object();
		for (size_t c = 0; o && c < t->n_cols; c++) {
			const char *v = t->cells[r * t->n_cols + c];
			json_t *jv = !v				? json_null()
				     : numeric_column(t->cols[c]) ? json_integer(strtoll(v, NULL, 10))
								  : json_string(v);
			if (!jv)
				jv = json_string_nocheck(v); /* bytes that are not UTF-8, kept verbatim */
			json_object_set_new(o, t->cols[c], jv);
		}
		json_array_append_new(rows, o);
	}
	return rows;
}

static void table_print(const ca_store_table *t, const char *title)
{
	if (title)
		printf("%s\n", ts(title));
	size_t *w = calloc(t->n_cols, sizeof(*w));
	if (!w)
		return;
	for (size_t c = 0; c < t->n_cols; c++)
		w[c] = strlen(t->cols[c]);
	for (size_t r = 0; r < t->n_rows; r++)
		for (size_t c = 0; c < t->n_cols; c++) {
			const char *v = t->cells[r * t->n_cols + c];
			size_t n = strlen(ts(v ? v : "-"));
			if (n > w[c])
				w[c] = n;
		}
	for (size_t c = 0; c < t->n_cols; c++)
		printf("%s%-*s", c ? "  " : "", c + 1 < t->n_cols ? (int)w[c] : 0, ts(t->cols[c]));
	printf("\n");
	for (size_t r = 0; r < t->n_rows; r++) {
		for (size_t c = 0; c < t->n_cols; c++) {
			const char *v = t->cells[r * t->n_cols + c];
			printf("%s%-*s", c ? "  " : "", c + 1 < t->n_cols ? (int)w[c] : 0, ts(v ? v : "-"));
		}
		printf("\n");
	}
	if (!t->n_rows)
		printf("(none)\n");
	free(w);
}

static int ask_error(ca_store *s, int rc)
{
	fprintf(stderr, "chipaudit fleet: %s\n", ts(rc == -EIO ? ca_store_error(s) : strerror(-rc)));
	return rc == -EINVAL ? EXIT_BAD_INPUT : EXIT_INTERNAL;
}

static int print_json(json_t *doc)
{
	if (!doc || json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII) < 0) {
		json_decref(doc);
		return EXIT_INTERNAL;
	}
	printf("\n");
	json_decref(doc);
	return EXIT_OK;
}

/* ---------------------------------------------------------- re-evaluation */

/* What re-evaluation gathers: the findings' rows, or the summary's counts. */
typedef struct reeval {
	const ca_store_filter *f;
	bool summary;
	ca_store_table *rows;  /* findings: host, scan, severity, ... (as CA_STORE_FINDINGS) */
	size_t cap_rows;
	size_t verdicts[5];    /* fail, warn, info, no_findings, unreadable */
	ca_store_table *rules; /* rule, fail, warn, info, waived */
	ca_store_table *makers; /* role, owner, components */
	size_t cap_rules, cap_makers;
} reeval;

static ca_store_table *table_new(const char *const *cols, size_t n)
{
	ca_store_table *t = calloc(1, sizeof(*t));
	if (!t || !(t->cols = calloc(n, sizeof(*t->cols)))) {
		free(t);
		return NULL;
	}
	t->n_cols = n;
	for (size_t i = 0; i < n; i++)
		if (!(t->cols[i] = strdup(cols[i]))) {
			ca_store_table_free(t);
			return NULL;
		}
	return t;
}

/* A new row of t (cells NULL), or NULL when out of memory. */
static char **table_row(ca_store_table *t, size_t *cap)
{
	if (t->n_rows == *cap) {
		size_t c = *cap ? 2 * *cap : 64;
		char **g = realloc(t->cells, c * t->n_cols * sizeof(*g));
		if (!g)
			return NULL;
		t->cells = g;
		*cap = c;
	}
	char **row = t->cells + t->n_rows++ * t->n_cols;
	memset(row, 0, t->n_cols * sizeof(*row));
	return row;
}

static char *number_text(long long v)
{
	char *s;
	return asprintf(&s, "%lld", v) < 0 ? NULL : s;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

static bool same_name(const char *a, const char *b)
{
	return a && *a && strcasecmp(a, b) == 0;
}

/* True when finding x passes the filter (rule, role, maker). */
static bool finding_passes(const ca_store_filter *f, const ca_finding *x)
{
	if (f->rule && strcmp(x->rule->id, f->rule) != 0)
		return false;
	if (f->role && (!x->role || strcmp(x->role, f->role) != 0))
		return false;
	if (f->maker && !(x->maker && (same_name(x->maker->maker_id, f->maker) ||
				       same_name(x->maker->owner_id, f->maker) ||
				       same_name(x->maker->maker_name, f->maker) ||
				       same_name(x->maker->owner_name, f->maker))))
		return false;
	return true;
}

/* Adds n to the row of t whose first cells are keys[0..nk), making it. */
static int count_row(ca_store_table *t, size_t *cap, const char *const *keys, size_t nk, size_t col,
		     long long n)
{
	char **row = NULL;
	for (size_t r = 0; r < t->n_rows && !row; r++) {
		char **c = t->cells + r * t->n_cols;
		bool same = true;
		for (size_t k = 0; k < nk && same; k++)
			same = (!c[k] && !keys[k]) || (c[k] && keys[k] && strcmp(c[k], keys[k]) == 0);
		if (same)
			row = c;
	}
	if (!row) {
		if (!(row = table_row(t, cap)))
			return -ENOMEM;
		for (size_t k = 0; k < nk; k++)
			if (keys[k] && !(row[k] = strdup(keys[k])))
				return -ENOMEM;
		for (size_t k = nk; k < t->n_cols; k++)
			if (!(row[k] = strdup("0")))
				return -ENOMEM;
	}
	long long v = strtoll(row[col], NULL, 10) + n;
	free(row[col]);
	return (row[col] = number_text(v)) ? 0 : -ENOMEM;
}

static int summary_add(reeval *e, const ca_assessment *a)
{
	const ca_findings *fs = ca_assessment_findings(a);
	int worst = ca_findings_max_severity(fs);
	e->verdicts[!ca_assessment_readable(a) ? 4 : worst < 0 ? 3 : 2 - worst]++;
	for (size_t i = 0; i < ca_findings_count(fs); i++) {
		const ca_finding *x = ca_findings_at(fs, i);
		const char *key = x->rule->id;
		size_t col = x->waived ? 4 : 3 - (size_t)x->severity;
		if (count_row(e->rules, &e->cap_rules, &key, 1, col, 1) < 0)
			return -ENOMEM;
	}
	/* installed components by maker role and owner, as a report's summary counts them */
	for (size_t i = 0; ca_assessment_readable(a) && i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		if (!c->present || c->kind == CA_COMPONENT_SYSTEM)
			continue;
		for (size_t k = 0; k < c->n_makers; k++) {
			const ca_component_maker *m = &c->makers[k];
			const char *owner = m->answer.confidence ? m->answer.owner_name : NULL;
			if (owner && !*owner)
				owner = NULL;
			if (!owner && (strcmp(m->role, "register") == 0 || strcmp(m->role, "pmic") == 0))
				continue;
			const char *keys[] = {m->role, owner};
			if (count_row(e->makers, &e->cap_makers, keys, 2, 2, 1) < 0)
				return -ENOMEM;
		}
	}
	return 0;
}

static int reeval_host(void *ctx, const char *host, long long scan, ca_assessment *a)
{
	reeval *e = ctx;
	if (e->summary)
		return summary_add(e, a);
	const ca_findings *fs = ca_assessment_findings(a);
	for (size_t i = 0; i < ca_findings_count(fs); i++) {
		const ca_finding *x = ca_findings_at(fs, i);
		if (!finding_passes(e->f, x))
			continue;
		char **row = table_row(e->rows, &e->cap_rows);
		if (!row)
			return -ENOMEM;
		row[0] = strdup(host);
		row[1] = number_text(scan);
		row[2] = strdup(ca_severity_name(x->severity));
		row[3] = strdup(x->rule->id);
		row[4] = strdup(ca_finding_state_name(x->state));
		row[5] = ca_finding_component_text(x);
		row[6] = x->role ? strdup(x->role) : NULL;
		row[7] = x->maker ? dup_or_null(x->maker->owner_name) : NULL;
		row[8] = number_text(x->waived);
		if (!row[0] || !row[1] || !row[2] || !row[3] || !row[4] || !row[5] || !row[8] ||
		    (x->role && !row[6]))
			return -ENOMEM;
	}
	return 0;
}

/* The profile of the stored scans when they were all judged under one:
 * malloc'd in *ret (NULL when none or several). Returns 0 or -EIO. */
static int stored_profile(ca_store *s, char **ret)
{
	*ret = NULL;
	ca_store_table *t;
	int rc = ca_store_ask(s, CA_STORE_PROFILES, NULL, &t);
	if (rc < 0)
		return rc;
	if (t->n_rows == 1 && t->cells[0] && !(*ret = strdup(t->cells[0])))
		rc = -ENOMEM;
	ca_store_table_free(t);
	return rc;
}

/* Opens the policy of a re-evaluation: o's options, and without --profile
 * the profile every stored scan was judged under (said on stderr). */
static int reeval_policy(ca_store *s, const char *sub, common_options *o, ca_policy **ret, char **kept)
{
	*kept = NULL;
	if (!o->policy.profile) {
		int rc = stored_profile(s, kept);
		if (rc < 0)
			return ask_error(s, rc);
		if (*kept) {
			o->policy.profile = *kept;
			fprintf(stderr, "chipaudit fleet %s: profile %s, the one the stored scans were judged under\n",
				sub, ts(*kept));
		}
	}
	return policy_open_or_complain(&o->policy, ret);
}

/* Rows of the re-evaluated summary in the order of the store's: rules by
 * id; makers by role (module, dram, register, pmic, then the others by
 * name), most components first, then owner. */
typedef struct rule_row {
	char *c[5];
} rule_row;
typedef struct maker_row {
	char *c[3];
} maker_row;

static int cmp_rule_row(const void *a, const void *b)
{
	return strcmp(((const rule_row *)a)->c[0], ((const rule_row *)b)->c[0]);
}

static int role_rank(const char *role)
{
	static const char *const first[] = {"module", "dram", "register", "pmic"};
	for (int i = 0; i < 4; i++)
		if (strcmp(role, first[i]) == 0)
			return i;
	return 4;
}

static int cmp_maker_row(const void *a, const void *b)
{
	char *const *x = ((const maker_row *)a)->c, *const *y = ((const maker_row *)b)->c;
	int c = role_rank(x[0]) - role_rank(y[0]);
	if (!c)
		c = strcmp(x[0], y[0]);
	long long nx = strtoll(x[2], NULL, 10), ny = strtoll(y[2], NULL, 10);
	if (!c)
		c = (ny > nx) - (ny < nx);
	if (!c && x[1] != y[1])
		c = !x[1] ? -1 : !y[1] ? 1 : strcmp(x[1], y[1]);
	return c;
}

static int print_table_or_json(const ca_store_table *t, bool json, const char *title)
{
	if (json)
		return print_json(table_json(t));
	table_print(t, title);
	return EXIT_OK;
}

/* findings or summary under another profile or date (docs/fleet.md, "Re-evaluation"). */
static int fleet_reevaluate(ca_store *s, const char *sub, const ca_store_filter *f, common_options *o,
			    bool json)
{
	static const char *const finding_cols[] = {"host",   "scan", "severity", "rule",  "state",
						   "component", "role", "owner",    "waived"};
	static const char *const rule_cols[] = {"rule", "fail", "warn", "info", "waived"};
	static const char *const maker_cols[] = {"role", "owner", "components"};
	ca_policy *policy = NULL;
	char *kept = NULL;
	int ex = reeval_policy(s, sub, o, &policy, &kept);
	if (ex != EXIT_OK) {
		free(kept);
		return ex;
	}
	reeval e = {.f = f, .summary = strcmp(sub, "summary") == 0};
	e.rows = table_new(finding_cols, 9);
	e.rules = table_new(rule_cols, 5);
	e.makers = table_new(maker_cols, 3);
	size_t partial = 0;
	int rc = e.rows && e.rules && e.makers ? 0 : -ENOMEM;
	if (rc == 0)
		rc = ca_store_each_assessment(s, policy, f->host, reeval_host, &e, &partial);
	if (rc < 0) {
		ex = ask_error(s, rc);
	} else {
		if (partial)
			fprintf(stderr,
				"chipaudit fleet %s: %zu hosts' latest scans were stored before schema version 4"
				" and are judged on what that kept (installed modules, no JEDEC ids, no devices)\n",
				sub, partial);
		if (!e.summary) {
			ex = print_table_or_json(e.rows, json, NULL);
		} else {
			static const char *const names[] = {"fail", "warn", "info", "no_findings", "unreadable"};
			static const char *const vcols[] = {"verdict", "hosts"};
			ca_store_table *v = table_new(vcols, 2);
			size_t cap = 0;
			for (int k = 0; v && k < 5; k++) {
				if (!e.verdicts[k])
					continue;
				char **row = table_row(v, &cap);
				if (!row || !(row[0] = strdup(names[k])) ||
				    !(row[1] = number_text((long long)e.verdicts[k]))) {
					ca_store_table_free(v);
					v = NULL;
				}
			}
			qsort(e.rules->cells, e.rules->n_rows, sizeof(rule_row), cmp_rule_row);
			qsort(e.makers->cells, e.makers->n_rows, sizeof(maker_row), cmp_maker_row);
			if (!v) {
				ex = EXIT_INTERNAL;
			} else if (json) {
				json_t *doc = json_object();
				json_object_set_new(doc, "hosts_by_verdict", table_json(v));
				json_object_set_new(doc, "makers_by_role", table_json(e.makers));
				json_object_set_new(doc, "findings_by_rule", table_json(e.rules));
				ex = print_json(doc);
			} else {
				table_print(v, "hosts by verdict (latest scan of each host, re-evaluated):");
				printf("\n");
				table_print(e.makers, "installed components by maker role and owner:");
				printf("\n");
				table_print(e.rules, "findings by rule:");
			}
			ca_store_table_free(v);
		}
	}
	ca_store_table_free(e.rows);
	ca_store_table_free(e.rules);
	ca_store_table_free(e.makers);
	ca_policy_free(policy);
	free(kept);
	return ex;
}

static int fleet_query(const char *sub, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},	    {"host", required_argument, NULL, 'H'},
		{"rule", required_argument, NULL, 'r'},	    {"maker", required_argument, NULL, 'm'},
		{"role", required_argument, NULL, 'R'},	    {"verdict", required_argument, NULL, 'V'},
		{"format", required_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'},
		{"as-of", required_argument, NULL, 1001}, {"kb", required_argument, NULL, 1002},
		{"profile", required_argument, NULL, 1003}, {"rules", required_argument, NULL, 1004},
		{"ignore", required_argument, NULL, 1005}, {"purchases", required_argument, NULL, 1008},
		{NULL, 0, NULL, 0},
	};
	ca_store_filter f = {0};
	common_options co = COMMON_OPTIONS_INIT;
	bool policy_given = false;
	const char *db = NULL;
	bool json = false;
	int opt;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (opt > 1000) {
			if (common_option(&co, opt, optarg) != 1)
				return EXIT_BAD_INPUT;
			policy_given = true;
			continue;
		}
		switch (opt) {
		case 'd': db = optarg; break;
		case 'H': f.host = optarg; break;
		case 'r': f.rule = optarg; break;
		case 'm': f.maker = optarg; break;
		case 'R': f.role = optarg; break;
		case 'V': f.verdict = optarg; break;
		case 'f':
			if (!describe_format(optarg, &json))
				return EXIT_BAD_INPUT;
			break;
		case 'h': fleet_usage(stdout); return EXIT_OK;
		default: fleet_usage(stderr); return EXIT_BAD_INPUT;
		}
	}
	bool diff = strcmp(sub, "diff") == 0;
	bool reevaluates = strcmp(sub, "findings") == 0 || strcmp(sub, "summary") == 0;
	if (policy_given && !reevaluates) {
		fprintf(stderr, "chipaudit fleet %s: --profile, --as-of and the other rule options are for"
				" findings, summary and export\n", ts(sub));
		return EXIT_BAD_INPUT;
	}
	if ((!diff && optind < argc) || (diff && !(optind + 2 == argc || (optind == argc && f.host)))) {
		fprintf(stderr, "chipaudit fleet %s: %s\n", ts(sub),
			diff ? "give --host NAME or two scan ids" : "unexpected argument");
		return EXIT_BAD_INPUT;
	}
	if (diff && optind < argc) {
		char *e1, *e2;
		f.scan_a = strtoll(argv[optind], &e1, 10);
		f.scan_b = strtoll(argv[optind + 1], &e2, 10);
		if (*e1 || *e2 || e1 == argv[optind] || e2 == argv[optind + 1]) {
			fprintf(stderr, "chipaudit fleet diff: scan ids are numbers (chipaudit fleet scans)\n");
			return EXIT_BAD_INPUT;
		}
	}
	ca_store *s;
	int ex = open_store(db_url(db), &s);
	if (ex != EXIT_OK)
		return ex;
	if (policy_given) {
		ex = fleet_reevaluate(s, sub, &f, &co, json);
		ca_store_close(s);
		return ex;
	}
	if (diff && optind == argc) {
		int rc = ca_store_last_two_scans(s, f.host, &f.scan_a, &f.scan_b);
		if (rc < 0) {
			fprintf(stderr, "chipaudit fleet diff: %s: %s\n", ts(f.host),
				rc == -ENOENT ? "fewer than two scans of this host" : ts(ca_store_error(s)));
			ca_store_close(s);
			return rc == -ENOENT ? EXIT_BAD_INPUT : EXIT_INTERNAL;
		}
	}
	static const struct {
		const char *sub, *key, *title;
		ca_store_question q;
	} asks[] = {
		{"summary", "hosts_by_verdict", "hosts by verdict (latest scan of each host):",
		 CA_STORE_SUMMARY_VERDICTS},
		{"summary", "makers_by_role", "installed components by maker role and owner:",
		 CA_STORE_SUMMARY_MAKERS},
		{"summary", "findings_by_rule", "findings by rule:", CA_STORE_SUMMARY_RULES},
		{"hosts", NULL, NULL, CA_STORE_HOSTS},
		{"findings", NULL, NULL, CA_STORE_FINDINGS},
		{"scans", NULL, NULL, CA_STORE_SCANS},
		{"diff", NULL, NULL, CA_STORE_DIFF},
	};
	json_t *doc = json ? json_object() : NULL;
	bool first = true;
	for (size_t i = 0; i < sizeof(asks) / sizeof(asks[0]); i++) {
		if (strcmp(asks[i].sub, sub) != 0)
			continue;
		ca_store_table *t;
		int rc = ca_store_ask(s, asks[i].q, &f, &t);
		if (rc < 0) {
			ex = ask_error(s, rc);
			break;
		}
		if (json && asks[i].key) {
			json_object_set_new(doc, asks[i].key, table_json(t));
		} else if (json) {
			json_decref(doc);
			doc = table_json(t);
		} else {
			if (!first)
				printf("\n");
			if (diff)
				printf("scan %lld -> scan %lld\n", f.scan_a, f.scan_b);
			table_print(t, asks[i].title);
		}
		first = false;
		ca_store_table_free(t);
	}
	ca_store_close(s);
	if (json && ex == EXIT_OK)
		return print_json(doc);
	json_decref(doc);
	return ex;
}

/* ---------------------------------------------------------------- export */

typedef struct export_run {
	ca_sink *sink;
	size_t hosts;
} export_run;

static int export_host(void *ctx, const char *host, long long scan, ca_assessment *a)
{
	(void)host;
	(void)scan;
	export_run *x = ctx;
	ca_assessment_set_ordinal(a, ++x->hosts);
	return ca_sink_add_host(x->sink, a);
}

/* The latest scan of each host, re-evaluated, through a report sink. */
static int fleet_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'}, {"host", required_argument, NULL, 'H'},
		{"help", no_argument, NULL, 'h'}, COMMON_LONGOPTS, {NULL, 0, NULL, 0},
	};
	common_options co = COMMON_OPTIONS_INIT;
	const char *db = NULL, *host = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, "h" COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (opt == 'd') {
			db = optarg;
		} else if (opt == 'H') {
			host = optarg;
		} else if (opt == 'h') {
			fleet_usage(stdout);
			return EXIT_OK;
		} else {
			int r = common_option(&co, opt, optarg);
			if (r != 1) {
				if (r == 0)
					fleet_usage(stderr);
				return EXIT_BAD_INPUT;
			}
		}
	}
	if (optind < argc) {
		fprintf(stderr, "chipaudit fleet export: unexpected argument\n");
		return EXIT_BAD_INPUT;
	}
	if (!ca_sink_format_known(co.format)) {
		fprintf(stderr, "chipaudit fleet export: unknown format '%s' (%s)\n", ts(co.format),
			ca_sink_formats());
		return EXIT_BAD_INPUT;
	}
	ca_store *s;
	int ex = open_store(db_url(db), &s);
	if (ex != EXIT_OK)
		return ex;
	ca_policy *policy = NULL;
	char *kept = NULL;
	ex = reeval_policy(s, "export", &co, &policy, &kept);
	report_dest d = {0};
	ca_sink *sink = NULL;
	if (ex == EXIT_OK)
		ex = report_open(&co, policy, &d, &sink);
	if (ex == EXIT_OK) {
		export_run x = {.sink = sink};
		size_t partial = 0;
		int rc = ca_store_each_assessment(s, policy, host, export_host, &x, &partial);
		if (rc < 0) {
			ca_sink_close(sink, false);
			report_abandon(&d);
			ex = ask_error(s, rc);
		} else {
			if (partial)
				fprintf(stderr,
					"chipaudit fleet export: %zu hosts' latest scans were stored before schema"
					" version 4 and are judged on what that kept\n",
					partial);
			ex = report_close(sink, &d, ca_policy_profile(policy) != NULL);
		}
	}
	ca_policy_free(policy);
	free(kept);
	ca_store_close(s);
	return ex;
}

int cmd_fleet(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fleet_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_BAD_INPUT : EXIT_OK;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "ingest") == 0)
		return fleet_ingest(argc - 1, argv + 1);
	if (strcmp(sub, "export") == 0)
		return fleet_export(argc - 1, argv + 1);
	static const char *const queries[] = {"summary", "hosts", "findings", "scans", "diff"};
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
		if (strcmp(sub, queries[i]) == 0)
			return fleet_query(sub, argc - 1, argv + 1);
	fprintf(stderr, "chipaudit fleet: unknown subcommand '%s'\n", ts(sub));
	fleet_usage(stderr);
	return EXIT_BAD_INPUT;
}
