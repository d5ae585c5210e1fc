/* SPDX-License-Identifier: MIT */
/*
 * Rule packs, organization profiles and waivers: strict YAML loaders with
 * file:line errors (docs/rules.md). Shipped files are compiled in.
 */
#include "rules/rules_internal.h"
#include "util/textfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Staging: what one document adds, checked before the rule set takes it. */

static const char *rules_where(rules_loader *L, const char *name, unsigned line)
{
	char buf[400];
	snprintf(buf, sizeof(buf), "%s:%u", name, line);
	return cai_arena_strdup(&L->rules->arena, buf);
}

static int rules_add(rules_loader *L, const ca_rule *r, ydoc *d, yaml_node_t *node)
{
	if (L->n_staged >= sizeof(L->staged) / sizeof(L->staged[0]))
		return cai_yerr(d, node, "too many parts in one file");
	for (size_t i = 0; i < L->n_staged; i++)
		if (strcmp(L->staged[i].id, r->id) == 0)
			return cai_yerr(d, node, "rule '%s' is defined twice", r->id);
	L->staged[L->n_staged++] = *r;
	return 0;
}

static int rules_add_profile(rules_loader *L, const ca_profile *p, ydoc *d, yaml_node_t *node)
{
	if (L->n_staged_profiles >= sizeof(L->staged_profiles) / sizeof(L->staged_profiles[0]))
		return cai_yerr(d, node, "too many profiles in one file");
	L->staged_profiles[L->n_staged_profiles++] = *p;
	return 0;
}

static const char *const known_roles[] = {"module", "dram", "register", "pmic", "system", "drive",
					  "controller", "nand", "vendor", "vram", NULL};

const char *ca_severity_name(ca_severity s)
{
	switch (s) {
	case CA_SEVERITY_INFO: return "info";
	case CA_SEVERITY_WARN: return "warn";
	case CA_SEVERITY_FAIL: return "fail";
	}
	return "info";
}

int ca_severity_parse(const char *text, ca_severity *ret)
{
	if (!text)
		return -EINVAL;
	if (strcmp(text, "info") == 0)
		*ret = CA_SEVERITY_INFO;
	else if (strcmp(text, "warn") == 0)
		*ret = CA_SEVERITY_WARN;
	else if (strcmp(text, "fail") == 0)
		*ret = CA_SEVERITY_FAIL;
	else
		return -EINVAL;
	return 0;
}

static bool in_list(const char *const *list, const char *s)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

static const char *const finding_states[] = {"not-yet-effective", "installed", "unattributed",
					    "bought-after-effective", "bought-before-effective", NULL};

/* A list of finding states under key (absent: every state). */
static int parse_states(ydoc *d, yaml_node_t *map, const char **out, size_t *ret_n)
{
	int rc = cai_ystrlist(d, map, "states", false, out, 6, ret_n);
	for (size_t i = 0; rc == 0 && i < *ret_n; i++)
		if (!in_list(finding_states, out[i]))
			rc = cai_yerr(d, cai_yget(d, map, "states"),
				      "state '%s' is not one of not-yet-effective, installed, unattributed, "
				      "bought-after-effective, bought-before-effective",
				      out[i]);
	return rc;
}

/* makers: [id, ...] or [{id, since, until, note}, ...] */
static int parse_makers(ydoc *d, yaml_node_t *m, ca_rule *r, const ca_kb *kb)
{
	yaml_node_t *list = cai_yget(d, m, "makers");
	int rc = cai_yexpect_seq(d, list, "makers");
	if (rc == 0 && (cai_yseq_len(list) == 0 || cai_yseq_len(list) > CA_RULES_MAX_ITEMS))
		rc = cai_yerr(d, list, "makers must list 1 to %u makers", CA_RULES_MAX_ITEMS);
	static const char *const keys[] = {"id", "since", "until", "note", NULL};
	r->n_makers = 0;
	for (size_t i = 0; rc == 0 && i < cai_yseq_len(list); i++) {
		yaml_node_t *n = cai_yseq_at(d, list, i);
		ca_rule_maker *mk = &r->makers[r->n_makers++];
		memset(mk, 0, sizeof(*mk));
		if (n->type == YAML_MAPPING_NODE) {
			rc = cai_ycheck_keys(d, n, keys);
			if (rc == 0)
				rc = cai_ystr(d, n, "id", true, &mk->id);
			if (rc == 0)
				rc = cai_ydate(d, n, "since", false, &mk->since);
			if (rc == 0)
				rc = cai_ydate(d, n, "until", false, &mk->until);
			if (rc == 0)
				rc = cai_ystr(d, n, "note", false, &mk->note);
			if (rc == 0 && mk->since && mk->until && strcmp(mk->since, mk->until) >= 0)
				rc = cai_yerr(d, n, "maker '%s': 'until' must come after 'since'", mk->id);
		} else {
			rc = cai_yitem_str(d, n, "each maker", &mk->id);
		}
		if (rc == 0 && kb && !ca_kb_entity(kb, mk->id))
			rc = cai_yerr(d, n, "maker '%s' is not in the knowledge base (see docs/knowledge-base.md)",
				      mk->id);
	}
	return rc;
}

