/* SPDX-License-Identifier: MIT */
/*
 * The maker knowledge base: a strict loader for the data/kb files (and user
 * files with the same format), lookups by id, JEP106 id, alias and
 * BIOS-private code, dated ownership, and validation.
 */
#include "kb/kb_internal.h"
#include "util/cursor.h"
#include "util/date.h"
#include "util/textfile.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KB_MAX_FILE_BYTES (8u * 1024u * 1024u)
#define KB_MAX_LINE 1024u
#define KB_MAX_ENTITIES 4096u
#define KB_MAX_PARTS 4096u
#define KB_MAX_VALUES 64u /* aliases or sources per entity */

/* ------------------------------------------------------------ helpers */

size_t cai_kb_normalize_key(const char *text, char *out, size_t size)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p && n + 1 < size; p++) {
		unsigned char c = *p;
		if (c >= 'A' && c <= 'Z')
			out[n++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
			out[n++] = (char)c;
	}
	out[n] = '\0';
	return n;
}

/* ------------------------------------------------------------ parsing */

typedef struct staged_entity {
	ca_entity e;
	const char *aliases[KB_MAX_VALUES];
	const char *codes[KB_MAX_VALUES];
	const char *sources[KB_MAX_VALUES];
	size_t n_sources;
	const char *owner_lines[CA_KB_MAX_OWNERS]; /* "file:line" for messages */
} staged_entity;

typedef struct parser {
	ca_kb *kb;
	const char *name;
	unsigned line;
	char *error;
	staged_entity *ents;
	size_t n_ents, cap_ents;
	part_rule *parts;
	size_t n_parts, cap_parts;
	enum { SEC_NONE, SEC_ENTITY, SEC_PART } section;
} parser;

