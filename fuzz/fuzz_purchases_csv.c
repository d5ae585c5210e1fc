/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: purchase-list CSV loader (--purchases). */
#include "chipaudit/assess.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ca_purchases *p = NULL;
	char *err = NULL;
	if (ca_purchases_load_buffer("fuzz.csv", (const char *)data, size, &p, &err) == 0) {
		for (size_t i = 0; i < ca_purchases_count(p); i++)
			if (!ca_purchases_at(p, i)->key || ca_purchases_matched(p, i))
				abort(); /* every row has a key; nothing matched yet */
		ca_purchases_free(p);
	}
	free(err);
	return 0;
}
