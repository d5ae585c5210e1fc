/* SPDX-License-Identifier: MIT */
/*
 * libchipaudit — public interface.
 *
 * The flow: evidence (bytes) -> host inventory (records with fields) ->
 * components (typed views such as ca_memory_device) -> makers -> findings.
 *
 * Conventions:
 *  - Functions return 0 or a positive count on success and a negative errno
 *    value on failure. They never print and never exit.
 *  - Out-parameters are named ret_* and are written only on success.
 *  - Strings returned through const pointers are owned by the ca_host they
 *    came from and stay valid until ca_host_free().
 *  - Parsers take (buf, len); they never read past len and never require
 *    buf to be NUL-terminated.
 */
#ifndef CHIPAUDIT_CHIPAUDIT_H
#define CHIPAUDIT_CHIPAUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CA_VERSION_STRING "0.1.0"

/* Named caps on input-controlled sizes. */
#define CA_MAX_INPUT_BYTES (64u * 1024u * 1024u) /* one evidence file */
#define CA_MAX_RECORDS 65536u                    /* structures per host */
#define CA_MAX_FIELDS_PER_RECORD 256u
#define CA_MAX_DIAGNOSTICS 256u                  /* further ones are counted */
#define CA_MAX_VALUE_BYTES 65536u                /* one string or text line; longer ones
						    are cut, with a warning */

/* ---------------------------------------------------------------- hosts */

typedef struct ca_host ca_host;

/* Evidence formats a host can be read from. */
typedef enum ca_format {
	CA_FORMAT_UNKNOWN = 0,
	CA_FORMAT_SMBIOS_DUMP,     /* dmidecode --dump-bin: entry point, table at 0x20 */
	CA_FORMAT_SMBIOS_RSMB,     /* Windows GetSystemFirmwareTable('RSMB') blob */
	CA_FORMAT_SMBIOS_TABLE,    /* raw structure table, no entry point */
	CA_FORMAT_SMBIOS_SYSFS,    /* live /sys/firmware/dmi/tables */
	CA_FORMAT_DMIDECODE_TEXT,  /* dmidecode text output, any version */
	CA_FORMAT_SPD_BINARY,      /* a memory module's SPD EEPROM image, raw bytes */
	CA_FORMAT_SPD_HEX,         /* the same as text: hexdump -C, xxd, i2cdump, bare hex */
	CA_FORMAT_SPD_SYSFS,       /* live SPD EEPROMs under /sys/bus/i2c/drivers */
	CA_FORMAT_BOM_CSV,         /* a bill of materials or purchase list as CSV/TSV (chipaudit bom) */
	CA_FORMAT_BOM_XLSX,        /* the same as an XLSX workbook */
	CA_FORMAT_BOM_CYCLONEDX,   /* the same as a CycloneDX JSON (1.4 to 1.6) bill of materials */
	CA_FORMAT_COLLECT_ARCHIVE, /* a chipaudit collect archive (docs/collect.md) */
	CA_FORMAT_NVME_SYSFS,      /* live NVMe controllers, /sys/class/nvme */
	CA_FORMAT_BLOCK_SYSFS,     /* live SATA/SAS/SCSI disks, /sys/block/sd* */
	CA_FORMAT_MMC_SYSFS,       /* live eMMC and SD cards, /sys/bus/mmc/devices */
	CA_FORMAT_PCI_SYSFS,       /* live PCI devices through libpci, /sys/bus/pci */
	CA_FORMAT_USB_SYSFS,       /* live USB devices, /sys/bus/usb/devices */
	CA_FORMAT_LSPCI_TEXT,      /* lspci -vnn (or -nn, -vvnn) output */
	CA_FORMAT_LSPCI_MACHINE,   /* lspci -vmm -nn output */
	CA_FORMAT_LSUSB_TEXT,      /* lsusb -v output */
	CA_FORMAT_NVME_LIST_JSON,  /* nvme list -o json output (nvme-cli) */
	CA_FORMAT_LSHW_JSON,       /* lshw -json output */
	CA_FORMAT_SMARTCTL_TEXT,   /* smartctl -x / -a / -i text: one drive */
	CA_FORMAT_SMARTCTL_JSON,   /* smartctl -j (--json) output: one drive */
	CA_FORMAT_ORDER_LIST,      /* an order list screened for export controls (chipaudit screen) */
} ca_format;