static int fail(parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(parser *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cai_error_at(&p->error, p->name, p->line, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const char *dupn(parser *p, const char *s, size_t n)
{
	return cai_arena_strndup(&p->kb->arena, s, n);
}

static const char *where(parser *p)
{
	char buf[600];
	snprintf(buf, sizeof(buf), "%s:%u", p->name, p->line);
	return cai_arena_strdup(&p->kb->arena, buf);
}

static bool valid_id(const char *s, size_t n)
{
	if (n == 0 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return false;
	}
	return s[0] != '-' && s[n - 1] != '-';
}

static int begin_section(parser *p, const char *s, size_t n)
{
	/* "[company micron]", "[brand crucial]", "[part samsung-module]" */
	const char *sp = memchr(s, ' ', n);
	if (!sp)
		return fail(p, "section header needs a kind and an id: [company ID], [brand ID] or [part ID]");
	size_t kl = (size_t)(sp - s);
	const char *id = sp + 1;
	size_t il = n - kl - 1;
	if (!valid_id(id, il))
		return fail(p, "'%.*s' is not a valid id (lower-case letters, digits and '-', at most 32)",
			    (int)il, id);
	if ((kl == 7 && memcmp(s, "company", 7) == 0) || (kl == 5 && memcmp(s, "brand", 5) == 0)) {
		if (p->n_ents >= KB_MAX_ENTITIES)
			return fail(p, "more than %u entities", KB_MAX_ENTITIES);
		if (p->n_ents == p->cap_ents) {
			size_t nc = p->cap_ents ? p->cap_ents * 2 : 64;
			staged_entity *ne = realloc(p->ents, nc * sizeof(*ne));
			if (!ne)
				return -ENOMEM;
			p->ents = ne;
			p->cap_ents = nc;
		}
		staged_entity *se = &p->ents[p->n_ents++];
		memset(se, 0, sizeof(*se));
		se->e.id = dupn(p, id, il);
		se->e.kind = kl == 7 ? "company" : "brand";
		se->e.defined_at = where(p);
		p->section = SEC_ENTITY;
		return 0;
	}
	if (kl == 4 && memcmp(s, "part", 4) == 0) {
		if (p->n_parts >= KB_MAX_PARTS)
			return fail(p, "more than %u part grammars", KB_MAX_PARTS);
		if (p->n_parts == p->cap_parts) {
			size_t nc = p->cap_parts ? p->cap_parts * 2 : 64;
			part_rule *np = realloc(p->parts, nc * sizeof(*np));
			if (!np)
				return -ENOMEM;
			p->parts = np;
			p->cap_parts = nc;
		}
		part_rule *r = &p->parts[p->n_parts++];
		memset(r, 0, sizeof(*r));
		r->id = dupn(p, id, il);
		r->defined_at = where(p);
		r->confidence = CA_CONFIDENCE_MEDIUM;
		p->section = SEC_PART;
		return 0;
	}
	return fail(p, "unknown section kind '%.*s' (company, brand or part)", (int)kl, s);
}

static int parse_jep106(parser *p, const char *v, size_t n, ca_jep106_id *ret)
{
	ca_cursor c = ca_cursor_make(v, n);
	uint32_t bank, code;
	if (!ca_cursor_dec(&c, &bank, 3) || !ca_cursor_lit(&c, ":0x") || !ca_cursor_hex(&c, &code, 2) ||
	    ca_cursor_left(&c) != 0 || bank < 1 || bank > 32)
		return fail(p, "jep106 must be BANK:0xCODE, e.g. 1:0x2C, not '%.*s'", (int)n, v);
	if (!ca_jep106_parity_ok((uint8_t)code))
		return fail(p, "jep106 code 0x%02X lacks its odd-parity bit (write it as JEP106 lists it)",
			    code);
	*ret = (ca_jep106_id){(uint8_t)bank, (uint8_t)code};
	return 0;
}

static int parse_owner(parser *p, staged_entity *se, const char *v, size_t n)
{
	if (se->e.n_owners >= CA_KB_MAX_OWNERS)
		return fail(p, "more than %u owner lines", CA_KB_MAX_OWNERS);
	ca_owner_span *o = &se->e.owners[se->e.n_owners];
	memset(o, 0, sizeof(*o));
	const char *sp = memchr(v, ' ', n);
	size_t il = sp ? (size_t)(sp - v) : n;
	if (!valid_id(v, il))
		return fail(p, "owner must start with an entity id, not '%.*s'", (int)n, v);
	o->owner_id = dupn(p, v, il);
	ca_cursor c = ca_cursor_make(v + il, n - il);
	for (;;) {
		ca_cursor_skip_spaces(&c);
		if (ca_cursor_left(&c) == 0)
			break;
		char *dst;
		if (ca_cursor_lit(&c, "from "))
			dst = o->from;
		else if (ca_cursor_lit(&c, "until "))
			dst = o->until;
		else
			return fail(p, "owner takes 'from YYYY-MM-DD' and 'until YYYY-MM-DD', not '%.*s'",
				    (int)ca_cursor_left(&c), c.p);
		ca_cursor_skip_spaces(&c);
		if (ca_cursor_left(&c) < 10 || !cai_date_valid_n(c.p, 10) ||
		    (ca_cursor_left(&c) > 10 && c.p[10] != ' '))
			return fail(p, "'%.*s' is not a date written YYYY-MM-DD", (int)ca_cursor_left(&c),
				    c.p);
		memcpy(dst, c.p, 10);
		dst[10] = '\0';
		c.p += 10;
	}
	if (o->from[0] && o->until[0] && strcmp(o->from, o->until) >= 0)
		return fail(p, "owner span ends (%s) before it starts (%s)", o->until, o->from);
	se->owner_lines[se->e.n_owners] = where(p);
	se->e.n_owners++;
	return 0;
}

const char *ca_kb_id_space_name(ca_kb_id_space space)
{
	switch (space) {
	case CA_KB_PCI_VENDOR: return "pci_vendor";
	case CA_KB_OUI: return "oui";
	case CA_KB_EMMC_MANFID: return "emmc_manfid";
	case CA_KB_USB_VENDOR: return "usb_vendor";
	case CA_KB_ID_SPACES: break;
	}
	return "unknown";
}

/* "0x1344", "0x1987 controller", "00A075", "0x45 unverified": a hex id of
 * at most max_digits digits, then qualifiers. */
static int parse_device_id(parser *p, ca_kb_id_space space, const char *v, size_t n,
			   ca_kb_device_id *ret)
{
	static const unsigned max_digits[CA_KB_ID_SPACES] = {4, 6, 2, 4};
	ca_cursor c = ca_cursor_make(v, n);
	uint32_t value;
	bool prefixed = ca_cursor_lit(&c, "0x");
	unsigned want = max_digits[space];
	size_t start = ca_cursor_left(&c);
	if (!ca_cursor_hex(&c, &value, want) || start - ca_cursor_left(&c) != want ||
	    (space == CA_KB_OUI && prefixed))
		return fail(p,
			    "%s must be %s%u hex digits (then 'controller' or 'unverified' if so), not '%.*s'",
			    ca_kb_id_space_name(space), space == CA_KB_OUI ? "" : "0x and ", want, (int)n, v);
	*ret = (ca_kb_device_id){.value = value};
	while (ca_cursor_left(&c)) {
		if (ca_cursor_lit(&c, " controller"))
			ret->controller = true;
		else if (ca_cursor_lit(&c, " unverified"))
			ret->unverified = true;
		else
			return fail(p, "after the %s, only 'controller' or 'unverified' may follow: '%.*s'",
				    ca_kb_id_space_name(space), (int)n, v);
	}
	return 0;
}

static int set_once(parser *p, const char **slot, const char *key, const char *v, size_t n)
{
	if (*slot)
		return fail(p, "'%s' given twice", key);
	*slot = dupn(p, v, n);
	return *slot ? 0 : -ENOMEM;
}

static int entity_key(parser *p, const char *k, size_t kn, const char *v, size_t vn)
{
	staged_entity *se = &p->ents[p->n_ents - 1];
#define KEY(lit) (kn == sizeof(lit) - 1 && memcmp(k, lit, kn) == 0)
	if (KEY("name"))
		return set_once(p, &se->e.name, "name", v, vn);
	if (KEY("legal_name"))
		return set_once(p, &se->e.legal_name, "legal_name", v, vn);
	if (KEY("country")) {
		if (vn != 2 || v[0] < 'A' || v[0] > 'Z' || v[1] < 'A' || v[1] > 'Z')
			return fail(p, "country must be an ISO 3166-1 alpha-2 code such as CN, not '%.*s'",
				    (int)vn, v);
		return set_once(p, &se->e.country, "country", v, vn);
	}
	if (KEY("jep106")) {
		if (se->e.n_jep106 >= CA_KB_MAX_JEP106)
			return fail(p, "more than %u jep106 ids", CA_KB_MAX_JEP106);
		return parse_jep106(p, v, vn, &se->e.jep106[se->e.n_jep106++]);
	}
	if (KEY("owner"))
		return parse_owner(p, se, v, vn);
	for (int space = 0; space < CA_KB_ID_SPACES; space++) {
		const char *name = ca_kb_id_space_name((ca_kb_id_space)space);
		if (kn != strlen(name) || memcmp(k, name, kn) != 0)
			continue;
		if (se->e.n_device_ids[space] >= CA_KB_MAX_DEVICE_IDS)
			return fail(p, "more than %u %s ids", CA_KB_MAX_DEVICE_IDS, name);
		return parse_device_id(p, (ca_kb_id_space)space, v, vn,
				       &se->e.device_ids[space][se->e.n_device_ids[space]++]);
	}
	if (KEY("alias") || KEY("bios_code") || KEY("source")) {
		const char **arr = KEY("alias") ? se->aliases : KEY("bios_code") ? se->codes : se->sources;
		size_t *count = KEY("alias") ? &se->e.n_aliases
				: KEY("bios_code") ? &se->e.n_bios_codes
						   : &se->n_sources;
		if (*count >= KB_MAX_VALUES)
			return fail(p, "more than %u values of '%.*s'", KB_MAX_VALUES, (int)kn, k);
		if (KEY("alias")) {
			char key[256];
			char tmp[256];
			size_t m = vn < sizeof(tmp) - 1 ? vn : sizeof(tmp) - 1;
			memcpy(tmp, v, m);
			tmp[m] = '\0';
			if (cai_kb_normalize_key(tmp, key, sizeof(key)) == 0)
				return fail(p, "alias '%.*s' has no letters or digits", (int)vn, v);
		}
		arr[(*count)++] = dupn(p, v, vn);
		return 0;
	}
	if (KEY("note"))
		return 0;
	return fail(p, "unknown key '%.*s' in an entity section", (int)kn, k);
}

static int part_key(parser *p, const char *k, size_t kn, const char *v, size_t vn)
{
	part_rule *r = &p->parts[p->n_parts - 1];
	if (KEY("maker"))
		return set_once(p, &r->maker_id, "maker", v, vn);
	if (KEY("kind")) {
		if (!((vn == 6 && memcmp(v, "module", 6) == 0) || (vn == 9 && memcmp(v, "component", 9) == 0) ||
		      (vn == 5 && memcmp(v, "drive", 5) == 0)))
			return fail(p, "kind must be module, component or drive");
		return set_once(p, &r->kind, "kind", v, vn);
	}
	if (KEY("pattern")) {
		if (vn == 0 || v[0] != '^')
			return fail(p, "pattern must be anchored: start it with ^");
		return set_once(p, &r->pattern, "pattern", v, vn);
	}
	if (KEY("type"))
		return set_once(p, &r->type, "type", v, vn);
	if (KEY("capacity"))
		return set_once(p, &r->capacity, "capacity", v, vn);
	if (KEY("organization"))
		return set_once(p, &r->organization, "organization", v, vn);
	if (KEY("form"))
		return set_once(p, &r->form, "form", v, vn);
	if (KEY("confidence")) {
		if (vn == 4 && memcmp(v, "high", 4) == 0)
			r->confidence = CA_CONFIDENCE_HIGH;
		else if (vn == 6 && memcmp(v, "medium", 6) == 0)
			r->confidence = CA_CONFIDENCE_MEDIUM;
		else if (vn == 3 && memcmp(v, "low", 3) == 0)
			r->confidence = CA_CONFIDENCE_LOW;
		else
			return fail(p, "confidence must be high, medium or low");
		return 0;
	}
	if (KEY("nand")) {
		if (!(vn == 3 && memcmp(v, "own", 3) == 0))
			return fail(p, "nand must be own (a flash maker's drives carrying its own NAND)");
		r->own_nand = true;
		return 0;
	}
	if (KEY("controller")) {
		if (!valid_id(v, vn))
			return fail(p, "controller must be an entity id, not '%.*s'", (int)vn, v);
		return set_once(p, &r->controller_id, "controller", v, vn);
	}
	if (KEY("dies")) {
		if (!(vn == 3 && memcmp(v, "own", 3) == 0))
			return fail(p, "dies must be own (a DRAM maker's modules carrying its own dies)");
		r->own_dies = true;
		return 0;
	}
	if (KEY("source")) {
		if (r->source)
			return fail(p, "'source' given twice in a part grammar: put all sources on one line");
		return set_once(p, &r->source, "source", v, vn);
	}
#undef KEY
	return fail(p, "unknown key '%.*s' in a part section", (int)kn, k);
}

/* Checks a section when the next one starts or the file ends. */
static int close_section(parser *p)
{
	if (p->section == SEC_ENTITY) {
		staged_entity *se = &p->ents[p->n_ents - 1];
		if (!se->e.name)
			return fail(p, "[%s %s] has no name", se->e.kind, se->e.id);
		if (se->n_sources == 0)
			return fail(p, "[%s %s] cites no source", se->e.kind, se->e.id);
	} else if (p->section == SEC_PART) {
		part_rule *r = &p->parts[p->n_parts - 1];
		if (!r->maker_id || !r->kind || !r->pattern || !r->source)
			return fail(p, "[part %s] needs maker, kind, pattern and source", r->id);
		bool drive = strcmp(r->kind, "drive") == 0;
		if (!drive && (r->own_nand || r->controller_id))
			return fail(p, "[part %s]: nand and controller are keys of drive grammars", r->id);
		if (drive && r->own_dies)
			return fail(p, "[part %s]: dies is a key of memory grammars (drives: nand = own)", r->id);
	}
	p->section = SEC_NONE;
	return 0;
}

static int parse_text(parser *p, const char *buf, size_t len)
{
	const char *s = buf, *end = buf + len;
	int r = 0;
	while (s < end && r == 0) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;
		p->line++;
		const char *l = s;
		size_t n = (size_t)(le - s);
		s = nl ? nl + 1 : end;
		if (n > KB_MAX_LINE) {
			r = fail(p, "line longer than %u bytes", KB_MAX_LINE);
			break;
		}
		if (n && l[n - 1] == '\r')
			n--; /* CRLF files */
		if (memchr(l, '\0', n)) {
			r = fail(p, "NUL byte in text");
			break;
		}
		ca_trim_blanks(&l, &n);
		if (n == 0 || l[0] == '#')
			continue;
		if (l[0] == '[') {
			if (l[n - 1] != ']') {
				r = fail(p, "section header must end with ']'");
				break;
			}
			r = close_section(p);
			if (r == 0)
				r = begin_section(p, l + 1, n - 2);
			continue;
		}
		const char *eq = memchr(l, '=', n);
		if (!eq) {
			r = fail(p, "expected 'key = value'");
			break;
		}
		const char *k = l, *v = eq + 1;
		size_t kn = (size_t)(eq - l), vn = n - kn - 1;
		ca_trim_blanks(&k, &kn);
		ca_trim_blanks(&v, &vn);
		if (vn == 0) {
			r = fail(p, "'%.*s' has an empty value", (int)kn, k);
			break;
		}
		if (p->section == SEC_ENTITY)
			r = entity_key(p, k, kn, v, vn);
		else if (p->section == SEC_PART)
			r = part_key(p, k, kn, v, vn);
		else
			r = fail(p, "'%.*s' outside a section", (int)kn, k);
	}
	if (r == 0)
		r = close_section(p);
	return r;
}

/* ----------------------------------------------------- merge and index */

static int cmp_alias(const void *a, const void *b)
{
	return strcmp(((const alias_key *)a)->key, ((const alias_key *)b)->key);
}

static int cmp_code(const void *a, const void *b)
{
	return strcmp(((const code_key *)a)->code, ((const code_key *)b)->code);
}

static ssize_t index_of(const ca_entity *ents, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ents[i].id, id) == 0)
			return (ssize_t)i;
	return -1;
}

