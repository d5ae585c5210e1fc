/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: binary SMBIOS (dump-bin, RSMB, raw table) + JSON rendering. */
#include "chipaudit/report.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ca_host *h = ca_host_new();
	if (!h)
		return 0;
	(void)ca_smbios_read_dump(h, data, size);
	free(ca_report_host_json(h, NULL));
	ca_host_free(h);
	return 0;
}
