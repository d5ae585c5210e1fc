/* SPDX-License-Identifier: MIT */
/* Shared pieces of the chipaudit command line. The CLI is the only code
 * that prints. */
#ifndef CHIPAUDIT_CLI_H
#define CHIPAUDIT_CLI_H

#include "chipaudit/chipaudit.h"
#include "chipaudit/kb.h"
#include "chipaudit/report.h"
#include "chipaudit/rules.h"

#include <getopt.h>

#include <stdbool.h>
#include <stdio.h>

/* Exit codes (docs/chipaudit.1.md). */
enum {
	EXIT_OK = 0,           /* nothing at or above --fail-on */
	EXIT_FINDINGS = 1,     /* findings at or above --fail-on */
	EXIT_BAD_INPUT = 2,    /* bad input or usage */
	EXIT_INTERNAL = 3,     /* internal error (out of memory, I/O) */
	EXIT_NO_EVIDENCE = 4,  /* this machine's evidence cannot be read (not root, no tables) */
};

typedef enum output_format {
	OUTPUT_TABLE,
	OUTPUT_JSON,
} output_format;

/* Common output options of scan and audit. */
typedef struct output_options {
	output_format format;
	const char *path; /* NULL: standard output */
} output_options;

/* Parses a --format value. Returns false for an unknown format. */
bool output_format_parse(const char *text, output_format *ret_format);

/* An open report: the document around the per-host parts. */
typedef struct report_writer {
	FILE *out;
	bool owns_out;
	output_format format;
	size_t hosts;
	size_t unreadable;
	bool rules_applied;
} report_writer;

/* Opens the destination and writes the document head. Returns 0 or -errno
 * (with a message printed). */
int report_writer_open(report_writer *w, const output_options *opt);

/* Renders one host to a malloc'd string in the writer's format (called
 * from worker threads: touches no writer state). Returns NULL when out of
 * memory. */
char *report_render_host(const ca_host *host, output_format format, const ca_report_options *opt);

/* Appends a rendered host to the document. */
void report_writer_add(report_writer *w, const char *rendered, bool readable);

/* Writes the document tail and closes the destination. Returns 0 or -EIO. */
int report_writer_close(report_writer *w);

/* Formats "chipaudit: PATH: [line N: | offset N (0xN): ]MESSAGE" for the
 * diagnostic that made a host unreadable (its last error), with a newline.
 * Returns a malloc'd string, or NULL when out of memory. */
char *format_unreadable(const char *path, const ca_host *host);

#define KNOWLEDGE_MAX_FILES 32u

/* --kb files and --as-of date of a command. */
typedef struct knowledge_options {
	const char *files[KNOWLEDGE_MAX_FILES];
	size_t n_files;
	const char *as_of; /* NULL: today */
	const char *profile;                   /* --profile NAME|FILE, or NULL */
	const char *rule_files[KNOWLEDGE_MAX_FILES]; /* --rules FILE */
	size_t n_rule_files;
	const char *ignore;                    /* --ignore FILE (waivers), or NULL */
	ca_severity fail_on;                   /* --fail-on, default fail */
} knowledge_options;

/* The rules, profile and waivers a command evaluates with. */
typedef struct policy {
	ca_rules *rules;
	const ca_profile *profile; /* NULL: no rules applied */
	ca_waivers *waivers;
} policy;

/* Handles the options shared by scan and audit: --as-of, --kb, --profile,
 * --rules, --ignore, --fail-on. Returns 1 when opt was one of them (and
 * consumed), 0 when not, -1 on a bad value (message printed). */
int knowledge_option(knowledge_options *k, int opt, const char *arg);

/* getopt_long entries for knowledge_option(), to append to a command's. */
#define KNOWLEDGE_LONGOPTS                                                                      \
	{"as-of", required_argument, NULL, 1001}, {"kb", required_argument, NULL, 1002},       \
	{"profile", required_argument, NULL, 1003}, {"rules", required_argument, NULL, 1004},  \
	{"ignore", required_argument, NULL, 1005}, {"fail-on", required_argument, NULL, 1006}

/* Loads rules, the profile and waivers. Returns an exit code (printed on failure). */
int policy_open(const knowledge_options *k, const ca_kb *kb, policy *ret);
void policy_close(policy *p);

/* Evaluates a host; *ret_findings is NULL when no profile is set. Returns 0 or -errno. */
int policy_evaluate(const policy *p, const ca_kb *kb, const ca_host *host, const char *as_of,
		    ca_findings **ret_findings);

/* Adds a --kb file. Returns 0, or -1 (message printed) past the cap. */
int knowledge_add_file(knowledge_options *k, const char *path);

/* Sets --as-of after checking it is YYYY-MM-DD (message printed if not). */
bool knowledge_set_date(knowledge_options *k, const char *date);

/* Creates the knowledge base: built-in data, then CHIPAUDIT_KB files, then
 * --kb files. Returns an exit code (EXIT_OK, or the failure, printed). */
int knowledge_open(const knowledge_options *k, ca_kb **ret_kb);

/* Subcommands. argv[0] is the subcommand name. */
int cmd_scan(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_identify(int argc, char **argv);
int cmd_rules(int argc, char **argv);

#endif
