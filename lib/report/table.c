/* SPDX-License-Identifier: MIT */
/* The table sink: per host, identity, then one row per populated memory
 * slot with its makers by role, then findings and diagnostics. */
#include "chipaudit/export.h"
#include "report/sink.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const char *or_dash(const char *s)
{
	return (s && *s) ? s : "-";
}

#define TABLE_MAX_COLUMN 40 /* longer evidence strings are cut with '~' */

/* Display width of s as put_clean() writes it, capped at TABLE_MAX_COLUMN. */
static int clean_width(const char *s)
{
	size_t n = strlen(or_dash(s));
	return n > TABLE_MAX_COLUMN ? TABLE_MAX_COLUMN : (int)n;
}

/* Writes text safe for a terminal (ca_terminal_char_len(): controls,
 * invalid UTF-8 and bidi controls become '?'), padded to width. With
 * width > 0, text longer than TABLE_MAX_COLUMN bytes is cut and ends with '~'. */
static void put_clean(FILE *out, const char *s, int width)
{
	const char *p = or_dash(s);
	size_t len = strlen(p);
	bool cut = width > 0 && len > TABLE_MAX_COLUMN;
	size_t shown = cut ? TABLE_MAX_COLUMN - 1 : len;
	size_t run = 0; /* start of the pending run of bytes shown as they are */
	for (size_t i = 0; i < shown;) {
		unsigned char c = (unsigned char)p[i];
		if (c >= 0x20 && c < 0x7F) { /* printable ASCII: the common case */
			i++;
			continue;
		}
		size_t n = ca_terminal_char_len(p + i, shown - i);
		if (n) {
			i += n;
			continue;
		}
		fwrite(p + run, 1, i - run, out);
		fputc('?', out);
		run = ++i;
	}
	fwrite(p + run, 1, shown - run, out);
	if (cut)
		fputc('~', out);
	for (int n = (int)(cut ? TABLE_MAX_COLUMN : shown); n < width; n++)
		fputc(' ', out);
}

/* Writes s safe for a terminal, never cut, padded with spaces to width
 * bytes (as printf's %-*s pads). */
static void put_padded(FILE *out, const char *s, int width)
{
	put_clean(out, s, 0);
	for (int n = (int)strlen(or_dash(s)); n < width; n++)
		fputc(' ', out);
}

static void format_id(ca_jep106_id id, char *buf, size_t size)
{
	if (id.bank == 0) {
		snprintf(buf, size, "-");
		return;
	}
	const char *name = ca_jep106_name(id);
	if (name)
		snprintf(buf, size, "%s (bank %u 0x%02X)", name, id.bank, id.code);
	else if (!ca_jep106_parity_ok(id.code))
		snprintf(buf, size, "invalid id (bank %u 0x%02X, parity)", id.bank, id.code);
	else
		snprintf(buf, size, "unassigned id (bank %u 0x%02X)", id.bank, id.code);
}

/* "Crucial (Micron)" or "Samsung" or "?" into buf. */
static void maker_cell(const ca_maker *a, char *buf, size_t size)
{
	if (a->confidence == CA_CONFIDENCE_NONE)
		snprintf(buf, size, "?");
	else if (strcmp(a->maker_id, a->owner_id) != 0)
		snprintf(buf, size, "%.40s (%.40s)", a->maker_name, a->owner_name);
	else
		snprintf(buf, size, "%.60s", a->maker_name);
}

static void how_cell(const ca_maker *a, char *buf, size_t size)
{
	if (a->confidence == CA_CONFIDENCE_NONE)
		snprintf(buf, size, "unknown");
	else
		snprintf(buf, size, "%s %s%s", a->method, ca_confidence_name(a->confidence),
			 a->heuristic ? "~" : "");
}

