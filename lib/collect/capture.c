/* SPDX-License-Identifier: MIT */
/*
 * chipaudit collect: reads the places of places.h (and the SMBIOS tables
 * and SPD EEPROMs) under a root and writes them, with a manifest first,
 * into a gzip-compressed pax tar archive through libarchive
 * (docs/collect.md). Serial numbers are withheld or masked unless asked
 * for; the manifest names each one.
 */
#include "chipaudit/chipaudit.h"
#include "chipaudit/collect.h"
#include "collect/places.h"
#include "source/sources.h"
#include "spd/spd.h"
#include "util/file.h"
#include "util/grow.h"

#include <archive.h>
#include <archive_entry.h>
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ATTR_CAP (64u * 1024u)          /* one sysfs attribute */
#define TABLE_CAP (4u * 1024u * 1024u)  /* the SMBIOS table, as scan reads it */

typedef struct member {
	char *path;
	uint8_t *data;
	size_t len;
} member;

typedef struct capture {
	const ca_collect_options *o;
	member *members;
	size_t n_members, cap_members;
	json_t *captured, *withheld, *not_captured, *absent;
	bool oom;
} capture;

static void note(json_t *list, const char *path, const char *reason, bool *oom)
{
	json_t *o = json_pack("{s:s, s:s}", "path", path, "reason", reason);
	if (!o || json_array_append_new(list, o) < 0)
		*oom = true;
}

/* Keeps data (taken over) as the member path. */
static void keep(capture *c, const char *path, uint8_t *data, size_t len)
{
	char *p = strdup(path);
	if (!p || cai_grow((void **)&c->members, &c->cap_members, c->n_members + 1, sizeof(member)) < 0 ||
	    json_array_append_new(c->captured, json_string(path)) < 0) {
		free(p);
		free(data);
		c->oom = true;
		return;
	}
	c->members[c->n_members++] = (member){p, data, len};
}

static bool is_hex(char ch)
{
	return isxdigit((unsigned char)ch) != 0;
}

/* Zeroes the unit-specific digits of a WWN ("naa.5002538e40a1b2c3",
 * "0x5000c500a1b2c3d4", "eui.0025385b71b0a1c2"), keeping the NAA digit and
 * the OUI. Returns false when the form is not one of those (then withheld). */
static bool mask_wwn(uint8_t *buf, size_t len)
{
	char *s = (char *)buf;
	size_t start, keep_digits;
	if (len > 4 && strncmp(s, "naa.", 4) == 0)
		start = 4, keep_digits = 7;
	else if (len > 2 && strncmp(s, "0x", 2) == 0)
		start = 2, keep_digits = 7;
	else if (len > 4 && strncmp(s, "eui.", 4) == 0)
		start = 4, keep_digits = 6;
	else
		return false;
	size_t i = start, n = 0;
	for (; i < len && is_hex(s[i]); i++, n++)
		if (n >= keep_digits)
			s[i] = '0';
	return n > keep_digits;
}

/* Zeroes the product serial number of an MMC (bytes 10-13) or SD (bytes
 * 9-12) CID written as 32 hex digits. */
static bool mask_cid(uint8_t *buf, size_t len, const char *type)
{
	size_t first;
	if (strcmp(type, "MMC") == 0)
		first = 20;
	else if (strcmp(type, "SD") == 0)
		first = 18;
	else
		return false;
	if (len < 32)
		return false;
	for (size_t i = 0; i < 32; i++)
		if (!is_hex((char)buf[i]))
			return false;
	memset(buf + first, '0', 8);
	return true;
}

/* Blanks the serial-number strings (system, board, chassis, processor,
 * memory device) of an SMBIOS table with 'X' (their lengths kept) and
 * zeroes the system UUID. Returns how many were blanked. */
static size_t mask_smbios(uint8_t *t, size_t len)
{
	size_t masked = 0, i = 0;
	while (i + 4 <= len) {
		uint8_t type = t[i], flen = t[i + 1];
		if (flen < 4 || i + flen > len)
			break;
		unsigned idx = 0;
		if ((type == 1 || type == 2 || type == 3) && flen > 7)
			idx = t[i + 7];
		else if (type == 4 && flen > 0x20)
			idx = t[i + 0x20];
		else if (type == 17 && flen > 0x18)
			idx = t[i + 0x18];
		if (type == 1 && flen >= 0x18) {
			memset(t + i + 8, 0, 16);
			masked++;
		}
		size_t s = i + flen;
		unsigned n = 1;
		while (s < len && t[s]) {
			size_t e = s;
			while (e < len && t[e])
				e++;
			if (n == idx) {
				memset(t + s, 'X', e - s);
				masked++;
			}
			n++;
			s = e + 1;
		}
		/* the string set ends with two NULs (one when there are no strings) */
		size_t next = s + 1;
		if (n == 1)
			next = i + flen + 2;
		if (type == 127 || next <= i)
			break;
		i = next;
	}
	return masked;
}

