/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: lists as CSV/TSV (chipaudit bom): the text layer
 * (UTF-8, UTF-16, GB18030), the table layer, the assessment and every sink. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_assess_as(data, size, true);
	return 0;
}
