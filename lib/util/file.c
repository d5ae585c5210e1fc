/* SPDX-License-Identifier: MIT */
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define FILE_FIRST_CHUNK (16u * 1024u)

/* The type of an inode as cai_file_read() judges it: 0 for a regular file,
 * else the errno it reports. */
static int regular_or_errno(const struct stat *st)
{
	if (S_ISREG(st->st_mode))
		return 0;
	return S_ISDIR(st->st_mode) ? EISDIR : ENODEV;
}

/* Opens a regular file for reading without ever opening anything else:
 * the path is first resolved to an O_PATH descriptor (which opens no
 * device, FIFO or socket), its type checked, and only then the same inode
 * is opened for reading through /proc/self/fd. Where /proc is missing, the
 * path is opened without blocking and checked to be the same inode.
 * Returns the descriptor or -errno. */
static int open_regular(int pfd, int dirfd, const char *path, int path_flags, struct stat *ret_st)
{
	struct stat st;
	int err = fstat(pfd, &st) < 0 ? errno : regular_or_errno(&st);
	if (err) {
		close(pfd);
		return -err;
	}
	char proc[64];
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
	int fd = open(proc, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 && (errno == ENOENT || errno == ENOTDIR)) {
		/* no /proc: open by name, then make sure it is the inode checked */
		fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | path_flags);
		struct stat again;
		if (fd >= 0 && (fstat(fd, &again) < 0 || again.st_dev != st.st_dev ||
				again.st_ino != st.st_ino)) {
			close(fd);
			close(pfd);
			return -ESTALE;
		}
	}
	err = fd < 0 ? errno : 0;
	close(pfd);
	if (err)
		return -err;
	*ret_st = st;
	return fd;
}

/* The O_PATH descriptor of path (relative to dirfd), or -errno. */
static int open_path(int dirfd, const char *path, int flags)
{
	int pfd = openat(dirfd, path, O_PATH | O_CLOEXEC | flags);
	return pfd < 0 ? -errno : pfd;
}

