/* SPDX-License-Identifier: MIT */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

/* One listed entry: its type as the listing gave it (DT_REG, DT_DIR, ...,
 * DT_UNKNOWN when the file system does not say) and its name after it. */
typedef struct entry {
	unsigned char type;
	char name[];
} entry;

struct walk_folder {
	int fd;
	bool plain; /* reached from the paths given without a /proc magic link */
	atomic_size_t refs;
};

typedef struct level {
	char *dir;
	walk_folder *folder; /* open while its entries are walked or read */
	/* on an ext4 file system, reached without crossing a mount from
	 * where that was checked: a listing whose last entry is at ext4's
	 * end-of-folder position is complete */
	bool ext4;
	entry **names;
	size_t n, next;
} level;

struct walk {
	char *const *roots;
	size_t n_roots, next_root;
	level stack[WALK_MAX_DEPTH];
	size_t depth;
	_Alignas(struct dirent64) unsigned char listing[32768]; /* getdents64's buffer */
};

walk *walk_new(char *const *roots, size_t n_roots)
{
	walk *w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->roots = roots;
	w->n_roots = n_roots;
	return w;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp((*(entry *const *)a)->name, (*(entry *const *)b)->name);
}

/* A folder held open by descriptor fd (taken over), with one reference. */
static walk_folder *folder_new(int fd, bool plain)
{
	walk_folder *f = malloc(sizeof(*f));
	if (!f)
		return NULL;
	f->fd = fd;
	f->plain = plain;
	atomic_init(&f->refs, 1);
	return f;
}

static walk_folder *folder_hold(walk_folder *f)
{
	atomic_fetch_add_explicit(&f->refs, 1, memory_order_relaxed);
	return f;
}

void walk_folder_release(walk_folder *f)
{
	if (f && atomic_fetch_sub_explicit(&f->refs, 1, memory_order_acq_rel) == 1) {
		close(f->fd);
		free(f);
	}
}

int walk_folder_fd(const walk_folder *f)
{
	return f->fd;
}

bool walk_folder_plain(const walk_folder *f)
{
	return f->plain;
}

const char *walk_entry_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static char *join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);
	if (!p)
		return NULL;
	memcpy(p, dir, a);
	size_t o = a;
	if (a && dir[a - 1] != '/')
		p[o++] = '/';
	memcpy(p + o, name, b + 1);
	return p;
}

#define EXT4_MAGIC 0xEF53
/* ext4's position after the last entry of a folder (EXT4_HTREE_EOF_64BIT;
 * its hashes never take that value) */
#define EXT4_END_OF_FOLDER INT64_MAX

#define RESOLVE_NO_XDEV_FLAG 0x01       /* linux/openat2.h */
#define RESOLVE_NO_MAGICLINKS_FLAG 0x02

/* openat2(2) with the resolve flags given; -1 with errno (ENOSYS where the
 * kernel or a sandbox has none). */
static int open_resolved(int dirfd, const char *name, int flags, uint64_t resolve)
{
	struct {
		uint64_t flags, mode, resolve;
	} how = {.flags = (uint64_t)flags, .resolve = resolve};
	long fd = syscall(SYS_openat2, dirfd, name, &how, sizeof(how));
	return fd < 0 ? -1 : (int)fd;
}

/* Opens the folder name under parent_fd. *ext4 says whether it is on an
 * ext4 file system reached without crossing a mount from the parent's
 * (parent_ext4), or checked with fstatfs() where it is a root or a mount.
 * A root (follow) is opened without following a /proc magic link where
 * that can be said; *plain is false when it was followed (the folder may
 * be of another mount namespace). Returns the descriptor, or -1 with errno. */
