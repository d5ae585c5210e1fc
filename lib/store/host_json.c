/* SPDX-License-Identifier: MIT */
/*
 * One host object of a report (docs/report.md) read straight into what the
 * fleet store keeps (cai_rhost), without building a JSON tree: a strict
 * RFC 8259 reader (UTF-8 checked, escapes and surrogate pairs decoded,
 * integers that overflow refused, nesting capped) that takes the fields the
 * store reads and checks the rest is JSON. On the way it hashes the host's
 * content over the JSON data model: the same host written with other white
 * space, escapes or key order hashes the same (docs/fleet.md, "Ingest").
 */
#include "store_internal.h"

#include <endian.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper nesting than this is refused (jansson's own cap is 2048). */
#define HOST_MAX_DEPTH 1024

/* ------------------------------------------------------------- hashing */

static inline uint64_t fmix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return x;
}

static inline uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

/* 128 bits over bytes, tagged by what they are (string, number, ...). */
static cai_hash hash_bytes(uint64_t tag, const unsigned char *p, size_t n)
{
	uint64_t a = 0x9e3779b97f4a7c15ull ^ tag ^ n, b = 0xc2b2ae3d27d4eb4full ^ (tag << 7) ^ n;
	for (; n >= 8; p += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		w = le64toh(w);
		a = rotl(a ^ (w * 0x87c37b91114253d5ull), 31) * 0x4cf5ad432745937full;
		b = rotl(b ^ (w * 0x4cf5ad432745937full), 29) * 0x87c37b91114253d5ull;
	}
	uint64_t w = 0;
	for (size_t i = 0; i < n; i++)
		w |= (uint64_t)p[i] << (8 * i);
	a = fmix(a ^ w ^ 0x52dce729);
	b = fmix(b ^ w ^ a);
	return (cai_hash){a, b};
}

static inline cai_hash hash_tag(uint64_t tag)
{
	return (cai_hash){fmix(tag * 0x9e3779b97f4a7c15ull), fmix(tag ^ 0xc2b2ae3d27d4eb4full)};
}

enum { TAG_NULL = 1, TAG_FALSE, TAG_TRUE, TAG_NUM, TAG_STR, TAG_ARR, TAG_OBJ, TAG_KEY, TAG_HOST };

/* An array's elements in order. */
static inline cai_hash hash_next(cai_hash h, cai_hash e)
{
	return (cai_hash){fmix(rotl(h.a, 17) ^ e.a) + e.b, fmix(rotl(h.b, 23) ^ e.b) + e.a};
}

/* An object's members in any order: a sum of each member's hash. */
static inline cai_hash hash_member(cai_hash h, cai_hash key, cai_hash v)
{
	return (cai_hash){h.a + fmix(key.a ^ rotl(v.a, 21) ^ v.b),
			  h.b + fmix(key.b ^ rotl(v.b, 13) ^ v.a)};
}

/* -------------------------------------------------------------- memory */

typedef struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
} chunk;

/* n bytes that stay put until the host is reset. */
static char *arena_take(cai_rhost *h, size_t n)
{
	chunk *c = h->arena;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > (1u << 16) ? n : (1u << 16);
		/* reuse a spare chunk that fits, else allocate */
		if (h->spare && h->spare->cap >= n) {
			c = h->spare;
			h->spare = c->next;
		} else if (!(c = malloc(sizeof(*c) + cap))) {
			return NULL;
		} else {
			c->cap = cap;
		}
		c->used = 0;
		c->next = h->arena;
		h->arena = c;
	}
	char *p = c->data + c->used;
	c->used += n;
	return p;
}

static void *grow(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return v;
	size_t c = *cap ? 2 * *cap : 16;
	void *g = realloc(v, c * size);
	if (g)
		*cap = c;
	return g;
}

void cai_rhost_reset(cai_rhost *h)
{
	while (h->arena) {
		chunk *c = h->arena;
		h->arena = c->next;
		if (c->cap == (1u << 16)) {
			c->next = h->spare;
			h->spare = c;
		} else {
			free(c);
		}
	}
	h->source = h->format = h->profile = NULL;
	h->has_system = false;
	h->sys_manufacturer = h->sys_product = h->sys_serial = h->sys_uuid = NULL;
	h->n_evidence = h->n_read = 0;
	h->n_devices = h->n_makers = h->n_findings = 0;
	h->content = (cai_hash){0, 0};
}

