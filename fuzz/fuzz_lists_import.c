/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: an official Consolidated Screening List download (CSV
 * or JSON) converted into a snapshot; a conversion must load, and be
 * matched against; the input is also read as a snapshot itself.
 */
#include "chipaudit/export.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use(const ca_export_lists *l)
{
	ca_party_hit h[4];
	static const char *const names[] = {"YMTC", "Example Listed Memory Co.", "长江存储", "a", ""};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ca_export_match(l, names[i], "CN", h, 4);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = NULL, *err = NULL;
	size_t len, n;
	if (ca_export_lists_convert_csl("fuzz", (const char *)data, size, "2026-09-02", &text, &len, &n, &err) == 0) {
		ca_export_lists *l = NULL;
		/* what the importer writes must load */
		if (ca_export_lists_parse("converted", text, len, &l, NULL) != 0)
			abort();
		use(l);
		ca_export_lists_free(l);
		free(text);
	}
	free(err);
	ca_export_lists *l = NULL;
	if (ca_export_lists_parse("fuzz", (const char *)data, size, &l, NULL) == 0) {
		use(l);
		ca_export_lists_free(l);
	}
	return 0;
}