static int open_folder(int parent_fd, const char *name, bool follow, bool parent_ext4, bool *ext4,
		       bool *plain)
{
	int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK | (follow ? 0 : O_NOFOLLOW);
	*ext4 = false;
	if (parent_ext4) {
		int fd = open_resolved(parent_fd, name, flags, RESOLVE_NO_XDEV_FLAG);
		if (fd >= 0) {
			*ext4 = true;
			return fd;
		}
		if (errno != EXDEV && errno != ENOSYS && errno != EPERM)
			return -1;
	}
	int fd = -1;
	if (follow) {
		fd = open_resolved(parent_fd, name, flags, RESOLVE_NO_MAGICLINKS_FLAG);
		if (fd < 0 && errno != ELOOP && errno != ENOSYS && errno != EPERM)
			return -1;
		*plain = fd >= 0;
	}
	if (fd < 0)
		fd = openat(parent_fd, name, flags);
	struct statfs sf;
	if (fd >= 0 && fstatfs(fd, &sf) == 0)
		*ext4 = sf.f_type == EXT4_MAGIC;
	return fd;
}

/* Lists dir into a new stack level: one open (a folder only, never a
 * device or FIFO; a symbolic link only when follow, for the roots given),
 * name resolved relative to the folder above (parent_fd, or AT_FDCWD for a
 * root), and getdents64 until it gives nothing (or, on ext4, until the last
 * entry listed is at its end-of-folder position), keeping each entry's
 * type so the walk needs no stat for regular files and folders. The folder
 * stays open until its level is popped, so its files and folders are
 * opened relative to it. Returns 0 or errno. */
static int push_dir(walk *w, int parent_fd, const char *name, const char *dir, bool follow,
		    bool parent_ext4, bool parent_plain)
{
	bool ext4, plain = parent_plain;
	int fd = open_folder(parent_fd, name, follow, parent_ext4, &ext4, &plain);
	if (fd < 0)
		return errno;
	level lv = {.folder = NULL, .ext4 = ext4};
	size_t cap = 0;
	int err = 0;
	unsigned char *buf = w->listing;
	for (;;) {
		ssize_t got = getdents64(fd, buf, sizeof(w->listing));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			err = got < 0 ? errno : 0;
			break;
		}
		int64_t last_off = 0;
		for (ssize_t o = 0; o < got && !err;) {
			const struct dirent64 *e = (const struct dirent64 *)(buf + o);
			o += e->d_reclen;
			last_off = e->d_off;
			/* Hidden entries (".", "..", ".git", editor files) are not evidence. */
			if (e->d_name[0] == '.')
				continue;
			if (lv.n == cap) {
				size_t ncap = cap ? cap * 2 : 32;
				entry **p = realloc(lv.names, ncap * sizeof(*p));
				if (!p) {
					err = ENOMEM;
					break;
				}
				lv.names = p;
				cap = ncap;
			}
			size_t len = strlen(e->d_name);
			entry *en = malloc(sizeof(*en) + len + 1);
			if (!en) {
				err = ENOMEM;
				break;
			}
			en->type = e->d_type;
			memcpy(en->name, e->d_name, len + 1);
			lv.names[lv.n++] = en;
		}
		if (err || (ext4 && last_off == EXT4_END_OF_FOLDER))
			break; /* on ext4, the listing is complete: no call just to see 0 */
	}
	lv.dir = strdup(dir);
	if (!err && lv.dir)
		lv.folder = folder_new(fd, plain);
	if (err || !lv.folder) {
		close(fd);
		for (size_t i = 0; i < lv.n; i++)
			free(lv.names[i]);
		free(lv.names);
		free(lv.dir);
		return err ? err : ENOMEM;
	}
	if (lv.n)
		qsort(lv.names, lv.n, sizeof(*lv.names), cmp_names);
	w->stack[w->depth++] = lv;
	return 0;
}

static void pop_dir(walk *w)
{
	level *lv = &w->stack[--w->depth];
	for (size_t i = 0; i < lv->n; i++)
		free(lv->names[i]);
	free(lv->names);
	free(lv->dir);
	walk_folder_release(lv->folder);
}

const char *walk_kind_text(walk_kind kind, int err)
{
	switch (kind) {
	case WALK_FILE: break;
	case WALK_MISSING:
	case WALK_UNREADABLE_DIR: return strerror(err);
	case WALK_TOO_DEEP: return "folders nested deeper than 64 levels: this folder was not walked";
	case WALK_NOT_REGULAR: return "not a regular file (a FIFO, socket or device): not read";
	case WALK_LINK_TO_DIR: return "a symbolic link to a folder: not followed";
	case WALK_IS_OUTPUT: return "the file the report is to be written to (-o): not read";
	}
	return "";
}

