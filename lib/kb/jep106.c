/* SPDX-License-Identifier: MIT */
/* JEDEC JEP106 manufacturer ids. A code means nothing without its bank:
 * 0x9B is Crucial in bank 6 and YMTC in bank 10. Lookups take both and
 * never match by prefix. */
#include "chipaudit/chipaudit.h"
#include "kb/jep106_table.h"
#include "util/cursor.h"

#include <errno.h>
#include <string.h>

bool ca_jep106_parity_ok(uint8_t code)
{
	return __builtin_popcount(code) % 2 == 1;
}

const char *ca_jep106_name(ca_jep106_id id)
{
	if (id.bank == 0 || !ca_jep106_parity_ok(id.code))
		return NULL;
	size_t lo = 0, hi = cai_jep106_table_len;
	unsigned key = ((unsigned)id.bank << 8) | id.code;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		unsigned k = ((unsigned)cai_jep106_table[mid].bank << 8) | cai_jep106_table[mid].code;
		if (k == key)
			return cai_jep106_table[mid].name;
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

size_t ca_jep106_count(void) { return cai_jep106_table_len; }
const char *ca_jep106_revision(void) { return cai_jep106_revision; }

int ca_jep106_parse_dmidecode(const char *text, ca_jep106_id *ret_id)
{
	if (!text)
		return -EINVAL;
	size_t n = strlen(text);
	if (n == 7 && memcmp(text, "Unknown", 7) == 0)
		return -ENODATA;
	ca_cursor c = ca_cursor_make(text, n);
	uint32_t bank, code;
	if (!ca_cursor_lit(&c, "Bank ") || !ca_cursor_dec(&c, &bank, 3) || bank == 0 ||
	    bank > 128 || !ca_cursor_lit(&c, ", Hex 0x") || !ca_cursor_hex(&c, &code, 2) ||
	    ca_cursor_left(&c) != 0)
		return -EINVAL;
	*ret_id = (ca_jep106_id){.bank = (uint8_t)bank, .code = (uint8_t)code};
	return 0;
}
