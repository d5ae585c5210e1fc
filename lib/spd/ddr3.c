/* SPDX-License-Identifier: MIT */
/*
 * DDR3 and LPDDR3 SPD (JEDEC Standard 21-C, 4.1.2.11, Annex K): 256 bytes.
 *   0      bit 7: CRC covers bytes 0-116 (1) or 0-125 (0); CRC at 126-127
 *   2      key byte: 0x0B DDR3, 0x0F LPDDR3
 *   3      module type (bits 3:0)
 *   4      bits 3:0: SDRAM capacity per die, 256 Mb << n
 *   7      module organization: bits 5:3 ranks - 1, bits 2:0 device width 4 << n
 *   8      bus width: bits 2:0 primary width 8 << n
 *   10/11  medium timebase dividend/divisor (ns); 12 tCKmin in MTB; 34 fine
 *          correction (signed, ps, fine timebase of byte 9)
 *   117-118 module maker, 119 location, 120-121 date (BCD year, week),
 *   122-125 serial, 128-145 part number, 146-147 revision, 148-149 DRAM maker
 */
#include "spd/spd.h"

#include <stdio.h>

static const char *module_type(uint8_t t, const char **form)
{
	static const char *const names[16] = {
		"undefined", "RDIMM", "UDIMM", "SO-DIMM", "Micro-DIMM", "Mini-RDIMM", "Mini-UDIMM",
		"Mini-CDIMM", "72b-SO-UDIMM", "72b-SO-RDIMM", "72b-SO-CDIMM", "LRDIMM",
		"16b-SO-DIMM", "32b-SO-DIMM", "reserved", "reserved",
	};
	t &= 0x0F;
	*form = t == 3 || (t >= 8 && t <= 10) || t == 12 || t == 13 ? "SODIMM"
		: t == 0 || t >= 14				      ? NULL
									      : "DIMM";
	return names[t];
}

static void decode(ca_host *h, const uint8_t *b, size_t len, spd_info *s)
{
	snprintf(s->type, sizeof(s->type), "%s", b[2] == 0x0F ? "LPDDR3" : "DDR3");
	snprintf(s->module_type, sizeof(s->module_type), "%s", module_type(b[3], &s->form_factor));
	if (b[2] == 0x0F)
		s->form_factor = "Row Of Chips";
	unsigned die_mbit = (b[4] & 0x0F) <= 6 ? 256u << (b[4] & 0x0F) : 0;
	cai_spd_geometry(h, b, 7, 8, die_mbit, 1, s);
	/* tCKmin = byte 12 MTB + byte 34 fine correction */
	if (b[11] && b[10]) {
		long mtb_fs = 1000000L * b[10] / b[11]; /* femtoseconds */
		long ftb_fs = (b[9] & 0x0F) ? 1000L * (b[9] >> 4) / (b[9] & 0x0F) : 0;
		long tck_fs = mtb_fs * b[12] + ftb_fs * (int8_t)b[34];
		if (tck_fs > 0)
			s->speed_mts = cai_spd_speed((unsigned)((tck_fs + 500) / 1000));
	}
	unsigned crc_last = b[0] & 0x80 ? 116 : 125;
	cai_spd_check_crc(h, b, len, 0, (uint16_t)crc_last, 126, s);
	static const spd_mfg_map map = {.module = 117, .location = 119, .date = 120, .serial = 122,
					.part = 128, .part_len = 18, .dram = 148};
	cai_spd_mfg_section(h, b, len, &map, s);
}

const spd_layout cai_spd_ddr3 = {"DDR3", 176, 256, decode};
