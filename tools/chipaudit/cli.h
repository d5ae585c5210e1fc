/* SPDX-License-Identifier: MIT */
/* Shared pieces of the chipaudit command line. The CLI is the only code
 * that prints; the work is done by libchipaudit (assess, report). */
#ifndef CHIPAUDIT_CLI_H
#define CHIPAUDIT_CLI_H

#include "chipaudit/assess.h"
#include "chipaudit/report.h"

#include <getopt.h>

#include <stdbool.h>
#include <stdio.h>

/* Exit codes (docs/chipaudit.md). */
enum {
	EXIT_OK = 0,           /* nothing at or above --fail-on */
	EXIT_FINDINGS = 1,     /* findings at or above --fail-on */
	EXIT_BAD_INPUT = 2,    /* bad input or usage */
	EXIT_INTERNAL = 3,     /* internal error (out of memory, I/O) */
	EXIT_NO_EVIDENCE = 4,  /* this machine's evidence cannot be read (not root, no tables) */
};

/* The options scan and audit share, and what they are parsed into. */
typedef struct common_options {
	ca_policy_options policy; /* --kb --rules --profile --ignore --as-of --purchases */
	const char *format;       /* --format, default "table" */
	const char *output;       /* -o FILE, NULL or "-": standard output */
	ca_severity fail_on;      /* --fail-on, default fail */
	ca_sink_options sink;     /* --verbose --quiet --color --csv-rows --csv-bom --with-serials */
	int colour;               /* --color: -1 never, 0 auto (a terminal without NO_COLOR), 1 always */
} common_options;

/* Defaults of common_options. */
#define COMMON_OPTIONS_INIT {.format = "table", .fail_on = CA_SEVERITY_FAIL}

/* getopt_long entries for common_option(), to append to a command's. */
#define COMMON_LONGOPTS                                                                         \
	{"as-of", required_argument, NULL, 1001}, {"kb", required_argument, NULL, 1002},       \
	{"profile", required_argument, NULL, 1003}, {"rules", required_argument, NULL, 1004},  \
	{"ignore", required_argument, NULL, 1005}, {"fail-on", required_argument, NULL, 1006}, \
	{"format", required_argument, NULL, 1007}, {"output", required_argument, NULL, 'o'},   \
	{"purchases", required_argument, NULL, 1008}, {"verbose", no_argument, NULL, 'v'},      \
	{"quiet", no_argument, NULL, 'q'}, {"color", required_argument, NULL, 1009},           \
	{"csv-rows", required_argument, NULL, 1010}, {"csv-bom", no_argument, NULL, 1011},     \
	{"with-serials", no_argument, NULL, 1012}

/* Short options of COMMON_LONGOPTS, for getopt_long's optstring. */
#define COMMON_SHORTOPTS "o:vq"

/* Handles one of COMMON_LONGOPTS (and -o). Returns 1 when opt was one of
 * them (and consumed), 0 when not, -1 on a bad value (message printed). */
int common_option(common_options *o, int opt, const char *arg);

/* --format of identify and rules: "table" or "json" (*ret_json). Returns
 * false (message printed) for anything else. */
bool describe_format(const char *arg, bool *ret_json);

/* Help lines for the report options of COMMON_LONGOPTS. */
extern const char common_report_help[];

/* Sets the date after checking it is YYYY-MM-DD (message printed if not). */
bool option_set_date(ca_policy_options *p, const char *date);

/* The date arg (checked: YYYY-MM-DD, else a message naming option and
 * false), or today's UTC date when arg is NULL, into out. */
bool date_or_today(const char *option, const char *arg, char out[11]);

/* Adds a knowledge-base file. Returns false (message printed) past the cap. */
bool option_add_kb_file(ca_policy_options *p, const char *path);

/* Adds a rule pack or profile file. Returns false (message printed) past the cap. */
bool option_add_rule_file(ca_policy_options *p, const char *path);

/* SOURCE_DATE_EPOCH: 1 and the seconds when set to a number >= 0, 0 when
 * unset or empty, -1 when set to anything else (said once on stderr). */
int source_date_epoch(long long *ret_seconds);

