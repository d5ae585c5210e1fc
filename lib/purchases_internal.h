/* SPDX-License-Identifier: MIT */
/* Purchase-list internals shared with the assessment. */
#ifndef CA_PURCHASES_INTERNAL_H
#define CA_PURCHASES_INTERNAL_H

#include "chipaudit/assess.h"

/* Records that row i matched a host (thread-safe; p is shared read-only otherwise). */
void cai_purchases_mark(const ca_purchases *p, size_t i);

#endif
