/* SPDX-License-Identifier: MIT */
/*
 * Reading a chipaudit collect archive (docs/collect.md): a tar archive
 * (gzip-compressed or not) whose first member is the manifest. Its members
 * are extracted, through libarchive, into a private folder (mode 0700,
 * made with mkdtemp) that the live readers then read as a captured tree
 * (scan --root), and which is removed afterwards.
 *
 * Nothing is written outside that folder: a member is extracted only when
 * its path is relative, made of components of the characters sysfs names
 * use ([A-Za-z0-9._:+@,-], no "." or ".."), at most 16 deep, and it is a
 * regular file; files and folders are created relative to the folder's
 * descriptor with O_EXCL and O_NOFOLLOW. Symbolic links, hard links,
 * devices, FIFOs, duplicate members, members past 4 MiB, more than 20,000
 * members or more than 64 MiB in all are named in a diagnostic and not
 * extracted.
 */
#include "chipaudit/collect.h"
#include "source/sources.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct archive *open_memory(const uint8_t *buf, size_t len)
{
	struct archive *ar = archive_read_new();
	if (!ar)
		return NULL;
	if (archive_read_support_filter_gzip(ar) != ARCHIVE_OK ||
	    archive_read_support_format_tar(ar) != ARCHIVE_OK ||
	    archive_read_open_memory(ar, buf, len) != ARCHIVE_OK) {
		archive_read_free(ar);
		return NULL;
	}
	return ar;
}

bool ca_collect_sniff(const unsigned char *buf, size_t len)
{
	bool gzip = len >= 18 && buf[0] == 0x1f && buf[1] == 0x8b;
	bool tar = len >= 512 && memcmp(buf + 257, "ustar", 5) == 0;
	if (!gzip && !tar)
		return false;
	struct archive *ar = open_memory(buf, len);
	if (!ar)
		return false;
	struct archive_entry *e;
	bool yes = archive_read_next_header(ar, &e) == ARCHIVE_OK && archive_entry_pathname(e) &&
		   strcmp(archive_entry_pathname(e), CA_COLLECT_MANIFEST) == 0;
	archive_read_free(ar);
	return yes;
}

/* Why a member path may not be extracted, or NULL when it may. */
static const char *path_problem(const char *p)
{
	if (!p || !*p)
		return "an empty path";
	if (p[0] == '/')
		return "an absolute path";
	if (strlen(p) > 255)
		return "a path longer than 255 bytes";
	unsigned depth = 0;
	const char *s = p;
	while (*s) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n == 0)
			return "an empty path component";
		if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return "a '.' or '..' component (a path that escapes)";
		for (size_t i = 0; i < n; i++) {
			char c = s[i];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			      strchr("._:+@,-", c)))
				return "a character that is not in sysfs names";
		}
		if (++depth > CA_COLLECT_MAX_DEPTH)
			return "more than 16 components";
		if (!e)
			break;
		s = e + 1;
		if (!*s)
			break; /* a trailing slash: a folder */
	}
	return NULL;
}

/* Creates the folders of rel below dirfd and opens its file for writing
 * (O_EXCL: a duplicate fails). Returns the descriptor or -errno. */
