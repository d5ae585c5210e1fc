/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: binary SMBIOS (dump-bin, RSMB, raw table), then the whole
 * assessment and both writers. */
#include "fuzz_common.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ca_host *h = ca_host_new();
	if (!h)
		return 0;
	(void)ca_smbios_read_dump(h, data, size);
	ca_host_free(h);
	fuzz_assess_and_render(data, size);
	return 0;
}
