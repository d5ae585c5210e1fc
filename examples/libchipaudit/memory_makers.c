/* SPDX-License-Identifier: MIT */
/* memory_makers: a program linking the installed libchipaudit. For each
 * evidence file (dmidecode text or dump, RSMB blob, raw table) it prints
 * every installed memory module's makers by role, with the confidence of
 * each answer, and with a profile the number of findings.
 *
 *   cc memory_makers.c $(pkg-config --cflags --libs chipaudit) -o memory_makers
 *   ./memory_makers [--profile NAME] FILE...
 */
#include <chipaudit/assess.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints one host's memory makers; returns 0 when the file was read. */
static int report(const ca_policy *policy, const char *path)
{
	ca_assessment *a;
	const char *paths[] = {path};
	if (ca_assess_files(policy, path, paths, 1, &a) < 0) {
		fprintf(stderr, "memory_makers: out of memory\n");
		return -1;
	}
	int rc = 0;
	if (!ca_assessment_readable(a)) {
		fprintf(stderr, "memory_makers: %s: not readable evidence\n", path);
		rc = -1;
	} else {
		const ca_host *h = ca_assessment_inventory(a);
		printf("%s: %s, SMBIOS %s\n", path, ca_format_name(ca_host_format(h)),
		       ca_host_smbios_version(h));
	}
	for (size_t i = 0; i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		if (c->kind != CA_COMPONENT_MEMORY_DEVICE || !c->present)
			continue;
		printf("  %s\n", c->label);
		for (size_t k = 0; k < c->n_makers; k++) {
			const ca_maker *m = &c->makers[k].answer;
			printf("    %-8s %s (%s)\n", c->makers[k].role, *m->maker_name ? m->maker_name : "unknown",
			       ca_confidence_name(m->confidence));
		}
	}
	const ca_findings *f = ca_assessment_findings(a);
	if (f)
		printf("  findings: %zu\n", ca_findings_count(f));
	ca_assessment_free(a);
	return rc;
}

int main(int argc, char **argv)
{
	ca_policy_options o = {0};
	int first = 1;
	if (argc > 2 && strcmp(argv[1], "--profile") == 0) {
		o.profile = argv[2];
		first = 3;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: memory_makers [--profile NAME] FILE...\n");
		return 2;
	}
	ca_policy *policy;
	char *err = NULL;
	if (ca_policy_open(&o, &policy, &err) < 0) {
		fprintf(stderr, "memory_makers: %s\n", err ? err : "cannot open the policy");
		free(err);
		return 2;
	}
	int status = 0;
	for (int i = first; i < argc; i++)
		if (report(policy, argv[i]) < 0)
			status = 2;
	ca_policy_free(policy);
	return status;
}