static int create_below(int dirfd, const char *rel)
{
	char tmp[256];
	snprintf(tmp, sizeof(tmp), "%s", rel);
	int fd = dup(dirfd);
	if (fd < 0)
		return -errno;
	char *s = tmp;
	for (char *slash; (slash = strchr(s, '/')); s = slash + 1) {
		*slash = '\0';
		if (mkdirat(fd, s, 0700) < 0 && errno != EEXIST) {
			int err = errno;
			close(fd);
			return -err;
		}
		int next = openat(fd, s, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		int err = errno;
		close(fd);
		if (next < 0)
			return -err;
		fd = next;
	}
	int out = openat(fd, s, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	int err = errno;
	close(fd);
	return out < 0 ? -err : out;
}

/* Checks the manifest member (the archive's first). */
static void check_manifest(ca_host *h, struct archive *ar, int64_t offset)
{
	char buf[65536];
	la_ssize_t n = archive_read_data(ar, buf, sizeof(buf) - 1);
	if (n < 0) {
		cai_host_diag(h, CA_DIAG_ERROR, "collect.manifest-unreadable", offset, 0, -1,
			      "member '%s': cannot be read: %s", CA_COLLECT_MANIFEST, archive_error_string(ar));
		return;
	}
	json_error_t je;
	json_t *m = json_loadb(buf, (size_t)n, 0, &je);
	json_int_t version = m ? json_integer_value(json_object_get(m, "format_version")) : 0;
	const char *format = m ? json_string_value(json_object_get(m, "format")) : NULL;
	if (!m || !format || strcmp(format, "chipaudit-collect") != 0)
		cai_host_diag(h, CA_DIAG_WARNING, "collect.manifest-invalid", offset, 0, -1,
			      "member '%s': not a chipaudit collect manifest (%s); the members are read anyway",
			      CA_COLLECT_MANIFEST, m ? "no format \"chipaudit-collect\"" : je.text);
	else if (version < 1 || version > CA_COLLECT_FORMAT_VERSION)
		cai_host_diag(h, CA_DIAG_WARNING, "collect.manifest-version", offset, 0, -1,
			      "member '%s': format version %lld, this chipaudit reads version %d; the "
			      "members are read anyway",
			      CA_COLLECT_MANIFEST, (long long)version, CA_COLLECT_FORMAT_VERSION);
	json_decref(m);
}

/* Extracts one regular member into its file. Returns the bytes written or -errno. */
static int64_t extract_member(ca_host *h, struct archive *ar, int dirfd, const char *path, int64_t offset,
			      uint64_t room)
{
	int fd = create_below(dirfd, path);
	if (fd < 0) {
		cai_host_diag(h, CA_DIAG_ERROR, fd == -EEXIST ? "collect.duplicate-member" : "collect.member-unplaced",
			      offset, 0, -1, "member '%s': %s: not extracted", path,
			      fd == -EEXIST ? "a second member of the same path (the first one is kept)"
			      : fd == -ENOTDIR ? "its folder is a file of the archive"
					       : strerror(-fd));
		return fd == -ENOMEM ? -ENOMEM : 0;
	}
	uint64_t total = 0;
	char buf[16384];
	int64_t result = 0;
	for (;;) {
		la_ssize_t n = archive_read_data(ar, buf, sizeof(buf));
		if (n == 0)
			break;
		if (n < 0) {
			cai_host_diag(h, CA_DIAG_ERROR, "collect.member-truncated", offset, 0, -1,
				      "member '%s': cannot be read in full: %s", path, archive_error_string(ar));
			result = -EBADMSG;
			break;
		}
		total += (uint64_t)n;
		if (total > CA_COLLECT_MAX_MEMBER_BYTES || total > room) {
			cai_host_diag(h, CA_DIAG_ERROR, "collect.too-large", offset, 0, -1,
				      total > room ? "member '%s': the archive expands past %u MiB in all: "
						     "extraction stopped"
						   : "member '%s': larger than %u MiB: not extracted",
				      path,
				      total > room ? CA_COLLECT_MAX_TOTAL_BYTES >> 20 : CA_COLLECT_MAX_MEMBER_BYTES >> 20);
			result = total > room ? -E2BIG : -EFBIG;
			break;
		}
		if (write(fd, buf, (size_t)n) != n) {
			cai_host_diag(h, CA_DIAG_ERROR, "collect.write-failed", offset, 0, -1,
				      "member '%s': cannot be extracted: %s", path, strerror(errno));
			result = -EIO;
			break;
		}
	}
	close(fd);
	if (result < 0) {
		/* nothing half-extracted is read as evidence */
		unlinkat(dirfd, path, 0);
		return result;
	}
	return (int64_t)total;
}

int cai_collect_extract(ca_host *h, const uint8_t *buf, size_t len, char **ret_dir)
{
	h->format = CA_FORMAT_COLLECT_ARCHIVE;
	struct archive *ar = open_memory(buf, len);
	if (!ar)
		return -ENOMEM;
	const char *tmp = getenv("TMPDIR");
	char *dir = NULL;
	if (asprintf(&dir, "%s/chipaudit-collect.XXXXXX", tmp && *tmp == '/' ? tmp : "/tmp") < 0) {
		archive_read_free(ar);
		return -ENOMEM;
	}
	if (!mkdtemp(dir)) {
		cai_host_diag(h, CA_DIAG_ERROR, "collect.no-temp-folder", -1, 0, -1,
			      "cannot make a private folder to read the archive in: %s", strerror(errno));
		free(dir);
		archive_read_free(ar);
		return -EIO;
	}
	int dirfd = open(dir, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int rc = dirfd < 0 ? -EIO : 0;
	size_t members = 0;
	uint64_t total = 0;
	struct archive_entry *e;
	int r;
	while (rc == 0 && (r = archive_read_next_header(ar, &e)) != ARCHIVE_EOF) {
		int64_t offset = archive_read_header_position(ar);
		if (r < ARCHIVE_WARN) {
			cai_host_diag(h, CA_DIAG_ERROR, "collect.archive-broken", offset, 0, -1,
				      "after member %zu: the archive is broken: %s", members,
				      archive_error_string(ar));
			rc = members ? 0 : -EBADMSG;
			break;
		}
		const char *path = archive_entry_pathname(e);
		if (members++ == 0 && path && strcmp(path, CA_COLLECT_MANIFEST) == 0) {
			check_manifest(h, ar, offset);
			continue;
		}
		if (members > CA_COLLECT_MAX_MEMBERS) {
			cai_host_diag(h, CA_DIAG_ERROR, "collect.too-many-members", offset, 0, -1,
				      "more than %u members: the rest is not extracted", CA_COLLECT_MAX_MEMBERS);
			break;
		}
		const char *problem = path_problem(path);
		unsigned type = archive_entry_filetype(e);
		if (problem) {
			cai_host_diag(h, CA_DIAG_ERROR, "collect.unsafe-path", offset, 0, -1,
				      "member '%s': %s: not extracted", path ? path : "", problem);
		} else if (archive_entry_hardlink(e)) {
			cai_host_diag(h, CA_DIAG_ERROR, "collect.link", offset, 0, -1,
				      "member '%s': a hard link: not extracted", path);
		} else if (type == AE_IFDIR) {
			/* folders are made as their files need them */
		} else if (type != AE_IFREG) {
			cai_host_diag(h, CA_DIAG_ERROR, type == AE_IFLNK ? "collect.link" : "collect.not-regular",
				      offset, 0, -1, "member '%s': %s: not extracted", path,
				      type == AE_IFLNK ? "a symbolic link"
				      : type == AE_IFIFO ? "a FIFO"
				      : type == AE_IFCHR || type == AE_IFBLK ? "a device node"
									     : "not a regular file");
		} else {
			int64_t n = extract_member(h, ar, dirfd, path, offset, CA_COLLECT_MAX_TOTAL_BYTES - total);
			if (n == -ENOMEM || n == -E2BIG)
				rc = n == -ENOMEM ? -ENOMEM : 0;
			if (n == -E2BIG)
				break;
			if (n > 0)
				total += (uint64_t)n;
		}
	}
	if (dirfd >= 0)
		close(dirfd);
	archive_read_free(ar);
	if (rc < 0) {
		cai_collect_remove(dir);
		free(dir);
		return rc;
	}
	*ret_dir = dir;
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void cai_collect_remove(const char *dir)
{
	if (dir)
		nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}
