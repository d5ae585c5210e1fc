/* SPDX-License-Identifier: MIT */
/* chipaudit identify TEXT...: explain an id, hex string, name or part number. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void identify_usage(FILE *out)
{
	fprintf(out,
		"usage: chipaudit identify [--as-of YYYY-MM-DD] [--kb FILE]... [--format table|json] TEXT|PATH...\n"
		"  TEXT  a dmidecode id (\"Bank 1, Hex 0x2C\"), a Manufacturer hex string\n"
		"        (802C, 859B0000802C, 7F7F7F0B00000000, \"Unknown - [0x9B85]\"),\n"
		"        a maker name or alias (Micron, 镁光) or a part number (CT16G4SFRA32A)\n"
		"  PATH  an SPD image (raw, hexdump -C, xxd, i2cdump, bare hex): an argument\n"
		"        with a '/' (./dimm0.bin) is read as a path\n"
		"  --format json  one JSON document (docs/describe.schema.json; texts only)\n");
}

/* Explains an SPD image field by field, each maker id through the
 * knowledge base. Returns EXIT_OK, or EXIT_BAD_INPUT when the file is not
 * an SPD image that can be decoded. */
static int identify_spd_file(const ca_kb *kb, const char *path, const char *date)
{
	ca_host *h = ca_host_new();
	ca_spd_line lines[64];
	const char *layout = "";
	int n = h ? ca_spd_explain_file(h, path, lines, 64, &layout) : -ENOMEM;
	printf("%s\n", ts(path));
	if (n == -EMEDIUMTYPE)
		printf("  not an SPD image (raw bytes or hex text of a DDR3, DDR4, DDR5 or LPDDR EEPROM)\n");
	else if (n >= 0)
		printf("  SPD image, %s layout\n", ts(layout));
	for (int i = 0; i < n; i++) {
		const ca_spd_line *l = &lines[i];
		char bytes[24];
		if (l->first == 0 && l->last == 0)
			snprintf(bytes, sizeof(bytes), "%s", "decoded");
		else if (l->first == l->last)
			snprintf(bytes, sizeof(bytes), "byte %u", l->first);
		else
			snprintf(bytes, sizeof(bytes), "bytes %u-%u", l->first, l->last);
		printf("  %-13s %s: %s\n", bytes, ts(l->name), ts(l->value));
		ca_jep106_id id;
		const char *v = l->value;
		if (strncmp(v, "Bank ", 5) == 0) {
			char text[32];
			const char *paren = strstr(v, " (");
			snprintf(text, sizeof(text), "%.*s", (int)(paren ? paren - v : (long)strlen(v)), v);
			ca_maker_answer readings[CA_IDENTIFY_MAX_READINGS];
			ca_role roles[CA_IDENTIFY_MAX_READINGS];
			if (ca_jep106_parse_dmidecode(text, &id) == 0 &&
			    ca_identify_text(kb, text, date, readings, roles, NULL) > 0) {
				const ca_maker_answer *a = &readings[0];
				printf("                maker: %s", ts(a->maker_name));
				if (strcmp(a->maker_id, a->owner_id) != 0)
					printf(" (owned by %s on %s)", ts(a->owner_name), ts(date));
				printf(" [%s]\n", ts(a->maker_id));
			}
		}
	}
	for (size_t i = 0; h && i < ca_host_diagnostic_count(h); i++) {
		const ca_diagnostic *d = ca_host_diagnostic(h, i);
		printf("  %s", ts(ca_diag_level_name(d->level)));
		if (d->offset >= 0)
			printf(" (byte %lld)", (long long)d->offset);
		else if (d->line)
			printf(" (line %u)", d->line);
		printf(": %s\n", ts(d->message));
	}
	ca_host_free(h);
	if (n == -ENOMEM) {
		fprintf(stderr, "chipaudit: out of memory\n");
		return EXIT_INTERNAL;
	}
	return n >= 0 ? EXIT_OK : EXIT_BAD_INPUT;
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
	for (int i = optind; json && i < argc; i++) {
		struct stat st;
		if (strchr(argv[i], '/') && stat(argv[i], &st) == 0) {
			fprintf(stderr, "chipaudit identify: %s is a file; --format json explains texts, "
					"the table explains SPD images\n", ts(argv[i]));
			ca_policy_free(policy);
			return EXIT_BAD_INPUT;
		}
	}
	if (json) {
		rc = ca_identify_write_json(stdout, policy, (const char *const *)argv + optind,
					    (size_t)(argc - optind));
		ca_policy_free(policy);
		return rc < 0 ? EXIT_INTERNAL : EXIT_OK;
	}
	const ca_kb *kb = ca_policy_kb(policy);
	const char *date = ca_policy_as_of(policy);
	for (int i = optind; i < argc; i++) {
		struct stat st;
		if (strchr(argv[i], '/') && stat(argv[i], &st) == 0) {
			/* a path: an SPD image to explain */
			int r = identify_spd_file(kb, argv[i], date);
			if (r != EXIT_OK)
				rc = r;
			continue;
		}
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
	return rc;
}
