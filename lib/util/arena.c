/* SPDX-License-Identifier: MIT */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK_BYTES (32u * 1024u)

struct cai_arena_chunk {
	cai_arena_chunk *next;
	size_t size;
	_Alignas(max_align_t) unsigned char data[];
};

void cai_arena_init(cai_arena *arena)
{
	arena->head = NULL;
	arena->used_in_head = 0;
	arena->total_bytes = 0;
}

void cai_arena_release(cai_arena *arena)
{
	cai_arena_chunk *c = arena->head;
	while (c) {
		cai_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	cai_arena_init(arena);
}

void *cai_arena_alloc(cai_arena *arena, size_t size)
{
	size_t aligned = (size + 7u) & ~(size_t)7u;
	if (aligned < size)
		return NULL;
	if (!arena->head || arena->head->size - arena->used_in_head < aligned) {
		size_t want = aligned > ARENA_CHUNK_BYTES ? aligned : ARENA_CHUNK_BYTES;
		if (want > SIZE_MAX - sizeof(cai_arena_chunk))
			return NULL;
		cai_arena_chunk *c = malloc(sizeof(*c) + want);
		if (!c)
			return NULL;
		c->size = want;
		c->next = arena->head;
		arena->head = c;
		arena->used_in_head = 0;
		arena->total_bytes += sizeof(*c) + want;
	}
	void *p = arena->head->data + arena->used_in_head;
	arena->used_in_head += aligned;
	return p;
}

char *cai_arena_strndup(cai_arena *arena, const char *s, size_t len)
{
	if (len == SIZE_MAX)
		return NULL;
	char *p = cai_arena_alloc(arena, len + 1);
	if (!p)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *cai_arena_strdup(cai_arena *arena, const char *s)
{
	return cai_arena_strndup(arena, s, strlen(s));
}
