/* SPDX-License-Identifier: MIT */
/* What the device-report harnesses share: the input sniffed and read by
 * one reader, every device it yields resolved, then the input assessed and
 * rendered as evidence. */
#ifndef CA_FUZZ_DEVICE_H
#define CA_FUZZ_DEVICE_H

#include "fuzz_common.h"
#include "host_internal.h"
#include "source/sources.h"

#include <stdlib.h>

static inline void fuzz_device_reader(const uint8_t *data, size_t size,
				      bool (*sniff)(const uint8_t *, size_t),
				      int (*read)(ca_host *, const uint8_t *, size_t))
{
	static ca_kb *kb;
	if (!kb && ca_kb_new(&kb) < 0)
		abort();
	ca_host *h = ca_host_new();
	if (!h)
		return;
	(void)sniff(data, size);
	(void)read(h, data, size);
	for (size_t i = 0; i < ca_host_device_count(h); i++) {
		ca_device_makers m;
		(void)ca_identify_device(kb, ca_host_device(h, i), "2028-01-01", 0, &m);
	}
	ca_host_free(h);
	fuzz_assess_and_render(data, size);
}

#endif
