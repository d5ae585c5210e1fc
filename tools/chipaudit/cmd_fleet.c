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
		char *path = walk_next(wk, &kind, &err);
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

static int fleet_query(const char *sub, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},	    {"host", required_argument, NULL, 'H'},
		{"rule", required_argument, NULL, 'r'},	    {"maker", required_argument, NULL, 'm'},
		{"role", required_argument, NULL, 'R'},	    {"verdict", required_argument, NULL, 'V'},
		{"format", required_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	ca_store_filter f = {0};
	const char *db = NULL;
	bool json = false;
	int opt;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
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

int cmd_fleet(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fleet_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_BAD_INPUT : EXIT_OK;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "ingest") == 0)
		return fleet_ingest(argc - 1, argv + 1);
	static const char *const queries[] = {"summary", "hosts", "findings", "scans", "diff"};
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
		if (strcmp(sub, queries[i]) == 0)
			return fleet_query(sub, argc - 1, argv + 1);
	fprintf(stderr, "chipaudit fleet: unknown subcommand '%s'\n", ts(sub));
	fleet_usage(stderr);
	return EXIT_BAD_INPUT;
}