/* Returns a static lowercase name such as "smbios-dump" ("unknown" for bad values). */
const char *ca_format_name(ca_format format);

typedef enum ca_diag_level {
	CA_DIAG_ERROR = 0,   /* part of the evidence could not be read */
	CA_DIAG_WARNING = 1, /* evidence read, but something is off */
	CA_DIAG_NOTE = 2,    /* informational (quirk applied, field absent) */
} ca_diag_level;

/* Returns "error", "warning" or "note". */
const char *ca_diag_level_name(ca_diag_level level);

typedef struct ca_diagnostic {
	ca_diag_level level;
	const char *code;    /* stable identifier, e.g. "smbios.structure-truncated" */
	const char *message; /* one plain sentence */
	int64_t offset;      /* byte offset in the input, -1 if none */
	uint32_t line;       /* 1-based line of text input, 0 if none */
	int32_t handle;      /* SMBIOS handle concerned, -1 if none */
} ca_diagnostic;

/* One field of a record, as name and canonical text value (dmidecode 3.6
 * spelling, whatever version or binary form the evidence came in). A field
 * that is a list (e.g. "Characteristics") has value "" and its items in
 * items[0..n_items). */
typedef struct ca_field {
	const char *name;
	const char *value;
	const char *const *items;
	size_t n_items;
} ca_field;

/* One SMBIOS structure. */
typedef struct ca_record {
	uint8_t type;
	uint16_t handle;
	uint16_t length;   /* declared formatted length, 0 if unknown */
	int64_t offset;    /* byte offset of the structure in the input, -1 if none */
	uint32_t line;     /* 1-based line of the "Handle" line in text input, 0 if none */
	const char *title; /* e.g. "Memory Device" */
	const ca_field *fields;
	size_t n_fields;
} ca_record;

/* Creates an empty host. Returns NULL when out of memory. Free with ca_host_free(). */
ca_host *ca_host_new(void);

/* Frees the host and every string and record it owns. NULL is a no-op. */
void ca_host_free(ca_host *host);

/* Sets a label naming where the evidence came from (a path, "live").
 * The string is copied. Returns 0 or -ENOMEM. */
int ca_host_set_source(ca_host *host, const char *source);

/* Returns the label set by ca_host_set_source(), or "" if none. */
const char *ca_host_source(const ca_host *host);

/* Returns the format of the evidence the host was read from. */
ca_format ca_host_format(const ca_host *host);

/* SMBIOS version announced by the evidence as "3.2.0" / "2.7", or "" when unknown. */
const char *ca_host_smbios_version(const ca_host *host);

/* For dmidecode text: the dmidecode version that wrote it ("3.2"), else "". */
const char *ca_host_tool_version(const ca_host *host);

size_t ca_host_record_count(const ca_host *host);

/* Returns record i (0-based, in evidence order) or NULL when i is out of range. */
const ca_record *ca_host_record(const ca_host *host, size_t i);

/* Returns the first record of the given SMBIOS type, or NULL when none. */
const ca_record *ca_host_find_record(const ca_host *host, uint8_t type);

size_t ca_host_diagnostic_count(const ca_host *host);

/* Returns diagnostic i or NULL when i is out of range. */
const ca_diagnostic *ca_host_diagnostic(const ca_host *host, size_t i);

/* The last diagnostic of level error (the one that says why the evidence
 * failed or stopped short), or NULL when there is none. */
const ca_diagnostic *ca_host_last_error(const ca_host *host);

/* Attaches a diagnostic found by the caller (for example an I/O error
 * while reading the evidence file) to the host. code should be a stable
 * identifier such as "input.read-failed"; message is copied. offset is
 * -1 when none. Never fails (see ca_host_diagnostics_dropped()). */
void ca_host_add_diagnostic(ca_host *host, ca_diag_level level, const char *code,
			    int64_t offset, const char *message);

/* Diagnostics beyond CA_MAX_DIAGNOSTICS are not stored but counted here. */
size_t ca_host_diagnostics_dropped(const ca_host *host);

/* Returns the field's value, or NULL when the record lacks it. */
const char *ca_record_value(const ca_record *record, const char *name);

/* Returns the field, or NULL when the record lacks it. */
const ca_field *ca_record_field(const ca_record *record, const char *name);

/* ---------------------------------------------------------- evidence */

