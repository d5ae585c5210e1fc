/* SPDX-License-Identifier: MIT */
/*
 * The table of evidence readers, as pciutils keeps its access methods: each
 * entry recognizes one format from the bytes and reads it into a host.
 * Detection walks the table once, in order (the first entry that
 * recognizes the bytes reads them); readers never sniff again.
 *
 * Adding a format: write lib/source/FORMAT.c with a sniff and a read
 * function, declare them below, and add one row to the table in sources.c.
 */
#ifndef CA_SOURCE_SOURCES_H
#define CA_SOURCE_SOURCES_H

#include "host_internal.h"

typedef struct source_reader {
	ca_format format;
	/* True when buf[0..len) is this format. Cheap, never allocates. */
	bool (*sniff)(const uint8_t *buf, size_t len);
	/* Reads buf into h; returns 0, -EBADMSG (a diagnostic says why) or -ENOMEM. */
	int (*read)(ca_host *h, const uint8_t *buf, size_t len);
	/* What a user gives, as the diagnostic for an unrecognized file lists it
	 * ("smartctl -x"), and whether it is text (listed for a text file too). */
	const char *what;
	bool text;
} source_reader;

/* The reader of the first table entry that recognizes buf, or NULL. */
const source_reader *cai_source_detect(const uint8_t *buf, size_t len);

/* smbios_dump.c: dmidecode --dump-bin (an entry point at offset 0). */
bool cai_smbios_dump_sniff(const uint8_t *buf, size_t len);
int cai_smbios_dump_read(ca_host *h, const uint8_t *buf, size_t len);
/* smbios_dump.c: Windows RSMB blob (8-byte header, then the table). */
bool cai_smbios_rsmb_sniff(const uint8_t *buf, size_t len);
int cai_smbios_rsmb_read(ca_host *h, const uint8_t *buf, size_t len);
/* smbios_dump.c: a bare structure table. */
bool cai_smbios_raw_table_sniff(const uint8_t *buf, size_t len);
int cai_smbios_raw_table_read(ca_host *h, const uint8_t *buf, size_t len);
/* dmidecode_text.c: dmidecode's text output, any version. */
bool cai_dmidecode_text_sniff(const uint8_t *buf, size_t len);
int cai_dmidecode_text_read(ca_host *h, const uint8_t *buf, size_t len);
/* smartctl_text.c: smartctl -x (or -a, -i) text of one drive. */
bool cai_smartctl_text_sniff(const uint8_t *buf, size_t len);
int cai_smartctl_text_read(ca_host *h, const uint8_t *buf, size_t len);
/* smartctl_json.c: smartctl -j (--json) output of one drive. */
bool cai_smartctl_json_sniff(const uint8_t *buf, size_t len);
int cai_smartctl_json_read(ca_host *h, const uint8_t *buf, size_t len);
/* spd_binary.c: a raw SPD EEPROM image. */
bool cai_spd_binary_sniff(const uint8_t *buf, size_t len);
int cai_spd_binary_read(ca_host *h, const uint8_t *buf, size_t len);
/* spd_hex.c: an SPD image as hexdump -C, xxd, i2cdump or bare hex text. */
bool cai_spd_hex_sniff(const uint8_t *buf, size_t len);
int cai_spd_hex_read(ca_host *h, const uint8_t *buf, size_t len);
/* spd_sysfs.c: live SPD EEPROMs under ROOT/sys/bus/i2c/drivers. */
typedef struct cai_spd_eeprom {
	unsigned bus, address;
	const char *driver; /* "at24", "ee1004", "spd5118" */
	char rel[96];       /* path of the eeprom attribute below the root */
} cai_spd_eeprom;
/* Lists the I2C clients of the SPD drivers, by bus and address, into a
 * malloc'd *ret (NULL when none). Returns 0. */
int cai_spd_sysfs_list(const char *root, cai_spd_eeprom **ret, size_t *ret_n);
/* Reads one eeprom attribute (inside root). Returns 0, -EMEDIUMTYPE when
 * it holds no SPD image, or the -errno of reading it. */
