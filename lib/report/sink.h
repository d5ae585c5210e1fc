/* SPDX-License-Identifier: MIT */
/*
 * The table of sinks. Each format is one file in lib/report/ with up to
 * five functions; sink.c lists them in one table and runs the document
 * (head, hosts in order, trailing parts, tail) for all of them, and
 * tally.c counts the run's summary every format may print.
 *
 * Adding a format: write lib/report/FORMAT.c with its functions, declare
 * them here, and add one row to the table in sink.c.
 */
#ifndef CA_REPORT_SINK_H
#define CA_REPORT_SINK_H

#include "chipaudit/report.h"

#include <stdint.h>

/* Verdicts of hosts: the worst severity not waived, or why there is none. */
enum {
	VERDICT_UNREADABLE = 0,
	VERDICT_CLEAN,   /* read, no finding (or every one waived) */
	VERDICT_INFO,
	VERDICT_WARN,
	VERDICT_FAIL,
	VERDICT_COUNT,
};

/* "unreadable", "no findings", "info", "warn", "fail". */
const char *cai_verdict_name(int verdict);

/* Findings of one rule, by severity (waived ones counted apart). */
typedef struct tally_rule {
	char *rule;
	size_t by_severity[3];
	size_t waived;
} tally_rule;

/* Components whose maker in role is owned by owner ("" when unknown). */
typedef struct tally_maker {
	char *role;
	char *owner;
	size_t n;
} tally_maker;

struct ca_host_tally {
	char *label;
	size_t ordinal; /* ca_assessment_ordinal() */
	char *system; /* "Maker Product" from SMBIOS, or NULL */
	bool readable, complete;
	int verdict;  /* VERDICT_* */
	size_t findings, waived, modules;
	ca_scope scope; /* what the host's evidence showed (ca_assessment_scope) */
	tally_rule *rules;
	size_t n_rules, cap_rules;
	tally_maker *makers;
	size_t n_makers, cap_makers;
	char *trailer; /* written at the document's end (CycloneDX annotations), or NULL */
	size_t trailer_len;
	FILE *trailer_file; /* instead of trailer, for a large host: a temporary file */
};

/* One host row the HTML report's table keeps until the end. */
typedef struct summary_host {
	char *label, *system;
	size_t ordinal;
	int verdict;
	size_t findings, waived, modules;
	char *makers; /* "module: Micron 12; dram: ..." */
} summary_host;

typedef struct sink_summary {
	const ca_policy *policy; /* the policy of the run, or NULL */
	size_t hosts_read;
	size_t incomplete; /* of hosts_read: some evidence had an error */
	bool rules_applied;
	size_t by_verdict[VERDICT_COUNT]; /* unreadable hosts: by_verdict[VERDICT_UNREADABLE] */
	size_t findings, waived;
	tally_rule *rules; /* in order of first appearance */
	size_t n_rules, cap_rules;
	tally_maker *makers; /* in order of first appearance */
	size_t n_makers, cap_makers;
	summary_host *hosts; /* only for formats with keeps_hosts */
	size_t n_hosts, cap_hosts;
	ca_scope inspected; /* kinds some host showed: storage, devices */
} sink_summary;

/* "storage (...), network controllers, ...": the kinds no host of the run
 * showed. Malloc'd, or NULL when out of memory. */
char *cai_summary_not_inspected_text(const sink_summary *s);

/* The kinds of components no evidence of scope sc showed (every kind the
 * tool cannot inspect when sc is NULL), joined by ", "; malloc'd, NULL
 * when out of memory. */
char *cai_scope_not_inspected_text(const ca_scope *sc);

/* True when makers[i] is the first entry of its role: roles are walked in
 * order of first appearance by visiting only those. */
bool cai_first_of_role(const tally_maker *makers, size_t i);

/* Adds a host's tally to the summary (hosts kept when keep_host). Returns 0 or -ENOMEM. */
int cai_summary_add(sink_summary *s, const ca_host_tally *t, bool keep_host);

/* Frees what the summary holds. */
void cai_summary_release(sink_summary *s);

/* Counts the host for the summary (trailer left NULL). Returns 0 or -ENOMEM. */
int cai_tally_host(const ca_assessment *a, ca_host_tally **ret);

typedef struct sink_type {
	const char *name;
	/* Writes the document head, or NULL for none. */
	int (*begin)(const ca_sink_options *o, FILE *out);
	/* Writes one host's part to out, streaming; must only read a (runs on
	 * worker threads). Returns 0, -ENOMEM or -EIO. */
	int (*render)(const ca_sink_options *o, const ca_assessment *a, FILE *out);
	/* Written between two non-empty host parts, or NULL. */
	const char *separator;
	/* Writes the document tail with the run summary. */
	int (*end)(const ca_sink_options *o, FILE *out, const sink_summary *summary);
	/* True when a host's part may be empty (SARIF: a host without findings). */
	bool may_be_empty;
	/* Writes a host's part that goes at the document's end, after every
	 * host (CycloneDX annotations), or NULL; same rules as render. */
	int (*render_trailer)(const ca_sink_options *o, const ca_assessment *a, FILE *out);
	/* Written between two non-empty trailing parts, or NULL; and after
	 * the last (the tail then comes before the trailing parts). */
	const char *trailer_separator;
	const char *trailer_close;
	/* Keeps a row per host for the end (the HTML report's table). */
	bool keeps_hosts;
} sink_type;

