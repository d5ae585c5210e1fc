/* SPDX-License-Identifier: MIT */
/* chipaudit lists show|import: the screening lists in use, and loading a
 * newer official Consolidated Screening List download. */
#include "cli.h"
#include "datadir.h"

#include "chipaudit/export.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void lists_usage(FILE *out)
{
	fprintf(out,
		"usage: chipaudit lists show [--lists FILE]\n"
		"       chipaudit lists import [--date YYYY-MM-DD] FILE\n"
		"  show          the screening lists in use: their date, source and size\n"
		"  import FILE   an official Consolidated Screening List download (trade.gov CSV or\n"
		"                JSON) becomes the user's snapshot ($XDG_DATA_HOME/chipaudit/export/);\n"
		"                a malformed download is refused whole and the lists in use stay\n"
		"  --date DATE   the date of the download (default: today)\n");
}

int cmd_lists(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"date", required_argument, NULL, 'd'}, {"lists", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
	};
	const char *date = NULL, *lists = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': date = optarg; break;
		case 'l': lists = optarg; break;
		case 'h': lists_usage(stdout); return EXIT_OK;
		default: lists_usage(stderr); return EXIT_BAD_INPUT;
		}
	}
	if (optind >= argc) {
		lists_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	const char *verb = argv[optind];
	if (strcmp(verb, "show") == 0 && optind + 1 == argc) {
		ca_export_lists *l;
		int rc = export_lists_open("lists", lists, &l);
		if (rc != EXIT_OK)
			return rc;
		printf("screening lists of %s: %zu entries\nsource: %s\n", ts(ca_export_lists_vintage(l)),
		       ca_export_lists_count(l), ts(ca_export_lists_source(l)));
		ca_export_lists_free(l);
		return EXIT_OK;
	}
	if (strcmp(verb, "import") != 0 || optind + 2 != argc) {
		lists_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	char day[11];
	if (!date_or_today("--date", date, day))
		return EXIT_BAD_INPUT;
	date = day;
	char *dest = user_lists_path(true);
	if (!dest) {
		fprintf(stderr, "chipaudit lists: neither XDG_DATA_HOME nor HOME is set: nowhere to import to\n");
		return EXIT_BAD_INPUT;
	}
	size_t n;
	char *err = NULL;
	int rc = ca_export_lists_import_file(argv[optind + 1], dest, date, &n, &err);
	if (rc < 0) {
		fprintf(stderr, "chipaudit lists: %s\nchipaudit lists: nothing imported; the lists in use are unchanged\n",
			err ? ts(err) : "out of memory");
		free(err);
		free(dest);
		return rc == -ENOMEM ? EXIT_INTERNAL : EXIT_BAD_INPUT;
	}
	printf("imported %zu entries of %s into %s\n", n, ts(date), ts(dest));
	free(dest);
	return EXIT_OK;
}
