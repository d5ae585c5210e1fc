/* SPDX-License-Identifier: MIT */
/* chipaudit screen ORDERS...: export-control screening of order lists. */
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
		"usage: chipaudit screen [--as-of DATE] [--format table|json] [--columns ROLE=N,...]\n"
		"                        [--lists FILE] ORDERS...\n"
		"  ORDERS          an order list as XLSX, or CSV or TSV (UTF-8, UTF-16 or GB18030), with\n"
		"                  a header naming its columns (ship date, exporter, ship from, item,\n"
		"                  maker, model, ECCN, list item, destination, consignee, intermediate\n"
		"                  consignee, end user, end use, advanced node, fab production, US person\n"
		"                  support, US technology, listed owner; English or Chinese)\n"
		"  --as-of DATE    the ship date of lines that give none (default: today)\n"
		"  --columns SPEC  which columns (from 1) hold which role (date=2,destination=5,end-user=7)\n"
		"  --lists FILE    a screening-list snapshot instead of the imported or shipped one\n"
		"  --format json   one JSON document per order list (docs/export.md)\n"
		"exit status: 0 no line needs a licence, 1 a line needs one or is unknown,\n"
		"             2 bad input, 3 internal error\n");
}

static void print_line(const ca_order_line *l, const ca_screen_result *r)
{
	printf("\nline %s: %s, %s -> %s", ts(l->line_id), ts(l->ship_date ? l->ship_date : "(no date)"),
	       ts(l->ship_from ? l->ship_from : l->exporter_country ? l->exporter_country : "?"),
	       ts(l->destination ? l->destination : "?"));
	if (l->item || l->model)
		printf(", %s%s%s", ts(l->item ? l->item : ""), l->item && l->model ? " " : "", ts(l->model ? l->model : ""));
	if (l->eccn || l->list_item)
		printf(" [%s]", ts(l->eccn ? l->eccn : l->list_item));
	printf("\n");
	if (r->error) {
		printf("  not screened: %s\n", ts(r->error));
		return;
	}
	printf("  licence required: %s   review policy: %s   regimes: %s\n", ca_tristate_name(r->licence),
	       ca_review_policy_name(r->policy), *r->regimes ? ts(r->regimes) : "none engaged");
	for (size_t i = 0; i < r->n_parties; i++) {
		const ca_screen_party *p = &r->parties[i];
		printf("  %s %s: %s %.3f %s \"%s\"%s\n", ts(p->role), ts(p->name),
		       p->hit.band == CA_MATCH_PROBABLE ? "probable" : "review", p->hit.score, ts(p->hit.list),
		       ts(p->hit.entry), p->in_force ? "" : " (not listed yet on the ship date)");
		if (*p->hit.fr || *p->hit.licence_policy)
			printf("      %s; %s; %s\n", ts(p->hit.fr), ts(p->hit.licence_requirement), ts(p->hit.licence_policy));
	}
	for (size_t i = 0; i < r->n_rules; i++) {
		const ca_screen_rule *s = &r->rules[i];
		printf("  %s (%s%s): %s\n", ts(s->record->id), ts(s->record->citation),
		       s->record->unverified ? "; unverified" : "", ts(s->record->title));
		if (s->text)
			printf("      %s\n", ts(s->text));
		if (s->overridden_by)
			printf("      (outcome as %s says)\n", ts(s->overridden_by));
	}
	for (size_t i = 0; i < r->n_questions; i++)
		printf("  question: %s\n", ts(r->questions[i]));
}

int cmd_screen(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'}, {"lists", required_argument, NULL, 'l'},
		{"columns", required_argument, NULL, 'C'}, {"as-of", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
	};
	bool json = false;
	const char *lists = NULL, *columns = NULL, *as_of = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!describe_format(optarg, &json))
				return EXIT_BAD_INPUT;
			break;
		case 'l': lists = optarg; break;
		case 'C': columns = optarg; break;
		case 'a': as_of = optarg; break;
		case 'h': screen_usage(stdout); return EXIT_OK;
		default: screen_usage(stderr); return EXIT_BAD_INPUT;
		}
	}
	if (optind >= argc) {
		screen_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	char day[11];
	if (!date_or_today("--as-of", as_of, day))
		return EXIT_BAD_INPUT;
	as_of = day;
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
	bool bad = false, need = false, internal = false;
	for (int i = optind; i < argc && !internal; i++) {
		ca_export_orders *o = NULL;
		char *err = NULL;
		int r = ca_export_orders_read_file(argv[i], columns, &o, &err);
		if (r == -EINVAL && !o) {
			fprintf(stderr, "chipaudit screen: --columns '%s' is not ROLE=N[,ROLE=N...] (roles in "
					"docs/export.md; columns from 1)\n",
				ts(columns));
			bad = true;
			break;
		}
		if (r == -ENOMEM) {
			internal = true;
			break;
		}
		if (!o) {
			fprintf(stderr, "chipaudit screen: %s\n", ts(err ? err : argv[i]));
			free(err);
			bad = true;
			continue;
		}
		for (size_t k = 0; k < ca_export_orders_diag_count(o); k++)
			fprintf(stderr, "chipaudit screen: %s\n", ts(ca_export_orders_diag(o, k)));
		bad |= r < 0;
		size_t n = ca_export_orders_count(o);
		ca_order_line *lines = calloc(n ? n : 1, sizeof(*lines));
		ca_screen_result *res = calloc(n ? n : 1, sizeof(*res));
		if (!lines || !res) {
			free(lines);
			free(res);
			ca_export_orders_free(o);
			internal = true;
			break;
		}
		for (size_t k = 0; k < n; k++) {
			lines[k] = *ca_export_orders_line(o, k);
			if (!lines[k].ship_date)
				lines[k].ship_date = as_of;
			ca_export_screen(reg, l, &lines[k], &res[k]);
			need |= res[k].licence != CA_NO;
			bad |= res[k].error != NULL;
		}
		if (json) {
			internal |= ca_export_screen_write_json(stdout, reg, l, argv[i], lines, res, n) < 0;
		} else {
			printf("%s: %zu order lines; screening lists of %s, CFR of %s, regime records reviewed %s\n",
			       ts(argv[i]), n, ts(ca_export_lists_vintage(l)), ts(ca_export_regimes_cfr_date(reg)),
			       ts(ca_export_regimes_reviewed(reg)));
			for (size_t k = 0; k < n; k++)
				print_line(&lines[k], &res[k]);
			printf("\n");
		}
		free(lines);
		free(res);
		ca_export_orders_free(o);
	}
	ca_export_lists_free(l);
	ca_export_regimes_free(reg);
	if (internal)
		return EXIT_INTERNAL;
	if (bad)
		return EXIT_BAD_INPUT;
	return need ? EXIT_FINDINGS : EXIT_OK;
}
