/* SPDX-License-Identifier: MIT */
/*
 * The maker resolver: who made a memory device in each role, from which
 * evidence, with what confidence.
 *
 * Evidence, strongest first: SMBIOS 3.2+ binary ids (copied from the SPD) >
 * hex Manufacturer strings (4-hex in either byte order, with or without the
 * parity bit; 12-hex module|register|DRAM; 16-hex 0x7F-continuation form;
 * dmidecode's little-endian "Unknown - [0x....]"; BIOS-private codes as a
 * low-confidence quirk) > names and aliases > part numbers. Ids are always
 * matched with their bank; names are matched whole, never by prefix.
 */
#include "chipaudit/identify.h"
#include "kb/kb_internal.h"
#include "util/date.h"
#include "util/textfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#define JEP106_MAX_BANK 18

const char *ca_role_name(ca_role role)
{
	switch (role) {
	case CA_ROLE_MODULE: return "module";
	case CA_ROLE_DRAM: return "dram";
	case CA_ROLE_REGISTER: return "register";
	case CA_ROLE_PMIC: return "pmic";
	case CA_ROLE_COUNT: break;
	}
	return "unknown";
}

const char *ca_confidence_name(ca_confidence c)
{
	switch (c) {
	case CA_CONFIDENCE_NONE: return "none";
	case CA_CONFIDENCE_LOW: return "low";
	case CA_CONFIDENCE_MEDIUM: return "medium";
	case CA_CONFIDENCE_HIGH: return "high";
	}
	return "none";
}

/* ------------------------------------------------------- placeholders */

bool ca_is_placeholder(const char *text)
{
	static const char *const words[] = {
		"", "unknown", "notspecified", "undefined", "null", "none", "na", "empty",
		"tobefilledbyoem", "default", "unde", "notavailable", "abcd", "ab", "0", "00",
		"unknown0", "nomoduleinstalled", "manufacturer", "dimmmanufacturer", "noname",
		"oem", "generic", "xxxxxxxxxxxx", "123456789012", "1234567890", "nodimm",
		"badindex", "outofspec", "notavailable", "empty", "partnum", "serialnum",
	};
	char key[128];
	size_t n = cai_kb_normalize_key(text ? text : "", key, sizeof(key));
	/* one digit repeated: 0000, 000000000000, 999999 */
	bool same_digit = n > 0 && key[0] >= '0' && key[0] <= '9';
	for (size_t i = 1; same_digit && i < n; i++)
		same_digit = key[i] == key[0];
	if (same_digit)
		return true;
	/* the first letter before the whole word: most texts are real names */
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (key[0] == words[i][0] && strcmp(key, words[i]) == 0)
			return true;
	/* "Manufacturer0", "Manufacturer02", "Mfg 1", "A1_Manufacturer0", "Unknown (0)" */
	static const char *const stems[] = {"manufacturer", "mfg", "a1manufacturer", "unknown",
					    "dimm", "modulemanufacturer", "partnum", "a1partnum",
					    "modulepartnumber", "array1partnumber", "array2partnumber",
					    "sodimm", "partnumber", "sernum"};
	for (size_t i = 0; i < sizeof(stems) / sizeof(stems[0]); i++) {
		if (key[0] != stems[i][0])
			continue;
		size_t sl = strlen(stems[i]);
		if (n > sl && strncmp(key, stems[i], sl) == 0) {
			bool digits = true;
			for (size_t k = sl; k < n; k++)
				digits &= key[k] >= '0' && key[k] <= '9';
			if (digits)
				return true;
		}
	}
	return false;
}

static bool usable_text(const char *s)
{
	return s && *s && !ca_is_placeholder(s);
}

/* ---------------------------------------------------------- answers */

