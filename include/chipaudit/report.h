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
#define CA_REPORT_SCHEMA_VERSION "1.3"

typedef struct ca_sink ca_sink;

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
 * start), in document order, as ca_sink_add_rendered(). Returns 0 or -EIO. */
int ca_sink_add_rendered_file(ca_sink *sink, FILE *in, bool readable, bool complete);

/* Adds a part made by ca_sink_render_host(), in document order. readable
 * and complete are ca_assessment_readable() and ca_assessment_complete() of
 * its host (for the summary). Returns 0 or -EIO. */
int ca_sink_add_rendered(ca_sink *sink, const char *buf, size_t len, bool readable, bool complete);

/* Renders one host straight to the output, in document order. Returns 0,
 * -ENOMEM or -EIO. */
int ca_sink_add_host(ca_sink *sink, const ca_assessment *a);

/* Writes the document tail (the run summary; rules_applied says whether a
 * profile was evaluated), flushes, and frees the sink. Returns 0 or -EIO. */
int ca_sink_close(ca_sink *sink, bool rules_applied);

/* ---------------------------------------------- words of a host's scope */

/* "memory modules (12 of 16 slots populated; DRAM die makers known for 3)
 * and the system maker", or "nothing" when no evidence was read. Malloc'd. */
char *ca_scope_inspected_text(const ca_assessment *a);

/* "storage (SSD, HDD, eMMC ...), network controllers, ...": what was not
 * inspected. Malloc'd. */
char *ca_scope_not_inspected_text(void);

/* One line on a rule the profile holds: "cn-cac-2023-micron: 12 findings",
 * "us-ndaa-fy2023-5949/part-a: not yet in force (from 2027-12-23), 2
 * findings", "...: not applied: option X = false (...): question",
 * "...: not applied: expired on DATE". Malloc'd. */
char *ca_rule_status_text(const ca_rule_status *status);

/* ------------------------------------------------- words of a finding */

/* Each returns a malloc'd NUL-terminated string the caller frees, or NULL
 * when out of memory (or, for options and waiver, when there is nothing to
 * say). They are how every writer words the same finding. */

/* The component: "Memory Device DIMM A (handle 0x0012)", "3 of 8 memory devices". */
char *ca_finding_component_text(const ca_finding *f);
/* One plain sentence a compliance officer can paste. */
char *ca_finding_sentence(const ca_finding *f);
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
