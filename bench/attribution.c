/* SPDX-License-Identifier: MIT */
/*
 * Measures maker attribution over a folder of dmidecode dumps (issue 3):
 *
 *  1. Agreement: for every populated memory device with a binary Module
 *     Manufacturer ID, resolve the module maker with the binary ids hidden
 *     (Manufacturer string and part number only) and compare, at owner
 *     level, with the owner of the binary id's maker. Prints the share of
 *     answered devices that agree and the share that get an answer.
 *  2. Coverage: the share of all populated devices that get a module maker
 *     with every piece of evidence used.
 *  3. DRAM makers (issue 16): the share of populated devices that get a DRAM
 *     die maker without and with the own-module grammars (a DRAM maker's own
 *     module carries its dies), and, where a 12-hex Manufacturer string names
 *     the dies, how often that inference (made from the part number alone)
 *     agrees with it at owner level.
 *
 * usage: attribution [-v] [--check] DIR...   (--check: exit 1 below the targets
 * this project holds itself to, see bench/README.md)
 */
#include "chipaudit/identify.h"
#include "util/file.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct stats {
	size_t populated, covered;
	size_t no_evidence; /* no binary id, placeholder string, no usable part number */
	size_t with_id, answered, agreed;
	size_t with_id_no_evidence; /* placeholder string and no usable part number */
	size_t answered_with_evidence;
	size_t dram_before, dram_after;
	size_t hex12_dram, hex12_inferred, hex12_agreed;
	size_t method_count[16];
	char method_name[16][32];
	size_t n_methods;
} stats;

static stats st;
static ca_kb *kb;
static bool verbose;

static void count_method(const char *m)
{
	for (size_t i = 0; i < st.n_methods; i++)
		if (strcmp(st.method_name[i], m) == 0) {
			st.method_count[i]++;
			return;
		}
	if (st.n_methods < 16) {
		snprintf(st.method_name[st.n_methods], 32, "%s", m);
		st.method_count[st.n_methods++] = 1;
	}
}

/* Counts the DRAM answers of m before and after the own-module grammars,
 * and checks the inference against a 12-hex string's DRAM part. */
static void dram_share(const ca_memory_device *m, const ca_memory_makers *all, const char *path)
{
	ca_memory_makers before;
	ca_identify_memory_device(kb, m, "2026-11-22", CA_IDENTIFY_NO_OWN_MODULE_DIES, &before);
	st.dram_before += before.role[CA_ROLE_DRAM].confidence != CA_CONFIDENCE_NONE;
	st.dram_after += all->role[CA_ROLE_DRAM].confidence != CA_CONFIDENCE_NONE;
	const ca_maker_answer *hex = &before.role[CA_ROLE_DRAM];
	if (strcmp(hex->method, "hex-12") != 0 || !hex->confidence)
		return;
	st.hex12_dram++;
	/* the inference from the part number alone (string and ids hidden) */
	ca_memory_device part_only = {.installed = true, .part_number = m->part_number,
				      .form_factor = m->form_factor, .type = m->type};
	ca_memory_makers inferred;
	ca_identify_memory_device(kb, &part_only, "2026-11-22", CA_IDENTIFY_IGNORE_BINARY_IDS, &inferred);
	const ca_maker_answer *inf = &inferred.role[CA_ROLE_DRAM];
	if (strcmp(inf->method, "own-module-grammar") != 0)
		return;
	/* the inference's precondition: the string's module maker is that maker */
	if (strcmp(before.role[CA_ROLE_MODULE].owner_id, inf->owner_id) != 0)
		return;
	st.hex12_inferred++;
	if (strcmp(inf->owner_id, hex->owner_id) == 0)
		st.hex12_agreed++;
	else if (verbose)
		printf("dram disagree: \"%s\" / \"%s\" -> %s but the 12-hex string says %s | %s\n",
		       m->manufacturer, m->part_number, inf->owner_name, hex->owner_name, path);
}