/* Reads fd (a regular file of st) whole, at most cap bytes. */
static uint8_t *read_all(int fd, const struct stat *st, size_t cap, size_t *ret_len, int *ret_err)
{
	if ((uint64_t)st->st_size > cap) {
		*ret_err = -EFBIG;
		return NULL;
	}
	/* size is the room for data; the size stat gives is a hint (sysfs and
	 * /proc files say 4096 or 0), one byte past cap proves a file too large */
	size_t size = st->st_size > 0 ? (size_t)st->st_size + 1 : FILE_FIRST_CHUNK;
	if (size > cap + 1)
		size = cap + 1;
	size_t len = 0;
	int err = 0;
	uint8_t *buf = malloc(size + 1);
	if (!buf)
		err = ENOMEM;
	while (!err) {
		ssize_t n = read(fd, buf + len, size - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			break;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		/* a file that gave exactly the size stat said when asked for one
		 * byte more is at its end: no read() just to see 0 */
		if (len < size && st->st_size > 0 && len == (size_t)st->st_size)
			break;
		if (len < size)
			continue;
		if (len > cap) {
			err = EFBIG;
			break;
		}
		size_t grown = size > cap / 2 ? cap + 1 : size * 2;
		uint8_t *p = realloc(buf, grown + 1);
		if (!p) {
			err = ENOMEM;
			break;
		}
		buf = p;
		size = grown;
	}
	if (err) {
		free(buf);
		*ret_err = -err;
		return NULL;
	}
	buf[len] = '\0';
	*ret_len = len;
	return buf;
}

int cai_file_open(const char *path)
{
	struct stat st;
	int pfd = open_path(AT_FDCWD, path, 0);
	return pfd < 0 ? pfd : open_regular(pfd, AT_FDCWD, path, 0, &st);
}

uint8_t *cai_file_read(const char *path, size_t cap, size_t *ret_len, int *ret_err)
{
	struct stat st;
	int pfd = open_path(AT_FDCWD, path, 0);
	int fd = pfd < 0 ? pfd : open_regular(pfd, AT_FDCWD, path, 0, &st);
	if (fd < 0) {
		*ret_err = fd;
		return NULL;
	}
	uint8_t *buf = read_all(fd, &st, cap, ret_len, ret_err);
	close(fd);
	return buf;
}

uint8_t *cai_file_read_opened(int pfd, const char *path, size_t cap, size_t *ret_len, int *ret_err)
{
	struct stat st;
	int fd = open_regular(pfd, AT_FDCWD, path, O_NOFOLLOW, &st);
	if (fd < 0) {
		*ret_err = fd;
		return NULL;
	}
	uint8_t *buf = read_all(fd, &st, cap, ret_len, ret_err);
	close(fd);
	return buf;
}

#ifndef RESOLVE_IN_ROOT
#define RESOLVE_IN_ROOT 0x10
#endif
#ifndef RESOLVE_NO_MAGICLINKS
#define RESOLVE_NO_MAGICLINKS 0x02
#endif

/* openat2(2) with RESOLVE_IN_ROOT: every symbolic link, absolute or
 * relative, and ".." are resolved as if root were "/". */
static int open_path_in_root(int rootfd, const char *rel)
{
	struct {
		uint64_t flags, mode, resolve;
	} how = {.flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
	long fd = syscall(SYS_openat2, rootfd, rel, &how, sizeof(how));
	return fd < 0 ? -errno : (int)fd;
}

uint8_t *cai_file_read_in_root(const char *root, const char *rel, size_t cap, size_t *ret_len,
			      int *ret_err)
{
	if (!root || !*root || strcmp(root, "/") == 0)
		return cai_file_read(rel, cap, ret_len, ret_err);
	int rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		*ret_err = -errno;
		return NULL;
	}
	while (*rel == '/')
		rel++;
	int pfd = open_path_in_root(rootfd, rel);
	if (pfd == -ENOSYS || pfd == -EPERM) /* no openat2: refuse a symbolic link at the end */
		pfd = open_path(rootfd, rel, O_NOFOLLOW);
	struct stat st;
	int fd = pfd < 0 ? pfd : open_regular(pfd, rootfd, rel, O_NOFOLLOW, &st);
	close(rootfd);
	if (fd < 0) {
		*ret_err = fd;
		return NULL;
	}
	uint8_t *buf = read_all(fd, &st, cap, ret_len, ret_err);
	close(fd);
	return buf;
}

DIR *cai_dir_open_in_root(const char *root, const char *rel, int *ret_err)
{
	while (*rel == '/')
		rel++;
	int fd;
	if (!root || !*root || strcmp(root, "/") == 0) {
		char abs[4096];
		if ((size_t)snprintf(abs, sizeof(abs), "/%s", rel) >= sizeof(abs)) {
			*ret_err = -ENAMETOOLONG;
			return NULL;
		}
		fd = open(abs, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);
		fd = fd < 0 ? -errno : fd;
	} else {
		int rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (rootfd < 0) {
			*ret_err = -errno;
			return NULL;
		}
		struct {
			uint64_t flags, mode, resolve;
		} how = {.flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK,
			 .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
		long r = syscall(SYS_openat2, rootfd, rel, &how, sizeof(how));
		fd = r < 0 ? -errno : (int)r;
		if (fd == -ENOSYS || fd == -EPERM) { /* no openat2: no link as the last component */
			fd = openat(rootfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
			fd = fd < 0 ? -errno : fd;
		}
		close(rootfd);
	}
	if (fd < 0) {
		*ret_err = fd;
		return NULL;
	}
	DIR *d = fdopendir(fd);
	if (!d) {
		*ret_err = -errno;
		close(fd);
	}
	return d;
}

const char *cai_file_strerror(int err)
{
	if (err < 0)
		err = -err;
	if (err == ENODEV)
		return "not a regular file";
	if (err == EFBIG)
		return "file too large";
	if (err == ESTALE)
		return "the file changed while it was opened";
	return strerror(err);
}
