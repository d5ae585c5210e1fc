/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the fleet store's report reader (JSON report, JSON
 * Lines) into an in-memory SQLite store, and what was stored rebuilt and
 * judged again (re-evaluation) under a profile. */
#include "chipaudit/store.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_host(void *ctx, const char *host, long long scan, ca_assessment *a)
{
	(void)host;
	(void)scan;
	if (!ca_assessment_label(a))
		abort();
	++*(size_t *)ctx;
	return 0;
}

/* The policy every input is judged again under, opened once. */
static const ca_policy *reeval_policy(void)
{
	static ca_policy *p;
	static bool tried;
	if (!tried) {
		tried = true;
		ca_policy_options o = {.profile = "us-department-of-defense", .as_of = "2028-01-01"};
		if (ca_policy_open(&o, &p, NULL) != 0)
			abort();
	}
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0; /* fmemopen needs a byte */
	ca_store *s = NULL;
	char *err = NULL;
	if (ca_store_open(":memory:", &s, &err) != 0) {
		free(err);
		return 0;
	}
	FILE *in = fmemopen((void *)data, size, "r");
	if (in && ca_store_batch_begin(s) == 0) {
		ca_ingest_result r = {0};
		int rc = ca_store_ingest_report(s, in, "fuzz.json", NULL, &r);
		if (rc == -EINVAL && (r.added || r.unchanged))
			abort(); /* not a report: nothing stored */
		if (r.rejected && !r.reason[0])
			abort(); /* every refusal says why */
		if (ca_store_batch_commit(s) != 0)
			abort();
		ca_store_table *t = NULL;
		if (ca_store_ask(s, CA_STORE_HOSTS, NULL, &t) != 0 || t->n_rows > r.added)
			abort(); /* what was stored can be read back, no more */
		ca_store_table_free(t);
		size_t rebuilt = 0;
		if (ca_store_each_assessment(s, reeval_policy(), NULL, count_host, &rebuilt, NULL) != 0 ||
		    rebuilt > r.added)
			abort(); /* every stored host rebuilds, no more */
	}
	if (in)
		fclose(in);
	ca_store_close(s);
	return 0;
}
