/* SPDX-License-Identifier: MIT */
/* chipaudit collect: this machine's raw evidence in one archive (docs/collect.md). */
#include "chipaudit/collect.h"
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void collect_usage(FILE *out)
{
	fprintf(out, "usage: chipaudit collect [--root DIR] [--with-serials] -o FILE\n"
		     "  -o, --output FILE  write the archive to FILE (docs/collect.md); '-' for standard output\n"
		     "  --root DIR         capture a captured tree (DIR/sys/...) instead of this machine\n"
		     "  --with-serials     keep serial numbers (withheld or masked by default)\n"
		     "Read the archive on any machine with 'chipaudit audit FILE'.\n");
}

int cmd_collect(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"root", required_argument, NULL, 'r'},
		{"with-serials", no_argument, NULL, 's'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	ca_collect_options o = {0};
	const char *output = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': o.root = optarg; break;
		case 's': o.with_serials = true; break;
		case 'o': output = optarg; break;
		case 'h': collect_usage(stdout); return EXIT_OK;
		default: collect_usage(stderr); return EXIT_BAD_INPUT;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "chipaudit collect: unexpected argument '%s'\n", ts(argv[optind]));
		return EXIT_BAD_INPUT;
	}
	if (!output) {
		fprintf(stderr, "chipaudit collect: -o FILE is needed (the archive is binary)\n");
		return EXIT_BAD_INPUT;
	}
	if (strcmp(output, "-") == 0 && isatty(STDOUT_FILENO)) {
		fprintf(stderr, "chipaudit collect: refusing to write the archive to a terminal\n");
		return EXIT_BAD_INPUT;
	}
	char *roots[1] = {(char *)(o.root ? o.root : "/")};
	if (o.root && output_names_input(output, roots, 1))
		return refuse_output_over_evidence("collect", output, "inside the --root tree");
	long long epoch;
	int e = source_date_epoch(&epoch);
	o.time = e > 0 ? epoch : (long long)time(NULL);
	report_dest d;
	int rc = dest_open(output, &d);
	if (rc != EXIT_OK)
		return rc;
	ca_collect_summary s;
	char *error = NULL;
	int r = ca_collect_write(&o, d.out, &s, &error);
	if (r < 0) {
		fprintf(stderr, "chipaudit collect: %s\n",
			ts(r == -ENOMEM ? "out of memory" : error ? error : "cannot write the archive"));
		free(error);
		report_abandon(&d);
		return EXIT_INTERNAL;
	}
	rc = dest_close(&d, 0);
	if (rc != EXIT_OK)
		return rc;
	fprintf(stderr, "chipaudit collect: %zu evidence files captured%s%s; %zu serial-number attributes "
			"withheld or masked; %zu could not be read (the manifest says why)\n",
		s.members, strcmp(output, "-") ? " into " : "", strcmp(output, "-") ? ts(output) : "",
		s.withheld, s.not_captured);
	return s.not_captured ? EXIT_BAD_INPUT : EXIT_OK;
}
