/* SPDX-License-Identifier: MIT */
/* A policy: the knowledge base, rule packs, profile, waivers and date an
 * assessment is judged with. Opened once, shared read-only. */
#include "chipaudit/assess.h"
#include "util/date.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ca_policy {
	ca_kb *kb;
	ca_rules *rules;
	const ca_profile *profile;
	ca_waivers *waivers;
	ca_purchases *purchases;
	char as_of[11];
};

static int fail(char **ret_error, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(char **ret_error, int rc, const char *fmt, ...)
{
	if (ret_error) {
		va_list ap;
		va_start(ap, fmt);
		if (vasprintf(ret_error, fmt, ap) < 0)
			*ret_error = NULL;
		va_end(ap);
	}
	return rc;
}

/* Passes a loader's error on as the policy's. */
static int loader_failed(char **ret_error, int rc, char *err, const char *path)
{
	rc = err ? fail(ret_error, rc, "%s", err) : fail(ret_error, rc, "%s: %s", path, strerror(-rc));
	free(err);
	return rc;
}

/* The profile a file defines (loaded into rules first), or NULL. */
static const ca_profile *profile_from_file(ca_rules *rules, const ca_kb *kb, const char *path,
					   char **ret_load_error)
{
	if (ca_rules_load_file(rules, kb, path, ret_load_error) < 0)
		return NULL;
	const ca_profile *found = NULL;
	size_t plen = strlen(path);
	for (size_t i = 0; i < ca_rules_profile_count(rules); i++) {
		const ca_profile *q = ca_rules_profile_at(rules, i);
		if (strncmp(q->defined_at, path, plen) == 0 && q->defined_at[plen] == ':')
			found = q;
	}
	return found;
}

static int open_into(ca_policy *p, const ca_policy_options *o, char **ret_error)
{
	if (o->as_of && !ca_date_valid(o->as_of))
		return fail(ret_error, -EINVAL, "--as-of takes a real date written YYYY-MM-DD, not '%s'",
			    o->as_of);
	if (o->as_of)
		memcpy(p->as_of, o->as_of, sizeof(p->as_of));
	else
		cai_date_today(p->as_of);
	if (o->n_kb_files > CA_POLICY_MAX_FILES || o->n_rule_files > CA_POLICY_MAX_FILES)
		return fail(ret_error, -E2BIG, "at most %u files of each kind", CA_POLICY_MAX_FILES);

	int rc = ca_kb_new(&p->kb);
	if (rc < 0)
		return fail(ret_error, rc == -ENOMEM ? rc : -ENOTRECOVERABLE,
			    "cannot load the built-in knowledge base");
	for (size_t i = 0; i < o->n_kb_files; i++) {
		char *err = NULL;
		rc = ca_kb_load_file(p->kb, o->kb_files[i], &err);
		if (rc < 0)
			return loader_failed(ret_error, rc, err, o->kb_files[i]);
	}
	rc = ca_rules_new_checked(p->kb, &p->rules);
	if (rc < 0)
		return fail(ret_error, rc == -ENOMEM ? rc : -ENOTRECOVERABLE,
			    "cannot load the built-in rule packs");
	for (size_t i = 0; i < o->n_rule_files; i++) {
		char *err = NULL;
		rc = ca_rules_load_file(p->rules, p->kb, o->rule_files[i], &err);
		if (rc < 0)
			return loader_failed(ret_error, rc, err, o->rule_files[i]);
	}
	if (o->profile) {
		p->profile = ca_rules_find_profile(p->rules, o->profile);
		if (!p->profile) {
			/* not a shipped name: a profile file */
			char *err = NULL;
			p->profile = profile_from_file(p->rules, p->kb, o->profile, &err);
			if (!p->profile) {
				rc = fail(ret_error, -EINVAL, "--profile %s: %s", o->profile,
					  err ? err : "not a shipped profile name nor a profile file");
				free(err);
				return rc;
			}
		}
	}
	if (p->profile) {
		rc = ca_rules_check_profile(p->rules, p->profile, ret_error);
		if (rc < 0)
			return rc;
	}
	if (o->waivers) {
		char *err = NULL;
		rc = ca_waivers_load_file(o->waivers, &p->waivers, &err);
		if (rc < 0)
			return loader_failed(ret_error, rc, err, o->waivers);
	}
	if (o->purchases) {
		char *err = NULL;
		rc = ca_purchases_load_file(o->purchases, &p->purchases, &err);
		if (rc < 0)
			return loader_failed(ret_error, rc, err, o->purchases);
	}
	return 0;
}

int ca_policy_open(const ca_policy_options *options, ca_policy **ret_policy, char **ret_error)
{
	static const ca_policy_options none;
	ca_policy *p = calloc(1, sizeof(*p));
	if (!p)
		return fail(ret_error, -ENOMEM, "out of memory");
	int rc = open_into(p, options ? options : &none, ret_error);
	if (rc < 0) {
		ca_policy_free(p);
		return rc;
	}
	*ret_policy = p;
	return 0;
}

void ca_policy_free(ca_policy *p)
{
	if (!p)
		return;
	ca_purchases_free(p->purchases);
	ca_waivers_free(p->waivers);
	ca_rules_free(p->rules);
	ca_kb_free(p->kb);
	free(p);
}

const ca_kb *ca_policy_kb(const ca_policy *p) { return p->kb; }
const ca_rules *ca_policy_rules(const ca_policy *p) { return p->rules; }
const ca_profile *ca_policy_profile(const ca_policy *p) { return p->profile; }
const ca_waivers *ca_policy_waivers(const ca_policy *p) { return p->waivers; }
const char *ca_policy_as_of(const ca_policy *p) { return p->as_of; }
const ca_purchases *ca_policy_purchases(const ca_policy *p) { return p->purchases; }