/* legal_basis: [text, ...] or [{text, from, until, states}, ...] */
static int parse_legal_basis(ydoc *d, yaml_node_t *m, ca_rule *r)
{
	yaml_node_t *list = cai_yget(d, m, "legal_basis");
	int rc = cai_yexpect_seq(d, list, "legal_basis");
	if (rc == 0 && (cai_yseq_len(list) == 0 || cai_yseq_len(list) > CA_RULES_MAX_ITEMS))
		rc = cai_yerr(d, list, "legal_basis must list 1 to %u entries", CA_RULES_MAX_ITEMS);
	static const char *const keys[] = {"text", "from", "until", "states", NULL};
	r->n_legal_basis = 0;
	for (size_t i = 0; rc == 0 && i < cai_yseq_len(list); i++) {
		yaml_node_t *n = cai_yseq_at(d, list, i);
		ca_legal_basis *b = &r->legal_basis[r->n_legal_basis++];
		memset(b, 0, sizeof(*b));
		if (n->type != YAML_MAPPING_NODE) {
			rc = cai_yitem_str(d, n, "each legal basis", &b->text);
			continue;
		}
		rc = cai_ycheck_keys(d, n, keys);
		if (rc == 0)
			rc = cai_ystr(d, n, "text", true, &b->text);
		if (rc == 0)
			rc = cai_ydate(d, n, "from", false, &b->from);
		if (rc == 0)
			rc = cai_ydate(d, n, "until", false, &b->until);
		if (rc == 0 && b->from && b->until && strcmp(b->from, b->until) >= 0)
			rc = cai_yerr(d, n, "'until' must come after 'from'");
		if (rc == 0)
			rc = parse_states(d, n, b->states, &b->n_states);
	}
	return rc;
}

/* sentences: {installed, not_yet_effective, bought_after_effective, bought_before_effective} */
static int parse_sentences(ydoc *d, yaml_node_t *m, ca_rule *r)
{
	yaml_node_t *map = cai_yget(d, m, "sentences");
	if (!map)
		return 0;
	static const char *const keys[] = {"installed", "not_yet_effective", "bought_after_effective",
					   "bought_before_effective", NULL};
	const char **slots[] = {&r->sentence_installed, &r->sentence_not_yet_effective,
				&r->sentence_bought_after, &r->sentence_bought_before};
	int rc = cai_yexpect_map(d, map, "sentences");
	if (rc == 0)
		rc = cai_ycheck_keys(d, map, keys);
	for (int i = 0; rc == 0 && i < 4; i++) {
		const char *v;
		rc = cai_ystr(d, map, keys[i], false, &v);
		if (rc == 0 && v)
			*slots[i] = v;
	}
	return rc;
}

/* interpretations: [{text, option, states}, ...] */
static int parse_interpretations(ydoc *d, yaml_node_t *m, ca_rule *r)
{
	yaml_node_t *list = cai_yget(d, m, "interpretations");
	if (!list)
		return 0;
	int rc = cai_yexpect_seq(d, list, "interpretations");
	if (rc == 0 && cai_yseq_len(list) > CA_RULES_MAX_ITEMS)
		rc = cai_yerr(d, list, "too many interpretations");
	static const char *const keys[] = {"text", "option", "states", NULL};
	/* a part's interpretations follow the pack's */
	if (rc == 0 && r->n_interpretations + cai_yseq_len(list) > CA_RULES_MAX_ITEMS)
		rc = cai_yerr(d, list, "too many interpretations");
	for (size_t i = 0; rc == 0 && i < cai_yseq_len(list); i++) {
		yaml_node_t *n = cai_yseq_at(d, list, i);
		ca_interpretation *x = &r->interpretations[r->n_interpretations++];
		memset(x, 0, sizeof(*x));
		rc = cai_yexpect_map(d, n, "each interpretation");
		if (rc == 0)
			rc = cai_ycheck_keys(d, n, keys);
		if (rc == 0)
			rc = cai_ystr(d, n, "text", true, &x->text);
		if (rc == 0)
			rc = cai_ystr(d, n, "option", false, &x->option);
		if (rc == 0)
			rc = parse_states(d, n, x->states, &x->n_states);
	}
	return rc;
}

