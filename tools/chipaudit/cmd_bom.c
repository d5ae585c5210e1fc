/* SPDX-License-Identifier: MIT */
/* chipaudit bom: bills of materials and purchase lists, screened before
 * anything is bought (one list per file, each reported as one host). */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void bom_usage(FILE *out)
{
	fprintf(out, "usage: chipaudit bom [--columns ROLE=N,...] [--annotate OUT] [--format F] [-o FILE]\n"
		     "                     [--as-of DATE]\n"
		     "                     [--kb FILE]... [--profile NAME|FILE] [--rules FILE]...\n"
		     "                     [--ignore WAIVERS] [--fail-on fail|warn|info]\n"
		     "                     [-v|-q] [--color WHEN] [--csv-rows R] [--csv-bom] FILE...\n"
		     "  --columns SPEC  which columns (from 1) hold the maker, part number, description,\n"
		     "                  quantity and references (maker=3,part=5,desc=7,qty=2,ref=1),\n"
		     "                  instead of the header's names\n"
		     "  --annotate OUT  also write OUT: a copy of the one list FILE (CSV, TSV or XLSX,\n"
		     "                  same encoding, sheet, rows and columns) plus the columns verdict,\n"
		     "                  maker, owner, rule and evidence; cells starting with = + - @ get\n"
		     "                  a leading '\n"
		     "  FILE            a list as XLSX, CycloneDX JSON, or CSV or TSV (UTF-8, UTF-16 or\n"
		     "                  GB18030); each line is judged as a purchase on the --as-of date;\n"
		     "                  a CSV/TSV list is read in parts of 16384 lines, each a host\n"
		     "%s", common_report_help);
}

