/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the DDR4 and LPDDR4 SPD decoder (key byte 0x0C), then the whole
 * assessment and every writer. */
#include "fuzz_spd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_spd_layout(data, size, 0x0C);
	return 0;
}
