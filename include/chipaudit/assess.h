/* SPDX-License-Identifier: MIT */
/*
 * The assessment of one host: the middle of chipaudit's flow.
 *
 *   evidence -> components -> makers -> findings -> writers / stores
 *
 * A policy (knowledge base, rule packs, profile, waivers, date) is opened
 * once and shared, read-only, by any number of threads. An assessment is
 * built from the evidence of one host (one or more files, buffers, or a live
 * tree): each evidence source is detected once and read by its reader; the
 * components it yields (memory devices, the system) have their makers
 * resolved exactly once; then the rules that bind the profile are evaluated
 * against those components. Writers (chipaudit/report.h) and stores read
 * the finished assessment and never resolve or evaluate again.
 */
#ifndef CHIPAUDIT_ASSESS_H
#define CHIPAUDIT_ASSESS_H

#include "chipaudit/chipaudit.h"
#include "chipaudit/identify.h"
#include "chipaudit/rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------- purchases */

/* A purchase list: when hosts or parts were bought (docs/rules.md). */
typedef struct ca_purchases ca_purchases;

/* What a key column names. */
typedef enum ca_purchase_key {
	CA_PURCHASE_KEY_HOST = 0,  /* host, file, path, evidence: an evidence path or base name */
	CA_PURCHASE_KEY_SERIAL,    /* serial, serial_number, ...: a system, module or drive serial */
	CA_PURCHASE_KEY_UUID,      /* uuid, system_uuid: the system UUID (any letter case) */
	CA_PURCHASE_KEY_ASSET_TAG, /* asset_tag, asset: a memory module's asset tag */
} ca_purchase_key;

/* One row: the key, which column it came from, and the purchase date. */
typedef struct ca_purchase {
	const char *key;
	const char *column; /* the header name, lower case */
	ca_purchase_key kind;
	const char *date;   /* "YYYY-MM-DD" */
	unsigned line;      /* 1-based line of the row */
} ca_purchase;

/* Loads a purchase list: CSV (comma, semicolon or tab) with a header row
 * naming a key column (host, file, path, evidence, serial, serial_number,
 * system_serial, module_serial, uuid, system_uuid, asset_tag, asset; the
 * first one wins) and a date column (purchase_date, purchased,
 * date_purchased, bought). Returns 0, -EINVAL with "FILE:LINE: reason" in
 * *ret_error, -errno reading the file, or -ENOMEM. */
int ca_purchases_load_file(const char *path, ca_purchases **ret, char **ret_error);
int ca_purchases_load_buffer(const char *name, const char *buf, size_t len, ca_purchases **ret,
			     char **ret_error);
void ca_purchases_free(ca_purchases *p);
const char *ca_purchases_name(const ca_purchases *p);
size_t ca_purchases_count(const ca_purchases *p);
const ca_purchase *ca_purchases_at(const ca_purchases *p, size_t i);
/* True once an assessment made with a policy holding p matched row i. */
bool ca_purchases_matched(const ca_purchases *p, size_t i);

/* ------------------------------------------------------------- policy */

typedef struct ca_policy ca_policy;

#define CA_POLICY_MAX_FILES 32u

/* What a policy is made of. Every field may be left zero. */
typedef struct ca_policy_options {
	const char *kb_files[CA_POLICY_MAX_FILES];   /* knowledge-base files, loaded in order */
	size_t n_kb_files;
	const char *rule_files[CA_POLICY_MAX_FILES]; /* rule packs or profiles, loaded in order */
	size_t n_rule_files;
	const char *profile; /* a shipped profile id, or a profile file; NULL: no rules applied */
	const char *waivers; /* waiver file, or NULL */
	const char *purchases; /* purchase list (CSV), or NULL */
	const char *as_of;   /* "YYYY-MM-DD", or NULL for today (UTC) */
} ca_policy_options;

