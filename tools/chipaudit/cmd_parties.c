/* SPDX-License-Identifier: MIT */
/* chipaudit parties NAME...: is a party on a screening list? */
#include "cli.h"
#include "datadir.h"

#include "chipaudit/export.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void parties_usage(FILE *out)
{
	fprintf(out,
		"usage: chipaudit parties [--format table|json] [--lists FILE] [--country CC] NAME...\n"
		"  NAME          a company or person, in Latin or Chinese script (长江存储)\n"
		"  --country CC  the party's country (ISO 3166 code): breaks ties between entries\n"
		"  --lists FILE  a screening-list snapshot instead of the imported or shipped one\n"
		"  --format json one JSON document (docs/export.md)\n"
		"exit status: 0 no probable match, 1 a probable match, 2 bad input\n");
}

int cmd_parties(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'}, {"lists", required_argument, NULL, 'l'},
		{"country", required_argument, NULL, 'c'}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool json = false;
	const char *lists = NULL, *country = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!describe_format(optarg, &json))
				return EXIT_BAD_INPUT;
			break;
		case 'l': lists = optarg; break;
		case 'c': country = optarg; break;
		case 'h': parties_usage(stdout); return EXIT_OK;
		default: parties_usage(stderr); return EXIT_BAD_INPUT;
		}
	}
	if (optind >= argc) {
		parties_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	ca_export_lists *l;
	int rc = export_lists_open("parties", lists, &l);
	if (rc != EXIT_OK)
		return rc;
	bool probable = false;
	if (json) {
		if (ca_export_parties_write_json(stdout, l, (const char *const *)argv + optind,
						 (size_t)(argc - optind)) < 0) {
			ca_export_lists_free(l);
			return EXIT_INTERNAL;
		}
	} else {
		printf("screening lists of %s (%s)\n", ts(ca_export_lists_vintage(l)), ts(ca_export_lists_source(l)));
	}
	for (int i = optind; i < argc; i++) {
		ca_party_hit h[8];
		int n = ca_export_match(l, argv[i], country, h, 8);
		if (n < 0) {
			ca_export_lists_free(l);
			return EXIT_INTERNAL;
		}
		for (int k = 0; k < n; k++)
			probable |= h[k].band == CA_MATCH_PROBABLE;
		if (json)
			continue;
		printf("\n%s\n", ts(argv[i]));
		const char *en, *src;
		bool listed;
		if (ca_export_curated_name(argv[i], &en, &listed, &src))
			printf("  curated name: %s (%s): %s\n", ts(en), listed ? "listed" : "not listed", ts(src));
		if (n == 0)
			printf("  no match of 0.80 or more on any list\n");
		for (int k = 0; k < n; k++) {
			printf("  %-8s %.3f %-6s %s\n", h[k].band == CA_MATCH_PROBABLE ? "probable" : "review", h[k].score,
			       ts(h[k].list), ts(h[k].entry));
			printf("           matched: %s\n", ts(h[k].matched));
			if (*h[k].countries)
				printf("           countries: %s\n", ts(h[k].countries));
			if (*h[k].fr)
				printf("           Federal Register: %s\n", ts(h[k].fr));
			if (*h[k].licence_requirement)
				printf("           licence requirement: %s\n", ts(h[k].licence_requirement));
			if (*h[k].licence_policy)
				printf("           licence policy: %s (%s)\n", ts(h[k].licence_policy),
				       ca_review_policy_name(h[k].policy));
			if (h[k].footnote)
				printf("           Entity List footnote %u\n", h[k].footnote);
			printf("           list: %s; %s\n", ts(h[k].list_name), ts(h[k].list_citation));
			printf("           effect: %s\n", ts(h[k].list_effect));
		}
	}
	ca_export_lists_free(l);
	return probable ? EXIT_FINDINGS : EXIT_OK;
}
