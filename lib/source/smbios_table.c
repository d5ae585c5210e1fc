/* SPDX-License-Identifier: MIT */
/*
 * SMBIOS structure table walk and decoding (DMTF DSP0134, SMBIOS 3.7).
 *
 * Every read of the formatted area is gated on the structure's declared
 * length, the way dmidecode does it; multi-byte values are read byte by
 * byte (little-endian, unaligned-safe). Values are written in the spelling
 * dmidecode 3.6 prints, so decoded binary and parsed text compare equal.
 */
#include "smbios_table.h"

#include "smbios_names.h"
#include "util/cursor.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SMBIOS_END_OF_TABLE 127

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)rd16(p) | ((uint32_t)rd16(p + 2) << 16); }
static uint64_t rd64(const uint8_t *p) { return (uint64_t)rd32(p) | ((uint64_t)rd32(p + 4) << 32); }

/* One structure being decoded. */
typedef struct sview {
	ca_host *h;
	const uint8_t *d;       /* formatted area, d[0] is the type */
	uint8_t len;            /* declared formatted length */
	const uint8_t *strings; /* unformatted area */
	size_t strings_len;     /* bytes available in the unformatted area */
	uint16_t ver;
	uint16_t handle;
	int64_t offset;
	int err;                /* first -ENOMEM / -E2BIG while adding fields */
	bool cpuid_flags;       /* type 4: the ID field holds x86 CPUID EAX/EDX */
} sview;

static void keep_err(sview *s, int r)
{
	if (r < 0 && s->err == 0)
		s->err = r;
}

static void add_fmt_check(sview *s, int r) { keep_err(s, r); }

#define ADDF(s, name, ...) add_fmt_check((s), cai_host_field_addf((s)->h, (name), __VA_ARGS__))

static void add_item(sview *s, const char *item)
{
	keep_err(s, cai_host_item_addn(s->h, item, strlen(item)));
}

/* Adds string number idx of the structure (DSP0134 §6.1.3), filtered to
 * printable ASCII as dmidecode prints it, and trimmed. */
static void add_string(sview *s, const char *name, uint8_t idx)
{
	if (idx == 0) {
		ADDF(s, name, "%s", "Not Specified");
		return;
	}
	size_t pos = 0;
	for (uint8_t i = 1; i < idx; i++) {
		const uint8_t *nul = memchr(s->strings + pos, 0, s->strings_len - pos);
		if (!nul || nul == s->strings + pos) {
			pos = s->strings_len;
			break;
		}
		pos = (size_t)(nul - s->strings) + 1;
	}
	const uint8_t *start = s->strings + pos;
	size_t avail = s->strings_len - pos;
	const uint8_t *nul = avail ? memchr(start, 0, avail) : NULL;
	if (!avail || start[0] == 0) {
		cai_host_diag(s->h, CA_DIAG_WARNING, "smbios.bad-string-index", s->offset, 0, s->handle,
			  "structure type %u handle 0x%04X: %s refers to string %u, which does not exist",
			  s->d[0], s->handle, name, idx);
		ADDF(s, name, "%s", "<BAD INDEX>");
		return;
	}
	size_t n = nul ? (size_t)(nul - start) : avail;
	if (n > CA_MAX_VALUE_BYTES) {
		cai_host_diag(s->h, CA_DIAG_WARNING, "smbios.string-too-long", s->offset, 0, s->handle,
			      "structure type %u handle 0x%04X: %s is a string of %zu bytes: kept its first %u",
			      s->d[0], s->handle, name, n, CA_MAX_VALUE_BYTES);
		n = CA_MAX_VALUE_BYTES;
	}
	char stack[1024]; /* a string up to CA_MAX_VALUE_BYTES is kept whole */
	char *buf = n <= sizeof(stack) ? stack : malloc(n);
	if (!buf) {
		keep_err(s, -ENOMEM);
		return;
	}
	for (size_t i = 0; i < n; i++)
		buf[i] = (start[i] < 32 || start[i] >= 127) ? '.' : (char)start[i];
	const char *p = buf;
	ca_trim_blanks(&p, &n);
	keep_err(s, cai_host_field_addn(s->h, name, strlen(name), p, n));
	if (buf != stack)
		free(buf);
}

static void add_size(sview *s, const char *name, uint64_t bytes)
{
	char buf[48];
	ca_format_size(bytes, buf, sizeof(buf));
	ADDF(s, name, "%s", buf);
}

static void add_handle_or(sview *s, const char *name, uint16_t code)
{
	/* 7.17: error information handle */
	if (code == 0xFFFE)
		ADDF(s, name, "Not Provided");
	else if (code == 0xFFFF)
		ADDF(s, name, "No Error");
	else
		ADDF(s, name, "0x%04X", code);
}

static void add_jep106(sview *s, const char *name, uint16_t code)
{
	/* 7.18.8: LSB is the number of continuation codes (odd parity), MSB the code */
	if (code == 0)
		ADDF(s, name, "Unknown");
	else
		ADDF(s, name, "Bank %d, Hex 0x%02X", (code & 0x7F) + 1, code >> 8);
}

static void add_product_id(sview *s, const char *name, uint16_t code)
{
	if (code == 0)
		ADDF(s, name, "Unknown");
	else
		ADDF(s, name, "0x%04X", code);
}

