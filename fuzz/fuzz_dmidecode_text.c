/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: dmidecode text + typed views + JSON rendering. */
#include "chipaudit/report.h"

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
	free(ca_report_host_json(h, NULL));
	ca_host_free(h);
	return 0;
}
