/* SPDX-License-Identifier: MIT */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define WALK_MAX_DEPTH 64

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

static char *error_message(const char *path, int err)
{
	char *msg = NULL;
	if (asprintf(&msg, "%s: %s", path, strerror(err)) < 0)
		return NULL;
	return msg;
}

/* Lists dir into a new stack level. Returns 0 or errno. */
static int push_dir(walk *w, const char *dir)
{
	if (w->depth >= WALK_MAX_DEPTH)
		return ELOOP;
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

char *walk_next(walk *w, char **ret_error)
{
	*ret_error = NULL;
	for (;;) {
		if (w->depth == 0) {
			if (w->next_root >= w->n_roots)
				return NULL;
			const char *root = w->roots[w->next_root++];
			struct stat st;
			if (stat(root, &st) < 0) {
				*ret_error = error_message(root, errno);
				return NULL;
			}
			if (S_ISDIR(st.st_mode)) {
				int err = push_dir(w, root);
				if (err) {
					*ret_error = error_message(root, err);
					return NULL;
				}
				continue;
			}
			return strdup(root);
		}
		level *lv = &w->stack[w->depth - 1];
		if (lv->next >= lv->n) {
			pop_dir(w);
			continue;
		}
		char *path = join(lv->dir, lv->names[lv->next++]);
		if (!path) {
			*ret_error = strdup("out of memory");
			return NULL;
		}
		struct stat st;
		if (lstat(path, &st) < 0) {
			*ret_error = error_message(path, errno);
			free(path);
			return NULL;
		}
		if (S_ISDIR(st.st_mode)) {
			/* Symbolic links to folders are not followed (no loops). */
			int err = push_dir(w, path);
			if (err) {
				*ret_error = error_message(path, err);
				free(path);
				return NULL;
			}
			free(path);
			continue;
		}
		if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))
			return path;
		free(path); /* sockets, fifos, devices: not evidence */
	}
}

int walk_done(const walk *w)
{
	return w->depth == 0 && w->next_root >= w->n_roots;
}

void walk_free(walk *w)
{
	if (!w)
		return;
	while (w->depth)
		pop_dir(w);
	free(w);
}