static void print_diagnostics(FILE *out, const ca_assessment *a)
{
	size_t n_evidence = ca_assessment_evidence_count(a);
	for (size_t e = 0; e < n_evidence; e++) {
		const ca_host *h = ca_assessment_evidence(a, e)->host;
		for (size_t i = 0; i < ca_host_diagnostic_count(h); i++) {
			const ca_diagnostic *d = ca_host_diagnostic(h, i);
			fputs("  ", out);
			if (n_evidence > 1) {
				fputc('[', out);
				put_clean(out, ca_host_source(h), 0);
				fputs("] ", out);
			}
			fprintf(out, "%s", ca_diag_level_name(d->level));
			if (d->line)
				fprintf(out, " (line %u)", d->line);
			else if (d->offset >= 0)
				fprintf(out, " (offset 0x%llX)", (unsigned long long)d->offset);
			fputs(": ", out);
			put_clean(out, d->message, 0);
			fputc('\n', out);
		}
		if (ca_host_diagnostics_dropped(h))
			fprintf(out, "  note: %zu further diagnostics not kept\n",
				ca_host_diagnostics_dropped(h));
	}
}

/* ANSI colours, used only when the sink was asked for them. */
#define SGR_RESET "\033[0m"
#define SGR_BOLD "\033[1m"

static const char *severity_colour(ca_severity s)
{
	return s == CA_SEVERITY_FAIL ? "\033[1;31m" : s == CA_SEVERITY_WARN ? "\033[33m" : "\033[36m";
}

/* Columns a terminal gives the UTF-8 character at p (of n bytes): 2 for
 * the wide East Asian ranges, else 1. */
static int char_columns(const unsigned char *p, size_t n)
{
	uint32_t c = n == 1 ? p[0] : n == 2 ? (p[0] & 0x1Fu) << 6 | (p[1] & 0x3Fu)
			  : n == 3 ? (p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu)
				   : (p[0] & 0x07u) << 18 | (p[1] & 0x3Fu) << 12 | (p[2] & 0x3Fu) << 6 |
					     (p[3] & 0x3Fu);
	bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
		    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
		    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
		    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
	return wide ? 2 : 1;
}

/* Writes prefix and text (made safe for a terminal), wrapped at the
 * sink's width with continuation lines indented under the text; never
 * wrapped when the width is 0. NULL (out of memory) shows as "?". */
static void put_wrapped(FILE *out, const ca_sink_options *o, const char *prefix, const char *text)
{
	char *safe = ca_terminal_text(text ? text : "?");
	const char *p = safe ? safe : "?";
	fputs(prefix, out);
	size_t indent = strlen(prefix);
	if (!o->width || indent + 20 > o->width) {
		fputs(p, out);
		fputc('\n', out);
		free(safe);
		return;
	}
	size_t column = indent;
	const char *end = p + strlen(p); /* measured once: the text can be long */
	while (*p) {
		/* the next word and its width */
		size_t len = 0;
		int cols = 0;
		while (p[len] && p[len] != ' ') {
			unsigned char c = (unsigned char)p[len];
			if (c > 0x20 && c < 0x7F) { /* printable ASCII: one column */
				len++;
				cols++;
				continue;
			}
			size_t n = ca_terminal_char_len(p + len, (size_t)(end - (p + len)));
			n = n ? n : 1;
			cols += char_columns((const unsigned char *)p + len, n);
			len += n;
		}
		if (column > indent && column + 1 + (size_t)cols > o->width) {
			fprintf(out, "\n%*s", (int)indent, "");
			column = indent;
		} else if (column > indent) {
			fputc(' ', out);
			column++;
		}
		fwrite(p, 1, len, out);
		column += (size_t)cols;
		p += len;
		while (*p == ' ')
			p++;
	}
	fputc('\n', out);
	free(safe);
}

/* put_wrapped(), then frees text. */
static void put_owned_wrapped(FILE *out, const ca_sink_options *o, const char *prefix, char *text)
{
	put_wrapped(out, o, prefix, text);
	free(text);
}

/* Writes one labelled line of text (NULL when out of memory: "?"). */
static void put_owned(FILE *out, const char *prefix, char *text)
{
	fputs(prefix, out);
	put_clean(out, text ? text : "?", 0);
	fputc('\n', out);
	free(text);
}

static void print_scope(FILE *out, const ca_sink_options *o, const ca_assessment *a)
{
	put_owned_wrapped(out, o, "Scope:    inspected ", ca_scope_inspected_text(a));
	put_owned_wrapped(out, o, "          not inspected: ", ca_scope_not_inspected_text_for(a));
	const ca_profile *profile = ca_policy_profile(ca_assessment_policy(a));
	if (!profile || !ca_assessment_readable(a))
		return;
	const ca_findings *fs = ca_assessment_findings(a);
	size_t n = ca_findings_rule_count(fs);
	fprintf(out, "Rules:    %s\n", n ? "every rule the profile holds:" : "the profile holds none");
	for (size_t i = 0; i < n; i++)
		put_owned_wrapped(out, o, "  ", ca_rule_status_text(ca_findings_rule_at(fs, i)));
}

