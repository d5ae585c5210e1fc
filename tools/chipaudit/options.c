/* SPDX-License-Identifier: MIT */
/* Options shared by the subcommands, the policy they open, the report
 * destination, and the one-line complaints about unreadable evidence. */
#include "cli.h"
#include "datadir.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static _Thread_local char *ts_ring[TS_RING];
static _Thread_local unsigned ts_next;

const char *ts(const char *s)
{
	char *copy = ca_terminal_text(s ? s : "(null)");
	if (!copy)
		return "?";
	free(ts_ring[ts_next]);
	ts_ring[ts_next] = copy;
	ts_next = (ts_next + 1) % TS_RING;
	return copy;
}

void ts_release(void)
{
	for (unsigned i = 0; i < TS_RING; i++) {
		free(ts_ring[i]);
		ts_ring[i] = NULL;
	}
}

bool option_add_kb_file(ca_policy_options *p, const char *path)
{
	if (p->n_kb_files >= CA_POLICY_MAX_FILES) {
		fprintf(stderr, "chipaudit: at most %u --kb files\n", CA_POLICY_MAX_FILES);
		return false;
	}
	p->kb_files[p->n_kb_files++] = path;
	return true;
}

bool option_add_rule_file(ca_policy_options *p, const char *path)
{
	if (p->n_rule_files >= CA_POLICY_MAX_FILES) {
		fprintf(stderr, "chipaudit: at most %u --rules files (the data directory's included)\n",
			CA_POLICY_MAX_FILES);
		return false;
	}
	p->rule_files[p->n_rule_files++] = path;
	return true;
}

bool option_set_date(ca_policy_options *p, const char *date)
{
	if (!ca_date_valid(date)) {
		fprintf(stderr, "chipaudit: --as-of takes a real date written YYYY-MM-DD, not '%s'\n", ts(date));
		return false;
	}
	p->as_of = date;
	return true;
}

bool date_or_today(const char *option, const char *arg, char out[11])
{
	if (arg) {
		if (!ca_date_valid(arg)) {
			fprintf(stderr, "chipaudit: %s takes a real date written YYYY-MM-DD, not '%s'\n", option, ts(arg));
			return false;
		}
		snprintf(out, 11, "%s", arg);
		return true;
	}
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
	return true;
}

int common_option(common_options *o, int opt, const char *arg)
{
	ca_policy_options *p = &o->policy;
	switch (opt) {
	case 1001: return option_set_date(p, arg) ? 1 : -1;
	case 1002: return option_add_kb_file(p, arg) ? 1 : -1;
	case 1003: p->profile = arg; return 1;
	case 1004:
		return option_add_rule_file(p, arg) ? 1 : -1;
	case 1005: p->waivers = arg; return 1;
	case 1006:
		if (ca_severity_parse(arg, &o->fail_on) < 0) {
			fprintf(stderr, "chipaudit: --fail-on takes fail, warn or info, not '%s'\n", ts(arg));
			return -1;
		}
		return 1;
	case 1007:
		if (!ca_sink_format_known(arg)) {
			fprintf(stderr, "chipaudit: unknown format '%s' (%s)\n", ts(arg), ts(ca_sink_formats()));
			return -1;
		}
		o->format = arg;
		return 1;
	case 'o': o->output = arg; return 1;
	case 1008: p->purchases = arg; return 1;
	case 'v': o->sink.verbose = true; return 1;
	case 'q': o->sink.quiet = true; return 1;
	case 1009:
		if (strcmp(arg, "auto") == 0 || strcmp(arg, "never") == 0 || strcmp(arg, "always") == 0) {
			o->colour = arg[0] == 'a' ? (arg[1] == 'u' ? 0 : 1) : -1;
			return 1;
		}
		fprintf(stderr, "chipaudit: --color takes auto, always or never, not '%s'\n", ts(arg));
		return -1;
	case 1010:
		if (strcmp(arg, "findings") == 0 || strcmp(arg, "components") == 0) {
			o->sink.csv_components = arg[0] == 'c';
			return 1;
		}
		fprintf(stderr, "chipaudit: --csv-rows takes findings or components, not '%s'\n", ts(arg));
		return -1;
	case 1011: o->sink.csv_excel_bom = true; return 1;
	case 1012: o->sink.with_serials = true; return 1;
	default: return 0;
	}
}

bool describe_format(const char *arg, bool *ret_json)
{
	if (strcmp(arg, "table") != 0 && strcmp(arg, "json") != 0) {
		fprintf(stderr, "chipaudit: --format takes table or json here, not '%s'\n", ts(arg));
		return false;
	}
	*ret_json = arg[0] == 'j';
	return true;
}

const char common_report_help[] =
	"  --format F   table (default), json, jsonl, csv, sarif, cyclonedx or html\n"
	"  -o FILE      write the report to FILE (replaced only when complete)\n"
	"  -v, --verbose  table: one block per finding instead of one per group\n"
	"  -q, --quiet  table: only hosts with findings, a line per group, and the summary;\n"
	"               no progress bar\n"
	"  --color WHEN auto (default: on a terminal, unless NO_COLOR is set), always, never\n"
	"  --csv-rows R findings (default) or components; --csv-bom: UTF-8 BOM for Excel\n"
	"  --with-serials  cyclonedx and html: include serial numbers\n";