/* Reads an SMBIOS entry point (_SM3_, _SM_, _DMI_) followed by its table
 * as `dmidecode --dump-bin` writes it (table at the offset the entry point
 * names, usually 0x20), or a Windows RSMB blob, or a bare structure table.
 * Decodes the structures into host.
 * Returns 0 when at least one structure was decoded, -EBADMSG when the input
 * holds no usable SMBIOS data (a diagnostic says why), -ENOMEM. */
int ca_smbios_read_dump(ca_host *host, const uint8_t *buf, size_t len);

/* Decodes a bare SMBIOS structure table whose version is given as
 * major/minor/docrev (e.g. 3,2,0; 0,0,0 when unknown: decode everything
 * the lengths allow). Same returns as ca_smbios_read_dump(). */
int ca_smbios_read_table(ca_host *host, const uint8_t *table, size_t len,
			 uint8_t major, uint8_t minor, uint8_t docrev);

/* Reads the text `dmidecode` prints, any version from 2.x to 3.6, with or
 * without junk before the header. Same returns as ca_smbios_read_dump(). */
int ca_dmidecode_text_read(ca_host *host, const char *buf, size_t len);

/* Reads the live tables under root (NULL or "" for "/"):
 * ROOT/sys/firmware/dmi/tables/{smbios_entry_point,DMI}.
 * Returns 0, -EACCES (not permitted: not root), -ENOENT (no tables exposed),
 * -EBADMSG (tables unreadable), -ENOMEM. On -EACCES/-ENOENT the host holds
 * one diagnostic naming the file. */
int ca_sysfs_dmi_read(ca_host *host, const char *root);

/* One field of an SPD image as the decoder read it. */
typedef struct ca_spd_line {
	unsigned first, last; /* the bytes it came from */
	char name[40];        /* "module maker id", "part number", "CRC of bytes 0-125", ... */
	char value[128];      /* "Bank 1, Hex 0x2C", "ok (0x3640)", ... */
} ca_spd_line;

/* Decodes an SPD EEPROM image, raw bytes or hex text (hexdump -C, xxd,
 * i2cdump, bare hex), field by field into lines[0..cap); problems go to
 * host as diagnostics. *ret_layout gets "DDR3", "DDR4", "DDR5" or
 * "LPDDR5". Returns the number of lines, -EMEDIUMTYPE when buf is not an
 * SPD image, -EBADMSG when it is one that cannot be decoded (blank,
 * truncated before byte 128, unknown type), or -ENOMEM. */
int ca_spd_explain(ca_host *host, const uint8_t *buf, size_t len, ca_spd_line *lines, size_t cap,
		   const char **ret_layout);

/* ca_spd_explain() of the regular file path (at most 64 KiB). Returns as
 * it does, or the -errno of reading the file (a diagnostic says why). */
int ca_spd_explain_file(ca_host *host, const char *path, ca_spd_line *lines, size_t cap,
			const char **ret_layout);

/* Guesses the format of a buffer from its content. Never fails. */
ca_format ca_detect_format(const uint8_t *buf, size_t len);

/* Detects the format and reads the evidence into host. Returns as the
 * reader it dispatches to; -EMEDIUMTYPE when the content is not a
 * recognized evidence format (a diagnostic says so). */
int ca_read_evidence(ca_host *host, const uint8_t *buf, size_t len);

/* ------------------------------------------------------- components */

/* A JEDEC JEP106 manufacturer id: bank 1..N and the code byte as stored,
 * parity bit included. bank == 0 means "absent or unknown". */
typedef struct ca_jep106_id {
	uint8_t bank;
	uint8_t code;
} ca_jep106_id;

/* Looks up a JEP106 id. Returns the manufacturer's name, or NULL when the
 * bank/code pair is not assigned or the code's odd parity is wrong. */
const char *ca_jep106_name(ca_jep106_id id);

/* Returns true when code has odd parity over its 8 bits (JEP106 rule). */
bool ca_jep106_parity_ok(uint8_t code);

/* Number of entries in the built-in JEP106 table, and its revision ("BO"). */
size_t ca_jep106_count(void);
const char *ca_jep106_revision(void);

/* Parses "Bank 1, Hex 0x2C" into ret_id. Returns 0, or -EINVAL when the
 * text is not of that form ("Unknown" gives -ENODATA). */
int ca_jep106_parse_dmidecode(const char *text, ca_jep106_id *ret_id);

/* Typed view of a Memory Device (SMBIOS type 17) record. Text pointers
 * point into the host; absent fields are NULL. */
