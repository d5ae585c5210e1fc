/* SPDX-License-Identifier: MIT */
/* Depth-first walk over files and folders, in sorted order, holding one
 * directory listing per level (memory does not grow with the file count). */
#ifndef CHIPAUDIT_WALK_H
#define CHIPAUDIT_WALK_H

#include <stddef.h>

typedef struct walk walk;

/* Starts a walk over the given roots (files or folders). Returns NULL when
 * out of memory. */
walk *walk_new(char *const *roots, size_t n_roots);

/* Returns the next regular file as a malloc'd path the caller frees, or
 * NULL at the end. Unreadable roots and folders are reported through
 * *ret_error (a malloc'd message, or NULL) with the function returning
 * NULL and walk_done() false; call again to continue. */
char *walk_next(walk *w, char **ret_error);

/* True once every root has been walked. */
int walk_done(const walk *w);

void walk_free(walk *w);

#endif