/* "  [warn, waived] RULE: " with the tag in colour when asked. */
static void print_tag(FILE *out, const ca_sink_options *o, const ca_finding *f)
{
	fprintf(out, "  %s[%s%s]%s %s: ", o->colour ? severity_colour(f->severity) : "",
		ca_severity_name(f->severity), f->waived ? ", waived" : "", o->colour ? SGR_RESET : "",
		f->rule->id);
}

/* The lines under a finding's sentence: evidence (unless given), citation,
 * options, interpretation, waiver. */
static void print_finding_details(FILE *out, const ca_sink_options *o, const ca_finding *f,
				  bool with_evidence)
{
	if (with_evidence)
		put_owned_wrapped(out, o, "      evidence: ", ca_finding_evidence(f));
	put_owned_wrapped(out, o, "      cites: ", ca_finding_citation(f));
	char *options = ca_finding_options(f);
	if (options)
		put_owned_wrapped(out, o, "      because: ", options);
	char *reading = ca_finding_interpretation(f);
	if (reading)
		put_owned_wrapped(out, o, "      reading: ", reading);
	char *waiver = ca_finding_waiver_text(f);
	if (waiver)
		put_owned_wrapped(out, o, f->waived ? "      " : "      note: ", waiver);
}

/* One group of findings alike but for their component: a headline, the
 * sentence about all of them, each distinct evidence once, and the rest once. */
static void print_group(FILE *out, const ca_sink_options *o, const ca_assessment *a,
			const finding_group *g)
{
	const ca_finding *f = g->members[0];
	print_tag(out, o, f);
	put_owned(out, "", cai_group_headline(a, g));
	if (o->quiet)
		return;
	char *about = cai_group_about(g);
	put_owned_wrapped(out, o, "      ", about ? ca_finding_sentence_about(f, about) : NULL);
	free(about);
	group_evidence *ev;
	size_t n_ev;
	if (cai_group_evidence(g, &ev, &n_ev) < 0) {
		put_owned(out, "      evidence: ", NULL);
	} else {
		for (size_t i = 0; i < n_ev; i++) {
			char *prefix = NULL;
			if (n_ev > 1 && asprintf(&prefix, "      evidence for %s: ", ev[i].members) < 0)
				prefix = NULL;
			char *clean = prefix ? ca_terminal_text(prefix) : NULL;
			put_wrapped(out, o, clean ? clean : "      evidence: ", ev[i].text);
			free(clean);
			free(prefix);
		}
		cai_group_evidence_free(ev, n_ev);
	}
	print_finding_details(out, o, f, false);
}

/* One block per finding (--verbose), as a finding stands alone. */
static void print_finding(FILE *out, const ca_sink_options *o, const ca_finding *f)
{
	print_tag(out, o, f);
	put_owned(out, "", ca_finding_sentence(f));
	if (!o->quiet)
		print_finding_details(out, o, f, true);
}

static void print_findings(FILE *out, const ca_sink_options *o, const ca_assessment *a)
{
	const ca_profile *profile = ca_policy_profile(ca_assessment_policy(a));
	if (!profile || !ca_assessment_readable(a))
		return;
	const ca_findings *fs = ca_assessment_findings(a);
	size_t n = ca_findings_count(fs);
	if (!o->quiet)
		fprintf(out, "Findings: %zu for profile %s%s\n", n, profile->id, n ? ":" : "");
	finding_groups groups;
	if (o->verbose || cai_group_findings(fs, &groups) < 0) { /* out of memory: one by one */
		for (size_t i = 0; i < n; i++)
			print_finding(out, o, ca_findings_at(fs, i));
		return;
	}
	for (size_t i = 0; i < groups.n; i++) {
		const finding_group *g = &groups.groups[i];
		/* unattributed, or alone: as a finding stands alone (one line when quiet) */
		if (!g->members[0]->component || (g->n == 1 && !o->quiet))
			print_finding(out, o, g->members[0]);
		else
			print_group(out, o, a, g);
	}
	cai_finding_groups_release(&groups);
}

