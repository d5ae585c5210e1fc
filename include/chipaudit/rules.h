/* SPDX-License-Identifier: MIT */
/*
 * Rules as data: rule packs (who is bound, which makers and roles, what is
 * forbidden, from when, with sources), organization profiles, waivers, and
 * the evaluation of a host inventory into findings.
 *
 * Packs and profiles are YAML files (docs/rules.md). The shipped ones
 * (data/rules, data/profiles) are compiled in; user files add or replace
 * them by id.
 */
#ifndef CHIPAUDIT_RULES_H
#define CHIPAUDIT_RULES_H

#include "chipaudit/kb.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ca_rules ca_rules;
typedef struct ca_waivers ca_waivers;
typedef struct ca_findings ca_findings;

typedef enum ca_severity {
	CA_SEVERITY_INFO = 0,
	CA_SEVERITY_WARN = 1,
	CA_SEVERITY_FAIL = 2,
} ca_severity;

/* "info", "warn", "fail". */
const char *ca_severity_name(ca_severity s);

/* Parses "info", "warn" or "fail". Returns 0 or -EINVAL. */
int ca_severity_parse(const char *text, ca_severity *ret);

/* Creates a rule set holding the shipped packs and profiles. Returns 0,
 * -ENOMEM, or -EINVAL if shipped data is broken (a test prevents that). */
int ca_rules_new(ca_rules **ret_rules);
void ca_rules_free(ca_rules *rules);

/* Loads a rule pack or a profile (a pack has makers, authority, citations or
 * binds; anything else is read as a profile) from a
 * file or a buffer. A pack or profile whose id exists replaces it. On error
 * returns -EINVAL (or -errno) and a malloc'd "FILE:LINE: message" in
 * *ret_error when ret_error is not NULL; the rule set is then unchanged.
 * kb is used to check maker ids (NULL: not checked). */
int ca_rules_load_file(ca_rules *rules, const ca_kb *kb, const char *path, char **ret_error);
int ca_rules_load_buffer(ca_rules *rules, const ca_kb *kb, const char *name, const char *buf,
			 size_t len, char **ret_error);

/* One citation of a pack. */
typedef struct ca_citation {
	const char *title;
	const char *url;  /* or NULL */
	const char *date; /* "YYYY-MM-DD" or NULL */
} ca_citation;

typedef struct ca_rule_option {
	const char *id;
	const char *question;
	const char *rationale;
	bool default_value;
	const char *adds_role;        /* role counted only when the option is true, or NULL */
	const char *adds_ownership;   /* ownership bound only when the option is true, or NULL */
	int installed_if_false;       /* severity of installed parts when false, -1: unchanged */
} ca_rule_option;

#define CA_RULES_MAX_ITEMS 16

/* A condition on a profile: all given fields must match (empty: any). */
typedef struct ca_binding {
	const char *jurisdiction;
	const char *roles[CA_RULES_MAX_ITEMS];
	size_t n_roles;
	const char *ownership[CA_RULES_MAX_ITEMS];
	size_t n_ownership;
} ca_binding;

/* A rule: a pack, or one part of a pack (id "pack/part"). */
typedef struct ca_rule {
	const char *id;
	const char *pack_id;
	const char *title;
	const char *authority;
	const char *jurisdiction;
	const char *legal_basis[CA_RULES_MAX_ITEMS];
	size_t n_legal_basis;
	ca_citation citations[CA_RULES_MAX_ITEMS];
	size_t n_citations;
	const char *decision_opened, *decision_concluded, *decision_outcome, *decision_text,
		*decision_note;
	const char *announced, *effective, *expires; /* dates or NULL */
	ca_binding binds[CA_RULES_MAX_ITEMS];
	size_t n_binds;
	const char *makers[CA_RULES_MAX_ITEMS];
	size_t n_makers;
	const char *roles[CA_RULES_MAX_ITEMS]; /* module, dram, register, pmic, system */
	size_t n_roles;
	const char *forbids;                   /* procurement, use, both */
	ca_severity sev_not_yet_effective, sev_installed, sev_bought_after, sev_unattributed;
	ca_rule_option options[CA_RULES_MAX_ITEMS];
	size_t n_options;
	const char *sentence; /* template: {maker} {role} {component} {host} {effective} {title} */
	const char *defined_at;
} ca_rule;

