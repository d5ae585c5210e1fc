/* SPDX-License-Identifier: MIT */
/* What every evidence harness does after its parser: the whole assessment
 * (detection, reader, makers resolved once, every rule of a profile) and
 * both writers over the same bytes. */
#ifndef CA_FUZZ_COMMON_H
#define CA_FUZZ_COMMON_H

#include "chipaudit/export.h"
#include "chipaudit/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* Opens *policy (profile on as_of) and *devnull the first time; aborts
 * when either cannot be opened. */
static inline void fuzz_policy_once(ca_policy **policy, FILE **devnull, const char *profile,
				    const char *as_of)
{
	if (*policy)
		return;
	ca_policy_options o = {.profile = profile, .as_of = as_of};
	if (ca_policy_open(&o, policy, NULL) < 0)
		abort();
	*devnull = fopen("/dev/null", "w");
	if (!*devnull)
		abort();
}

/* Renders a finished assessment in every format to devnull (properties:
 * the run's data vintage, or none). */
static inline void fuzz_render_all(const ca_policy *policy, FILE *devnull, const ca_assessment *a,
				   const ca_sink_options *extra)
{
	static const char *const formats[] = {"table", "json", "jsonl", "csv", "sarif", "cyclonedx", "html"};
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		ca_sink_options o = extra ? *extra : (ca_sink_options){0};
		o.policy = policy;
		ca_sink *sink;
		if (ca_sink_open_with(formats[i], devnull, &o, &sink) < 0)
			continue;
		(void)ca_sink_add_host(sink, a);
		(void)ca_sink_close(sink, true);
	}
}

/* Assesses data as one host under a profile that binds every shipped pack
 * it can (as a list when bom, else as evidence), and renders it in every
 * format. Never fails the harness. */
static inline void fuzz_assess_as(const uint8_t *data, size_t size, bool bom)
{
	static ca_policy *policy;
	static FILE *devnull;
	fuzz_policy_once(&policy, &devnull, "us-executive-agency", "2028-01-01");
	ca_assessment *a;
	if (ca_assessment_new(policy, "fuzz", &a) < 0)
		return;
	int rc = bom ? ca_assessment_add_bom_buffer(a, "fuzz", data, size, NULL)
		     : ca_assessment_add_buffer(a, "fuzz", data, size);
	if (rc != -ENOMEM && ca_assessment_finish(a) == 0)
		fuzz_render_all(policy, devnull, a, NULL);
	ca_assessment_free(a);
}

/* Assesses data as evidence of one host (fuzz_assess_as). */
static inline void fuzz_assess_and_render(const uint8_t *data, size_t size)
{
	fuzz_assess_as(data, size, false);
}

/* Screened order lines as an assessment of one list, finished and
 * rendered in every format with a data vintage (the export harnesses). */
static inline void fuzz_screened_render(const ca_export_orders *o, const ca_order_line *lines,
					const ca_screen_result *res, size_t n)
{
	static ca_policy *policy;
	static FILE *devnull;
	fuzz_policy_once(&policy, &devnull, NULL, "2026-01-01");
	ca_assessment *a;
	if (ca_assessment_new(policy, "fuzz", &a) < 0)
		return;
	ca_sink_options v = {.n_properties = 1};
	v.properties[0] = (ca_sink_property){"lists", "screening lists of", "2026-07-31"};
	int rc = ca_assessment_add_screened(a, "fuzz", o, lines, res, n);
	if (rc != -ENOMEM && rc != -E2BIG && ca_assessment_finish(a) == 0)
		fuzz_render_all(policy, devnull, a, &v);
	ca_assessment_free(a);
}

#endif