static void print_memory_row(FILE *out, const ca_component *c, int w_slot, int w_type,
			     int w_maker, int w_part)
{
	const ca_memory_device *m = &c->memory;
	char size_s[32], speed_s[24];
	if (m->size_bytes)
		ca_format_size(m->size_bytes, size_s, sizeof(size_s));
	else
		snprintf(size_s, sizeof(size_s), "?");
	if (m->speed_mts)
		snprintf(speed_s, sizeof(speed_s), "%u MT/s", m->speed_mts);
	else
		snprintf(speed_s, sizeof(speed_s), "-");
	fputs("  ", out);
	put_clean(out, m->locator, w_slot);
	fprintf(out, " %-8s ", size_s);
	put_clean(out, m->type, w_type);
	fprintf(out, " %-10s ", speed_s);
	put_clean(out, m->manufacturer, w_maker);
	fputc(' ', out);
	put_clean(out, m->part_number, w_part);
	if (!c->identified) {
		char id_s[160];
		format_id(m->module_manufacturer, id_s, sizeof(id_s));
		fputc(' ', out);
		put_clean(out, id_s, 0);
		fputc('\n', out);
		return;
	}
	char cell[128], how[64], dram[128], dram_how[64];
	const ca_maker *module = &c->makers[CA_ROLE_MODULE].answer;
	const ca_maker *die = &c->makers[CA_ROLE_DRAM].answer;
	maker_cell(module, cell, sizeof(cell));
	how_cell(module, how, sizeof(how));
	maker_cell(die, dram, sizeof(dram));
	how_cell(die, dram_how, sizeof(dram_how));
	/* maker names come from knowledge-base files: sanitised like evidence */
	fputc(' ', out);
	put_padded(out, cell, 21);
	fputc(' ', out);
	put_clean(out, how, 0);
	fputs(" / DRAM ", out);
	put_clean(out, dram, 0);
	if (die->confidence) {
		fputs(" (", out);
		put_clean(out, dram_how, 0);
		fputc(')', out);
	}
	/* from the module's SPD: when it was made, and a CRC that failed */
	if (m->manufacture_date) {
		fputs(" / made ", out);
		put_clean(out, m->manufacture_date, 0);
	}
	if (m->spd_crc && strcmp(m->spd_crc, "bad") == 0)
		fputs(" / SPD CRC bad", out);
	fputc('\n', out);
	for (int r = CA_ROLE_REGISTER; r <= CA_ROLE_PMIC; r++)
		if (c->makers[r].answer.confidence) {
			maker_cell(&c->makers[r].answer, cell, sizeof(cell));
			how_cell(&c->makers[r].answer, how, sizeof(how));
			fprintf(out, "    %s: ", c->makers[r].role);
			put_clean(out, cell, 0);
			fputs(" (", out);
			put_clean(out, how, 0);
			fputs(")\n", out);
		}
	if (c->conflict[0]) {
		fputs("    warning: conflict: ", out);
		put_clean(out, c->conflict, 0);
		fputc('\n', out);
	}
}

/* A list's lines whose maker is known (the unknown ones are notes). */
static void print_bom(FILE *out, const ca_assessment *a)
{
	ca_scope sc;
	ca_assessment_scope(a, &sc);
	fprintf(out, "Lines:    %zu lines and alternates, maker known for %zu, unknown for %zu\n",
		sc.bom_lines, sc.bom_attributed, sc.bom_lines - sc.bom_attributed);
	for (size_t i = 0; i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		if (c->kind != CA_COMPONENT_BOM_LINE || !c->n_makers ||
		    c->makers[0].answer.confidence == CA_CONFIDENCE_NONE)
			continue;
		const ca_maker *m = &c->makers[0].answer;
		const ca_maker *d = &c->makers[1].answer;
		fputs("  ", out);
		put_clean(out, c->label, 0);
		fputs(" -> ", out);
		put_clean(out, m->maker_name, 0);
		if (*m->owner_name && strcmp(m->owner_name, m->maker_name) != 0) {
			fputs(" (", out);
			put_clean(out, m->owner_name, 0);
			fputc(')', out);
		}
		fprintf(out, " [%s, %s]", m->method, ca_confidence_name(m->confidence));
		if (d->confidence != CA_CONFIDENCE_NONE) {
			fputs(" / DRAM ", out);
			put_clean(out, d->maker_name, 0);
		}
		fputc('\n', out);
	}
}

