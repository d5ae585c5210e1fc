/* SPDX-License-Identifier: MIT */
/* Typed views of records, and the size and speed spellings shared by the
 * binary decoder and the text parser. */
#include "chipaudit/chipaudit.h"
#include "util/cursor.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

size_t ca_format_size(uint64_t bytes, char *buf, size_t size)
{
	/* dmidecode 3.6 dmi_print_memory_size(): split into powers of 1024 and
	 * print the highest non-zero unit, or the next lower one when it is
	 * non-zero too, so the number is exact. */
	static const char *const unit[7] = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};
	uint16_t split[7];
	for (int i = 0; i < 7; i++)
		split[i] = (uint16_t)((bytes >> (10 * i)) & 0x3FF);
	int i = 6;
	while (i > 0 && !split[i])
		i--;
	uint64_t capacity;
	if (i > 0 && split[i - 1]) {
		i--;
		capacity = split[i] + ((uint64_t)split[i + 1] << 10);
	} else {
		capacity = split[i];
	}
	int n = snprintf(buf, size, "%llu %s", (unsigned long long)capacity, unit[i]);
	if (n < 0)
		return 0;
	return (size_t)n < size ? (size_t)n : size ? size - 1 : 0;
}

int ca_parse_size(const char *text, uint64_t *ret_bytes)
{
	static const struct {
		const char *name;
		unsigned shift;
	} units[] = {
		{"bytes", 0}, {"kB", 10}, {"KB", 10}, {"KiB", 10}, {"MB", 20}, {"MiB", 20},
		{"GB", 30},   {"GiB", 30}, {"TB", 40}, {"TiB", 40}, {"PB", 50}, {"PiB", 50},
		{"EB", 60},   {"EiB", 60},
	};
	ca_cursor c = ca_cursor_make(text, strlen(text));
	uint64_t v = 0;
	unsigned digits = 0;
	while (c.p < c.end && *c.p >= '0' && *c.p <= '9') {
		if (v > (UINT64_MAX - 9) / 10)
			return -EINVAL;
		v = v * 10 + (uint64_t)(*c.p - '0');
		c.p++;
		digits++;
	}
	if (!digits || !ca_cursor_lit(&c, " "))
		return -EINVAL;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		size_t n = strlen(units[i].name);
		if (ca_cursor_left(&c) == n && memcmp(c.p, units[i].name, n) == 0) {
			if (units[i].shift && v > (UINT64_MAX >> units[i].shift))
				return -EINVAL;
			*ret_bytes = v << units[i].shift;
			return 0;
		}
	}
	return -EINVAL;
}

/* "2400 MT/s" or "2400 MHz" -> 2400; anything else -> 0. */
static uint32_t parse_speed(const char *text)
{
	if (!text)
		return 0;
	ca_cursor c = ca_cursor_make(text, strlen(text));
	uint32_t v;
	if (!ca_cursor_dec(&c, &v, 9))
		return 0;
	if (ca_cursor_lit(&c, " MT/s") || ca_cursor_lit(&c, " MHz"))
		return v;
	return 0;
}

static ca_jep106_id parse_id(const char *text)
{
	ca_jep106_id id = {0, 0};
	if (text)
		(void)ca_jep106_parse_dmidecode(text, &id);
	return id;
}

int ca_memory_device_from_record(const ca_record *r, ca_memory_device *ret)
{
	if (!r || r->type != 17)
		return -EINVAL;
	ca_memory_device m = {.record = r};
	const char *size = ca_record_value(r, "Size");
	uint64_t bytes = 0;
	if (size && ca_parse_size(size, &bytes) == 0 && bytes > 0) {
		m.installed = true;
		m.size_bytes = bytes;
	} else if (size && strcmp(size, "Unknown") == 0) {
		/* Size unknown: a module may be present; decide from the strings. */
		const char *pn = ca_record_value(r, "Part Number");
		m.installed = pn && *pn && strcmp(pn, "Not Specified") != 0;
	}
	m.locator = ca_record_value(r, "Locator");
	m.bank_locator = ca_record_value(r, "Bank Locator");
	m.form_factor = ca_record_value(r, "Form Factor");
	m.type = ca_record_value(r, "Type");
	m.type_detail = ca_record_value(r, "Type Detail");
	m.speed_mts = parse_speed(ca_record_value(r, "Speed"));
	m.configured_speed_mts = parse_speed(ca_record_value(r, "Configured Memory Speed"));
	m.manufacturer = ca_record_value(r, "Manufacturer");
	m.serial_number = ca_record_value(r, "Serial Number");
	m.asset_tag = ca_record_value(r, "Asset Tag");
	m.part_number = ca_record_value(r, "Part Number");
	const char *rank = ca_record_value(r, "Rank");
	if (rank) {
		ca_cursor c = ca_cursor_make(rank, strlen(rank));
		uint32_t v;
		if (ca_cursor_dec(&c, &v, 2) && ca_cursor_left(&c) == 0 && v < 16)
			m.rank = (uint8_t)v;
	}
	m.module_manufacturer = parse_id(ca_record_value(r, "Module Manufacturer ID"));
	m.subsystem_controller_manufacturer =
		parse_id(ca_record_value(r, "Memory Subsystem Controller Manufacturer ID"));
	m.pmic0_manufacturer = parse_id(ca_record_value(r, "PMIC0 Manufacturer ID"));
	m.rcd_manufacturer = parse_id(ca_record_value(r, "RCD Manufacturer ID"));
	m.from_spd = ca_record_value(r, "SPD Layout") != NULL;
	if (m.from_spd) {
		m.dram_manufacturer = parse_id(ca_record_value(r, "DRAM Manufacturer ID"));
		m.manufacture_date = ca_record_value(r, "Manufacturing Date");
		const ca_field *crc = ca_record_field(r, "SPD CRC");
		if (crc) {
			m.spd_crc = "ok";
			for (size_t i = 0; i < crc->n_items; i++)
				if (strstr(crc->items[i], ": bad"))
					m.spd_crc = "bad";
		}
	}
	*ret = m;
	return 0;
}
