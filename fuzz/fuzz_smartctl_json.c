/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: smartctl -j JSON output, its device resolved, then the whole assessment and every writer. */
#include "fuzz_common.h"
#include "host_internal.h"
#include "source/sources.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ca_kb *kb;
	if (!kb && ca_kb_new(&kb) < 0)
		abort();
	ca_host *h = ca_host_new();
	if (!h)
		return 0;
	(void)cai_smartctl_json_sniff(data, size);
	(void)cai_smartctl_json_read(h, data, size);
	for (size_t i = 0; i < ca_host_device_count(h); i++) {
		ca_device_makers m;
		(void)ca_identify_device(kb, ca_host_device(h, i), "2028-01-01", 0, &m);
	}
	ca_host_free(h);
	fuzz_assess_and_render(data, size);
	return 0;
}
