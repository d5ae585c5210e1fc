/* SPDX-License-Identifier: MIT */
/* chipaudit screen ORDERS...: export-control screening of order lists,
 * each list reported as one host through the report sinks. */
#include "cli.h"
#include "datadir.h"

#include "chipaudit/export.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void screen_usage(FILE *out)
{
	fprintf(out,
		"usage: chipaudit screen [--as-of DATE] [--columns ROLE=N,...] [--lists FILE]\n"
		"                        [--format F] [-o FILE] [--fail-on fail|warn|info]\n"
		"                        [-v|-q] [--color WHEN] [--csv-rows R] [--csv-bom] ORDERS...\n"
		"  ORDERS          an order list as XLSX, or CSV or TSV (UTF-8, UTF-16 or GB18030), with\n"
		"                  a header naming its columns (ship date, exporter, ship from, item,\n"
		"                  maker, model, ECCN, list item, destination, consignee, intermediate\n"
		"                  consignee, end user, end use, advanced node, fab production, US person\n"
		"                  support, US technology, listed owner; English or Chinese)\n"
		"  --as-of DATE    the ship date of lines that give none (default: today)\n"
		"  --columns SPEC  which columns (from 1) hold which role (date=2,destination=5,end-user=7)\n"
		"  --lists FILE    a screening-list snapshot instead of the imported or shipped one\n"
		"  --fail-on S     exit 1 on a finding of severity S or above (default warn: a line\n"
		"                  needing a licence is fail, one whose answer is unknown warn)\n"
		"%s"
		"exit status: 0 nothing at or above --fail-on, 1 a finding at or above it, 2 bad\n"
		"             input, 3 internal error\n",
		common_report_help);
}

/* Screens the lines of o into an assessment of the list called path. */
static int screen_list(const ca_policy *policy, const ca_export_regimes *reg, const ca_export_lists *l,
		       const char *path, const ca_export_orders *o, const char *as_of, size_t ordinal,
		       ca_assessment **ret)
{
	ca_assessment *a = NULL;
	int rc = ca_assessment_new(policy, path, &a);
	if (rc == 0) {
		ca_assessment_set_ordinal(a, ordinal);
		rc = ca_assessment_screen_orders(a, path, o, reg, l, as_of);
		if (rc != -ENOMEM && rc != -E2BIG)
			rc = ca_assessment_finish(a);
	}
	if (rc < 0) {
		ca_assessment_free(a);
		return rc;
	}
	*ret = a;
	return 0;
}