static void set_str(char *dst, size_t size, const char *src)
{
	/* as snprintf("%s") would: cut at size - 1 bytes */
	if (!size)
		return;
	size_t n = src ? strnlen(src, size - 1) : 0;
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Fills maker and owner of a from an entity (or a JEP106-only id). */
static void set_maker(const ca_kb *kb, ca_maker_answer *a, const ca_entity *e, ca_jep106_id id,
		      const char *date)
{
	if (e) {
		a->maker = e;
		set_str(a->maker_id, sizeof(a->maker_id), e->id);
		set_str(a->maker_name, sizeof(a->maker_name), e->name);
		const ca_entity *o = ca_kb_owner_on(kb, e, date);
		a->owner = o;
		set_str(a->owner_id, sizeof(a->owner_id), o->id);
		set_str(a->owner_name, sizeof(a->owner_name), o->name);
	} else {
		a->maker = NULL;
		cai_text_format(a->maker_id, sizeof(a->maker_id), "jep106:%u:0x%02X", id.bank, id.code);
		set_str(a->maker_name, sizeof(a->maker_name), ca_jep106_name(id));
		a->owner = NULL;
		set_str(a->owner_id, sizeof(a->owner_id), a->maker_id);
		set_str(a->owner_name, sizeof(a->owner_name), a->maker_name);
	}
}

static bool answer_jep106(const ca_kb *kb, ca_jep106_id id, const char *date, ca_maker_answer *a)
{
	if (!ca_jep106_name(id))
		return false;
	set_maker(kb, a, ca_kb_find_jep106(kb, id), id, date);
	return true;
}

/* --------------------------------------------------------- hex strings */

typedef struct pair_reading {
	ca_jep106_id id;
	bool parity_added;
	bool swapped;        /* read as [code][continuation] */
	bool order_assumed;  /* both byte orders were valid: [continuation][code] assumed */
} pair_reading;

/* One (continuation, code) reading; false when it is not a JEP106 id. */
static bool try_pair(uint8_t cont, uint8_t code, pair_reading *r)
{
	uint8_t count = cont & 0x7F;
	if (count >= JEP106_MAX_BANK)
		return false;
	if ((cont & 0x80) && !ca_jep106_parity_ok(cont))
		return false; /* bit 7 set but not as an odd-parity bit */
	if ((code & 0x7F) == 0 || (code & 0x7F) == 0x7F)
		return false;
	ca_jep106_id id = {(uint8_t)(count + 1), code};
	bool parity_added = false;
	if (!ca_jep106_parity_ok(code)) {
		/* written without its parity bit: add it */
		uint8_t c7 = code & 0x7F;
		id.code = (uint8_t)(c7 | (ca_jep106_parity_ok(c7) ? 0 : 0x80));
		parity_added = true;
	}
	if (!ca_jep106_name(id))
		return false;
	*r = (pair_reading){.id = id, .parity_added = parity_added};
	return true;
}

/* Reads two bytes in either order; ambiguity (both orders valid, different
 * makers) is no answer. */
static bool read_pair(const ca_kb *kb, uint8_t b0, uint8_t b1, pair_reading *ret)
{
	pair_reading a = {0}, b = {0};
	bool ok_a = try_pair(b0, b1, &a), ok_b = try_pair(b1, b0, &b);
	if (ok_a && ok_b) {
		const ca_entity *ea = ca_kb_find_jep106(kb, a.id), *eb = ca_kb_find_jep106(kb, b.id);
		bool same = (a.id.bank == b.id.bank && a.id.code == b.id.code) || (ea && ea == eb);
		if (!same) {
			/* Prefer the reading that needs no repair; when both are clean,
			 * firmware writes [continuation][code] (80CE, 0198, 830B), so
			 * take that order and say it was assumed. */
			if (a.parity_added == b.parity_added) {
				ok_b = false;
				a.order_assumed = true;
			} else {
				ok_a = !a.parity_added;
				ok_b = !ok_a;
			}
		}
	}
	if (ok_a) {
		*ret = a;
		ret->swapped = false;
		return true;
	}
	if (ok_b) {
		*ret = b;
		ret->swapped = true;
		return true;
	}
	return false;
}

typedef struct hex_reading {
	ca_role role;
	pair_reading pair;
	const char *method;
	ca_confidence confidence;
	bool heuristic;
	char how[160];
} hex_reading;

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void describe_pair(hex_reading *h, uint8_t b0, uint8_t b1)
{
	cai_text_format(h->how, sizeof(h->how), "bytes %02X %02X read as [%s]: bank %u, code 0x%02X%s%s", b0,
		 b1, h->pair.swapped ? "code][continuation count" : "continuation count][code",
		 h->pair.id.bank, h->pair.id.code, h->pair.parity_added ? " (parity bit added)" : "",
		 h->pair.order_assumed ? " (the other byte order also reads as an id)" : "");
}

/* Decodes the hex forms firmware writes in the Manufacturer string. Returns
 * the number of readings (0: not a hex form, or nothing assigned). */
static size_t read_hex_string(const ca_kb *kb, const char *text, hex_reading out[3])
{
	char digits[40];
	size_t nd = 0;
	const char *s = text;
	while (*s == ' ')
		s++;
	bool dmidecode_le = false, jedec_prefix = false;
	if (strncmp(s, "Unknown - [0x", 13) == 0) {
		s += 13;
		dmidecode_le = true;
	} else if (strncmp(s, "JEDEC ID:", 9) == 0) {
		s += 9;
		jedec_prefix = true;
	} else if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
	}
	for (; *s; s++) {
		if (*s == ' ' && jedec_prefix)
			continue;
		if (*s == ']' && dmidecode_le && s[1] == '\0')
			break;
		if (hexval(*s) < 0 || nd >= sizeof(digits) - 1)
			return 0;
		digits[nd++] = *s;
	}
	/* Every reading below is checked against JEP106 (bank range, parity,
	 * assignment), so an all-digit string is only read when it fits. */
	if (nd < 4 || nd % 2)
		return 0;
	uint8_t b[20];
	size_t nb = nd / 2;
	bool all_zero = true;
	for (size_t i = 0; i < nb; i++) {
		b[i] = (uint8_t)(hexval(digits[2 * i]) << 4 | hexval(digits[2 * i + 1]));
		all_zero &= b[i] == 0;
	}
	if (all_zero)
		return 0;
	size_t n = 0;
	if (dmidecode_le) {
		if (nb != 2)
			return 0;
		/* dmidecode prints the 16-bit id little-endian: 0x9B85 is code 0x9B, count 0x85 */
		pair_reading r;
		if (!try_pair(b[1], b[0], &r))
			return 0;
		out[0] = (hex_reading){.role = CA_ROLE_MODULE, .pair = r, .method = "dmidecode-unknown-le",
				       .confidence = CA_CONFIDENCE_HIGH};
		cai_text_format(out[0].how, sizeof(out[0].how),
			 "dmidecode's little-endian id 0x%02X%02X: continuation count 0x%02X, code 0x%02X: bank %u",
			 b[0], b[1], b[1], b[0], r.id.bank);
		return 1;
	}
	if (nb == 2) {
		pair_reading r;
		if (!read_pair(kb, b[0], b[1], &r))
			return 0;
		out[n] = (hex_reading){.role = CA_ROLE_MODULE, .pair = r, .method = "hex-4",
				       .confidence = (r.parity_added || r.order_assumed) ? CA_CONFIDENCE_MEDIUM
										: CA_CONFIDENCE_HIGH};
		describe_pair(&out[n++], b[0], b[1]);
		return n;
	}
	if (b[0] == 0x7F || ((nb == 8 || nb == 7) && b[1] == 0)) {
		/* 0x7F continuation form: n x 0x7F, the code, zero padding */
		size_t cont = 0;
		while (cont < nb && b[cont] == 0x7F)
			cont++;
		if (cont >= nb || cont >= JEP106_MAX_BANK)
			return 0;
		for (size_t i = cont + 1; i < nb; i++)
			if (b[i] != 0)
				return 0;
		pair_reading r;
		if (!try_pair((uint8_t)cont, b[cont], &r))
			return 0;
		out[0] = (hex_reading){.role = CA_ROLE_MODULE, .pair = r, .method = "hex-16",
				       .confidence = r.parity_added ? CA_CONFIDENCE_MEDIUM : CA_CONFIDENCE_HIGH};
		cai_text_format(out[0].how, sizeof(out[0].how),
			 "%zu continuation byte(s) 0x7F then code 0x%02X: bank %u%s", cont, b[cont],
			 r.id.bank, r.parity_added ? " (parity bit added)" : "");
		return 1;
	}
	if (nb == 6) {
		/* [module][register][DRAM], each [continuation count][code] */
		static const ca_role roles[3] = {CA_ROLE_MODULE, CA_ROLE_REGISTER, CA_ROLE_DRAM};
		static const char *const part_name[3] = {"module", "register", "DRAM"};
		for (int k = 0; k < 3; k++) {
			uint8_t x = b[2 * k], y = b[2 * k + 1];
			pair_reading r;
			if ((x == 0 && y == 0) || !read_pair(kb, x, y, &r))
				continue;
			out[n] = (hex_reading){.role = roles[k], .pair = r, .method = "hex-12",
					       .heuristic = k > 0,
					       .confidence = (k == 0 && !r.parity_added) ? CA_CONFIDENCE_HIGH
											 : CA_CONFIDENCE_MEDIUM};
			char pair_how[128];
			describe_pair(&out[n], x, y);
			cai_text_format(pair_how, sizeof(pair_how), "%s", out[n].how);
			cai_text_format(out[n].how, sizeof(out[n].how), "%s part of [module][register][DRAM]: %.90s",
				 part_name[k], pair_how);
			n++;
		}
		return n;
	}
	if (nb == 4) {
		/* two 16-bit ids, module then DRAM (seen with Crucial/Micron modules) */
		static const ca_role roles[2] = {CA_ROLE_MODULE, CA_ROLE_DRAM};
		for (int k = 0; k < 2; k++) {
			pair_reading r;
			if (!read_pair(kb, b[2 * k], b[2 * k + 1], &r))
				continue;
			out[n] = (hex_reading){.role = roles[k], .pair = r, .method = "hex-8",
					       .heuristic = true,
					       .confidence = k == 0 ? CA_CONFIDENCE_MEDIUM : CA_CONFIDENCE_LOW};
			char pair_how[128];
			describe_pair(&out[n], b[2 * k], b[2 * k + 1]);
			cai_text_format(pair_how, sizeof(pair_how), "%s", out[n].how);
			cai_text_format(out[n].how, sizeof(out[n].how), "%s half of [module][DRAM]: %.90s",
				 k == 0 ? "module" : "DRAM", pair_how);
			n++;
		}
		return n;
	}
	return 0;
}

