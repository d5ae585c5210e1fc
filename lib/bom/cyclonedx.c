/* SPDX-License-Identifier: MIT */
/* Lists as CycloneDX JSON (1.4 to 1.6), read through jansson: every
 * component, nested ones included, is a line of the list; its texts go to
 * the table layer as a row would, so lines are identified and judged as
 * those of a spreadsheet. */
#include "bom/bom.h"
#include "util/grow.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define CDX_MAX_DEPTH 32u     /* nested components */
#define CDX_MAX_PROPERTIES 256u /* properties of one component read for roles */
#define CDX_REF_LOOKBACK 1024u  /* earlier lines an alternate-of is looked for in */

/* A main line and its bom-ref, for the alternates that name it. */
typedef struct cdx_ref {
	const char *ref;
	unsigned place;
} cdx_ref;

typedef struct cdx_reader {
	cai_bom_table t;
	cdx_ref *refs;
	size_t n_refs, cap_refs;
	unsigned place; /* components seen, in document order */
	size_t from[5]; /* lines whose maker came from manufacturer, property, supplier, author, publisher */
	bool stop;      /* the record cap was reached */
} cdx_reader;

bool cai_bom_is_json(const uint8_t *buf, size_t len)
{
	size_t i = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
		i++;
	return i < len && buf[i] == '{';
}

/* The string member key of o, or "". */
static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* The name of an organizational entity (manufacturer, supplier) or "". */
static const char *entity_name(const json_t *o, const char *key)
{
	return str(json_object_get(o, key), "name");
}

/* The maker a component names, and which field said it (index in from[]). */
static const char *maker_of(const json_t *comp, const char *property, int *from)
{
	const char *m = entity_name(comp, "manufacturer");
	if (*m) {
		*from = 0;
		return m;
	}
	if (*property) {
		*from = 1;
		return property;
	}
	m = entity_name(comp, "supplier");
	if (*m) {
		*from = 2;
		return m;
	}
	m = str(comp, "author");
	if (!*m)
		m = str(json_array_get(json_object_get(comp, "authors"), 0), "name");
	if (*m) {
		*from = 3;
		return m;
	}
	*from = 4;
	return str(comp, "publisher");
}

static int remember(cdx_reader *r, const char *ref, unsigned place)
{
	if (cai_grow((void **)&r->refs, &r->cap_refs, r->n_refs + 1, sizeof(*r->refs)) < 0)
		return -ENOMEM;
	r->refs[r->n_refs++] = (cdx_ref){.ref = ref, .place = place};
	return 0;
}

/* The line an alternate-of names, among the last lines seen, or 0. */
static unsigned find_ref(const cdx_reader *r, const char *ref)
{
	size_t stop = r->n_refs > CDX_REF_LOOKBACK ? r->n_refs - CDX_REF_LOOKBACK : 0;
	for (size_t i = r->n_refs; i-- > stop;)
		if (strcmp(r->refs[i].ref, ref) == 0)
			return r->refs[i].place;
	return 0;
}

static int read_components(cdx_reader *r, const json_t *list, const char *path, unsigned depth);