void cai_rhost_release(cai_rhost *h)
{
	cai_rhost_reset(h);
	while (h->spare) {
		chunk *c = h->spare;
		h->spare = c->next;
		free(c);
	}
	free(h->devices);
	free(h->evidence);
	free(h->makers);
	free(h->findings);
	memset(h, 0, sizeof(*h));
}

/* --------------------------------------------------------------- reader */

typedef enum { JV_NULL, JV_FALSE, JV_TRUE, JV_INT, JV_REAL, JV_STR, JV_ARR, JV_OBJ } jv_type;

typedef struct jv {
	jv_type t;
	const char *s; /* JV_STR: decoded, NUL-terminated, in the arena */
	long long i;   /* JV_INT */
	cai_hash hash;
} jv;

typedef struct jp {
	const unsigned char *p, *end, *base;
	const char *why;
	size_t at;
	int depth;
	cai_rhost *h;
	bool nomem;
} jp;

/* What to do with the members of an object (key, ctx) or the elements of
 * an array (key NULL): read the value at j->p into *v (and keep what the
 * store needs of it). Returns false on error (j->why set). */
typedef bool (*jp_item)(jp *j, const char *key, void *ctx, jv *v);

static bool fail(jp *j, const unsigned char *at, const char *why)
{
	if (!j->why) {
		j->why = why;
		j->at = (size_t)(at - j->base);
	}
	return false;
}

static inline void ws(jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t'))
		j->p++;
}

/* Length of the UTF-8 sequence at p (its lead byte >= 0x80), 0 when invalid. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0];
	size_t n;
	unsigned lo = 0x80, hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f; /* no UTF-16 surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t k = 2; k < n; k++)
		if ((p[k] & 0xc0) != 0x80)
			return 0;
	return n;
}

static int hex4(const unsigned char *p)
{
	int v = 0;
	for (int k = 0; k < 4; k++) {
		int c = p[k], d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* A string whose opening quote is at j->p, decoded into the arena. */