static void add_bits_list(sview *s, const char *name, uint16_t code,
			  const char *(*bit_name)(unsigned), unsigned first, unsigned last)
{
	char list[256];
	size_t off = 0;
	list[0] = '\0';
	if ((code & 0xFFFE) == 0) {
		ADDF(s, name, "None");
		return;
	}
	for (unsigned i = first; i <= last; i++) {
		const char *b = (code & (1u << i)) ? bit_name(i) : NULL;
		if (!b)
			continue;
		int n = snprintf(list + off, sizeof(list) - off, off ? " %s" : "%s", b);
		if (n < 0 || (size_t)n >= sizeof(list) - off)
			break;
		off += (size_t)n;
	}
	ADDF(s, name, "%s", list);
}

static void add_voltage(sview *s, const char *name, uint16_t mv)
{
	if (mv == 0)
		ADDF(s, name, "Unknown");
	else if (mv % 100)
		ADDF(s, name, "%g V", (double)(float)mv / 1000);
	else
		ADDF(s, name, "%.1f V", (double)mv / 1000);
}

static void add_speed(sview *s, const char *name, uint16_t code, uint32_t extended)
{
	/* 7.18.4 / 7.18.14: 0xFFFF means "see the extended field" */
	if (code == 0xFFFF) {
		if (extended == 0)
			ADDF(s, name, "Unknown");
		else
			ADDF(s, name, "%u MT/s", extended & 0x7FFFFFFFu);
	} else if (code == 0) {
		ADDF(s, name, "Unknown");
	} else {
		ADDF(s, name, "%u MT/s", code);
	}
}

static void add_mhz(sview *s, const char *name, uint16_t code)
{
	if (code == 0)
		ADDF(s, name, "Unknown");
	else
		ADDF(s, name, "%u MHz", code);
}

static void add_uuid(sview *s, const uint8_t *p)
{
	/* 7.2.1: the first three fields are little-endian from SMBIOS 2.6 on */
	bool all_ff = true, all_00 = true;
	for (int i = 0; i < 16; i++) {
		all_ff &= p[i] == 0xFF;
		all_00 &= p[i] == 0x00;
	}
	if (all_ff) {
		ADDF(s, "UUID", "Not Present");
	} else if (all_00) {
		ADDF(s, "UUID", "Not Settable");
	} else if (s->ver >= 0x0206 || s->ver == 0) {
		ADDF(s, "UUID",
		     "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		     p[3], p[2], p[1], p[0], p[5], p[4], p[7], p[6], p[8], p[9], p[10], p[11],
		     p[12], p[13], p[14], p[15]);
	} else {
		ADDF(s, "UUID",
		     "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		     p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11],
		     p[12], p[13], p[14], p[15]);
	}
}

/* 7.1 Platform Firmware (BIOS) Information */
static void decode_bios(sview *s)
{
	const uint8_t *d = s->d;
	if (s->len < 0x12)
		return;
	add_string(s, "Vendor", d[0x04]);
	add_string(s, "Version", d[0x05]);
	add_string(s, "Release Date", d[0x08]);
	if (rd16(d + 0x06) != 0) {
		ADDF(s, "Address", "0x%04X0", rd16(d + 0x06));
		add_size(s, "Runtime Size", (uint64_t)(0x10000u - rd16(d + 0x06)) << 4);
	}
	if (d[0x09] != 0xFF) {
		add_size(s, "ROM Size", (uint64_t)(d[0x09] + 1) << 16);
	} else if (s->len >= 0x1A) {
		uint16_t ext = rd16(d + 0x18);
		static const char *const unit[4] = {"MB", "GB", SMBIOS_OUT_OF_SPEC, SMBIOS_OUT_OF_SPEC};
		ADDF(s, "ROM Size", "%u %s", ext & 0x3FFF, unit[ext >> 14]);
	} else {
		ADDF(s, "ROM Size", "16 MB"); /* 0xFF without the 3.1 extended field */
	}
	ADDF(s, "Characteristics", "%s", "");
	uint64_t ch = rd64(d + 0x0A);
	if (ch & (1ull << 3)) {
		add_item(s, cai_smbios_bios_characteristic_bit(3));
	} else {
		for (unsigned i = 4; i <= 31; i++)
			if (ch & (1ull << i))
				add_item(s, cai_smbios_bios_characteristic_bit(i));
	}
	if (s->len < 0x13)
		return;
	for (unsigned i = 0; i <= 7; i++)
		if (d[0x12] & (1u << i))
			add_item(s, cai_smbios_bios_characteristic_x1_bit(i));
	if (s->len < 0x14)
		return;
	for (unsigned i = 0; i <= 6; i++)
		if (d[0x13] & (1u << i))
			add_item(s, cai_smbios_bios_characteristic_x2_bit(i));
	if (s->len < 0x18)
		return;
	if (d[0x14] != 0xFF && d[0x15] != 0xFF)
		ADDF(s, "BIOS Revision", "%u.%u", d[0x14], d[0x15]);
	if (d[0x16] != 0xFF && d[0x17] != 0xFF)
		ADDF(s, "Firmware Revision", "%u.%u", d[0x16], d[0x17]);
}

/* Types 1 and 2 share their first four strings (7.2, 7.3). */
static void add_identity_strings(sview *s)
{
	add_string(s, "Manufacturer", s->d[0x04]);
	add_string(s, "Product Name", s->d[0x05]);
	add_string(s, "Version", s->d[0x06]);
	add_string(s, "Serial Number", s->d[0x07]);
}

