/* SPDX-License-Identifier: MIT */
#include "util/file.h"

#include "chipaudit/chipaudit.h"

#include <jansson.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
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

/* Set once ca_refuse_devices() has made every mount of the process's
 * (private) mount namespace nodev: the kernel then refuses to open any
 * device node, and a file is opened directly (open_direct). */
static atomic_bool devices_refused;

/* Writes text to the /proc file path (a user namespace's maps). */
static int write_proc(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t len = strlen(text);
	ssize_t n = write(fd, text, len);
	int err = n < 0 ? -errno : (size_t)n == len ? 0 : -EIO;
	close(fd);
	return err;
}

#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#define NODEV_ATTR 0x00000004 /* MOUNT_ATTR_NODEV (linux/mount.h) */

int ca_refuse_devices(void)
{
	if (atomic_load(&devices_refused))
		return 0;
	/* jansson seeds its hash tables from /dev/urandom when it first makes
	 * an object: seed it while a device can still be opened */
	json_object_seed(0);
	/* root makes a mount namespace of its own; another user makes it
	 * inside a user namespace of its own, mapped to itself */
	uid_t uid = geteuid();
	gid_t gid = getegid();
	if (unshare(CLONE_NEWNS) < 0) {
		if (errno != EPERM)
			return -errno;
		if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0)
			return -errno;
		char map[64];
		int r = write_proc("/proc/self/setgroups", "deny");
		snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)uid, (unsigned)uid);
		if (r == 0)
			r = write_proc("/proc/self/uid_map", map);
		snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)gid, (unsigned)gid);
		if (r == 0)
			r = write_proc("/proc/self/gid_map", map);
		if (r < 0)
			return r;
	}
	/* private first, so that nothing done here reaches another namespace */
	if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0) /* source and type unused */
		return -errno;
	struct {
		uint64_t attr_set, attr_clr, propagation, userns_fd;
	} attr = {.attr_set = NODEV_ATTR};
	if (syscall(SYS_mount_setattr, AT_FDCWD, "/", AT_RECURSIVE, &attr, sizeof(attr)) < 0)
		return -errno;
	struct statvfs sv;
	if (statvfs("/", &sv) < 0 || !(sv.f_flag & ST_NODEV))
		return -ENOTSUP;
	/* relative paths start at the working folder: it must be under "/"
	 * too (not left outside by a chroot, nor on a detached mount, where
	 * getcwd() fails) */
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof(cwd)) || cwd[0] != '/' || statvfs(".", &sv) < 0 || !(sv.f_flag & ST_NODEV))
		return -ENOTSUP;
	atomic_store(&devices_refused, true);
	return 0;
}

bool cai_devices_refused(void)
{
	return atomic_load_explicit(&devices_refused, memory_order_relaxed);
}

#ifndef RESOLVE_IN_ROOT
#define RESOLVE_IN_ROOT 0x10
#endif
#ifndef RESOLVE_NO_MAGICLINKS
#define RESOLVE_NO_MAGICLINKS 0x02
#endif

/* openat2(2) (which glibc 2.36 does not wrap) with flags and resolve.
 * Returns the descriptor, or -errno (-ENOSYS where the kernel or a sandbox
 * has none). */
static int openat2_resolved(int dirfd, const char *path, int flags, uint64_t resolve)
{
	struct {
		uint64_t flags, mode, resolve;
	} how = {.flags = (uint64_t)flags, .resolve = resolve};
	long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
	return fd < 0 ? -errno : (int)fd;
}

/* Where the kernel refuses every device node (ca_refuse_devices()): opens
 * path (relative to dirfd) for reading directly, non-blocking (a FIFO
 * opened so never blocks and is never read), without becoming a
 * controlling terminal, close-on-exec, then checks it is a regular file.
 * A /proc magic link on the way (/proc/self/fd/N, /proc/PID/root) is not
 * followed: it can lead to a file of a mount outside the namespace, where
 * devices are not refused (-ELOOP, and the caller checks the O_PATH way).
 * What cannot be opened for its type is said as the O_PATH method says
 * it: -EISDIR, -ENODEV. Returns the descriptor or -errno. */
static int open_direct(int dirfd, const char *path, int path_flags, struct stat *ret_st)
{
	int fd = openat2_resolved(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | path_flags,
				  RESOLVE_NO_MAGICLINKS);
	if (fd < 0) {
		int err = -fd;
		/* a link, or no openat2 here: the O_PATH method says what it is */
		if (err == ELOOP || err == ENOSYS || err == EPERM)
			return -ELOOP;
		struct stat st;
		/* a socket (ENXIO), a device (EACCES on a nodev mount) */
		if ((err == ENXIO || err == EACCES) &&
		    fstatat(dirfd, path, &st, (path_flags & O_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0) == 0 &&
		    !S_ISREG(st.st_mode))
			return -regular_or_errno(&st);
		return -err;
	}
	int err = fstat(fd, ret_st) < 0 ? errno : regular_or_errno(ret_st);
	if (err) {
		close(fd);
		return -err;
	}
	return fd;
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

/* Opens the regular file path (relative to dirfd) for reading: through an
 * O_PATH descriptor checked first, or, with direct where no device can be
 * opened, directly. Only a folder walk's files (whose listing already said
 * they are regular files, so only a swap can bring a FIFO) are opened
 * directly: a FIFO named by path is never opened. Returns the descriptor
 * or -errno. */
static int open_for_reading(int dirfd, const char *path, int path_flags, bool direct, struct stat *ret_st)
{
	if (direct && cai_devices_refused()) {
		int fd = open_direct(dirfd, path, path_flags, ret_st);
		if (fd != -ELOOP)
			return fd;
	}
	int pfd = open_path(dirfd, path, path_flags);
	return pfd < 0 ? pfd : open_regular(pfd, dirfd, path, path_flags, ret_st);
}

/* Reads the file open as fd (a regular file of st) and closes it. */
static uint8_t *read_and_close(int fd, const struct stat *st, size_t cap, size_t *ret_len, int *ret_err)
{
	if (fd < 0) {
		*ret_err = fd;
		return NULL;
	}
	uint8_t *buf = read_all(fd, st, cap, ret_len, ret_err);
	close(fd);
	return buf;
}

int cai_file_open(const char *path)
{
	struct stat st;
	return open_for_reading(AT_FDCWD, path, 0, false, &st);
}

uint8_t *cai_file_read(const char *path, size_t cap, size_t *ret_len, int *ret_err)
{
	struct stat st;
	int fd = open_for_reading(AT_FDCWD, path, 0, false, &st);
	return read_and_close(fd, &st, cap, ret_len, ret_err);
}

uint8_t *cai_file_read_at(int dirfd, const char *name, size_t cap, size_t *ret_len, int *ret_err)
{
	struct stat st;
	int fd = open_for_reading(dirfd, name, O_NOFOLLOW, true, &st);
	return read_and_close(fd, &st, cap, ret_len, ret_err);
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

/* openat2(2) with RESOLVE_IN_ROOT: every symbolic link, absolute or
 * relative, and ".." are resolved as if root were "/". */
static int open_path_in_root(int rootfd, const char *rel)
{
	return openat2_resolved(rootfd, rel, O_PATH | O_CLOEXEC, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
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
		fd = openat2_resolved(rootfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK,
				      RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
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
