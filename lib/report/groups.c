/* SPDX-License-Identifier: MIT */
/* Findings alike but for their component, as one group: how the table and
 * the HTML report show twelve Micron modules of one server as one finding. */
#include "report/sink.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* True when f and g differ only in their component: one group. */
static bool same_group(const ca_finding *f, const ca_finding *g)
{
	if (f->rule != g->rule || f->severity != g->severity || f->state != g->state ||
	    f->waived != g->waived || f->waiver != g->waiver || !f->component || !g->component ||
	    f->component->kind != g->component->kind || !same_text(f->role, g->role) ||
	    !same_text(f->purchased, g->purchased) || !same_text(f->made, g->made) ||
	    f->made_after != g->made_after || !f->maker != !g->maker || f->screen || g->screen)
		return false; /* a screened order line's findings each say their own line's answer */
	return !f->maker || (strcmp(f->maker->maker_id, g->maker->maker_id) == 0 &&
			     strcmp(f->maker->owner_id, g->maker->owner_id) == 0);
}

int cai_group_findings(const ca_findings *fs, finding_groups *ret)
{
	*ret = (finding_groups){0};
	size_t n = ca_findings_count(fs);
	if (!n)
		return 0;
	ret->all = malloc(n * sizeof(*ret->all));
	ret->groups = malloc(n * sizeof(*ret->groups));
	bool *done = calloc(n, sizeof(*done));
	if (!ret->all || !ret->groups || !done) {
		free(done);
		cai_finding_groups_release(ret);
		return -ENOMEM;
	}
	size_t used = 0;
	for (size_t i = 0; i < n; i++) { /* groups in order of their first finding */
		if (done[i])
			continue;
		const ca_finding *f = ca_findings_at(fs, i);
		finding_group *g = &ret->groups[ret->n++];
		*g = (finding_group){.members = &ret->all[used]};
		for (size_t j = i; j < n; j++) {
			const ca_finding *h = ca_findings_at(fs, j);
			if (!done[j] && (j == i || same_group(f, h))) {
				ret->all[used++] = h;
				g->n++;
				done[j] = true;
			}
			if (!f->component) /* unattributed: alone */
				break;
		}
	}
	free(done);
	return 0;
}

void cai_finding_groups_release(finding_groups *g)
{
	free(g->all);
	free(g->groups);
	*g = (finding_groups){0};
}

const char *cai_component_short_name(const ca_component *c)
{
	return c->locator && *c->locator ? c->locator : c->label;
}

/* "A, B" or "A … O" (first and last of more than three) of the members. */
static void put_members(FILE *m, const finding_group *g)
{
	if (g->n > 3) {
		fprintf(m, "%s … %s", cai_component_short_name(g->members[0]->component),
			cai_component_short_name(g->members[g->n - 1]->component));
		return;
	}
	for (size_t i = 0; i < g->n; i++)
		fprintf(m, "%s%s", i ? ", " : "", cai_component_short_name(g->members[i]->component));
}

static const char *role_words(const char *role)
{
	static const char *const words[][2] = {{"dram", "DRAM maker"}, {"module", "module maker"},
					       {"register", "register maker"}, {"pmic", "PMIC maker"},
					       {"system", "system maker"}};
	for (size_t i = 0; role && i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(role, words[i][0]) == 0)
			return words[i][1];
	return role ? role : "maker";
}

/* Closes a memstream opened on *text, returning the text, or NULL (freed)
 * when it failed. */
static char *closed(FILE *m, char **text)
{
	if (fclose(m) != 0) {
		free(*text);
		return NULL;
	}
	return *text;
}

char *cai_group_headline(const ca_assessment *a, const finding_group *g)
{
	const ca_finding *f = g->members[0];
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (!m)
		return NULL;
	fprintf(m, "%s %s: %zu", f->maker ? f->maker->maker_name : "?", role_words(f->role), g->n);
	if (f->component->kind == CA_COMPONENT_MEMORY_DEVICE) {
		ca_scope sc;
		ca_assessment_scope(a, &sc);
		fprintf(m, " of %zu memory device%s", sc.memory_present, sc.memory_present == 1 ? "" : "s");
	}
	fputs(" (", m);
	put_members(m, g);
	fputc(')', m);
	return closed(m, &text);
}

char *cai_group_about(const finding_group *g)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (!m)
		return NULL;
	bool memory = g->members[0]->component->kind == CA_COMPONENT_MEMORY_DEVICE;
	fprintf(m, "%zu %s (", g->n, memory ? "memory devices" : "components");
	put_members(m, g);
	fputc(')', m);
	return closed(m, &text);
}

int cai_group_evidence(const finding_group *g, group_evidence **ret, size_t *ret_n)
{
	*ret = NULL;
	*ret_n = 0;
	char **texts = calloc(g->n, sizeof(*texts));
	group_evidence *out = calloc(g->n, sizeof(*out));
	int rc = texts && out ? 0 : -ENOMEM;
	for (size_t i = 0; rc == 0 && i < g->n; i++)
		if (!(texts[i] = ca_finding_evidence(g->members[i])))
			rc = -ENOMEM;
	size_t n = 0;
	for (size_t i = 0; rc == 0 && i < g->n; i++) {
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = strcmp(texts[k], texts[i]) == 0;
		if (seen)
			continue;
		char *members = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&members, &len);
		if (!m) {
			rc = -ENOMEM;
			break;
		}
		size_t count = 0;
		for (size_t k = i; k < g->n; k++)
			if (strcmp(texts[k], texts[i]) == 0 && count++ < 3)
				fprintf(m, "%s%s", count > 1 ? ", " : "",
					cai_component_short_name(g->members[k]->component));
		if (count > 3)
			fprintf(m, " and %zu more", count - 3);
		out[n] = (group_evidence){.text = strdup(texts[i]), .members = closed(m, &members),
					  .count = count};
		if (!out[n].text || !out[n].members)
			rc = -ENOMEM;
		n++;
	}
	for (size_t i = 0; texts && i < g->n; i++)
		free(texts[i]);
	free(texts);
	if (rc < 0) {
		cai_group_evidence_free(out, n);
		return rc;
	}
	*ret = out;
	*ret_n = n;
	return 0;
}

void cai_group_evidence_free(group_evidence *e, size_t n)
{
	for (size_t i = 0; e && i < n; i++) {
		free(e[i].text);
		free(e[i].members);
	}
	free(e);
}
