/* SPDX-License-Identifier: MIT */
/* Depth-first walk over files and folders, in sorted order, holding one
 * directory listing per level (memory does not grow with the file count). */
#ifndef CHIPAUDIT_WALK_H
#define CHIPAUDIT_WALK_H

#include <stdbool.h>
#include <stddef.h>

typedef struct walk walk;

/* A folder the walk is in, held open so that its files can be opened
 * relative to it (by name, not by a path walked again from the root). It is
 * reference-counted: the walk holds it while it lists the folder's entries,
 * and each file handed out with it holds it until released, in any thread. */
typedef struct walk_folder walk_folder;

/* Starts a walk over the given roots (files or folders). Returns NULL when
 * out of memory. */
walk *walk_new(char *const *roots, size_t n_roots);

/* What the walk found at a path. */
typedef enum walk_kind {
	WALK_FILE = 0,       /* a regular file (or a link to one): evidence to read */
	WALK_MISSING,        /* a path given that does not exist (errno in *ret_errno) */
	WALK_UNREADABLE_DIR, /* a folder that cannot be listed (errno in *ret_errno) */
	WALK_TOO_DEEP,       /* a folder below WALK_MAX_DEPTH levels: not walked */
	WALK_NOT_REGULAR,    /* a FIFO, socket or device, or a link to one: not read */
	WALK_LINK_TO_DIR,    /* a symbolic link to a folder inside a walked folder: not followed */
	WALK_IS_OUTPUT,      /* the report's own -o file (set by the caller): not read */
} walk_kind;

#define WALK_MAX_DEPTH 64

/* Returns the next path (malloc'd, the caller frees) with what it is in
 * *ret_kind and, for WALK_MISSING and WALK_UNREADABLE_DIR, the errno in
 * *ret_errno; NULL at the end, or when out of memory (*ret_errno ENOMEM).
 * For a regular file found in a folder, *ret_folder is that folder (a
 * reference the caller gives back with walk_folder_release(), from any
 * thread), the path's last component being the file's name in it; else
 * NULL, and the path is to be opened by name. ret_folder NULL: no
 * reference is handed out. Opens nothing but folders. */
char *walk_next(walk *w, walk_kind *ret_kind, int *ret_errno, walk_folder **ret_folder);

/* The descriptor of folder (open while the reference is held), to open
 * the files walk_next() returned with it relative to it: a path's last
 * component (walk_entry_name()) is the file's name in it. */
int walk_folder_fd(const walk_folder *folder);

/* True when folder was reached from the paths given without a /proc magic
 * link (/proc/self/fd/N, /dev/fd/N, /proc/PID/root), so it is of this
 * process's mount namespace; false when a magic link was followed, or
 * when that cannot be said (no openat2). */
bool walk_folder_plain(const walk_folder *folder);

/* The last component of a path walk_next() returned. */
const char *walk_entry_name(const char *path);

/* Gives back a reference walk_next() handed out; the folder is closed when
 * the walk and every file found in it are done with it. NULL is a no-op.
 * Thread-safe. */
void walk_folder_release(walk_folder *folder);

/* One plain sentence for a problem kind ("a FIFO, socket or device: not read"). */
const char *walk_kind_text(walk_kind kind, int err);


void walk_free(walk *w);

#endif