/* -------------------------------------------------------- part numbers */

/* Expands a value spec: constant, template with $N, or "$N|K=V|K=V". */
static void expand_spec(const char *spec, const char *subject, const regmatch_t *m, size_t nm,
			char *out, size_t size)
{
	out[0] = '\0';
	if (!spec)
		return;
	if (spec[0] == '$' && spec[1] >= '1' && spec[1] <= '9' && spec[2] == '|') {
		size_t g = (size_t)(spec[1] - '0');
		if (g >= nm || m[g].rm_so < 0)
			return;
		const char *v = subject + m[g].rm_so;
		size_t vl = (size_t)(m[g].rm_eo - m[g].rm_so);
		for (const char *p = spec + 3; *p;) {
			const char *bar = strchr(p, '|');
			size_t el = bar ? (size_t)(bar - p) : strlen(p);
			const char *eq = memchr(p, '=', el);
			if (eq && (size_t)(eq - p) == vl && memcmp(p, v, vl) == 0) {
				size_t ol = el - vl - 1;
				cai_text_format(out, size, "%.*s", (int)ol, eq + 1);
				return;
			}
			p += el + (bar ? 1 : 0);
		}
		return;
	}
	size_t o = 0;
	for (const char *p = spec; *p && o + 1 < size; p++) {
		if (p[0] == '$' && p[1] >= '1' && p[1] <= '9') {
			size_t g = (size_t)(p[1] - '0');
			if (g < nm && m[g].rm_so >= 0) {
				size_t vl = (size_t)(m[g].rm_eo - m[g].rm_so);
				for (size_t i = 0; i < vl && o + 1 < size; i++)
					out[o++] = subject[m[g].rm_so + (regoff_t)i];
			}
			p++;
			continue;
		}
		out[o++] = *p;
	}
	out[o] = '\0';
}

typedef struct part_match {
	const part_rule *rule;
	const ca_entity *maker;
	bool ambiguous;
	char other[48]; /* the other maker when ambiguous */
} part_match;

/* Matches part, not a placeholder (the caller has checked), against the
 * grammars: drive grammars when drive, else the memory ones. */
static bool match_usable_part(const ca_kb *kb, const char *part, bool drive, ca_part_info *info,
			      part_match *pm)
{
	memset(pm, 0, sizeof(*pm));
	char norm[96];
	size_t n = 0;
	for (const char *p = part; *p && n + 1 < sizeof(norm); p++)
		if (*p != ' ')
			norm[n++] = (*p >= 'a' && *p <= 'z') ? (char)(*p - 'a' + 'A') : *p;
	norm[n] = '\0';
	if (n < 4)
		return false;
	size_t nrules;
	const part_rule *rules = cai_kb_part_rules(kb, &nrules);
	regmatch_t m[10];
	for (size_t i = 0; i < nrules; i++) {
		const part_rule *r = &rules[i];
		if (r->drive != drive)
			continue;
		unsigned char c0 = (unsigned char)norm[0];
		if (!((r->first[c0 >> 6] >> (c0 & 63)) & 1))
			continue;
		if (r->prefix_len && strncmp(norm, r->prefix, r->prefix_len) != 0)
			continue;
		/* the groups only when the first match's values take them: a
		 * match alone is much cheaper to find */
		bool groups = !pm->rule && r->uses_groups;
		if (regexec(r->re, norm, groups ? 10 : 0, groups ? m : NULL, 0) != 0)
			continue;
		if (!groups)
			for (size_t g = 0; g < 10; g++)
				m[g].rm_so = m[g].rm_eo = -1;
		const ca_entity *maker = ca_kb_entity(kb, r->maker_id);
		if (!pm->rule) {
			pm->rule = r;
			pm->maker = maker;
			memset(info, 0, sizeof(*info));
			set_str(info->rule, sizeof(info->rule), r->id);
			set_str(info->kind, sizeof(info->kind), r->kind);
			expand_spec(r->type, norm, m, 10, info->type, sizeof(info->type));
			expand_spec(r->capacity, norm, m, 10, info->capacity, sizeof(info->capacity));
			expand_spec(r->organization, norm, m, 10, info->organization,
				    sizeof(info->organization));
			expand_spec(r->form, norm, m, 10, info->form, sizeof(info->form));
		} else if (maker != pm->maker) {
			pm->ambiguous = true;
			set_str(pm->other, sizeof(pm->other), r->maker_id);
			break;
		}
	}
	return pm->rule != NULL;
}

/* Matches part against the memory grammars; false for a placeholder. */
static bool match_part(const ca_kb *kb, const char *part, ca_part_info *info, part_match *pm)
{
	if (!part || ca_is_placeholder(part)) {
		memset(pm, 0, sizeof(*pm));
		return false;
	}
	return match_usable_part(kb, part, false, info, pm);
}

/* ------------------------------------------------------------- resolver */

typedef struct candidate {
	ca_maker_answer a;
	/* memory: 0 binary, 1 hex, 2 name, 3 part; devices: 0 ids, 1 vendor
	 * string, 2 model grammar, 3 model's first word */
	int tier;
} candidate;

static void from_binary(const ca_kb *kb, ca_jep106_id id, const char *field, const char *date,
			ca_maker_answer *a)
{
	memset(a, 0, sizeof(*a));
	set_str(a->method, sizeof(a->method), "smbios-binary-id");
	if (strncmp(field, "SPD ", 4) == 0)
		set_str(a->method, sizeof(a->method), "spd-binary-id");
	set_str(a->field, sizeof(a->field), field);
	if (!answer_jep106(kb, id, date, a)) {
		cai_text_format(a->evidence, sizeof(a->evidence),
			 "Bank %u, Hex 0x%02X is not an assigned JEP106 id%s", id.bank, id.code,
			 ca_jep106_parity_ok(id.code) ? "" : " (its parity bit is wrong)");
		return;
	}
	a->confidence = CA_CONFIDENCE_HIGH;
	cai_text_format(a->evidence, sizeof(a->evidence), "%s: Bank %u, Hex 0x%02X (JEP106 \"%s\")", field,
		 id.bank, id.code, ca_jep106_name(id));
	cai_text_format(a->rule, sizeof(a->rule), "jep106");
}

