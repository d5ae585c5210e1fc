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
	bool unverified[REGIME_MAX_VALUES]; /* codes[i] is a member by inference only */
	const char *title;                  /* what the group is, or NULL */
	const char *citation;               /* the group's source, or NULL */
	const char *unverified_source;      /* the best source of the inferred members, or NULL */
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

/* A Japanese list item as written by exporters ("6-17-ya", "6(17)ヤ",
 * "貨物等省令第6条第17号ヤ", "第六条第十七号の二", "JP 6.17.ya") in the form the
 * records use: "JP-6.17.ya" (Goods Ministerial Order article 6, item 17,
 * sub-item ヤ) or "JP-6.17-2" (item 17-2). Writes it to out (cap bytes) and
 * returns true; returns false, leaving out empty, for anything else
 * (ECCNs, Dutch or EU items, tags). */
bool cai_export_jp_item(const char *s, char *out, size_t cap);

#endif
