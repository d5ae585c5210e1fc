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

/* Like ca_rules_new(), checking the shipped packs' maker ids against kb
 * (a knowledge base the caller already has) instead of building one. */
int ca_rules_new_checked(const ca_kb *kb, ca_rules **ret_rules);

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

#define CA_RULES_MAX_ITEMS 16

/* A question the law leaves open, answered by the pack's default or by the
 * profile ("pack.option: true|false"). Each effect is optional. */
typedef struct ca_rule_option {
	const char *id;
	const char *question;
	const char *rationale;
	bool default_value;
	const char *adds_roles[CA_RULES_MAX_ITEMS]; /* roles counted only when true */
	size_t n_adds_roles;
	const char *adds_ownership;   /* ownership bound only when the option is true, or NULL */
	const char *makers[CA_RULES_MAX_ITEMS]; /* makers the role and severity effects are
						   limited to (none: every maker of the rule) */
	size_t n_makers;
	int installed_if_false;       /* severity of installed parts when false, -1: unchanged */
	int installed_if_true;        /* severity of installed parts when true, -1: unchanged */
	int severity_if_false;        /* every finding capped at this severity when false, -1: none */
} ca_rule_option;

/* A legal basis, valid between two dates (an article renumbered by an
 * amendment), cited for the finding states it lists (none: every state). */
typedef struct ca_legal_basis {
	const char *text;
	const char *from;  /* "YYYY-MM-DD" or NULL: always */
	const char *until; /* first day it no longer applies, or NULL */
	const char *states[6];
	size_t n_states;
} ca_legal_basis;

/* An interpretation chipaudit makes where the text is silent, labelled on
 * every finding of the states it lists, with the option that changes it. */
typedef struct ca_interpretation {
	const char *text;
	const char *option; /* option id, or NULL when no option changes it */
	const char *states[6];
	size_t n_states;
} ca_interpretation;

/* A maker a rule names, from a date to a date (a listing, a delisting). */
typedef struct ca_rule_maker {
	const char *id;    /* knowledge-base id */
	const char *since; /* "YYYY-MM-DD" or NULL: as long as the rule */
	const char *until; /* first day it is no longer named, or NULL */
	const char *note;  /* where the dates come from, or NULL */
} ca_rule_maker;

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
	ca_legal_basis legal_basis[CA_RULES_MAX_ITEMS];
	size_t n_legal_basis;
	ca_citation citations[CA_RULES_MAX_ITEMS];
	size_t n_citations;
	const char *decision_opened, *decision_concluded, *decision_outcome, *decision_text,
		*decision_note;
	const char *announced, *effective, *expires; /* dates or NULL */
	ca_binding binds[CA_RULES_MAX_ITEMS];
	size_t n_binds;
	ca_rule_maker makers[CA_RULES_MAX_ITEMS];
	size_t n_makers;
	const char *roles[CA_RULES_MAX_ITEMS]; /* module, dram, register, pmic, system */
	size_t n_roles;
	const char *forbids;                   /* procurement, use, both */
	ca_severity sev_not_yet_effective, sev_installed, sev_bought_after, sev_bought_before,
		sev_unattributed;
	ca_rule_option options[CA_RULES_MAX_ITEMS];
	size_t n_options;
	const char *requires_option; /* id of an option that must be true for the rule to apply */
	/* templates: {maker} {role} {component} {host} {effective} {title} {as_of} {purchased} */
	const char *sentence;        /* any state without a template of its own */
	const char *sentence_installed, *sentence_not_yet_effective, *sentence_bought_after,
		*sentence_bought_before;
	/* a line of a purchase list (chipaudit bom), not yet bought, judged as
	 * a purchase on {as_of} on or after {effective} (template "listed") */
	const char *sentence_listed;
	const char *scope;           /* what the rule covers, in one paragraph, or NULL */
	const char *exceptions[CA_RULES_MAX_ITEMS]; /* exceptions the text makes */
	size_t n_exceptions;
	ca_interpretation interpretations[CA_RULES_MAX_ITEMS];
	size_t n_interpretations;
	const char *reviewed;        /* the date the pack was last checked against its sources */
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

/* Checks a profile's option answers against the loaded packs: an option no
 * pack has (a typo would leave the default silently in force) or one
 * answered twice is an error. Returns 0, or -EINVAL with "FILE:LINE:
 * message" in *ret_error (malloc'd) when ret_error is not NULL. */
int ca_rules_check_profile(const ca_rules *rules, const ca_profile *profile, char **ret_error);

/* The option of a rule with that id, or NULL. */
const ca_rule_option *ca_rule_option_find(const ca_rule *rule, const char *id);

