/* SPDX-License-Identifier: MIT */
/* The host inventory as sources build it. Private to the library. */
#ifndef CA_HOST_INTERNAL_H
#define CA_HOST_INTERNAL_H

#include "chipaudit/chipaudit.h"
#include "util/arena.h"

#include <stdarg.h>

typedef struct staged_field {
	const char *name;
	const char *value;
	size_t first_item;
	size_t n_items;
} staged_field;

struct ca_host {
	cai_arena arena;
	const char *source;
	ca_format format;
	char smbios_version[16];
	char tool_version[16];

	ca_record *records;
	size_t n_records, cap_records;

	ca_diagnostic *diags;
	size_t n_diags, cap_diags, diags_dropped;

	/* Record under construction (between cai_host_record_begin and _end). */
	bool building;
	ca_record pending;
	staged_field *staged;
	size_t n_staged, cap_staged;
	const char **staged_items;
	size_t n_staged_items, cap_staged_items;
};

/* Starts a record. title is copied. Returns 0 or -ENOMEM / -E2BIG (too many records). */
int cai_host_record_begin(ca_host *h, uint8_t type, uint16_t handle, uint16_t length,
		      int64_t offset, uint32_t line, const char *title);

/* Adds a field to the pending record; name and value are copied
 * (name_len/value_len bytes). Returns 0, -ENOMEM, or -E2BIG past the cap. */
int cai_host_field_addn(ca_host *h, const char *name, size_t name_len,
		    const char *value, size_t value_len);

/* Adds a field whose name is a string literal (not copied); the value
 * (value_len bytes) is copied. Returns as cai_host_field_addn(). */
int cai_host_field_adds(ca_host *h, const char *static_name, const char *value, size_t value_len);

/* Adds a field whose name is a string literal (not copied) and whose
 * value is printf-formatted. Returns as cai_host_field_addn(). */
int cai_host_field_addf(ca_host *h, const char *static_name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Appends a list item (copied) to the last field of the pending record.
 * Returns 0, -ENOMEM, -E2BIG, or -EINVAL when there is no field yet. */
int cai_host_item_addn(ca_host *h, const char *item, size_t len);

/* Finishes the pending record and stores it. Returns 0 or -ENOMEM. */
int cai_host_record_end(ca_host *h);

/* Drops the pending record, if any. */
void cai_host_record_abort(ca_host *h);

/* Records a diagnostic. Never fails: when memory or the cap runs out the
 * diagnostic is counted in diags_dropped. */
void cai_host_diag(ca_host *h, ca_diag_level level, const char *code, int64_t offset,
	       uint32_t line, int32_t handle, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* Copies a string into the host's arena; returns NULL when out of memory. */
const char *cai_host_strndup(ca_host *h, const char *s, size_t len);

#endif
