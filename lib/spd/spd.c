/* SPDX-License-Identifier: MIT */
/* What the SPD layouts share: dispatch on the key byte, CRC-16, JEP106 ids
 * with their parity, manufacturing data, and the record an image becomes. */
#include "spd/spd.h"
#include "util/file.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_text[SPD_MAKER_ROLES] = {
	"module maker", "DRAM maker", "register maker", "PMIC0 maker",
	"PMIC1 maker", "PMIC2 maker", "SPD hub maker", "data buffer maker",
};

const spd_layout *cai_spd_layout(uint8_t key)
{
	switch (key) {
	case 0x0B: /* DDR3 */
	case 0x0F: /* LPDDR3 */
		return &cai_spd_ddr3;
	case 0x0C: /* DDR4 */
	case 0x0E: /* DDR4E */
	case 0x10: /* LPDDR4 */
	case 0x11: /* LPDDR4X */
		return &cai_spd_ddr4;
	case 0x12: /* DDR5 */
		return &cai_spd_ddr5;
	case 0x13: /* LPDDR5 */
	case 0x15: /* LPDDR5X */
		return &cai_spd_lpddr5;
	default:
		return NULL;
	}
}

uint16_t cai_spd_crc16(const uint8_t *buf, size_t n)
{
	unsigned crc = 0;
	for (size_t i = 0; i < n; i++) {
		crc ^= (unsigned)buf[i] << 8;
		for (int b = 0; b < 8; b++)
			crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
	}
	return (uint16_t)crc;
}

void cai_spd_check_crc(ca_host *h, const uint8_t *buf, size_t len, uint16_t first, uint16_t last,
		       uint16_t at, spd_info *info)
{
	if ((size_t)at + 1 >= len || info->n_crc >= 2)
		return;
	spd_crc *c = &info->crc[info->n_crc++];
	*c = (spd_crc){.first = first, .last = last, .at = at,
		       .stored = (uint16_t)(buf[at] | buf[at + 1] << 8),
		       .computed = cai_spd_crc16(buf + first, (size_t)(last - first + 1))};
	c->ok = c->stored == c->computed;
	char name[40];
	snprintf(name, sizeof(name), "CRC of bytes %u-%u", first, last);
	if (c->ok)
		cai_spd_line(info, at, at + 1u, name, "ok (0x%04X)", c->computed);
	else
		cai_spd_line(info, at, at + 1u, name, "bad (stored 0x%04X, computed 0x%04X)", c->stored,
			     c->computed);
	if (!c->ok)
		cai_host_diag(h, CA_DIAG_WARNING, "spd.crc-bad", at, 0, -1,
			      "the CRC of SPD bytes %u-%u is bad (stored 0x%04X at bytes %u-%u, computed "
			      "0x%04X): the bytes were decoded but may be corrupt",
			      first, last, c->stored, at, at + 1, c->computed);
}

void cai_spd_line(spd_info *info, unsigned first, unsigned last, const char *name, const char *fmt, ...)
{
	if (info->n_lines >= SPD_MAX_LINES)
		return;
	ca_spd_line *l = &info->lines[info->n_lines++];
	l->first = first;
	l->last = last;
	snprintf(l->name, sizeof(l->name), "%s", name);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(l->value, sizeof(l->value), fmt, ap);
	va_end(ap);
}

static bool odd_parity(uint8_t b)
{
	return __builtin_popcount(b) % 2 == 1;
}

