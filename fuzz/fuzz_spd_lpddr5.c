/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the LPDDR5 SPD decoder (key byte 0x13), then the whole
 * assessment and every writer. */
#include "fuzz_spd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_spd_layout(data, size, 0x13);
	return 0;
}