static int visit(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag != FTW_F)
		return 0;
	size_t len;
	int err;
	uint8_t *buf = cai_file_read(path, CA_MAX_INPUT_BYTES, &len, &err);
	if (!buf)
		return 0;
	ca_host *h = ca_host_new();
	if (ca_read_evidence(h, buf, len) == 0) {
		for (size_t i = 0; i < ca_host_record_count(h); i++) {
			ca_memory_device m;
			if (ca_memory_device_from_record(ca_host_record(h, i), &m) < 0 || !m.installed)
				continue;
			st.populated++;
			ca_memory_makers all, hidden;
			ca_identify_memory_device(kb, &m, "2026-11-22", 0, &all);
			if (all.role[CA_ROLE_MODULE].confidence) {
				st.covered++;
				count_method(all.role[CA_ROLE_MODULE].method);
			} else if (verbose) {
				printf("no module maker: \"%s\" | \"%s\" | %s\n",
				       m.manufacturer ? m.manufacturer : "", m.part_number ? m.part_number : "",
				       path);
			}
			if (!m.module_manufacturer.bank && ca_is_placeholder(m.manufacturer) &&
			    (!m.part_number || ca_is_placeholder(m.part_number)))
				st.no_evidence++;
			dram_share(&m, &all, path);
			if (!m.module_manufacturer.bank || !ca_jep106_name(m.module_manufacturer))
				continue;
			st.with_id++;
			/* truth: the binary id alone */
			ca_memory_device id_only = {.module_manufacturer = m.module_manufacturer};
			ca_memory_makers truth;
			ca_identify_memory_device(kb, &id_only, "2026-11-22", 0, &truth);
			ca_identify_memory_device(kb, &m, "2026-11-22", CA_IDENTIFY_IGNORE_BINARY_IDS, &hidden);
			bool no_evidence = ca_is_placeholder(m.manufacturer) &&
					   (!m.part_number || ca_is_placeholder(m.part_number));
			st.with_id_no_evidence += no_evidence;
			const ca_maker_answer *a = &hidden.role[CA_ROLE_MODULE];
			if (!a->confidence) {
				if (verbose && !no_evidence)
					printf("unanswered: %s | %s | id %s | %s\n", m.manufacturer,
					       m.part_number, truth.role[0].maker_name, path);
				continue;
			}
			st.answered++;
			st.answered_with_evidence++;
			if (strcmp(a->owner_id, truth.role[CA_ROLE_MODULE].owner_id) == 0)
				st.agreed++;
			else if (verbose)
				printf("disagree: \"%s\" / \"%s\" -> %s (%s) but id says %s | %s\n",
				       m.manufacturer, m.part_number, a->owner_name, a->method,
				       truth.role[0].owner_name, path);
		}
	}
	ca_host_free(h);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	bool check = false;
	int first = 1;
	for (; first < argc && argv[first][0] == '-'; first++) {
		if (strcmp(argv[first], "-v") == 0)
			verbose = true;
		else if (strcmp(argv[first], "--check") == 0)
			check = true;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: attribution [-v] [--check] DIR...\n");
		return 2;
	}
	if (ca_kb_new(&kb) < 0)
		return 3;
	for (int i = first; i < argc; i++)
		nftw(argv[i], visit, 16, FTW_PHYS);
	double agree = st.answered ? 100.0 * st.agreed / st.answered : 0;
	double answer = st.with_id ? 100.0 * st.answered / st.with_id : 0;
	size_t with_evidence = st.with_id - st.with_id_no_evidence;
	double answer_ev = with_evidence ? 100.0 * st.answered / with_evidence : 0;
	double cover = st.populated ? 100.0 * st.covered / st.populated : 0;
	printf("devices with a binary Module Manufacturer ID: %zu\n", st.with_id);
	printf("  answered with the id hidden: %zu (%.2f%%)\n", st.answered, answer);
	printf("  of which agree with the id at owner level: %zu (%.2f%%)\n", st.agreed, agree);
	printf("  with no string or part-number evidence at all: %zu; answered among the rest: %.2f%%\n",
	       st.with_id_no_evidence, answer_ev);
	printf("populated memory devices: %zu; with a module maker: %zu (%.2f%%)\n", st.populated,
	       st.covered, cover);
	printf("  with no evidence at all (no binary id, placeholder Manufacturer, placeholder or empty Part Number): %zu;"
	       " with a module maker among the rest: %.2f%%\n",
	       st.no_evidence,
	       st.populated > st.no_evidence ? 100.0 * st.covered / (double)(st.populated - st.no_evidence) : 0);
	printf("populated memory devices with a DRAM maker: %zu (%.2f%%) without the own-module "
	       "grammars, %zu (%.2f%%) with them\n",
	       st.dram_before, st.populated ? 100.0 * st.dram_before / st.populated : 0, st.dram_after,
	       st.populated ? 100.0 * st.dram_after / st.populated : 0);
	printf("  devices whose 12-hex Manufacturer string names the dies: %zu; the own-module inference "
	       "(part number alone) applies to %zu and agrees at owner level for %zu (%.2f%%)\n",
	       st.hex12_dram, st.hex12_inferred, st.hex12_agreed,
	       st.hex12_inferred ? 100.0 * st.hex12_agreed / st.hex12_inferred : 0);
	printf("module maker by method:");
	for (size_t i = 0; i < st.n_methods; i++)
		printf(" %s %zu;", st.method_name[i], st.method_count[i]);
	printf("\n");
	ca_kb_free(kb);
	if (check && (agree < 99.0 || answer_ev < 97.0)) {
		printf("below target: agreement >= 99%% and answers >= 97%% of devices with evidence\n");
		return 1;
	}
	return 0;
}