void cai_spd_maker(ca_host *h, const uint8_t *buf, size_t len, size_t off, spd_maker_role role,
		   spd_info *info)
{
	spd_maker *m = &info->maker[role];
	*m = (spd_maker){.offset = (uint16_t)off};
	if (off + 1 >= len)
		return;
	m->cont = buf[off];
	m->code = buf[off + 1];
	char name[40];
	snprintf(name, sizeof(name), "%s id", role_text[role]);
	if ((m->cont == 0 && m->code == 0) || (m->cont == 0xFF && m->code == 0xFF)) {
		/* not written: no maker in this role, nothing wrong */
		cai_spd_line(info, (unsigned)off, (unsigned)off + 1, name, "not written (0x%02X 0x%02X): unknown",
			     m->cont, m->code);
		return;
	}
	m->written = true;
	if (!odd_parity(m->cont) || !odd_parity(m->code)) {
		cai_spd_line(info, (unsigned)off, (unsigned)off + 1, name,
			     "0x%02X 0x%02X fails the JEP106 parity check: unknown", m->cont, m->code);
		cai_host_diag(h, CA_DIAG_WARNING, "spd.maker-parity", (int64_t)off, 0, -1,
			      "the %s id at SPD bytes %zu-%zu (0x%02X 0x%02X) fails the JEP106 odd-parity "
			      "check: no %s",
			      role_text[role], off, off + 1, m->cont, m->code, role_text[role]);
		return;
	}
	ca_jep106_id id = {(uint8_t)((m->cont & 0x7F) + 1), m->code};
	if (!ca_jep106_name(id)) {
		cai_spd_line(info, (unsigned)off, (unsigned)off + 1, name,
			     "bank %u, code 0x%02X is not assigned: unknown", id.bank, id.code);
		cai_host_diag(h, CA_DIAG_WARNING, "spd.maker-unassigned", (int64_t)off, 0, -1,
			      "the %s id at SPD bytes %zu-%zu (bank %u, code 0x%02X) is not an assigned "
			      "JEP106 id: no %s",
			      role_text[role], off, off + 1, id.bank, id.code, role_text[role]);
		return;
	}
	m->valid = true;
	m->id = id;
	cai_spd_line(info, (unsigned)off, (unsigned)off + 1, name, "Bank %u, Hex 0x%02X (%s)", id.bank, id.code,
		     ca_jep106_name(id));
}

static bool written(const uint8_t *b, size_t n)
{
	bool zero = true, ones = true;
	for (size_t i = 0; i < n; i++) {
		zero &= b[i] == 0;
		ones &= b[i] == 0xFF;
	}
	return !zero && !ones;
}

static bool bcd(uint8_t b, unsigned *ret)
{
	if ((b >> 4) > 9 || (b & 0x0F) > 9)
		return false;
	*ret = (b >> 4) * 10u + (b & 0x0Fu);
	return true;
}

void cai_spd_mfg(ca_host *h, const uint8_t *buf, size_t len, size_t loc_off, size_t date_off,
		 size_t serial_off, size_t part_off, size_t part_len, spd_info *info)
{
	info->location = -1;
	if (loc_off < len && written(buf + loc_off, 1)) {
		info->location = buf[loc_off];
		cai_spd_line(info, (unsigned)loc_off, (unsigned)loc_off, "manufacturing location", "0x%02X",
			     buf[loc_off]);
	}
	if (date_off + 1 < len && written(buf + date_off, 2)) {
		unsigned y, w;
		uint8_t yb = buf[date_off], wb = buf[date_off + 1];
		bool ok = bcd(yb, &y) && bcd(wb, &w);
		if (!ok && yb <= 99 && wb >= 1 && wb <= 53) {
			/* some makers write binary, not BCD */
			y = yb;
			w = wb;
			ok = true;
			cai_host_diag(h, CA_DIAG_NOTE, "spd.date-binary", (int64_t)date_off, 0, -1,
				      "the manufacturing date at SPD bytes %zu-%zu (0x%02X 0x%02X) is not BCD; "
				      "read as binary year and week",
				      date_off, date_off + 1, yb, wb);
		}
		if (ok && w >= 1 && w <= 53) {
			info->year = (uint16_t)(2000 + y);
			info->week = (uint8_t)w;
			snprintf(info->date, sizeof(info->date), "%04u-W%02u", info->year, info->week);
			cai_spd_line(info, (unsigned)date_off, (unsigned)date_off + 1, "manufacturing date",
				     "%s", info->date);
		} else {
			cai_host_diag(h, CA_DIAG_WARNING, "spd.date-invalid", (int64_t)date_off, 0, -1,
				      "the manufacturing date at SPD bytes %zu-%zu (0x%02X 0x%02X) is not a "
				      "year and week: ignored",
				      date_off, date_off + 1, yb, wb);
		}
	}
	if (serial_off + 3 < len && written(buf + serial_off, 4)) {
		snprintf(info->serial, sizeof(info->serial), "%02X%02X%02X%02X", buf[serial_off],
			 buf[serial_off + 1], buf[serial_off + 2], buf[serial_off + 3]);
		cai_spd_line(info, (unsigned)serial_off, (unsigned)serial_off + 3, "serial number", "%s",
			     info->serial);
	}
	size_t n = 0;
	for (size_t i = part_off; i < part_off + part_len && i < len && n + 1 < sizeof(info->part); i++) {
		if (buf[i] < 0x20 || buf[i] > 0x7E)
			break;
		info->part[n++] = (char)buf[i];
	}
	while (n > 0 && info->part[n - 1] == ' ')
		n--;
	info->part[n] = '\0';
	if (part_off < len)
		cai_spd_line(info, (unsigned)part_off, (unsigned)(part_off + part_len - 1), "part number", "%s",
			     n ? info->part : "not written");
}