/* Builds the alias and code indexes of ents; reports a name shared by two
 * entities. Returns 0, -EINVAL (with *error) or -ENOMEM. */
static int build_indexes(ca_kb *kb, const ca_entity *ents, size_t n, alias_key **ret_aliases,
			 size_t *ret_n_aliases, code_key **ret_codes, size_t *ret_n_codes, char **error)
{
	size_t total = 0, total_codes = 0;
	for (size_t i = 0; i < n; i++) {
		total += ents[i].n_aliases + 1; /* + the display name */
		total_codes += ents[i].n_bios_codes;
	}
	alias_key *a = calloc(total ? total : 1, sizeof(*a));
	code_key *c = calloc(total_codes ? total_codes : 1, sizeof(*c));
	if (!a || !c) {
		free(a);
		free(c);
		return -ENOMEM;
	}
	size_t na = 0, nc = 0;
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k <= ents[i].n_aliases; k++) {
			const char *text = k < ents[i].n_aliases ? ents[i].aliases[k] : ents[i].name;
			char key[256];
			if (cai_kb_normalize_key(text, key, sizeof(key)) == 0)
				continue;
			const char *copy = cai_arena_strdup(&kb->arena, key);
			if (!copy) {
				free(a);
				free(c);
				return -ENOMEM;
			}
			a[na++] = (alias_key){copy, i};
		}
		for (size_t k = 0; k < ents[i].n_bios_codes; k++)
			c[nc++] = (code_key){ents[i].bios_codes[k], i};
	}
	qsort(a, na, sizeof(*a), cmp_alias);
	qsort(c, nc, sizeof(*c), cmp_code);
	/* Drop repeats within one entity; a key shared by two entities is an error. */
	size_t out = 0;
	for (size_t i = 0; i < na; i++) {
		if (out && strcmp(a[out - 1].key, a[i].key) == 0) {
			if (a[out - 1].entity != a[i].entity) {
				const ca_entity *x = &ents[a[out - 1].entity], *y = &ents[a[i].entity];
				if (asprintf(error, "%s: alias '%s' also names '%s' (%s): an alias must resolve to one maker",
					     y->defined_at, a[i].key, x->id, x->defined_at) < 0)
					*error = NULL;
				free(a);
				free(c);
				return -EINVAL;
			}
			continue;
		}
		a[out++] = a[i];
	}
	for (size_t i = 1; i < nc; i++)
		if (strcmp(c[i - 1].code, c[i].code) == 0 && c[i - 1].entity != c[i].entity) {
			if (asprintf(error, "%s: bios_code %s is also given to '%s'",
				     ents[c[i].entity].defined_at, c[i].code, ents[c[i - 1].entity].id) < 0)
				*error = NULL;
			free(a);
			free(c);
			return -EINVAL;
		}
	*ret_aliases = a;
	*ret_n_aliases = out;
	*ret_codes = c;
	*ret_n_codes = nc;
	return 0;
}