/* 7.2 System Information */
static void decode_system(sview *s)
{
	const uint8_t *d = s->d;
	if (s->len < 0x08)
		return;
	add_identity_strings(s);
	if (s->len < 0x19)
		return;
	add_uuid(s, d + 0x08);
	ADDF(s, "Wake-up Type", "%s", cai_smbios_wake_up_type(d[0x18]));
	if (s->len < 0x1B)
		return;
	add_string(s, "SKU Number", d[0x19]);
	add_string(s, "Family", d[0x1A]);
}

/* 7.3 Baseboard Information */
static void decode_baseboard(sview *s)
{
	const uint8_t *d = s->d;
	if (s->len < 0x08)
		return;
	add_identity_strings(s);
	if (s->len < 0x09)
		return;
	add_string(s, "Asset Tag", d[0x08]);
	if (s->len < 0x0A)
		return;
	if ((d[0x09] & 0x1F) == 0) {
		ADDF(s, "Features", "None");
	} else {
		ADDF(s, "Features", "%s", "");
		for (unsigned i = 0; i <= 4; i++)
			if (d[0x09] & (1u << i))
				add_item(s, cai_smbios_board_feature_bit(i));
	}
	if (s->len < 0x0E)
		return;
	add_string(s, "Location In Chassis", d[0x0A]);
	ADDF(s, "Chassis Handle", "0x%04X", rd16(d + 0x0B));
	ADDF(s, "Type", "%s", cai_smbios_board_type(d[0x0D]));
	if (s->len < 0x0F || s->len < 0x0F + (size_t)d[0x0E] * 2)
		return;
	ADDF(s, "Contained Object Handles", "%u", d[0x0E]);
	for (unsigned i = 0; i < d[0x0E]; i++) {
		char item[8];
		snprintf(item, sizeof(item), "0x%04X", rd16(d + 0x0F + 2 * i));
		add_item(s, item);
	}
}

/* 7.4 System Enclosure or Chassis */
static void decode_chassis(sview *s)
{
	const uint8_t *d = s->d;
	if (s->len < 0x09)
		return;
	add_string(s, "Manufacturer", d[0x04]);
	ADDF(s, "Type", "%s", cai_smbios_chassis_type(d[0x05]));
	ADDF(s, "Lock", "%s", (d[0x05] & 0x80) ? "Present" : "Not Present");
	add_string(s, "Version", d[0x06]);
	add_string(s, "Serial Number", d[0x07]);
	add_string(s, "Asset Tag", d[0x08]);
	if (s->len < 0x0D)
		return;
	ADDF(s, "Boot-up State", "%s", cai_smbios_chassis_state(d[0x09]));
	ADDF(s, "Power Supply State", "%s", cai_smbios_chassis_state(d[0x0A]));
	ADDF(s, "Thermal State", "%s", cai_smbios_chassis_state(d[0x0B]));
	ADDF(s, "Security Status", "%s", cai_smbios_chassis_security(d[0x0C]));
	if (s->len < 0x11)
		return;
	ADDF(s, "OEM Information", "0x%08X", rd32(d + 0x0D));
	if (s->len < 0x13)
		return;
	if (d[0x11] == 0)
		ADDF(s, "Height", "Unspecified");
	else
		ADDF(s, "Height", "%u U", d[0x11]);
	if (d[0x12] == 0)
		ADDF(s, "Number Of Power Cords", "Unspecified");
	else
		ADDF(s, "Number Of Power Cords", "%u", d[0x12]);
	if (s->len < 0x15)
		return;
	size_t elements = (size_t)d[0x13] * d[0x14];
	if (s->len < 0x15 + elements)
		return;
	ADDF(s, "Contained Elements", "%u", d[0x13]);
	for (unsigned i = 0; i < d[0x13] && d[0x14] >= 3; i++) {
		const uint8_t *e = d + 0x15 + (size_t)i * d[0x14];
		const char *what = (e[0] & 0x80) ? cai_smbios_structure_type_name(e[0] & 0x7F)
						 : cai_smbios_board_type(e[0] & 0x7F);
		char item[96];
		if (e[1] == e[2])
			snprintf(item, sizeof(item), "%s (%u)", what, e[1]);
		else
			snprintf(item, sizeof(item), "%s (%u-%u)", what, e[1], e[2]);
		add_item(s, item);
	}
	if (s->len < 0x16 + elements)
		return;
	add_string(s, "SKU Number", d[0x15 + elements]);
}

/* The processor signature in the ID field (7.5.3): its layout depends on
 * the architecture, which the family code tells. */
