/* SPDX-License-Identifier: MIT */
/* A bump allocator: many small allocations, one free. Not thread-safe;
 * each host owns one. */
#ifndef CA_UTIL_ARENA_H
#define CA_UTIL_ARENA_H

#include <stddef.h>

typedef struct cai_arena_chunk cai_arena_chunk;

typedef struct cai_arena {
	cai_arena_chunk *head;
	size_t used_in_head;
	size_t total_bytes; /* bytes obtained from malloc, for accounting */
} cai_arena;

/* Initializes an empty arena (no allocation happens until first use). */
void cai_arena_init(cai_arena *arena);

/* Releases every chunk. The arena can be reused after cai_arena_init(). */
void cai_arena_release(cai_arena *arena);

/* Returns size bytes aligned to 8, or NULL when out of memory. */
void *cai_arena_alloc(cai_arena *arena, size_t size);

/* Copies len bytes of s and a terminating NUL. Returns NULL when out of memory. */
char *cai_arena_strndup(cai_arena *arena, const char *s, size_t len);

/* Like cai_arena_strndup(s, strlen(s)). */
char *cai_arena_strdup(cai_arena *arena, const char *s);

#endif
