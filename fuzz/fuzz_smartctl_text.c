/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: smartctl -x text output, its device resolved, then the whole assessment and every writer. */
#include "fuzz_device.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_device_reader(data, size, cai_smartctl_text_sniff, cai_smartctl_text_read);
	return 0;
}