/* o with the data directory's files before the user's, and the CHIPAUDIT_KB
 * files (in env_copy, split) between the data directory's and --kb. */
static bool with_data_files(const ca_policy_options *options, const data_files *d, char *env_copy,
			    ca_policy_options *o)
{
	*o = *options;
	o->n_kb_files = 0;
	o->n_rule_files = 0;
	for (size_t i = 0; i < d->n_kb; i++)
		if (!option_add_kb_file(o, d->kb[i]))
			return false;
	char *save = NULL;
	for (char *f = env_copy ? strtok_r(env_copy, ":", &save) : NULL; f; f = strtok_r(NULL, ":", &save))
		if (!option_add_kb_file(o, f))
			return false;
	for (size_t i = 0; i < options->n_kb_files; i++)
		if (!option_add_kb_file(o, options->kb_files[i]))
			return false;
	for (size_t i = 0; i < d->n_rules; i++)
		if (!option_add_rule_file(o, d->rules[i]))
			return false;
	for (size_t i = 0; i < options->n_rule_files; i++)
		if (!option_add_rule_file(o, options->rule_files[i]))
			return false;
	return true;
}

int source_date_epoch(long long *ret_seconds)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	if (!epoch || !*epoch)
		return 0;
	char *end;
	errno = 0;
	long long t = strtoll(epoch, &end, 10);
	if (*end || errno || t < 0) {
		static bool said;
		if (!said)
			fprintf(stderr, "chipaudit: SOURCE_DATE_EPOCH is not a number of seconds; "
					"the report carries the current time\n");
		said = true;
		return -1;
	}
	*ret_seconds = t;
	return 1;
}

int policy_open_or_complain(const ca_policy_options *options, ca_policy **ret_policy)
{
	data_files d;
	int rc = data_files_find(&d);
	if (rc != EXIT_OK)
		return rc;
	char *env_copy = NULL;
	const char *env = getenv("CHIPAUDIT_KB");
	if (env && *env) {
		env_copy = strdup(env);
		if (!env_copy) {
			data_files_free(&d);
			fprintf(stderr, "chipaudit: out of memory\n");
			return EXIT_INTERNAL;
		}
	}
	ca_policy_options o;
	if (!with_data_files(options, &d, env_copy, &o)) {
		free(env_copy);
		data_files_free(&d);
		return EXIT_BAD_INPUT;
	}
	/* a reproducible report judges on the day SOURCE_DATE_EPOCH names, unless --as-of says */
	static char epoch_day[16];
	long long epoch;
	if (!o.as_of && source_date_epoch(&epoch) > 0) {
		time_t t = (time_t)epoch;
		struct tm tm;
		if (gmtime_r(&t, &tm) && strftime(epoch_day, sizeof(epoch_day), "%Y-%m-%d", &tm))
			o.as_of = epoch_day;
	}
	char *err = NULL;
	rc = ca_policy_open(&o, ret_policy, &err);
	free(env_copy);
	data_files_free(&d);
	if (rc < 0) {
		fprintf(stderr, "chipaudit: %s\n", ts(err ? err : strerror(-rc)));
		free(err);
		return rc == -ENOMEM || rc == -ENOTRECOVERABLE ? EXIT_INTERNAL : EXIT_BAD_INPUT;
	}
	return EXIT_OK;
}

/* Appends the complaint about one unreadable or incomplete evidence source to m. */
static void complaint(FILE *m, const ca_evidence *e)
{
	const ca_diagnostic *chosen = ca_host_last_error(e->host);
	if (!chosen)
		fprintf(m, "chipaudit: %s: unreadable\n", ts(e->name));
	else if (chosen->line)
		fprintf(m, "chipaudit: %s: line %u: %s\n", ts(e->name), chosen->line, ts(chosen->message));
	else if (chosen->offset >= 0)
		fprintf(m, "chipaudit: %s: offset %lld (0x%llX): %s\n", ts(e->name),
			(long long)chosen->offset, (unsigned long long)chosen->offset, ts(chosen->message));
	else
		fprintf(m, "chipaudit: %s: %s\n", ts(e->name), ts(chosen->message));
}

char *format_unreadable(const ca_assessment *a)
{
	char *buf = NULL;
	size_t len = 0, n = 0, incomplete = 0;
	for (size_t i = 0; i < ca_assessment_evidence_count(a); i++)
		incomplete += !ca_evidence_complete(ca_assessment_evidence(a, i));
	if (incomplete == 0)
		return NULL; /* the common case: no stream to open */
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		return NULL;
	for (size_t i = 0; i < ca_assessment_evidence_count(a); i++) {
		const ca_evidence *e = ca_assessment_evidence(a, i);
		if (!ca_evidence_complete(e)) {
			complaint(m, e);
			n++;
		}
	}
	if (fclose(m) != 0 || n == 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

size_t complain_unmatched_purchases(const ca_policy *policy)
{
	const ca_purchases *p = ca_policy_purchases(policy);
	size_t n = 0;
	for (size_t i = 0; i < ca_purchases_count(p); i++) {
		if (ca_purchases_matched(p, i))
			continue;
		const ca_purchase *row = ca_purchases_at(p, i);
		fprintf(stderr, "chipaudit: %s:%u: purchase key '%s' (column %s) matches no host of this run\n",
			ts(ca_purchases_name(p)), row->line, ts(row->key), ts(row->column));
		n++;
	}
	return n;
}
