/* SPDX-License-Identifier: MIT */
/* The one way chipaudit reads a whole file (evidence, data, rule packs,
 * waivers, sysfs attributes). */
#ifndef CA_UTIL_FILE_H
#define CA_UTIL_FILE_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reads the regular file path whole into a malloc'd buffer with a NUL after
 * the data (not counted in *ret_len). Its type is checked before it is
 * opened for reading (through an O_PATH descriptor, so no device, FIFO or
 * socket is ever opened): folders give -EISDIR, other non-regular files
 * -ENODEV. It is opened without blocking, without becoming a controlling
 * terminal, close-on-exec. Files longer than cap bytes, or that grow past
 * it while read, give -EFBIG. Returns the buffer, or NULL with -errno in
 * *ret_err. */
uint8_t *cai_file_read(const char *path, size_t cap, size_t *ret_len, int *ret_err);

/* Like cai_file_read() for a file path already resolved to the O_PATH
 * descriptor pfd (opened with O_PATH | O_NOFOLLOW, e.g. relative to its
 * folder); pfd is taken over (closed whatever the outcome). Its type is
 * checked on pfd and the same inode opened through /proc/self/fd; only
 * where /proc is missing is path opened by name (O_NOFOLLOW) and checked
 * to be that inode. Returns as cai_file_read(). */
uint8_t *cai_file_read_opened(int pfd, const char *path, size_t cap, size_t *ret_len, int *ret_err);

/* Like cai_file_read() for the file name in the folder open as dirfd
 * (not followed when it is a symbolic link: -ENODEV, as for any file that
 * is not regular). Returns as cai_file_read(). */
uint8_t *cai_file_read_at(int dirfd, const char *name, size_t cap, size_t *ret_len, int *ret_err);

/* ca_refuse_devices() is declared in chipaudit/chipaudit.h. */

/* True once ca_refuse_devices() has succeeded. */
bool cai_devices_refused(void);

/* Like cai_file_read() for the file rel inside the folder root, resolved as
 * if root were "/": symbolic links (absolute or relative) and ".." cannot
 * leave it (openat2 RESOLVE_IN_ROOT; without openat2 a symbolic link as
 * the last component is refused). root NULL, "" or "/" reads rel as is. */
uint8_t *cai_file_read_in_root(const char *root, const char *rel, size_t cap, size_t *ret_len,
			      int *ret_err);

/* Opens the regular file path for reading as cai_file_read() does (its
 * type checked first, nothing else ever opened). Returns the descriptor
 * (close-on-exec, non-blocking) or -errno. */
int cai_file_open(const char *path);

/* Opens the folder rel inside root for listing, resolved as
 * cai_file_read_in_root() resolves files (root NULL, "" or "/": rel from
 * "/"); only a folder is opened (O_DIRECTORY, so never a device or FIFO).
 * Returns the stream, or NULL with -errno in *ret_err. */
DIR *cai_dir_open_in_root(const char *root, const char *rel, int *ret_err);

/* A plain reason for an error of cai_file_read() ("not a regular file",
 * "file too large", else strerror()). */
const char *cai_file_strerror(int err);

#endif