static void add_cpu_signature(sview *s, uint16_t family)
{
	const uint8_t *p = s->d + 0x08;
	uint32_t eax = rd32(p);
	bool intel = (family >= 0x0B && family <= 0x15) || (family >= 0x28 && family <= 0x2F) ||
		     (family >= 0xA1 && family <= 0xB3) || family == 0xB5 ||
		     (family >= 0xB9 && family <= 0xC7) || (family >= 0xCD && family <= 0xCF) ||
		     (family >= 0xD2 && family <= 0xDB) || (family >= 0xDD && family <= 0xE0);
	bool amd = (family >= 0x18 && family <= 0x1D) || family == 0x1F ||
		   (family >= 0x38 && family <= 0x3F) || (family >= 0x46 && family <= 0x4F) ||
		   (family >= 0x66 && family <= 0x6B) || (family >= 0x83 && family <= 0x8F) ||
		   (family >= 0xB6 && family <= 0xB7) || (family >= 0xE4 && family <= 0xEF);
	bool arm = (family >= 0x100 && family <= 0x102) || (family >= 0x118 && family <= 0x119);
	if (family == 0x05) { /* 80386 */
		uint16_t dx = rd16(p);
		ADDF(s, "Signature", "Type %u, Family %u, Major Stepping %u, Minor Stepping %u",
		     dx >> 12, (dx >> 8) & 0xF, (dx >> 4) & 0xF, dx & 0xF);
	} else if (family == 0x06) { /* 80486: CPUID only on later steppings */
		uint16_t dx = rd16(p);
		if ((dx & 0x0F00) == 0x0400 && ((dx & 0x00F0) == 0x0040 || (dx & 0x00F0) >= 0x0070) &&
		    (dx & 0x000F) >= 0x0003)
			intel = true;
		else
			ADDF(s, "Signature", "Type %u, Family %u, Model %u, Stepping %u",
			     (dx >> 12) & 0x3, (dx >> 8) & 0xF, (dx >> 4) & 0xF, dx & 0xF);
	}
	if (intel || amd)
		s->cpuid_flags = true;
	if (intel) {
		ADDF(s, "Signature", "Type %u, Family %u, Model %u, Stepping %u", (eax >> 12) & 0x3,
		     ((eax >> 20) & 0xFF) + ((eax >> 8) & 0x0F),
		     ((eax >> 12) & 0xF0) + ((eax >> 4) & 0x0F), eax & 0xF);
	} else if (amd) {
		uint32_t base = (eax >> 8) & 0xF;
		ADDF(s, "Signature", "Family %u, Model %u, Stepping %u",
		     base + (base == 0xF ? (eax >> 20) & 0xFF : 0),
		     ((eax >> 4) & 0xF) | (base == 0xF ? (eax >> 12) & 0xF0 : 0), eax & 0xF);
	} else if (arm) {
		if (s->len >= 0x28 && (rd16(s->d + 0x26) & (1u << 9)))
			ADDF(s, "Signature",
			     "JEP-106 Bank 0x%02x Manufacturer 0x%02x, SoC ID 0x%04x, SoC Revision 0x%08x",
			     p[3] & 0x7F, p[2] & 0x7F, rd16(p), rd32(p + 4));
		else if (eax != 0)
			ADDF(s, "Signature",
			     "Implementor 0x%02x, Variant 0x%x, Architecture %u, Part 0x%03x, Revision %u",
			     eax >> 24, (eax >> 20) & 0xF, (eax >> 16) & 0xF, (eax >> 4) & 0xFFF,
			     eax & 0xF);
	}
}

/* CPUID leaf 1 EDX feature flags (Intel AP-485, table 2-4). */
static void add_cpuid_flags(sview *s, uint32_t edx)
{
	static const char *const flags[32] = {
		"FPU (Floating-point unit on-chip)", "VME (Virtual mode extension)",
		"DE (Debugging extension)", "PSE (Page size extension)", "TSC (Time stamp counter)",
		"MSR (Model specific registers)", "PAE (Physical address extension)",
		"MCE (Machine check exception)", "CX8 (CMPXCHG8 instruction supported)",
		"APIC (On-chip APIC hardware supported)", NULL, "SEP (Fast system call)",
		"MTRR (Memory type range registers)", "PGE (Page global enable)",
		"MCA (Machine check architecture)", "CMOV (Conditional move instruction supported)",
		"PAT (Page attribute table)", "PSE-36 (36-bit page size extension)",
		"PSN (Processor serial number present and enabled)",
		"CLFSH (CLFLUSH instruction supported)", NULL, "DS (Debug store)",
		"ACPI (ACPI supported)", "MMX (MMX technology supported)",
		"FXSR (FXSAVE and FXSTOR instructions supported)", "SSE (Streaming SIMD extensions)",
		"SSE2 (Streaming SIMD extensions 2)", "SS (Self-snoop)", "HTT (Multi-threading)",
		"TM (Thermal monitor supported)", NULL, "PBE (Pending break enabled)",
	};
	if ((edx & 0xBFEFFBFFu) == 0) {
		ADDF(s, "Flags", "None");
		return;
	}
	ADDF(s, "Flags", "%s", "");
	for (unsigned i = 0; i < 32; i++)
		if (flags[i] && (edx & (1u << i)))
			add_item(s, flags[i]);
}

