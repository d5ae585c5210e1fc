/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: SPD images as text (hexdump -C, xxd, i2cdump, bare
 * hex) and their explanation, then the whole assessment and every writer. */
#include "fuzz_common.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ca_host *h = ca_host_new();
	if (!h)
		return 0;
	ca_spd_line lines[64];
	const char *layout;
	(void)ca_spd_explain(h, data, size, lines, 64, &layout);
	ca_host_free(h);
	fuzz_assess_and_render(data, size);
	return 0;
}
