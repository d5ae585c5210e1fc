/* SPDX-License-Identifier: MIT */
/* The rule set: shipped and user packs and profiles, merged by id. */
#include "rules/rules_internal.h"
#include "util/textfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct embedded_file {
	const char *name;
	const char *text;
};
extern const struct embedded_file cai_builtin_rule_files[];
extern const unsigned long cai_builtin_rule_files_count;

/* Merges the staged rules and profiles: a pack replaces every rule of the
 * same pack id; a profile replaces the profile of the same id. */
static int commit(rules_loader *L)
{
	ca_rules *R = L->rules;
	ca_rule *nr = calloc(R->n_rules + L->n_staged + 1, sizeof(*nr));
	ca_profile *np = calloc(R->n_profiles + L->n_staged_profiles + 1, sizeof(*np));
	if (!nr || !np) {
		free(nr);
		free(np);
		return -ENOMEM;
	}
	size_t n = 0;
	for (size_t i = 0; i < R->n_rules; i++) {
		bool replaced = false;
		for (size_t k = 0; k < L->n_staged; k++)
			replaced |= strcmp(R->rules[i].pack_id, L->staged[k].pack_id) == 0;
		if (!replaced)
			nr[n++] = R->rules[i];
	}
	for (size_t k = 0; k < L->n_staged; k++)
		nr[n++] = L->staged[k];
	size_t m = 0;
	for (size_t i = 0; i < R->n_profiles; i++) {
		bool replaced = false;
		for (size_t k = 0; k < L->n_staged_profiles; k++)
			replaced |= strcmp(R->profiles[i].id, L->staged_profiles[k].id) == 0;
		if (!replaced)
			np[m++] = R->profiles[i];
	}
	for (size_t k = 0; k < L->n_staged_profiles; k++)
		np[m++] = L->staged_profiles[k];
	free(R->rules);
	free(R->profiles);
	R->rules = nr;
	R->n_rules = n;
	R->profiles = np;
	R->n_profiles = m;
	return 0;
}

int ca_rules_load_buffer(ca_rules *rules, const ca_kb *kb, const char *name, const char *buf,
			 size_t len, char **ret_error)
{
	rules_loader *L = calloc(1, sizeof(*L));
	if (!L)
		return -ENOMEM;
	L->rules = rules;
	L->kb = kb;
	int r = cai_rules_load_doc(L, name ? name : "(buffer)", buf, len);
	if (r == 0)
		r = commit(L);
	if (r < 0 && ret_error)
		*ret_error = L->error ? L->error : strdup("out of memory");
	else
		free(L->error);
	free(L);
	return r;
}

int ca_rules_load_file(ca_rules *rules, const ca_kb *kb, const char *path, char **ret_error)
{
	size_t len;
	int err;
	char *buf = cai_read_text_file(path, YDOC_MAX_BYTES, &len, &err, ret_error);
	if (!buf)
		return err;
	int r = ca_rules_load_buffer(rules, kb, path, buf, len, ret_error);
	free(buf);
	return r;
}

int ca_rules_new(ca_rules **ret)
{
	ca_kb *kb = NULL;
	int r = ca_kb_new(&kb);
	if (r == 0)
		r = ca_rules_new_checked(kb, ret);
	ca_kb_free(kb);
	return r;
}

int ca_rules_new_checked(const ca_kb *kb, ca_rules **ret)
{
	ca_rules *R = calloc(1, sizeof(*R));
	if (!R)
		return -ENOMEM;
	cai_arena_init(&R->arena);
	int r = 0;
	for (unsigned long i = 0; r == 0 && i < cai_builtin_rule_files_count; i++) {
		char name[128];
		snprintf(name, sizeof(name), "data/%s/%s",
			 strstr(cai_builtin_rule_files[i].text, "\nmakers:") ? "rules" : "profiles",
			 cai_builtin_rule_files[i].name);
		r = ca_rules_load_buffer(R, kb, name, cai_builtin_rule_files[i].text,
					 strlen(cai_builtin_rule_files[i].text), NULL);
	}
	if (r < 0) {
		ca_rules_free(R);
		return r;
	}
	*ret = R;
	return 0;
}

void ca_rules_free(ca_rules *R)
{
	if (!R)
		return;
	free(R->rules);
	free(R->profiles);
	cai_arena_release(&R->arena);
	free(R);
}

size_t ca_rules_count(const ca_rules *R) { return R->n_rules; }
size_t ca_rules_profile_count(const ca_rules *R) { return R->n_profiles; }