/* Opens a policy: the built-in knowledge base and rule packs, then the
 * given files. Returns 0, -EINVAL (a file is invalid, or --profile names
 * neither a shipped profile nor a profile file, or the date is not
 * YYYY-MM-DD), -errno reading a file, -ENOTRECOVERABLE (the built-in data
 * is broken) or -ENOMEM. On failure *ret_error (when not NULL) gets a
 * malloc'd one-line message ("FILE:LINE: reason") the caller frees. */
int ca_policy_open(const ca_policy_options *options, ca_policy **ret_policy, char **ret_error);

/* Frees the policy. NULL is a no-op. Assessments made with it must be freed first. */
void ca_policy_free(ca_policy *policy);

const ca_kb *ca_policy_kb(const ca_policy *policy);
const ca_rules *ca_policy_rules(const ca_policy *policy);
/* The profile rules are evaluated for, or NULL when none was given. */
const ca_profile *ca_policy_profile(const ca_policy *policy);
const ca_waivers *ca_policy_waivers(const ca_policy *policy);
/* The purchase list, or NULL when none was given. */
const ca_purchases *ca_policy_purchases(const ca_policy *policy);
/* The date everything is judged on ("YYYY-MM-DD", never NULL). */
const char *ca_policy_as_of(const ca_policy *policy);

/* --------------------------------------------------------- components */

typedef enum ca_component_kind {
	CA_COMPONENT_SYSTEM = 0,    /* the machine as its maker sold it (SMBIOS type 1) */
	CA_COMPONENT_MEMORY_DEVICE, /* a memory slot or soldered memory (SMBIOS type 17) */
	CA_COMPONENT_BOM_LINE,      /* a line (or an alternate) of a bill of materials */
	/* devices beyond memory (ca_device): the kind is its ca_device_kind */
	CA_COMPONENT_NVME,          /* an NVMe drive */
	CA_COMPONENT_SATA,          /* a SATA drive */
	CA_COMPONENT_SAS,           /* a SAS/SCSI drive */
	CA_COMPONENT_EMMC,          /* eMMC or SD flash */
	CA_COMPONENT_PCI,           /* another PCI device */
	CA_COMPONENT_USB,           /* a USB device */
	CA_COMPONENT_GPU,           /* a graphics device */
	CA_COMPONENT_ORDER_LINE,    /* a line of an order list screened for export controls */
} ca_component_kind;

/* "system", "memory-device", "bom-line", "nvme", "sata", "sas", "emmc",
 * "pci", "usb", "gpu", "order-line". */
const char *ca_component_kind_name(ca_component_kind kind);

/* A resolver answer (ca_maker_answer, chipaudit/identify.h) as the
 * assessment keeps it: the same fields, its texts stored once at their
 * length (never NULL; "" when absent), so a host of thousands of modules
 * costs what its texts cost. */
typedef struct ca_maker {
	ca_confidence confidence; /* CA_CONFIDENCE_NONE: unknown (the reason in evidence) */
	bool heuristic;
	const ca_entity *maker;   /* NULL when known only by JEP106 id */
	const ca_entity *owner;   /* NULL when none known */
	const char *maker_id, *maker_name, *owner_id, *owner_name;
	const char *method, *field, *evidence, *rule;
} ca_maker;

/* One maker of a component in one role, as the resolver answered. */
typedef struct ca_component_maker {
	const char *role; /* "module", "dram", "register", "pmic", "system", "drive",
			     "controller", "nand", "vendor", "vram" */
	ca_maker answer;
} ca_component_maker;