void cai_spd_geometry(ca_host *h, const uint8_t *b, unsigned org_off, unsigned bus_off,
		      unsigned die_mbit, unsigned dies_per_rank, spd_info *s)
{
	uint8_t org = b[org_off], bw = b[bus_off];
	s->ranks = ((org >> 3) & 7) + 1;
	s->device_width = (org & 7) <= 3 ? 4u << (org & 7) : 0;
	s->bus_width = (bw & 7) <= 3 ? 8u << (bw & 7) : 0;
	if (die_mbit && s->device_width && s->bus_width && dies_per_rank)
		s->size_bytes = (uint64_t)die_mbit / 8 * (s->bus_width / s->device_width) * s->ranks *
				dies_per_rank << 20;
	else
		cai_host_diag(h, CA_DIAG_NOTE, "spd.size-unknown", 4, 0, -1,
			      "SPD bytes 4, %u and %u (0x%02X 0x%02X 0x%02X) use reserved codes: the "
			      "size is not known",
			      org_off, bus_off, b[4], org, bw);
}

void cai_spd_mfg_section(ca_host *h, const uint8_t *b, size_t len, const spd_mfg_map *map, spd_info *s)
{
	cai_spd_maker(h, b, len, map->module, SPD_MODULE, s);
	cai_spd_maker(h, b, len, map->dram, SPD_DRAM, s);
	cai_spd_mfg(h, b, len, map->location, map->date, map->serial, map->part, map->part_len, s);
	if (map->stepping && len > map->stepping && b[map->stepping] != 0x00 && b[map->stepping] != 0xFF)
		s->stepping = b[map->stepping];
}

unsigned cai_spd_speed(unsigned tck_ps)
{
	static const unsigned grid[] = {
		400,  533,  667,  800,  1066, 1333, 1600, 1866, 2133, 2400, 2666, 2933, 3200,
		3600, 3733, 4000, 4266, 4400, 4800, 5200, 5600, 6000, 6400, 6800, 7200, 7500,
		7600, 8000, 8400, 8533, 8800, 9200, 9600, 10700,
	};
	if (tck_ps == 0)
		return 0;
	unsigned mts = (2000000u + tck_ps / 2) / tck_ps;
	for (size_t i = 0; i < sizeof(grid) / sizeof(grid[0]); i++) {
		unsigned d = grid[i] > mts ? grid[i] - mts : mts - grid[i];
		if (d * 100 <= grid[i]) /* within 1% */
			return grid[i];
	}
	return mts;
}

