/* SPDX-License-Identifier: MIT */
/*
 * Serial Presence Detect: the EEPROM on every memory module (and the image
 * firmware keeps for soldered memory). One decoder per JEDEC layout:
 *
 *   ddr3.c    DDR3 / DDR3L / LPDDR3 (JEDEC 21-C 4.1.2.11, 256 bytes)
 *   ddr4.c    DDR4 and LPDDR4/4X (JEDEC 21-C 4.1.2.L-4/L-5, 512 bytes)
 *   ddr5.c    DDR5 (JESD400-5, 1024 bytes)
 *   lpddr5.c  LPDDR5/5X (the LPDDR 512-byte layout of 21-C, as LPDDR4)
 *
 * spd.c holds what they share: the key byte dispatch, CRC-16, JEP106 ids
 * with their parity check, dates, part numbers, and the record a decoded
 * image becomes (a Memory Device, as SMBIOS type 17 names its fields).
 */
#ifndef CA_SPD_SPD_H
#define CA_SPD_SPD_H

#include "host_internal.h"

/* Roles of the JEP106 ids an SPD image can carry. */
typedef enum spd_maker_role {
	SPD_MODULE = 0,
	SPD_DRAM,
	SPD_REGISTER,    /* register / RCD */
	SPD_PMIC0,
	SPD_PMIC1,
	SPD_PMIC2,
	SPD_HUB,         /* SPD hub (DDR5) */
	SPD_DATA_BUFFER, /* LRDIMM data buffer */
	SPD_MAKER_ROLES,
} spd_maker_role;

typedef struct spd_maker {
	bool written;    /* the two bytes are not both 0x00 or 0xFF */
	bool valid;      /* parity right and the id assigned */
	uint16_t offset; /* of the continuation-count byte */
	uint8_t cont, code;
	ca_jep106_id id; /* when valid */
} spd_maker;

typedef struct spd_crc {
	uint16_t first, last; /* bytes covered */
	uint16_t at;          /* offset of the stored CRC (LSB first) */
	uint16_t stored, computed;
	bool ok;
} spd_crc;

#define SPD_MAX_LINES 40

/* A decoded image. Text fields are "" when absent. */
typedef struct spd_info {
	const char *layout;    /* "DDR3", "DDR4", "DDR5", "LPDDR5" */
	uint8_t key;           /* byte 2 */
	char type[12];         /* "DDR4", "LPDDR4X", ... */
	char module_type[32];  /* "SO-DIMM", "RDIMM", "soldered", ... */
	const char *form_factor; /* SMBIOS spelling: "DIMM", "SODIMM", "Row Of Chips", or NULL */
	uint64_t size_bytes;   /* 0 when not computable */
	unsigned ranks, device_width, bus_width, speed_mts;
	spd_maker maker[SPD_MAKER_ROLES];
	char part[40];
	char serial[12];       /* 8 hex digits */
	char date[12];         /* "2019-W10" */
	uint16_t year;         /* 0 when not written */
	uint8_t week;
	int location;          /* -1 when not written */
	int stepping;          /* -1 when not written or not in the layout */
	spd_crc crc[2];
	size_t n_crc;
	ca_spd_line lines[SPD_MAX_LINES]; /* every field read, with its bytes */
	size_t n_lines;
} spd_info;

typedef struct spd_layout {
	const char *name;
	size_t min_len;  /* the image must hold this many bytes to decode fully */
	size_t size;     /* the EEPROM size the layout is written for */
	/* Decodes buf (len >= 128) into *out; problems as diagnostics on h. */
	void (*decode)(ca_host *h, const uint8_t *buf, size_t len, spd_info *out);
} spd_layout;

/* The layout of key byte 2, or NULL when it names no layout decoded here. */
const spd_layout *cai_spd_layout(uint8_t key);

/* The JEDEC SPD CRC-16 (polynomial 0x1021, initial 0) of buf[0..n). */
uint16_t cai_spd_crc16(const uint8_t *buf, size_t n);

/* Checks the CRC of bytes first..last stored LSB first at `at`; adds it to
 * info and a warning diagnostic when it is bad. */
void cai_spd_check_crc(ca_host *h, const uint8_t *buf, size_t len, uint16_t first, uint16_t last,
		       uint16_t at, spd_info *info);

