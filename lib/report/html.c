/* SPDX-License-Identifier: MIT */
/*
 * The HTML sink: one self-contained page (no external assets; its style
 * and script are embedded from lib/report/html/) that streams like the
 * other formats. Each host is an article written as it comes; the run's
 * summary cards, charts (inline SVG) and the sortable, filterable table of
 * hosts are written at the end and shown first through the page's flex
 * order, so nothing is held back but one short row per host. Every string
 * from evidence, files or data is escaped: markup in a DMI string shows as
 * text.
 */
#include "report/sink.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

extern const char cai_html_css[];
extern const char cai_html_js[];

/* Writes s as HTML text (or an attribute value): markup characters as
 * entities; controls, invalid UTF-8 and bidi controls as '?'. */
static void put_html(FILE *out, const char *s)
{
	char *safe = ca_terminal_text(s ? s : "");
	for (const char *p = safe ? safe : "?"; *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*p, out);
		}
	}
	free(safe);
}

/* put_html() of a malloc'd text, then frees it (NULL: "?"). */
static void put_html_owned(FILE *out, char *text)
{
	put_html(out, text ? text : "?");
	free(text);
}

/* The id of the host's article: "h-" and its ordinal (ca_assessment_ordinal). */
static void host_id(size_t ordinal, char buf[static 24])
{
	snprintf(buf, 24, "h-%zu", ordinal);
}

static const char *verdict_class(int verdict)
{
	static const char *const names[VERDICT_COUNT] = {"unreadable", "clean", "info", "warn", "fail"};
	return verdict >= 0 && verdict < VERDICT_COUNT ? names[verdict] : "unreadable";
}

/* A host read without a profile was not judged: "no rules applied", not "no findings". */
static const char *verdict_label(int verdict, bool judged)
{
	return judged || verdict == VERDICT_UNREADABLE ? cai_verdict_name(verdict) : "no rules applied";
}

static const char *verdict_label_class(int verdict, bool judged)
{
	return judged || verdict == VERDICT_UNREADABLE ? verdict_class(verdict) : "none";
}

SINK_BEGIN(cai_sink_html_begin)
{
	char when[21];
	cai_sink_time(o, when);
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		     "<meta name=\"generator\" content=\"chipaudit %s\">\n"
		     "<title>chipaudit report</title>\n<style>\n%s</style>\n</head>\n<body>\n"
		     "<div class=\"page\">\n<header>\n<h1>chipaudit report</h1>\n<p class=\"muted\">",
		CA_VERSION_STRING, cai_html_css);
	const ca_profile *profile = o->policy ? ca_policy_profile(o->policy) : NULL;
	fprintf(out, "Made %s by chipaudit %s", when, CA_VERSION_STRING);
	char *vintage = cai_properties_text(o);
	if (vintage) { /* chipaudit screen: the data the order lists were judged with */
		fputs("; order lists screened for export controls; data vintage: <b>", out);
		put_html(out, vintage);
		fputs("</b>", out);
		free(vintage);
	} else if (profile) {
		fputs("; profile <b>", out);
		put_html(out, profile->id);
		fputs("</b>", out);
	} else {
		fputs("; no profile: no rules applied", out);
	}
	if (o->policy) {
		fputs(", rules and owners as of ", out);
		put_html(out, ca_policy_as_of(o->policy));
	}
	fputs(".</p>\n</header>\n<section id=\"details\">\n<h2>Hosts in detail</h2>\n", out);
	return ferror(out) ? -EIO : 0;
}

/* "Crucial (owner Micron), part-number high" for a table cell. */
static void put_maker_cell(FILE *out, const ca_component *c, const char *role)
{
	const ca_maker *m = ca_component_maker_for(c, role);
	if (!m || !m->confidence) {
		fputs("<td class=\"muted\">unknown</td>", out);
		return;
	}
	fputs("<td title=\"", out);
	put_html(out, m->evidence);
	fputs("\">", out);
	put_html(out, m->maker_name);
	if (strcmp(m->maker_id, m->owner_id) != 0) {
		fputs(" (", out);
		put_html(out, m->owner_name);
		fputc(')', out);
	}
	fputs(" <span class=\"muted\">", out);
	put_html(out, m->method);
	fputc(' ', out);
	put_html(out, ca_confidence_name(m->confidence));
	fputs("</span></td>", out);
}