/* ------------------------------------------------------------- packs */

static int parse_severity_map(ydoc *d, yaml_node_t *map, ca_rule *r)
{
	yaml_node_t *sev = cai_yget(d, map, "severity");
	if (!sev)
		return 0;
	int rc = cai_yexpect_map(d, sev, "severity");
	static const char *const keys[] = {"not_yet_effective", "installed", "bought_after_effective",
					   "unattributed", "bought_before_effective", NULL};
	if (rc == 0)
		rc = cai_ycheck_keys(d, sev, keys);
	ca_severity *slots[5] = {&r->sev_not_yet_effective, &r->sev_installed, &r->sev_bought_after,
				 &r->sev_unattributed, &r->sev_bought_before};
	for (int i = 0; rc == 0 && i < 5; i++) {
		const char *v;
		rc = cai_ystr(d, sev, keys[i], false, &v);
		if (rc == 0 && v && ca_severity_parse(v, slots[i]) < 0)
			rc = cai_yerr(d, cai_yget(d, sev, keys[i]), "severity must be info, warn or fail, not '%s'", v);
	}
	return rc;
}

static int parse_binds(ydoc *d, yaml_node_t *map, ca_rule *r)
{
	yaml_node_t *b = cai_yget(d, map, "binds");
	if (!b)
		return 0;
	int rc = cai_yexpect_seq(d, b, "binds");
	if (rc == 0 && cai_yseq_len(b) > CA_RULES_MAX_ITEMS)
		rc = cai_yerr(d, b, "too many binds");
	r->n_binds = 0;
	static const char *const keys[] = {"jurisdiction", "roles", "ownership", NULL};
	for (size_t i = 0; rc == 0 && i < cai_yseq_len(b); i++) {
		yaml_node_t *c = cai_yseq_at(d, b, i);
		ca_binding *bd = &r->binds[r->n_binds++];
		memset(bd, 0, sizeof(*bd));
		rc = cai_yexpect_map(d, c, "each binds entry");
		if (rc == 0)
			rc = cai_ycheck_keys(d, c, keys);
		if (rc == 0)
			rc = cai_ystr(d, c, "jurisdiction", false, &bd->jurisdiction);
		if (rc == 0)
			rc = cai_ystrlist(d, c, "roles", false, bd->roles, CA_RULES_MAX_ITEMS, &bd->n_roles);
		if (rc == 0)
			rc = cai_ystrlist(d, c, "ownership", false, bd->ownership, CA_RULES_MAX_ITEMS,
				      &bd->n_ownership);
		for (size_t k = 0; rc == 0 && k < bd->n_ownership; k++)
			if (strcmp(bd->ownership[k], "domestic") != 0 &&
			    strcmp(bd->ownership[k], "foreign-invested") != 0)
				rc = cai_yerr(d, c, "ownership must be domestic or foreign-invested, not '%s'",
					  bd->ownership[k]);
	}
	return rc;
}