/* Reads the JEP106 id at buf[off] (continuation count with parity bit,
 * then the code) into info->maker[role]; a failed parity check or an
 * unassigned code leaves it invalid with a diagnostic. */
void cai_spd_maker(ca_host *h, const uint8_t *buf, size_t len, size_t off, spd_maker_role role,
		   spd_info *info);

/* Reads the manufacturing date (BCD year, week) at off, the serial (4
 * bytes) at serial_off, the part number (n bytes) at part_off, the
 * location byte at loc_off. */
void cai_spd_mfg(ca_host *h, const uint8_t *buf, size_t len, size_t loc_off, size_t date_off,
		 size_t serial_off, size_t part_off, size_t part_len, spd_info *info);

/* Notes a field read from bytes first..last for the explanation. */
void cai_spd_line(spd_info *info, unsigned first, unsigned last, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Ranks, device width and bus width from the organization byte (bits 5:3
 * ranks - 1, bits 2:0 width 4 << n) at org_off and the bus-width byte
 * (bits 2:0, 8 << n) at bus_off, and the size: die_mbit per die, times
 * dies_per_rank for each rank. A reserved code leaves the size unknown
 * with a note. */
void cai_spd_geometry(ca_host *h, const uint8_t *b, unsigned org_off, unsigned bus_off,
		      unsigned die_mbit, unsigned dies_per_rank, spd_info *s);

/* Where a layout keeps its manufacturing section (offsets of the first
 * byte; stepping 0: none). */
typedef struct spd_mfg_map {
	uint16_t module, location, date, serial, part, part_len, dram, stepping;
} spd_mfg_map;

/* Reads the makers of module and DRAM, location, date, serial, part number
 * and DRAM stepping at the offsets of map. */
void cai_spd_mfg_section(ca_host *h, const uint8_t *b, size_t len, const spd_mfg_map *map, spd_info *s);

/* What DDR4 and the LPDDR 512-byte layouts share: CRCs of 0-125 and
 * 128-253, module maker at 320, location, date, serial, part number at
 * 329, DRAM maker at 350, DRAM stepping at 352; tCKmin from bytes 17, 18
 * and 125, in ps (0 when the timebases are not the standard ones). */
void cai_spd_ddr4_common(ca_host *h, const uint8_t *b, size_t len, spd_info *s);
unsigned cai_spd_ddr4_tck_ps(const uint8_t *b);

/* MT/s of a cycle time in picoseconds, on the JEDEC speed grid. */
unsigned cai_spd_speed(unsigned tck_ps);

/* Decodes an SPD image into info (diagnostics on h). Returns 0 when a
 * layout decoded it (whatever its CRC says), -EBADMSG when the image is
 * blank, too short, or of a type no layout here reads. */
int cai_spd_decode(ca_host *h, const uint8_t *buf, size_t len, spd_info *info);

/* True when buf looks like an SPD image: a known key byte and a byte 0
 * that fits it, or a blank EEPROM of an SPD size. Never allocates. */
bool cai_spd_plausible(const uint8_t *buf, size_t len);

/* Adds the Memory Device record of a decoded image to h. locator may be
 * NULL; handle numbers the record. Returns 0 or -ENOMEM / -E2BIG. */
int cai_spd_add_record(ca_host *h, const spd_info *info, const char *locator, uint16_t handle);

/* Decodes buf and adds its record: what every SPD source does once it has
 * the bytes. Returns 0, -EBADMSG or -ENOMEM. */
int cai_spd_read_image(ca_host *h, const uint8_t *buf, size_t len, const char *locator,
		       uint16_t handle);

/* SDRAM density per die in Mbit of the DDR4/LPDDR byte 4 code (bits 3:0),
 * 0 when reserved. */
unsigned cai_spd_ddr4_density_mbit(uint8_t code);

/* Parses SPD hex text (spd_hex.c) into a malloc'd *ret_bytes. Returns 0,
 * -EMEDIUMTYPE when buf is no SPD hex text, -EBADMSG with a diagnostic
 * when it is unreadable, or -ENOMEM. */
int cai_spd_hex_bytes(ca_host *h, const uint8_t *buf, size_t len, uint8_t **ret_bytes, size_t *ret_len);

/* The four layouts. */
extern const spd_layout cai_spd_ddr3, cai_spd_ddr4, cai_spd_ddr5, cai_spd_lpddr5;

#endif
