/* SPDX-License-Identifier: MIT */
/* Knowledge-base options shared by the subcommands: --kb FILE, --as-of DATE,
 * and CHIPAUDIT_KB (colon-separated files loaded before --kb files). */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int knowledge_add_file(knowledge_options *k, const char *path)
{
	if (k->n_files >= KNOWLEDGE_MAX_FILES) {
		fprintf(stderr, "chipaudit: at most %u --kb files\n", KNOWLEDGE_MAX_FILES);
		return -1;
	}
	k->files[k->n_files++] = path;
	return 0;
}

bool knowledge_set_date(knowledge_options *k, const char *date)
{
	if (!ca_date_valid(date)) {
		fprintf(stderr, "chipaudit: --as-of takes a real date written YYYY-MM-DD, not '%s'\n", date);
		return false;
	}
	k->as_of = date;
	return true;
}

static int load_one(ca_kb *kb, const char *path)
{
	char *err = NULL;
	if (ca_kb_load_file(kb, path, &err) < 0) {
		fprintf(stderr, "chipaudit: %s\n", err ? err : path);
		free(err);
		return -1;
	}
	return 0;
}

int knowledge_open(const knowledge_options *k, ca_kb **ret_kb)
{
	ca_kb *kb;
	if (ca_kb_new(&kb) < 0) {
		fprintf(stderr, "chipaudit: cannot load the built-in knowledge base\n");
		return EXIT_INTERNAL;
	}
	const char *env = getenv("CHIPAUDIT_KB");
	if (env && *env) {
		char *copy = strdup(env), *save = NULL;
		for (char *p = copy ? strtok_r(copy, ":", &save) : NULL; p; p = strtok_r(NULL, ":", &save))
			if (load_one(kb, p) < 0) {
				free(copy);
				ca_kb_free(kb);
				return EXIT_BAD_INPUT;
			}
		free(copy);
	}
	for (size_t i = 0; i < k->n_files; i++)
		if (load_one(kb, k->files[i]) < 0) {
			ca_kb_free(kb);
			return EXIT_BAD_INPUT;
		}
	*ret_kb = kb;
	return EXIT_OK;
}

int knowledge_option(knowledge_options *k, int opt, const char *arg)
{
	switch (opt) {
	case 1001: return knowledge_set_date(k, arg) ? 1 : -1;
	case 1002: return knowledge_add_file(k, arg) < 0 ? -1 : 1;
	case 1003: k->profile = arg; return 1;
	case 1004:
		if (k->n_rule_files >= KNOWLEDGE_MAX_FILES) {
			fprintf(stderr, "chipaudit: at most %u --rules files\n", KNOWLEDGE_MAX_FILES);
			return -1;
		}
		k->rule_files[k->n_rule_files++] = arg;
		return 1;
	case 1005: k->ignore = arg; return 1;
	case 1006:
		if (ca_severity_parse(arg, &k->fail_on) < 0) {
			fprintf(stderr, "chipaudit: --fail-on takes fail, warn or info, not '%s'\n", arg);
			return -1;
		}
		return 1;
	default: return 0;
	}
}

int policy_open(const knowledge_options *k, const ca_kb *kb, policy *ret)
{
	policy p = {0};
	if (ca_rules_new(&p.rules) < 0) {
		fprintf(stderr, "chipaudit: cannot load the built-in rule packs\n");
		return EXIT_INTERNAL;
	}
	for (size_t i = 0; i < k->n_rule_files; i++) {
		char *err = NULL;
		if (ca_rules_load_file(p.rules, kb, k->rule_files[i], &err) < 0) {
			fprintf(stderr, "chipaudit: %s\n", err ? err : k->rule_files[i]);
			free(err);
			policy_close(&p);
			return EXIT_BAD_INPUT;
		}
	}
	if (k->profile) {
		p.profile = ca_rules_find_profile(p.rules, k->profile);
		if (!p.profile) {
			/* not a shipped name: a profile file */
			char *err = NULL;
			if (ca_rules_load_file(p.rules, kb, k->profile, &err) == 0) {
				/* the profile defined by that file, if it holds one */
				size_t plen = strlen(k->profile);
				for (size_t i = 0; i < ca_rules_profile_count(p.rules); i++) {
					const ca_profile *q = ca_rules_profile_at(p.rules, i);
					if (strncmp(q->defined_at, k->profile, plen) == 0 &&
					    q->defined_at[plen] == ':')
						p.profile = q;
				}
			}
			if (!p.profile) {
				fprintf(stderr, "chipaudit: --profile %s: %s\n", k->profile,
					err ? err : "not a shipped profile name nor a profile file");
				free(err);
				policy_close(&p);
				return EXIT_BAD_INPUT;
			}
		}
	}
	if (k->ignore) {
		char *err = NULL;
		if (ca_waivers_load_file(k->ignore, &p.waivers, &err) < 0) {
			fprintf(stderr, "chipaudit: %s\n", err ? err : k->ignore);
			free(err);
			policy_close(&p);
			return EXIT_BAD_INPUT;
		}
	}
	*ret = p;
	return EXIT_OK;
}

void policy_close(policy *p)
{
	ca_rules_free(p->rules);
	ca_waivers_free(p->waivers);
	*p = (policy){0};
}

int policy_evaluate(const policy *p, const ca_kb *kb, const ca_host *host, const char *as_of,
		    ca_findings **ret_findings)
{
	*ret_findings = NULL;
	if (!p->profile)
		return 0;
	return ca_rules_evaluate(p->rules, p->profile, kb, host, as_of, p->waivers, ret_findings);
}