/* Devices beyond memory: kind, model, firmware, and a cell per role. */
static void put_devices(FILE *out, const ca_sink_options *o, const ca_assessment *a)
{
	size_t n = 0;
	for (size_t i = 0; i < ca_assessment_component_count(a); i++)
		n += ca_component_is_device(ca_assessment_component(a, i));
	if (!n)
		return;
	fprintf(out, "<table class=\"memory\"><thead><tr><th>Kind</th><th>Model</th><th>Firmware</th>%s"
		     "<th>Drive or vendor</th><th>Controller</th><th>NAND or VRAM</th></tr></thead><tbody>\n",
		o->with_serials ? "<th>Serial</th>" : "");
	for (size_t i = 0; i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		if (!ca_component_is_device(c))
			continue;
		const ca_device *d = &c->device;
		fputs("<tr><td>", out);
		put_html(out, ca_component_kind_name(c->kind));
		fputs("</td><td class=\"mono\">", out);
		put_html(out, d->model ? d->model : d->vendor);
		fputs("</td><td class=\"mono\">", out);
		put_html(out, d->firmware);
		fputs("</td>", out);
		if (o->with_serials) {
			fputs("<td class=\"mono\">", out);
			put_html(out, d->serial);
			fputs("</td>", out);
		}
		bool drive = ca_component_maker_for(c, "drive") != NULL;
		put_maker_cell(out, c, drive ? "drive" : "vendor");
		put_maker_cell(out, c, "controller");
		put_maker_cell(out, c, drive ? "nand" : "vram");
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

static void put_memory(FILE *out, const ca_sink_options *o, const ca_assessment *a)
{
	size_t present = 0;
	for (size_t i = 0; i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		present += c->kind == CA_COMPONENT_MEMORY_DEVICE && c->present;
	}
	if (!present)
		return;
	fprintf(out, "<table class=\"memory\"><thead><tr><th>Slot</th><th>Size</th><th>Type</th>"
		     "<th>Manufacturer string</th><th>Part number</th>%s<th>Module maker</th>"
		     "<th>DRAM maker</th></tr></thead><tbody>\n",
		o->with_serials ? "<th>Serial</th>" : "");
	for (size_t i = 0; i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		if (c->kind != CA_COMPONENT_MEMORY_DEVICE || !c->present)
			continue;
		const ca_memory_device *m = &c->memory;
		char size[32] = "?";
		if (m->size_bytes)
			ca_format_size(m->size_bytes, size, sizeof(size));
		fputs("<tr><td>", out);
		put_html(out, c->locator);
		fprintf(out, "</td><td>%s</td><td>", size);
		put_html(out, m->type);
		fputs("</td><td class=\"mono\">", out);
		put_html(out, m->manufacturer);
		fputs("</td><td class=\"mono\">", out);
		put_html(out, m->part_number);
		fputs("</td>", out);
		if (o->with_serials) {
			fputs("<td class=\"mono\">", out);
			put_html(out, m->serial_number);
			fputs("</td>", out);
		}
		put_maker_cell(out, c, "module");
		put_maker_cell(out, c, "dram");
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

static void put_labelled(FILE *out, const char *label, char *text)
{
	if (!text)
		return;
	fprintf(out, "<p><span class=\"k\">%s</span> ", label);
	put_html_owned(out, text);
	fputs("</p>\n", out);
}

/* The head of a finding's block: severity badge, rule, and what it concerns. */
static void put_finding_head(FILE *out, const ca_finding *f, char *concerns)
{
	const char *sev = ca_severity_name(f->severity);
	fprintf(out, "<div class=\"finding %s\"><p><span class=\"badge v-%s\">%s%s</span> <b>", sev, sev,
		sev, f->waived ? ", waived" : "");
	put_html(out, f->rule->id);
	fputs("</b> ", out);
	put_html_owned(out, concerns);
	fputs("</p>\n<p>", out);
}

/* Citation, options, interpretation and waiver, and the block's end. */
static void put_finding_tail(FILE *out, const ca_finding *f)
{
	put_labelled(out, "Cites:", ca_finding_citation(f));
	put_labelled(out, "Because:", ca_finding_options(f));
	put_labelled(out, "Reading:", ca_finding_interpretation(f));
	put_labelled(out, "Waiver:", ca_finding_waiver_text(f));
	fputs("</div>\n", out);
}

static void put_finding(FILE *out, const ca_finding *f)
{
	put_finding_head(out, f, ca_finding_component_text(f));
	put_html_owned(out, ca_finding_sentence(f));
	fputs("</p>\n", out);
	put_labelled(out, "Evidence:", ca_finding_evidence(f));
	put_finding_tail(out, f);
}

/* Findings alike but for their component, as one block (as the table
 * shows them): the sentence about all of them, each distinct evidence with
 * the components it is for, and the components listed. */
static void put_group(FILE *out, const ca_assessment *a, const finding_group *g)
{
	const ca_finding *f = g->members[0];
	put_finding_head(out, f, cai_group_headline(a, g));
	char *about = cai_group_about(g);
	put_html_owned(out, about ? ca_finding_sentence_about(f, about) : NULL);
	free(about);
	fputs("</p>\n", out);
	group_evidence *ev;
	size_t n_ev;
	if (cai_group_evidence(g, &ev, &n_ev) == 0) {
		for (size_t i = 0; i < n_ev; i++) {
			fputs("<p><span class=\"k\">Evidence", out);
			if (n_ev > 1) {
				fputs(" for ", out);
				put_html(out, ev[i].members);
			}
			fputs(":</span> ", out);
			put_html(out, ev[i].text);
			fputs("</p>\n", out);
		}
		cai_group_evidence_free(ev, n_ev);
	}
	fprintf(out, "<details><summary>%zu components</summary><ul class=\"mono\">", g->n);
	for (size_t i = 0; i < g->n; i++) {
		fputs("<li>", out);
		put_html(out, g->members[i]->component->label);
		fputs("</li>", out);
	}
	fputs("</ul></details>\n", out);
	put_finding_tail(out, f);
}

static void put_diagnostics(FILE *out, const ca_assessment *a)
{
	bool any = false;
	for (size_t e = 0; e < ca_assessment_evidence_count(a); e++) {
		const ca_host *h = ca_assessment_evidence(a, e)->host;
		for (size_t i = 0; i < ca_host_diagnostic_count(h); i++) {
			const ca_diagnostic *d = ca_host_diagnostic(h, i);
			if (!any)
				fputs("<details><summary>Diagnostics</summary><ul class=\"mono\">\n", out);
			any = true;
			fputs("<li>", out);
			put_html(out, ca_host_source(h));
			fprintf(out, ": %s", ca_diag_level_name(d->level));
			if (d->line)
				fprintf(out, " (line %u)", d->line);
			else if (d->offset >= 0)
				fprintf(out, " (offset 0x%llX)", (unsigned long long)d->offset);
			fputs(": ", out);
			put_html(out, d->message);
			fputs("</li>\n", out);
		}
	}
	if (any)
		fputs("</ul></details>\n", out);
}

SINK_RENDER(cai_sink_html_render)
{
	char id[24];
	host_id(ca_assessment_ordinal(a), id);
	const ca_findings *fs = ca_assessment_findings(a);
	int worst = ca_findings_max_severity(fs);
	int verdict = !ca_assessment_readable(a) ? VERDICT_UNREADABLE
		      : worst < 0		  ? VERDICT_CLEAN
						  : VERDICT_INFO + worst;
	bool judged = ca_policy_profile(ca_assessment_policy(a)) != NULL || fs;
	fprintf(out, "<article class=\"host\" id=\"%s\">\n<h3><span class=\"badge v-%s\">%s</span> ", id,
		verdict_label_class(verdict, judged), verdict_label(verdict, judged));
	put_html(out, ca_assessment_label(a));
	fputs("</h3>\n<p class=\"muted\">Evidence:", out);
	for (size_t e = 0; e < ca_assessment_evidence_count(a); e++) {
		const ca_evidence *ev = ca_assessment_evidence(a, e);
		fputs(e ? ", " : " ", out);
		put_html(out, ev->name);
		fprintf(out, " (%s%s)", ca_format_name(ev->format), ev->status ? ", unreadable" : "");
	}
	fputs("</p>\n", out);
	const ca_host *h = ca_assessment_inventory(a);
	const ca_record *sys = h ? ca_host_find_record(h, 1) : NULL;
	if (sys) {
		fputs("<p>System: ", out);
		put_html(out, ca_record_value(sys, "Manufacturer"));
		fputc(' ', out);
		put_html(out, ca_record_value(sys, "Product Name"));
		fputs("</p>\n", out);
	}
	put_memory(out, o, a);
	put_devices(out, o, a);
	fputs("<p class=\"scope\"><span class=\"k\">Inspected:</span> ", out);
	put_html_owned(out, ca_scope_inspected_text(a));
	char *missed = ca_scope_not_inspected_text_for(a);
	if (missed && *missed) { /* an order list has no hardware to miss */
		fputs(". <span class=\"k\">Not inspected:</span> ", out);
		put_html(out, missed);
	}
	free(missed);
	fputs(".</p>\n", out);
	const ca_profile *profile = ca_policy_profile(ca_assessment_policy(a));
	if ((profile || fs) && ca_assessment_readable(a)) {
		if (profile)
			fputs("<details><summary>Rules of the profile</summary><ul>\n", out);
		for (size_t i = 0; i < ca_findings_rule_count(fs); i++) {
			fputs("<li>", out);
			put_html_owned(out, ca_rule_status_text(ca_findings_rule_at(fs, i)));
			fputs("</li>\n", out);
		}
		if (profile)
			fputs("</ul></details>\n", out);
		finding_groups groups;
		if (cai_group_findings(fs, &groups) < 0) { /* out of memory: one by one */
			for (size_t i = 0; i < ca_findings_count(fs); i++)
				put_finding(out, ca_findings_at(fs, i));
		} else {
			for (size_t i = 0; i < groups.n; i++) {
				const finding_group *g = &groups.groups[i];
				if (g->n == 1 || !g->members[0]->component)
					put_finding(out, g->members[0]);
				else
					put_group(out, a, g);
			}
			cai_finding_groups_release(&groups);
		}
	}
	put_diagnostics(out, a);
	fputs("</article>\n", out);
	return ferror(out) ? -EIO : 0;
}

/* ------------------------------------------------------------- charts */

#define CHART_WIDTH 480
#define CHART_LABEL 170
#define CHART_BAR 18

/* A chart label, cut after 20 characters with an ellipsis. */
static void put_label(FILE *out, const char *label)
{
	size_t bytes = 0, chars = 0;
	while (label[bytes] && chars < 20) {
		size_t n = ca_terminal_char_len(label + bytes, strlen(label + bytes));
		bytes += n ? n : 1;
		chars++;
	}
	char *cut = strndup(label, bytes);
	put_html(out, cut ? cut : "?");
	if (label[bytes])
		fputs("…", out);
	free(cut);
}

typedef struct bar {
	const char *label;
	size_t segments[5];
} bar;

/* A horizontal bar chart: one bar per row, stacked segments coloured by
 * colours[k], the total at its end, a legend when there is more than one
 * segment kind. */
static void svg_bars(FILE *out, const char *title, const bar *bars, size_t n, size_t kinds,
		     const char *const *colours, const char *const *kind_names)
{
	size_t max = 1;
	for (size_t i = 0; i < n; i++) {
		size_t total = 0;
		for (size_t k = 0; k < kinds; k++)
			total += bars[i].segments[k];
		max = total > max ? total : max;
	}
	size_t legend_rows = 0;
	if (kinds > 1) { /* legend items laid out in rows that fit the chart */
		size_t x = CHART_LABEL;
		legend_rows = 1;
		for (size_t k = 0; k < kinds; k++) {
			size_t w = 14 + 7 * strlen(kind_names[k]) + 12;
			if (x + w > CHART_WIDTH && x > CHART_LABEL) {
				legend_rows++;
				x = CHART_LABEL;
			}
			x += w;
		}
	}
	size_t legend = legend_rows * 18 + (legend_rows ? 4 : 0);
	size_t height = n * (CHART_BAR + 6) + legend + 4;
	fputs("<div class=\"chart\"><h4>", out);
	put_html(out, title);
	fprintf(out, "</h4><svg role=\"img\" width=\"%d\" height=\"%zu\" viewBox=\"0 0 %d %zu\">"
		     "<title>",
		CHART_WIDTH, height, CHART_WIDTH, height);
	put_html(out, title);
	fputs("</title>", out);
	double scale = (double)(CHART_WIDTH - CHART_LABEL - 50) / (double)max;
	for (size_t i = 0; i < n; i++) {
		size_t y = i * (CHART_BAR + 6) + 2, total = 0;
		/* long labels are cut to fit; the whole label is the bar's tooltip */
		fprintf(out, "<g><title>");
		put_html(out, bars[i].label);
		fprintf(out, "</title><text x=\"%d\" y=\"%zu\" text-anchor=\"end\">", CHART_LABEL - 6,
			y + CHART_BAR - 5);
		put_label(out, bars[i].label);
		fputs("</text></g>", out);
		double x = CHART_LABEL;
		for (size_t k = 0; k < kinds; k++) {
			size_t v = bars[i].segments[k];
			if (!v)
				continue;
			double w = (double)v * scale;
			fprintf(out, "<rect x=\"%.1f\" y=\"%zu\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
				     "<title>%s: %zu</title></rect>",
				x, y, w < 1 ? 1 : w, CHART_BAR, colours[k], kind_names[k], v);
			x += w;
			total += v;
		}
		fprintf(out, "<text x=\"%.1f\" y=\"%zu\">%zu</text>", x + 4, y + CHART_BAR - 5, total);
	}
	if (legend) {
		size_t y = n * (CHART_BAR + 6) + 6, x = CHART_LABEL;
		for (size_t k = 0; k < kinds; k++) {
			size_t w = 14 + 7 * strlen(kind_names[k]) + 12;
			if (x + w > CHART_WIDTH && x > CHART_LABEL) {
				y += 18;
				x = CHART_LABEL;
			}
			fprintf(out, "<rect x=\"%zu\" y=\"%zu\" width=\"10\" height=\"10\" fill=\"%s\"/>"
				     "<text x=\"%zu\" y=\"%zu\">%s</text>",
				x, y, colours[k], x + 14, y + 10, kind_names[k]);
			x += w;
		}
	}
	fputs("</svg></div>\n", out);
}

static const char *const palette[] = {"#1f6f8b", "#a86400", "#6a3d9a", "#2e7d32",
				      "#b3261e", "#00838f", "#8d6e63", "#9e9e9e"};

static void chart_verdicts(FILE *out, const sink_summary *s)
{
	static const char *const colours[] = {"#b3261e", "#a86400", "#1f6f8b", "#2e7d32", "#6b6b6b"};
	static const char *const names[] = {"fail", "warn", "info", "no findings", "unreadable"};
	bar bars[5];
	for (int v = VERDICT_FAIL, i = 0; v >= VERDICT_UNREADABLE; v--, i++) {
		bars[i] = (bar){.label = names[i]};
		bars[i].segments[i] = s->by_verdict[v];
	}
	svg_bars(out, "Hosts by verdict (worst finding not waived)", bars, 5, 5, colours, names);
}

static void chart_rules(FILE *out, const sink_summary *s)
{
	static const char *const colours[] = {"#b3261e", "#a86400", "#1f6f8b", "#9e9e9e"};
	static const char *const names[] = {"fail", "warn", "info", "waived"};
	if (!s->n_rules)
		return;
	bar *bars = calloc(s->n_rules, sizeof(*bars));
	if (!bars)
		return;
	for (size_t i = 0; i < s->n_rules; i++) {
		bars[i].label = s->rules[i].rule;
		bars[i].segments[0] = s->rules[i].by_severity[CA_SEVERITY_FAIL];
		bars[i].segments[1] = s->rules[i].by_severity[CA_SEVERITY_WARN];
		bars[i].segments[2] = s->rules[i].by_severity[CA_SEVERITY_INFO];
		bars[i].segments[3] = s->rules[i].waived;
	}
	svg_bars(out, "Findings by rule and severity", bars, s->n_rules, 4, colours, names);
	free(bars);
}

/* One chart per role: the owners of the makers, most first, at most eight
 * bars (the rest as "others"). */
static void chart_makers(FILE *out, const sink_summary *s)
{
	bar *bars = calloc(s->n_makers + 1, sizeof(*bars));
	bool *used = calloc(s->n_makers + 1, sizeof(*used));
	for (size_t i = 0; bars && used && i < s->n_makers; i++) {
		const char *role = s->makers[i].role;
		if (!cai_first_of_role(s->makers, i))
			continue;
		size_t n = 0, others = 0;
		memset(used, 0, (s->n_makers + 1) * sizeof(*used));
		for (;;) {
			size_t best = s->n_makers;
			for (size_t k = 0; k < s->n_makers; k++)
				if (!used[k] && strcmp(s->makers[k].role, role) == 0 &&
				    (best == s->n_makers || s->makers[k].n > s->makers[best].n))
					best = k;
			if (best == s->n_makers)
				break;
			used[best] = true;
			if (n < 7) {
				bars[n] = (bar){.label = *s->makers[best].owner ? s->makers[best].owner : "unknown"};
				bars[n++].segments[0] = s->makers[best].n;
			} else {
				others += s->makers[best].n;
			}
		}
		if (others) {
			bars[n] = (bar){.label = "others"};
			bars[n++].segments[0] = others;
		}
		char title[96];
		snprintf(title, sizeof(title), "%s makers (owner on the date), installed components",
			 strcmp(role, "dram") == 0 ? "DRAM" : role);
		static const char *const names[] = {"components"};
		svg_bars(out, title, bars, n, 1, palette, names);
	}
	free(bars);
	free(used);
}

static void put_card(FILE *out, const char *cls, size_t n, const char *what)
{
	fprintf(out, "<div class=\"card %s\"><div class=\"n\">%zu</div>%s</div>\n", cls, n, what);
}

static void put_hosts_table(FILE *out, const sink_summary *s)
{
	fprintf(out, "<section id=\"fleet\">\n<h2>Hosts</h2>\n<div class=\"filters\">"
		     "<input id=\"host-filter\" type=\"search\" placeholder=\"Filter hosts, systems, makers\" "
		     "aria-label=\"Filter\"><select id=\"verdict-filter\" aria-label=\"Verdict\">"
		     "<option value=\"\">every verdict</option><option value=\"fail\">fail</option>"
		     "<option value=\"warn\">warn</option><option value=\"info\">info</option>"
		     "<option value=\"clean\">no findings</option>"
		     "<option value=\"unreadable\">unreadable</option>"
		     "<option value=\"none\">no rules applied</option></select>"
		     "<span class=\"muted\"><span id=\"hosts-shown\">%zu</span> of %zu shown</span></div>\n"
		     "<table id=\"hosts-table\"><thead><tr><th>Host</th><th>System</th><th>Verdict</th>"
		     "<th data-type=\"number\">Findings</th><th data-type=\"number\">Memory devices</th>"
		     "<th>Makers by role</th></tr></thead><tbody>\n",
		s->n_hosts, s->n_hosts);
	for (size_t i = 0; i < s->n_hosts; i++) {
		const summary_host *h = &s->hosts[i];
		char id[24];
		host_id(h->ordinal, id);
		fprintf(out, "<tr data-verdict=\"%s\"><td><a href=\"#%s\">",
			verdict_label_class(h->verdict, s->rules_applied), id);
		put_html(out, h->label);
		fputs("</a></td><td>", out);
		put_html(out, h->system);
		fprintf(out, "</td><td data-sort=\"%d\"><span class=\"badge v-%s\">%s</span></td>"
			     "<td>%zu</td><td>%zu</td><td>",
			h->verdict, verdict_label_class(h->verdict, s->rules_applied),
			verdict_label(h->verdict, s->rules_applied), h->findings, h->modules);
		put_html(out, h->makers);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n</section>\n", out);
}

SINK_END(cai_sink_html_end)
{
	(void)o; /* the head said what the options were */
	const sink_summary *s = summary;
	fputs("</section>\n<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n", out);
	put_card(out, "", s->hosts_read, "hosts read");
	if (s->rules_applied) {
		put_card(out, "fail", s->by_verdict[VERDICT_FAIL], "hosts failing");
		put_card(out, "warn", s->by_verdict[VERDICT_WARN], "hosts with warnings");
		put_card(out, "info", s->by_verdict[VERDICT_INFO], "hosts with notes");
		put_card(out, "clean", s->by_verdict[VERDICT_CLEAN], "hosts without findings");
		put_card(out, "", s->findings, "findings");
	}
	put_card(out, "", s->by_verdict[VERDICT_UNREADABLE], "unreadable");
	if (s->incomplete)
		put_card(out, "", s->incomplete, "incomplete (evidence with errors)");
	fputs("</div>\n", out);
	if (!s->rules_applied)
		fputs("<p><b>No rules were applied</b> (no profile given): this report lists makers only.</p>\n",
		      out);
	fputs("<div class=\"charts\">\n", out);
	if (s->rules_applied) {
		chart_verdicts(out, s);
		chart_rules(out, s);
	}
	chart_makers(out, s);
	if (s->inspected.orders) {
		fputs("</div>\n<p class=\"scope\">An order line's answer holds for the facts given in "
		      "the list and the data vintage above; an unknown is never \"no licence needed\".</p>\n"
		      "</section>\n", out);
	} else {
		fputs("</div>\n<p class=\"scope\"><span class=\"k\">Not inspected on any host:</span> ", out);
		put_html_owned(out, cai_summary_not_inspected_text(s));
		fputs(". A host without findings is clean only for what was inspected.</p>\n</section>\n", out);
	}
	put_hosts_table(out, s);
	fprintf(out, "</div>\n<script>\n%s</script>\n</body>\n</html>\n", cai_html_js);
	return ferror(out) ? -EIO : 0;
}
