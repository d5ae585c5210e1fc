/* SPDX-License-Identifier: MIT */
/* Rule-set internals shared by the loaders and the evaluator. */
#ifndef CA_RULES_INTERNAL_H
#define CA_RULES_INTERNAL_H

#include "chipaudit/rules.h"
#include "rules/yaml_util.h"
#include "util/arena.h"

struct ca_rules {
	cai_arena arena;
	ca_rule *rules;
	size_t n_rules;
	ca_profile *profiles;
	size_t n_profiles;
};

struct ca_waivers {
	cai_arena arena;
	ca_waiver *items;
	size_t n;
};

/* One load: what a document adds, merged into rules on success. */
typedef struct rules_loader {
	ca_rules *rules;
	const ca_kb *kb;
	ca_rule staged[64];
	size_t n_staged;
	ca_profile staged_profiles[8];
	size_t n_staged_profiles;
	char *error;
} rules_loader;

/* Parses one YAML document (a pack or a profile) into the loader. */
int cai_rules_load_doc(rules_loader *L, const char *name, const char *buf, size_t len);

/* An empty list of findings judged on as_of (findings made outside the
 * rule engine: export-control screening). Returns 0 or -ENOMEM. */
int cai_findings_new(const char *as_of, ca_findings **ret);
/* Appends a zeroed finding to f and returns it, or NULL when out of memory. */
ca_finding *cai_findings_add(ca_findings *f);


#endif