static bool from_name(const ca_kb *kb, const char *text, const char *date, ca_maker_answer *a)
{
	memset(a, 0, sizeof(*a));
	set_str(a->field, sizeof(a->field), "Manufacturer");
	const ca_entity *e = ca_kb_find_alias(kb, text);
	if (e) {
		set_maker(kb, a, e, (ca_jep106_id){0, 0}, date);
		a->confidence = CA_CONFIDENCE_HIGH;
		set_str(a->method, sizeof(a->method), "name-alias");
		cai_text_format(a->evidence, sizeof(a->evidence), "Manufacturer \"%.120s\" is a name of %s", text,
			 e->name);
		cai_text_format(a->rule, sizeof(a->rule), "alias:%s", e->id);
		return true;
	}
	char key[256];
	ca_jep106_id id;
	if (cai_kb_normalize_key(text, key, sizeof(key)) >= 4 && cai_kb_find_jep106_name(kb, key, &id) &&
	    answer_jep106(kb, id, date, a)) {
		a->confidence = CA_CONFIDENCE_MEDIUM;
		set_str(a->method, sizeof(a->method), "jep106-name");
		cai_text_format(a->evidence, sizeof(a->evidence),
			 "Manufacturer \"%.100s\" spells the JEP106 name of bank %u, 0x%02X", text, id.bank,
			 id.code);
		cai_text_format(a->rule, sizeof(a->rule), "jep106-name");
		return true;
	}
	return false;
}

static void from_hex(const ca_kb *kb, const hex_reading *h, const char *text, const char *date,
		     ca_maker_answer *a)
{
	memset(a, 0, sizeof(*a));
	answer_jep106(kb, h->pair.id, date, a);
	a->confidence = h->confidence;
	/* A string that decodes to a company the knowledge base does not know as
	 * a memory maker is weak evidence (BIOS-private codes often collide with
	 * JEP106 ids): low confidence, so a part-number grammar outranks it. */
	if (!a->maker && a->confidence > CA_CONFIDENCE_LOW)
		a->confidence = CA_CONFIDENCE_LOW;
	a->heuristic = h->heuristic;
	set_str(a->method, sizeof(a->method), h->method);
	set_str(a->field, sizeof(a->field), "Manufacturer");
	cai_text_format(a->evidence, sizeof(a->evidence), "\"%.20s\": %.120s (JEP106 \"%.40s\")", text, h->how,
		 ca_jep106_name(h->pair.id));
	cai_text_format(a->rule, sizeof(a->rule), "jep106");
}

static bool from_bios_code(const ca_kb *kb, const char *text, const char *date, ca_maker_answer *a)
{
	char code[24];
	size_t n = 0;
	for (const char *p = text; *p && n + 1 < sizeof(code); p++)
		if (*p != ' ')
			code[n++] = (*p >= 'a' && *p <= 'z') ? (char)(*p - 'a' + 'A') : *p;
	code[n] = '\0';
	const ca_entity *e = n ? cai_kb_find_bios_code(kb, code) : NULL;
	if (!e)
		return false;
	memset(a, 0, sizeof(*a));
	set_maker(kb, a, e, (ca_jep106_id){0, 0}, date);
	a->confidence = CA_CONFIDENCE_LOW;
	a->heuristic = true;
	set_str(a->method, sizeof(a->method), "bios-private-code");
	set_str(a->field, sizeof(a->field), "Manufacturer");
	cai_text_format(a->evidence, sizeof(a->evidence),
		 "\"%s\" is a BIOS-private code (not JEP106) seen for %s modules", code, e->name);
	cai_text_format(a->rule, sizeof(a->rule), "quirk:bios-code:%s", e->id);
	return true;
}

static void from_part(const ca_kb *kb, const part_match *pm, const char *part, const char *date,
		      ca_maker_answer *a)
{
	memset(a, 0, sizeof(*a));
	set_maker(kb, a, pm->maker, (ca_jep106_id){0, 0}, date);
	a->confidence = pm->rule->confidence;
	set_str(a->method, sizeof(a->method), "part-number");
	set_str(a->field, sizeof(a->field), "Part Number");
	cai_text_format(a->evidence, sizeof(a->evidence), "Part Number \"%.60s\" matches the %s grammar of %s",
		 part, pm->rule->kind, pm->maker->name);
	cai_text_format(a->rule, sizeof(a->rule), "part:%s", pm->rule->id);
}

/* Soldered memory: the package on the board is the "module". LPDDR is
 * soldered whatever form factor the firmware writes. */
static bool soldered(const ca_memory_device *m)
{
	if (m->type && strncmp(m->type, "LPDDR", 5) == 0)
		return true;
	return m->form_factor && (strcmp(m->form_factor, "Row Of Chips") == 0 ||
				  strcmp(m->form_factor, "Chip") == 0 || strcmp(m->form_factor, "Die") == 0);
}

/* Picks the best candidate: first by tier among medium/high confidence,
 * else the first low one. */
static const candidate *pick(const candidate *c, size_t n)
{
	const candidate *low = NULL;
	for (int tier = 0; tier <= 3; tier++)
		for (size_t i = 0; i < n; i++)
			if (c[i].tier == tier) {
				if (c[i].a.confidence >= CA_CONFIDENCE_MEDIUM)
					return &c[i];
				if (!low && c[i].a.confidence == CA_CONFIDENCE_LOW)
					low = &c[i];
			}
	return low;
}

static void unknown(ca_maker_answer *a, const char *why)
{
	memset(a, 0, sizeof(*a));
	set_str(a->evidence, sizeof(a->evidence), why);
}

static atomic_ulong identify_calls;

unsigned long ca_identify_call_count(void)
{
	return atomic_load_explicit(&identify_calls, memory_order_relaxed);
}

