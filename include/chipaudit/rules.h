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

#include "chipaudit/identify.h"

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

/* One waiver: a decision, by a named approver, to accept a rule's findings
 * on matching hosts and components until a date. */
typedef struct ca_waiver {
	const char *rule;      /* rule or pack id */
	const char *host;      /* fnmatch pattern on the host label, or NULL: any */
	const char *component; /* fnmatch pattern on the component or its locator, or NULL */
	const char *reason;
	const char *approver;
	const char *expires;   /* "YYYY-MM-DD": suppresses findings before that date */
	const char *defined_at; /* "file:line" */
} ca_waiver;

/* Loads waivers (YAML, docs/rules.md). Returns 0 or -EINVAL / -errno with
 * "FILE:LINE: message" in *ret_error. */
int ca_waivers_load_file(const char *path, ca_waivers **ret, char **ret_error);
int ca_waivers_load_buffer(const char *name, const char *buf, size_t len, ca_waivers **ret,
			   char **ret_error);
size_t ca_waivers_count(const ca_waivers *w);
const ca_waiver *ca_waivers_at(const ca_waivers *w, size_t i);
void ca_waivers_free(ca_waivers *w);

/* ----------------------------------------------------------- findings */

typedef struct ca_component ca_component;   /* chipaudit/assess.h */
typedef struct ca_assessment ca_assessment; /* chipaudit/assess.h */

typedef enum ca_finding_state {
	CA_FINDING_NOT_YET_EFFECTIVE = 0, /* the rule binds, but only from a later date */
	CA_FINDING_INSTALLED,             /* a named maker's part is installed */
	CA_FINDING_UNATTRIBUTED,          /* parts whose maker is unknown: the rule cannot be ruled out */
} ca_finding_state;

/* "not-yet-effective", "installed", "unattributed". */
const char *ca_finding_state_name(ca_finding_state s);

/* An option of a rule as it shaped a finding. option is NULL when none did. */
typedef struct ca_finding_option {
	const ca_rule_option *option;
	bool value;      /* the value that applied */
	bool is_default; /* the pack's default (else the profile set it) */
} ca_finding_option;

/* A finding as data: writers turn it into sentences (chipaudit/report.h).
 * Pointers refer to the rule set, the assessment and the waivers it was
 * evaluated with, and stay valid while they do. */
typedef struct ca_finding {
	const ca_rule *rule;
	ca_severity severity;
	ca_finding_state state;
	const ca_component *component; /* NULL for CA_FINDING_UNATTRIBUTED */
	const char *role;              /* module, dram, register, pmic, system; NULL when unattributed */
	const ca_maker_answer *maker;  /* the attribution the rule matched; NULL when unattributed */
	size_t unattributed;           /* CA_FINDING_UNATTRIBUTED: parts without a maker ... */
	size_t inspected;              /* ... of this many installed memory parts */
	const char *host;              /* the host label */
	const char *as_of;             /* the date the rule and owners were judged on */
	ca_finding_option role_option; /* the option that made the role count */
	ca_finding_option rule_option; /* the option that bound the rule or set installed severity */
	const ca_waiver *waiver;       /* waiver that suppresses it, or an expired one, or NULL */
	bool waived;                   /* waiver is in force */
} ca_finding;

/* Evaluates every rule that binds profile against the components of an
 * assessment (makers already resolved; SMBIOS records are never read), on
 * date as_of ("YYYY-MM-DD", NULL: today). waivers may be NULL. Returns 0
 * and a list (possibly empty) the caller frees, or -ENOMEM / -EINVAL (bad
 * date). The findings point into rules, assessment and waivers. */
int ca_rules_evaluate(const ca_rules *rules, const ca_profile *profile,
		      const ca_assessment *assessment, const char *as_of, const ca_waivers *waivers,
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