/* Zeroes the module serial number of an SPD image (DDR3 122-125, DDR4 and
 * LPDDR4/5 325-328, DDR5 517-520); a DDR3 CRC that covered it and was
 * right is computed again. */
static bool mask_spd(uint8_t *b, size_t len)
{
	if (len < 3)
		return false;
	size_t off;
	switch (b[2]) {
	case 0x0B: case 0x0F: off = 122; break;
	case 0x0C: case 0x0E: case 0x10: case 0x11: case 0x13: case 0x15: off = 325; break;
	case 0x12: off = 517; break;
	default: return false;
	}
	if (off + 4 > len)
		return false;
	bool covered = off == 122 && !(b[0] & 0x80) && len >= 128;
	bool crc_ok = covered && cai_spd_crc16(b, 126) == (uint16_t)(b[126] | b[127] << 8);
	memset(b + off, 0, 4);
	if (crc_ok) {
		uint16_t crc = cai_spd_crc16(b, 126);
		b[126] = (uint8_t)(crc & 0xFF);
		b[127] = (uint8_t)(crc >> 8);
	}
	return true;
}

/* Reads rel (absent files are skipped silently: an attribute a device
 * does not have) and keeps it, applying the serial policy. extra is the
 * MMC card type for CAI_MASK_CID. */
static void capture_file(capture *c, const char *rel, size_t cap, cai_serial_policy policy, const char *extra)
{
	size_t len = 0;
	int err = 0;
	char abs[1024];
	snprintf(abs, sizeof(abs), "/%s", rel); /* from the root, however it is given */
	uint8_t *buf = cai_file_read_in_root(c->o->root, abs, cap, &len, &err);
	if (!buf) {
		if (err == -ENOMEM)
			c->oom = true;
		else if (err != -ENOENT && err != -ENOTDIR)
			note(c->not_captured, rel, cai_file_strerror(err), &c->oom);
		else if (policy == CAI_MASK_SMBIOS)
			note(c->absent, rel, "not present on this machine (no SMBIOS tables exposed)", &c->oom);
		return;
	}
	if (!c->o->with_serials && policy != CAI_KEEP) {
		const char *why = NULL;
		bool ok = true;
		switch (policy) {
		case CAI_WITHHOLD: ok = false; why = "serial number: withheld"; break;
		case CAI_MASK_WWN:
			ok = mask_wwn(buf, len);
			why = ok ? "WWN: unit-specific digits zeroed, NAA and OUI kept"
				 : "identifier that may hold a serial number: withheld";
			break;
		case CAI_MASK_CID:
			ok = mask_cid(buf, len, extra ? extra : "");
			why = ok ? "CID: product serial number zeroed" : "CID of an unknown card type: withheld";
			break;
		case CAI_MASK_SMBIOS:
			mask_smbios(buf, len);
			why = "serial-number strings blanked with X, system UUID zeroed";
			break;
		case CAI_MASK_SPD:
			ok = mask_spd(buf, len);
			why = ok ? "module serial number zeroed" : "SPD of an unknown type: withheld";
			break;
		case CAI_KEEP: break;
		}
		note(c->withheld, rel, why, &c->oom);
		if (!ok) {
			free(buf);
			return;
		}
	}
	keep(c, rel, buf, len);
}

/* The text of a small attribute already captured (the MMC card type), or "". */
static const char *captured_text(const capture *c, const char *rel, char *out, size_t size)
{
	out[0] = '\0';
	for (size_t i = c->n_members; i-- > 0;)
		if (strcmp(c->members[i].path, rel) == 0) {
			size_t n = c->members[i].len < size - 1 ? c->members[i].len : size - 1;
			memcpy(out, c->members[i].data, n);
			out[n] = '\0';
			out[strcspn(out, "\n")] = '\0';
			break;
		}
	return out;
}

static void capture_place(capture *c, const cai_place *p)
{
	size_t n;
	char **names;
	int err = cai_place_list(c->o->root, p, &names, &n);
	if (err == -ENOMEM)
		c->oom = true;
	else if (err == -ENOENT)
		note(c->absent, p->dir, "not present on this machine", &c->oom);
	else if (err < 0)
		note(c->not_captured, p->dir, cai_file_strerror(err), &c->oom);
	for (size_t i = 0; i < n; i++) {
		char type[16] = "";
		for (size_t k = 0; k < p->n_attrs; k++) {
			char rel[512];
			snprintf(rel, sizeof(rel), "%s/%s/%s", p->dir, names[i], p->attrs[k].name);
			const char *extra = NULL;
			if (p->attrs[k].serial == CAI_MASK_CID) {
				char trel[512];
				snprintf(trel, sizeof(trel), "%s/%s/type", p->dir, names[i]);
				extra = captured_text(c, trel, type, sizeof(type));
			}
			capture_file(c, rel, ATTR_CAP, p->attrs[k].serial, extra);
		}
	}
	cai_place_list_free(names, n);
}