int ca_identify_memory_device(const ca_kb *kb, const ca_memory_device *m, const char *date,
			      unsigned flags, ca_memory_makers *ret)
{
	atomic_fetch_add_explicit(&identify_calls, 1, memory_order_relaxed);
	char day[11];
	if (!(date = cai_date_or_today(date, day)))
		return -EINVAL;
	ca_memory_makers r;
	memset(&r, 0, sizeof(r));
	bool use_binary = !(flags & CA_IDENTIFY_IGNORE_BINARY_IDS);
	const char *mfr = m->manufacturer ? m->manufacturer : "";

	candidate module[7], dram[4], reg[3];
	size_t nm = 0, nd = 0, nr = 0;

	/* ids read from the module's own SPD are used even when SMBIOS binary
	 * ids are hidden: they are not what the firmware copied */
	bool spd = m->from_spd;
	bool ids = use_binary || spd;
	if (ids && m->module_manufacturer.bank) {
		from_binary(kb, m->module_manufacturer, spd ? "SPD Module Manufacturer ID" : "Module Manufacturer ID",
			    date, &module[nm].a);
		if (module[nm].a.confidence)
			module[nm++].tier = 0;
	}
	if (ids && m->rcd_manufacturer.bank) {
		from_binary(kb, m->rcd_manufacturer, spd ? "SPD RCD Manufacturer ID" : "RCD Manufacturer ID",
			    date, &reg[nr].a);
		if (reg[nr].a.confidence)
			reg[nr++].tier = 0;
	}
	if (ids && m->pmic0_manufacturer.bank)
		from_binary(kb, m->pmic0_manufacturer, spd ? "SPD PMIC0 Manufacturer ID" : "PMIC0 Manufacturer ID",
			    date, &r.role[CA_ROLE_PMIC]);
	if (spd && m->dram_manufacturer.bank) {
		from_binary(kb, m->dram_manufacturer, "SPD DRAM Manufacturer ID", date, &dram[nd].a);
		if (dram[nd].a.confidence)
			dram[nd++].tier = 0;
	}

	bool placeholder = ca_is_placeholder(mfr);
	if (!placeholder) {
		hex_reading hex[3];
		/* A known BIOS-private code is not read as JEP106 ("0215" is Corsair's). */
		bool quirk = from_bios_code(kb, mfr, date, &module[nm].a);
		if (quirk)
			module[nm++].tier = 1;
		size_t nh = quirk ? 0 : read_hex_string(kb, mfr, hex);
		for (size_t i = 0; i < nh; i++) {
			candidate *c = hex[i].role == CA_ROLE_MODULE	 ? &module[nm++]
				       : hex[i].role == CA_ROLE_DRAM	 ? &dram[nd++]
									 : &reg[nr++];
			from_hex(kb, &hex[i], mfr, date, &c->a);
			c->tier = 1;
		}
		if (nh == 0 && !quirk && from_name(kb, mfr, date, &module[nm].a))
			module[nm++].tier = 2;
	}
	part_match pm;
	if (match_part(kb, m->part_number, &r.part, &pm)) {
		if (pm.ambiguous) {
			memset(&r.part, 0, sizeof(r.part));
		} else if (strcmp(pm.rule->kind, "module") == 0 || soldered(m)) {
			from_part(kb, &pm, m->part_number, date, &module[nm].a);
			module[nm++].tier = 3;
		}
		if (!pm.ambiguous && strcmp(pm.rule->kind, "component") == 0) {
			from_part(kb, &pm, m->part_number, date, &dram[nd].a);
			dram[nd++].tier = 3;
		}
	}

	/* Some firmware writes the maker's name in the Part Number field. */
	if (!r.part.rule[0] && m->part_number && !ca_is_placeholder(m->part_number)) {
		const ca_entity *e = ca_kb_find_alias(kb, m->part_number);
		if (e) {
			ca_maker_answer *a = &module[nm].a;
			memset(a, 0, sizeof(*a));
			set_maker(kb, a, e, (ca_jep106_id){0, 0}, date);
			a->confidence = CA_CONFIDENCE_MEDIUM;
			set_str(a->method, sizeof(a->method), "name-in-part-number");
			set_str(a->field, sizeof(a->field), "Part Number");
			cai_text_format(a->evidence, sizeof(a->evidence), "Part Number \"%.60s\" is a name of %s",
				 m->part_number, e->name);
			cai_text_format(a->rule, sizeof(a->rule), "alias:%s", e->id);
			module[nm++].tier = 3;
		}
	}

	const candidate *best = pick(module, nm);
	if (best) {
		r.role[CA_ROLE_MODULE] = best->a;
		/* Conflict: another piece of evidence names a different owner. */
		for (size_t i = 0; i < nm; i++) {
			if (&module[i] == best || !module[i].a.confidence ||
			    strcmp(module[i].a.owner_id, best->a.owner_id) == 0)
				continue;
			cai_text_format(r.conflict, sizeof(r.conflict),
				 "%s (%s) says %s, but %s (%s) says %s", best->a.field, best->a.method,
				 best->a.owner_name, module[i].a.field, module[i].a.method,
				 module[i].a.owner_name);
			break;
		}
	} else if (placeholder) {
		char why[192];
		cai_text_format(why, sizeof(why), "Manufacturer \"%.60s\" is a placeholder and no other evidence names the maker",
			 mfr);
		unknown(&r.role[CA_ROLE_MODULE], why);
	} else if (pm.ambiguous) {
		char why[192];
		cai_text_format(why, sizeof(why), "Part Number \"%.60s\" fits grammars of %s and %s: not guessed",
			 m->part_number, pm.maker ? pm.maker->id : "?", pm.other);
		unknown(&r.role[CA_ROLE_MODULE], why);
	} else {
		char why[192];
		cai_text_format(why, sizeof(why), "no knowledge-base entry matches Manufacturer \"%.60s\"", mfr);
		unknown(&r.role[CA_ROLE_MODULE], why);
	}

	const candidate *bd = pick(dram, nd);
	const ca_maker_answer *mod = &r.role[CA_ROLE_MODULE];
	if (bd) {
		r.role[CA_ROLE_DRAM] = bd->a;
	} else if (!(flags & CA_IDENTIFY_NO_OWN_MODULE_DIES) && pm.rule && !pm.ambiguous && pm.rule->own_dies && strcmp(pm.rule->kind, "module") == 0 &&
		   !soldered(m) && mod->confidence && mod->owner && pm.maker &&
		   mod->owner == ca_kb_owner_on(kb, pm.maker, date)) {
		/* a DRAM maker's own module: its dies are the maker's */
		ca_maker_answer *a = &r.role[CA_ROLE_DRAM];
		memset(a, 0, sizeof(*a));
		set_maker(kb, a, pm.maker, (ca_jep106_id){0, 0}, date);
		a->confidence = CA_CONFIDENCE_MEDIUM;
		a->heuristic = true;
		set_str(a->method, sizeof(a->method), "own-module-grammar");
		set_str(a->field, sizeof(a->field), "Part Number");
		cai_text_format(a->evidence, sizeof(a->evidence),
			       "Part Number \"%.60s\" follows %s's own-module grammar and the module is %s's: "
			       "%s modules carry %s dies",
			       m->part_number, pm.maker->name, mod->owner_name, pm.maker->name, pm.maker->name);
		cai_text_format(a->rule, sizeof(a->rule), "part:%s dies=own", pm.rule->id);
	} else if (soldered(m) && r.role[CA_ROLE_MODULE].confidence) {
		/* Soldered memory: the "module" is the DRAM package itself. */
		r.role[CA_ROLE_DRAM] = r.role[CA_ROLE_MODULE];
		r.role[CA_ROLE_DRAM].heuristic = true;
		set_str(r.role[CA_ROLE_DRAM].method, sizeof(r.role[CA_ROLE_DRAM].method), "soldered-module");
	} else {
		unknown(&r.role[CA_ROLE_DRAM], "no evidence names the DRAM maker");
	}
	const candidate *br = pick(reg, nr);
	if (br)
		r.role[CA_ROLE_REGISTER] = br->a;
	else
		unknown(&r.role[CA_ROLE_REGISTER], "no evidence names a register maker");
	if (!r.role[CA_ROLE_PMIC].confidence && !r.role[CA_ROLE_PMIC].evidence[0])
		unknown(&r.role[CA_ROLE_PMIC], "no evidence names a PMIC maker");
	*ret = r;
	return 0;
}

