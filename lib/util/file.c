/* SPDX-License-Identifier: MIT */
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILE_FIRST_CHUNK (16u * 1024u)

uint8_t *ca_file_read(const char *path, size_t cap, size_t *ret_len, int *ret_err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		*ret_err = -errno;
		return NULL;
	}
	struct stat st;
	int err = 0;
	if (fstat(fd, &st) < 0)
		err = errno;
	else if (S_ISDIR(st.st_mode))
		err = EISDIR;
	else if (!S_ISREG(st.st_mode))
		err = ENODEV;
	else if ((uint64_t)st.st_size > cap)
		err = EFBIG;
	/* size is the room for data; the size stat gives is a hint (sysfs and
	 * /proc files say 4096 or 0), one byte past cap proves a file too large */
	size_t size = st.st_size > 0 ? (size_t)st.st_size + 1 : FILE_FIRST_CHUNK;
	if (size > cap + 1)
		size = cap + 1;
	size_t len = 0;
	uint8_t *buf = err ? NULL : malloc(size + 1);
	if (!err && !buf)
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
	close(fd);
	if (err) {
		free(buf);
		*ret_err = -err;
		return NULL;
	}
	buf[len] = '\0';
	*ret_len = len;
	return buf;
}

const char *ca_file_strerror(int err)
{
	if (err < 0)
		err = -err;
	if (err == ENODEV)
		return "not a regular file";
	if (err == EFBIG)
		return "file too large";
	return strerror(err);
}