/* 7.5 Processor Information */
static void decode_processor(sview *s)
{
	const uint8_t *d = s->d;
	if (s->len < 0x1A)
		return;
	add_string(s, "Socket Designation", d[0x04]);
	ADDF(s, "Type", "%s", cai_smbios_processor_type(d[0x05]));
	uint16_t family = (d[0x06] == 0xFE && s->len >= 0x2A) ? rd16(d + 0x28) : d[0x06];
	if (family == 0xBE) {
		/* 7.5.2: 0xBE is "Core 2" or "K7"; resolve_ambiguous_family() decides */
		ADDF(s, "Family", "%s", "Core 2 or K7");
	} else {
		ADDF(s, "Family", "%s", cai_smbios_processor_family(family));
	}
	add_string(s, "Manufacturer", d[0x07]);
	ADDF(s, "ID", "%02X %02X %02X %02X %02X %02X %02X %02X", d[0x08], d[0x09], d[0x0A],
	     d[0x0B], d[0x0C], d[0x0D], d[0x0E], d[0x0F]);
	add_cpu_signature(s, family);
	if (s->cpuid_flags)
		add_cpuid_flags(s, rd32(d + 0x0C));
	add_string(s, "Version", d[0x10]);
	uint8_t v = d[0x11];
	if (v & 0x80) {
		ADDF(s, "Voltage", "%.1f V", (double)(float)(v & 0x7F) / 10);
	} else if ((v & 0x07) == 0) {
		ADDF(s, "Voltage", "Unknown");
	} else {
		static const char *const legacy[3] = {"5.0 V", "3.3 V", "2.9 V"};
		char buf[24];
		size_t off = 0;
		buf[0] = '\0';
		for (int i = 0; i < 3; i++)
			if (v & (1 << i))
				off += (size_t)snprintf(buf + off, sizeof(buf) - off,
							off ? " %s" : "%s", legacy[i]);
		ADDF(s, "Voltage", "%s", buf);
	}
	add_mhz(s, "External Clock", rd16(d + 0x12));
	add_mhz(s, "Max Speed", rd16(d + 0x14));
	add_mhz(s, "Current Speed", rd16(d + 0x16));
	if (d[0x18] & (1 << 6))
		ADDF(s, "Status", "Populated, %s", cai_smbios_processor_status(d[0x18]));
	else
		ADDF(s, "Status", "Unpopulated");
	ADDF(s, "Upgrade", "%s", cai_smbios_processor_upgrade(d[0x19]));
	if (s->len < 0x20)
		return;
	static const char *const cache_name[3] = {"L1 Cache Handle", "L2 Cache Handle",
						  "L3 Cache Handle"};
	for (int i = 0; i < 3; i++) {
		uint16_t c = rd16(d + 0x1A + 2 * i);
		if (c != 0xFFFF)
			ADDF(s, cache_name[i], "0x%04X", c);
		else if (s->ver >= 0x0203 || s->ver == 0)
			ADDF(s, cache_name[i], "Not Provided");
		else
			ADDF(s, cache_name[i], "No L%d Cache", i + 1);
	}
	if (s->len < 0x23)
		return;
	add_string(s, "Serial Number", d[0x20]);
	add_string(s, "Asset Tag", d[0x21]);
	add_string(s, "Part Number", d[0x22]);
	if (s->len < 0x28)
		return;
	if (d[0x23] != 0)
		ADDF(s, "Core Count", "%u",
		     s->len >= 0x2C && d[0x23] == 0xFF ? rd16(d + 0x2A) : d[0x23]);
	if (d[0x24] != 0)
		ADDF(s, "Core Enabled", "%u",
		     s->len >= 0x2E && d[0x24] == 0xFF ? rd16(d + 0x2C) : d[0x24]);
	if (d[0x25] != 0)
		ADDF(s, "Thread Count", "%u",
		     s->len >= 0x30 && d[0x25] == 0xFF ? rd16(d + 0x2E) : d[0x25]);
	uint16_t ch = rd16(d + 0x26);
	if ((ch & 0x00FC) == 0) {
		ADDF(s, "Characteristics", "None");
	} else {
		ADDF(s, "Characteristics", "%s", "");
		for (unsigned i = 2; i <= 9; i++)
			if (ch & (1u << i))
				add_item(s, cai_smbios_processor_characteristic_bit(i));
	}
}

/* 7.17 Physical Memory Array */
static void decode_memory_array(sview *s)
{
	const uint8_t *d = s->d;
	if (s->len < 0x0F)
		return;
	ADDF(s, "Location", "%s", cai_smbios_memory_array_location(d[0x04]));
	ADDF(s, "Use", "%s", cai_smbios_memory_array_use(d[0x05]));
	ADDF(s, "Error Correction Type", "%s", cai_smbios_memory_array_ecc(d[0x06]));
	uint32_t cap = rd32(d + 0x07);
	if (cap == 0x80000000u) {
		if (s->len < 0x17)
			ADDF(s, "Maximum Capacity", "Unknown");
		else
			add_size(s, "Maximum Capacity", rd64(d + 0x0F));
	} else {
		add_size(s, "Maximum Capacity", (uint64_t)cap << 10);
	}
	add_handle_or(s, "Error Information Handle", rd16(d + 0x0B));
	ADDF(s, "Number Of Devices", "%u", rd16(d + 0x0D));
}

static void add_width(sview *s, const char *name, uint16_t code)
{
	if (code == 0xFFFF || code == 0)
		ADDF(s, name, "Unknown");
	else
		ADDF(s, name, "%u bits", code);
}

static void add_optional_size(sview *s, const char *name, uint64_t code)
{
	/* 7.18.12 / 7.18.13 */
	if (code == UINT64_MAX)
		ADDF(s, name, "Unknown");
	else if (code == 0)
		ADDF(s, name, "None");
	else
		add_size(s, name, code);
}

