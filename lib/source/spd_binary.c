/* SPDX-License-Identifier: MIT */
/* A raw SPD EEPROM image (.bin, what `eeprom` in sysfs or a programmer
 * reads): 128 to 1024 bytes, decoded by the layout its key byte names. */
#include "source/sources.h"
#include "spd/spd.h"

bool cai_spd_binary_sniff(const uint8_t *buf, size_t len)
{
	return cai_spd_plausible(buf, len);
}

int cai_spd_binary_read(ca_host *h, const uint8_t *buf, size_t len)
{
	h->format = CA_FORMAT_SPD_BINARY;
	return cai_spd_read_image(h, buf, len, NULL, 0);
}