static int finish_entity(parser *p, staged_entity *se)
{
	const char **al = cai_arena_alloc(&p->kb->arena, (se->e.n_aliases + 1) * sizeof(*al));
	const char **co = cai_arena_alloc(&p->kb->arena, (se->e.n_bios_codes + 1) * sizeof(*co));
	if (!al || !co)
		return -ENOMEM;
	if (se->e.n_aliases)
		memcpy(al, se->aliases, se->e.n_aliases * sizeof(*al));
	if (se->e.n_bios_codes)
		memcpy(co, se->codes, se->e.n_bios_codes * sizeof(*co));
	se->e.aliases = al;
	se->e.bios_codes = co;
	size_t total = 0;
	for (size_t i = 0; i < se->n_sources; i++)
		total += strlen(se->sources[i]) + 2;
	char *src = cai_arena_alloc(&p->kb->arena, total + 1);
	if (!src)
		return -ENOMEM;
	src[0] = '\0';
	for (size_t i = 0; i < se->n_sources; i++) {
		if (i)
			strcat(src, "; ");
		strcat(src, se->sources[i]);
	}
	se->e.source = src;
	return 0;
}

/* Literal characters at the start of an anchored pattern (after ^). */
static void literal_prefix(part_rule *r)
{
	r->prefix_len = 0;
	for (const char *s = r->pattern + 1; *s && r->prefix_len < sizeof(r->prefix) - 1; s++) {
		if (strchr("\\.[]()*+?{}|^$", *s))
			break;
		/* a quantifier after this char would make it optional */
		if (s[1] && strchr("*?{", s[1]))
			break;
		r->prefix[r->prefix_len++] = *s;
	}
	r->prefix[r->prefix_len] = '\0';
}

/* Sets r->first to the bytes a match of r's pattern can start with: for a
 * pattern anchored with '^' whose start is a literal byte, or a group of
 * alternatives (not optional) that each start with one, those bytes; else
 * every byte. The resolver skips regexec() for subjects starting with any
 * other byte. */
