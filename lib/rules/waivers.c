/* SPDX-License-Identifier: MIT */
/* Waiver files: who accepted which rule's findings on which hosts, until when. */
#include "rules/rules_internal.h"
#include "util/textfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WAIVERS_MAX 256u

int ca_waivers_load_buffer(const char *name, const char *buf, size_t len, ca_waivers **ret,
			   char **ret_error)
{
	ca_waivers *w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	cai_arena_init(&w->arena);
	ydoc d;
	int rc = cai_ydoc_load(&d, &w->arena, name, buf, len);
	yaml_node_t *root = rc == 0 ? cai_yroot(&d) : NULL;
	static const char *const keys[] = {"waivers", NULL};
	static const char *const wkeys[] = {"rule", "host", "component", "reason", "approver",
					    "expires", NULL};
	if (rc == 0)
		rc = cai_yexpect_map(&d, root, "a waiver file");
	if (rc == 0)
		rc = cai_ycheck_keys(&d, root, keys);
	yaml_node_t *list = rc == 0 ? cai_yget(&d, root, "waivers") : NULL;
	if (rc == 0)
		rc = cai_yexpect_seq(&d, list, "waivers");
	size_t n = rc == 0 ? cai_yseq_len(list) : 0;
	if (rc == 0 && n > WAIVERS_MAX)
		rc = cai_yerr(&d, list, "more than %u waivers", WAIVERS_MAX);
	if (rc == 0 && n) {
		w->items = calloc(n, sizeof(*w->items));
		if (!w->items)
			rc = -ENOMEM;
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		yaml_node_t *it = cai_yseq_at(&d, list, i);
		ca_waiver *x = &w->items[w->n++];
		rc = cai_yexpect_map(&d, it, "each waiver");
		if (rc == 0)
			rc = cai_ycheck_keys(&d, it, wkeys);
		if (rc == 0)
			rc = cai_ystr(&d, it, "rule", true, &x->rule);
		if (rc == 0)
			rc = cai_ystr(&d, it, "host", false, &x->host);
		if (rc == 0)
			rc = cai_ystr(&d, it, "component", false, &x->component);
		if (rc == 0)
			rc = cai_ystr(&d, it, "reason", true, &x->reason);
		if (rc == 0)
			rc = cai_ystr(&d, it, "approver", true, &x->approver);
		if (rc == 0)
			rc = cai_ydate(&d, it, "expires", true, &x->expires);
		char where[300];
		snprintf(where, sizeof(where), "%s:%u", name, cai_yline(it));
		x->defined_at = cai_arena_strdup(&w->arena, where);
	}
	if (rc < 0) {
		if (ret_error)
			*ret_error = d.error ? d.error : strdup("out of memory");
		else
			free(d.error);
		cai_ydoc_done(&d);
		ca_waivers_free(w);
		return rc;
	}
	free(d.error);
	cai_ydoc_done(&d);
	*ret = w;
	return 0;
}

int ca_waivers_load_file(const char *path, ca_waivers **ret, char **ret_error)
{
	size_t len;
	int err;
	char *buf = cai_read_text_file(path, YDOC_MAX_BYTES, &len, &err, ret_error);
	if (!buf)
		return err;
	int r = ca_waivers_load_buffer(path, buf, len, ret, ret_error);
	free(buf);
	return r;
}

void ca_waivers_free(ca_waivers *w)
{
	if (!w)
		return;
	free(w->items);
	cai_arena_release(&w->arena);
	free(w);
}

size_t ca_waivers_count(const ca_waivers *w) { return w ? w->n : 0; }

const ca_waiver *ca_waivers_at(const ca_waivers *w, size_t i)
{
	return w && i < w->n ? &w->items[i] : NULL;
}