static int parse_common(ydoc *d, yaml_node_t *m, ca_rule *r, const ca_kb *kb)
{
	int rc = 0;
	const char *v;
	if (rc == 0 && (rc = cai_ystr(d, m, "title", false, &v)) == 0 && v)
		r->title = v;
	if (rc == 0 && (rc = cai_ydate(d, m, "effective", false, &v)) == 0 && v)
		r->effective = v;
	if (rc == 0 && (rc = cai_ydate(d, m, "expires", false, &v)) == 0 && v)
		r->expires = v;
	if (rc == 0 && (rc = cai_ystr(d, m, "forbids", false, &v)) == 0 && v) {
		if (strcmp(v, "procurement") && strcmp(v, "use") && strcmp(v, "both"))
			rc = cai_yerr(d, cai_yget(d, m, "forbids"), "forbids must be procurement, use or both");
		r->forbids = v;
	}
	if (rc == 0)
		rc = parse_binds(d, m, r);
	if (rc == 0)
		rc = parse_severity_map(d, m, r);
	if (rc == 0 && cai_yget(d, m, "makers"))
		rc = parse_makers(d, m, r, kb);
	if (rc == 0 && cai_yget(d, m, "legal_basis"))
		rc = parse_legal_basis(d, m, r);
	if (rc == 0)
		rc = parse_sentences(d, m, r);
	if (rc == 0)
		rc = parse_interpretations(d, m, r);
	if (rc == 0 && (rc = cai_ystr(d, m, "scope", false, &v)) == 0 && v)
		r->scope = v;
	if (rc == 0 && cai_yget(d, m, "exceptions"))
		rc = cai_ystrlist(d, m, "exceptions", true, r->exceptions, CA_RULES_MAX_ITEMS,
				  &r->n_exceptions);
	if (rc == 0 && (rc = cai_ystr(d, m, "requires_option", false, &v)) == 0 && v)
		r->requires_option = v;
	if (rc == 0 && cai_yget(d, m, "roles")) {
		rc = cai_ystrlist(d, m, "roles", false, r->roles, CA_RULES_MAX_ITEMS, &r->n_roles);
		for (size_t i = 0; rc == 0 && i < r->n_roles; i++)
			if (!in_list(known_roles, r->roles[i]))
				rc = cai_yerr(d, cai_yget(d, m, "roles"),
					  "role '%s' is not one of module, dram, register, pmic, system",
					  r->roles[i]);
	}
	return rc;
}

static int parse_options(ydoc *d, yaml_node_t *m, ca_rule *r)
{
	yaml_node_t *o = cai_yget(d, m, "options");
	if (!o)
		return 0;
	int rc = cai_yexpect_seq(d, o, "options");
	if (rc == 0 && r->n_options + cai_yseq_len(o) > CA_RULES_MAX_ITEMS)
		rc = cai_yerr(d, o, "too many options");
	static const char *const keys[] = {"id", "question", "default", "rationale", "adds_role",
					   "adds_ownership", "installed_if_false", "installed_if_true",
					   "severity_if_false", "makers", NULL};
	for (size_t i = 0; rc == 0 && i < cai_yseq_len(o); i++) {
		yaml_node_t *n = cai_yseq_at(d, o, i);
		ca_rule_option *op = &r->options[r->n_options++];
		memset(op, 0, sizeof(*op));
		op->installed_if_false = op->installed_if_true = op->severity_if_false = -1;
		rc = cai_yexpect_map(d, n, "each option");
		if (rc == 0)
			rc = cai_ycheck_keys(d, n, keys);
		if (rc == 0)
			rc = cai_ystr(d, n, "id", true, &op->id);
		if (rc == 0)
			rc = cai_ystr(d, n, "question", true, &op->question);
		if (rc == 0)
			rc = cai_ybool(d, n, "default", true, &op->default_value);
		if (rc == 0)
			rc = cai_ystr(d, n, "rationale", true, &op->rationale);
		if (rc == 0)
			rc = cai_ystrlist(d, n, "adds_role", false, op->adds_roles, CA_RULES_MAX_ITEMS,
					  &op->n_adds_roles);
		for (size_t k = 0; rc == 0 && k < op->n_adds_roles; k++)
			if (!in_list(known_roles, op->adds_roles[k]))
				rc = cai_yerr(d, n, "adds_role '%s' is not a role", op->adds_roles[k]);
		if (rc == 0)
			rc = cai_ystr(d, n, "adds_ownership", false, &op->adds_ownership);
		if (rc == 0)
			rc = cai_ystrlist(d, n, "makers", false, op->makers, CA_RULES_MAX_ITEMS,
					  &op->n_makers);
		static const char *const sev_keys[] = {"installed_if_false", "installed_if_true",
						       "severity_if_false"};
		int *sev_slots[] = {&op->installed_if_false, &op->installed_if_true,
				    &op->severity_if_false};
		for (int k = 0; rc == 0 && k < 3; k++) {
			const char *sev = NULL;
			ca_severity sv;
			rc = cai_ystr(d, n, sev_keys[k], false, &sev);
			if (rc == 0 && sev && ca_severity_parse(sev, &sv) < 0)
				rc = cai_yerr(d, n, "%s must be info, warn or fail", sev_keys[k]);
			else if (rc == 0 && sev)
				*sev_slots[k] = (int)sv;
		}
		for (size_t k = 0; rc == 0 && k + 1 < r->n_options; k++)
			if (strcmp(r->options[k].id, op->id) == 0)
				rc = cai_yerr(d, n, "option '%s' is defined twice", op->id);
	}
	return rc;
}

