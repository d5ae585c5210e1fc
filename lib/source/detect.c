/* SPDX-License-Identifier: MIT */
/* Recognizes the evidence format of a buffer and dispatches to its reader. */
#include "host_internal.h"
#include "source/smbios_table.h"

#include <errno.h>
#include <string.h>

#define TEXT_SNIFF_BYTES (256u * 1024u)

static bool has_anchor(const uint8_t *buf, size_t len)
{
	return (len >= 4 && memcmp(buf, "_SM_", 4) == 0) || (len >= 5 && memcmp(buf, "_SM3_", 5) == 0) ||
	       (len >= 5 && memcmp(buf, "_DMI_", 5) == 0);
}

ca_format ca_detect_format(const uint8_t *buf, size_t len)
{
	if (has_anchor(buf, len))
		return CA_FORMAT_SMBIOS_DUMP;
	size_t sniff = len < TEXT_SNIFF_BYTES ? len : TEXT_SNIFF_BYTES;
	if (memmem(buf, sniff, "Handle 0x", 9) || memmem(buf, sniff, "# dmidecode", 11) ||
	    memmem(buf, sniff, "No SMBIOS nor DMI entry point", 29))
		return CA_FORMAT_DMIDECODE_TEXT;
	if (len >= 12 && buf[1] >= 2 && buf[1] <= 3 && smbios_looks_like_table(buf + 8, len - 8))
		return CA_FORMAT_SMBIOS_RSMB;
	if (smbios_looks_like_table(buf, len))
		return CA_FORMAT_SMBIOS_TABLE;
	return CA_FORMAT_UNKNOWN;
}

int ca_read_evidence(ca_host *h, const uint8_t *buf, size_t len)
{
	switch (ca_detect_format(buf, len)) {
	case CA_FORMAT_SMBIOS_DUMP:
	case CA_FORMAT_SMBIOS_RSMB:
	case CA_FORMAT_SMBIOS_TABLE:
		return ca_smbios_read_dump(h, buf, len);
	case CA_FORMAT_DMIDECODE_TEXT:
		return ca_dmidecode_text_read(h, (const char *)buf, len);
	case CA_FORMAT_SMBIOS_SYSFS:
	case CA_FORMAT_UNKNOWN:
		break;
	}
	if (len == 0)
		host_diag(h, CA_DIAG_ERROR, "input.empty", 0, 0, -1, "the file is empty");
	else
		host_diag(h, CA_DIAG_ERROR, "input.unrecognized", 0, 0, -1,
			  "not a recognized evidence format: expected dmidecode text or an SMBIOS dump "
			  "(dmidecode --dump-bin, RSMB or a raw table)");
	return -EMEDIUMTYPE;
}
