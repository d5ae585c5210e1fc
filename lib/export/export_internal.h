/* SPDX-License-Identifier: MIT */
/* Export-control screening: shared between the files of lib/export/. */
#ifndef CA_EXPORT_INTERNAL_H
#define CA_EXPORT_INTERNAL_H

#include "chipaudit/export.h"

#include <stdbool.h>
#include <stddef.h>

/* Similarity of two party names in [0, 1] (the score of ca_export_match()),
 * for names not in any list (authorisation records name their holders). */
double cai_export_name_similarity(const char *a, const char *b);

/* The snapshot compiled in (NUL-terminated) and its length. */
extern const char cai_export_snapshot[];
extern const char cai_export_snapshot_end[];

/* The regime records compiled in. */
extern const char cai_export_regimes_yaml[];

#endif