/* An organization profile. */
typedef struct ca_profile {
	const char *id;
	const char *name;
	const char *jurisdiction;
	const char *roles[CA_RULES_MAX_ITEMS];
	size_t n_roles;
	const char *sector;
	const char *ownership;
	const char *source;
	const char *option_names[CA_RULES_MAX_ITEMS]; /* "pack.option" overrides */
	bool option_values[CA_RULES_MAX_ITEMS];
	size_t n_options;
	const char *defined_at;
} ca_profile;

size_t ca_rules_count(const ca_rules *rules);
const ca_rule *ca_rules_at(const ca_rules *rules, size_t i);
/* A rule by id ("cn-cac-2023-micron", "us-ndaa-fy2019-889/part-a"), or NULL. */
const ca_rule *ca_rules_find(const ca_rules *rules, const char *id);
size_t ca_rules_profile_count(const ca_rules *rules);
const ca_profile *ca_rules_profile_at(const ca_rules *rules, size_t i);
const ca_profile *ca_rules_find_profile(const ca_rules *rules, const char *id);

/* The value of a rule option for a profile (its override, else the default). */
bool ca_rule_option_value(const ca_rule *rule, const ca_rule_option *opt, const ca_profile *profile);

/* True when the rule binds the profile (options applied). */
bool ca_rule_binds(const ca_rule *rule, const ca_profile *profile);

/* ------------------------------------------------------------ waivers */

/* Loads waivers (YAML, docs/rules.md). Returns 0 or -EINVAL / -errno with
 * "FILE:LINE: message" in *ret_error. */
int ca_waivers_load_file(const char *path, ca_waivers **ret, char **ret_error);
int ca_waivers_load_buffer(const char *name, const char *buf, size_t len, ca_waivers **ret,
			   char **ret_error);
void ca_waivers_free(ca_waivers *w);

/* ----------------------------------------------------------- findings */

typedef struct ca_finding {
	ca_severity severity;
	char rule_id[80];
	char rule_title[160];
	char state[24];       /* "not-yet-effective", "installed", "unattributed" */
	char component[128];  /* "Memory Device DIMM A (handle 0x0012)", "System" */
	char role[12];        /* module, dram, register, pmic, system, or "" */
	char maker_id[40];
	char maker[96];
	char owner_id[40];
	char owner[96];
	char evidence[400];   /* evidence chain, from the bytes to the owner */
	char citation[400];   /* legal basis and decision record */
	char sentence[600];   /* what a compliance officer can paste */
	char options[300];    /* options that shaped this finding, or "" */
	bool waived;
	char waiver[300];     /* waiver that suppresses it, or an expired one, or "" */
} ca_finding;

/* Evaluates every rule that binds profile against a host, on date as_of
 * ("YYYY-MM-DD", NULL: today). waivers may be NULL. Returns 0 and a list
 * (possibly empty) the caller frees, or -ENOMEM / -EINVAL (bad date). */
int ca_rules_evaluate(const ca_rules *rules, const ca_profile *profile, const ca_kb *kb,
		      const ca_host *host, const char *as_of, const ca_waivers *waivers,
		      ca_findings **ret);

size_t ca_findings_count(const ca_findings *f);
const ca_finding *ca_findings_at(const ca_findings *f, size_t i);
/* Highest severity among findings not waived; -1 when there is none. */
int ca_findings_max_severity(const ca_findings *f);
void ca_findings_free(ca_findings *f);

#ifdef __cplusplus
}
#endif

#endif