typedef struct ca_memory_device {
	const ca_record *record;
	bool installed;           /* a module or soldered die is present */
	uint64_t size_bytes;      /* 0 when not installed or unknown */
	const char *locator;
	const char *bank_locator;
	const char *form_factor;  /* "DIMM", "SODIMM", "Row Of Chips", ... */
	const char *type;         /* "DDR4", "LPDDR5", ... */
	const char *type_detail;
	uint32_t speed_mts;       /* 0 when unknown */
	uint32_t configured_speed_mts;
	const char *manufacturer; /* the firmware's Manufacturer string, trimmed */
	const char *serial_number;
	const char *asset_tag;
	const char *part_number;
	uint8_t rank;             /* 0 when unknown */
	ca_jep106_id module_manufacturer;       /* SMBIOS 3.2+, from SPD */
	ca_jep106_id subsystem_controller_manufacturer;
	ca_jep106_id pmic0_manufacturer;        /* SMBIOS 3.7 */
	ca_jep106_id rcd_manufacturer;          /* SMBIOS 3.7 */
	/* Read from the module's SPD EEPROM (chipaudit's own fields; SMBIOS
	 * has none of them). */
	bool from_spd;                          /* the ids above came from SPD */
	ca_jep106_id dram_manufacturer;
	const char *manufacture_date;           /* "2019-W10" (ISO year and week), or NULL */
	const char *spd_crc;                    /* "ok", "bad", or NULL without SPD */
	const char *spd_source;                 /* the SPD evidence joined to an SMBIOS device, or NULL */
} ca_memory_device;

/* Fills ret_device from a type 17 record. Returns 0, or -EINVAL when the
 * record is not a memory device. */
int ca_memory_device_from_record(const ca_record *record, ca_memory_device *ret_device);

/* ------------------------------------------------------------ devices */

/* Devices beyond memory: drives, flash, PCI and USB devices, GPUs. */
typedef enum ca_device_kind {
	CA_DEVICE_NVME = 1, /* an NVMe controller (its drive) */
	CA_DEVICE_SATA,     /* a SATA (ATA) drive */
	CA_DEVICE_SAS,      /* a SAS or other SCSI drive */
	CA_DEVICE_EMMC,     /* eMMC or SD flash (MMC card) */
	CA_DEVICE_PCI,      /* any other PCI device (network, storage controller, ...) */
	CA_DEVICE_USB,      /* a USB device */
	CA_DEVICE_GPU,      /* a graphics device (and its VRAM) */
} ca_device_kind;

/* "nvme", "sata", "sas", "emmc", "pci", "usb", "gpu" ("unknown" for bad values). */
const char *ca_device_kind_name(ca_device_kind kind);

/* Which numeric ids of a ca_device are present (bits of ca_device.ids). */
enum {
	CA_DEVICE_HAS_PCI_VENDOR = 1u << 0,     /* pci_vendor */
	CA_DEVICE_HAS_PCI_DEVICE = 1u << 1,     /* pci_device */
	CA_DEVICE_HAS_PCI_SUBVENDOR = 1u << 2,  /* pci_subsystem_vendor */
	CA_DEVICE_HAS_PCI_SUBDEVICE = 1u << 3,  /* pci_subsystem_device */
	CA_DEVICE_HAS_PCI_CLASS = 1u << 4,      /* pci_class */
	CA_DEVICE_HAS_OUI = 1u << 5,            /* oui */
	CA_DEVICE_HAS_USB_VENDOR = 1u << 6,     /* usb_vendor */
	CA_DEVICE_HAS_USB_PRODUCT = 1u << 7,    /* usb_product */
	CA_DEVICE_HAS_EMMC_MANFID = 1u << 8,    /* emmc_manfid */
	CA_DEVICE_HAS_EMMC_OEMID = 1u << 9,     /* emmc_oemid */
};

/* A device as evidence describes it: typed attributes, each NULL (strings)
 * or absent from ids (numbers) when the evidence does not give it. Strings
 * are as the evidence wrote them, trimmed; they are owned by the host. */
