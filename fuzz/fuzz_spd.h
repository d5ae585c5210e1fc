/* SPDX-License-Identifier: MIT */
/* What the SPD harnesses share: the input with its key byte set to the
 * layout under test (so every input reaches that decoder), decoded into a
 * record, then assessed and rendered as evidence. */
#ifndef CA_FUZZ_SPD_H
#define CA_FUZZ_SPD_H

#include "fuzz_common.h"
#include "spd/spd.h"

#include <string.h>

static inline void fuzz_spd_layout(const uint8_t *data, size_t size, uint8_t key)
{
	uint8_t *b = malloc(size ? size : 1); /* exact size: ASan sees any overread */
	if (!b)
		return;
	memcpy(b, data, size);
	if (size > 2)
		b[2] = key;
	ca_host *h = ca_host_new();
	if (h) {
		spd_info *info = malloc(sizeof(*info));
		if (info && cai_spd_decode(h, b, size, info) == 0)
			(void)cai_spd_add_record(h, info, "fuzz", 0);
		free(info);
		ca_host_free(h);
	}
	fuzz_assess_and_render(b, size);
	free(b);
}

#endif
