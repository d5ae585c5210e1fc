/* SPDX-License-Identifier: MIT */
/*
 * The CSV sink: one row per finding, for spreadsheets, and one per evidence
 * file that could not be read (state "unreadable", the reason as sentence);
 * or, with csv_components, one row per maker role of each installed
 * component. An optional UTF-8 byte order mark makes Excel read UTF-8. Every cell is quoted;
 * text goes through the terminal sanitiser (controls, invalid UTF-8 and bidi
 * controls become '?', newlines included, so a row is one line), and a cell
 * that a spreadsheet would read as a formula (starting with = + - @ or a
 * tab) gets a leading apostrophe.
 */
#include "chipaudit/export.h"
#include "report/sink.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const columns[] = {
	"host", "rule", "severity", "state", "waived", "component", "role", "maker_id", "maker",
	"owner", "purchased", "sentence", "evidence", "citation", "options", "interpretation", "waiver",
};
#define N_COLUMNS (sizeof(columns) / sizeof(columns[0]))

/* --csv-rows components: a row per installed component, its makers by role. */
static const char *const component_columns[] = {
	"host", "component", "kind", "locator", "manufacturer", "part_number", "serial", "size",
	"type", "role", "maker_id", "maker", "owner", "method", "confidence", "evidence", "purchased",
};
#define N_COMPONENT_COLUMNS (sizeof(component_columns) / sizeof(component_columns[0]))

/* Writes one quoted cell (NULL: empty), then a comma or the row's end. */
static void cell(FILE *out, const char *text, bool last)
{
	char *safe = ca_terminal_text(text ? text : "");
	const char *s = safe ? safe : "?";
	fputc('"', out);
	if (s[0] && strchr("=+-@\t\r", s[0]))
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

SINK_BEGIN(cai_sink_csv_begin)
{
	if (o->csv_excel_bom)
		fputs("\xEF\xBB\xBF", out);
	if (o->csv_components) {
		for (size_t i = 0; i < N_COMPONENT_COLUMNS; i++)
			fprintf(out, "%s%s", component_columns[i],
				i + 1 < N_COMPONENT_COLUMNS || o->n_properties ? "," : "\r\n");
		if (o->n_properties)
			fputs("data_vintage\r\n", out);
		return ferror(out) ? -EIO : 0;
	}
	for (size_t i = 0; i < N_COLUMNS; i++)
		fprintf(out, "%s%s", columns[i], i + 1 < N_COLUMNS || o->n_properties ? "," : "\r\n");
	if (o->n_properties)
		fputs("data_vintage\r\n", out);
	return ferror(out) ? -EIO : 0;
}

/* The last cell of a row: the run's data vintage, when it has one. */
static void vintage_cell(const ca_sink_options *o, FILE *out)
{
	if (o->n_properties)
		cell_owned(out, cai_properties_text(o), true);
}

/* A row for evidence that could not be read: nothing disappears from the sheet. */
static void unreadable_row(const ca_sink_options *o, FILE *out, const ca_assessment *a,
			   const ca_evidence *e)
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
	cell(out, NULL, !o->n_properties);
	vintage_cell(o, out);
}

/* One row per role of each installed component (a component without
 * makers: one row with the role empty), so a spreadsheet filters by role. */
static int component_rows(const ca_sink_options *o, const ca_assessment *a, FILE *out)
{
	for (size_t e = 0; e < ca_assessment_evidence_count(a); e++) {
		const ca_evidence *ev = ca_assessment_evidence(a, e);
		if (ev->status == 0)
			continue;
		const ca_diagnostic *why = ca_host_last_error(ev->host);
		cell(out, ca_assessment_label(a), false);
		cell(out, ev->name, false);
		cell(out, "unreadable", false);
		for (size_t k = 3; k < N_COMPONENT_COLUMNS - 2; k++)
			cell(out, NULL, false);
		cell(out, why ? why->message : "cannot be read", false);
		cell(out, NULL, !o->n_properties);
		vintage_cell(o, out);
	}
	for (size_t i = 0; i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		if (!c->present)
			continue;
		bool memory = c->kind == CA_COMPONENT_MEMORY_DEVICE;
		bool device = ca_component_is_device(c);
		const ca_order_line *ol = c->order;
		char size[32] = "";
		if (memory && c->memory.size_bytes)
			ca_format_size(c->memory.size_bytes, size, sizeof(size));
		if (device && c->device.capacity_bytes)
			ca_format_size(c->device.capacity_bytes, size, sizeof(size));
		/* a device: its vendor string, model, serial and type (SSD, HDD) */
		/* an order line: its maker, model and classification */
		const char *maker_text = memory ? c->memory.manufacturer : device ? c->device.vendor
				       : ol	  ? ol->maker
						  : NULL;
		const char *part_text = memory ? c->memory.part_number : device ? c->device.model
				      : ol	 ? ol->model
						 : NULL;
		const char *serial = memory ? c->memory.serial_number : device ? c->device.serial : NULL;
		const char *type = memory ? c->memory.type : device && c->part.type[0] ? c->part.type
				 : ol && ol->eccn && *ol->eccn	      ? ol->eccn
				 : ol				      ? ol->list_item
								      : NULL;
		for (size_t k = 0; k < (c->n_makers ? c->n_makers : 1); k++) {
			const ca_component_maker *m = c->n_makers ? &c->makers[k] : NULL;
			bool known = m && m->answer.confidence;
			cell(out, ca_assessment_label(a), false);
			cell(out, c->label, false);
			cell(out, ca_component_kind_name(c->kind), false);
			cell(out, c->locator, false);
			cell(out, maker_text, false);
			cell(out, part_text, false);
			cell(out, o->with_serials ? serial : NULL, false);
			cell(out, size, false);
			cell(out, type, false);
			cell(out, m ? m->role : NULL, false);
			cell(out, known ? m->answer.maker_id : NULL, false);
			cell(out, known ? m->answer.maker_name : NULL, false);
			cell(out, known ? m->answer.owner_name : NULL, false);
			cell(out, m ? (known ? m->answer.method : "unknown") : NULL, false);
			cell(out, m ? ca_confidence_name(m->answer.confidence) : NULL, false);
			cell(out, m ? m->answer.evidence : NULL, false);
			cell(out, c->purchased, !o->n_properties);
			vintage_cell(o, out);
		}
	}
	return ferror(out) ? -EIO : 0;
}

SINK_RENDER(cai_sink_csv_render)
{
	if (o->csv_components)
		return component_rows(o, a, out);
	for (size_t e = 0; e < ca_assessment_evidence_count(a); e++)
		if (ca_assessment_evidence(a, e)->status != 0)
			unreadable_row(o, out, a, ca_assessment_evidence(a, e));
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
		cell_owned(out, ca_finding_waiver_text(f), !o->n_properties);
		vintage_cell(o, out);
	}
	return ferror(out) ? -EIO : 0;
}

SINK_END(cai_sink_csv_end)
{
	(void)o;
	(void)out;
	(void)summary; /* a table of rows has no footer; the run summary is in the exit status */
	return 0;
}

SINK_RENDER(cai_sink_jsonl_render)
{
	int r = cai_json_host(o, a, out, true);
	fputc('\n', out);
	return r < 0 ? r : ferror(out) ? -EIO : 0;
}

SINK_END(cai_sink_jsonl_end)
{
	(void)o;
	(void)out;
	(void)summary; /* one host per line, nothing else: the stream stays uniform */
	return 0;
}
