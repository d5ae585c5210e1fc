/* SPDX-License-Identifier: MIT */
/* chipaudit: who made each chip here, and does a rule that binds us forbid it? */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out,
		"usage: chipaudit COMMAND [OPTIONS] [ARGS]\n"
		"\n"
		"commands:\n"
		"  scan               inventory this machine (root needed for the SMBIOS tables)\n"
		"  audit PATH...      inventory evidence files or folders (one host per file)\n"
		"  bom FILE...        screen bills of materials and purchase lists (XLSX, CSV, TSV)\n"
		"  identify TEXT...   explain an id, hex string, maker name or part number\n"
		"  rules list|show|validate   the rule packs and organization profiles\n"
		"  fleet ingest|summary|hosts|findings|scans|diff   the fleet store (SQLite, PostgreSQL)\n"
		"  collect -o FILE    capture this machine's raw evidence in one archive for audit\n"
		"  screen ORDERS...   export-control screening of order lists (XLSX, CSV, TSV)\n"
		"  parties NAME...    is a party on a screening list (Entity List, SDN, METI EUL ...)\n"
		"  lists show|import  the screening lists in use; load a newer official CSL download\n"
		"\n"
		"common options:\n"
		"  --format F           table (default), json, jsonl (one host per line), csv (one row per\n"
		"                        finding), sarif (SARIF 2.1.0)\n"
		"  -o, --output FILE     write the report to FILE\n"
		"  --profile NAME|FILE   evaluate the rules that bind this organization\n"
		"  --as-of DATE          the date rules and ownership are judged on\n"
		"  --ignore FILE         waivers; --fail-on fail|warn|info; --rules FILE; --kb FILE\n"
		"  --purchases CSV       purchase dates of hosts or parts (docs/rules.md)\n"
		"\n"
		"exit status: 0 ok, 1 findings, 2 bad input or usage, 3 internal error,\n"
		"             4 this machine's evidence cannot be read\n"
		"Run 'chipaudit COMMAND --help' for the options of a command.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_BAD_INPUT;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("chipaudit %s (JEP106 %s, %zu codes)\n", ts(CA_VERSION_STRING), ts(ca_jep106_revision()),
		       ca_jep106_count());
		return EXIT_OK;
	}
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} commands[] = {
		{"scan", cmd_scan}, {"audit", cmd_audit}, {"bom", cmd_bom},
		{"identify", cmd_identify}, {"rules", cmd_rules}, {"fleet", cmd_fleet},
		{"collect", cmd_collect},
		{"parties", cmd_parties}, {"screen", cmd_screen}, {"lists", cmd_lists},
	};
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(cmd, commands[i].name) == 0) {
			int rc = commands[i].run(argc - 1, argv + 1);
			ts_release();
			/* what went to standard output must have arrived (a full disk, a closed pipe) */
			if (fflush(stdout) != 0 || ferror(stdout)) {
				fprintf(stderr, "chipaudit: cannot write to standard output\n");
				return EXIT_INTERNAL;
			}
			return rc;
		}
	fprintf(stderr, "chipaudit: unknown command '%s'\n", ts(cmd));
	usage(stderr);
	return EXIT_BAD_INPUT;
}