static bool blank(const uint8_t *buf, size_t len, uint8_t *ret_byte)
{
	for (size_t i = 1; i < len; i++)
		if (buf[i] != buf[0])
			return false;
	*ret_byte = buf[0];
	return buf[0] == 0 || buf[0] == 0xFF;
}

static bool spd_size(size_t len)
{
	return len == 128 || len == 256 || len == 384 || len == 512 || len == 1024;
}

/* Byte 0 and the revision byte fit the generation of the key byte. */
static bool header_fits(uint8_t b0, uint8_t rev, uint8_t key)
{
	const spd_layout *l = cai_spd_layout(key);
	if (!l)
		/* an unknown type (checked at an SPD size only): a byte 0 with
		 * both counts set, a revision 0.x to 2.x */
		return rev <= 0x2F && (b0 & 0x0F) >= 1 && (b0 & 0x0F) <= 4 && ((b0 >> 4) & 7) >= 1 &&
		       ((b0 >> 4) & 7) <= 4;
	if (rev < 0x10 || rev > 0x13)
		return false;
	if (l == &cai_spd_ddr3) /* bits 6:4 are 0 or 1; some images write 2 */
		return (b0 & 0x0F) >= 1 && (b0 & 0x0F) <= 3 && ((b0 >> 4) & 7) <= 2;
	if (l == &cai_spd_ddr4 || l == &cai_spd_lpddr5)
		return (b0 & 0x0F) >= 1 && (b0 & 0x0F) <= 4 && ((b0 >> 4) & 7) >= 1 && ((b0 >> 4) & 7) <= 2;
	return ((b0 >> 4) & 7) >= 1 && ((b0 >> 4) & 7) <= 4; /* DDR5 */
}

bool cai_spd_plausible(const uint8_t *buf, size_t len)
{
	uint8_t b;
	if (len < 3 || len > 4096)
		return false;
	if (spd_size(len) && blank(buf, len, &b))
		return true;
	if (!header_fits(buf[0], buf[1], buf[2]))
		return false;
	return cai_spd_layout(buf[2]) ? len >= 16 : spd_size(len);
}

int cai_spd_decode(ca_host *h, const uint8_t *buf, size_t len, spd_info *info)
{
	memset(info, 0, sizeof(*info));
	info->location = -1;
	info->stepping = -1;
	uint8_t b;
	if (len > 0 && blank(buf, len, &b)) {
		cai_host_diag(h, CA_DIAG_ERROR, "spd.blank", 0, 0, -1,
			      "the SPD EEPROM is blank (all %zu bytes are 0x%02X): nothing to decode", len, b);
		return -EBADMSG;
	}
	if (len < 3) {
		cai_host_diag(h, CA_DIAG_ERROR, "spd.truncated", (int64_t)len, 0, -1,
			      "the SPD image ends at byte %zu, before its key byte (byte 2)", len);
		return -EBADMSG;
	}
	const spd_layout *l = cai_spd_layout(buf[2]);
	info->key = buf[2];
	if (!l) {
		cai_host_diag(h, CA_DIAG_ERROR, "spd.unknown-type", 2, 0, -1,
			      "SPD key byte 2 is 0x%02X, not a memory type chipaudit decodes (DDR3, "
			      "LPDDR3, DDR4, LPDDR4/4X, DDR5, LPDDR5/5X)",
			      buf[2]);
		return -EBADMSG;
	}
	info->layout = l->name;
	if (len < 128) {
		cai_host_diag(h, CA_DIAG_ERROR, "spd.truncated", (int64_t)len, 0, -1,
			      "the %s SPD image ends at byte %zu: its base configuration needs 128 "
			      "bytes",
			      l->name, len);
		return -EBADMSG;
	}
	if (len < l->min_len)
		cai_host_diag(h, CA_DIAG_ERROR, "spd.truncated", (int64_t)len, 0, -1,
			      "the %s SPD image ends at byte %zu of %zu: the fields past it (makers, "
			      "part number, CRCs) are missing",
			      l->name, len, l->min_len);
	else if (len > 1024 || (len != l->size && !spd_size(len)))
		cai_host_diag(h, CA_DIAG_WARNING, "spd.length", (int64_t)(len < l->size ? len : l->size), 0, -1,
			      "the image holds %zu bytes where a %s SPD EEPROM has %zu: its first %zu "
			      "were read",
			      len, l->name, l->size, l->min_len);
	l->decode(h, buf, len < l->min_len ? len : l->min_len, info);
	cai_spd_line(info, 2, 2, "memory type", "%s (0x%02X, %s layout)", info->type, buf[2], l->name);
	cai_spd_line(info, 3, 3, "module type", "%s (0x%02X)", info->module_type, buf[3]);
	return 0;
}