/* Devices beyond memory: one line each with its first maker role (the
 * drive, or the vendor), then the other roles that are known. */
static void print_devices(FILE *out, const ca_assessment *a)
{
	ca_scope sc;
	ca_assessment_scope(a, &sc);
	if (!sc.storage && !sc.devices)
		return;
	fprintf(out, "Devices:  %zu drive%s (drive maker known for %zu), %zu other device%s (vendor known for %zu)\n",
		sc.drives, sc.drives == 1 ? "" : "s", sc.drives_attributed, sc.other_devices,
		sc.other_devices == 1 ? "" : "s", sc.other_attributed);
	for (size_t i = 0; i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		if (!ca_component_is_device(c))
			continue;
		const ca_device *d = &c->device;
		fprintf(out, "  %-5s ", ca_component_kind_name(c->kind));
		put_clean(out, d->model ? d->model : d->vendor, 0);
		if (d->firmware) {
			fputs(" (firmware ", out);
			put_clean(out, d->firmware, 0);
			fputc(')', out);
		}
		for (size_t r = 0; r < c->n_makers; r++) {
			const ca_maker *m = &c->makers[r].answer;
			if (r && m->confidence == CA_CONFIDENCE_NONE)
				continue;
			char cell[128], how[64];
			maker_cell(m, cell, sizeof(cell));
			how_cell(m, how, sizeof(how));
			fprintf(out, "%s%s ", r ? " / " : " -> ", c->makers[r].role);
			put_clean(out, cell, 0);
			fputs(" (", out);
			put_clean(out, how, 0);
			fputc(')', out);
		}
		fputc('\n', out);
		if (c->conflict[0]) {
			fputs("    warning: conflict: ", out);
			put_clean(out, c->conflict, 0);
			fputc('\n', out);
		}
	}
}

static void print_memory(FILE *out, const ca_assessment *a)
{
	ca_scope sc;
	ca_assessment_scope(a, &sc);
	if (sc.bom) {
		print_bom(out, a);
		return;
	}
	if (!sc.memory_modules && !sc.system && (sc.storage || sc.devices))
		return; /* device evidence only: no memory to speak of */
	size_t slots = 0, populated = 0;
	uint64_t total = 0;
	int w_slot = 4, w_type = 4, w_maker = 12, w_part = 11;
	for (size_t i = 0; i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		if (c->kind != CA_COMPONENT_MEMORY_DEVICE)
			continue;
		slots++;
		if (!c->present)
			continue;
		populated++;
		total += c->memory.size_bytes;
		const ca_memory_device *m = &c->memory;
		w_slot = w_slot > clean_width(m->locator) ? w_slot : clean_width(m->locator);
		w_type = w_type > clean_width(m->type) ? w_type : clean_width(m->type);
		w_maker = w_maker > clean_width(m->manufacturer) ? w_maker : clean_width(m->manufacturer);
		w_part = w_part > clean_width(m->part_number) ? w_part : clean_width(m->part_number);
	}
	char total_s[32];
	ca_format_size(total, total_s, sizeof(total_s));
	fprintf(out, "Memory:   %zu of %zu slots populated, %s\n", populated, slots, total_s);
	if (!populated)
		return;
	fprintf(out, "  %-*s %-8s %-*s %-10s %-*s %-*s %s\n", w_slot, "SLOT", "SIZE", w_type, "TYPE",
		"SPEED", w_maker, "MANUFACTURER", w_part, "PART NUMBER",
		"MODULE MAKER (OWNER)  HOW / DRAM");
	for (size_t i = 0; i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		if (c->kind == CA_COMPONENT_MEMORY_DEVICE && c->present)
			print_memory_row(out, c, w_slot, w_type, w_maker, w_part);
	}
}

