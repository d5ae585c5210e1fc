/* SPDX-License-Identifier: MIT */
/*
 * SPD images kept as text: `hexdump -C`, `xxd` (any grouping), `i2cdump`
 * output, and bare whitespace-separated hex bytes (coreboot's .spd.hex,
 * '#' comments allowed). Each line is one of:
 *   OFFSET  HH HH ...  |ascii|          hexdump -C ("*" repeats a line)
 *   OFFSET: HHHH HHHH ...  ascii        xxd
 *   OO: HH HH ... HH    ascii           i2cdump (after its column header)
 *   HH HH HH ...                        bare bytes
 * The bytes are then decoded as a binary image.
 */
#include "source/sources.h"
#include "spd/spd.h"
#include "util/cursor.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SPD_HEX_MAX 4096u

typedef struct hex_error {
	size_t line;
	const char *why;
} hex_error;

static bool is_hex(char c)
{
	return ca_hex_value(c) >= 0;
}

static bool blank_char(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Reads the hex tokens of [p, end) into out at *pos. A token is an even
 * number of hex digits (xxd groups), "XX" (an i2cdump read error, read as
 * 0xFF). Returns false on anything else. */
static bool read_tokens(const char *p, const char *end, uint8_t *out, size_t cap, size_t *pos,
			bool stop_at_double_blank)
{
	size_t start = *pos;
	while (p < end) {
		if (blank_char(*p)) {
			if (stop_at_double_blank && p + 1 < end && blank_char(p[1]) && *pos > start)
				return true; /* the ascii column follows */
			p++;
			continue;
		}
		const char *t = p;
		while (p < end && !blank_char(*p))
			p++;
		size_t n = (size_t)(p - t);
		if (n == 2 && t[0] == 'X' && t[1] == 'X') {
			if (*pos < cap)
				out[*pos] = 0xFF;
			(*pos)++;
			continue;
		}
		if (n == 0 || n % 2 || n > 16)
			return false;
		for (size_t i = 0; i < n; i += 2) {
			if (!is_hex(t[i]) || !is_hex(t[i + 1]))
				return false;
			if (*pos < cap)
				out[*pos] = (uint8_t)(ca_hex_value(t[i]) << 4 | ca_hex_value(t[i + 1]));
			(*pos)++;
		}
	}
	return true;
}

/* Parses the text into out (up to cap bytes). Returns the byte count, or
 * 0 with *err set when the text is not one of the forms. */
static size_t parse(const char *buf, size_t len, uint8_t *out, size_t cap, hex_error *err)
{
	size_t pos = 0, line = 0, lines_with_bytes = 0;
	bool repeat = false;
	uint8_t last_row[16];
	size_t last_row_len = 0;
	const char *p = buf, *end = buf + len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end;
		line++;
		const char *s = p;
		p = eol ? eol + 1 : end;
		while (s < le && blank_char(*s))
			s++;
		const char *e = le;
		while (e > s && blank_char(e[-1]))
			e--;
		if (s == e || *s == '#')
			continue;
		if (e - s == 1 && *s == '*') {
			repeat = true;
			continue;
		}
		/* an offset: hex digits then ':' (xxd, i2cdump) or blanks (hexdump -C) */
		const char *q = s;
		while (q < e && is_hex(*q))
			q++;
		size_t digits = (size_t)(q - s);
		bool colon = q < e && *q == ':';
		bool offset = digits >= 2 && digits <= 8 && (colon || (q < e && blank_char(*q)) || q == e);
		bool bare = !colon && digits == 2; /* "92 10 0B": the first byte is no offset */
		if (offset && !bare) {
			uint32_t at = 0;
			for (const char *d = s; d < q; d++)
				at = at << 4 | (uint32_t)ca_hex_value(*d);
			const char *rest = colon ? q + 1 : q;
			const char *bar = memchr(rest, '|', (size_t)(e - rest));
			const char *stop = bar ? bar : e;
			if (repeat) {
				if (!last_row_len || at < pos || at > SPD_HEX_MAX) {
					*err = (hex_error){line, "a '*' repetition that does not fit"};
					return 0;
				}
				while (pos < at) {
					for (size_t i = 0; i < last_row_len && pos < at; i++, pos++)
						if (pos < cap)
							out[pos] = last_row[i];
				}
				repeat = false;
			}
			if (at != pos) {
				*err = (hex_error){line, "an offset that does not follow the previous line"};
				return 0;
			}
			size_t before = pos;
			if (!read_tokens(rest, stop, out, cap, &pos, !bar)) {
				*err = (hex_error){line, "a line that is not hex bytes"};
				return 0;
			}
			if (!colon && !bar && pos > before) {
				/* plain `hexdump`: 16-bit words in host byte order */
				*err = (hex_error){line, "plain hexdump output, whose byte order is ambiguous "
							 "(use hexdump -C or xxd)"};
				return 0;
			}
			last_row_len = pos - before < 16 ? pos - before : 16;
			for (size_t i = 0; i < last_row_len && before + i < cap; i++)
				last_row[i] = out[before + i];
			if (pos > before)
				lines_with_bytes++;
		} else {
			size_t before = pos;
			if (!read_tokens(s, e, out, cap, &pos, false)) {
				/* i2cdump's column header, a title: only before the bytes */
				if (lines_with_bytes == 0)
					continue;
				*err = (hex_error){line, "a line that is not hex bytes"};
				return 0;
			}
			if (pos > before)
				lines_with_bytes++;
		}
		if (pos > SPD_HEX_MAX) {
			*err = (hex_error){line, "more bytes than any SPD EEPROM holds (4096)"};
			return 0;
		}
	}
	if (!pos)
		*err = (hex_error){line, "no hex bytes"};
	return pos;
}

