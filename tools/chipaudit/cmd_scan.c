/* SPDX-License-Identifier: MIT */
/* chipaudit scan: the SMBIOS tables of this machine (or of a captured tree). */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void scan_usage(FILE *out)
{
	fprintf(out, "usage: chipaudit scan [--root DIR] [--format F] [-o FILE] [--as-of DATE]\n"
		     "                      [--kb FILE]... [--profile NAME|FILE] [--rules FILE]...\n"
		     "                      [--ignore WAIVERS] [--purchases CSV] [--fail-on fail|warn|info]\n"
		     "                      [-v|-q] [--color WHEN] [--csv-rows R] [--csv-bom] [--with-serials]\n"
		     "  --root DIR   read a captured tree (DIR/sys/firmware/dmi/tables, DIR/sys/class/nvme,\n"
		     "               DIR/sys/block, DIR/sys/bus/{mmc,pci,usb}/devices) instead of /\n"
		     "%s", common_report_help);
}

/* The exit code for the live evidence, or EXIT_OK to go on and report it. */
static int live_status(const ca_assessment *a)
{
	const ca_evidence *e = ca_assessment_evidence(a, 0);
	bool devices = false; /* a device source was read: reported without the tables */
	for (size_t i = 1; i < ca_assessment_evidence_count(a); i++)
		devices |= ca_assessment_evidence(a, i)->status == 0;
	if ((e->status == -EACCES || e->status == -ENOENT) && !devices) {
		const ca_diagnostic *d = ca_host_last_error(e->host);
		fprintf(stderr, "chipaudit: %s%s\n", ts(d ? d->message : "cannot read the SMBIOS tables"),
			ts(e->status == -EACCES
				? "; run as root, or audit a file made with 'dmidecode --dump-bin'"
				: "; audit a dump taken on a machine that has them"));
		return EXIT_NO_EVIDENCE;
	}
	if (e->status == -ENOMEM || e->status == -ENAMETOOLONG) {
		fprintf(stderr, "chipaudit: %s\n", ts(strerror(-e->status)));
		return EXIT_INTERNAL;
	}
	return EXIT_OK;
}

int cmd_scan(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"root", required_argument, NULL, 'r'}, {"help", no_argument, NULL, 'h'},
		COMMON_LONGOPTS,                        {NULL, 0, NULL, 0},
	};
	common_options opt = COMMON_OPTIONS_INIT;
	const char *root = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': root = optarg; break;
		case 'h': scan_usage(stdout); return EXIT_OK;
		default: {
			int k = common_option(&opt, c, optarg);
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
			ts(argv[optind]));
		return EXIT_BAD_INPUT;
	}
	char *roots[1] = {(char *)(root ? root : "/")};
	if (root && output_names_input(opt.output, roots, 1))
		return refuse_output_over_evidence("scan", opt.output, "inside the --root tree");
	ca_policy *policy;
	int rc = policy_open_or_complain(&opt.policy, &policy);
	if (rc != EXIT_OK)
		return rc;
	ca_assessment *a = NULL;
	bool made = ca_assessment_new(policy, root ? root : "live", &a) == 0;
	if (made)
		ca_assessment_set_ordinal(a, 1); /* the one host of the report */
	if (!made || ca_assessment_add_live(a, root) == -ENOMEM || ca_assessment_finish(a) < 0) {
		fprintf(stderr, "chipaudit: out of memory\n");
		ca_assessment_free(a);
		ca_policy_free(policy);
		return EXIT_INTERNAL;
	}
	rc = live_status(a);
	if (rc != EXIT_OK) {
		ca_assessment_free(a);
		ca_policy_free(policy);
		return rc;
	}
	report_dest out;
	ca_sink *sink;
	rc = report_open(&opt, policy, &out, &sink);
	if (rc != EXIT_OK) {
		ca_assessment_free(a);
		ca_policy_free(policy);
		return rc;
	}
	bool internal = ca_sink_add_host(sink, a) < 0;
	bool readable = ca_assessment_readable(a) && ca_assessment_complete(a);
	char *complaint = format_unreadable(a);
	if (complaint)
		fputs(complaint, stderr);
	free(complaint);
	int max_severity = ca_findings_max_severity(ca_assessment_findings(a));
	ca_assessment_free(a);
	bool rules_applied = ca_policy_profile(policy) != NULL;
	complain_unmatched_purchases(policy);
	if (internal) {
		ca_sink_close(sink, rules_applied);
		report_abandon(&out); /* a half-written report does not replace the -o file */
		ca_policy_free(policy);
		fprintf(stderr, "chipaudit: the report could not be written in full\n");
		return EXIT_INTERNAL;
	}
	rc = report_close(sink, &out, rules_applied); /* the sink may read the policy */
	ca_policy_free(policy);
	if (rc != EXIT_OK)
		return EXIT_INTERNAL;
	if (!readable)
		return EXIT_BAD_INPUT;
	return max_severity >= (int)opt.fail_on ? EXIT_FINDINGS : EXIT_OK;
}