/* A component of the host's inventory, with its makers resolved once. */
struct ca_component {
	ca_component_kind kind;
	size_t evidence;        /* index of the evidence source it came from */
	const ca_record *record; /* the record it was read from, or NULL */
	const char *label;      /* "Memory Device DIMM A (handle 0x0012)", "System (SMBIOS type 1)" */
	const char *locator;    /* slot name for waivers, or NULL */
	bool present;           /* a part is installed (false: an empty slot) */
	/* CA_COMPONENT_MEMORY_DEVICE: the typed view of the record, what the
	 * part number says and what disagrees between the evidence. */
	ca_memory_device memory;
	ca_part_info part;
	const char *conflict; /* "" when nothing disagrees */
	/* Devices beyond memory (kinds CA_COMPONENT_NVME ... CA_COMPONENT_GPU):
	 * the typed attributes as evidence gave them (device.kind is the
	 * matching ca_device_kind); part says what the model string tells. */
	ca_device device;
	/* Makers by role, in a fixed order per kind: for memory devices module,
	 * dram, register, pmic (n_makers 4 when identified, else 0); for the
	 * system, one entry per maker its Manufacturer string names; for
	 * drives (nvme, sata, sas, emmc) drive, controller, nand; for pci and
	 * usb devices vendor; for gpu vendor, vram. */
	bool identified;
	const ca_component_maker *makers;
	size_t n_makers;
	/* When the part was bought, from the policy's purchase list, or NULL;
	 * purchase_source says which row ("purchases.csv:12, serial 'S1'"). */
	const char *purchased;
	const char *purchase_source;
	/* When the part was made, from its SPD ("2019-W10"), and the first and
	 * last day of that week (YYYY-MM-DD); NULL when unknown. */
	const char *made, *made_first, *made_last;
	/* CA_COMPONENT_BOM_LINE: the line's place in the list, the line an
	 * alternate belongs to (0 for a main line), and the texts it was
	 * identified from ("" when absent). A list is judged as a purchase on
	 * the policy's date: purchased is that date. */
	unsigned bom_line, bom_alternate_of;
	const char *bom_maker, *bom_part, *bom_description, *bom_quantity, *bom_reference;
	/* CA_COMPONENT_ORDER_LINE (chipaudit/export.h): the line as given
	 * (its ship date the one it was screened on) and its screening result;
	 * both held by the assessment. NULL for other kinds. */
	const struct ca_order_line *order;
	const struct ca_screen_result *screen;
};

/* True for the kinds of devices beyond memory (CA_COMPONENT_NVME ... GPU). */
bool ca_component_is_device(const ca_component *c);

/* The answer for role ("dram", ...), or NULL when the component has none. */
const ca_maker *ca_component_maker_for(const ca_component *c, const char *role);

/* ----------------------------------------------------------- evidence */

/* One evidence source of a host: a file, a buffer or a live tree. */
typedef struct ca_evidence {
	const char *name;     /* path or label as given */
	ca_format format;     /* as detected (once) */
	int status;           /* 0 read; else the reader's -errno (-EMEDIUMTYPE: unrecognized) */
	const ca_host *host;  /* what it held: records and diagnostics */
	bool inventoried;     /* its components are the host's (false: a second SMBIOS source) */
} ca_evidence;

/* --------------------------------------------------------- assessment */

/* Creates an empty assessment of the host called label (a path, a folder,
 * "live"). policy must outlive it. Returns 0 or -ENOMEM. */
int ca_assessment_new(const ca_policy *policy, const char *label, ca_assessment **ret);

/* Frees the assessment. NULL is a no-op. */
void ca_assessment_free(ca_assessment *a);

/* Adds evidence in memory: the format is detected once and the reader for
 * it runs. name labels it in messages. Returns 0 when read, -EMEDIUMTYPE
 * when not a known format, the reader's -errno when unreadable (a
 * diagnostic of the evidence says why; the assessment keeps it), -ENOMEM,
 * or -E2BIG past 4096 sources or after ca_assessment_finish(). Pointers
 * from ca_assessment_evidence() taken before are then stale. */
int ca_assessment_add_buffer(ca_assessment *a, const char *name, const uint8_t *buf, size_t len);

/* Adds an evidence file: a regular file of at most CA_MAX_INPUT_BYTES,
 * read whole, then as ca_assessment_add_buffer(). An unreadable file is
 * kept as evidence with status -errno and a diagnostic. Same returns. */
