/* SPDX-License-Identifier: MIT */
#include "rules/yaml_util.h"
#include "util/date.h"
#include "util/textfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned cai_yline(const yaml_node_t *node)
{
	return node ? (unsigned)node->start_mark.line + 1 : 0;
}

int cai_yerr(ydoc *d, const yaml_node_t *node, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cai_error_at(&d->error, d->name, node ? cai_yline(node) : 1, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Walks the events of buf once (linear time) and refuses nesting deeper
 * than YDOC_MAX_DEPTH before libyaml's loader, whose time grows with the
 * square of the depth, sees it. Returns 0, -EINVAL (error set) or -ENOMEM. */
static int check_depth(ydoc *d, const char *buf, size_t len)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return -ENOMEM;
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	unsigned depth = 0;
	int rc = 0;
	for (;;) {
		yaml_event_t e;
		if (!yaml_parser_parse(&p, &e))
			break; /* syntax errors are the loader's to report */
		yaml_event_type_t t = e.type;
		size_t line = e.start_mark.line + 1;
		yaml_event_delete(&e);
		if (t == YAML_ALIAS_EVENT) {
			/* an alias repeats a node without its bytes: a small file could
			 * stand for gigabytes; rule files have no use for them */
			if (asprintf(&d->error, "%s:%zu: aliases (*name) are not allowed", d->name, line) < 0)
				d->error = NULL;
			rc = -EINVAL;
			break;
		}
		if (t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT) {
			if (++depth > YDOC_MAX_DEPTH) {
				if (asprintf(&d->error, "%s:%zu: nested deeper than %u levels", d->name, line,
					     YDOC_MAX_DEPTH) < 0)
					d->error = NULL;
				rc = -EINVAL;
				break;
			}
		} else if (t == YAML_SEQUENCE_END_EVENT || t == YAML_MAPPING_END_EVENT) {
			depth--;
		} else if (t == YAML_STREAM_END_EVENT) {
			break;
		}
	}
	yaml_parser_delete(&p);
	return rc;
}

int cai_ydoc_load(ydoc *d, cai_arena *arena, const char *name, const char *buf, size_t len)
{
	memset(d, 0, sizeof(*d));
	d->name = name;
	d->arena = arena;
	if (len > YDOC_MAX_BYTES)
		return cai_yerr(d, NULL, "larger than %u bytes", YDOC_MAX_BYTES);
	int depth_rc = check_depth(d, buf, len);
	if (depth_rc < 0)
		return depth_rc;
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return -ENOMEM;
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	if (!yaml_parser_load(&p, &d->doc)) {
		if (asprintf(&d->error, "%s:%zu: YAML error: %s%s%s", name, p.problem_mark.line + 1,
			     p.problem ? p.problem : "malformed", p.context ? " " : "",
			     p.context ? p.context : "") < 0)
			d->error = NULL;
		yaml_parser_delete(&p);
		return -EINVAL;
	}
	yaml_parser_delete(&p);
	d->loaded = true;
	if (!yaml_document_get_root_node(&d->doc))
		return cai_yerr(d, NULL, "the file is empty");
	return 0;
}

void cai_ydoc_done(ydoc *d)
{
	if (d->loaded)
		yaml_document_delete(&d->doc);
	d->loaded = false;
}

yaml_node_t *cai_yroot(ydoc *d)
{
	return yaml_document_get_root_node(&d->doc);
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

yaml_node_t *cai_yget(ydoc *d, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const char *k = scalar(yaml_document_get_node(&d->doc, p->key));
		if (k && strcmp(k, key) == 0)
			return yaml_document_get_node(&d->doc, p->value);
	}
	return NULL;
}

int cai_ycheck_keys(ydoc *d, yaml_node_t *map, const char *const *allowed)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = yaml_document_get_node(&d->doc, p->key);
		const char *k = scalar(kn);
		if (!k)
			return cai_yerr(d, kn, "keys must be plain words");
		bool ok = false;
		for (size_t i = 0; allowed[i]; i++)
			ok |= strcmp(allowed[i], k) == 0;
		if (!ok)
			return cai_yerr(d, kn, "unknown key '%s'", k);
		for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
			const char *k2 = scalar(yaml_document_get_node(&d->doc, q->key));
			if (k2 && strcmp(k, k2) == 0)
				return cai_yerr(d, kn, "key '%s' given twice", k);
		}
	}
	return 0;
}