static void first_bytes(part_rule *r)
{
	memset(r->first, 0xff, sizeof(r->first));
	const char *p = r->pattern;
	static const char special[] = "\\.[]()*+?{}|^$";
	/* character classes ([:alpha:]) make brackets hard to skip: no filter */
	if (*p != '^' || strstr(p, "[:") || strstr(p, "[.") || strstr(p, "[="))
		return;
	uint64_t set[4] = {0};
	bool at_start = true, grouped = p[1] == '(', in_lead = false;
	int depth = 0;
	for (const char *s = p + 1; *s; s++) {
		if (at_start && !(grouped && s == p + 1)) {
			if (strchr(special, *s) || (s[1] && strchr("*?{", s[1])))
				return;
			unsigned char c = (unsigned char)*s;
			set[c >> 6] |= UINT64_C(1) << (c & 63);
			at_start = false;
		}
		if (*s == '\\') {
			if (!s[1])
				return;
			s++;
		} else if (*s == '[') {
			s++;
			if (*s == '^')
				s++;
			if (*s == ']')
				s++;
			while (*s && *s != ']')
				s++;
			if (!*s)
				return;
		} else if (*s == '(') {
			if (++depth == 1 && grouped && s == p + 1)
				at_start = in_lead = true;
		} else if (*s == ')') {
			if (--depth < 0)
				return;
			/* the leading group closed: it must not be optional */
			if (depth == 0 && in_lead && s[1] && strchr("*?{", s[1]))
				return;
			if (depth == 0)
				in_lead = false;
		} else if (*s == '|') {
			/* an alternative at the top level is not anchored */
			if (depth == 0)
				return;
			if (depth == 1 && in_lead)
				at_start = true;
		}
	}
	if (depth != 0 || at_start)
		return;
	memcpy(r->first, set, sizeof(set));
}

static int remember_regex(ca_kb *kb, regex_t *re)
{
	if (kb->n_compiled == kb->cap_compiled) {
		size_t nc = kb->cap_compiled ? kb->cap_compiled * 2 : 64;
		regex_t **p = realloc(kb->compiled, nc * sizeof(*p));
		if (!p)
			return -ENOMEM;
		kb->compiled = p;
		kb->cap_compiled = nc;
	}
	kb->compiled[kb->n_compiled++] = re;
	return 0;
}

#define KB_PATTERN_MAX_LEN 256u
#define KB_PATTERN_MAX_REPEAT 64u

/* The end of a bracket expression starting at c ('['), or NULL when it is
 * not closed: a ']' right after '[' or '[^' is a member, and so are the
 * contents of [:class:], [=equiv=] and [.coll.] (which may hold ']'). */
static const char *bracket_end(const char *c)
{
	const char *e = c + 1;
	if (*e == '^')
		e++;
	if (*e == ']')
		e++;
	for (; *e && *e != ']'; e++) {
		if (*e == '[' && (e[1] == ':' || e[1] == '=' || e[1] == '.')) {
			char kind = e[1];
			const char *close = e + 2;
			while (*close && !(close[0] == kind && close[1] == ']'))
				close++;
			if (!*close)
				return NULL;
			e = close + 1;
		}
	}
	return *e ? e : NULL;
}

/* Why a part-number pattern could take time or memory out of proportion
 * to its length in glibc's regex engine, or NULL when it is bounded: at
 * most KB_PATTERN_MAX_LEN bytes, no back-references, no repetition of a
 * group that itself repeats, no repetition of a repetition ("a{64}{64}"),
 * {n,m} bounds of at most KB_PATTERN_MAX_REPEAT written as digits. */
static const char *pattern_unbounded(const char *re)
{
	enum { MAX_GROUPS = 32 };
	bool repeats[MAX_GROUPS + 1] = {false}; /* per open group: holds a repetition */
	size_t depth = 0;
	bool last_group_repeats = false, after_group = false, after_quantifier = false;
	if (strlen(re) > KB_PATTERN_MAX_LEN)
		return "longer than 256 bytes";
	for (const char *c = re; *c; c++) {
		if (*c == '*' || *c == '+' || *c == '?' || *c == '{') {
			if (after_group && last_group_repeats)
				return "a repeated group that itself repeats (nested repetition)";
			if (after_quantifier)
				return "a repetition of a repetition";
			if (*c == '{') {
				const char *e = c + 1;
				unsigned long lo = 0, hi;
				bool digits = false;
				for (; *e >= '0' && *e <= '9'; e++, digits = true)
					lo = lo > KB_PATTERN_MAX_REPEAT ? lo : lo * 10 + (unsigned long)(*e - '0');
				hi = lo;
				if (*e == ',') {
					e++;
					hi = *e == '}' ? ULONG_MAX : 0;
					for (; *e >= '0' && *e <= '9'; e++)
						hi = hi > KB_PATTERN_MAX_REPEAT ? hi : hi * 10 + (unsigned long)(*e - '0');
				}
				if (!digits || *e != '}')
					return "a { that is not a repetition bound {n}, {n,} or {n,m}";
				if (lo > KB_PATTERN_MAX_REPEAT || hi > KB_PATTERN_MAX_REPEAT)
					return "a repetition bound above 64 (use + or *)";
				c = e;
			}
			repeats[depth] = true;
			after_group = false;
			after_quantifier = true;
			continue;
		}
		after_group = false;
		after_quantifier = false;
		if (*c == '\\') {
			if (c[1] >= '1' && c[1] <= '9')
				return "a back-reference";
			if (c[1])
				c++;
		} else if (*c == '[') {
			const char *e = bracket_end(c);
			if (!e)
				return "an unclosed [";
			c = e;
		} else if (*c == '(') {
			if (depth >= MAX_GROUPS)
				return "more than 32 nested groups";
			repeats[++depth] = false;
		} else if (*c == ')') {
			if (depth == 0)
				return "an unmatched )";
			last_group_repeats = repeats[depth--];
			repeats[depth] |= last_group_repeats;
			after_group = true;
		}
	}
	return NULL;
}