/* True when the rule binds the profile (options applied). */
bool ca_rule_binds(const ca_rule *rule, const ca_profile *profile);

/* True when the rule names the profile's jurisdiction and one of its roles,
 * whatever the options say: a rule the profile "holds", applied or not. */
bool ca_rule_concerns(const ca_rule *rule, const ca_profile *profile);

/* True when maker entry m is named by the rule on date ("YYYY-MM-DD"). */
bool ca_rule_maker_named_on(const ca_rule_maker *m, const char *date);

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
	CA_FINDING_INSTALLED,             /* a named maker's part is installed, bought when unknown */
	CA_FINDING_UNATTRIBUTED,          /* parts whose maker is unknown: the rule cannot be ruled out */
	CA_FINDING_BOUGHT_AFTER,          /* bought on or after the effective date (--purchases, or
					     made after it per the module's SPD) */
	CA_FINDING_BOUGHT_BEFORE,         /* bought before the effective date (--purchases) */
	/* export-control screening of an order line (chipaudit/export.h) */
	CA_FINDING_EXPORT_LINE,           /* the line's licence answer, with its open questions */
	CA_FINDING_EXPORT_RECORD,         /* a regime record the line engages */
	CA_FINDING_EXPORT_PARTY,          /* a party of the line matches a screening-list entry */
} ca_finding_state;

/* "not-yet-effective", "installed", "unattributed", "bought-after-effective",
 * "bought-before-effective", "export-line", "export-record", "export-party". */
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
	const struct ca_maker *maker;  /* the attribution the rule matched; NULL when unattributed */
	size_t unattributed;           /* CA_FINDING_UNATTRIBUTED: parts without a maker ... */
	size_t inspected;              /* ... of this many installed memory parts */
	const char *host;              /* the host label */
	const char *as_of;             /* the date the rule and owners were judged on */
	const char *purchased;         /* purchase date from --purchases, or NULL */
	const char *made;              /* week the part was made ("2019-W10", from SPD), or NULL */
	bool made_after;               /* made on or after the effective date (so bought after it) */
	ca_finding_option role_option; /* the option that made the role count */
	ca_finding_option rule_option; /* the option that bound the rule */
	ca_finding_option severity_option; /* the option that set this finding's severity */
	const ca_waiver *waiver;       /* waiver that suppresses it, or an expired one, or NULL */
	bool waived;                   /* waiver is in force */
	/* CA_FINDING_EXPORT_*: the screened line's result, and the record or
	 * the party hit the finding is about (NULL for the others). rule is
	 * then made from the regime record or the screening list. */
	const struct ca_screen_result *screen;
	const struct ca_screen_rule *regime;
	const struct ca_screen_party *party;
} ca_finding;

/* Evaluates every rule that binds profile against the components of an
 * assessment (makers already resolved; SMBIOS records are never read), on
 * date as_of ("YYYY-MM-DD", NULL: today). waivers may be NULL. Returns 0
 * and a list (possibly empty) the caller frees, or -ENOMEM / -EINVAL (bad
 * date). The findings point into rules, assessment and waivers. */
int ca_rules_evaluate(const ca_rules *rules, const ca_profile *profile,
		      const ca_assessment *assessment, const char *as_of, const ca_waivers *waivers,
		      ca_findings **ret);

/* Whether each rule the profile holds (ca_rule_concerns) was applied. */
typedef enum ca_rule_state {
	CA_RULE_APPLIED = 0,      /* evaluated (in force, or not yet: findings say which) */
	CA_RULE_OFF_BY_OPTION,    /* an option of the pack switched it off for this profile */
	CA_RULE_EXPIRED,          /* no longer in force on the date */
} ca_rule_state;

typedef struct ca_rule_status {
	const ca_rule *rule;
	ca_rule_state state;
	ca_finding_option option; /* CA_RULE_OFF_BY_OPTION: the option and its value */
	bool in_force;            /* CA_RULE_APPLIED: effective on the date */
	size_t findings;          /* CA_RULE_APPLIED: findings it made on this host */
} ca_rule_status;

size_t ca_findings_rule_count(const ca_findings *f);
const ca_rule_status *ca_findings_rule_at(const ca_findings *f, size_t i);

size_t ca_findings_count(const ca_findings *f);
const ca_finding *ca_findings_at(const ca_findings *f, size_t i);
/* Highest severity among findings not waived; -1 when there is none. */
int ca_findings_max_severity(const ca_findings *f);
void ca_findings_free(ca_findings *f);

#ifdef __cplusplus
}
#endif

#endif