/* The common lines every layout explains, after its own. */
static void summary_lines(spd_info *s)
{
	if (s->size_bytes) {
		char size[32];
		ca_format_size(s->size_bytes, size, sizeof(size));
		cai_spd_line(s, 0, 0, "capacity", "%s (%u rank(s), x%u devices, %u-bit bus)", size, s->ranks,
			     s->device_width, s->bus_width);
	}
	if (s->speed_mts)
		cai_spd_line(s, 0, 0, "speed", "%u MT/s", s->speed_mts);
	if (s->stepping >= 0)
		cai_spd_line(s, 0, 0, "DRAM stepping", "0x%02X", (unsigned)s->stepping);
}

int ca_spd_explain(ca_host *h, const uint8_t *buf, size_t len, ca_spd_line *lines, size_t cap,
		   const char **ret_layout)
{
	const uint8_t *bytes = buf;
	uint8_t *parsed = NULL;
	size_t n = len;
	if (!cai_spd_plausible(buf, len)) {
		int r = cai_spd_hex_bytes(h, buf, len, &parsed, &n);
		if (r < 0)
			return r;
		bytes = parsed;
	}
	spd_info *info = calloc(1, sizeof(*info));
	if (!info) {
		free(parsed);
		return -ENOMEM;
	}
	int r = cai_spd_decode(h, bytes, n, info);
	if (r == 0) {
		summary_lines(info);
		/* in byte order; what is computed from several bytes last */
		for (size_t i = 1; i < info->n_lines; i++) {
			ca_spd_line l = info->lines[i];
			unsigned key = l.last ? l.first : UINT32_MAX;
			size_t j = i;
			while (j > 0 && (info->lines[j - 1].last ? info->lines[j - 1].first : UINT32_MAX) > key) {
				info->lines[j] = info->lines[j - 1];
				j--;
			}
			info->lines[j] = l;
		}
		size_t k = info->n_lines < cap ? info->n_lines : cap;
		memcpy(lines, info->lines, k * sizeof(*lines));
		*ret_layout = info->layout;
		r = (int)k;
	}
	free(info);
	free(parsed);
	return r;
}

static int add_id(ca_host *h, const char *name, const spd_maker *m)
{
	if (!m->valid)
		return 0;
	return cai_host_field_addf(h, name, "Bank %u, Hex 0x%02X", m->id.bank, m->id.code);
}