static bool jp_string(jp *j, jv *v)
{
	const unsigned char *start = ++j->p, *q = start;
	/* the raw extent, checked */
	for (;;) {
		while (q < j->end && *q >= 0x20 && *q < 0x80 && *q != '"' && *q != '\\')
			q++;
		if (q >= j->end)
			return fail(j, q, "a string is not closed");
		if (*q == '"')
			break;
		if (*q < 0x20)
			return fail(j, q, "a control character in a string");
		if (*q == '\\') {
			if (q + 1 >= j->end)
				return fail(j, q, "a string is not closed");
			q += 2;
			if (q[-1] == 'u') {
				if (j->end - q < 4 || hex4(q) < 0)
					return fail(j, q, "invalid \\u escape");
				q += 4;
			} else if (!strchr("\"\\/bfnrt", q[-1]) || !q[-1]) {
				return fail(j, q - 1, "invalid escape in a string");
			}
			continue;
		}
		size_t n = utf8_len(q, j->end);
		if (!n)
			return fail(j, q, "invalid UTF-8 in a string");
		q += n;
	}
	size_t raw = (size_t)(q - start);
	char *out = arena_take(j->h, raw + 1);
	if (!out) {
		j->nomem = true;
		return fail(j, q, "out of memory");
	}
	size_t n = 0;
	for (const unsigned char *c = start; c < q;) {
		if (*c != '\\') {
			const unsigned char *e = c;
			while (e < q && *e != '\\')
				e++;
			memcpy(out + n, c, (size_t)(e - c));
			n += (size_t)(e - c);
			c = e;
			continue;
		}
		char esc = (char)c[1];
		c += 2;
		if (esc != 'u') {
			static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
			out[n++] = to[strchr(from, esc) - from];
			continue;
		}
		unsigned cp = (unsigned)hex4(c);
		c += 4;
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return fail(j, c - 6, "invalid Unicode: a lone low surrogate");
		if (cp >= 0xd800 && cp <= 0xdbff) {
			int lo = q - c >= 6 && c[0] == '\\' && c[1] == 'u' ? hex4(c + 2) : -1;
			if (lo < 0xdc00 || lo > 0xdfff)
				return fail(j, c - 6, "invalid Unicode: a high surrogate without its pair");
			cp = 0x10000 + ((cp - 0xd800) << 10) + ((unsigned)lo - 0xdc00);
			c += 6;
		}
		if (cp < 0x80) {
			out[n++] = (char)cp;
		} else if (cp < 0x800) {
			out[n++] = (char)(0xc0 | (cp >> 6));
			out[n++] = (char)(0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			out[n++] = (char)(0xe0 | (cp >> 12));
			out[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			out[n++] = (char)(0x80 | (cp & 0x3f));
		} else {
			out[n++] = (char)(0xf0 | (cp >> 18));
			out[n++] = (char)(0x80 | ((cp >> 12) & 0x3f));
			out[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			out[n++] = (char)(0x80 | (cp & 0x3f));
		}
	}
	out[n] = '\0';
	v->t = JV_STR;
	v->s = out;
	v->hash = hash_bytes(TAG_STR, (const unsigned char *)out, n);
	j->p = q + 1;
	return true;
}

static bool jp_number(jp *j, jv *v)
{
	const unsigned char *s = j->p, *c = s;
	bool neg = *c == '-', integer = true;
	if (neg)
		c++;
	if (c >= j->end || *c < '0' || *c > '9')
		return fail(j, s, "invalid token");
	unsigned long long mag = 0;
	bool over = false;
	if (*c == '0') {
		c++;
	} else {
		for (; c < j->end && *c >= '0' && *c <= '9'; c++) {
			unsigned d = (unsigned)(*c - '0');
			if (mag > (~0ull - d) / 10)
				over = true;
			else
				mag = mag * 10 + d;
		}
	}
	if (c < j->end && *c == '.') {
		integer = false;
		if (++c >= j->end || *c < '0' || *c > '9')
			return fail(j, s, "invalid number");
		while (c < j->end && *c >= '0' && *c <= '9')
			c++;
	}
	if (c < j->end && (*c == 'e' || *c == 'E')) {
		integer = false;
		c++;
		if (c < j->end && (*c == '+' || *c == '-'))
			c++;
		if (c >= j->end || *c < '0' || *c > '9')
			return fail(j, s, "invalid number");
		while (c < j->end && *c >= '0' && *c <= '9')
			c++;
	}
	if (integer) {
		if (over || mag > (neg ? 0x8000000000000000ull : 0x7fffffffffffffffull))
			return fail(j, s, neg ? "too big negative integer" : "too big integer");
		v->t = JV_INT;
		v->i = neg ? (long long)(0 - mag) : (long long)mag;
	} else {
		v->t = JV_REAL;
	}
	v->hash = hash_bytes(TAG_NUM, s, (size_t)(c - s));
	j->p = c;
	return true;
}

static bool literal(jp *j, const char *word, jv_type t, uint64_t tag, jv *v)
{
	size_t n = strlen(word);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
		return fail(j, j->p, "invalid token");
	j->p += n;
	v->t = t;
	v->hash = hash_tag(tag);
	return true;
}

/* Any value at j->p (after white space); containers' members or elements
 * go to item(ctx) when item is not NULL, else are read and hashed only. */
static bool jp_value(jp *j, jv *v, jp_item item, void *ctx)
{
	ws(j);
	if (j->p >= j->end)
		return fail(j, j->p, "the text ends where a value should be");
	switch (*j->p) {
	case '"': return jp_string(j, v);
	case 't': return literal(j, "true", JV_TRUE, TAG_TRUE, v);
	case 'f': return literal(j, "false", JV_FALSE, TAG_FALSE, v);
	case 'n': return literal(j, "null", JV_NULL, TAG_NULL, v);
	case '{':
	case '[': break;
	default: return jp_number(j, v);
	}
	bool obj = *j->p == '{';
	char close = obj ? '}' : ']';
	if (++j->depth > HOST_MAX_DEPTH)
		return fail(j, j->p, "nested too deep");
	j->p++;
	cai_hash h = hash_tag(obj ? TAG_OBJ : TAG_ARR);
	ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
	} else {
		for (;;) {
			jv key = {0}, e = {0};
			if (obj) {
				ws(j);
				if (j->p >= j->end || *j->p != '"')
					return fail(j, j->p, "string or '}' expected");
				if (!jp_string(j, &key))
					return false;
				ws(j);
				if (j->p >= j->end || *j->p != ':')
					return fail(j, j->p, "':' expected");
				j->p++;
			}
			if (!(item ? item(j, obj ? key.s : NULL, ctx, &e) : jp_value(j, &e, NULL, NULL)))
				return false;
			h = obj ? hash_member(h, key.hash, e.hash) : hash_next(h, e.hash);
			ws(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p < j->end && *j->p == close) {
				j->p++;
				break;
			}
			return fail(j, j->p, obj ? "',' or '}' expected" : "',' or ']' expected");
		}
	}
	j->depth--;
	v->t = obj ? JV_OBJ : JV_ARR;
	v->hash = (cai_hash){fmix(h.a ^ TAG_OBJ), fmix(h.b ^ (obj ? TAG_OBJ : TAG_ARR))};
	return true;
}

/* -------------------------------------------------- what the store reads */

/* Keys seen in one object, and the first reason it is wrong. */
typedef struct seen {
	unsigned bits;
	bool bad; /* an optional text is neither a string nor null */
	const char *why;
} seen;

static bool str_or_null(const jv *v)
{
	return v->t == JV_STR || v->t == JV_NULL;
}

/* When key is names[k], sets *slots[k] to its text (NULL unless a string)
 * and bit k, and returns k; else -1. */
static int take_text(const char *key, const char *const *names, int n, const char **const *slots,
		     const jv *v, seen *sn)
{
	for (int k = 0; k < n; k++) {
		if (strcmp(key, names[k]) != 0)
			continue;
		sn->bits |= 1u << k;
		*slots[k] = v->t == JV_STR ? v->s : NULL;
		return k;
	}
	return -1;
}

/* A zeroed new element at the end of the n of *arr (capacity *cap), or
 * NULL when out of memory (the parse then fails). */
static void *new_slot(jp *j, void **arr, size_t *cap, size_t n, size_t size)
{
	void *g = grow(*arr, cap, n, size);
	if (!g) {
		j->nomem = true;
		fail(j, j->p, "out of memory");
		return NULL;
	}
	*arr = g;
	return memset((char *)g + n * size, 0, size);
}

/* True when the next value is an object. */
static bool object_next(jp *j)
{
	ws(j);
	return j->p < j->end && *j->p == '{';
}

static const char *const maker_fields[] = {"maker_id", "maker",	   "owner_id",  "owner",
					   "method",   "evidence", "confidence"};

static bool maker_item(jp *j, const char *key, void *ctx, jv *v)
{
	seen *sn = ctx;
	cai_rmaker *m = &j->h->makers[j->h->n_makers];
	const char **const slots[] = {&m->maker_id, &m->maker,	  &m->owner_id,  &m->owner,
				      &m->method,   &m->evidence, &m->confidence};
	if (!jp_value(j, v, NULL, NULL))
		return false;
	int k = take_text(key, maker_fields, 7, slots, v, sn);
	if (k >= 0 && k < 6 && !str_or_null(v))
		sn->bad = true;
	return true;
}

static bool makers_item(jp *j, const char *role, void *ctx, jv *v)
{
	seen *dev = ctx;
	cai_rhost *h = j->h;
	void *arr = h->makers;
	cai_rmaker *m = new_slot(j, &arr, &h->cap_makers, h->n_makers, sizeof(*m));
	h->makers = arr;
	if (!m)
		return false;
	m->device = h->n_devices;
	m->role = role;
	seen sn = {0};
	bool is_obj = object_next(j);
	if (!jp_value(j, v, is_obj ? maker_item : NULL, &sn))
		return false;
	if (!dev->why) {
		if (!is_obj || !m->confidence)
			dev->why = "a maker answer has no \"confidence\"";
		else if (sn.bad || (sn.bits & 0x3f) != 0x3f)
			dev->why = "a maker answer's field is missing or not a string";
	}
	h->n_makers++;
	return true;
}

const char *const cai_device_id_keys[CAI_DEVICE_IDS] = {
	"pci_vendor_id", "pci_device_id", "pci_subsystem_vendor_id", "pci_subsystem_device_id",
	"pci_class",	 "ieee_oui",	  "usb_vendor_id",	     "usb_product_id",
	"emmc_manfid",	 "emmc_oemid"};

const char *const cai_jedec_keys[CAI_JEDEC_IDS] = {
	"module_manufacturer_id", "subsystem_controller_manufacturer_id", "pmic0_manufacturer_id",
	"rcd_manufacturer_id", "dram_manufacturer_id"};

/* The text members of a memory device (kind NULL) and of a device, and
 * where they go. */
typedef struct text_key {
	const char *key;
	size_t at; /* offsetof(cai_rdevice, ...) */
} text_key;

#define AT(f) offsetof(cai_rdevice, f)
static const text_key memory_texts[] = {
	{"locator", AT(locator)},	      {"manufacturer", AT(manufacturer)},
	{"part_number", AT(part_number)},     {"serial_number", AT(serial_number)},
	{"type", AT(type)},		      {"manufacture_date", AT(manufacture_date)},
	{"bank_locator", AT(bank_locator)},   {"form_factor", AT(form_factor)},
	{"type_detail", AT(type_detail)},     {"asset_tag", AT(asset_tag)},
	{"spd_source", AT(spd_source)},	      {"spd_crc", AT(spd_crc)},
};
static const text_key device_texts[] = {
	{"kind", AT(kind)},		    {"label", AT(label)},	      {"evidence", AT(evidence)},
	{"model", AT(part_number)},	    {"vendor", AT(manufacturer)},     {"family", AT(family)},
	{"serial_number", AT(serial_number)}, {"firmware", AT(firmware)}, {"bus_path", AT(locator)},
	{"wwn", AT(wwn)},		    {"eui64", AT(eui64)},	      {"emmc_name", AT(emmc_name)},
	{"emmc_date", AT(emmc_date)},	    {"vram_vendor", AT(vram_vendor)}, {"rotation", AT(rotation)},
	{"form_factor", AT(form_factor)},   {"transport", AT(transport)},
};
#undef AT

/* A JEDEC id object ({"bank": 1, "code": "0x2C", ...}) being read. */
typedef struct jedec_read {
	long long bank;
	const char *code;
} jedec_read;

static bool jedec_item(jp *j, const char *key, void *ctx, jv *v)
{
	jedec_read *id = ctx;
	if (!jp_value(j, v, NULL, NULL))
		return false;
	if (strcmp(key, "bank") == 0 && v->t == JV_INT)
		id->bank = v->i;
	else if (strcmp(key, "code") == 0 && v->t == JV_STR)
		id->code = v->s;
	return true;
}

/* "Bank B, Hex 0xCC" in the arena, as dmidecode writes an id; NULL when
 * the object does not hold a bank and a code. */
static const char *jedec_text(jp *j, const jedec_read *id)
{
	unsigned code;
	if (id->bank < 1 || id->bank > 16 || !id->code || sscanf(id->code, "0x%2x", &code) != 1)
		return NULL;
	char *out = arena_take(j->h, 24);
	if (!out) {
		j->nomem = true;
		return NULL;
	}
	snprintf(out, 24, "Bank %lld, Hex 0x%02X", id->bank, code);
	return out;
}

/* A member of a memory device (kind NULL) or of a device. */
static bool device_item(jp *j, const char *key, void *ctx, jv *v)
{
	seen *sn = ctx;
	cai_rdevice *d = &j->h->devices[j->h->n_devices];
	bool memory = !d->kind_expected;
	if (strcmp(key, "makers") == 0) {
		bool is_obj = object_next(j);
		/* a second "makers" key replaces the first, as a JSON object's last key does */
		j->h->n_makers = d->first_maker;
		if (!jp_value(j, v, is_obj ? makers_item : NULL, sn))
			return false;
		if (!is_obj && v->t != JV_NULL && !sn->why)
			sn->why = memory ? "a memory device's \"makers\" is not an object"
					 : "a device's \"makers\" is not an object";
		return true;
	}
	for (int k = 0; memory && k < CAI_JEDEC_IDS; k++) {
		if (strcmp(key, cai_jedec_keys[k]) != 0)
			continue;
		jedec_read id = {0};
		bool is_obj = object_next(j);
		if (!jp_value(j, v, is_obj ? jedec_item : NULL, &id))
			return false;
		d->jedec[k] = is_obj ? jedec_text(j, &id) : NULL;
		return !j->nomem || fail(j, j->p, "out of memory");
	}
	if (!jp_value(j, v, NULL, NULL))
		return false;
	const text_key *keys = memory ? memory_texts : device_texts;
	size_t n = memory ? sizeof(memory_texts) / sizeof(*keys) : sizeof(device_texts) / sizeof(*keys);
	for (size_t k = 0; k < n; k++) {
		if (strcmp(key, keys[k].key) != 0)
			continue;
		*(const char **)((char *)d + keys[k].at) = v->t == JV_STR ? v->s : NULL;
		if (!str_or_null(v) && !sn->why)
			sn->why = memory ? "a memory device's text field is not a string"
					 : "a device's text field is not a string";
		return true;
	}
	if (!memory) {
		for (int k = 0; k < CAI_DEVICE_IDS; k++)
			if (strcmp(key, cai_device_id_keys[k]) == 0) {
				unsigned long long x;
				char end;
				d->ids[k] = v->t == JV_STR && sscanf(v->s, "0x%llx%c", &x, &end) == 1 &&
							    x <= 0xffffffffull
						    ? (long long)x
						    : -1;
				return true;
			}
		if (strcmp(key, "capacity_bytes") == 0) {
			d->has_size = v->t == JV_INT;
			d->size_bytes = v->i;
		}
		return true;
	}
	if (strcmp(key, "installed") == 0) {
		d->installed_ok = v->t == JV_TRUE || v->t == JV_FALSE;
		d->installed = v->t == JV_TRUE;
	} else if (strcmp(key, "handle") == 0) {
		d->has_handle = v->t == JV_INT;
		d->handle = v->i;
	} else if (strcmp(key, "size_bytes") == 0) {
		d->has_size = v->t == JV_INT;
		d->size_bytes = v->i;
	} else if (strcmp(key, "speed_mts") == 0) {
		d->has_speed = v->t == JV_INT;
		d->speed = v->i;
	} else if (strcmp(key, "configured_speed_mts") == 0) {
		d->has_cspeed = v->t == JV_INT;
		d->cspeed = v->i;
	} else if (strcmp(key, "rank") == 0) {
		d->has_rank = v->t == JV_INT;
		d->rank = v->i;
	}
	return true;
}

/* A memory device (memory) or a device beyond memory in a host's list. */
static bool device_entry(jp *j, jv *v, seen *host, bool memory)
{
	cai_rhost *h = j->h;
	void *arr = h->devices;
	cai_rdevice *d = new_slot(j, &arr, &h->cap_devices, h->n_devices, sizeof(*d));
	h->devices = arr;
	if (!d)
		return false;
	d->first_maker = h->n_makers;
	d->kind_expected = !memory;
	for (int k = 0; k < CAI_DEVICE_IDS; k++)
		d->ids[k] = -1;
	bool is_obj = object_next(j);
	seen sn = {0};
	if (!jp_value(j, v, is_obj ? device_item : NULL, &sn))
		return false;
	if (!host->why) {
		if (memory && (!is_obj || !d->installed_ok))
			host->why = "a memory device has no \"installed\" boolean";
		else if (!memory && (!is_obj || !d->kind))
			host->why = "a device has no \"kind\" string";
		else if (sn.why)
			host->why = sn.why;
	}
	if (!memory)
		d->installed = true;
	h->n_devices++;
	return true;
}

static bool devices_item(jp *j, const char *key, void *ctx, jv *v)
{
	(void)key;
	return device_entry(j, v, ctx, true);
}

static bool others_item(jp *j, const char *key, void *ctx, jv *v)
{
	(void)key;
	return device_entry(j, v, ctx, false);
}

static bool evidence_item(jp *j, const char *key, void *ctx, jv *v)
{
	cai_revidence *e = ctx;
	if (key) { /* a member of one evidence entry */
		if (!jp_value(j, v, NULL, NULL))
			return false;
		if (strcmp(key, "read") == 0)
			j->h->ev_read = v->t == JV_TRUE ? 1 : v->t == JV_FALSE ? 0 : -1;
		else if (strcmp(key, "name") == 0)
			e->name = v->t == JV_STR ? v->s : NULL;
		else if (strcmp(key, "format") == 0)
			e->format = v->t == JV_STR ? v->s : NULL;
		else if (strcmp(key, "inventory") == 0)
			e->inventory = v->t == JV_TRUE;
		return true;
	}
	cai_rhost *h = j->h;
	void *arr = h->evidence;
	e = new_slot(j, &arr, &h->cap_evidence, h->n_evidence, sizeof(*e));
	h->evidence = arr;
	if (!e)
		return false;
	bool is_obj = object_next(j);
	h->ev_read = -1;
	if (!jp_value(j, v, is_obj ? evidence_item : NULL, e))
		return false;
	if (!is_obj || h->ev_read < 0)
		h->ev_bad = true;
	e->read = h->ev_read == 1;
	h->n_evidence++;
	h->n_read += h->ev_read == 1;
	return true;
}

static const char *const finding_texts[] = {"component", "role", "maker_id", "owner",
					    "sentence",	 "severity", "rule",   "state"};

static bool finding_item(jp *j, const char *key, void *ctx, jv *v)
{
	seen *sn = ctx;
	cai_rfinding *f = &j->h->findings[j->h->n_findings];
	if (!jp_value(j, v, NULL, NULL))
		return false;
	const char **const slots[] = {&f->component, &f->role,	   &f->maker_id, &f->owner,
				      &f->sentence,  &f->severity, &f->rule,	 &f->state};
	int k = take_text(key, finding_texts, 8, slots, v, sn);
	if (k >= 0 && k < 5 && !str_or_null(v))
		sn->bad = true;
	if (k < 0 && strcmp(key, "waived") == 0) {
		f->waived_ok = v->t == JV_TRUE || v->t == JV_FALSE;
		f->waived = v->t == JV_TRUE;
	}
	return true;
}

static bool findings_item(jp *j, const char *key, void *ctx, jv *v)
{
	(void)key;
	seen *host = ctx;
	cai_rhost *h = j->h;
	void *arr = h->findings;
	cai_rfinding *f = new_slot(j, &arr, &h->cap_findings, h->n_findings, sizeof(*f));
	h->findings = arr;
	if (!f)
		return false;
	bool is_obj = object_next(j);
	seen sn = {0};
	if (!jp_value(j, v, is_obj ? finding_item : NULL, &sn))
		return false;
	if (!host->why) {
		if (!is_obj)
			host->why = "a finding is not an object";
		else if (!f->severity || !f->rule || !f->state)
			host->why = "a finding has no \"severity\", \"rule\" or \"state\" string";
		else if ((sn.bits & 0x1f) != 0x1f || sn.bad)
			host->why = "a finding's field is missing or not a string";
		else if (!f->waived_ok)
			host->why = "a finding has no \"waived\" boolean";
	}
	h->n_findings++;
	return true;
}

static bool system_item(jp *j, const char *key, void *ctx, jv *v)
{
	(void)ctx;
	if (!jp_value(j, v, NULL, NULL))
		return false;
	const char *s = v->t == JV_STR ? v->s : NULL;
	if (strcmp(key, "manufacturer") == 0)
		j->h->sys_manufacturer = s;
	else if (strcmp(key, "product") == 0)
		j->h->sys_product = s;
	else if (strcmp(key, "serial_number") == 0)
		j->h->sys_serial = s;
	else if (strcmp(key, "uuid") == 0)
		j->h->sys_uuid = s;
	return true;
}

enum { K_SOURCE = 1, K_FORMAT = 2, K_PROFILE = 4, K_SYSTEM = 8, K_EVIDENCE = 16, K_DEVICES = 32,
       K_FINDINGS = 64, K_OTHERS = 128 };

static bool host_item(jp *j, const char *key, void *ctx, jv *v)
{
	seen *sn = ctx;
	cai_rhost *h = j->h;
	ws(j);
	char c = j->p < j->end ? (char)*j->p : 0;
	/* a key given twice: the last one counts, as in a JSON object */
	if (strcmp(key, "system") == 0) {
		h->has_system = c == '{';
		h->sys_manufacturer = h->sys_product = h->sys_serial = h->sys_uuid = NULL;
		if (!jp_value(j, v, c == '{' ? system_item : NULL, NULL))
			return false;
		sn->bits = (sn->bits & ~(unsigned)K_SYSTEM) | (v->t == JV_OBJ || v->t == JV_NULL ? K_SYSTEM : 0);
		return true;
	}
	if (strcmp(key, "evidence") == 0) {
		h->n_evidence = h->n_read = 0;
		h->ev_bad = false;
		if (!jp_value(j, v, c == '[' ? evidence_item : NULL, NULL))
			return false;
		sn->bits = (sn->bits & ~(unsigned)K_EVIDENCE) | (v->t == JV_ARR && !h->ev_bad ? K_EVIDENCE : 0);
		h->evidence_is_list = v->t == JV_ARR;
		return true;
	}
	if (strcmp(key, "memory_devices") == 0 || strcmp(key, "devices") == 0) {
		/* both lists go into h->devices: each may be given once */
		bool memory = key[0] == 'm';
		unsigned bit = memory ? K_DEVICES : K_OTHERS;
		h->devices_twice |= (sn->bits & bit) != 0;
		seen dv = {0};
		if (!jp_value(j, v, c == '[' ? (memory ? devices_item : others_item) : NULL, &dv))
			return false;
		if (!h->devices_why)
			h->devices_why = v->t == JV_ARR ? dv.why
					 : memory ? "a host has no \"memory_devices\" list"
						  : "a host's \"devices\" is not a list";
		sn->bits |= bit;
		return true;
	}
	if (strcmp(key, "findings") == 0) {
		h->n_findings = 0;
		seen fs = {0};
		if (!jp_value(j, v, c == '[' ? findings_item : NULL, &fs))
			return false;
		h->findings_why = v->t == JV_ARR || v->t == JV_NULL ? fs.why
								   : "a host's \"findings\" is not a list or null";
		sn->bits |= K_FINDINGS;
		return true;
	}
	if (!jp_value(j, v, NULL, NULL))
		return false;
	if (strcmp(key, "source") == 0) {
		h->source = v->t == JV_STR ? v->s : NULL;
		sn->bits |= K_SOURCE;
	} else if (strcmp(key, "format") == 0) {
		h->format = v->t == JV_STR ? v->s : NULL;
		sn->bits |= K_FORMAT;
	} else if (strcmp(key, "profile") == 0) {
		h->profile = v->t == JV_STR ? v->s : NULL;
		sn->bits = (sn->bits & ~(unsigned)K_PROFILE) | (str_or_null(v) ? K_PROFILE : 0);
	}
	return true;
}

int cai_rhost_parse(cai_rhost *h, const char *buf, size_t len, const char **ret_why, size_t *ret_at)
{
	cai_rhost_reset(h);
	h->devices_why = h->findings_why = NULL;
	h->evidence_is_list = h->devices_twice = false;
	jp j = {.p = (const unsigned char *)buf, .base = (const unsigned char *)buf,
		.end = (const unsigned char *)buf + len, .h = h};
	jv v = {0};
	seen sn = {0};
	ws(&j);
	*ret_why = NULL;
	*ret_at = 0;
	if (j.p >= j.end || (*j.p != '{' && *j.p != '[')) {
		*ret_why = j.p >= j.end ? "the text ends where a value should be" : "'[' or '{' expected";
		*ret_at = (size_t)(j.p - j.base);
		return -EINVAL;
	}
	bool obj = *j.p == '{';
	bool ok = jp_value(&j, &v, obj ? host_item : NULL, &sn);
	if (ok) {
		ws(&j);
		if (j.p < j.end)
			ok = fail(&j, j.p, "end of text expected");
	}
	if (!ok) {
		*ret_why = j.why;
		*ret_at = j.at;
		return j.nomem ? -ENOMEM : -EINVAL;
	}
	/* the checks of docs/fleet.md, "Refusals", in a fixed order */
	const char *why = NULL;
	if (!obj)
		why = "a host is not a JSON object";
	else if (!h->source)
		why = "a host has no \"source\" string";
	else if (!h->format)
		why = "a host has no \"format\" string";
	else if (!(sn.bits & K_PROFILE))
		why = "a host's \"profile\" is not a string or null";
	else if (!(sn.bits & K_SYSTEM))
		why = "a host's \"system\" is not an object or null";
	else if (!h->evidence_is_list)
		why = "a host has no \"evidence\" list";
	else if (!(sn.bits & K_EVIDENCE))
		why = "an evidence entry has no \"read\" boolean";
	else if (!(sn.bits & K_DEVICES))
		why = "a host has no \"memory_devices\" list";
	else if (h->devices_twice)
		why = "a host has \"memory_devices\" or \"devices\" twice";
	else if (h->devices_why)
		why = h->devices_why;
	else if (!(sn.bits & K_FINDINGS))
		why = "a host's \"findings\" is not a list or null";
	else if (h->findings_why)
		why = h->findings_why;
	if (why) {
		*ret_why = why;
		return 1;
	}
	h->content = v.hash;
	return 0;
}

cai_hash cai_rhost_key(const cai_rhost *h, const char *name)
{
	cai_hash n = hash_bytes(TAG_HOST, (const unsigned char *)name, strlen(name));
	return hash_next(n, h->content);
}

const char *cai_rhost_verdict(const cai_rhost *h)
{
	if (h->n_evidence && !h->n_read)
		return "unreadable";
	static const char *const sev[] = {"info", "warn", "fail"};
	int worst = -1;
	for (size_t i = 0; i < h->n_findings; i++) {
		if (h->findings[i].waived)
			continue;
		for (int k = 0; k < 3; k++)
			if (strcmp(h->findings[i].severity, sev[k]) == 0 && k > worst)
				worst = k;
	}
	return worst < 0 ? "no_findings" : sev[worst];
}
