/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: lspci machine through detection, its reader, the whole assessment and every writer. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_assess_and_render(data, size);
	return 0;
}
