/* SPDX-License-Identifier: MIT */
/* chipaudit rules list | show ID | validate FILE...: the rule packs and
 * profiles, as a compliance officer reads them. */
#include "cli.h"
#include "datadir.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void rules_usage(FILE *out)
{
	fprintf(out, "usage: chipaudit rules list\n"
		     "       chipaudit rules show ID          a rule pack, a part of one, or a profile\n"
		     "       chipaudit rules validate [FILE...] check rule packs or profiles (none: the shipped ones)\n"
		     "options: --kb FILE (knowledge base additions used to check maker ids)\n"
		     "         --format json  list and show as one JSON document (docs/describe.schema.json)\n");
}

static void print_list(const char *label, const char *const *items, size_t n)
{
	printf("%s", ts(label));
	for (size_t i = 0; i < n; i++)
		printf("%s%s", ts(i ? ", " : ""), ts(items[i]));
	printf("\n");
}

static void show_binding(const ca_binding *b)
{
	printf("    - jurisdiction %s", ts(b->jurisdiction ? b->jurisdiction : "any"));
	if (b->n_roles) {
		printf(", roles ");
		for (size_t i = 0; i < b->n_roles; i++)
			printf("%s%s", ts(i ? " or " : ""), ts(b->roles[i]));
	}
	if (b->n_ownership) {
		printf(", ownership ");
		for (size_t i = 0; i < b->n_ownership; i++)
			printf("%s%s", ts(i ? " or " : ""), ts(b->ownership[i]));
	}
	printf("\n");
}

/* Brands, subsidiaries, predecessors and successors of a listed maker. */
static void show_family(const ca_kb *kb, const char *maker_id)
{
	const ca_entity *m = ca_kb_entity(kb, maker_id);
	printf("    - %s", ts(m ? m->name : maker_id));
	if (m && m->legal_name)
		printf(" (%s)", ts(m->legal_name));
	printf("\n");
	for (size_t i = 0; i < ca_kb_entity_count(kb); i++) {
		const ca_entity *e = ca_kb_entity_at(kb, i);
		for (size_t k = 0; k < e->n_owners; k++)
			if (strcmp(e->owners[k].owner_id, maker_id) == 0) {
				printf("        %s %s", ts(e->kind), ts(e->name));
				if (e->owners[k].from[0])
					printf(", %s's from %s", ts(m ? m->name : maker_id), ts(e->owners[k].from));
				if (e->owners[k].until[0])
					printf(", until %s", ts(e->owners[k].until));
				printf("\n");
			}
	}
}

static void print_states(const char *const *states, size_t n)
{
	if (!n)
		return;
	printf(" [");
	for (size_t i = 0; i < n; i++)
		printf("%s%s", ts(i ? ", " : ""), ts(states[i]));
	printf("]");
}

static void show_legal_basis(const ca_rule *r)
{
	printf("  legal basis:\n");
	for (size_t i = 0; i < r->n_legal_basis; i++) {
		const ca_legal_basis *b = &r->legal_basis[i];
		printf("    - %s", ts(b->text));
		if (b->from && b->until)
			printf(" (from %s until %s)", ts(b->from), ts(b->until));
		else if (b->from)
			printf(" (from %s)", ts(b->from));
		else if (b->until)
			printf(" (until %s)", ts(b->until));
		print_states(b->states, b->n_states);
		printf("\n");
	}
}

static void show_makers(const ca_kb *kb, const ca_rule *r)
{
	printf("  makers (with their brands, subsidiaries and acquired companies):\n");
	for (size_t i = 0; i < r->n_makers; i++) {
		const ca_rule_maker *m = &r->makers[i];
		show_family(kb, m->id);
		if (m->since || m->until)
			printf("        named %s%s%s%s\n", ts(m->since ? "from " : ""), ts(m->since ? m->since : ""),
			       ts(m->until ? " until " : ""), ts(m->until ? m->until : ""));
		if (m->note)
			printf("        %s\n", ts(m->note));
	}
	print_list("  roles that count: ", r->roles, r->n_roles);
	for (size_t i = 0; i < r->n_options; i++) {
		const ca_rule_option *o = &r->options[i];
		if (!o->n_adds_roles)
			continue;
		printf("    and ");
		for (size_t k = 0; k < o->n_adds_roles; k++)
			printf("%s%s", ts(k ? ", " : ""), ts(o->adds_roles[k]));
		if (o->n_makers) {
			printf(" of ");
			for (size_t k = 0; k < o->n_makers; k++)
				printf("%s%s", ts(k ? ", " : ""), ts(o->makers[k]));
		}
		printf(" when option %s is true (default %s)\n", ts(o->id),
		       ts(o->default_value ? "true" : "false"));
	}
}

