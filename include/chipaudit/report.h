/* SPDX-License-Identifier: MIT */
/*
 * Writers ("sinks") of assessments, and the words of findings.
 *
 * A sink turns finished assessments (chipaudit/assess.h) into one document:
 * ca_sink_open() writes the head, each host is added in order, and
 * ca_sink_close() writes the tail. Streaming formats can render a host's
 * part on any thread (ca_sink_render_host) and add it later in order
 * (ca_sink_add_rendered), so rendering runs in parallel while the document
 * keeps its order. Sinks write to a stream the caller owns; they never
 * print on their own, and never resolve makers or evaluate rules.
 */
#ifndef CHIPAUDIT_REPORT_H
#define CHIPAUDIT_REPORT_H

#include "chipaudit/assess.h"

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the JSON report schema (docs/report.schema.json). */
#define CA_REPORT_SCHEMA_VERSION "1.5"

typedef struct ca_sink ca_sink;

/* A fact about the data a run was judged with (the screening lists' date,
 * the CFR date, the date the regime records were reviewed), written in
 * every format's run metadata. */
typedef struct ca_sink_property {
	const char *name;  /* "lists", "cfr", "regimes_reviewed", ... ([a-z_]+) */
	const char *label; /* "screening lists of", ...: the words before the value in
			      text formats, or NULL to leave it to the machine formats */
	const char *value;
} ca_sink_property;

#define CA_SINK_MAX_PROPERTIES 8

/* How a sink writes; zero-initialised means the defaults. */
typedef struct ca_sink_options {
	const ca_policy *policy; /* the run's policy (SARIF lists its rules), or NULL;
				    must stay valid until ca_sink_close() */
	bool verbose;         /* table: one block per finding, not one per group */
	bool quiet;           /* table: only hosts with findings, their groups in one
				 line each, and the run summary */
	bool colour;          /* table: ANSI colour on severities and headings */
	unsigned width;       /* table: wrap sentences at this many columns (0: never) */
	bool csv_components;  /* csv: one row per component, not per finding */
	bool csv_excel_bom;   /* csv: start with a UTF-8 byte order mark (for Excel) */
	bool with_serials;    /* cyclonedx, html: include serial numbers */
	long long timestamp;  /* the report's time, seconds since the epoch; 0: now;
				 negative: the epoch itself (the CLI passes
				 SOURCE_DATE_EPOCH when set) */
	/* The data vintage of the run (chipaudit screen), or none:
	 * JSON "data_vintage", JSON Lines and CSV per host, SARIF
	 * tool.driver.properties, CycloneDX metadata.properties, the HTML and
	 * table headers. The strings must stay valid until ca_sink_close(). */
	ca_sink_property properties[CA_SINK_MAX_PROPERTIES];
	size_t n_properties;
} ca_sink_options;

/* What one host adds to the run's summary (hosts by worst severity,
 * findings by rule, makers by role), and for some formats a part written
 * at the document's end. Made from an assessment on any thread; the
 * assessment may be freed afterwards. */
typedef struct ca_host_tally ca_host_tally;

/* The formats there are sinks for, as "table|json". */
const char *ca_sink_formats(void);

/* True when format names a sink ("table", "json", "jsonl", "csv", "sarif"). */
bool ca_sink_format_known(const char *format);

/* Opens a sink of the given format writing to out (which the caller keeps
 * and closes), and writes the document head. Returns 0, -EINVAL (unknown
 * format), -ENOMEM or -EIO. */
int ca_sink_open(const char *format, FILE *out, ca_sink **ret_sink);

/* Like ca_sink_open(), for formats that describe the run's rules (SARIF
 * lists every rule of policy); policy may be NULL, else it must stay valid
 * until ca_sink_close(). */
int ca_sink_open_for(const char *format, FILE *out, const ca_policy *policy, ca_sink **ret_sink);

/* Like ca_sink_open(), with options (NULL: the defaults). */
int ca_sink_open_with(const char *format, FILE *out, const ca_sink_options *options,
		      ca_sink **ret_sink);

/* Counts what host a adds to the run's summary, with the sink's trailing
 * part for it (thread-safe, as ca_sink_render_host()). Returns 0 or -ENOMEM. */
int ca_sink_tally_host(const ca_sink *sink, const ca_assessment *a, ca_host_tally **ret_tally);

/* Frees a tally; NULL is a no-op. */
void ca_host_tally_free(ca_host_tally *tally);

/* Whether the tallied host had readable evidence, and read without errors. */
bool ca_host_tally_readable(const ca_host_tally *tally);
bool ca_host_tally_complete(const ca_host_tally *tally);

/* The highest severity of a finding not waived, or -1 when none. */
int ca_host_tally_worst(const ca_host_tally *tally);

/* Renders the part of one host into a malloc'd buffer (*ret_len bytes,
 * NUL-terminated) without touching the sink's state: safe to call from
 * several threads at once. Returns 0 or -ENOMEM. */
int ca_sink_render_host(const ca_sink *sink, const ca_assessment *a, char **ret_buf,
			size_t *ret_len);

