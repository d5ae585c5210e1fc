/* SPDX-License-Identifier: MIT */
/* chipaudit identify TEXT...: explain an id, hex string, name or part number. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void identify_usage(FILE *out)
{
	fprintf(out,
		"usage: chipaudit identify [--as-of YYYY-MM-DD] [--kb FILE]... [--format table|json] TEXT...\n"
		"  TEXT  a dmidecode id (\"Bank 1, Hex 0x2C\"), a Manufacturer hex string\n"
		"        (802C, 859B0000802C, 7F7F7F0B00000000, \"Unknown - [0x9B85]\"),\n"
		"        a maker name or alias (Micron, 镁光) or a part number (CT16G4SFRA32A)\n"
		"  --format json  one JSON document (docs/describe.schema.json)\n");
}

static void print_answer(ca_role role, const ca_maker_answer *a, const char *date)
{
	printf("  %s maker: %s", ts(ca_role_name(role)), ts(a->maker_name[0] ? a->maker_name : "?"));
	if (a->maker_id[0] && strcmp(a->maker_id, a->owner_id) != 0)
		printf(" (owned by %s on %s)", ts(a->owner_name), ts(date));
	printf("  [%s, %s%s]\n", ts(a->method), ts(ca_confidence_name(a->confidence)),
	       ts(a->heuristic ? ", heuristic" : ""));
	printf("    id: %s\n", ts(a->maker_id));
	printf("    evidence: %s\n", ts(a->evidence));
	if (a->maker && a->maker->source)
		printf("    source: %s\n", ts(a->maker->source));
	printf("    rule: %s\n", ts(a->rule));
}

int cmd_identify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"as-of", required_argument, NULL, 'a'},
		{"kb", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	ca_policy_options k = {0};
	bool json = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (!option_set_date(&k, optarg))
				return EXIT_BAD_INPUT;
			break;
		case 'k':
			if (!option_add_kb_file(&k, optarg))
				return EXIT_BAD_INPUT;
			break;
		case 'f':
			if (!describe_format(optarg, &json))
				return EXIT_BAD_INPUT;
			break;
		case 'h': identify_usage(stdout); return EXIT_OK;
		default: identify_usage(stderr); return EXIT_BAD_INPUT;
		}
	}
	if (optind >= argc) {
		identify_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	ca_policy *policy;
	int rc = policy_open_or_complain(&k, &policy);
	if (rc != EXIT_OK)
		return rc;
	if (json) {
		rc = ca_identify_write_json(stdout, policy, (const char *const *)argv + optind,
					    (size_t)(argc - optind));
		ca_policy_free(policy);
		return rc < 0 ? EXIT_INTERNAL : EXIT_OK;
	}
	const ca_kb *kb = ca_policy_kb(policy);
	const char *date = ca_policy_as_of(policy);
	for (int i = optind; i < argc; i++) {
		ca_maker_answer readings[CA_IDENTIFY_MAX_READINGS];
		ca_role roles[CA_IDENTIFY_MAX_READINGS];
		ca_part_info part;
		size_t n = ca_identify_text(kb, argv[i], date, readings, roles, &part);
		printf("%s\n", ts(argv[i]));
		if (n == 0)
			printf("  unknown: %s\n",
			       ts(ca_is_placeholder(argv[i])
				       ? "a placeholder firmware writes instead of a maker"
				       : "not a JEP106 id, hex form, known name or part-number grammar"));
		for (size_t r = 0; r < n; r++)
			print_answer(roles[r], &readings[r], date);
		if (part.rule[0])
			printf("  part: %s %s%s%s%s%s%s%s%s (grammar %s)\n", ts(part.kind),
			       ts(part.type[0] ? "type " : ""), ts(part.type), ts(part.capacity[0] ? ", " : ""),
			       ts(part.capacity), ts(part.form[0] ? ", " : ""), ts(part.form),
			       ts(part.organization[0] ? ", organization " : ""), ts(part.organization), ts(part.rule));
	}
	ca_policy_free(policy);
	return EXIT_OK;
}
