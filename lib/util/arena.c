/* SPDX-License-Identifier: MIT */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK_BYTES (32u * 1024u)

struct ca_arena_chunk {
	ca_arena_chunk *next;
	size_t size;
	_Alignas(max_align_t) unsigned char data[];
};

void ca_arena_init(ca_arena *arena)
{
	arena->head = NULL;
	arena->used_in_head = 0;
	arena->total_bytes = 0;
}

void ca_arena_release(ca_arena *arena)
{
	ca_arena_chunk *c = arena->head;
	while (c) {
		ca_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	ca_arena_init(arena);
}

void *ca_arena_alloc(ca_arena *arena, size_t size)
{
	size_t aligned = (size + 7u) & ~(size_t)7u;
	if (aligned < size)
		return NULL;
	if (!arena->head || arena->head->size - arena->used_in_head < aligned) {
		size_t want = aligned > ARENA_CHUNK_BYTES ? aligned : ARENA_CHUNK_BYTES;
		if (want > SIZE_MAX - sizeof(ca_arena_chunk))
			return NULL;
		ca_arena_chunk *c = malloc(sizeof(*c) + want);
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

char *ca_arena_strndup(ca_arena *arena, const char *s, size_t len)
{
	if (len == SIZE_MAX)
		return NULL;
	char *p = ca_arena_alloc(arena, len + 1);
	if (!p)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *ca_arena_strdup(ca_arena *arena, const char *s)
{
	return ca_arena_strndup(arena, s, strlen(s));
}