int ca_assessment_add_file(ca_assessment *a, const char *path);

/* Like ca_assessment_add_file() for the file path that the caller has
 * already resolved to an O_PATH descriptor pfd (openat(folder, name,
 * O_PATH | O_NOFOLLOW | O_CLOEXEC), so a folder walk need not resolve the
 * whole path again); pfd is taken over and closed whatever the outcome.
 * Only a regular file is opened for reading (its type is checked on pfd,
 * then it is reopened through /proc/self/fd). path names the evidence.
 * Same returns. */
int ca_assessment_add_file_opened(ca_assessment *a, const char *path, int pfd);

/* Like ca_assessment_add_file() for the file name in the folder open as
 * dirfd (so a folder walk need not resolve the whole path again; name is
 * not followed when it is a symbolic link, and only a regular file is
 * read). Once ca_refuse_devices() has succeeded, dirfd must be a folder of
 * the process's own mount namespace: opened after it, and not through a
 * /proc magic link (/proc/self/fd/N), which can lead to a mount where
 * devices are not refused; for such a folder use
 * ca_assessment_add_file_opened(). path names the evidence. Same returns. */
int ca_assessment_add_file_at(ca_assessment *a, const char *path, int dirfd, const char *name);

/* Records evidence that could not be read at all (a folder that cannot be
 * listed, a device that cannot be opened): err is the -errno kept as its
 * status, message one plain sentence kept as its error diagnostic.
 * Returns err, or -ENOMEM. */
int ca_assessment_add_unreadable(ca_assessment *a, const char *name, int err, const char *message);

/* Adds a bill of materials or purchase list (CSV or TSV in UTF-8, UTF-16
 * or GB18030; header row and delimiter sniffed, preambles skipped): each
 * line, and each alternate (a row with an empty quantity under a line, or
 * alternate maker/part columns), becomes a component of kind
 * CA_COMPONENT_BOM_LINE whose makers are read from its manufacturer cell
 * and its part number. columns is NULL, or a spec such as
 * "maker=3,part=5" (1-based; roles maker, part, desc, qty, ref) that
 * replaces the header's roles. An assessment holds lists only, or
 * evidence of a host only. Returns 0 when lines were read, -EBADMSG when
 * none could be (a diagnostic says why), -EINVAL for a bad columns spec,
 * -ENOMEM, or -E2BIG as ca_assessment_add_buffer(). */
int ca_assessment_add_bom_buffer(ca_assessment *a, const char *name, const uint8_t *buf, size_t len,
				 const char *columns);

/* ca_assessment_add_bom_buffer() of a regular file of at most
 * CA_MAX_INPUT_BYTES; an unreadable file is kept as evidence with status
 * -errno and a diagnostic. */
int ca_assessment_add_bom_file(ca_assessment *a, const char *path, const char *columns);

/* A list read in parts: `chipaudit bom` screens a CSV/TSV list of any
 * length part by part, each part an assessment of its own, so memory does
 * not grow with the list. The file is streamed (UTF-8, through a window
 * of 1 MiB; UTF-16 and GB18030 lists, and XLSX and CycloneDX ones, are
 * read whole, at most CA_MAX_INPUT_BYTES, in one part). The columns, and
 * the line alternates belong to, carry from part to part. */
typedef struct ca_bom_list ca_bom_list;

/* Lines and alternates in a part of a list (chipaudit bom). */
#define CA_BOM_PART_LINES 16384u

/* Makes a list reader of the file path (not opened yet: an unreadable
 * file is reported by the first part). columns as
 * ca_assessment_add_bom_buffer(). Returns 0 or -ENOMEM. */
int ca_bom_list_open(const char *path, const char *columns, ca_bom_list **ret);

/* Frees the reader. NULL is a no-op. */
void ca_bom_list_free(ca_bom_list *l);

const char *ca_bom_list_path(const ca_bom_list *l);