int cai_yexpect_map(ydoc *d, yaml_node_t *node, const char *what)
{
	if (!node || node->type != YAML_MAPPING_NODE)
		return cai_yerr(d, node, "%s must be a mapping (key: value lines)", what);
	return 0;
}

int cai_yexpect_seq(ydoc *d, yaml_node_t *node, const char *what)
{
	if (!node || node->type != YAML_SEQUENCE_NODE)
		return cai_yerr(d, node, "%s must be a list", what);
	return 0;
}

int cai_ystr(ydoc *d, yaml_node_t *map, const char *key, bool required, const char **ret)
{
	*ret = NULL;
	yaml_node_t *n = cai_yget(d, map, key);
	if (!n) {
		if (required)
			return cai_yerr(d, map, "'%s' is required", key);
		return 0;
	}
	const char *s = scalar(n);
	if (!s)
		return cai_yerr(d, n, "'%s' must be a single value", key);
	if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    (strcmp(s, "null") == 0 || strcmp(s, "~") == 0 || s[0] == '\0')) {
		if (required)
			return cai_yerr(d, n, "'%s' must not be empty", key);
		return 0;
	}
	if (s[0] == '\0' && required)
		return cai_yerr(d, n, "'%s' must not be empty", key);
	*ret = cai_arena_strdup(d->arena, s);
	return *ret ? 0 : -ENOMEM;
}

int cai_ydate(ydoc *d, yaml_node_t *map, const char *key, bool required, const char **ret)
{
	int r = cai_ystr(d, map, key, required, ret);
	if (r < 0 || !*ret)
		return r;
	if (!ca_date_valid(*ret))
		return cai_yerr(d, cai_yget(d, map, key), "'%s' must be a date written YYYY-MM-DD, not '%s'", key,
			    *ret);
	return 0;
}

int cai_ybool(ydoc *d, yaml_node_t *map, const char *key, bool required, bool *ret)
{
	const char *s;
	int r = cai_ystr(d, map, key, required, &s);
	if (r < 0 || !s)
		return r;
	if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0)
		*ret = true;
	else if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0)
		*ret = false;
	else
		return cai_yerr(d, cai_yget(d, map, key), "'%s' must be true or false", key);
	return 0;
}

int cai_yitem_str(ydoc *d, yaml_node_t *node, const char *what, const char **ret)
{
	const char *s = scalar(node);
	if (!s || !*s)
		return cai_yerr(d, node, "%s must be a single non-empty value", what);
	*ret = cai_arena_strdup(d->arena, s);
	return *ret ? 0 : -ENOMEM;
}

size_t cai_yseq_len(yaml_node_t *seq)
{
	return seq && seq->type == YAML_SEQUENCE_NODE
		       ? (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start)
		       : 0;
}

yaml_node_t *cai_yseq_at(ydoc *d, yaml_node_t *seq, size_t i)
{
	return yaml_document_get_node(&d->doc, seq->data.sequence.items.start[i]);
}

int cai_ystrlist(ydoc *d, yaml_node_t *map, const char *key, bool required, const char **out,
	     size_t max, size_t *ret_n)
{
	*ret_n = 0;
	yaml_node_t *n = cai_yget(d, map, key);
	if (!n) {
		if (required)
			return cai_yerr(d, map, "'%s' is required", key);
		return 0;
	}
	if (n->type == YAML_SCALAR_NODE) {
		int r = cai_ystr(d, map, key, required, &out[0]);
		*ret_n = out[0] ? 1 : 0;
		return r;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return cai_yerr(d, n, "'%s' must be a list", key);
	size_t len = cai_yseq_len(n);
	if (len > max)
		return cai_yerr(d, n, "'%s' has more than %zu items", key, max);
	if (len == 0 && required)
		return cai_yerr(d, n, "'%s' must not be empty", key);
	for (size_t i = 0; i < len; i++) {
		const char *s = scalar(cai_yseq_at(d, n, i));
		if (!s || !*s)
			return cai_yerr(d, cai_yseq_at(d, n, i), "items of '%s' must be single values", key);
		out[i] = cai_arena_strdup(d->arena, s);
		if (!out[i])
			return -ENOMEM;
	}
	*ret_n = len;
	return 0;
}