static int merge(parser *p)
{
	ca_kb *kb = p->kb;
	for (size_t i = 0; i < p->n_ents; i++) {
		int r = finish_entity(p, &p->ents[i]);
		if (r < 0)
			return r;
	}
	/* New entity array: the old one with replacements, then additions. */
	size_t cap = kb->n_entities + p->n_ents;
	ca_entity *ents = calloc(cap ? cap : 1, sizeof(*ents));
	if (!ents)
		return -ENOMEM;
	if (kb->n_entities)
		memcpy(ents, kb->entities, kb->n_entities * sizeof(*ents));
	size_t n = kb->n_entities;
	for (size_t i = 0; i < p->n_ents; i++) {
		ssize_t at = index_of(ents, n, p->ents[i].e.id);
		if (at >= 0 && at >= (ssize_t)kb->n_entities) {
			p->line = 0;
			free(ents);
			if (asprintf(&p->error, "%s: [%s] is defined twice in %s", p->ents[i].e.defined_at,
				     p->ents[i].e.id, p->name) < 0)
				p->error = NULL;
			return -EINVAL;
		}
		if (at >= 0)
			ents[at] = p->ents[i].e;
		else
			ents[n++] = p->ents[i].e;
	}
	/* Owners must exist; ownership must not loop. */
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < ents[i].n_owners; k++)
			if (index_of(ents, n, ents[i].owners[k].owner_id) < 0 ||
			    strcmp(ents[i].owners[k].owner_id, ents[i].id) == 0) {
				if (asprintf(&p->error, "%s: owner '%s' of '%s' is not a known entity",
					     ents[i].defined_at, ents[i].owners[k].owner_id, ents[i].id) < 0)
					p->error = NULL;
				free(ents);
				return -EINVAL;
			}
	}
	for (size_t i = 0; i < n; i++) {
		size_t cur = i, steps = 0;
		while (ents[cur].n_owners && steps <= n) {
			cur = (size_t)index_of(ents, n, ents[cur].owners[0].owner_id);
			steps++;
		}
		if (steps > n) {
			if (asprintf(&p->error, "%s: the ownership of '%s' loops", ents[i].defined_at,
				     ents[i].id) < 0)
				p->error = NULL;
			free(ents);
			return -EINVAL;
		}
	}
	/* A JEP106 id belongs to one entity. */
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < ents[i].n_jep106; k++)
			for (size_t j = i + 1; j < n; j++)
				for (size_t m = 0; m < ents[j].n_jep106; m++)
					if (ents[i].jep106[k].bank == ents[j].jep106[m].bank &&
					    ents[i].jep106[k].code == ents[j].jep106[m].code) {
						if (asprintf(&p->error, "%s: jep106 %u:0x%02X is also given to '%s'",
							     ents[j].defined_at, ents[j].jep106[m].bank,
							     ents[j].jep106[m].code, ents[i].id) < 0)
							p->error = NULL;
						free(ents);
						return -EINVAL;
					}
	/* Part grammars: maker known, regex compiles. */
	size_t pcap = kb->n_parts + p->n_parts;
	part_rule *parts = calloc(pcap ? pcap : 1, sizeof(*parts));
	if (!parts) {
		free(ents);
		return -ENOMEM;
	}
	if (kb->n_parts)
		memcpy(parts, kb->parts, kb->n_parts * sizeof(*parts));
	size_t np = kb->n_parts;
	for (size_t i = 0; i < p->n_parts; i++) {
		part_rule *r = &p->parts[i];
		if (index_of(ents, n, r->maker_id) < 0) {
			if (asprintf(&p->error, "%s: maker '%s' of [part %s] is not a known entity",
				     r->defined_at, r->maker_id, r->id) < 0)
				p->error = NULL;
			free(ents);
			free(parts);
			return -EINVAL;
		}
		regex_t *re = malloc(sizeof(*re));
		if (!re) {
			free(ents);
			free(parts);
			return -ENOMEM;
		}
		const char *bound = pattern_unbounded(r->pattern);
		if (bound) {
			free(re);
			if (asprintf(&p->error, "%s: pattern of [part %s] is refused: %s", r->defined_at, r->id,
				     bound) < 0)
				p->error = NULL;
			free(ents);
			free(parts);
			return -EINVAL;
		}
		int rc = regcomp(re, r->pattern, REG_EXTENDED);
		if (rc != 0) {
			char msg[128];
			regerror(rc, re, msg, sizeof(msg));
			free(re);
			if (asprintf(&p->error, "%s: pattern of [part %s] does not compile: %s",
				     r->defined_at, r->id, msg) < 0)
				p->error = NULL;
			free(ents);
			free(parts);
			return -EINVAL;
		}
		if (remember_regex(kb, re) < 0) {
			regfree(re);
			free(re);
			free(ents);
			free(parts);
			return -ENOMEM;
		}
		r->re = re;
		literal_prefix(r);
		first_bytes(r);
		r->drive = strcmp(r->kind, "drive") == 0;
		r->uses_groups = (r->type && strchr(r->type, '$')) || (r->capacity && strchr(r->capacity, '$')) ||
				 (r->organization && strchr(r->organization, '$')) ||
				 (r->form && strchr(r->form, '$'));
		bool replaced = false;
		for (size_t k = 0; k < np; k++)
			if (strcmp(parts[k].id, r->id) == 0) {
				parts[k] = *r;
				replaced = true;
			}
		if (!replaced)
			parts[np++] = *r;
	}
	alias_key *aliases;
	code_key *codes;
	size_t na, nc;
	int r = build_indexes(kb, ents, n, &aliases, &na, &codes, &nc, &p->error);
	if (r < 0) {
		free(ents);
		free(parts);
		return r;
	}
	free(kb->entities);
	free(kb->parts);
	free(kb->aliases);
	free(kb->codes);
	kb->entities = ents;
	kb->n_entities = n;
	kb->parts = parts;
	kb->n_parts = np;
	kb->aliases = aliases;
	kb->n_aliases = na;
	kb->codes = codes;
	kb->n_codes = nc;
	return 0;
}

