/* SPDX-License-Identifier: MIT */
/* What the library's other parts may do to an assessment besides the
 * public calls: the fleet store rebuilds one from the rows it kept. */
#ifndef CAI_ASSESS_INTERNAL_H
#define CAI_ASSESS_INTERNAL_H

#include "chipaudit/assess.h"

/* Adds host h (taken over, freed on failure too) as an evidence source
 * already read, named by its source and of its format, with status (0:
 * read; else the -errno it could not be read with). This is how a
 * store hands back evidence whose records and devices it rebuilt; the
 * assessment is then finished as any other (ca_assessment_finish):
 * inventory chosen, components built, makers resolved once, rules
 * evaluated. Returns 0, -ENOMEM, or -E2BIG as ca_assessment_add_buffer(). */
int cai_assessment_add_host(ca_assessment *a, ca_host *h, int status);

/* Ends building a: when rc is 0, finishes it (ca_assessment_finish()) and
 * sets *ret; otherwise, or when finishing fails, frees it. Returns 0 or
 * the -errno. */
int cai_assessment_finish_or_free(ca_assessment *a, int rc, ca_assessment **ret);

#endif