typedef struct ca_device {
	ca_device_kind kind;
	unsigned ids;             /* CA_DEVICE_HAS_* bits */
	const char *model;        /* "Micron_5300_MTFDDAK480TDS", "ZHITAI TiPlus7100 1TB", product name */
	const char *vendor;       /* vendor string: SCSI/ATA vendor, sysfs/lspci/lsusb vendor name */
	const char *family;       /* a tool's family name for the model ("Samsung based SSDs",
				     smartctl's drive database), or NULL */
	const char *serial;       /* serial number (NULL unless the evidence holds it) */
	const char *firmware;     /* firmware version or revision */
	const char *bus_path;     /* "0000:01:00.0", "1-2.3", "nvme0", "sda", "mmc0:0001" */
	const char *wwn;          /* World Wide Name as written ("5 00a075 1c4f1a2b", "0x5000c500...") */
	const char *eui64;        /* NVMe EUI-64 or NGUID as written */
	uint16_t pci_vendor, pci_device;
	uint16_t pci_subsystem_vendor, pci_subsystem_device;
	uint32_t pci_class;       /* 24-bit class code (0x010802: NVMe) */
	uint32_t oui;             /* IEEE OUI, 24 bits: 0x002538 is 00-25-38 (NVMe Identify "IEEE") */
	uint16_t usb_vendor, usb_product;
	uint8_t emmc_manfid;      /* CID manufacturer id (its own numbering, not JEP106) */
	uint16_t emmc_oemid;      /* CID OEM/application id */
	const char *emmc_name;    /* CID product name ("BJTD4R") */
	const char *emmc_date;    /* CID manufacturing date as sysfs writes it ("08/2016") */
	const char *vram_vendor;  /* GPU memory vendor as the driver names it ("samsung", "hynix") */
	uint64_t capacity_bytes;  /* 0 when unknown */
	const char *rotation;     /* "Solid State Device", "7200 rpm", or NULL */
	const char *form_factor;  /* "2.5 inches", "M.2", or NULL */
	const char *transport;    /* "SATA 3.2, 6.0 Gb/s", "SAS (SPL-4)", "PCIe", or NULL */
	int64_t offset;           /* where in the evidence it was read: byte offset or -1 */
	uint32_t line;            /* 1-based line of text evidence, or 0 */
} ca_device;

/* The devices a host's evidence described, in the order read (see
 * cai_host_add_device in the library for how readers add them). */
size_t ca_host_device_count(const ca_host *host);
const ca_device *ca_host_device(const ca_host *host, size_t i);

/* Moves the process into a mount namespace of its own (inside a user
 * namespace of its own, mapped to the same user, when not root) in which
 * every mount is nodev, so the kernel refuses to open any device node for
 * anything in the process; mounts elsewhere are not changed (the
 * namespace is private). Then the files a folder walk found as regular
 * files (ca_assessment_add_file_at()) are opened directly (non-blocking,
 * checked regular after, never through a /proc magic link) rather than
 * through an O_PATH descriptor reopened through /proc: four system calls
 * a file rather than six. Files named by path keep the O_PATH way, so a
 * FIFO named by path is never opened. Call it before any thread starts
 * and after every file that is to be written is open (a device such as
 * /dev/null cannot be opened after). Returns 0, or -errno when the kernel
 * or the sandbox does not allow it, or the working folder is not under
 * "/" (left outside by a chroot, or on a detached mount): the O_PATH
 * method then stays for every file. */
int ca_refuse_devices(void);

/* Copies text for a terminal: C0 and C1 control characters (newline, ESC,
 * U+0080-U+009F), DEL, bytes that are not valid UTF-8, bidirectional
 * controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and line
 * separators (U+2028, U+2029) become '?'; everything else is kept. Evidence,
 * file names and data files can hold any of them. Returns a malloc'd
 * string, or NULL when out of memory. */
char *ca_terminal_text(const char *text);

/* The number of bytes at s (of len) that form one character to show as it
 * is, or 0 when s starts with something ca_terminal_text() replaces by '?'
 * (which then stands for one byte). */
size_t ca_terminal_char_len(const char *s, size_t len);

/* True when text is a real calendar date written YYYY-MM-DD (the form
 * every date option and data file uses). */
bool ca_date_valid(const char *text);

/* Parses a dmidecode size ("8 GB", "8192 MB", "16 GiB", "512 bytes") into
 * bytes. Returns 0, or -EINVAL when the text is not a size. */
int ca_parse_size(const char *text, uint64_t *ret_bytes);

/* Formats a size in bytes the way dmidecode 3.6 does ("8 GB", "1536 MB",
 * "64 kB") into buf. Returns the length written (truncated to size-1). */
size_t ca_format_size(uint64_t bytes, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* CHIPAUDIT_CHIPAUDIT_H */