static void add_memory_revision(sview *s, const char *what, uint16_t code, uint8_t mem_type)
{
	/* 7.18.16 / 7.18.18 */
	char name[32];
	if (code == 0xFF00) {
		snprintf(name, sizeof(name), "%s Revision Number", what);
		keep_err(s, cai_host_field_addn(s->h, name, strlen(name), "Unknown", 7));
	} else if (mem_type == 0x22 || mem_type == 0x23) { /* DDR5, LPDDR5 */
		char value[16];
		snprintf(name, sizeof(name), "%s Device Type", what);
		if (code & 0x8000) {
			int n = snprintf(value, sizeof(value), "%u", (code >> 8) & 0x0F);
			keep_err(s, cai_host_field_addn(s->h, name, strlen(name), value, (size_t)n));
			snprintf(name, sizeof(name), "%s Device Revision", what);
			n = snprintf(value, sizeof(value), "%u.%u", (code >> 4) & 0x0F, code & 0x0F);
			keep_err(s, cai_host_field_addn(s->h, name, strlen(name), value, (size_t)n));
		} else {
			keep_err(s, cai_host_field_addn(s->h, name, strlen(name), "Not Installed", 13));
		}
	} else {
		char value[16];
		snprintf(name, sizeof(name), "%s Revision Number", what);
		int n = snprintf(value, sizeof(value), "0x%04x", code);
		keep_err(s, cai_host_field_addn(s->h, name, strlen(name), value, (size_t)n));
	}
}

/* 7.18 Memory Device */
static void decode_memory_device(sview *s)
{
	const uint8_t *d = s->d;
	if (s->len < 0x15)
		return;
	ADDF(s, "Array Handle", "0x%04X", rd16(d + 0x04));
	add_handle_or(s, "Error Information Handle", rd16(d + 0x06));
	add_width(s, "Total Width", rd16(d + 0x08));
	add_width(s, "Data Width", rd16(d + 0x0A));
	uint16_t size = rd16(d + 0x0C);
	if (s->len >= 0x20 && size == 0x7FFF) {
		add_size(s, "Size", (uint64_t)(rd32(d + 0x1C) & 0x7FFFFFFFu) << 20);
	} else if (size == 0) {
		ADDF(s, "Size", "No Module Installed");
	} else if (size == 0xFFFF) {
		ADDF(s, "Size", "Unknown");
	} else {
		uint64_t kib = size & 0x7FFFu;
		if (!(size & 0x8000))
			kib <<= 10;
		add_size(s, "Size", kib << 10);
	}
	ADDF(s, "Form Factor", "%s", cai_smbios_memory_form_factor(d[0x0E]));
	if (d[0x0F] == 0)
		ADDF(s, "Set", "None");
	else if (d[0x0F] == 0xFF)
		ADDF(s, "Set", "Unknown");
	else
		ADDF(s, "Set", "%u", d[0x0F]);
	add_string(s, "Locator", d[0x10]);
	add_string(s, "Bank Locator", d[0x11]);
	ADDF(s, "Type", "%s", cai_smbios_memory_type(d[0x12]));
	add_bits_list(s, "Type Detail", rd16(d + 0x13), cai_smbios_memory_type_detail_bit, 1, 15);
	if (s->len < 0x17)
		return;
	add_speed(s, "Speed", rd16(d + 0x15), s->len >= 0x5C ? rd32(d + 0x54) : 0);
	if (s->len < 0x1B)
		return;
	add_string(s, "Manufacturer", d[0x17]);
	add_string(s, "Serial Number", d[0x18]);
	add_string(s, "Asset Tag", d[0x19]);
	add_string(s, "Part Number", d[0x1A]);
	if (s->len < 0x1C)
		return;
	if ((d[0x1B] & 0x0F) == 0)
		ADDF(s, "Rank", "Unknown");
	else
		ADDF(s, "Rank", "%u", d[0x1B] & 0x0F);
	if (s->len < 0x22)
		return;
	add_speed(s, "Configured Memory Speed", rd16(d + 0x20), s->len >= 0x5C ? rd32(d + 0x58) : 0);
	if (s->len < 0x28)
		return;
	add_voltage(s, "Minimum Voltage", rd16(d + 0x22));
	add_voltage(s, "Maximum Voltage", rd16(d + 0x24));
	add_voltage(s, "Configured Voltage", rd16(d + 0x26));
	if (s->len < 0x34)
		return;
	ADDF(s, "Memory Technology", "%s", cai_smbios_memory_technology(d[0x28]));
	add_bits_list(s, "Memory Operating Mode Capability", rd16(d + 0x29),
		      cai_smbios_memory_operating_mode_bit, 1, 5);
	add_string(s, "Firmware Version", d[0x2B]);
	add_jep106(s, "Module Manufacturer ID", rd16(d + 0x2C));
	add_product_id(s, "Module Product ID", rd16(d + 0x2E));
	add_jep106(s, "Memory Subsystem Controller Manufacturer ID", rd16(d + 0x30));
	add_product_id(s, "Memory Subsystem Controller Product ID", rd16(d + 0x32));
	if (s->len < 0x3C)
		return;
	add_optional_size(s, "Non-Volatile Size", rd64(d + 0x34));
	if (s->len < 0x44)
		return;
	add_optional_size(s, "Volatile Size", rd64(d + 0x3C));
	if (s->len < 0x4C)
		return;
	add_optional_size(s, "Cache Size", rd64(d + 0x44));
	if (s->len < 0x54)
		return;
	add_optional_size(s, "Logical Size", rd64(d + 0x4C));
	if (s->len < 0x64)
		return;
	add_jep106(s, "PMIC0 Manufacturer ID", rd16(d + 0x5C));
	add_memory_revision(s, "PMIC0", rd16(d + 0x5E), d[0x12]);
	add_jep106(s, "RCD Manufacturer ID", rd16(d + 0x60));
	add_memory_revision(s, "RCD", rd16(d + 0x62), d[0x12]);
}