static void capture_all(capture *c)
{
	capture_file(c, "sys/firmware/dmi/tables/smbios_entry_point", 4096, CAI_KEEP, NULL);
	capture_file(c, "sys/firmware/dmi/tables/DMI", TABLE_CAP, CAI_MASK_SMBIOS, NULL);
	cai_spd_eeprom *list = NULL;
	size_t n = 0;
	cai_spd_sysfs_list(c->o->root, &list, &n);
	for (size_t i = 0; i < n; i++) {
		uint8_t *buf = NULL;
		size_t len = 0;
		const char *rel = list[i].rel + 1; /* without the leading slash */
		int err = cai_spd_sysfs_fetch(c->o->root, &list[i], &buf, &len);
		if (err == -EMEDIUMTYPE)
			continue; /* an EEPROM that holds no SPD: not evidence */
		free(buf);
		capture_file(c, rel, 4096, CAI_MASK_SPD, NULL);
	}
	free(list);
	for (size_t i = 0; i < cai_n_places; i++)
		capture_place(c, &cai_places[i]);
}

/* The manifest (docs/collect.md). */
static char *manifest_text(const capture *c)
{
	char when[32];
	time_t t = (time_t)c->o->time;
	struct tm tm;
	if (!gmtime_r(&t, &tm) || strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		strcpy(when, "unknown");
	const char *root = c->o->root && *c->o->root ? c->o->root : "/";
	json_t *m = json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:b, s:O, s:O, s:O, s:O}", "format",
			      "chipaudit-collect", "format_version", CA_COLLECT_FORMAT_VERSION, "tool",
			      "chipaudit " CA_VERSION_STRING, "jep106", ca_jep106_revision(), "created", when,
			      "root", root, "with_serials", c->o->with_serials, "captured", c->captured,
			      "withheld", c->withheld, "not_captured", c->not_captured, "absent", c->absent);
	if (!m)
		return NULL;
	char *text = json_dumps(m, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	json_decref(m);
	return text;
}

static int add_member(struct archive *ar, const char *path, const void *data, size_t len, long long mtime)
{
	struct archive_entry *e = archive_entry_new();
	if (!e)
		return -ENOMEM;
	archive_entry_set_pathname(e, path);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)len);
	archive_entry_set_mtime(e, (time_t)mtime, 0);
	archive_entry_set_uname(e, "root");
	archive_entry_set_gname(e, "root");
	int r = archive_write_header(ar, e);
	if (r == ARCHIVE_OK && len && archive_write_data(ar, data, len) != (la_ssize_t)len)
		r = ARCHIVE_FATAL;
	archive_entry_free(e);
	return r == ARCHIVE_OK ? 0 : -EIO;
}

int ca_collect_write(const ca_collect_options *o, FILE *out, ca_collect_summary *ret_summary,
		     char **ret_error)
{
	capture c = {.o = o,
		     .captured = json_array(),
		     .withheld = json_array(),
		     .not_captured = json_array(),
		     .absent = json_array()};
	int rc = 0;
	if (!c.captured || !c.withheld || !c.not_captured || !c.absent)
		c.oom = true;
	if (!c.oom)
		capture_all(&c);
	char *manifest = c.oom ? NULL : manifest_text(&c);
	struct archive *ar = manifest ? archive_write_new() : NULL;
	if (!ar) {
		rc = -ENOMEM;
	} else if (archive_write_set_format_pax_restricted(ar) != ARCHIVE_OK ||
		   archive_write_add_filter_gzip(ar) != ARCHIVE_OK ||
		   /* no name or time in the gzip header: the same capture gives the same bytes */
		   archive_write_set_filter_option(ar, "gzip", "timestamp", NULL) != ARCHIVE_OK ||
		   archive_write_set_bytes_in_last_block(ar, 1) != ARCHIVE_OK ||
		   archive_write_open_FILE(ar, out) != ARCHIVE_OK) {
		rc = -EIO;
	} else {
		rc = add_member(ar, CA_COLLECT_MANIFEST, manifest, strlen(manifest), o->time);
		for (size_t i = 0; i < c.n_members && rc == 0; i++)
			rc = add_member(ar, c.members[i].path, c.members[i].data, c.members[i].len, o->time);
		if (archive_write_close(ar) != ARCHIVE_OK && rc == 0)
			rc = -EIO;
	}
	if (rc == -EIO && ret_error)
		*ret_error = strdup(ar && archive_error_string(ar) ? archive_error_string(ar)
								  : "cannot write the archive");
	if (ar)
		archive_write_free(ar);
	if (rc == 0 && ret_summary)
		*ret_summary = (ca_collect_summary){.members = c.n_members,
						    .withheld = json_array_size(c.withheld),
						    .not_captured = json_array_size(c.not_captured)};
	for (size_t i = 0; i < c.n_members; i++) {
		free(c.members[i].path);
		free(c.members[i].data);
	}
	free(c.members);
	free(manifest);
	json_decref(c.captured);
	json_decref(c.withheld);
	json_decref(c.not_captured);
	json_decref(c.absent);
	return rc;
}