/* True once the last part was read (or the list could not be read). */
bool ca_bom_list_done(const ca_bom_list *l);

/* Parts read so far. */
size_t ca_bom_list_parts(const ca_bom_list *l);

/* The line of the file the next part starts at. */
unsigned ca_bom_list_next_line(const ca_bom_list *l);

/* Adds the next part of l as a list of a: at most max_lines lines and
 * alternates (a row's alternate columns may add a few more). Returns as
 * ca_assessment_add_bom_buffer() for the first part (an unreadable file
 * is kept as evidence with status -errno); later parts return 0 or
 * -ENOMEM; -ENODATA once the list is done. */
int ca_assessment_add_bom_part(ca_assessment *a, ca_bom_list *l, size_t max_lines);

/* An annotated copy of a list (`chipaudit bom --annotate OUT`): the same
 * sheet, rows, columns and order as the input, plus the columns verdict,
 * maker, owner on the date, rule and evidence for each line and alternate.
 * CSV/TSV keep their delimiter, encoding (UTF-8 with or without a byte
 * order mark, UTF-16 with its byte order mark, GB18030), preamble and
 * quoting; a copied or written cell that starts with = + - @ (or a tab or
 * carriage return) gets a leading ' so a spreadsheet does not run it
 * (plain numbers such as -5 excepted). XLSX keeps every part of the
 * workbook but the screened sheets, to which inline-string cells are
 * appended. CycloneDX lists are refused. The copy is written to a new file
 * in OUT's folder and renamed over OUT by ca_bom_annotation_commit(). */
typedef struct ca_bom_annotation ca_bom_annotation;

/* Starts the copy of the list at path into out; columns as
 * ca_bom_list_open() (the same spec, so the same header is found). Refuses
 * out when it is the input (same file, by device and inode) or a folder,
 * and a CycloneDX input. Returns 0, or -errno with a malloc'd sentence in
 * *ret_error (when not NULL): -EEXIST (out is the input), -EISDIR,
 * -EMEDIUMTYPE (CycloneDX), -ENOMEM, or the error opening either file. */
int ca_bom_annotation_open(const char *path, const char *out, const char *columns,
			   ca_bom_annotation **ret, char **ret_error);

/* Writes the rows of the part of the list assessed in a (the assessment of
 * the part ca_assessment_add_bom_part() read), up to the row before line
 * next_line; next_line 0 when the list is done (every row left is
 * written). A CSV/TSV copy is written as the parts come, so memory does
 * not grow with the list. Returns 0, or -errno with *ret_error as above;
 * the copy is then abandoned. */
int ca_bom_annotation_add(ca_bom_annotation *w, const ca_assessment *a, unsigned next_line,
			  char **ret_error);

/* Finishes the copy (the rest of the input is copied) and renames it over
 * OUT. Returns 0, or -errno with *ret_error as above (OUT is then left
 * as it was). */
int ca_bom_annotation_commit(ca_bom_annotation *w, char **ret_error);

/* Frees w; an uncommitted copy is removed. NULL is a no-op. */
void ca_bom_annotation_free(ca_bom_annotation *w);

/* Adds the live SMBIOS tables under root (NULL or "" for "/"), then every
 * SPD EEPROM the at24, ee1004 and spd5118 drivers expose there
 * (ROOT/sys/bus/i2c/drivers/DRIVER/BUS-ADDR/eeprom), each a source of its
 * own that joins the SMBIOS device of its slot. Returns as
 * ca_sysfs_dmi_read(); the evidence is kept whatever the outcome. */
int ca_assessment_add_live(ca_assessment *a, const char *root);

/* Chooses the inventory source (see ca_assessment_inventory(); every other
 * readable SMBIOS source gets a note saying it adds no components), builds
 * the components, resolves their makers once, and evaluates the policy's
 * rules when it has a profile and some evidence was read. Returns 0, or
 * -ENOMEM. */
int ca_assessment_finish(ca_assessment *a);

