/* SPDX-License-Identifier: MIT */
/* Export-control screening: shared between the files of lib/export/. */
#ifndef CA_EXPORT_INTERNAL_H
#define CA_EXPORT_INTERNAL_H

#include "chipaudit/assess.h"
#include "chipaudit/export.h"
#include "util/arena.h"

#include <stdbool.h>
#include <stddef.h>

/* Similarity of two party names in [0, 1] (the score of ca_export_match()),
 * for names not in any list (authorisation records name their holders). */
double cai_export_name_similarity(const char *a, const char *b);

/* The snapshot compiled in (NUL-terminated) and its length. */
extern const char cai_export_snapshot[];
extern const char cai_export_snapshot_end[];

/* The findings of an assessment of screened order lines (its components
 * of kind CA_COMPONENT_ORDER_LINE, ca_assessment_add_screened()): rules
 * made from the records and lists are kept in arena. Returns 0 with
 * *ret set, or -ENOMEM. */
int cai_export_findings(const ca_assessment *a, cai_arena *arena, const char *host, ca_findings **ret);

/* The regime records compiled in. */
extern const char cai_export_regimes_yaml[];

#endif