static void print_identity(FILE *out, const ca_sink_options *o, const ca_assessment *a,
			   const ca_host *h)
{
	fprintf(out, "%s== ", o->colour ? SGR_BOLD : "");
	put_clean(out, ca_assessment_label(a), 0);
	fprintf(out, "  [%s", ca_format_name(ca_host_format(h)));
	if (*ca_host_smbios_version(h)) {
		fputs(", SMBIOS ", out);
		put_clean(out, ca_host_smbios_version(h), 0);
	}
	if (*ca_host_tool_version(h)) {
		ca_format f = ca_host_format(h);
		fprintf(out, ", %s ",
			f == CA_FORMAT_SMARTCTL_TEXT || f == CA_FORMAT_SMARTCTL_JSON ? "smartctl" : "dmidecode");
		put_clean(out, ca_host_tool_version(h), 0);
	}
	fprintf(out, "]%s\n", o->colour ? SGR_RESET : "");
	if (o->quiet)
		return;
	if (ca_assessment_evidence_count(a) > 1) {
		fputs("Evidence:", out);
		for (size_t e = 0; e < ca_assessment_evidence_count(a); e++) {
			const ca_evidence *ev = ca_assessment_evidence(a, e);
			fprintf(out, "%s ", e ? "," : "");
			put_clean(out, ev->name, 0);
			fprintf(out, " (%s, %s)", ca_format_name(ev->format),
				ev->status ? "unreadable" : ev->inventoried ? "inventory" : "read");
		}
		fputc('\n', out);
	}
	const ca_record *sys = ca_host_find_record(h, 1), *bios = ca_host_find_record(h, 0);
	if (sys) {
		fputs("System:   ", out);
		put_clean(out, ca_record_value(sys, "Manufacturer"), 0);
		fputc(' ', out);
		put_clean(out, ca_record_value(sys, "Product Name"), 0);
		fputc('\n', out);
	}
	if (bios) {
		fputs("BIOS:     ", out);
		put_clean(out, ca_record_value(bios, "Vendor"), 0);
		fputc(' ', out);
		put_clean(out, ca_record_value(bios, "Version"), 0);
		fputc(' ', out);
		put_clean(out, ca_record_value(bios, "Release Date"), 0);
		fputc('\n', out);
	}
}

/* The number (from 1) of question q in the host's list qs[0..*n), added when new. */
static size_t question_number(const char **qs, size_t *n, size_t cap, const char *q)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(qs[i], q) == 0)
			return i + 1;
	if (*n == cap)
		return 0;
	qs[(*n)++] = q;
	return *n;
}

/* One screened order line: its facts, answer, listed parties, the regime
 * records engaged, and its open questions (inline with --verbose, else as
 * numbers of the host's list of questions). */