/* One call: a new assessment of the files paths[0..n) as one host called
 * label, finished. Returns 0 (unreadable files are part of the result) or
 * -ENOMEM. */
int ca_assess_files(const ca_policy *policy, const char *label, const char *const *paths,
		    size_t n, ca_assessment **ret);

const ca_policy *ca_assessment_policy(const ca_assessment *a);
const char *ca_assessment_label(const ca_assessment *a);

/* The host's place in its report (0 unless set): writers that name hosts
 * by reference (CycloneDX bom-refs, HTML anchors) use it, so two hosts with
 * the same label (one file given twice) stay apart. Set a distinct one for
 * each host of a report. */
size_t ca_assessment_ordinal(const ca_assessment *a);
void ca_assessment_set_ordinal(ca_assessment *a, size_t ordinal);

size_t ca_assessment_evidence_count(const ca_assessment *a);
const ca_evidence *ca_assessment_evidence(const ca_assessment *a, size_t i);

/* The SMBIOS inventory of the host: the records of its first readable
 * binary SMBIOS source (live, dump, RSMB, raw table), else of its first
 * readable dmidecode text; or, when no source was readable, the first source's host (with
 * its diagnostics). NULL only for an assessment without evidence. */
const ca_host *ca_assessment_inventory(const ca_assessment *a);

/* True when at least one evidence source was read. */
bool ca_assessment_readable(const ca_assessment *a);

/* True when this evidence source was read without an error diagnostic. */
bool ca_evidence_complete(const ca_evidence *e);

/* True when every evidence source was read without an error diagnostic (a
 * truncated table, the structure cap, a broken string set): the inventory
 * may be missing parts otherwise. */
bool ca_assessment_complete(const ca_assessment *a);

size_t ca_assessment_component_count(const ca_assessment *a);
const ca_component *ca_assessment_component(const ca_assessment *a, size_t i);

/* The findings (NULL when no profile was given or nothing was readable). */
const ca_findings *ca_assessment_findings(const ca_assessment *a);

/* What was inspected: kinds of components this host's evidence could show.
 * Storage, network and other PCI/USB devices are inspected when the
 * evidence held them (ca_scope_kind_inspected); processors and SoCs and the
 * foundry of any chip never are. Writers say what was not
 * (ca_scope_not_inspected). */
typedef struct ca_scope {
	bool system;         /* the system maker (SMBIOS type 1) */
	bool memory_modules; /* memory devices (SMBIOS type 17) */
	size_t memory_devices, memory_present, memory_identified;
	size_t dram_attributed; /* present devices whose DRAM die maker is known */
	bool bom;               /* lines of a bill of materials or purchase list */
	size_t bom_lines, bom_attributed; /* lines and alternates; those whose maker is known */
	bool storage;           /* drives and flash (nvme, sata, sas, emmc components) */
	size_t drives, drives_attributed; /* those components; those whose drive maker is known */
	bool devices;           /* PCI, USB and GPU devices */
	size_t other_devices, other_attributed; /* those components; those whose vendor is known */
	bool orders;            /* lines of an order list screened for export controls */
	size_t order_lines;     /* those lines */
} ca_scope;

/* True when the host's evidence showed the kind of component that
 * ca_scope_not_inspected names by id ("storage", "pci-usb-devices",
 * "network-devices"): writers then leave it out of the "not inspected"
 * list. */
bool ca_scope_kind_inspected(const ca_scope *scope, const char *id);

/* The kinds of components a host's evidence may not show, as stable ids
 * ("storage", ...) with a description; NULL-terminated. */
typedef struct ca_scope_kind {
	const char *id;
	const char *description;
} ca_scope_kind;
extern const ca_scope_kind ca_scope_not_inspected[];

/* Fills *ret_scope. */
void ca_assessment_scope(const ca_assessment *a, ca_scope *ret_scope);

#ifdef __cplusplus
}
#endif

#endif