/* 7.40 System Power Supply */
static void decode_power_supply(sview *s)
{
	const uint8_t *d = s->d;
	if (s->len < 0x10)
		return;
	if (d[0x04] != 0)
		ADDF(s, "Power Unit Group", "%u", d[0x04]);
	add_string(s, "Location", d[0x05]);
	add_string(s, "Name", d[0x06]);
	add_string(s, "Manufacturer", d[0x07]);
	add_string(s, "Serial Number", d[0x08]);
	add_string(s, "Asset Tag", d[0x09]);
	add_string(s, "Model Part Number", d[0x0A]);
	add_string(s, "Revision", d[0x0B]);
	uint16_t max = rd16(d + 0x0C);
	if (max == 0x8000)
		ADDF(s, "Max Power Capacity", "Unknown");
	else
		ADDF(s, "Max Power Capacity", "%u W", max);
	uint16_t ch = rd16(d + 0x0E);
	if (ch & (1 << 1))
		ADDF(s, "Status", "Present, %s", cai_smbios_power_supply_status((ch >> 7) & 0x07));
	else
		ADDF(s, "Status", "Not Present");
	ADDF(s, "Type", "%s", cai_smbios_power_supply_type((ch >> 10) & 0x0F));
	ADDF(s, "Input Voltage Range Switching", "%s",
	     cai_smbios_power_supply_range_switching((ch >> 3) & 0x0F));
	ADDF(s, "Plugged", "%s", (ch & (1 << 2)) ? "No" : "Yes");
	ADDF(s, "Hot Replaceable", "%s", (ch & (1 << 0)) ? "Yes" : "No");
	if (s->len < 0x16)
		return;
	static const char *const probes[3] = {"Input Voltage Probe Handle", "Cooling Device Handle",
					      "Input Current Probe Handle"};
	for (int i = 0; i < 3; i++)
		if (rd16(d + 0x10 + 2 * i) != 0xFFFF)
			ADDF(s, probes[i], "0x%04X", rd16(d + 0x10 + 2 * i));
}

/* 7.42 Onboard Devices Extended Information */
static void decode_onboard_device(sview *s)
{
	const uint8_t *d = s->d;
	if (s->len < 0x0B)
		return;
	add_string(s, "Reference Designation", d[0x04]);
	ADDF(s, "Type", "%s", cai_smbios_onboard_device_type(d[0x05]));
	ADDF(s, "Status", "%s", (d[0x05] & 0x80) ? "Enabled" : "Disabled");
	ADDF(s, "Type Instance", "%u", d[0x06]);
	uint16_t seg = rd16(d + 0x07);
	uint8_t bus = d[0x09], devfn = d[0x0A];
	if (!(seg == 0xFFFF && bus == 0xFF && devfn == 0xFF))
		ADDF(s, "Bus Address", "%04x:%02x:%02x.%x", seg, bus, devfn >> 3, devfn & 0x7);
}

typedef struct type_decoder {
	uint8_t type;
	const char *title;
	void (*decode)(sview *s);
} type_decoder;

static const type_decoder decoders[] = {
	{0, "BIOS Information", decode_bios},
	{1, "System Information", decode_system},
	{2, "Base Board Information", decode_baseboard},
	{3, "Chassis Information", decode_chassis},
	{4, "Processor Information", decode_processor},
	{16, "Physical Memory Array", decode_memory_array},
	{17, "Memory Device", decode_memory_device},
	{39, "System Power Supply", decode_power_supply},
	{41, "Onboard Device", decode_onboard_device},
};

static const type_decoder *find_decoder(uint8_t type)
{
	for (size_t i = 0; i < sizeof(decoders) / sizeof(decoders[0]); i++)
		if (decoders[i].type == type)
			return &decoders[i];
	return NULL;
}

const char *cai_smbios_inventoried_title(uint8_t type)
{
	const type_decoder *dec = find_decoder(type);
	return dec ? dec->title : NULL;
}

/* dmidecode picks the family name for the ambiguous 0xBE from the
 * manufacturer string; do the same once the record is staged. */
static void resolve_ambiguous_family(ca_host *h)
{
	if (!h->building || h->pending.type != 4)
		return;
	const char *manufacturer = NULL;
	staged_field *family = NULL;
	for (size_t i = 0; i < h->n_staged; i++) {
		if (strcmp(h->staged[i].name, "Manufacturer") == 0)
			manufacturer = h->staged[i].value;
		if (strcmp(h->staged[i].name, "Family") == 0 &&
		    strcmp(h->staged[i].value, "Core 2 or K7") == 0)
			family = &h->staged[i];
	}
	if (!family || !manufacturer)
		return;
	if (strstr(manufacturer, "Intel") || strncasecmp(manufacturer, "Intel", 5) == 0)
		family->value = "Core 2";
	else if (strstr(manufacturer, "AMD") || strncasecmp(manufacturer, "AMD", 3) == 0)
		family->value = "K7";
}