int cmd_bom(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"columns", required_argument, NULL, 'C'}, {"help", no_argument, NULL, 'h'},
		{"annotate", required_argument, NULL, 'A'},
		COMMON_LONGOPTS,                           {NULL, 0, NULL, 0},
	};
	common_options opt = COMMON_OPTIONS_INIT;
	const char *columns = NULL, *annotate = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': columns = optarg; break;
		case 'A': annotate = optarg; break;
		case 'h': bom_usage(stdout); return EXIT_OK;
		default: {
			int k = common_option(&opt, c, optarg);
			if (k == 1)
				break;
			if (k == 0)
				bom_usage(stderr);
			return EXIT_BAD_INPUT;
		}
		}
	}
	if (optind >= argc) {
		bom_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	if (opt.policy.purchases) {
		fprintf(stderr, "chipaudit bom: --purchases does not apply: a list is judged as a "
				"purchase on the --as-of date\n");
		return EXIT_BAD_INPUT;
	}
	if (output_names_input(opt.output, argv + optind, (size_t)(argc - optind)))
		return refuse_output_over_evidence("bom", opt.output, "one of the lists");
	if (annotate && argc - optind != 1) {
		fprintf(stderr, "chipaudit bom: --annotate writes the copy of one list: give one FILE\n");
		return EXIT_BAD_INPUT;
	}
	if (annotate && opt.output && (strcmp(annotate, opt.output) == 0 || output_is_file(opt.output, annotate))) {
		fprintf(stderr, "chipaudit bom: --annotate and -o name the same file\n");
		return EXIT_BAD_INPUT;
	}
	ca_bom_annotation *ann = NULL;
	if (annotate) {
		char *why = NULL;
		int r = ca_bom_annotation_open(argv[optind], annotate, columns, &ann, &why);
		if (r < 0) {
			fprintf(stderr, "chipaudit bom: --annotate: %s\n", why ? ts(why) : strerror(-r));
			free(why);
			return r == -ENOMEM ? EXIT_INTERNAL : EXIT_BAD_INPUT;
		}
	}
	ca_policy *policy;
	int rc = policy_open_or_complain(&opt.policy, &policy);
	if (rc != EXIT_OK) {
		ca_bom_annotation_free(ann);
		return rc;
	}
	report_dest out;
	ca_sink *sink;
	rc = report_open(&opt, policy, &out, &sink);
	if (rc != EXIT_OK) {
		ca_policy_free(policy);
		ca_bom_annotation_free(ann);
		return rc;
	}
	bool internal = false, bad = false, bad_columns = false, annotate_failed = false;
	int max_severity = -1;
	size_t ordinal = 0;
	ca_bom_list *list = NULL;
	for (int i = optind; i < argc && !internal && !bad_columns;) {
		if (!list && ca_bom_list_open(argv[i], columns, &list) < 0) {
			internal = true;
			break;
		}
		/* a long list is screened in parts, each reported as a host */
		char label[4096];
		if (ca_bom_list_parts(list) == 0)
			snprintf(label, sizeof(label), "%s", argv[i]);
		else
			snprintf(label, sizeof(label), "%s (from line %u)", argv[i],
				 ca_bom_list_next_line(list));
		ca_assessment *a = NULL;
		if (ca_assessment_new(policy, label, &a) < 0) {
			internal = true;
			break;
		}
		ca_assessment_set_ordinal(a, ++ordinal);
		int r = ca_assessment_add_bom_part(a, list, CA_BOM_PART_LINES);
		unsigned next_line = ca_bom_list_done(list) ? 0 : ca_bom_list_next_line(list);
		if (ca_bom_list_done(list)) {
			ca_bom_list_free(list);
			list = NULL;
			i++;
		}
		if (r == -EINVAL && columns) {
			fprintf(stderr, "chipaudit bom: --columns '%s' is not ROLE=N[,ROLE=N...] (roles "
					"maker, part, desc, qty, ref; columns from 1)\n",
				ts(columns));
			bad_columns = true;
			ca_assessment_free(a);
			break;
		}
		if (r == -ENOMEM || ca_assessment_finish(a) < 0) {
			internal = true;
			ca_assessment_free(a);
			break;
		}
		if (ann && !ca_assessment_readable(a)) {
			annotate_failed = true; /* the report says why */
		} else if (ann) {
			char *why = NULL;
			int w = ca_bom_annotation_add(ann, a, next_line, &why);
			if (w < 0) {
				fprintf(stderr, "chipaudit bom: --annotate: %s; %s is not written\n",
					why ? ts(why) : strerror(-w), ts(annotate));
				annotate_failed = true;
			}
			free(why);
		}
		if (annotate_failed && ann) {
			ca_bom_annotation_free(ann);
			ann = NULL;
		}
		internal |= ca_sink_add_host(sink, a) < 0;
		bad |= !ca_assessment_readable(a) || !ca_assessment_complete(a);
		char *complaint = format_unreadable(a);
		if (complaint)
			fputs(complaint, stderr);
		free(complaint);
		int sev = ca_findings_max_severity(ca_assessment_findings(a));
		if (sev > max_severity)
			max_severity = sev;
		ca_assessment_free(a);
	}
	ca_bom_list_free(list);
	if (ann && !internal && !bad_columns) {
		char *why = NULL;
		if (ca_bom_annotation_commit(ann, &why) < 0) {
			fprintf(stderr, "chipaudit bom: --annotate: %s\n", why ? ts(why) : "cannot write");
			annotate_failed = true;
		}
		free(why);
	} else if (annotate && !ann && !annotate_failed) {
		annotate_failed = true;
	}
	if (annotate && (annotate_failed || internal || bad_columns))
		fprintf(stderr, "chipaudit bom: the annotated copy %s was not written\n", ts(annotate));
	ca_bom_annotation_free(ann);
	bool rules_applied = ca_policy_profile(policy) != NULL;
	if (internal || bad_columns) {
		ca_sink_close(sink, rules_applied);
		report_abandon(&out);
		ca_policy_free(policy);
		if (internal)
			fprintf(stderr, "chipaudit: the report could not be written in full\n");
		return internal ? EXIT_INTERNAL : EXIT_BAD_INPUT;
	}
	rc = report_close(sink, &out, rules_applied);
	ca_policy_free(policy);
	if (rc != EXIT_OK)
		return EXIT_INTERNAL;
	if (bad || annotate_failed)
		return EXIT_BAD_INPUT;
	return max_severity >= (int)opt.fail_on ? EXIT_FINDINGS : EXIT_OK;
}