/* One component: its record, then its nested components. */
static int read_component(cdx_reader *r, const json_t *comp, const char *path, unsigned depth)
{
	ca_host *h = r->t.h;
	unsigned place = ++r->place;
	if (!json_is_object(comp)) {
		cai_host_diag(h, CA_DIAG_WARNING, "bom.cyclonedx-component", -1, 0, -1,
			      "%s is not an object: skipped", path);
		return 0;
	}
	/* properties by role, as the header of a table */
	const json_t *props = json_object_get(comp, "properties");
	char *names[CDX_MAX_PROPERTIES];
	char *values[CDX_MAX_PROPERTIES];
	size_t n = 0;
	const char *alternate_of = "";
	for (size_t i = 0; i < json_array_size(props) && n < CDX_MAX_PROPERTIES; i++) {
		const json_t *p = json_array_get(props, i);
		const char *name = str(p, "name"), *value = str(p, "value");
		if (strcmp(name, "chipaudit:alternate-of") == 0) {
			alternate_of = value;
			continue;
		}
		names[n] = (char *)(uintptr_t)name;
		values[n++] = (char *)(uintptr_t)value;
	}
	cai_bom_columns roles;
	cai_bom_header(names, n, &roles);
	const char *role[CAI_BOM_ROLES];
	for (int k = 0; k < CAI_BOM_ROLES; k++)
		role[k] = roles.col[k] >= 0 ? values[roles.col[k]] : "";
	int from;
	const char *maker = maker_of(comp, role[CAI_BOM_MAKER], &from);
	const char *part = *role[CAI_BOM_PART] ? role[CAI_BOM_PART] : str(comp, "name");
	const char *desc = *role[CAI_BOM_DESC] ? role[CAI_BOM_DESC] : str(comp, "description");
	unsigned of = 0;
	if (*alternate_of) {
		of = find_ref(r, alternate_of);
		if (!of)
			cai_host_diag(h, CA_DIAG_WARNING, "bom.cyclonedx-alternate", -1, 0, -1,
				      "%s: alternate-of '%.60s' names no earlier component: read as a "
				      "line of its own",
				      path, alternate_of);
	}
	int rc = 0;
	if (*maker || *part || *desc) {
		rc = cai_bom_record(&r->t, place, of, maker, part, desc, role[CAI_BOM_QTY],
				    role[CAI_BOM_REF], NULL);
		if (rc == -E2BIG) {
			cai_host_diag(h, CA_DIAG_ERROR, "bom.too-many-lines", -1, 0, -1,
				      "more than %zu lines: the rest of the list is not read",
				      r->t.lines + r->t.alternates);
			r->stop = true;
			return 0;
		}
		if (rc < 0)
			return rc;
		r->from[from] += *maker != '\0';
		const char *ref = str(comp, "bom-ref");
		if (!of && *ref && (rc = remember(r, ref, place)) < 0)
			return rc;
	}
	const json_t *nested = json_object_get(comp, "components");
	if (!nested)
		return 0;
	if (depth + 1 >= CDX_MAX_DEPTH) {
		cai_host_diag(h, CA_DIAG_ERROR, "bom.cyclonedx-depth", -1, 0, -1,
			      "%s: components nested deeper than %u: not read", path, CDX_MAX_DEPTH);
		return 0;
	}
	char inner[256];
	snprintf(inner, sizeof(inner), "%.200s.components", path);
	return read_components(r, nested, inner, depth + 1);
}

static int read_components(cdx_reader *r, const json_t *list, const char *path, unsigned depth)
{
	if (!json_is_array(list)) {
		cai_host_diag(r->t.h, CA_DIAG_ERROR, "bom.cyclonedx-components", -1, 0, -1,
			      "%s is not an array: not read", path);
		return 0;
	}
	for (size_t i = 0; i < json_array_size(list) && !r->stop; i++) {
		char at[256];
		snprintf(at, sizeof(at), "%.200s[%zu]", path, i);
		int rc = read_component(r, json_array_get(list, i), at, depth);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int cai_bom_cyclonedx_read(ca_host *h, const uint8_t *buf, size_t len)
{
	cdx_reader r = {0};
	cai_bom_table_init(&r.t, h, NULL);
	size_t skip = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	json_error_t err;
	json_t *doc = json_loadb((const char *)buf + skip, len - skip, JSON_REJECT_DUPLICATES, &err);
	if (!doc) {
		cai_host_diag(h, CA_DIAG_ERROR, "bom.cyclonedx-json", err.position + (int)skip,
			      (uint32_t)(err.line > 0 ? err.line : 0), -1,
			      "not JSON at line %d, column %d (offset %d): %s", err.line, err.column,
			      err.position + (int)skip, err.text);
		return -EBADMSG;
	}
	int rc = 0;
	const char *format = str(doc, "bomFormat"), *spec = str(doc, "specVersion");
	if (strcmp(format, "CycloneDX") != 0) {
		cai_host_diag(h, CA_DIAG_ERROR, "bom.cyclonedx-format", -1, 0, -1,
			      "a JSON document whose bomFormat is not \"CycloneDX\": not a list chipaudit "
			      "reads");
		json_decref(doc);
		return -EBADMSG;
	}
	if (strcmp(spec, "1.4") != 0 && strcmp(spec, "1.5") != 0 && strcmp(spec, "1.6") != 0)
		cai_host_diag(h, CA_DIAG_WARNING, "bom.cyclonedx-version", -1, 0, -1,
			      "specVersion '%.20s' is not 1.4, 1.5 or 1.6: read as 1.6", spec);
	cai_host_diag(h, CA_DIAG_NOTE, "bom.encoding", -1, 0, -1, "read as CycloneDX %.20s JSON",
		      *spec ? spec : "(no specVersion)");
	const json_t *components = json_object_get(doc, "components");
	if (components)
		rc = read_components(&r, components, "components", 0);
	if (rc == 0)
		cai_host_diag(h, CA_DIAG_NOTE, "bom.columns", -1, 0, -1,
			      "fields used: maker from manufacturer (%zu lines), a maker property "
			      "(%zu), supplier (%zu), author (%zu), publisher (%zu); part number "
			      "from a part-number property or the component's name",
			      r.from[0], r.from[1], r.from[2], r.from[3], r.from[4]);
	free(r.refs);
	json_decref(doc);
	if (rc < 0)
		return rc;
	r.t.header_seen = true;
	return cai_bom_table_end(&r.t);
}