static int parse_citations(ydoc *d, yaml_node_t *m, ca_rule *r)
{
	yaml_node_t *c = cai_yget(d, m, "citations");
	if (!c)
		return cai_yerr(d, m, "'citations' is required: every rule cites its sources");
	int rc = cai_yexpect_seq(d, c, "citations");
	if (rc == 0 && (cai_yseq_len(c) == 0 || cai_yseq_len(c) > CA_RULES_MAX_ITEMS))
		rc = cai_yerr(d, c, "citations must list 1 to %u sources", CA_RULES_MAX_ITEMS);
	static const char *const keys[] = {"title", "url", "date", NULL};
	for (size_t i = 0; rc == 0 && i < cai_yseq_len(c); i++) {
		yaml_node_t *n = cai_yseq_at(d, c, i);
		ca_citation *ct = &r->citations[r->n_citations++];
		rc = cai_yexpect_map(d, n, "each citation");
		if (rc == 0)
			rc = cai_ycheck_keys(d, n, keys);
		if (rc == 0)
			rc = cai_ystr(d, n, "title", true, &ct->title);
		if (rc == 0)
			rc = cai_ystr(d, n, "url", false, &ct->url);
		if (rc == 0 && ct->url && strncmp(ct->url, "https://", 8) != 0 &&
		    strncmp(ct->url, "http://", 7) != 0)
			rc = cai_yerr(d, n, "url must start with https:// or http://");
		if (rc == 0)
			rc = cai_ydate(d, n, "date", false, &ct->date);
	}
	return rc;
}

static bool valid_rule_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 48)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

static int finish_rule(ydoc *d, yaml_node_t *at, ca_rule *r)
{
	if (!r->title)
		return cai_yerr(d, at, "'title' is required");
	if (!r->effective)
		return cai_yerr(d, at, "'effective' is required (the date the rule applies from)");
	if (r->expires && strcmp(r->expires, r->effective) <= 0)
		return cai_yerr(d, at, "'expires' (%s) must come after 'effective' (%s)", r->expires,
			    r->effective);
	if (r->n_binds == 0)
		return cai_yerr(d, at, "'binds' is required: whom does the rule bind?");
	if (r->n_makers == 0)
		return cai_yerr(d, at, "'makers' is required");
	bool option_roles = false;
	for (size_t o = 0; o < r->n_options; o++)
		option_roles |= r->options[o].n_adds_roles > 0;
	if (r->n_roles == 0 && !option_roles)
		return cai_yerr(d, at, "'roles' is required (or an option that adds roles)");
	if (!r->forbids)
		return cai_yerr(d, at, "'forbids' is required (procurement, use or both)");
	if (r->n_legal_basis == 0)
		return cai_yerr(d, at, "'legal_basis' is required");
	if (r->requires_option && !ca_rule_option_find(r, r->requires_option))
		return cai_yerr(d, at, "requires_option '%s' is not an option of the pack",
				r->requires_option);
	for (size_t i = 0; i < r->n_interpretations; i++)
		if (r->interpretations[i].option &&
		    !ca_rule_option_find(r, r->interpretations[i].option))
			return cai_yerr(d, at, "interpretation names option '%s', which the pack lacks",
					r->interpretations[i].option);
	for (size_t o = 0; o < r->n_options; o++)
		for (size_t k = 0; k < r->options[o].n_makers; k++) {
			bool named = false;
			for (size_t m = 0; m < r->n_makers; m++)
				named |= strcmp(r->makers[m].id, r->options[o].makers[k]) == 0;
			if (!named)
				return cai_yerr(d, at, "option '%s' names maker '%s', which the rule lacks",
						r->options[o].id, r->options[o].makers[k]);
		}
	return 0;
}

