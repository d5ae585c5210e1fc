/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: smartctl -j JSON output, its device resolved, then the whole assessment and every writer. */
#include "fuzz_device.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_device_reader(data, size, cai_smartctl_json_sniff, cai_smartctl_json_read);
	return 0;
}
