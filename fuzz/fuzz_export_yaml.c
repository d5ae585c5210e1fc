/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: the export regime loader (data/export/regimes.yaml
 * format); a document that loads screens order lines of the export cases on
 * dates either side of the records' dates, written in every report format.
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ca_export_lists *lists;
	if (!lists && ca_export_lists_builtin(&lists) < 0)
		abort();
	ca_export_regimes *r = NULL;
	char *err = NULL;
	if (ca_export_regimes_parse("fuzz.yaml", (const char *)data, size, &r, &err) != 0) {
		free(err);
		return 0;
	}
	static const char *const dates[] = {"2019-01-01", "2024-09-06", "2024-09-07", "2025-12-31", "2099-01-01"};
	ca_order_line lines[] = {
		{.ship_from = "US", .eccn = "3B001.c", .destination = "CN", .end_user = "SMIC Beijing",
		 .fab_production = CA_YES},
		{.ship_from = "NL", .model = "TWINSCAN NXT:1980i", .destination = "MO",
		 .end_user = "Samsung China Semiconductor Co. Ltd"},
		{.ship_from = "SG", .eccn = "3A090.a", .model = "H200", .destination = "HK", .end_user = "华为"},
	};
	ca_screen_result res[3];
	for (size_t d = 0; d < 5; d++) {
		for (size_t i = 0; i < 3; i++) {
			lines[i].ship_date = dates[d];
			ca_export_screen(r, lists, &lines[i], &res[i]);
		}
		fuzz_screened_render(NULL, lines, res, 3);
	}
	ca_export_regimes_free(r);
	return 0;
}
