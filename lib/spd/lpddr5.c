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
	unsigned die_mbit = cai_spd_ddr4_density_mbit(b[4]);
	unsigned dies = (b[6] & 0x80) ? ((b[6] >> 4) & 7) + 1 : 1;
	unsigned ranks = ((b[12] >> 3) & 7) + 1;
	unsigned width = (b[12] & 7) <= 3 ? 4u << (b[12] & 7) : 0;
	unsigned bus = (b[13] & 7) <= 3 ? 8u << (b[13] & 7) : 0;
	s->ranks = ranks;
	s->device_width = width;
	s->bus_width = bus;
	if (die_mbit && width && bus)
		s->size_bytes = (uint64_t)die_mbit / 8 * (bus / width) * ranks * dies << 20;
	else
		cai_host_diag(h, CA_DIAG_NOTE, "spd.size-unknown", 4, 0, -1,
			      "SPD bytes 4, 12 and 13 (0x%02X 0x%02X 0x%02X) use reserved codes: the "
			      "size is not known",
			      b[4], b[12], b[13]);
	if ((b[17] & 0x0F) == 0) {
		long tck = 125L * b[18] + (int8_t)b[125];
		if (tck >= 4)
			s->speed_mts = cai_spd_speed((unsigned)(tck / 4));
	}
	cai_spd_check_crc(h, b, len, 0, 125, 126, s);
	cai_spd_check_crc(h, b, len, 128, 253, 254, s);
	cai_spd_maker(h, b, len, 320, SPD_MODULE, s);
	cai_spd_maker(h, b, len, 350, SPD_DRAM, s);
	cai_spd_mfg(h, b, len, 322, 323, 325, 329, 20, s);
	if (len > 352 && b[352] != 0x00 && b[352] != 0xFF)
		s->stepping = b[352];
}

const spd_layout cai_spd_lpddr5 = {"LPDDR5", 384, 512, decode};
