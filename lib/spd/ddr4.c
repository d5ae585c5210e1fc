/* SPDX-License-Identifier: MIT */
/*
 * DDR4 and LPDDR4/4X SPD (JEDEC Standard 21-C, 4.1.2.L-4 and its LPDDR4
 * annex): 512 bytes, of which 0-383 are used.
 *   0-125 base configuration, CRC of 0-125 at 126-127
 *   2      key byte: 0x0C DDR4, 0x0E DDR4E, 0x10 LPDDR4, 0x11 LPDDR4X
 *   3      module type (bits 3:0; 0x0E: soldered, non-DIMM)
 *   4      bits 3:0 SDRAM density per die
 *   6      package: bit 7 non-monolithic, bits 6:4 dies - 1, bits 1:0 signal
 *          loading (2: 3DS)
 *   12     module organization: bits 5:3 package ranks - 1, bits 2:0 device
 *          width 4 << n
 *   13     bus width: bits 2:0 primary width 8 << n
 *   18     tCKmin in MTB (0.125 ns), 125 fine correction (signed, ps)
 *   128-253 module-specific part, CRC at 254-255; RDIMM/LRDIMM register
 *          maker at 133-134
 *   320-321 module maker, 322 location, 323-324 date, 325-328 serial,
 *   329-348 part number, 349 revision, 350-351 DRAM maker, 352 DRAM stepping
 */
#include "spd/spd.h"

#include <stdio.h>

/* SDRAM density per die in Mbit (byte 4 bits 3:0), 0 when reserved. */
unsigned cai_spd_ddr4_density_mbit(uint8_t code)
{
	static const unsigned mbit[16] = {256, 512, 1024, 2048, 4096, 8192, 16384, 32768,
					  12288, 24576, 3072, 6144, 18432, 0, 0, 0};
	return mbit[code & 0x0F];
}

static void decode(ca_host *h, const uint8_t *b, size_t len, spd_info *s)
{
	const char *type = b[2] == 0x0C ? "DDR4" : b[2] == 0x0E ? "DDR4E" : b[2] == 0x10 ? "LPDDR4" : "LPDDR4X";
	snprintf(s->type, sizeof(s->type), "%s", type);
	uint8_t mt = b[3] & 0x0F;
	static const char *const names[16] = {
		"extended", "RDIMM", "UDIMM", "SO-DIMM", "LRDIMM", "Mini-RDIMM", "Mini-UDIMM",
		"reserved", "72b-SO-RDIMM", "72b-SO-UDIMM", "reserved", "reserved",
		"16b-SO-DIMM", "32b-SO-DIMM", "soldered (non-DIMM)", "reserved",
	};
	snprintf(s->module_type, sizeof(s->module_type), "%s", names[mt]);
	s->form_factor = mt == 0x0E || b[2] >= 0x10 ? "Row Of Chips"
			 : mt == 3 || mt == 8 || mt == 9 || mt == 12 || mt == 13 ? "SODIMM"
			 : mt == 1 || mt == 2 || mt == 4 || mt == 5 || mt == 6 ? "DIMM"
									      : NULL;
	unsigned dies = (b[6] & 0x80) ? ((b[6] >> 4) & 7) + 1 : 1;
	/* logical ranks: a 3DS package's dies are ranks (an LPDDR4 package's
	 * dies are on its channels, which the bus width already counts: the
	 * Nanya NT6AP512T32BV, 512M x32, is 8 Gb x 32/16 = 2 GB, as decode-dimms
	 * says) */
	cai_spd_geometry(h, b, 12, 13, cai_spd_ddr4_density_mbit(b[4]), (b[6] & 3) == 2 ? dies : 1, s);
	s->speed_mts = cai_spd_speed(cai_spd_ddr4_tck_ps(b));
	if (mt == 1 || mt == 4 || mt == 5 || mt == 8)
		cai_spd_maker(h, b, len, 133, SPD_REGISTER, s);
	cai_spd_ddr4_common(h, b, len, s);
}

unsigned cai_spd_ddr4_tck_ps(const uint8_t *b)
{
	if ((b[17] & 0x0F) != 0) /* not MTB 125 ps, FTB 1 ps */
		return 0;
	long tck = 125L * b[18] + (int8_t)b[125];
	return tck > 0 ? (unsigned)tck : 0;
}

void cai_spd_ddr4_common(ca_host *h, const uint8_t *b, size_t len, spd_info *s)
{
	cai_spd_check_crc(h, b, len, 0, 125, 126, s);
	cai_spd_check_crc(h, b, len, 128, 253, 254, s);
	static const spd_mfg_map map = {.module = 320, .location = 322, .date = 323, .serial = 325,
					.part = 329, .part_len = 20, .dram = 350, .stepping = 352};
	cai_spd_mfg_section(h, b, len, &map, s);
}

const spd_layout cai_spd_ddr4 = {"DDR4", 384, 512, decode};
