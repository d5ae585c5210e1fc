/* SPDX-License-Identifier: MIT */
/*
 * DDR5 SPD (JESD400-5): 1024 bytes in 16 blocks of 64.
 *   0      bits 6:4 bytes total (1: 256 ... 4: 2048)
 *   2      key byte 0x12
 *   3      module type (bits 3:0): 1 RDIMM, 2 UDIMM, 3 SODIMM, 4 LRDIMM,
 *          5 CUDIMM, 6 CSODIMM, 7 MRDIMM, 8 CAMM2, 10 DDIMM, 11 solder-down
 *   4      first SDRAM: bits 7:5 dies per package, bits 4:0 density per die
 *   6      first SDRAM I/O width: bits 7:5 (x4 << n)
 *   20-21  tCKAVGmin in ps
 *   194-195 SPD hub maker, 196 its device type (bit 7: present)
 *   198-199, 202-203, 206-207 PMIC0/1/2 makers, 200/204/208 device types
 *   234    module organization: bits 5:3 package ranks per channel - 1
 *   235    channel bus width: bits 7:5 sub-channels - 1, bits 2:0 primary
 *          width per sub-channel 8 << n
 *   240-241 RCD maker (RDIMM, LRDIMM, MRDIMM), 244-245 data buffer maker
 *   510-511 CRC of bytes 0-509
 *   512-513 module maker, 514 location, 515-516 date, 517-520 serial,
 *   521-550 part number, 551 revision, 552-553 DRAM maker, 554 DRAM stepping
 */
#include "spd/spd.h"

#include <stdio.h>

static void device_maker(ca_host *h, const uint8_t *b, size_t len, size_t off, spd_maker_role role,
			 spd_info *s)
{
	/* the device type byte after the id says whether the part is there */
	if (off + 2 < len && (b[off + 2] & 0x80))
		cai_spd_maker(h, b, len, off, role, s);
}

static void decode(ca_host *h, const uint8_t *b, size_t len, spd_info *s)
{
	snprintf(s->type, sizeof(s->type), "DDR5");
	uint8_t mt = b[3] & 0x0F;
	static const char *const names[16] = {
		"reserved", "RDIMM", "UDIMM", "SODIMM", "LRDIMM", "CUDIMM", "CSODIMM", "MRDIMM",
		"CAMM2", "reserved", "DDIMM", "solder-down", "reserved", "reserved", "reserved",
		"reserved",
	};
	snprintf(s->module_type, sizeof(s->module_type), "%s", names[mt]);
	s->form_factor = mt == 3 || mt == 6 ? "SODIMM"
			 : mt == 1 || mt == 2 || mt == 4 || mt == 5 || mt == 7 || mt == 10 ? "DIMM"
			 : mt == 11 ? "Row Of Chips"
				    : NULL;
	static const unsigned gbit[16] = {0, 4, 8, 12, 16, 24, 32, 48, 64, 0, 0, 0, 0, 0, 0, 0};
	static const unsigned dies_of[8] = {1, 2, 2, 4, 8, 16, 0, 0};
	unsigned die_gbit = (b[4] & 0x1F) < 16 ? gbit[b[4] & 0x1F] : 0;
	unsigned dies = dies_of[b[4] >> 5];
	unsigned width = (b[6] >> 5) <= 3 ? 4u << (b[6] >> 5) : 0;
	unsigned ranks = 0, subch = 0, bus = 0;
	if (len > 235) {
		ranks = ((b[234] >> 3) & 7) + 1;
		subch = ((b[235] >> 5) & 3) + 1;
		bus = (b[235] & 7) <= 3 ? 8u << (b[235] & 7) : 0;
	}
	s->ranks = ranks;
	s->device_width = width;
	s->bus_width = bus * subch;
	if (die_gbit && dies && width && bus && ranks)
		s->size_bytes = (uint64_t)subch * (bus / width) * dies * die_gbit * ranks << 27;
	else
		cai_host_diag(h, CA_DIAG_NOTE, "spd.size-unknown", 4, 0, -1,
			      "SPD bytes 4, 6, 234 and 235 use reserved codes: the module's size is not "
			      "known");
	unsigned tck = (unsigned)(b[20] | b[21] << 8);
	s->speed_mts = cai_spd_speed(tck);
	cai_spd_check_crc(h, b, len, 0, 509, 510, s);
	device_maker(h, b, len, 194, SPD_HUB, s);
	device_maker(h, b, len, 198, SPD_PMIC0, s);
	device_maker(h, b, len, 202, SPD_PMIC1, s);
	device_maker(h, b, len, 206, SPD_PMIC2, s);
	if (mt == 1 || mt == 4 || mt == 7) {
		cai_spd_maker(h, b, len, 240, SPD_REGISTER, s);
		if (mt != 1)
			cai_spd_maker(h, b, len, 244, SPD_DATA_BUFFER, s);
	}
	static const spd_mfg_map map = {.module = 512, .location = 514, .date = 515, .serial = 517,
					.part = 521, .part_len = 30, .dram = 552, .stepping = 554};
	cai_spd_mfg_section(h, b, len, &map, s);
}

const spd_layout cai_spd_ddr5 = {"DDR5", 640, 1024, decode};