static bool text_only(const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((buf[i] < 0x20 && buf[i] != '\n' && buf[i] != '\r' && buf[i] != '\t') || buf[i] == 0x7F)
			return false;
	return len > 0;
}

bool cai_spd_hex_sniff(const uint8_t *buf, size_t len)
{
	/* at most 4096 bytes as text is about 20 kB */
	if (len > 64 * 1024 || !text_only(buf, len))
		return false;
	uint8_t bytes[SPD_HEX_MAX];
	hex_error err;
	size_t n = parse((const char *)buf, len, bytes, sizeof(bytes), &err);
	return n && cai_spd_plausible(bytes, n);
}

int cai_spd_hex_bytes(ca_host *h, const uint8_t *buf, size_t len, uint8_t **ret_bytes, size_t *ret_len)
{
	if (!cai_spd_hex_sniff(buf, len))
		return -EMEDIUMTYPE;
	uint8_t *bytes = malloc(SPD_HEX_MAX);
	if (!bytes)
		return -ENOMEM;
	hex_error err = {0, ""};
	size_t n = parse((const char *)buf, len, bytes, SPD_HEX_MAX, &err);
	if (!n) {
		cai_host_diag(h, CA_DIAG_ERROR, "spd.hex-unreadable", -1, (uint32_t)err.line, -1,
			      "SPD hex text: %s", err.why);
		free(bytes);
		return -EBADMSG;
	}
	*ret_bytes = bytes;
	*ret_len = n;
	return 0;
}

int cai_spd_hex_read(ca_host *h, const uint8_t *buf, size_t len)
{
	h->format = CA_FORMAT_SPD_HEX;
	uint8_t *bytes;
	size_t n;
	int r = cai_spd_hex_bytes(h, buf, len, &bytes, &n);
	if (r == -EMEDIUMTYPE) {
		cai_host_diag(h, CA_DIAG_ERROR, "spd.hex-unreadable", -1, 1, -1,
			      "not SPD hex text (hexdump -C, xxd, i2cdump or bare hex bytes)");
		return -EBADMSG;
	}
	if (r < 0)
		return r;
	r = cai_spd_read_image(h, bytes, n, NULL, 0);
	free(bytes);
	return r;
}