#define SINK_RENDER(name) int name(const ca_sink_options *o, const ca_assessment *a, FILE *out)
#define SINK_BEGIN(name) int name(const ca_sink_options *o, FILE *out)
#define SINK_END(name) int name(const ca_sink_options *o, FILE *out, const sink_summary *summary)

/* table.c */
SINK_RENDER(cai_sink_table_render);
SINK_END(cai_sink_table_end);

/* csv.c: one row per finding (or component); and JSON Lines, one host object per line */
SINK_BEGIN(cai_sink_csv_begin);
SINK_RENDER(cai_sink_csv_render);
SINK_END(cai_sink_csv_end);
SINK_RENDER(cai_sink_jsonl_render);
SINK_END(cai_sink_jsonl_end);

/* sarif.c */
SINK_BEGIN(cai_sink_sarif_begin);
SINK_RENDER(cai_sink_sarif_render);
SINK_END(cai_sink_sarif_end);

/* cyclonedx.c */
SINK_BEGIN(cai_sink_cyclonedx_begin);
SINK_RENDER(cai_sink_cyclonedx_render);
SINK_RENDER(cai_sink_cyclonedx_trailer);
SINK_END(cai_sink_cyclonedx_end);

/* html.c */
SINK_BEGIN(cai_sink_html_begin);
SINK_RENDER(cai_sink_html_render);
SINK_END(cai_sink_html_end);

/* json.c */
/* Writes s (NULL: null) as a JSON string byte for byte as jansson dumps it,
 * invalid UTF-8 bytes replaced by U+FFFD. */
void cai_json_put_string(FILE *out, const char *s);
/* A jansson string of s (NULL: null), invalid UTF-8 replaced by U+FFFD; NULL when out of memory. */
struct json_t;
struct json_t *cai_json_str(const char *s);
/* json_dumps(j, flags) with C1 controls, bidi controls and marks and the
 * line and paragraph separators written as \uXXXX escapes (the decoded text
 * is the same; no raw control reaches a viewer). Malloc'd; NULL when out of memory. */
char *cai_json_dumps(const struct json_t *j, size_t flags);
SINK_BEGIN(cai_sink_json_begin);

/* export_json.c: a screened order line (component of kind
 * CA_COMPONENT_ORDER_LINE) with its answer; the export details of a
 * finding of state CA_FINDING_EXPORT_*; the run's properties as an object
 * (NULL when there are none). New references. */
struct json_t *cai_order_line_json(const ca_component *c);
struct json_t *cai_export_finding_json(const ca_finding *f);
struct json_t *cai_properties_json(const ca_sink_options *o);
/* describe.c: a screening-list hit as `chipaudit parties` writes it. */
struct ca_party_hit;
struct json_t *cai_party_hit_json(const struct ca_party_hit *h);
/* The run's properties as "lists 2026-07-31, cfr 2026-07-23, ...", or NULL
 * when there are none. Malloc'd. */
char *cai_properties_text(const ca_sink_options *o);
SINK_RENDER(cai_sink_json_render);
/* The host object of the JSON sink; with_vintage adds the run's properties
 * as its "data_vintage" (JSON Lines, where each line stands alone). */
int cai_json_host(const ca_sink_options *o, const ca_assessment *a, FILE *out, bool with_vintage);
SINK_END(cai_sink_json_end);

/* groups.c: findings alike but for their component (rule, severity, state,
 * waiver, role, maker and owner, purchase and SPD dates), as one group. */
typedef struct finding_group {
	const ca_finding **members; /* in findings order; an unattributed finding is alone */
	size_t n;
} finding_group;

typedef struct finding_groups {
	finding_group *groups; /* in order of their first finding */
	size_t n;
	const ca_finding **all; /* the members' storage */
} finding_groups;

/* Groups the findings of fs. Returns 0 (*ret filled, possibly empty) or -ENOMEM. */
int cai_group_findings(const ca_findings *fs, finding_groups *ret);
void cai_finding_groups_release(finding_groups *g);
/* A component's short name: its slot, else its label. */
const char *cai_component_short_name(const ca_component *c);
/* "Micron module maker: 12 of 12 memory devices (ChannelA-DIMM0 … ChannelO-DIMM0)"
 * for a group of attributed findings of host a. Malloc'd, NULL when out of memory. */
char *cai_group_headline(const ca_assessment *a, const finding_group *g);
/* "12 memory devices (ChannelA-DIMM0 … ChannelO-DIMM0)", for the group's sentence. Malloc'd. */
char *cai_group_about(const finding_group *g);

/* One distinct evidence of a group, with the members it is for ("A, B and 3 more"). */
typedef struct group_evidence {
	char *text;
	char *members;
	size_t count;
} group_evidence;
/* The distinct evidence of a group's members, in order. Returns 0 or -ENOMEM. */
int cai_group_evidence(const finding_group *g, group_evidence **ret, size_t *ret_n);
void cai_group_evidence_free(group_evidence *e, size_t n);

/* The report's time: o->timestamp, or now. As "YYYY-MM-DDTHH:MM:SSZ" into buf (21 bytes). */
void cai_sink_time(const ca_sink_options *o, char buf[static 21]);

#endif