/* The kind of an entry found in a folder whose lstat() gave st, following a
 * symbolic link once for its target's type (never opening it). */
static walk_kind entry_kind(const char *path, struct stat st, int *ret_errno)
{
	if (S_ISDIR(st.st_mode))
		return WALK_FILE; /* the caller descends; never returned */
	if (S_ISREG(st.st_mode))
		return WALK_FILE;
	if (!S_ISLNK(st.st_mode))
		return WALK_NOT_REGULAR;
	if (stat(path, &st) < 0) {
		*ret_errno = errno;
		return WALK_MISSING; /* a dangling link */
	}
	if (S_ISDIR(st.st_mode))
		return WALK_LINK_TO_DIR;
	return S_ISREG(st.st_mode) ? WALK_FILE : WALK_NOT_REGULAR;
}

char *walk_next(walk *w, walk_kind *ret_kind, int *ret_errno, walk_folder **ret_folder)
{
	*ret_kind = WALK_FILE;
	*ret_errno = 0;
	if (ret_folder)
		*ret_folder = NULL;
	for (;;) {
		char *path;
		const entry *en = NULL;
		int parent_fd = AT_FDCWD;
		struct stat st;
		if (w->depth == 0) {
			if (w->next_root >= w->n_roots)
				return NULL;
			path = strdup(w->roots[w->next_root++]);
			if (!path)
				break;
			if (stat(path, &st) < 0) {
				*ret_errno = errno;
				*ret_kind = WALK_MISSING;
				return path;
			}
			if (!S_ISDIR(st.st_mode))
				return path; /* given by name: read (and judged) as it is */
		} else {
			level *lv = &w->stack[w->depth - 1];
			if (lv->next >= lv->n) {
				pop_dir(w);
				continue;
			}
			en = lv->names[lv->next++];
			parent_fd = lv->folder->fd;
			path = join(lv->dir, en->name);
			if (!path)
				break;
			/* The listing's type spares a stat for regular files (their
			 * reader opens them relative to the folder handed out here,
			 * and checks the type again on an O_PATH descriptor before
			 * it opens anything for reading) and folders; links, other
			 * types and file systems that do not say are looked at with
			 * lstat(). */
			if (en->type == DT_REG) {
				if (ret_folder)
					*ret_folder = folder_hold(lv->folder);
				return path;
			}
			if (en->type == DT_FIFO || en->type == DT_SOCK || en->type == DT_CHR ||
			    en->type == DT_BLK) {
				*ret_kind = WALK_NOT_REGULAR;
				return path;
			}
			if (en->type != DT_DIR) {
				if (lstat(path, &st) < 0) {
					*ret_errno = errno;
					*ret_kind = WALK_MISSING;
					return path;
				}
				if (!S_ISDIR(st.st_mode)) {
					*ret_kind = entry_kind(path, st, ret_errno);
					return path;
				}
			}
		}
		/* a folder: descend, unless too deep or unreadable */
		if (w->depth >= WALK_MAX_DEPTH) {
			*ret_kind = WALK_TOO_DEEP;
			return path;
		}
		int err = push_dir(w, parent_fd, en ? en->name : path, path, w->depth == 0,
				   w->depth > 0 && w->stack[w->depth - 1].ext4,
				   w->depth > 0 && w->stack[w->depth - 1].folder->plain);
		if ((err == ELOOP || err == ENOTDIR) && w->depth > 0) {
			/* no longer a folder since it was listed: say what it is now */
			if (lstat(path, &st) < 0) {
				*ret_errno = errno;
				*ret_kind = WALK_MISSING;
			} else {
				*ret_kind = entry_kind(path, st, ret_errno);
			}
			return path;
		}
		if (err) {
			*ret_errno = err;
			*ret_kind = WALK_UNREADABLE_DIR;
			return path;
		}
		free(path);
	}
	*ret_errno = ENOMEM;
	return NULL;
}

void walk_free(walk *w)
{
	if (!w)
		return;
	while (w->depth)
		pop_dir(w);
	free(w);
}
