/* SPDX-License-Identifier: MIT */
/* The one way chipaudit reads a whole file (evidence, data, rule packs,
 * waivers, sysfs attributes). */
#ifndef CA_UTIL_FILE_H
#define CA_UTIL_FILE_H

#include <stddef.h>
#include <stdint.h>

/* Reads the regular file path whole into a malloc'd buffer with a NUL after
 * the data (not counted in *ret_len). The file is opened without blocking,
 * without becoming a controlling terminal and close-on-exec, and its type is
 * checked before any read: folders give -EISDIR, other non-regular files
 * (FIFOs, sockets, devices) -ENODEV. Files longer than cap bytes, or that
 * grow past it while read, give -EFBIG. Returns the buffer, or NULL with
 * -errno in *ret_err. */
uint8_t *ca_file_read(const char *path, size_t cap, size_t *ret_len, int *ret_err);

/* A plain reason for an error of ca_file_read() ("not a regular file",
 * "file too large", else strerror()). */
const char *ca_file_strerror(int err);

#endif