size_t ca_identify_text(const ca_kb *kb, const char *text, const char *date,
			ca_maker_answer readings[CA_IDENTIFY_MAX_READINGS],
			ca_role roles[CA_IDENTIFY_MAX_READINGS], ca_part_info *ret_part)
{
	char day[11];
	if (!date || !ca_date_valid(date)) {
		cai_date_today(day);
		date = day;
	}
	size_t n = 0;
	if (ret_part)
		memset(ret_part, 0, sizeof(*ret_part));
	ca_jep106_id id;
	if (ca_jep106_parse_dmidecode(text, &id) == 0) {
		from_binary(kb, id, "Module Manufacturer ID", date, &readings[n]);
		roles[n++] = CA_ROLE_MODULE;
		return n;
	}
	hex_reading hex[3];
	bool quirk = from_bios_code(kb, text, date, &readings[n]);
	if (quirk)
		roles[n++] = CA_ROLE_MODULE;
	size_t nh = quirk ? 0 : read_hex_string(kb, text, hex);
	for (size_t i = 0; i < nh && n < CA_IDENTIFY_MAX_READINGS; i++) {
		from_hex(kb, &hex[i], text, date, &readings[n]);
		roles[n++] = hex[i].role;
	}
	if (nh == 0 && n < CA_IDENTIFY_MAX_READINGS && from_name(kb, text, date, &readings[n]))
		roles[n++] = CA_ROLE_MODULE;
	ca_part_info info;
	part_match pm;
	if (n < CA_IDENTIFY_MAX_READINGS && match_part(kb, text, &info, &pm) && !pm.ambiguous) {
		from_part(kb, &pm, text, date, &readings[n]);
		roles[n++] = strcmp(pm.rule->kind, "module") == 0 ? CA_ROLE_MODULE : CA_ROLE_DRAM;
		if (ret_part)
			*ret_part = info;
	}
	return n;
}

/* ------------------------------------------------------------- devices */

const char *ca_device_role_name(ca_device_role role)
{
	switch (role) {
	case CA_DEVICE_ROLE_DRIVE: return "drive";
	case CA_DEVICE_ROLE_CONTROLLER: return "controller";
	case CA_DEVICE_ROLE_NAND: return "nand";
	case CA_DEVICE_ROLE_VENDOR: return "vendor";
	case CA_DEVICE_ROLE_VRAM: return "vram";
	case CA_DEVICE_ROLE_COUNT: break;
	}
	return "unknown";
}


#define DEVICE_MAX_CANDIDATES 12

typedef struct device_ctx {
	const ca_kb *kb;
	const ca_device *d;
	const char *date;
	candidate drive[DEVICE_MAX_CANDIDATES], controller[DEVICE_MAX_CANDIDATES];
	size_t n_drive, n_controller;
} device_ctx;

static ca_maker_answer *device_slot(device_ctx *x, bool controller, int tier)
{
	candidate *c = controller ? x->controller : x->drive;
	size_t *n = controller ? &x->n_controller : &x->n_drive;
	if (*n >= DEVICE_MAX_CANDIDATES)
		return NULL;
	memset(&c[*n], 0, sizeof(c[*n]));
	c[*n].tier = tier;
	return &c[(*n)++].a;
}

/* An id of a numbering: its knowledge-base entity answers the drive (or
 * vendor) role, or the controller role when the id names a controller maker. */
static void device_id(device_ctx *x, ca_kb_id_space space, uint32_t value, const char *field,
		      const char *how)
{
	const ca_kb_device_id *entry = NULL;
	const ca_entity *e = ca_kb_find_device_id(x->kb, space, value, &entry);
	if (!e)
		return;
	ca_maker_answer *a = device_slot(x, entry->controller, 0);
	if (!a)
		return;
	set_maker(x->kb, a, e, (ca_jep106_id){0, 0}, x->date);
	a->confidence = entry->unverified ? CA_CONFIDENCE_LOW : CA_CONFIDENCE_HIGH;
	static const char *const methods[CA_KB_ID_SPACES] = {"pci-vendor-id", "ieee-oui", "emmc-manfid",
								  "usb-vendor-id"};
	set_str(a->method, sizeof(a->method), methods[space]);
	set_str(a->field, sizeof(a->field), field);
	cai_text_format(a->evidence, sizeof(a->evidence), "%s %s is %s's%s%s", field, how, e->name,
			entry->controller ? " (a controller maker's id: it names the controller, not the brand)" : "",
			entry->unverified ? " (an unverified entry)" : "");
	cai_text_format(a->rule, sizeof(a->rule), "%s:%s", ca_kb_id_space_name(space), e->id);
}

static int hexdigit(char c)
{
	return hexval(c);
}

/* The OUI a WWN carries: NAA 5 or 6 ("5 00a075 1c4f1a2b" as smartctl
 * writes it, also with the id masked as "..."; "0x5000c500a1b2c3d4",
 * "5000c500a1b2c3d4"): the 24 bits after the NAA nibble. */
static bool wwn_oui(const char *wwn, uint32_t *ret)
{
	char hex[40];
	size_t n = 0;
	const char *s = wwn;
	while (*s == ' ')
		s++;
	if ((s[0] == '5' || s[0] == '6') && s[1] == ' ') {
		/* smartctl: NAA, OUI, then the id (which may be masked) */
		uint32_t v = 0;
		size_t k = 2;
		for (; k < 8; k++) {
			if (hexdigit(s[k]) < 0)
				return false;
			v = v << 4 | (uint32_t)hexdigit(s[k]);
		}
		if (s[k] != ' ' && s[k] != '\0')
			return false;
		*ret = v;
		return true;
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s && n + 1 < sizeof(hex); s++) {
		if (*s == ' ' || *s == ':' || *s == '-')
			continue;
		if (hexdigit(*s) < 0)
			return false;
		hex[n++] = *s;
	}
	if (n != 16 && n != 32)
		return false;
	if (hex[0] != '5' && hex[0] != '6')
		return false;
	uint32_t v = 0;
	for (size_t i = 1; i <= 6; i++)
		v = v << 4 | (uint32_t)hexdigit(hex[i]);
	*ret = v;
	return true;
}

/* The OUI an EUI-64 starts with ("a428b7 ..." as smartctl masks it, or 16 hex). */
static bool eui_oui(const char *eui, uint32_t *ret)
{
	uint32_t v = 0;
	size_t n = 0;
	for (const char *s = eui; *s && n < 6; s++) {
		if (*s == ' ' || *s == ':' || *s == '-')
			continue;
		if (hexdigit(*s) < 0)
			return false;
		v = v << 4 | (uint32_t)hexdigit(*s);
		n++;
	}
	if (n != 6 || v == 0)
		return false;
	*ret = v;
	return true;
}

/* A maker known by a numeric id only: named by the reader's vendor string. */
static void device_id_only(device_ctx *x, ca_maker_answer *a, const char *prefix, unsigned value,
			   const char *field)
{
	const char *name = x->d->vendor;
	memset(a, 0, sizeof(*a));
	cai_text_format(a->maker_id, sizeof(a->maker_id), "%s:0x%04x", prefix, value);
	set_str(a->maker_name, sizeof(a->maker_name), name);
	set_str(a->owner_id, sizeof(a->owner_id), a->maker_id);
	set_str(a->owner_name, sizeof(a->owner_name), name);
	a->confidence = CA_CONFIDENCE_MEDIUM;
	set_str(a->method, sizeof(a->method), strcmp(prefix, "pci") == 0 ? "pci-vendor-id" : "usb-vendor-id");
	set_str(a->field, sizeof(a->field), field);
	cai_text_format(a->evidence, sizeof(a->evidence),
			"%s 0x%04x is \"%.80s\" in the id database the evidence named it from; the knowledge "
			"base does not know that company",
			field, value, name);
	cai_text_format(a->rule, sizeof(a->rule), "%s-ids", prefix);
}

