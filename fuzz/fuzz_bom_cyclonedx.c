/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: lists as CycloneDX JSON (chipaudit bom): the reader
 * (jansson, nested components, properties, alternate-of), the table layer,
 * the assessment and every sink. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_assess_as(data, size, true);
	return 0;
}