static void show_options(const ca_rule *r)
{
	if (r->n_options)
		printf("  options (where the law is ambiguous):\n");
	for (size_t i = 0; i < r->n_options; i++) {
		const ca_rule_option *o = &r->options[i];
		printf("    %s.%s = %s by default\n      %s\n      %s\n", ts(r->pack_id), ts(o->id),
		       ts(o->default_value ? "true" : "false"), ts(o->question), ts(o->rationale));
		if (o->installed_if_false >= 0)
			printf("      when false: installed parts are %s\n",
			       ts(ca_severity_name((ca_severity)o->installed_if_false)));
		if (o->installed_if_true >= 0)
			printf("      when true: installed parts are %s\n",
			       ts(ca_severity_name((ca_severity)o->installed_if_true)));
		if (o->severity_if_false >= 0)
			printf("      when false: every finding is at most %s\n",
			       ts(ca_severity_name((ca_severity)o->severity_if_false)));
		if (r->requires_option && strcmp(r->requires_option, o->id) == 0)
			printf("      when false: this rule is not applied\n");
	}
}

static void show_rule(const ca_kb *kb, const ca_rule *r)
{
	printf("%s — %s\n", ts(r->id), ts(r->title));
	printf("  authority:    %s\n", ts(r->authority));
	printf("  jurisdiction: %s\n", ts(r->jurisdiction));
	if (r->scope)
		printf("  scope:        %s\n", ts(r->scope));
	show_legal_basis(r);
	if (r->decision_concluded) {
		printf("  decision record:\n");
		if (r->decision_opened)
			printf("    %s  review opened\n", ts(r->decision_opened));
		printf("    %s  review concluded: %s\n", ts(r->decision_concluded), ts(r->decision_outcome));
		if (r->decision_text)
			printf("    text: %s\n", ts(r->decision_text));
		if (r->decision_note)
			printf("    note: %s\n", ts(r->decision_note));
	}
	printf("  dates:        announced %s, effective %s, %s%s\n", ts(r->announced ? r->announced : "-"),
	       ts(r->effective), ts(r->expires ? "expires " : "no expiry"), ts(r->expires ? r->expires : ""));
	printf("  binds (any of):\n");
	for (size_t i = 0; i < r->n_binds; i++)
		show_binding(&r->binds[i]);
	for (size_t i = 0; i < r->n_options; i++)
		if (r->options[i].adds_ownership)
			printf("    and %s operators when option %s is true (default %s)\n",
			       ts(r->options[i].adds_ownership), ts(r->options[i].id),
			       ts(r->options[i].default_value ? "true" : "false"));
	if (r->requires_option)
		printf("    only when option %s is true\n", ts(r->requires_option));
	printf("  forbids:      %s\n", ts(r->forbids));
	show_makers(kb, r);
	if (r->n_exceptions)
		printf("  exceptions:\n");
	for (size_t i = 0; i < r->n_exceptions; i++)
		printf("    - %s\n", ts(r->exceptions[i]));
	printf("  severity:     not yet effective %s; installed %s; bought after effective %s; "
	       "bought before effective %s; unattributed parts %s\n",
	       ts(ca_severity_name(r->sev_not_yet_effective)), ts(ca_severity_name(r->sev_installed)),
	       ts(ca_severity_name(r->sev_bought_after)), ts(ca_severity_name(r->sev_bought_before)),
	       ts(ca_severity_name(r->sev_unattributed)));
	if (r->n_interpretations)
		printf("  interpretations chipaudit makes:\n");
	for (size_t i = 0; i < r->n_interpretations; i++) {
		const ca_interpretation *x = &r->interpretations[i];
		printf("    - %s", ts(x->text));
		if (x->option)
			printf(" (option %s)", ts(x->option));
		print_states(x->states, x->n_states);
		printf("\n");
	}
	show_options(r);
	printf("  sources (last reviewed %s):\n", ts(r->reviewed ? r->reviewed : "never"));
	for (size_t i = 0; i < r->n_citations; i++) {
		const ca_citation *ct = &r->citations[i];
		printf("    - %s", ts(ct->title));
		if (ct->date)
			printf(" (%s)", ts(ct->date));
		printf("\n");
		if (ct->url)
			printf("      %s\n", ts(ct->url));
	}
	printf("  defined at:   %s\n\n", ts(r->defined_at));
}

static void show_profile(const ca_rules *rules, const ca_profile *p)
{
	printf("profile %s — %s\n", ts(p->id), ts(p->name));
	printf("  jurisdiction: %s\n", ts(p->jurisdiction));
	print_list("  roles:        ", p->roles, p->n_roles);
	printf("  sector:       %s\n  ownership:    %s\n  source:       %s\n", ts(p->sector ? p->sector : "-"),
	       ts(p->ownership), ts(p->source));
	printf("  rules that bind it:\n");
	for (size_t i = 0; i < ca_rules_count(rules); i++) {
		const ca_rule *r = ca_rules_at(rules, i);
		if (ca_rule_binds(r, p))
			printf("    %s (effective %s)\n", ts(r->id), ts(r->effective));
	}
	printf("\n");
}

