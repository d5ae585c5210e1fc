/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: an order list (CSV/TSV/XLSX through the purchase-list
 * readers, order headers), each line screened, the list written in every
 * report format. */
#include "fuzz_common.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ca_export_lists *lists;
	static ca_export_regimes *reg;
	if ((!lists && ca_export_lists_builtin(&lists) < 0) || (!reg && ca_export_regimes_builtin(&reg) < 0))
		abort();
	ca_export_orders *o = NULL;
	ca_export_orders_read("fuzz.csv", data, size, NULL, &o);
	static ca_order_line lines[64];
	static ca_screen_result res[64];
	size_t n = 0;
	for (size_t i = 0; o && i < ca_export_orders_count(o) && i < 64; i++, n++) {
		lines[i] = *ca_export_orders_line(o, i);
		if (!lines[i].ship_date)
			lines[i].ship_date = "2026-01-01";
		ca_export_screen(reg, lists, &lines[i], &res[i]);
	}
	fuzz_screened_render(o, lines, res, n);
	ca_export_orders_free(o);
	return 0;
}
