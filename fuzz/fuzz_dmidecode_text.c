/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: dmidecode text, typed views, then the whole assessment and both writers. */
#include "fuzz_common.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ca_host *h = ca_host_new();
	if (!h)
		return 0;
	(void)ca_dmidecode_text_read(h, (const char *)data, size);
	for (size_t i = 0; i < ca_host_record_count(h); i++) {
		ca_memory_device m;
		(void)ca_memory_device_from_record(ca_host_record(h, i), &m);
	}
	ca_host_free(h);
	fuzz_assess_and_render(data, size);
	return 0;
}