int ca_kb_load_buffer(ca_kb *kb, const char *name, const char *buf, size_t len, char **ret_error)
{
	parser p = {.kb = kb, .name = name ? name : "(buffer)"};
	int r = len > KB_MAX_FILE_BYTES ? (p.line = 0, fail(&p, "larger than %u bytes", KB_MAX_FILE_BYTES))
					: parse_text(&p, buf, len);
	if (r == 0)
		r = merge(&p);
	free(p.ents);
	free(p.parts);
	if (r < 0 && ret_error)
		*ret_error = p.error ? p.error : strdup(r == -ENOMEM ? "out of memory" : "invalid data");
	else
		free(p.error);
	return r;
}

int ca_kb_load_file(ca_kb *kb, const char *path, char **ret_error)
{
	size_t len;
	int err;
	char *buf = cai_read_text_file(path, KB_MAX_FILE_BYTES, &len, &err, ret_error);
	if (!buf)
		return err;
	int r = ca_kb_load_buffer(kb, path, buf, len, ret_error);
	free(buf);
	return r;
}

static int cmp_jep_name(const void *a, const void *b)
{
	return strcmp(((const jep_name_key *)a)->key, ((const jep_name_key *)b)->key);
}

/* Index of normalized JEP106 names: a firmware string that spells a JEP106
 * name names that maker. Names shared by several ids are kept, marked
 * ambiguous. */
static int build_jep106_names(ca_kb *kb)
{
	size_t n = ca_jep106_count();
	jep_name_key *k = calloc(n, sizeof(*k));
	if (!k)
		return -ENOMEM;
	size_t m = 0;
	for (unsigned bank = 1; bank <= 32 && m < n; bank++)
		for (unsigned code = 0; code < 256 && m < n; code++) {
			ca_jep106_id id = {(uint8_t)bank, (uint8_t)code};
			const char *name = ca_jep106_name(id);
			char key[256];
			if (!name || cai_kb_normalize_key(name, key, sizeof(key)) < 4)
				continue;
			const char *copy = cai_arena_strdup(&kb->arena, key);
			if (!copy) {
				free(k);
				return -ENOMEM;
			}
			k[m++] = (jep_name_key){copy, id, false};
		}
	qsort(k, m, sizeof(*k), cmp_jep_name);
	for (size_t i = 1; i < m; i++)
		if (strcmp(k[i - 1].key, k[i].key) == 0)
			k[i - 1].ambiguous = k[i].ambiguous = true;
	kb->jep_names = k;
	kb->n_jep_names = m;
	return 0;
}

bool cai_kb_find_jep106_name(const ca_kb *kb, const char *key, ca_jep106_id *ret_id)
{
	jep_name_key probe = {key, {0, 0}, false};
	const jep_name_key *hit = bsearch(&probe, kb->jep_names, kb->n_jep_names,
					  sizeof(*kb->jep_names), cmp_jep_name);
	if (!hit)
		return false;
	if (hit->ambiguous) {
		/* Shared name: fine only if every id sharing it belongs to one entity. */
		const jep_name_key *first = hit, *last = hit;
		const jep_name_key *end = kb->jep_names + kb->n_jep_names;
		while (first > kb->jep_names && strcmp(first[-1].key, key) == 0)
			first--;
		while (last + 1 < end && strcmp(last[1].key, key) == 0)
			last++;
		const ca_entity *owner = ca_kb_find_jep106(kb, first->id);
		for (const jep_name_key *q = first; q <= last; q++)
			if (!owner || ca_kb_find_jep106(kb, q->id) != owner)
				return false;
	}
	*ret_id = hit->id;
	return true;
}

const part_rule *cai_kb_part_rules(const ca_kb *kb, size_t *ret_n)
{
	*ret_n = kb->n_parts;
	return kb->parts;
}

int ca_kb_new(ca_kb **ret_kb)
{
	ca_kb *kb = calloc(1, sizeof(*kb));
	if (!kb)
		return -ENOMEM;
	cai_arena_init(&kb->arena);
	char *err = NULL;
	int r = ca_kb_load_buffer(kb, "data/kb/makers.ini", cai_kb_builtin_makers,
				  strlen(cai_kb_builtin_makers), &err);
	if (r == 0)
		r = ca_kb_load_buffer(kb, "data/kb/memory-parts.ini", cai_kb_builtin_parts,
				      strlen(cai_kb_builtin_parts), &err);
	if (r == 0)
		r = ca_kb_load_buffer(kb, "data/kb/storage-parts.ini", cai_kb_builtin_storage,
				      strlen(cai_kb_builtin_storage), &err);
	free(err);
	if (r == 0)
		r = build_jep106_names(kb);
	if (r < 0) {
		ca_kb_free(kb);
		return r;
	}
	*ret_kb = kb;
	return 0;
}

void ca_kb_free(ca_kb *kb)
{
	if (!kb)
		return;
	for (size_t i = 0; i < kb->n_compiled; i++) {
		regfree(kb->compiled[i]);
		free(kb->compiled[i]);
	}
	free(kb->compiled);
	free(kb->entities);
	free(kb->parts);
	free(kb->aliases);
	free(kb->codes);
	free(kb->jep_names);
	cai_arena_release(&kb->arena);
	free(kb);
}

/* ------------------------------------------------------------ lookups */

size_t ca_kb_entity_count(const ca_kb *kb) { return kb->n_entities; }
size_t ca_kb_part_rule_count(const ca_kb *kb) { return kb->n_parts; }

const ca_entity *ca_kb_entity_at(const ca_kb *kb, size_t i)
{
	return i < kb->n_entities ? &kb->entities[i] : NULL;
}

const ca_entity *ca_kb_entity(const ca_kb *kb, const char *id)
{
	ssize_t i = id ? index_of(kb->entities, kb->n_entities, id) : -1;
	return i >= 0 ? &kb->entities[i] : NULL;
}

const ca_entity *ca_kb_find_jep106(const ca_kb *kb, ca_jep106_id id)
{
	for (size_t i = 0; i < kb->n_entities; i++)
		for (size_t k = 0; k < kb->entities[i].n_jep106; k++)
			if (kb->entities[i].jep106[k].bank == id.bank &&
			    kb->entities[i].jep106[k].code == id.code)
				return &kb->entities[i];
	return NULL;
}