static bool is_storage_kind(ca_device_kind k)
{
	return k == CA_DEVICE_NVME || k == CA_DEVICE_SATA || k == CA_DEVICE_SAS || k == CA_DEVICE_EMMC;
}

/* A name: the whole string, else its first word ("Micron_5300_...",
 * "KINGSTON SA400..."), when the knowledge base knows it. text is NULL, or
 * not a placeholder (the caller has checked). */
static bool device_name(device_ctx *x, const char *text, const char *field, bool first_word, int tier,
			bool controller)
{
	if (!text)
		return false;
	char word[64];
	const char *name = text;
	if (first_word) {
		/* a model string names a model: a name without a digit
		 * ("Samsung Electro-Mechanics") is a company, read whole or not at all */
		if (!strpbrk(text, "0123456789"))
			return false;
		size_t n = 0;
		while (text[n] && text[n] != ' ' && text[n] != '_' && text[n] != '-' && n + 1 < sizeof(word))
			n++;
		if (n < 2 || !text[n])
			return false;
		memcpy(word, text, n);
		word[n] = '\0';
		name = word;
	}
	const ca_entity *e = ca_kb_find_alias(x->kb, name);
	if (!e)
		return false;
	/* a company known only by controller ids makes controllers: its name
	 * (a tool's family "Phison Driven SSDs") answers that role */
	bool controller_maker = e->n_device_ids[CA_KB_PCI_VENDOR] + e->n_device_ids[CA_KB_OUI] > 0;
	for (int sp = CA_KB_PCI_VENDOR; sp <= CA_KB_OUI; sp++)
		for (size_t k = 0; k < e->n_device_ids[sp]; k++)
			controller_maker &= e->device_ids[sp][k].controller;
	if (controller_maker && is_storage_kind(x->d->kind))
		controller = true;
	ca_maker_answer *a = device_slot(x, controller, tier);
	if (!a)
		return false;
	set_maker(x->kb, a, e, (ca_jep106_id){0, 0}, x->date);
	a->confidence = first_word ? CA_CONFIDENCE_MEDIUM : CA_CONFIDENCE_HIGH;
	set_str(a->method, sizeof(a->method), first_word ? "model-brand" : "name-alias");
	set_str(a->field, sizeof(a->field), field);
	if (first_word)
		cai_text_format(a->evidence, sizeof(a->evidence), "%s \"%.80s\" starts with \"%s\", a name of %s",
				field, text, word, e->name);
	else
		cai_text_format(a->evidence, sizeof(a->evidence), "%s \"%.80s\" is a name of %s", field, text,
				e->name);
	cai_text_format(a->rule, sizeof(a->rule), "alias:%s", e->id);
	return true;
}

/* The first candidate naming another owner than best, said in conflict. */
static void device_conflict(const candidate *c, size_t n, const candidate *best,
			    const char *role, char *conflict, size_t size)
{
	if (*conflict)
		return;
	for (size_t i = 0; i < n; i++) {
		if (&c[i] == best || !c[i].a.confidence || strcmp(c[i].a.owner_id, best->a.owner_id) == 0)
			continue;
		cai_text_format(conflict, size, "%s: %s (%s) says %s, but %s (%s) says %s", role,
				best->a.field, best->a.method, best->a.owner_name, c[i].a.field, c[i].a.method,
				c[i].a.owner_name);
		return;
	}
}