static int load_pack(rules_loader *L, ydoc *d, yaml_node_t *root)
{
	static const char *const keys[] = {"id", "title", "authority", "jurisdiction", "legal_basis",
					   "citations", "decision", "announced", "effective",
					   "expires", "binds", "makers", "roles", "forbids",
					   "severity", "options", "parts", "sentence", "note",
					   "sentences", "scope", "exceptions", "interpretations",
					   "requires_option", "reviewed", NULL};
	int rc = cai_ycheck_keys(d, root, keys);
	ca_rule base;
	memset(&base, 0, sizeof(base));
	base.sev_not_yet_effective = CA_SEVERITY_INFO;
	base.sev_installed = CA_SEVERITY_WARN;
	base.sev_bought_after = CA_SEVERITY_FAIL;
	base.sev_bought_before = CA_SEVERITY_INFO;
	base.sev_unattributed = CA_SEVERITY_INFO;
	if (rc == 0)
		rc = cai_ystr(d, root, "id", true, &base.id);
	if (rc == 0 && !valid_rule_id(base.id))
		rc = cai_yerr(d, cai_yget(d, root, "id"), "id must be lower-case letters, digits and '-'");
	base.pack_id = base.id;
	if (rc == 0)
		rc = cai_ystr(d, root, "authority", true, &base.authority);
	if (rc == 0)
		rc = cai_ystr(d, root, "jurisdiction", true, &base.jurisdiction);
	if (rc == 0)
		rc = parse_citations(d, root, &base);
	if (rc == 0)
		rc = cai_ydate(d, root, "reviewed", true, &base.reviewed);
	if (rc == 0)
		rc = cai_ydate(d, root, "announced", false, &base.announced);
	yaml_node_t *dec = cai_yget(d, root, "decision");
	if (rc == 0 && dec) {
		static const char *const dkeys[] = {"opened", "concluded", "outcome", "text", "note", NULL};
		rc = cai_yexpect_map(d, dec, "decision");
		if (rc == 0)
			rc = cai_ycheck_keys(d, dec, dkeys);
		if (rc == 0)
			rc = cai_ydate(d, dec, "opened", false, &base.decision_opened);
		if (rc == 0)
			rc = cai_ydate(d, dec, "concluded", true, &base.decision_concluded);
		if (rc == 0)
			rc = cai_ystr(d, dec, "outcome", true, &base.decision_outcome);
		if (rc == 0)
			rc = cai_ystr(d, dec, "text", false, &base.decision_text);
		if (rc == 0)
			rc = cai_ystr(d, dec, "note", false, &base.decision_note);
		if (rc == 0 && base.decision_opened &&
		    strcmp(base.decision_opened, base.decision_concluded) > 0)
			rc = cai_yerr(d, dec, "the review concludes (%s) before it opens (%s)",
				  base.decision_concluded, base.decision_opened);
	}
	if (rc == 0)
		rc = cai_ystr(d, root, "sentence", true, &base.sentence);
	if (rc == 0)
		rc = parse_common(d, root, &base, L->kb);
	if (rc == 0)
		rc = parse_options(d, root, &base);
	base.defined_at = rules_where(L, d->name, cai_yline(root));
	if (rc < 0)
		return rc;

	yaml_node_t *parts = cai_yget(d, root, "parts");
	if (!parts) {
		rc = finish_rule(d, root, &base);
		return rc < 0 ? rc : rules_add(L, &base, d, root);
	}
	rc = cai_yexpect_seq(d, parts, "parts");
	static const char *const pkeys[] = {"id", "title", "effective", "expires", "binds", "makers",
					    "roles", "forbids", "severity", "legal_basis", "sentences",
					    "scope", "exceptions", "interpretations", "requires_option",
					    "options", NULL};
	for (size_t i = 0; rc == 0 && i < cai_yseq_len(parts); i++) {
		yaml_node_t *p = cai_yseq_at(d, parts, i);
		ca_rule part = base;
		const char *pid;
		rc = cai_yexpect_map(d, p, "each part");
		if (rc == 0)
			rc = cai_ycheck_keys(d, p, pkeys);
		if (rc == 0)
			rc = cai_ystr(d, p, "id", true, &pid);
		if (rc == 0 && !valid_rule_id(pid))
			rc = cai_yerr(d, cai_yget(d, p, "id"), "part id must be lower-case letters, digits and '-'");
		if (rc == 0) {
			char full[128];
			snprintf(full, sizeof(full), "%s/%s", base.id, pid);
			part.id = cai_arena_strdup(d->arena, full);
			if (!part.id)
				return -ENOMEM;
		}
		if (rc == 0)
			rc = parse_options(d, p, &part); /* a part's own options follow the pack's */
		if (rc == 0)
			rc = parse_common(d, p, &part, L->kb);
		part.defined_at = rules_where(L, d->name, cai_yline(p));
		if (rc == 0)
			rc = finish_rule(d, p, &part);
		if (rc == 0)
			rc = rules_add(L, &part, d, p);
	}
	return rc;
}