/* Opens the policy: the data directory's knowledge-base files, then the
 * CHIPAUDIT_KB files (colon-separated), then the --kb files; the data
 * directory's rule packs and profiles before the --rules files; without
 * --as-of, the day SOURCE_DATE_EPOCH names when it is set. Returns an exit
 * code (the failure printed). */
int policy_open_or_complain(const ca_policy_options *options, ca_policy **ret_policy);

/* Where a report goes (output.c). */
typedef struct report_dest {
	FILE *out;
	const char *final_path; /* the -o file a temporary file is renamed to, or NULL */
} report_dest;

/* True when path is an existing regular file that is one of inputs, or lies
 * in one of the input folders: writing the report there would replace
 * evidence. */
bool output_names_input(const char *path, char *const *inputs, size_t n_inputs);

/* True when candidate is (through any links) the existing regular file path
 * that -o names: reading it as evidence would be replacing evidence. */
bool output_is_file(const char *path, const char *candidate);

/* Prints why -o is refused ("chipaudit COMMAND: -o FILE is WHERE; refusing
 * to write the report over evidence") and returns EXIT_BAD_INPUT. */
int refuse_output_over_evidence(const char *command, const char *output, const char *where);

/* Opens the report destination (o->output; NULL or "-": standard output; a
 * regular file: a temporary file beside it, renamed by report_close(),
 * removed on SIGINT, SIGTERM, SIGHUP or failure) and a sink of o->format
 * on it with o's sink options, colour and width decided by where it goes,
 * and the time from SOURCE_DATE_EPOCH when set. Returns an exit code (the
 * failure printed). */
int report_open(common_options *o, const ca_policy *policy, report_dest *d, ca_sink **ret_sink);

/* Opens the destination path as report_open() does, without a sink. */
int dest_open(const char *path, report_dest *d);

/* Flushes, syncs and renames the destination into place as report_close()
 * does; err is an errno that already happened writing it (0: none), in
 * which case the old file is left as it was. Returns an exit code (the
 * failure printed). */
int dest_close(report_dest *d, int err);

/* Closes the destination without a report (removes the temporary file). */
void report_abandon(report_dest *d);

/* Prints one line for each row of the policy's purchase list that matched
 * no host of the run. Returns how many. */
size_t complain_unmatched_purchases(const ca_policy *policy);

/* Closes the sink, flushes and syncs the destination and renames it into
 * place. Returns an exit code (a write error, e.g. a full disk, printed
 * with its reason; the old file is then left as it was). */
int report_close(ca_sink *sink, report_dest *d, bool rules_applied);

/* For each evidence source of a that could not be read, or was read with
 * an error diagnostic (incomplete), one line
 * "chipaudit: PATH: [line N: | offset N (0xN): ]MESSAGE" (its last error),
 * in a malloc'd string; NULL when every source was read (or out of memory). */
char *format_unreadable(const ca_assessment *a);

/* A copy of s safe for a terminal (ca_terminal_text(): controls, invalid
 * UTF-8 and bidi controls become '?'), valid until TS_RING more calls on the
 * same thread; NULL prints as "(null)". Every string from evidence, data
 * files, file names or the command line goes through it before printing. */
#define TS_RING 16
const char *ts(const char *s);

/* Frees the calling thread's ts() copies (worker threads call it on exit). */
void ts_release(void);

/* A progress bar on stderr (progress.c); every function takes NULL. */
typedef struct progress progress;
/* A bar when stderr is a terminal, not quiet, and the report does not go
 * to the terminal; else NULL. */
progress *progress_new(bool quiet, bool report_on_terminal);
/* One host done; draws once the run has taken a second, ten times a second at most. */
void progress_step(progress *p);
/* Erases the bar before other lines go to stderr; the next step redraws it. */
void progress_clear(progress *p);
/* The number of hosts, once known. */
void progress_total(progress *p, size_t total);
/* Erases the bar and frees it. */
void progress_end(progress *p);

/* Subcommands. argv[0] is the subcommand name. */
int cmd_scan(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_bom(int argc, char **argv);
int cmd_identify(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_fleet(int argc, char **argv);
int cmd_collect(int argc, char **argv);
int cmd_parties(int argc, char **argv);
int cmd_screen(int argc, char **argv);
int cmd_lists(int argc, char **argv);

#endif
