/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: an order list (CSV/TSV/XLSX through the purchase-list
 * readers, order headers), each line screened. */
#include "chipaudit/export.h"

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
	for (size_t i = 0; o && i < ca_export_orders_count(o) && i < 64; i++) {
		ca_order_line l = *ca_export_orders_line(o, i);
		if (!l.ship_date)
			l.ship_date = "2026-01-01";
		ca_screen_result r;
		ca_export_screen(reg, lists, &l, &r);
	}
	ca_export_orders_free(o);
	return 0;
}