static void print_order_line(FILE *out, const ca_sink_options *o, const ca_component *c, const char **qs,
			     size_t *n_qs, size_t cap_qs)
{
	const ca_order_line *l = c->order;
	const ca_screen_result *r = c->screen;
	fputs("\nline ", out);
	put_clean(out, l->line_id, 0);
	fputs(": ", out);
	put_clean(out, l->ship_date ? l->ship_date : "(no date)", 0);
	fputs(", ", out);
	put_clean(out, l->ship_from && *l->ship_from ? l->ship_from : l->exporter_country && *l->exporter_country ? l->exporter_country : "?", 0);
	fputs(" -> ", out);
	put_clean(out, l->destination && *l->destination ? l->destination : "?", 0);
	bool item = l->item && *l->item, model = l->model && *l->model;
	if (item || model) {
		fputs(", ", out);
		if (item)
			put_clean(out, l->item, 0);
		if (item && model)
			fputc(' ', out);
		if (model)
			put_clean(out, l->model, 0);
	}
	if ((l->eccn && *l->eccn) || (l->list_item && *l->list_item)) {
		fputs(" [", out);
		put_clean(out, l->eccn && *l->eccn ? l->eccn : l->list_item, 0);
		fputc(']', out);
	}
	fputc('\n', out);
	if (r->error) {
		fputs("  not screened: ", out);
		put_clean(out, r->error, 0);
		fputs("\n  licence required: unknown\n", out);
		return;
	}
	bool hue = o->colour && r->licence != CA_NO;
	fprintf(out, "  licence required: %s%s%s   review policy: %s   regimes: ",
		hue ? severity_colour(r->licence == CA_YES ? CA_SEVERITY_FAIL : CA_SEVERITY_WARN) : "",
		ca_tristate_name(r->licence), hue ? SGR_RESET : "", ca_review_policy_name(r->policy));
	put_clean(out, *r->regimes ? r->regimes : "none engaged", 0);
	fputc('\n', out);
	if (o->quiet)
		return;
	for (size_t i = 0; i < r->n_parties; i++) {
		const ca_screen_party *p = &r->parties[i];
		fputs("  ", out);
		put_clean(out, p->role, 0);
		fputc(' ', out);
		put_clean(out, p->name, 0);
		fprintf(out, ": %s %.3f ", p->hit.band == CA_MATCH_PROBABLE ? "probable" : "review", p->hit.score);
		put_clean(out, p->hit.list, 0);
		fputs(" \"", out);
		put_clean(out, p->hit.entry, 0);
		fprintf(out, "\"%s\n", p->in_force ? "" : " (not listed yet on the ship date)");
		if (*p->hit.fr || *p->hit.licence_policy) {
			fputs("      ", out);
			put_clean(out, p->hit.fr, 0);
			fputs("; ", out);
			put_clean(out, p->hit.licence_requirement, 0);
			fputs("; ", out);
			put_clean(out, p->hit.licence_policy, 0);
			fputc('\n', out);
		}
	}
	for (size_t i = 0; i < r->n_rules; i++) {
		const ca_screen_rule *x = &r->rules[i];
		fputs("  ", out);
		put_clean(out, x->record->id, 0);
		fputs(" (", out);
		put_clean(out, x->record->citation, 0);
		fprintf(out, "%s): ", x->record->unverified ? "; unverified" : "");
		put_clean(out, x->record->title, 0);
		fputc('\n', out);
		if (x->text) {
			fputs("      ", out);
			put_clean(out, x->text, 0);
			fputc('\n', out);
		}
		if (x->overridden_by) {
			fputs("      (outcome as ", out);
			put_clean(out, x->overridden_by, 0);
			fputs(" says)\n", out);
		}
	}
	if (o->verbose) {
		for (size_t i = 0; i < r->n_questions; i++) {
			fputs("  question: ", out);
			put_clean(out, r->questions[i], 0);
			fputc('\n', out);
		}
		return;
	}
	for (size_t i = 0; i < r->n_questions; i++) {
		size_t k = question_number(qs, n_qs, cap_qs, r->questions[i]);
		fprintf(out, i ? ", Q%zu" : "  open questions: Q%zu", k);
	}
	if (r->n_questions)
		fputs(" (below)\n", out);
}

/* An order list screened for export controls: the data vintage, each
 * line, then the open questions once (--verbose: under each line). */
static int print_orders(FILE *out, const ca_sink_options *o, const ca_assessment *a, const ca_host *h)
{
	ca_scope sc;
	ca_assessment_scope(a, &sc);
	print_identity(out, o, a, h);
	char *vintage = cai_properties_text(o);
	put_clean(out, ca_assessment_label(a), 0);
	fprintf(out, ": %zu order line%s; ", sc.order_lines, sc.order_lines == 1 ? "" : "s");
	put_clean(out, vintage ? vintage : "data vintage not given", 0);
	fputc('\n', out);
	free(vintage);
	size_t cap = sc.order_lines * CA_SCREEN_MAX_ITEMS, n = 0;
	const char **qs = calloc(cap ? cap : 1, sizeof(*qs));
	if (!qs)
		return -ENOMEM;
	for (size_t i = 0; i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		if (c->kind == CA_COMPONENT_ORDER_LINE)
			print_order_line(out, o, c, qs, &n, cap);
	}
	if (n)
		fprintf(out, "\nOpen questions (each once for this list; --verbose repeats them under each "
			     "line; machine formats carry them per line):\n");
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "  Q%zu ", i + 1);
		put_clean(out, qs[i], 0);
		fputc('\n', out);
	}
	free(qs);
	print_diagnostics(out, a);
	fputc('\n', out);
	return ferror(out) ? -EIO : 0;
}

SINK_RENDER(cai_sink_table_render)
{
	const ca_host *h = ca_assessment_inventory(a);
	if (!h)
		return -EINVAL;
	if (ca_host_format(h) == CA_FORMAT_ORDER_LIST && ca_assessment_readable(a))
		return print_orders(out, o, a, h);
	if (o->quiet) { /* only hosts with findings, and unreadable evidence */
		if (!ca_findings_count(ca_assessment_findings(a)) && ca_assessment_complete(a))
			return 0;
		print_identity(out, o, a, h);
		print_findings(out, o, a);
		if (!ca_assessment_complete(a))
			print_diagnostics(out, a);
		return ferror(out) ? -EIO : 0;
	}
	print_identity(out, o, a, h);
	print_memory(out, a);
	print_devices(out, a);
	print_scope(out, o, a);
	print_findings(out, o, a);
	print_diagnostics(out, a);
	fputc('\n', out);
	return ferror(out) ? -EIO : 0;
}

