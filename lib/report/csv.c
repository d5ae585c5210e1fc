/* SPDX-License-Identifier: MIT */
/*
 * The CSV sink: one row per finding, for spreadsheets, and one per evidence
 * file that could not be read (state "unreadable", the reason as sentence). Every cell is quoted;
 * text goes through the terminal sanitiser (controls, invalid UTF-8 and bidi
 * controls become '?', newlines included, so a row is one line), and a cell
 * that a spreadsheet would read as a formula (starting with = + - @ or a
 * tab) gets a leading apostrophe.
 */
#include "report/sink.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const columns[] = {
	"host", "rule", "severity", "state", "waived", "component", "role", "maker_id", "maker",
	"owner", "purchased", "sentence", "evidence", "citation", "options", "interpretation", "waiver",
};
#define N_COLUMNS (sizeof(columns) / sizeof(columns[0]))

/* Writes one quoted cell (NULL: empty), then a comma or the row's end. */
static void cell(FILE *out, const char *text, bool last)
{
	char *safe = ca_terminal_text(text ? text : "");
	const char *s = safe ? safe : "?";
	fputc('"', out);
	if (strchr("=+-@\t", s[0]) && s[0])
		fputc('\'', out); /* a formula for a spreadsheet: shown as text */
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
	fputs(last ? "\r\n" : ",", out);
	free(safe);
}

/* Writes a cell made by a ca_finding_*() function, then frees it. */
static void cell_owned(FILE *out, char *text, bool last)
{
	cell(out, text, last);
	free(text);
}

int cai_sink_csv_begin(FILE *out)
{
	for (size_t i = 0; i < N_COLUMNS; i++)
		fprintf(out, "%s%s", columns[i], i + 1 < N_COLUMNS ? "," : "\r\n");
	return ferror(out) ? -EIO : 0;
}

/* A row for evidence that could not be read: nothing disappears from the sheet. */
static void unreadable_row(FILE *out, const ca_assessment *a, const ca_evidence *e)
{
	const ca_diagnostic *why = ca_host_last_error(e->host);
	cell(out, ca_assessment_label(a), false);
	for (int i = 0; i < 2; i++)
		cell(out, NULL, false);
	cell(out, "unreadable", false);
	cell(out, NULL, false);
	cell(out, e->name, false);
	for (int i = 0; i < 5; i++)
		cell(out, NULL, false);
	cell(out, why ? why->message : "cannot be read", false);
	for (int i = 0; i < 4; i++)
		cell(out, NULL, false);
	cell(out, NULL, true);
}

int cai_sink_csv_render(const ca_assessment *a, FILE *out)
{
	for (size_t e = 0; e < ca_assessment_evidence_count(a); e++)
		if (ca_assessment_evidence(a, e)->status != 0)
			unreadable_row(out, a, ca_assessment_evidence(a, e));
	const ca_findings *fs = ca_assessment_findings(a);
	for (size_t i = 0; i < ca_findings_count(fs); i++) {
		const ca_finding *f = ca_findings_at(fs, i);
		const ca_maker *m = f->maker;
		cell(out, f->host, false);
		cell(out, f->rule->id, false);
		cell(out, ca_severity_name(f->severity), false);
		cell(out, ca_finding_state_name(f->state), false);
		cell(out, f->waived ? "yes" : "no", false);
		cell_owned(out, ca_finding_component_text(f), false);
		cell(out, f->role, false);
		cell(out, m ? m->maker_id : NULL, false);
		cell(out, m ? m->maker_name : NULL, false);
		cell(out, m ? m->owner_name : NULL, false);
		cell(out, f->purchased, false);
		cell_owned(out, ca_finding_sentence(f), false);
		cell_owned(out, ca_finding_evidence(f), false);
		cell_owned(out, ca_finding_citation(f), false);
		cell_owned(out, ca_finding_options(f), false);
		cell_owned(out, ca_finding_interpretation(f), false);
		cell_owned(out, ca_finding_waiver_text(f), true);
	}
	return ferror(out) ? -EIO : 0;
}

int cai_sink_csv_end(FILE *out, const sink_summary *s)
{
	(void)out;
	(void)s; /* a table of rows has no footer; the run summary is in the exit status */
	return 0;
}

int cai_sink_jsonl_render(const ca_assessment *a, FILE *out)
{
	int r = cai_sink_json_render(a, out);
	fputc('\n', out);
	return r < 0 ? r : ferror(out) ? -EIO : 0;
}

int cai_sink_jsonl_end(FILE *out, const sink_summary *s)
{
	(void)out;
	(void)s; /* one host per line, nothing else: the stream stays uniform */
	return 0;
}
