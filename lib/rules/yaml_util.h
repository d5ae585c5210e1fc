/* SPDX-License-Identifier: MIT */
/* Strict access to a YAML document (libyaml), with file:line errors. */
#ifndef CA_RULES_YAML_UTIL_H
#define CA_RULES_YAML_UTIL_H

#include "util/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#define YDOC_MAX_BYTES (4u * 1024u * 1024u)
#define YDOC_MAX_DEPTH 32u /* rule packs need 5 */

typedef struct ydoc {
	yaml_document_t doc;
	bool loaded;
	const char *name;
	char *error;       /* first error, "name:line: message" (malloc'd) */
	cai_arena *arena;   /* where copied strings live */
} ydoc;

/* Parses buf as one YAML document. Returns 0, or -EINVAL with d->error. */
int cai_ydoc_load(ydoc *d, cai_arena *arena, const char *name, const char *buf, size_t len);

/* Frees the document (not d->error). */
void cai_ydoc_done(ydoc *d);

/* Records an error at node (first one wins). Returns -EINVAL. */
int cai_yerr(ydoc *d, const yaml_node_t *node, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

yaml_node_t *cai_yroot(ydoc *d);

/* The value of key in a mapping, or NULL. */
yaml_node_t *cai_yget(ydoc *d, yaml_node_t *map, const char *key);

/* Fails on a key not in allowed (NULL-terminated) or a repeated key. */
int cai_ycheck_keys(ydoc *d, yaml_node_t *map, const char *const *allowed);

/* Requires node to be a mapping / sequence; returns -EINVAL otherwise. */
int cai_yexpect_map(ydoc *d, yaml_node_t *node, const char *what);
int cai_yexpect_seq(ydoc *d, yaml_node_t *node, const char *what);

/* Copies a scalar into the arena; *ret NULL when node is NULL or "null".
 * Fails (when required) on a missing key, a non-scalar or an empty value. */
int cai_ystr(ydoc *d, yaml_node_t *map, const char *key, bool required, const char **ret);

/* A scalar that must be a real date YYYY-MM-DD (or absent unless required). */
int cai_ydate(ydoc *d, yaml_node_t *map, const char *key, bool required, const char **ret);

/* A boolean scalar (true/false/yes/no). */
int cai_ybool(ydoc *d, yaml_node_t *map, const char *key, bool required, bool *ret);

/* A sequence of scalars (or a single scalar) copied into out[max]. */
int cai_ystrlist(ydoc *d, yaml_node_t *map, const char *key, bool required, const char **out,
	     size_t max, size_t *ret_n);

/* Number of items of a sequence node and item i. */
/* The value of a scalar node copied into the arena, or NULL (with an error
 * naming what) when node is not a non-empty scalar. Returns 0 or -EINVAL / -ENOMEM. */
int cai_yitem_str(ydoc *d, yaml_node_t *node, const char *what, const char **ret);

size_t cai_yseq_len(yaml_node_t *seq);
yaml_node_t *cai_yseq_at(ydoc *d, yaml_node_t *seq, size_t i);

/* 1-based line of a node. */
unsigned cai_yline(const yaml_node_t *node);

#endif
