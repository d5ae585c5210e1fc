/* SPDX-License-Identifier: MIT */
/* chipaudit scan: the SMBIOS tables of this machine. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void scan_usage(FILE *out)
{
	fprintf(out, "usage: chipaudit scan [--root DIR] [--format table|json] [-o FILE] [--as-of DATE]\n"
		     "                      [--kb FILE]... [--profile NAME|FILE] [--rules FILE]...\n"
		     "                      [--ignore WAIVERS] [--fail-on fail|warn|info]\n"
		     "  --root DIR   read a captured tree (DIR/sys/firmware/dmi/tables) instead of /\n");
}

int cmd_scan(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"root", required_argument, NULL, 'r'},   {"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'}, {"help", no_argument, NULL, 'h'},
		KNOWLEDGE_LONGOPTS,                       {NULL, 0, NULL, 0},
	};
	output_options opt = {.format = OUTPUT_TABLE};
	knowledge_options know = {.fail_on = CA_SEVERITY_FAIL};
	const char *root = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': root = optarg; break;
		case 'f':
			if (!output_format_parse(optarg, &opt.format)) {
				fprintf(stderr, "chipaudit scan: unknown format '%s'\n", optarg);
				return EXIT_BAD_INPUT;
			}
			break;
		case 'o': opt.path = optarg; break;
		case 'h': scan_usage(stdout); return EXIT_OK;
		default: {
			int k = knowledge_option(&know, c, optarg);
			if (k == 1)
				break;
			if (k == 0)
				scan_usage(stderr);
			return EXIT_BAD_INPUT;
		}
		}
	}
	if (optind < argc) {
		fprintf(stderr, "chipaudit scan: unexpected argument '%s' (use 'audit' for files)\n",
			argv[optind]);
		return EXIT_BAD_INPUT;
	}

	ca_host *h = ca_host_new();
	if (!h || ca_host_set_source(h, root ? root : "live") < 0) {
		ca_host_free(h);
		fprintf(stderr, "chipaudit: out of memory\n");
		return EXIT_INTERNAL;
	}
	int r = ca_sysfs_dmi_read(h, root);
	if (r == -EACCES || r == -ENOENT) {
		const ca_diagnostic *d = ca_host_diagnostic(h, ca_host_diagnostic_count(h) - 1);
		fprintf(stderr, "chipaudit: %s%s\n", d ? d->message : "cannot read the SMBIOS tables",
			r == -EACCES ? "; run as root, or audit a file made with 'dmidecode --dump-bin'"
				     : "; audit a dump taken on a machine that has them");
		ca_host_free(h);
		return EXIT_NO_EVIDENCE;
	}
	if (r == -ENOMEM || r == -ENAMETOOLONG) {
		fprintf(stderr, "chipaudit: %s\n", strerror(-r));
		ca_host_free(h);
		return EXIT_INTERNAL;
	}
	ca_kb *kb;
	int kr = knowledge_open(&know, &kb);
	if (kr != EXIT_OK) {
		ca_host_free(h);
		return kr;
	}
	policy pol;
	kr = policy_open(&know, kb, &pol);
	if (kr != EXIT_OK) {
		ca_host_free(h);
		ca_kb_free(kb);
		return kr;
	}
	ca_findings *findings = NULL;
	if (r == 0 && policy_evaluate(&pol, kb, h, know.as_of, &findings) < 0) {
		fprintf(stderr, "chipaudit: out of memory\n");
		r = -ENOMEM;
	}
	int max_severity = ca_findings_max_severity(findings);
	ca_report_options ropt = {.kb = kb, .as_of = know.as_of, .findings = findings,
				  .profile_id = pol.profile ? pol.profile->id : NULL};
	report_writer w;
	if (report_writer_open(&w, &opt) < 0) {
		ca_findings_free(findings);
		policy_close(&pol);
		ca_host_free(h);
		ca_kb_free(kb);
		return EXIT_INTERNAL;
	}
	w.rules_applied = pol.profile != NULL;
	char *text = report_render_host(h, opt.format, &ropt);
	ca_findings_free(findings);
	policy_close(&pol);
	ca_kb_free(kb);
	if (!text) {
		ca_host_free(h);
		report_writer_close(&w);
		fprintf(stderr, "chipaudit: out of memory\n");
		return EXIT_INTERNAL;
	}
	report_writer_add(&w, text, r == 0);
	free(text);
	if (r < 0) {
		char *line = format_unreadable(ca_host_source(h), h);
		if (line)
			fputs(line, stderr);
		free(line);
	}
	ca_host_free(h);
	if (report_writer_close(&w) < 0) {
		fprintf(stderr, "chipaudit: error writing the report\n");
		return EXIT_INTERNAL;
	}
	if (r == -ENOMEM)
		return EXIT_INTERNAL;
	if (r < 0)
		return EXIT_BAD_INPUT;
	return max_severity >= (int)know.fail_on ? EXIT_FINDINGS : EXIT_OK;
}