const ca_entity *ca_kb_find_device_id(const ca_kb *kb, ca_kb_id_space space, uint32_t value,
				      const ca_kb_device_id **ret_id)
{
	if ((unsigned)space >= CA_KB_ID_SPACES)
		return NULL;
	for (size_t i = 0; i < kb->n_entities; i++)
		for (size_t k = 0; k < kb->entities[i].n_device_ids[space]; k++)
			if (kb->entities[i].device_ids[space][k].value == value) {
				if (ret_id)
					*ret_id = &kb->entities[i].device_ids[space][k];
				return &kb->entities[i];
			}
	return NULL;
}

const ca_entity *ca_kb_find_alias(const ca_kb *kb, const char *text)
{
	char key[256];
	if (!text || cai_kb_normalize_key(text, key, sizeof(key)) == 0)
		return NULL;
	alias_key probe = {key, 0};
	const alias_key *hit = bsearch(&probe, kb->aliases, kb->n_aliases, sizeof(*kb->aliases),
				       cmp_alias);
	return hit ? &kb->entities[hit->entity] : NULL;
}

const ca_entity *cai_kb_find_bios_code(const ca_kb *kb, const char *code)
{
	code_key probe = {code, 0};
	const code_key *hit = bsearch(&probe, kb->codes, kb->n_codes, sizeof(*kb->codes), cmp_code);
	return hit ? &kb->entities[hit->entity] : NULL;
}

static bool span_covers(const ca_owner_span *o, const char *date)
{
	if (o->from[0] && strcmp(date, o->from) < 0)
		return false;
	if (o->until[0] && strcmp(date, o->until) >= 0)
		return false;
	return true;
}

const ca_entity *ca_kb_owner_on(const ca_kb *kb, const ca_entity *e, const char *date)
{
	for (size_t steps = 0; e && steps < kb->n_entities; steps++) {
		const ca_entity *next = NULL;
		for (size_t k = 0; k < e->n_owners; k++)
			if (span_covers(&e->owners[k], date)) {
				next = ca_kb_entity(kb, e->owners[k].owner_id);
				break;
			}
		if (!next)
			return e;
		e = next;
	}
	return e;
}

/* --------------------------------------------------------- validation */

static void report(char **buf, size_t *count, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void report(char **buf, size_t *count, const char *fmt, ...)
{
	(*count)++;
	if (!buf)
		return;
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	size_t old = *buf ? strlen(*buf) : 0;
	char *n = realloc(*buf, old + strlen(line) + 2);
	if (!n)
		return;
	memcpy(n + old, line, strlen(line));
	n[old + strlen(line)] = '\n';
	n[old + strlen(line) + 1] = '\0';
	*buf = n;
}

size_t ca_kb_validate(const ca_kb *kb, char **ret_report)
{
	size_t problems = 0;
	char *buf = NULL;
	char **out = ret_report ? &buf : NULL;
	/* JEP106: every bank 1..17 full, parity right (bank 18 is being filled). */
	for (uint8_t bank = 1; bank <= 18; bank++) {
		unsigned found = 0;
		for (unsigned code = 0; code < 256; code++)
			if (ca_jep106_name((ca_jep106_id){bank, (uint8_t)code})) {
				found++;
				if (!ca_jep106_parity_ok((uint8_t)code))
					report(out, &problems, "jep106: bank %u code 0x%02X has even parity", bank,
					       code);
			}
		if (bank < 18 && found != 126)
			report(out, &problems, "jep106: bank %u holds %u codes, not 126", bank, found);
	}
	for (size_t i = 0; i < kb->n_entities; i++) {
		const ca_entity *e = &kb->entities[i];
		for (size_t k = 0; k < e->n_jep106; k++)
			if (!ca_jep106_name(e->jep106[k]))
				report(out, &problems, "%s: '%s' names jep106 %u:0x%02X, which JEP106 does not assign",
				       e->defined_at, e->id, e->jep106[k].bank, e->jep106[k].code);
		for (size_t k = 0; k < e->n_owners; k++)
			for (size_t j = k + 1; j < e->n_owners; j++) {
				const ca_owner_span *a = &e->owners[k], *b = &e->owners[j];
				bool disjoint = (a->until[0] && b->from[0] && strcmp(a->until, b->from) <= 0) ||
						(b->until[0] && a->from[0] && strcmp(b->until, a->from) <= 0);
				if (!disjoint)
					report(out, &problems, "%s: owner spans of '%s' overlap", e->defined_at,
					       e->id);
			}
	}
	/* a device id belongs to one entity */
	for (int space = 0; space < CA_KB_ID_SPACES; space++)
		for (size_t i = 0; i < kb->n_entities; i++)
			for (size_t k = 0; k < kb->entities[i].n_device_ids[space]; k++) {
				uint32_t v = kb->entities[i].device_ids[space][k].value;
				const ca_entity *holder = ca_kb_find_device_id(kb, (ca_kb_id_space)space, v, NULL);
				if (holder != &kb->entities[i])
					report(out, &problems, "%s: %s 0x%X of '%s' is also given to '%s'",
					       kb->entities[i].defined_at, ca_kb_id_space_name((ca_kb_id_space)space),
					       v, kb->entities[i].id, holder->id);
			}
	for (size_t i = 0; i < kb->n_parts; i++) {
		const part_rule *r = &kb->parts[i];
		if (r->controller_id && !ca_kb_entity(kb, r->controller_id))
			report(out, &problems, "%s: part grammar '%s' names controller '%s', which is not in the knowledge base",
			       r->defined_at, r->id, r->controller_id);
		for (size_t j = i + 1; j < kb->n_parts; j++)
			if (strcmp(r->id, kb->parts[j].id) == 0)
				report(out, &problems, "%s: part grammar id '%s' is used twice", r->defined_at,
				       r->id);
	}
	if (ret_report)
		*ret_report = buf;
	return problems;
}
