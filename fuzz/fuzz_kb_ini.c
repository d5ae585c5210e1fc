/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: knowledge-base loader (user files), then lookups. */
#include "chipaudit/identify.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ca_kb *kb = NULL;
	if (ca_kb_new(&kb) < 0)
		return 0;
	char *err = NULL;
	if (ca_kb_load_buffer(kb, "fuzz.ini", (const char *)data, size, &err) == 0) {
		char *report = NULL;
		ca_kb_validate(kb, &report);
		free(report);
		ca_maker_answer r[CA_IDENTIFY_MAX_READINGS];
		ca_role roles[CA_IDENTIFY_MAX_READINGS];
		ca_part_info part;
		ca_identify_text(kb, "CT16G4SFRA32A", "2026-01-01", r, roles, &part);
		ca_identify_text(kb, "859B0000802C", "2026-01-01", r, roles, &part);
	}
	free(err);
	ca_kb_free(kb);
	return 0;
}
