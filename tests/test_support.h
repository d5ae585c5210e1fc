/* SPDX-License-Identifier: MIT */
/* Helpers shared by the unit tests. */
#ifndef CA_TEST_SUPPORT_H
#define CA_TEST_SUPPORT_H

#include "chipaudit/chipaudit.h"

#include <stddef.h>
#include <stdint.h>

/* Reads TEST_DATA_DIR/rel into a malloc'd buffer (NUL-terminated, the NUL
 * not counted in *ret_len). Fails the test when the file is missing. */
uint8_t *fixture_read(const char *rel, size_t *ret_len);

/* Reads any path; returns NULL when it cannot. */
uint8_t *file_read(const char *path, size_t *ret_len);

/* Returns a static path TEST_DATA_DIR/rel (overwritten by the next call). */
const char *fixture_path(const char *rel);

/* Reads evidence through ca_read_evidence(); *ret_status gets its return. */
ca_host *host_from_buffer(const uint8_t *buf, size_t len, int *ret_status);
ca_host *host_from_fixture(const char *rel, int *ret_status);

/* Result of comparing the records of two hosts field by field. */
typedef struct host_comparison {
	size_t records_matched;
	size_t fields_compared;
	size_t mismatches;          /* values or list items that differ */
	size_t missing_records;     /* in a but not in b (by type and handle) */
	size_t fields_only_in_b;    /* b printed, a did not decode (coverage gap) */
	char first_mismatch[512];
} host_comparison;

/* Compares every record of host a with the record of the same type and
 * handle in b, for the record types in types[0..n_types) (all types when
 * n_types is 0). */
host_comparison compare_hosts(const ca_host *a, const ca_host *b, const uint8_t *types,
			      size_t n_types);

/* Renders evidence buf as one host of a report in format ("json",
 * "table") through an assessment under a policy without rules. Returns a
 * malloc'd string, or NULL when out of memory. */
char *render_buffer(const uint8_t *buf, size_t len, const char *format);

/* Counts diagnostics with the given code. */
size_t count_diags(const ca_host *h, const char *code);

#endif
