/* SPDX-License-Identifier: MIT */
/*
 * LPDDR5 and LPDDR5X SPD (JEDEC Standard 21-C, the LPDDR 512-byte layout
 * shared with LPDDR4): soldered memory whose image firmware keeps.
 *   0-125 base configuration, CRC of 0-125 at 126-127
 *   2      key byte: 0x13 LPDDR5, 0x15 LPDDR5X
 *   4      bits 3:0 SDRAM density per die (the DDR4/LPDDR4 codes)
 *   6      package: bit 7 non-monolithic, bits 6:4 dies - 1
 *   12     organization: bits 5:3 ranks - 1, bits 2:0 device width 4 << n
 *   13     bus width: bits 2:0 8 << n
 *   18     tCKmin in MTB (0.125 ns), 125 fine correction: LPDDR5 moves
 *          eight transfers per CK cycle (WCK at 4 x CK, both edges)
 *   128-253 CRC at 254-255
 *   320-321 module maker, 322 location, 323-324 date, 325-328 serial,
 *   329-348 part number, 349 revision, 350-351 DRAM maker, 352 stepping
 */
#include "spd/spd.h"

#include <stdio.h>

static void decode(ca_host *h, const uint8_t *b, size_t len, spd_info *s)
{
	snprintf(s->type, sizeof(s->type), "%s", b[2] == 0x15 ? "LPDDR5X" : "LPDDR5");
	snprintf(s->module_type, sizeof(s->module_type), "%s",
		 (b[3] & 0x0F) == 0x0E ? "soldered (non-DIMM)" : "LPDDR module");
	s->form_factor = "Row Of Chips";
	unsigned dies = (b[6] & 0x80) ? ((b[6] >> 4) & 7) + 1 : 1;
	cai_spd_geometry(h, b, 12, 13, cai_spd_ddr4_density_mbit(b[4]), dies, s);
	/* eight transfers per CK cycle: MT/s of a quarter of tCK at two per cycle */
	s->speed_mts = cai_spd_speed(cai_spd_ddr4_tck_ps(b) / 4);
	cai_spd_ddr4_common(h, b, len, s);
}

const spd_layout cai_spd_lpddr5 = {"LPDDR5", 384, 512, decode};
