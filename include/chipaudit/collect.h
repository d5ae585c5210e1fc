/* SPDX-License-Identifier: MIT */
/*
 * chipaudit collect: this machine's raw evidence (SMBIOS tables, SPD
 * images, the sysfs attributes of NVMe, SATA/SAS, MMC, PCI, USB and GPU
 * devices) in one archive that `chipaudit audit` reads on another machine.
 * The format is documented in docs/collect.md: a POSIX (pax) tar archive,
 * gzip-compressed, whose first member is a JSON manifest and whose other
 * members mirror the sysfs paths they were read from.
 */
#ifndef CHIPAUDIT_COLLECT_H
#define CHIPAUDIT_COLLECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The manifest member's name and the format version this library writes
 * and reads. */
#define CA_COLLECT_MANIFEST "chipaudit-collect.json"
#define CA_COLLECT_FORMAT_VERSION 1

/* Caps on what an archive may hold when read (docs/collect.md). */
#define CA_COLLECT_MAX_MEMBERS 20000u
#define CA_COLLECT_MAX_MEMBER_BYTES (4u * 1024u * 1024u)
#define CA_COLLECT_MAX_TOTAL_BYTES (64u * 1024u * 1024u)
#define CA_COLLECT_MAX_DEPTH 16u

typedef struct ca_collect_options {
	const char *root;  /* the tree to capture: NULL or "/" for this machine */
	bool with_serials; /* keep serial numbers (else withheld or masked, said in the manifest) */
	long long time;    /* seconds since 1970 written as the capture time and member times */
} ca_collect_options;

/* What a capture held. */
typedef struct ca_collect_summary {
	size_t members;      /* evidence members (the manifest not counted) */
	size_t withheld;     /* serial-number attributes left out or masked */
	size_t not_captured; /* attributes or folders that could not be read */
} ca_collect_summary;

/* Captures the evidence under o->root and writes the archive to out (which
 * the caller opened, and syncs and closes). Nothing else is written; no
 * network is used. Attributes that could not be read (permission denied,
 * not a regular file, too large) are named with their reason in the
 * manifest. Returns 0, -EIO when the archive could not be written (the
 * reason in *ret_error, malloc'd, when ret_error is not NULL), or -ENOMEM. */
int ca_collect_write(const ca_collect_options *o, FILE *out, ca_collect_summary *ret_summary,
		     char **ret_error);

/* True when buf starts like a collect archive: a gzip stream whose first
 * tar member is CA_COLLECT_MANIFEST. */
bool ca_collect_sniff(const unsigned char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif
