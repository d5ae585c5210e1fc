/* SPDX-License-Identifier: MIT */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


typedef struct level {
	char *dir;
	char **names;
	size_t n, next;
} level;

struct walk {
	char *const *roots;
	size_t n_roots, next_root;
	level stack[WALK_MAX_DEPTH];
	size_t depth;
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
	return strcmp(*(char *const *)a, *(char *const *)b);
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

/* Lists dir into a new stack level. Returns 0 or errno. */
static int push_dir(walk *w, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno;
	level lv = {0};
	size_t cap = 0;
	struct dirent *e;
	int err = 0;
	while ((e = readdir(d)) != NULL) {
		/* Hidden entries (".", "..", ".git", editor files) are not evidence. */
		if (e->d_name[0] == '.')
			continue;
		if (lv.n == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			char **p = realloc(lv.names, ncap * sizeof(*p));
			if (!p) {
				err = ENOMEM;
				break;
			}
			lv.names = p;
			cap = ncap;
		}
		lv.names[lv.n] = strdup(e->d_name);
		if (!lv.names[lv.n]) {
			err = ENOMEM;
			break;
		}
		lv.n++;
	}
	closedir(d);
	lv.dir = strdup(dir);
	if (err || !lv.dir) {
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

/* The kind of an entry found in a folder, following a symbolic link once
 * for its target's type (never opening it). */
static walk_kind entry_kind(const char *path, int *ret_errno)
{
	struct stat st;
	if (lstat(path, &st) < 0) {
		*ret_errno = errno;
		return WALK_MISSING;
	}
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

char *walk_next(walk *w, walk_kind *ret_kind, int *ret_errno)
{
	*ret_kind = WALK_FILE;
	*ret_errno = 0;
	for (;;) {
		char *path;
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
			path = join(lv->dir, lv->names[lv->next++]);
			if (!path)
				break;
			if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
				*ret_kind = entry_kind(path, ret_errno);
				return path;
			}
		}
		/* a folder: descend, unless too deep or unreadable */
		if (w->depth >= WALK_MAX_DEPTH) {
			*ret_kind = WALK_TOO_DEEP;
			return path;
		}
		int err = push_dir(w, path);
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