/* Renders the part of one host straight to out (a temporary file, for a
 * host too large to keep in memory), streaming, with the same thread
 * guarantees as ca_sink_render_host(). Returns 0, -ENOMEM or -EIO. */
int ca_sink_render_host_to(const ca_sink *sink, const ca_assessment *a, FILE *out);

/* Adds a part written by ca_sink_render_host_to() to in (read from its
 * start), in document order, as ca_sink_add_rendered(). Returns 0, -ENOMEM
 * or -EIO. */
int ca_sink_add_rendered_file(ca_sink *sink, FILE *in, const ca_host_tally *tally);

/* Adds a part made by ca_sink_render_host(), in document order, with the
 * tally of the same host (ca_sink_tally_host()), which the caller still
 * frees. Returns 0, -ENOMEM or -EIO. */
int ca_sink_add_rendered(ca_sink *sink, const char *buf, size_t len, const ca_host_tally *tally);

/* Renders one host straight to the output, in document order. Returns 0,
 * -ENOMEM or -EIO. */
int ca_sink_add_host(ca_sink *sink, const ca_assessment *a);

/* Writes the document tail (the run summary; rules_applied says whether a
 * profile was evaluated), flushes, and frees the sink. Returns 0 or -EIO. */
int ca_sink_close(ca_sink *sink, bool rules_applied);

/* ------------------------------------- descriptions (docs/describe.schema.json) */

/* Writes what `identify` answers for each of texts (ids, hex strings,
 * names, part numbers) on the policy's date, as one JSON document with a
 * newline. Returns 0, -ENOMEM or -EIO. */
int ca_identify_write_json(FILE *out, const ca_policy *policy, const char *const *texts, size_t n);

/* Writes the policy's rule packs and profiles as one JSON document: with
 * n_ids 0 a list (ids, titles, dates); else every rule (by id or pack id)
 * and profile the ids name, in full. Returns 0, -ENOMEM, -EIO, or -ENOENT
 * when an id names nothing (then *ret_missing is that id and nothing is
 * written). */
int ca_rules_write_json(FILE *out, const ca_policy *policy, const char *const *ids, size_t n_ids,
			const char **ret_missing);

/* ---------------------------------------------- words of a host's scope */

/* "memory modules (12 of 16 slots populated; DRAM die makers known for 3)
 * and the system maker", with ", drives (2; drive makers known for 2)" and
 * "PCI, USB and GPU devices (...)" when the evidence held them, or
 * "nothing" when no evidence was read. Malloc'd. */
char *ca_scope_inspected_text(const ca_assessment *a);

/* "storage (SSD, HDD, eMMC ...), network controllers, ...": every kind a
 * host's evidence may not show. Malloc'd. */
char *ca_scope_not_inspected_text(void);

/* The same for one host: the kinds its evidence did not show (storage is
 * left out when it held drives, ...). Malloc'd. */
char *ca_scope_not_inspected_text_for(const ca_assessment *a);

/* One line on a rule the profile holds: "cn-cac-2023-micron: 12 findings",
 * "us-ndaa-fy2023-5949/part-a: not yet in force (from 2027-12-23), 2
 * findings", "...: not applied: option X = false (...): question",
 * "...: not applied: expired on DATE". Malloc'd. */
char *ca_rule_status_text(const ca_rule_status *status);

/* ------------------------------------------------- words of a finding */

/* Each returns a malloc'd NUL-terminated string the caller frees, or NULL
 * when out of memory (or, for options and waiver, when there is nothing to
 * say). They are how every writer words the same finding. */

/* The component: "Memory Device DIMM A (handle 0x0012)", "3 of 8 memory devices",
 * "order line 3 (ship date 2025-03-01, US -> CN, etcher [3B001.c])". */
char *ca_finding_component_text(const ca_finding *f);
/* An order line (chipaudit/export.h) in words: "order line 3 (ship date
 * 2025-03-01, US -> CN, Etcher LAM 2300 [3B001.c])". */
char *ca_export_line_text(const struct ca_order_line *line);
/* One plain sentence a compliance officer can paste. For an order line's
 * answer (CA_FINDING_EXPORT_LINE) it ends with every open question. */
char *ca_finding_sentence(const ca_finding *f);
/* The same sentence about components instead of f's own component (a
 * group of findings alike but for their component: "12 memory devices
 * (ChannelA-DIMM0 ... ChannelO-DIMM0)"); NULL components: ca_finding_sentence(). */
char *ca_finding_sentence_about(const ca_finding *f, const char *components);
/* The evidence chain, from the bytes to the owner on the date. */
char *ca_finding_evidence(const ca_finding *f);
/* The legal basis and decision record. */
char *ca_finding_citation(const ca_finding *f);
/* The options that shaped the finding, or NULL when none did. */
char *ca_finding_options(const ca_finding *f);
/* chipaudit's interpretations behind it (where the text is silent), each
 * with the option that changes it, or NULL when it rests on the text alone. */
char *ca_finding_interpretation(const ca_finding *f);
/* The waiver that suppresses it, or the expired one, or NULL. */
char *ca_finding_waiver_text(const ca_finding *f);

#ifdef __cplusplus
}
#endif

#endif
