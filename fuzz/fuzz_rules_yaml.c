/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: rule pack / profile YAML loader, then waivers. */
#include "chipaudit/rules.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ca_rules *rules = NULL;
	if (ca_rules_new(&rules) < 0)
		return 0;
	char *err = NULL;
	(void)ca_rules_load_buffer(rules, NULL, "fuzz.yaml", (const char *)data, size, &err);
	free(err);
	err = NULL;
	ca_waivers *w = NULL;
	if (ca_waivers_load_buffer("fuzz.yaml", (const char *)data, size, &w, &err) == 0)
		ca_waivers_free(w);
	free(err);
	ca_rules_free(rules);
	return 0;
}