int cmd_screen(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"lists", required_argument, NULL, 'l'}, {"columns", required_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},         COMMON_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	common_options opt = COMMON_OPTIONS_INIT;
	opt.fail_on = CA_SEVERITY_WARN;
	const char *lists = NULL, *columns = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': lists = optarg; break;
		case 'C': columns = optarg; break;
		case 'h': screen_usage(stdout); return EXIT_OK;
		case 1002: case 1003: case 1004: case 1005: case 1008:
			fprintf(stderr, "chipaudit screen: --%s does not apply: order lines are judged "
					"by the export regime records and screening lists\n",
				c == 1002 ? "kb" : c == 1003 ? "profile" : c == 1004 ? "rules"
				: c == 1005 ? "ignore" : "purchases");
			return EXIT_BAD_INPUT;
		default: {
			int k = common_option(&opt, c, optarg);
			if (k == 1)
				break;
			if (k == 0)
				screen_usage(stderr);
			return EXIT_BAD_INPUT;
		}
		}
	}
	if (optind >= argc) {
		screen_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	if (output_names_input(opt.output, argv + optind, (size_t)(argc - optind)))
		return refuse_output_over_evidence("screen", opt.output, "one of the order lists");
	char day[11];
	if (!date_or_today("--as-of", opt.policy.as_of, day))
		return EXIT_BAD_INPUT;
	if (columns) { /* a bad spec is said before any report is started */
		ca_export_orders *probe = NULL;
		int r = ca_export_orders_read("--columns", (const uint8_t *)"", 0, columns, &probe);
		ca_export_orders_free(probe);
		if (r == -EINVAL && !probe) {
			fprintf(stderr, "chipaudit screen: --columns '%s' is not ROLE=N[,ROLE=N...] (roles in "
					"docs/export.md; columns from 1)\n",
				ts(columns));
			return EXIT_BAD_INPUT;
		}
	}
	opt.policy.as_of = day;
	ca_export_regimes *reg;
	if (ca_export_regimes_builtin(&reg) < 0) {
		fprintf(stderr, "chipaudit screen: the built-in regime records cannot be loaded\n");
		return EXIT_INTERNAL;
	}
	ca_export_lists *l;
	int rc = export_lists_open("screen", lists, &l);
	if (rc != EXIT_OK) {
		ca_export_regimes_free(reg);
		return rc;
	}
	ca_policy *policy = NULL;
	char *perr = NULL;
	if (ca_policy_open(&(ca_policy_options){.as_of = day}, &policy, &perr) < 0) {
		fprintf(stderr, "chipaudit screen: %s\n", ts(perr ? perr : "the built-in data cannot be loaded"));
		free(perr);
		ca_export_lists_free(l);
		ca_export_regimes_free(reg);
		return EXIT_INTERNAL;
	}
	/* the data vintage, in every format's run metadata */
	opt.sink.properties[0] = (ca_sink_property){"lists", "screening lists of", ca_export_lists_vintage(l)};
	opt.sink.properties[1] = (ca_sink_property){"lists_source", NULL, ca_export_lists_source(l)};
	opt.sink.properties[2] = (ca_sink_property){"cfr", "CFR of", ca_export_regimes_cfr_date(reg)};
	opt.sink.properties[3] = (ca_sink_property){"regimes_reviewed", "regime records reviewed", ca_export_regimes_reviewed(reg)};
	opt.sink.n_properties = 4;
	report_dest out;
	ca_sink *sink;
	rc = report_open(&opt, NULL, &out, &sink);
	if (rc != EXIT_OK) {
		ca_policy_free(policy);
		ca_export_lists_free(l);
		ca_export_regimes_free(reg);
		return rc;
	}
	bool bad = false, internal = false, bad_columns = false;
	int max_severity = -1;
	for (int i = optind; i < argc && !internal && !bad_columns; i++) {
		ca_export_orders *o = NULL;
		char *err = NULL;
		int r = ca_export_orders_read_file(argv[i], columns, &o, &err);
		if (r == -EINVAL && !o) { /* checked above; kept for safety */
			bad_columns = true;
			break;
		}
		if (r == -ENOMEM) {
			internal = true;
			break;
		}
		if (!o) { /* unreadable: in the report as such, as audit and bom do */
			fprintf(stderr, "chipaudit screen: %s\n", ts(err ? err : argv[i]));
			ca_assessment *u = NULL;
			internal |= ca_assessment_new(policy, argv[i], &u) < 0 ||
				    ca_assessment_add_unreadable(u, argv[i], r < 0 ? r : -EIO, err ? err : "cannot be read") == -ENOMEM ||
				    ca_assessment_finish(u) < 0 || ca_sink_add_host(sink, u) < 0;
			ca_assessment_free(u);
			free(err);
			bad = true;
			continue;
		}
		for (size_t k = 0; k < ca_export_orders_diag_count(o); k++)
			fprintf(stderr, "chipaudit screen: %s\n", ts(ca_export_orders_diag(o, k)));
		ca_assessment *a = NULL;
		if (screen_list(policy, reg, l, argv[i], o, day, (size_t)(i - optind + 1), &a) < 0) {
			ca_export_orders_free(o);
			internal = true;
			break;
		}
		internal |= ca_sink_add_host(sink, a) < 0;
		bad |= r < 0 || !ca_assessment_readable(a) || !ca_assessment_complete(a);
		for (size_t k = 0; k < ca_assessment_component_count(a); k++) {
			const ca_component *cp = ca_assessment_component(a, k);
			if (cp->screen && cp->screen->error)
				fprintf(stderr, "chipaudit screen: %s: line %s: %s\n", ts(argv[i]),
					ts(cp->order->line_id ? cp->order->line_id : "?"), ts(cp->screen->error));
		}
		int sev = ca_findings_max_severity(ca_assessment_findings(a));
		if (sev > max_severity)
			max_severity = sev;
		ca_assessment_free(a);
		ca_export_orders_free(o);
	}
	if (internal || bad_columns) {
		ca_sink_close(sink, false);
		report_abandon(&out);
		if (internal)
			fprintf(stderr, "chipaudit: the report could not be written in full\n");
		rc = internal ? EXIT_INTERNAL : EXIT_BAD_INPUT;
	} else {
		/* the regime records and lists are the rules applied */
		rc = report_close(sink, &out, true) != EXIT_OK ? EXIT_INTERNAL
		     : bad					? EXIT_BAD_INPUT
		     : max_severity >= (int)opt.fail_on	? EXIT_FINDINGS
								: EXIT_OK;
	}
	ca_policy_free(policy);
	ca_export_lists_free(l);
	ca_export_regimes_free(reg);
	return rc;
}