int cai_spd_sysfs_fetch(const char *root, const cai_spd_eeprom *e, uint8_t **ret_buf, size_t *ret_len);
/* Decodes a fetched image into h, located by bus and address. */
int cai_spd_sysfs_read(ca_host *h, const cai_spd_eeprom *e, const uint8_t *buf, size_t len);

/* collect_archive.c: a chipaudit collect archive. Extracts buf's members
 * into a new private folder (*ret_dir, malloc'd; remove it with
 * cai_collect_remove()) under the checks docs/collect.md states; every
 * member that is not extracted is a diagnostic in h naming it. Returns 0,
 * -EBADMSG (nothing could be read), -EIO (no folder) or -ENOMEM. */
int cai_collect_extract(ca_host *h, const uint8_t *buf, size_t len, char **ret_dir);
/* Removes a folder made by cai_collect_extract() and everything in it. */
void cai_collect_remove(const char *dir);

/* The end of a device reader (sources.c): rc as is when -ENOMEM; when no
 * device was read (n == 0), an error diagnostic code saying message and
 * -EBADMSG; else 0. */
int cai_source_devices_done(ca_host *h, int rc, size_t n, const char *code, const char *message);

/* JSON tool output (sources.c): buf parsed with jansson's flags, or NULL
 * with an error diagnostic giving the line and offset; the caller
 * json_decref()s it. cai_source_json_text: the non-empty string member
 * key of o, or NULL. */
struct json_t;
struct json_t *cai_source_json_load(ca_host *h, const uint8_t *buf, size_t len, size_t flags);
const char *cai_source_json_text(struct json_t *o, const char *key);

/* Saved tool output, one device per entry, with cai_host_add_device(). */
bool cai_lspci_text_sniff(const uint8_t *buf, size_t len);    /* lspci_text.c: lspci -nn, -vnn */
int cai_lspci_text_read(ca_host *h, const uint8_t *buf, size_t len);
bool cai_lspci_machine_sniff(const uint8_t *buf, size_t len); /* lspci_machine.c: lspci -vmm -nn */
int cai_lspci_machine_read(ca_host *h, const uint8_t *buf, size_t len);
bool cai_lsusb_text_sniff(const uint8_t *buf, size_t len);    /* lsusb_text.c: lsusb, lsusb -v */
int cai_lsusb_text_read(ca_host *h, const uint8_t *buf, size_t len);
bool cai_nvme_list_json_sniff(const uint8_t *buf, size_t len); /* nvme_list_json.c */
int cai_nvme_list_json_read(ca_host *h, const uint8_t *buf, size_t len);
bool cai_lshw_json_sniff(const uint8_t *buf, size_t len);     /* lshw_json.c: lshw -json */
int cai_lshw_json_read(ca_host *h, const uint8_t *buf, size_t len);

/* Live device sources under root (NULL or "/": this machine), named in
 * messages from display: each reads its sysfs place (lib/collect/places.c)
 * into h with cai_host_add_device(). Return 0, -ENOENT when the place is
 * absent, another -errno when it cannot be listed (a diagnostic says so),
 * or -ENOMEM. */
int cai_nvme_sysfs_read(ca_host *h, const char *root, const char *display);  /* nvme_sysfs.c */
int cai_block_sysfs_read(ca_host *h, const char *root, const char *display); /* block_sysfs.c */
int cai_mmc_sysfs_read(ca_host *h, const char *root, const char *display);   /* mmc_sysfs.c */
int cai_pci_sysfs_read(ca_host *h, const char *root, const char *display);   /* pci_sysfs.c (libpci) */
int cai_usb_sysfs_read(ca_host *h, const char *root, const char *display);   /* usb_sysfs.c */

/* smbios_sysfs.c: ca_sysfs_dmi_read() with the paths in messages written
 * from display (the name the tree is known by) instead of root. */
int cai_sysfs_dmi_read_as(ca_host *h, const char *root, const char *display);

#endif