const ca_rule *ca_rules_at(const ca_rules *R, size_t i)
{
	return i < R->n_rules ? &R->rules[i] : NULL;
}

const ca_profile *ca_rules_profile_at(const ca_rules *R, size_t i)
{
	return i < R->n_profiles ? &R->profiles[i] : NULL;
}

const ca_rule *ca_rules_find(const ca_rules *R, const char *id)
{
	for (size_t i = 0; i < R->n_rules; i++)
		if (strcmp(R->rules[i].id, id) == 0)
			return &R->rules[i];
	return NULL;
}

const ca_profile *ca_rules_find_profile(const ca_rules *R, const char *id)
{
	for (size_t i = 0; i < R->n_profiles; i++)
		if (strcmp(R->profiles[i].id, id) == 0)
			return &R->profiles[i];
	return NULL;
}

bool ca_rule_option_value(const ca_rule *rule, const ca_rule_option *opt, const ca_profile *p)
{
	char key[160];
	snprintf(key, sizeof(key), "%s.%s", rule->pack_id, opt->id);
	for (size_t i = 0; p && i < p->n_options; i++)
		if (strcmp(p->option_names[i], key) == 0)
			return p->option_values[i];
	return opt->default_value;
}

const ca_rule_option *ca_rule_option_find(const ca_rule *rule, const char *id)
{
	for (size_t i = 0; id && i < rule->n_options; i++)
		if (strcmp(rule->options[i].id, id) == 0)
			return &rule->options[i];
	return NULL;
}

bool ca_rule_maker_named_on(const ca_rule_maker *m, const char *date)
{
	return (!m->since || strcmp(date, m->since) >= 0) && (!m->until || strcmp(date, m->until) < 0);
}

static bool has(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* True when binding c names the profile's jurisdiction and one of its roles. */
static bool names_profile(const ca_binding *c, const ca_profile *p)
{
	if (c->jurisdiction && strcmp(c->jurisdiction, p->jurisdiction) != 0)
		return false;
	bool role_ok = c->n_roles == 0;
	for (size_t i = 0; i < c->n_roles; i++)
		role_ok |= has(p->roles, p->n_roles, c->roles[i]);
	return role_ok;
}

bool ca_rule_concerns(const ca_rule *rule, const ca_profile *p)
{
	for (size_t b = 0; p && b < rule->n_binds; b++)
		if (names_profile(&rule->binds[b], p))
			return true;
	return false;
}

bool ca_rule_binds(const ca_rule *rule, const ca_profile *p)
{
	if (!p)
		return false;
	const ca_rule_option *req = ca_rule_option_find(rule, rule->requires_option);
	if (req && !ca_rule_option_value(rule, req, p))
		return false;
	for (size_t b = 0; b < rule->n_binds; b++) {
		const ca_binding *c = &rule->binds[b];
		if (!names_profile(c, p))
			continue;
		bool own_ok = c->n_ownership == 0 || has(c->ownership, c->n_ownership, p->ownership);
		for (size_t o = 0; !own_ok && o < rule->n_options; o++)
			own_ok = rule->options[o].adds_ownership &&
				 strcmp(rule->options[o].adds_ownership, p->ownership) == 0 &&
				 ca_rule_option_value(rule, &rule->options[o], p);
		if (own_ok)
			return true;
	}
	return false;
}

int ca_rules_check_profile(const ca_rules *rules, const ca_profile *prof, char **ret_error)
{
	const char *problem = NULL, *name = NULL;
	for (size_t i = 0; !problem && i < prof->n_options; i++) {
		name = prof->option_names[i];
		for (size_t k = 0; !problem && k < i; k++)
			if (strcmp(prof->option_names[k], name) == 0)
				problem = "is answered twice";
		bool known = false;
		for (size_t r = 0; !known && r < rules->n_rules; r++) {
			const ca_rule *rule = &rules->rules[r];
			size_t n = strlen(rule->pack_id);
			known = strncmp(name, rule->pack_id, n) == 0 && name[n] == '.' &&
				ca_rule_option_find(rule, name + n + 1);
		}
		if (!problem && !known)
			problem = "is not an option of a loaded rule pack (chipaudit rules show PACK lists them)";
	}
	if (!problem)
		return 0;
	if (ret_error && asprintf(ret_error, "%s: option '%s' %s", prof->defined_at, name, problem) < 0)
		*ret_error = NULL;
	return -EINVAL;
}