int ca_identify_device(const ca_kb *kb, const ca_device *d, const char *date, unsigned flags,
		       ca_device_makers *ret)
{
	atomic_fetch_add_explicit(&identify_calls, 1, memory_order_relaxed);
	char day[11];
	if (!(date = cai_date_or_today(date, day)))
		return -EINVAL;
	if (d->kind < CA_DEVICE_NVME || d->kind > CA_DEVICE_GPU)
		return -EINVAL;
	ca_device_makers r;
	memset(&r, 0, sizeof(r));
	/* the candidates are cleared as they are taken (device_slot): 15 KB
	 * not zeroed for every device */
	device_ctx x;
	x.kb = kb;
	x.d = d;
	x.date = date;
	x.n_drive = x.n_controller = 0;
	bool storage = is_storage_kind(d->kind);
	bool ids = !(flags & CA_IDENTIFY_IGNORE_DEVICE_IDS);
	char how[48];
	if (ids) {
		if (d->ids & CA_DEVICE_HAS_PCI_SUBVENDOR) {
			cai_text_format(how, sizeof(how), "0x%04x", d->pci_subsystem_vendor);
			device_id(&x, CA_KB_PCI_VENDOR, d->pci_subsystem_vendor, "PCI Subsystem Vendor ID", how);
		}
		if (d->ids & CA_DEVICE_HAS_PCI_VENDOR) {
			cai_text_format(how, sizeof(how), "0x%04x", d->pci_vendor);
			device_id(&x, CA_KB_PCI_VENDOR, d->pci_vendor, "PCI Vendor ID", how);
		}
		uint32_t oui;
		if (d->ids & CA_DEVICE_HAS_OUI) {
			cai_text_format(how, sizeof(how), "0x%06x", d->oui);
			device_id(&x, CA_KB_OUI, d->oui, "IEEE OUI Identifier", how);
		} else if (d->wwn && wwn_oui(d->wwn, &oui)) {
			cai_text_format(how, sizeof(how), "\"%.24s\" (OUI %06x)", d->wwn, oui);
			device_id(&x, CA_KB_OUI, oui, "WWN", how);
		} else if (d->eui64 && eui_oui(d->eui64, &oui)) {
			cai_text_format(how, sizeof(how), "\"%.24s\" (OUI %06x)", d->eui64, oui);
			device_id(&x, CA_KB_OUI, oui, "EUI-64", how);
		}
		if (d->ids & CA_DEVICE_HAS_EMMC_MANFID) {
			cai_text_format(how, sizeof(how), "0x%02x", d->emmc_manfid);
			device_id(&x, CA_KB_EMMC_MANFID, d->emmc_manfid, "CID manfid", how);
		}
		if (d->ids & CA_DEVICE_HAS_USB_VENDOR) {
			cai_text_format(how, sizeof(how), "0x%04x", d->usb_vendor);
			device_id(&x, CA_KB_USB_VENDOR, d->usb_vendor, "USB Vendor ID", how);
		}
	}
	/* each text is judged a placeholder once (the check normalizes it) */
	const char *vendor = usable_text(d->vendor) ? d->vendor : NULL;
	const char *model = usable_text(d->model) ? d->model : NULL;
	const char *family = usable_text(d->family) ? d->family : NULL;
	device_name(&x, vendor, "Vendor", false, 1, false);
	part_match pm = {0};
	if (storage && model && match_usable_part(kb, model, true, &r.part, &pm)) {
		if (pm.ambiguous) {
			memset(&r.part, 0, sizeof(r.part));
		} else {
			ca_maker_answer *a = device_slot(&x, false, 2);
			if (a) {
				set_maker(kb, a, pm.maker, (ca_jep106_id){0, 0}, date);
				a->confidence = pm.rule->confidence;
				set_str(a->method, sizeof(a->method), "model-grammar");
				set_str(a->field, sizeof(a->field), "Model");
				cai_text_format(a->evidence, sizeof(a->evidence),
						"Model \"%.80s\" matches the drive grammar of %s", d->model,
						pm.maker->name);
				cai_text_format(a->rule, sizeof(a->rule), "part:%s", pm.rule->id);
			}
		}
	}
	if (!device_name(&x, model, "Model", false, 3, false))
		device_name(&x, model, "Model", true, 3, false);
	device_name(&x, family, "Model Family", true, 3, false);

	if (storage) {
		r.applies[CA_DEVICE_ROLE_DRIVE] = r.applies[CA_DEVICE_ROLE_CONTROLLER] =
			r.applies[CA_DEVICE_ROLE_NAND] = true;
		const candidate *best = pick(x.drive, x.n_drive);
		if (best) {
			r.role[CA_DEVICE_ROLE_DRIVE] = best->a;
			device_conflict(x.drive, x.n_drive, best, "drive", r.conflict, sizeof(r.conflict));
		} else if (pm.ambiguous) {
			cai_text_format(r.role[CA_DEVICE_ROLE_DRIVE].evidence, sizeof(r.role[0].evidence),
					"Model \"%.60s\" fits drive grammars of %s and %s: not guessed", d->model,
					pm.maker ? pm.maker->id : "?", pm.other);
		} else {
			cai_text_format(r.role[CA_DEVICE_ROLE_DRIVE].evidence, sizeof(r.role[0].evidence),
					"no knowledge-base entry matches the ids or the model \"%.60s\"",
					d->model ? d->model : "");
		}
		/* controller: an id of a controller maker, else the grammar's */
		const candidate *bc = pick(x.controller, x.n_controller);
		ca_maker_answer *ctl = &r.role[CA_DEVICE_ROLE_CONTROLLER];
		if (bc) {
			*ctl = bc->a;
		} else if (pm.rule && !pm.ambiguous && pm.rule->controller_id && best &&
			   ca_kb_entity(kb, pm.rule->controller_id)) {
			const ca_entity *e = ca_kb_entity(kb, pm.rule->controller_id);
			set_maker(kb, ctl, e, (ca_jep106_id){0, 0}, date);
			ctl->confidence = CA_CONFIDENCE_MEDIUM;
			ctl->heuristic = true;
			set_str(ctl->method, sizeof(ctl->method), "model-grammar");
			set_str(ctl->field, sizeof(ctl->field), "Model");
			cai_text_format(ctl->evidence, sizeof(ctl->evidence),
					"Model \"%.80s\" is a %s family whose controller is %s's", d->model,
					pm.maker->name, e->name);
			cai_text_format(ctl->rule, sizeof(ctl->rule), "part:%s controller", pm.rule->id);
		} else {
			set_str(ctl->evidence, sizeof(ctl->evidence), "no evidence names the controller maker");
		}
		/* NAND: only a flash maker's own family says whose flash is inside */
		ca_maker_answer *nand = &r.role[CA_DEVICE_ROLE_NAND];
		const ca_maker_answer *drive = &r.role[CA_DEVICE_ROLE_DRIVE];
		bool rotating = d->rotation && strstr(d->rotation, "rpm");
		if (!rotating && pm.rule && !pm.ambiguous && pm.rule->own_nand && drive->confidence && drive->owner &&
		    drive->owner == ca_kb_owner_on(kb, pm.maker, date)) {
			/* a brand's flash is its owner's (Crucial: Micron; ZhiTai: YMTC) */
			const ca_entity *flash = strcmp(pm.maker->kind, "brand") == 0
							 ? ca_kb_owner_on(kb, pm.maker, date) : pm.maker;
			set_maker(kb, nand, flash, (ca_jep106_id){0, 0}, date);
			nand->confidence = CA_CONFIDENCE_MEDIUM;
			nand->heuristic = true;
			set_str(nand->method, sizeof(nand->method), "own-nand-grammar");
			set_str(nand->field, sizeof(nand->field), "Model");
			cai_text_format(nand->evidence, sizeof(nand->evidence),
					"Model \"%.70s\" is a %s drive family and the drive is %s's: %s drives "
					"carry %s flash",
					d->model, pm.maker->name, drive->owner_name, pm.maker->name, flash->name);
			cai_text_format(nand->rule, sizeof(nand->rule), "part:%s nand=own", pm.rule->id);
		} else if (rotating) {
			cai_text_format(nand->evidence, sizeof(nand->evidence),
					"a rotating disk (%.40s): no flash to attribute", d->rotation);
		} else {
			set_str(nand->evidence, sizeof(nand->evidence),
				"no evidence names the NAND maker (a drive's brand or controller does not say "
				"whose flash is inside)");
		}
	} else {
		r.applies[CA_DEVICE_ROLE_VENDOR] = true;
		/* a device's vendor: its own vendor id first (the chip), then names */
		const candidate *best = NULL;
		for (size_t i = 0; i < x.n_controller && !best; i++)
			if (x.controller[i].tier == 0)
				best = &x.controller[i];
		if (!best)
			best = pick(x.drive, x.n_drive);
		ca_maker_answer *v = &r.role[CA_DEVICE_ROLE_VENDOR];
		if (best) {
			*v = best->a;
			device_conflict(x.drive, x.n_drive, best, "vendor", r.conflict, sizeof(r.conflict));
		} else if (ids && d->kind != CA_DEVICE_USB && (d->ids & CA_DEVICE_HAS_PCI_VENDOR) && usable_text(d->vendor)) {
			device_id_only(&x, v, "pci", d->pci_vendor, "PCI Vendor ID");
		} else if (ids && d->kind == CA_DEVICE_USB && (d->ids & CA_DEVICE_HAS_USB_VENDOR) &&
			   usable_text(d->vendor)) {
			device_id_only(&x, v, "usb", d->usb_vendor, "USB Vendor ID");
		} else {
			set_str(v->evidence, sizeof(v->evidence), "no evidence names the vendor");
		}
		if (d->kind == CA_DEVICE_GPU) {
			r.applies[CA_DEVICE_ROLE_VRAM] = true;
			ca_maker_answer *m = &r.role[CA_DEVICE_ROLE_VRAM];
			const ca_entity *e = usable_text(d->vram_vendor) ? ca_kb_find_alias(kb, d->vram_vendor) : NULL;
			if (e) {
				set_maker(kb, m, e, (ca_jep106_id){0, 0}, date);
				m->confidence = CA_CONFIDENCE_HIGH;
				set_str(m->method, sizeof(m->method), "vram-vendor");
				set_str(m->field, sizeof(m->field), "VRAM vendor");
				cai_text_format(m->evidence, sizeof(m->evidence),
						"the driver names the VRAM vendor \"%.60s\", a name of %s", d->vram_vendor,
						e->name);
				cai_text_format(m->rule, sizeof(m->rule), "alias:%s", e->id);
			} else {
				cai_text_format(m->evidence, sizeof(m->evidence), "%s",
						usable_text(d->vram_vendor) ? "the driver's VRAM vendor is not a maker the knowledge base knows"
									    : "no evidence names the VRAM maker");
			}
		}
	}
	*ret = r;
	return 0;
}