int cai_spd_add_record(ca_host *h, const spd_info *s, const char *locator, uint16_t handle)
{
	static const char *const id_field[SPD_MAKER_ROLES] = {
		"Module Manufacturer ID", "DRAM Manufacturer ID", "RCD Manufacturer ID",
		"PMIC0 Manufacturer ID", "PMIC1 Manufacturer ID", "PMIC2 Manufacturer ID",
		"SPD Hub Manufacturer ID", "Data Buffer Manufacturer ID",
	};
	int r = cai_host_record_begin(h, 17, handle, 0, 0, 0, "Memory Device");
	if (r < 0)
		return r;
	char size[32] = "Unknown";
	if (s->size_bytes)
		ca_format_size(s->size_bytes, size, sizeof(size));
	const char *mfr = s->maker[SPD_MODULE].valid ? ca_jep106_name(s->maker[SPD_MODULE].id) : NULL;
#define TRY(x)                         \
	do {                           \
		if ((r = (x)) < 0)     \
			goto fail;     \
	} while (0)
	TRY(cai_host_field_addf(h, "Size", "%s", size));
	if (locator)
		TRY(cai_host_field_addf(h, "Locator", "%s", locator));
	TRY(cai_host_field_addf(h, "Form Factor", "%s", s->form_factor ? s->form_factor : "Unknown"));
	TRY(cai_host_field_addf(h, "Type", "%s", s->type));
	if (s->module_type[0])
		TRY(cai_host_field_addf(h, "Module Type", "%s", s->module_type));
	if (s->speed_mts)
		TRY(cai_host_field_addf(h, "Speed", "%u MT/s", s->speed_mts));
	if (s->bus_width)
		TRY(cai_host_field_addf(h, "Data Width", "%u bits", s->bus_width));
	if (s->device_width)
		TRY(cai_host_field_addf(h, "SDRAM Device Width", "%u bits", s->device_width));
	if (s->ranks)
		TRY(cai_host_field_addf(h, "Rank", "%u", s->ranks));
	TRY(cai_host_field_addf(h, "Manufacturer", "%s", mfr ? mfr : "Unknown"));
	TRY(cai_host_field_addf(h, "Serial Number", "%s", s->serial[0] ? s->serial : "Not Specified"));
	TRY(cai_host_field_addf(h, "Part Number", "%s", s->part[0] ? s->part : "Not Specified"));
	for (int i = 0; i < SPD_MAKER_ROLES; i++)
		TRY(add_id(h, id_field[i], &s->maker[i]));
	if (s->date[0])
		TRY(cai_host_field_addf(h, "Manufacturing Date", "%s", s->date));
	if (s->location >= 0)
		TRY(cai_host_field_addf(h, "Manufacturing Location", "0x%02X", (unsigned)s->location));
	if (s->stepping >= 0)
		TRY(cai_host_field_addf(h, "DRAM Stepping", "0x%02X", (unsigned)s->stepping));
	TRY(cai_host_field_addf(h, "SPD Layout", "%s", s->layout));
	if (s->n_crc) {
		TRY(cai_host_field_addf(h, "SPD CRC", "%s", ""));
		for (size_t i = 0; i < s->n_crc; i++) {
			char item[96];
			const spd_crc *c = &s->crc[i];
			int n = c->ok ? snprintf(item, sizeof(item), "bytes %u-%u: ok (0x%04X)", c->first,
						 c->last, c->computed)
				      : snprintf(item, sizeof(item),
						 "bytes %u-%u: bad (stored 0x%04X, computed 0x%04X)", c->first,
						 c->last, c->stored, c->computed);
			TRY(cai_host_item_addn(h, item, (size_t)n));
		}
	}
#undef TRY
	return cai_host_record_end(h);
fail:
	cai_host_record_abort(h);
	return r;
}

int cai_spd_read_image(ca_host *h, const uint8_t *buf, size_t len, const char *locator,
		       uint16_t handle)
{
	spd_info info;
	int r = cai_spd_decode(h, buf, len, &info);
	if (r < 0)
		return r;
	return cai_spd_add_record(h, &info, locator, handle);
}

int ca_spd_explain_file(ca_host *h, const char *path, ca_spd_line *lines, size_t cap,
			const char **ret_layout)
{
	size_t len = 0;
	int err = 0;
	uint8_t *buf = cai_file_read(path, 64 * 1024, &len, &err);
	if (!buf) {
		cai_host_diag(h, CA_DIAG_ERROR, "input.read-failed", -1, 0, -1, "cannot read %s: %s", path,
			      cai_file_strerror(err));
		return err;
	}
	int r = ca_spd_explain(h, buf, len, lines, cap, ret_layout);
	free(buf);
	return r;
}