int cmd_rules(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"kb", required_argument, NULL, 'k'}, {"help", no_argument, NULL, 'h'},
		{"format", required_argument, NULL, 'f'}, {NULL, 0, NULL, 0},
	};
	ca_policy_options k = {0};
	bool json = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'k') {
			if (!option_add_kb_file(&k, optarg))
				return EXIT_BAD_INPUT;
		} else if (c == 'f') {
			if (!describe_format(optarg, &json))
				return EXIT_BAD_INPUT;
		} else if (c == 'h') {
			rules_usage(stdout);
			return EXIT_OK;
		} else {
			rules_usage(stderr);
			return EXIT_BAD_INPUT;
		}
	}
	if (optind >= argc) {
		rules_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	const char *verb = argv[optind++];
	ca_policy *policy;
	int rc = policy_open_or_complain(&k, &policy);
	if (rc != EXIT_OK)
		return rc;
	const ca_kb *kb = ca_policy_kb(policy);
	const ca_rules *rules = ca_policy_rules(policy);
	if (json && (strcmp(verb, "list") == 0 || strcmp(verb, "show") == 0)) {
		const char *missing = NULL;
		bool show = verb[0] == 's';
		if (show && optind >= argc) {
			rules_usage(stderr);
			ca_policy_free(policy);
			return EXIT_BAD_INPUT;
		}
		int r = ca_rules_write_json(stdout, policy, (const char *const *)argv + optind,
					    show ? (size_t)(argc - optind) : 0, &missing);
		if (r == -ENOENT)
			fprintf(stderr, "chipaudit: no rule pack or profile '%s' (see chipaudit rules list)\n",
				ts(missing));
		ca_policy_free(policy);
		return r == -ENOENT ? EXIT_BAD_INPUT : r < 0 ? EXIT_INTERNAL : EXIT_OK;
	}
	if (strcmp(verb, "list") == 0) {
		printf("rule packs:\n");
		for (size_t i = 0; i < ca_rules_count(rules); i++) {
			const ca_rule *r = ca_rules_at(rules, i);
			printf("  %-36s effective %s  %s\n", ts(r->id), ts(r->effective), ts(r->title));
		}
		printf("profiles:\n");
		for (size_t i = 0; i < ca_rules_profile_count(rules); i++) {
			const ca_profile *p = ca_rules_profile_at(rules, i);
			printf("  %-36s %s\n", ts(p->id), ts(p->name));
		}
		const char *dir = data_dir();
		printf("data directory: %s%s\n", ts(dir ? dir : "none (CHIPAUDIT_DATA_DIR is empty)"),
		       ts(dir && access(dir, F_OK) != 0 ? " (absent: built-in data only)" : ""));
	} else if (strcmp(verb, "show") == 0) {
		if (optind >= argc) {
			rules_usage(stderr);
			rc = EXIT_BAD_INPUT;
		}
		for (; rc == EXIT_OK && optind < argc; optind++) {
			const char *id = argv[optind];
			bool found = false;
			for (size_t i = 0; i < ca_rules_count(rules); i++) {
				const ca_rule *r = ca_rules_at(rules, i);
				if (strcmp(r->id, id) == 0 || strcmp(r->pack_id, id) == 0) {
					show_rule(kb, r);
					found = true;
				}
			}
			const ca_profile *p = ca_rules_find_profile(rules, id);
			if (p) {
				show_profile(rules, p);
				found = true;
			}
			if (!found) {
				fprintf(stderr, "chipaudit: no rule pack or profile '%s' (see chipaudit rules list)\n", ts(id));
				rc = EXIT_BAD_INPUT;
			}
		}
	} else if (strcmp(verb, "validate") == 0) {
		if (optind >= argc)
			printf("shipped: ok (%zu rules, %zu profiles)\n", ca_rules_count(rules),
			       ca_rules_profile_count(rules));
		for (; optind < argc; optind++) {
			ca_rules *fresh;
			if (ca_rules_new(&fresh) < 0) {
				rc = EXIT_INTERNAL;
				break;
			}
			char *err = NULL;
			size_t before = ca_rules_count(fresh) + ca_rules_profile_count(fresh);
			int lr = ca_rules_load_file(fresh, kb, argv[optind], &err);
			/* a profile file: its option answers must name options that exist */
			for (size_t i = 0; lr == 0 && i < ca_rules_profile_count(fresh); i++) {
				const ca_profile *pf = ca_rules_profile_at(fresh, i);
				size_t plen = strlen(argv[optind]);
				if (strncmp(pf->defined_at, argv[optind], plen) == 0 && pf->defined_at[plen] == ':')
					lr = ca_rules_check_profile(fresh, pf, &err);
			}
			if (lr < 0) {
				fprintf(stderr, "%s\n", ts(err ? err : argv[optind]));
				rc = EXIT_BAD_INPUT;
			} else {
				printf("%s: ok (%zd rules and profiles after loading, %zu before)\n", ts(argv[optind]),
				       (ssize_t)(ca_rules_count(fresh) + ca_rules_profile_count(fresh)), before);
			}
			free(err);
			ca_rules_free(fresh);
		}
	} else {
		fprintf(stderr, "chipaudit rules: unknown verb '%s'\n", ts(verb));
		rules_usage(stderr);
		rc = EXIT_BAD_INPUT;
	}
	ca_policy_free(policy);
	return rc;
}
