/* SPDX-License-Identifier: MIT */
/* Human table of a host inventory: identity, then one row per populated
 * memory slot with the binary maker ids decoded to names. */
#include "chipaudit/report.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "chipaudit/kb.h"

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

/* Writes printable text only (control bytes from evidence become '?'),
 * padded to width. With width > 0, text longer than TABLE_MAX_COLUMN is
 * cut and ends with '~'. */
static void put_clean(FILE *out, const char *s, int width)
{
	const unsigned char *p = (const unsigned char *)or_dash(s);
	size_t len = strlen((const char *)p);
	bool cut = width > 0 && len > TABLE_MAX_COLUMN;
	size_t shown = cut ? TABLE_MAX_COLUMN - 1 : len;
	for (size_t i = 0; i < shown; i++)
		fputc(p[i] < 0x20 || p[i] == 0x7F ? '?' : p[i], out);
	if (cut)
		fputc('~', out);
	for (int n = (int)(cut ? TABLE_MAX_COLUMN : shown); n < width; n++)
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
static void maker_cell(const ca_maker_answer *a, char *buf, size_t size)
{
	if (a->confidence == CA_CONFIDENCE_NONE)
		snprintf(buf, size, "?");
	else if (strcmp(a->maker_id, a->owner_id) != 0)
		snprintf(buf, size, "%.40s (%.40s)", a->maker_name, a->owner_name);
	else
		snprintf(buf, size, "%.60s", a->maker_name);
}

static void how_cell(const ca_maker_answer *a, char *buf, size_t size)
{
	if (a->confidence == CA_CONFIDENCE_NONE)
		snprintf(buf, size, "unknown");
	else
		snprintf(buf, size, "%s %s%s", a->method, ca_confidence_name(a->confidence),
			 a->heuristic ? "~" : "");
}

int ca_report_host_table(const ca_host *h, const ca_report_options *opt, FILE *out)
{
	fprintf(out, "== ");
	put_clean(out, ca_host_source(h), 0);
	fprintf(out, "  [%s", ca_format_name(ca_host_format(h)));
	if (*ca_host_smbios_version(h))
		fprintf(out, ", SMBIOS %s", ca_host_smbios_version(h));
	if (*ca_host_tool_version(h))
		fprintf(out, ", dmidecode %s", ca_host_tool_version(h));
	fprintf(out, "]\n");

	const ca_record *sys = ca_host_find_record(h, 1), *bios = ca_host_find_record(h, 0);
	if (sys) {
		fprintf(out, "System:   ");
		put_clean(out, ca_record_value(sys, "Manufacturer"), 0);
		fputc(' ', out);
		put_clean(out, ca_record_value(sys, "Product Name"), 0);
		fputc('\n', out);
	}
	if (bios) {
		fprintf(out, "BIOS:     ");
		put_clean(out, ca_record_value(bios, "Vendor"), 0);
		fputc(' ', out);
		put_clean(out, ca_record_value(bios, "Version"), 0);
		fputc(' ', out);
		put_clean(out, ca_record_value(bios, "Release Date"), 0);
		fputc('\n', out);
	}

	size_t slots = 0, populated = 0;
	uint64_t total = 0;
	for (size_t i = 0; i < ca_host_record_count(h); i++) {
		ca_memory_device m;
		if (ca_memory_device_from_record(ca_host_record(h, i), &m) < 0)
			continue;
		slots++;
		if (m.installed) {
			populated++;
			total += m.size_bytes;
		}
	}
	char total_s[32];
	ca_format_size(total, total_s, sizeof(total_s));
	fprintf(out, "Memory:   %zu of %zu slots populated, %s\n", populated, slots, total_s);
	if (populated) {
		int w_slot = 4, w_type = 4, w_maker = 12, w_part = 11;
		for (size_t i = 0; i < ca_host_record_count(h); i++) {
			ca_memory_device m;
			if (ca_memory_device_from_record(ca_host_record(h, i), &m) < 0 || !m.installed)
				continue;
			w_slot = w_slot > clean_width(m.locator) ? w_slot : clean_width(m.locator);
			w_type = w_type > clean_width(m.type) ? w_type : clean_width(m.type);
			w_maker = w_maker > clean_width(m.manufacturer) ? w_maker : clean_width(m.manufacturer);
			w_part = w_part > clean_width(m.part_number) ? w_part : clean_width(m.part_number);
		}
		bool makers = opt && opt->kb;
		fprintf(out, "  %-*s %-8s %-*s %-10s %-*s %-*s %s\n", w_slot, "SLOT", "SIZE", w_type,
			"TYPE", "SPEED", w_maker, "MANUFACTURER", w_part, "PART NUMBER",
			makers ? "MODULE MAKER (OWNER)  HOW / DRAM" : "MODULE MAKER ID (JEP106)");
		for (size_t i = 0; i < ca_host_record_count(h); i++) {
			ca_memory_device m;
			if (ca_memory_device_from_record(ca_host_record(h, i), &m) < 0 || !m.installed)
				continue;
			char size_s[32], speed_s[24];
			if (m.size_bytes)
				ca_format_size(m.size_bytes, size_s, sizeof(size_s));
			else
				snprintf(size_s, sizeof(size_s), "?");
			if (m.speed_mts)
				snprintf(speed_s, sizeof(speed_s), "%u MT/s", m.speed_mts);
			else
				snprintf(speed_s, sizeof(speed_s), "-");
			fprintf(out, "  ");
			put_clean(out, m.locator, w_slot);
			fprintf(out, " %-8s ", size_s);
			put_clean(out, m.type, w_type);
			fprintf(out, " %-10s ", speed_s);
			put_clean(out, m.manufacturer, w_maker);
			fputc(' ', out);
			put_clean(out, m.part_number, w_part);
			ca_memory_makers mk;
			if (makers && ca_identify_memory_device(opt->kb, &m, opt->as_of, 0, &mk) == 0) {
				char cell[128], how[64], dram[128], dram_how[64];
				maker_cell(&mk.role[CA_ROLE_MODULE], cell, sizeof(cell));
				how_cell(&mk.role[CA_ROLE_MODULE], how, sizeof(how));
				maker_cell(&mk.role[CA_ROLE_DRAM], dram, sizeof(dram));
				how_cell(&mk.role[CA_ROLE_DRAM], dram_how, sizeof(dram_how));
				fprintf(out, " %-21s %s / DRAM %s", cell, how, dram);
				if (mk.role[CA_ROLE_DRAM].confidence)
					fprintf(out, " (%s)", dram_how);
				fputc('\n', out);
				for (int r = CA_ROLE_REGISTER; r <= CA_ROLE_PMIC; r++)
					if (mk.role[r].confidence) {
						maker_cell(&mk.role[r], cell, sizeof(cell));
						how_cell(&mk.role[r], how, sizeof(how));
						fprintf(out, "    %s: %s (%s)\n", ca_role_name((ca_role)r), cell, how);
					}
				if (mk.conflict[0]) {
					fprintf(out, "    warning: conflict: ");
					put_clean(out, mk.conflict, 0);
					fputc('\n', out);
				}
			} else {
				char id_s[160];
				format_id(m.module_manufacturer, id_s, sizeof(id_s));
				fprintf(out, " %s\n", id_s);
			}
		}
	}
	if (opt && opt->profile_id) {
		size_t n = ca_findings_count(opt->findings);
		fprintf(out, "Findings: %zu for profile %s%s\n", n, opt->profile_id, n ? ":" : "");
		for (size_t i = 0; i < n; i++) {
			const ca_finding *f = ca_findings_at(opt->findings, i);
			fprintf(out, "  [%s%s] %s: ", ca_severity_name(f->severity), f->waived ? ", waived" : "",
				f->rule_id);
			put_clean(out, f->sentence, 0);
			fputc('\n', out);
			fprintf(out, "      evidence: ");
			put_clean(out, f->evidence, 0);
			fprintf(out, "\n      cites: ");
			put_clean(out, f->citation, 0);
			fputc('\n', out);
			if (f->options[0]) {
				fprintf(out, "      because: ");
				put_clean(out, f->options, 0);
				fputc('\n', out);
			}
			if (f->waiver[0]) {
				fprintf(out, "      %s", f->waived ? "" : "note: ");
				put_clean(out, f->waiver, 0);
				fputc('\n', out);
			}
		}
	}
	for (size_t i = 0; i < ca_host_diagnostic_count(h); i++) {
		const ca_diagnostic *d = ca_host_diagnostic(h, i);
		fprintf(out, "  %s", ca_diag_level_name(d->level));
		if (d->line)
			fprintf(out, " (line %u)", d->line);
		else if (d->offset >= 0)
			fprintf(out, " (offset 0x%llX)", (unsigned long long)d->offset);
		fprintf(out, ": ");
		put_clean(out, d->message, 0);
		fputc('\n', out);
	}
	if (ca_host_diagnostics_dropped(h))
		fprintf(out, "  note: %zu further diagnostics not kept\n", ca_host_diagnostics_dropped(h));
	fputc('\n', out);
	return ferror(out) ? -EIO : 0;
}