/* ----------------------------------------------------------- profiles */

static int load_profile(rules_loader *L, ydoc *d, yaml_node_t *root)
{
	static const char *const keys[] = {"id", "name", "jurisdiction", "roles", "sector",
					   "ownership", "options", "source", "note", NULL};
	ca_profile p;
	memset(&p, 0, sizeof(p));
	int rc = cai_ycheck_keys(d, root, keys);
	if (rc == 0)
		rc = cai_ystr(d, root, "id", true, &p.id);
	if (rc == 0 && !valid_rule_id(p.id))
		rc = cai_yerr(d, cai_yget(d, root, "id"), "id must be lower-case letters, digits and '-'");
	if (rc == 0)
		rc = cai_ystr(d, root, "name", true, &p.name);
	if (rc == 0)
		rc = cai_ystr(d, root, "jurisdiction", true, &p.jurisdiction);
	if (rc == 0)
		rc = cai_ystrlist(d, root, "roles", true, p.roles, CA_RULES_MAX_ITEMS, &p.n_roles);
	if (rc == 0)
		rc = cai_ystr(d, root, "sector", false, &p.sector);
	if (rc == 0)
		rc = cai_ystr(d, root, "ownership", true, &p.ownership);
	if (rc == 0 && strcmp(p.ownership, "domestic") != 0 && strcmp(p.ownership, "foreign-invested") != 0)
		rc = cai_yerr(d, cai_yget(d, root, "ownership"), "ownership must be domestic or foreign-invested");
	if (rc == 0)
		rc = cai_ystr(d, root, "source", true, &p.source);
	yaml_node_t *o = cai_yget(d, root, "options");
	if (rc == 0 && o) {
		rc = cai_yexpect_map(d, o, "options");
		for (yaml_node_pair_t *pr = rc == 0 ? o->data.mapping.pairs.start : NULL;
		     rc == 0 && pr < o->data.mapping.pairs.top; pr++) {
			yaml_node_t *k = yaml_document_get_node(&d->doc, pr->key);
			if (k->type != YAML_SCALAR_NODE || p.n_options >= CA_RULES_MAX_ITEMS) {
				rc = cai_yerr(d, k, "options are 'pack-id.option-id: true|false' lines");
				break;
			}
			const char *name = (const char *)k->data.scalar.value;
			if (!strchr(name, '.')) {
				rc = cai_yerr(d, k, "option '%s' must be written pack-id.option-id", name);
				break;
			}
			bool val = false;
			rc = cai_ybool(d, o, name, true, &val);
			if (rc < 0)
				break;
			p.option_names[p.n_options] = cai_arena_strdup(d->arena, name);
			if (!p.option_names[p.n_options]) {
				rc = -ENOMEM;
				break;
			}
			p.option_values[p.n_options++] = val;
		}
	}
	p.defined_at = rules_where(L, d->name, cai_yline(root));
	return rc < 0 ? rc : rules_add_profile(L, &p, d, root);
}

int cai_rules_load_doc(rules_loader *L, const char *name, const char *buf, size_t len)
{
	ydoc d;
	int rc = cai_ydoc_load(&d, &L->rules->arena, name, buf, len);
	yaml_node_t *root = rc == 0 ? cai_yroot(&d) : NULL;
	if (rc == 0)
		rc = cai_yexpect_map(&d, root, "a rule pack or profile");
	if (rc == 0)
		rc = (cai_yget(&d, root, "makers") || cai_yget(&d, root, "authority") ||
		      cai_yget(&d, root, "citations") || cai_yget(&d, root, "binds"))
			     ? load_pack(L, &d, root)
			     : load_profile(L, &d, root);
	if (rc < 0 && !L->error)
		L->error = d.error ? d.error : strdup(rc == -ENOMEM ? "out of memory" : "invalid");
	else
		free(d.error);
	cai_ydoc_done(&d);
	return rc;
}