/* "Micron 12, Samsung 8, unknown 3" for one role, most first. */
static void print_role_makers(FILE *out, const sink_summary *s, const char *role)
{
	bool *shown = calloc(s->n_makers ? s->n_makers : 1, sizeof(*shown));
	if (!shown)
		return;
	for (size_t printed = 0;; printed++) {
		size_t best = s->n_makers;
		for (size_t i = 0; i < s->n_makers; i++) {
			const tally_maker *m = &s->makers[i];
			if (shown[i] || strcmp(m->role, role) != 0)
				continue;
			/* known owners by count, unknown last */
			if (best == s->n_makers || (!*s->makers[best].owner && *m->owner) ||
			    (!*s->makers[best].owner == !*m->owner && m->n > s->makers[best].n))
				best = i;
		}
		if (best == s->n_makers)
			break;
		shown[best] = true;
		fprintf(out, "%s", printed ? ", " : "");
		put_clean(out, *s->makers[best].owner ? s->makers[best].owner : "unknown", 0);
		fprintf(out, " %zu", s->makers[best].n);
	}
	free(shown);
}

SINK_END(cai_sink_table_end)
{
	const sink_summary *s = summary;
	bool orders = s->inspected.orders; /* chipaudit screen: order lists, not hosts */
	fprintf(out, "%zu %s%s read", s->hosts_read, orders ? "order list" : "host",
		s->hosts_read == 1 ? "" : "s");
	if (s->incomplete)
		fprintf(out, " (%zu incomplete: evidence with errors)", s->incomplete);
	fprintf(out, ", %zu unreadable%s\n", s->by_verdict[VERDICT_UNREADABLE],
		s->rules_applied ? "" : "; no rules applied (no --profile given)");
	if (!s->hosts_read)
		return ferror(out) ? -EIO : 0;
	if (s->rules_applied) {
		fputs(orders ? "Lists by worst finding:" : "Hosts by worst finding:", out);
		for (int v = VERDICT_FAIL; v >= VERDICT_CLEAN; v--) {
			bool hue = o->colour && v >= VERDICT_INFO && s->by_verdict[v];
			fprintf(out, "%s %s%s%s %zu", v == VERDICT_FAIL ? "" : ",",
				hue ? severity_colour((ca_severity)(v - VERDICT_INFO)) : "",
				cai_verdict_name(v), hue ? SGR_RESET : "", s->by_verdict[v]);
		}
		fputc('\n', out);
		fprintf(out, "Findings by rule:%s\n", s->n_rules ? "" : " none");
		for (size_t i = 0; i < s->n_rules; i++) {
			const tally_rule *r = &s->rules[i];
			fputs("  ", out);
			put_clean(out, r->rule, 0);
			size_t total = r->by_severity[0] + r->by_severity[1] + r->by_severity[2];
			fprintf(out, ": %zu", total);
			const char *sep = " (";
			for (int k = CA_SEVERITY_FAIL; k >= CA_SEVERITY_INFO; k--)
				if (r->by_severity[k]) {
					fprintf(out, "%s%s %zu", sep, ca_severity_name((ca_severity)k), r->by_severity[k]);
					sep = ", ";
				}
			if (r->waived)
				fprintf(out, "%swaived %zu", sep, r->waived);
			fputs(total || r->waived ? ")\n" : "\n", out);
		}
	}
	if (orders && !s->n_makers)
		return ferror(out) ? -EIO : 0;
	fputs("Makers by role (installed components):\n", out);
	for (size_t i = 0; i < s->n_makers; i++) {
		if (!cai_first_of_role(s->makers, i))
			continue;
		fputs("  ", out);
		put_clean(out, s->makers[i].role, 0);
		fputs(": ", out);
		print_role_makers(out, s, s->makers[i].role);
		fputc('\n', out);
	}
	return ferror(out) ? -EIO : 0;
}
