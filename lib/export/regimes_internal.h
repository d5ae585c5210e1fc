/* SPDX-License-Identifier: MIT */
/* Regime records as loaded (lib/export/regimes.c), read by the screening. */
#ifndef CA_EXPORT_REGIMES_INTERNAL_H
#define CA_EXPORT_REGIMES_INTERNAL_H

#include "export/export_internal.h"
#include "rules/yaml_util.h"
#include "util/arena.h"

#define REGIME_MAX_VALUES 48u
#define REGIME_MAX_GROUPS 16u
#define REGIME_MAX_RECORDS 512u
#define REGIME_N_FACTS 5u

typedef struct cai_strlist {
	const char *v[REGIME_MAX_VALUES];
	size_t n;
} cai_strlist;

typedef struct cai_group {
	const char *name;
	cai_strlist codes;
} cai_group;

typedef enum cai_licence { CAI_LIC_NONE = 0, CAI_LIC_YES, CAI_LIC_NO } cai_licence;

typedef struct cai_regime {
	ca_regime_record pub;
	unsigned line;
	cai_strlist also, overrides;
	cai_strlist ship_from, ship_from_not, exporter, destination, destination_not, item, model, party;
	ca_tristate fact[REGIME_N_FACTS]; /* advanced_node, fab_production, us_person_support, us_technology, listed_owner */
	ca_tristate subject_to_ear;
	unsigned party_footnote;
	const char *list;         /* a listing record: the list's code (EL, UVL, ...) */
	cai_licence licence;
	ca_review_policy policy;
	const char *outcome_text;
	const char *question;
} cai_regime;

struct ca_export_regimes {
	cai_arena arena;
	const char *reviewed, *cfr_date;
	cai_group groups[REGIME_MAX_GROUPS];
	size_t n_groups;
	cai_regime *recs;
	size_t n_recs;
};

/* The group called name (without '@'), or NULL. */
const cai_group *cai_regimes_group(const ca_export_regimes *r, const char *name);

#endif