static int decode_structure(sview *s)
{
	const type_decoder *dec = find_decoder(s->d[0]);
	if (!dec)
		return 0;
	int r = cai_host_record_begin(s->h, s->d[0], s->handle, s->len, s->offset, 0, dec->title);
	if (r < 0)
		return r;
	dec->decode(s);
	resolve_ambiguous_family(s->h);
	if (s->err == -ENOMEM) {
		cai_host_record_abort(s->h);
		return -ENOMEM;
	}
	if (s->err == -E2BIG)
		cai_host_diag(s->h, CA_DIAG_WARNING, "smbios.too-many-fields", s->offset, 0, s->handle,
			  "structure handle 0x%04X has more fields than chipaudit keeps; the rest were dropped",
			  s->handle);
	return cai_host_record_end(s->h);
}

int cai_smbios_decode_table(ca_host *h, const uint8_t *table, size_t len, const smbios_table_info *info)
{
	size_t pos = 0;
	uint32_t count = 0;
	bool stopped_early = false, saw_end_of_table = false;

	while (pos + 4 <= len) {
		if (info->announced_count && count >= info->announced_count)
			break;
		const uint8_t *p = table + pos;
		int64_t off = info->base_offset + (int64_t)pos;
		uint8_t type = p[0], slen = p[1];
		uint16_t handle = rd16(p + 2);

		if (slen < 4) {
			cai_host_diag(h, CA_DIAG_ERROR, "smbios.structure-length-invalid", off, 0, handle,
				  "structure %u (type %u, handle 0x%04X) declares length %u, below the 4-byte header; "
				  "the table is broken from here on",
				  count, type, handle, slen);
			stopped_early = true;
			break;
		}
		if (pos + slen > len) {
			cai_host_diag(h, CA_DIAG_ERROR, "smbios.structure-truncated", off, 0, handle,
				  "structure %u (type %u, handle 0x%04X) needs %u bytes but only %zu remain; "
				  "the table is truncated",
				  count, type, handle, slen, len - pos);
			stopped_early = true;
			break;
		}
		/* The string set ends with two NUL bytes (DSP0134 §6.1.3). */
		size_t str_start = pos + slen;
		size_t end = str_start;
		while (end + 1 < len && (table[end] || table[end + 1]))
			end++;
		bool strings_complete = end + 1 < len;

		sview s = {
			.h = h, .d = p, .len = slen, .strings = table + str_start,
			.strings_len = (strings_complete ? end : len) - str_start,
			.ver = info->version, .handle = handle, .offset = off,
		};
		int r = decode_structure(&s);
		if (r == -ENOMEM)
			return r;
		if (r == -E2BIG) {
			cai_host_diag(h, CA_DIAG_ERROR, "smbios.too-many-structures", off, 0, handle,
				  "more than %u structures; the rest of the table was not read",
				  CA_MAX_RECORDS);
			return (int)count;
		}
		count++;
		if (!strings_complete) {
			cai_host_diag(h, CA_DIAG_ERROR, "smbios.strings-truncated", off, 0, handle,
				  "structure type %u handle 0x%04X: its strings run past the end of the table",
				  type, handle);
			stopped_early = true;
			break;
		}
		pos = end + 2;
		if (type == SMBIOS_END_OF_TABLE) {
			saw_end_of_table = true;
			break;
		}
	}

	/* DSP0134 §7.45: tables end with type 127. A walk that ran out of bytes
	 * before the announced length without meeting it was cut short. */
	if (!stopped_early && !saw_end_of_table && info->announced_len && pos < info->announced_len &&
	    pos + 4 > len && (!info->announced_count || count < info->announced_count))
		cai_host_diag(h, CA_DIAG_ERROR, "smbios.table-truncated", info->base_offset + (int64_t)pos,
			  0, -1,
			  "the table ends after %zu bytes without an end-of-table structure (type 127); "
			  "the entry point announces %s%u bytes: the evidence is truncated",
			  pos, info->is_maximum_len ? "up to " : "", info->announced_len);
	if (!stopped_early && info->announced_count && count < info->announced_count)
		cai_host_diag(h, CA_DIAG_WARNING, "smbios.structure-count-mismatch", info->base_offset, 0, -1,
			  "the entry point announces %u structures but the table holds %u",
			  info->announced_count, count);
	if (!stopped_early && info->announced_len && !info->is_maximum_len && pos != info->announced_len &&
	    pos < len)
		cai_host_diag(h, CA_DIAG_NOTE, "smbios.table-length-mismatch", info->base_offset, 0, -1,
			  "the entry point announces a %u-byte table; its structures occupy %zu bytes",
			  info->announced_len, pos);
	return (int)count;
}

bool cai_smbios_looks_like_table(const uint8_t *buf, size_t len)
{
	/* At least two well-formed structures in a row, or one ending the buffer. */
	size_t pos = 0;
	int seen = 0;
	while (pos + 4 <= len && seen < 3) {
		uint8_t slen = buf[pos + 1];
		if (slen < 4 || pos + slen > len)
			return false;
		if (buf[pos] == 0 && slen < 0x12)
			return false;
		size_t end = pos + slen;
		while (end + 1 < len && (buf[end] || buf[end + 1]))
			end++;
		if (end + 1 >= len)
			return false;
		/* strings must be printable-ish */
		for (size_t i = pos + slen; i < end; i++)
			if (buf[i] != 0 && buf[i] < 0x09)
				return false;
		pos = end + 2;
		seen++;
	}
	return seen >= 2 || (seen == 1 && pos == len);
}
