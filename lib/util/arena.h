/* SPDX-License-Identifier: MIT */
/* A bump allocator: many small allocations, one free. Not thread-safe;
 * each host owns one. */
#ifndef CA_UTIL_ARENA_H
#define CA_UTIL_ARENA_H

#include <stddef.h>

typedef struct ca_arena_chunk ca_arena_chunk;

typedef struct ca_arena {
	ca_arena_chunk *head;
	size_t used_in_head;
	size_t total_bytes; /* bytes obtained from malloc, for accounting */
} ca_arena;

/* Initializes an empty arena (no allocation happens until first use). */
void ca_arena_init(ca_arena *arena);

/* Releases every chunk. The arena can be reused after ca_arena_init(). */
void ca_arena_release(ca_arena *arena);

/* Returns size bytes aligned to 8, or NULL when out of memory. */
void *ca_arena_alloc(ca_arena *arena, size_t size);

/* Copies len bytes of s and a terminating NUL. Returns NULL when out of memory. */
char *ca_arena_strndup(ca_arena *arena, const char *s, size_t len);

/* Like ca_arena_strndup(s, strlen(s)). */
char *ca_arena_strdup(ca_arena *arena, const char *s);

#endif
