/* SPDX-License-Identifier: MIT */
/*
 * Screening lists: the snapshot format (docs/export.md), a token index over
 * names and aliases, and the name matcher (normalisation, weighted token
 * similarity, curated Chinese names of the chip makers).
 */
#include "export/export_internal.h"
#include "util/arena.h"
#include "util/date.h"
#include "util/grow.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 48u       /* tokens kept of one name */
#define MAX_TOKEN_LEN 64u
#define MAX_CANDIDATES 65536u
#define COMMON_POSTINGS 600u /* a word this common proposes candidates only when no rarer one can */
#define SNAPSHOT_MAX_ENTRIES 2000000u
#define SCORE_REVIEW 0.80
#define SCORE_PROBABLE 0.92

typedef struct list_info {
	const char *code, *name, *citation, *effect;
} list_info;

typedef struct entry {
	uint32_t list;
	const char *number, *name, *countries, *fr, *lr, *lp;
	const char *since; /* listed from (YYYY-MM-DD), or "" */
	ca_review_policy policy;
	unsigned footnote;
	bool all_items;
} entry;

typedef struct pname {
	uint32_t entry;
	const char *text;
	uint32_t tok_off;
	uint16_t ntok;
	float weight;
} pname;

typedef struct token {
	const char *text;
	uint32_t len;
	uint32_t mask; /* letters and digits it holds (a cheap edit-distance bound) */
	float weight;
	uint32_t post_off, post_n;
} token;

struct ca_export_lists {
	cai_arena arena;
	char *buf;
	const char *vintage, *source;
	list_info *lists;
	size_t n_lists, cap_lists;
	entry *entries;
	size_t n_entries, cap_entries;
	pname *names;
	size_t n_names, cap_names;
	uint32_t *name_toks;
	size_t n_name_toks, cap_name_toks;
	token *tokens;
	size_t n_tokens, cap_tokens;
	uint32_t *hash; /* token index + 1, 0 empty */
	size_t hash_cap;
	uint32_t *postings;
};

/* ---- words ---- */

static const char *const legal_forms[] = {
	"co", "ltd", "limited", "inc", "incorporated", "corp", "corporation", "company", "llc", "plc",
	"gmbh", "ag", "sa", "bv", "nv", "pte", "pty", "srl", "jsc", "ojsc", "oao", "ooo", "zao",
	"kk", "youxian", "gongsi", "zeren", "gufen", "lp", "llp", "sdn", "bhd", "ab", "oy", "as",
	/* Russian legal forms as the lists romanise them, and their English words */
	"joint", "stock", "liability", "obshchestvo", "aktsionernoe", "otvetstvennostyu",
	"ogranichennoi", "ao", "pao", "tov", NULL};
static const char *const stop_words[] = {"and", "of", "the", "for", "de", "a", NULL};
static const char *const generic_words[] = {
	"semiconductor", "technology", "electronics", "international", "manufacturing", "group",
	"industrial", "industry", "trading", "trade", "holdings", "holding", "development",
	"research", "institute", "science", "china", "chinese", "systems", "system", "solutions",
	"services", "service", "equipment", "materials", "information", "communication",
	"network", "integrated", "circuit", "microelectronics", "engineering", "products",
	"enterprise", "global", "investment", "import", "export", "logistics", "supply",
	"components", "devices", "digital", "intelligent", "smart", "center", "centre", "new",
	"hong", "kong", "beijing", "shanghai", "shenzhen", "limited", "company", "university",
	"academy", "software", "computer", "memory", "storage", "machinery", "industries",
	"scientific", "instruments", "precision", "optical", "power", "energy", "laboratory",
	NULL};
static const struct {
	const char *from, *to;
} word_map[] = {
	{"mfg", "manufacturing"}, {"intl", "international"}, {"tech", "technology"},
	{"technologies", "technology"}, {"technological", "technology"}, {"elec", "electronics"},
	{"electronic", "electronics"}, {"semiconductors", "semiconductor"}, {"semi", "semiconductor"},
	{"communications", "communication"}, {"networks", "network"}, {"circuits", "circuit"},
	{"grp", "group"}, {"comm", "communication"}, {"telecom", "telecommunication"},
	{"sys", "systems"}, {"ind", "industrial"}, {"dev", "development"}, {"hldgs", "holdings"},
	{"intelligence", "intelligent"}, {"devs", "devices"}, {"material", "materials"},
	{"product", "products"}, {"enterprises", "enterprise"}, {"instrument", "instruments"},
	{NULL, NULL}};

/* Legal forms in Chinese script, longest first (removed from a name). */
static const char *const cjk_forms[] = {"股份有限公司", "有限责任公司", "有限公司", "株式会社",
					 "公司", NULL};

/* The words above in one hash table, built once: a word's class and the
 * word it is spelled out as. */
enum { W_PLAIN = 0, W_LEGAL, W_STOP, W_GENERIC };
#define WORD_SLOTS 1024u
static struct word_slot {
	const char *word, *to;
	int cls;
} word_table[WORD_SLOTS];
static pthread_once_t word_once = PTHREAD_ONCE_INIT;

static uint32_t word_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static struct word_slot *word_slot(const char *w)
{
	for (uint32_t i = word_hash(w) & (WORD_SLOTS - 1);; i = (i + 1) & (WORD_SLOTS - 1))
		if (!word_table[i].word || strcmp(word_table[i].word, w) == 0)
			return &word_table[i];
}

static void word_table_build(void)
{
	const char *const *lists[] = {legal_forms, stop_words, generic_words};
	const int cls[] = {W_LEGAL, W_STOP, W_GENERIC};
	for (size_t k = 0; k < 3; k++)
		for (size_t i = 0; lists[k][i]; i++) {
			struct word_slot *sl = word_slot(lists[k][i]);
			if (!sl->word)
				*sl = (struct word_slot){lists[k][i], NULL, cls[k]};
		}
	for (size_t i = 0; word_map[i].from; i++) {
		struct word_slot *sl = word_slot(word_map[i].from);
		if (!sl->word)
			*sl = (struct word_slot){word_map[i].from, NULL, W_PLAIN};
		sl->to = word_map[i].to;
	}
}

static const struct word_slot *word_lookup(const char *w)
{
	pthread_once(&word_once, word_table_build);
	const struct word_slot *sl = word_slot(w);
	return sl->word ? sl : NULL;
}

typedef struct qtok {
	char text[MAX_TOKEN_LEN];
	float weight;
} qtok;

/* Splits s into normalised words (lower case, punctuation a separator,
 * apostrophes dropped, "&" as "and", legal forms dropped, abbreviations
 * spelled out, runs of non-ASCII bytes one word each, duplicates dropped). */
static size_t tokenize(const char *s, qtok *out, size_t max)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && n < max) {
		char w[MAX_TOKEN_LEN];
		size_t wl = 0;
		if (*p == '&') {
			strcpy(w, "and");
			wl = 3;
			p++;
		} else if (*p >= 0x80) {
			/* A run of non-ASCII text, without legal forms in Chinese script. */
			while (*p >= 0x80) {
				bool cut = false;
				for (size_t i = 0; cjk_forms[i]; i++) {
					size_t fl = strlen(cjk_forms[i]);
					if (strncmp((const char *)p, cjk_forms[i], fl) == 0) {
						p += fl;
						cut = true;
						break;
					}
				}
				if (cut)
					continue;
				if (wl + 1 < sizeof(w))
					w[wl++] = (char)*p;
				p++;
			}
			/* do not cut inside a UTF-8 sequence */
			while (wl > 0 && ((unsigned char)w[wl - 1] & 0xC0) == 0xC0)
				wl--;
		} else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) {
			while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			       (*p >= '0' && *p <= '9') || *p == '\'') {
				if (*p != '\'' && wl + 1 < sizeof(w))
					w[wl++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
				p++;
			}
		} else {
			p++;
			continue;
		}
		if (wl == 0)
			continue;
		w[wl] = '\0';
		const struct word_slot *sl = word_lookup(w);
		if (sl && sl->to) {
			strcpy(w, sl->to);
			sl = word_lookup(w);
		}
		if (sl && sl->cls == W_LEGAL)
			continue;
		bool dup = false;
		for (size_t i = 0; i < n; i++)
			if (strcmp(out[i].text, w) == 0)
				dup = true;
		if (dup)
			continue;
		memcpy(out[n].text, w, strlen(w) + 1);
		out[n].weight = !sl ? 1.0f : sl->cls == W_STOP ? 0.0f : sl->cls == W_GENERIC ? 0.25f : 1.0f;
		n++;
	}
	return n;
}

/* ---- token dictionary ---- */

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static int64_t token_find(const ca_export_lists *l, const char *w)
{
	if (!l->hash_cap)
		return -1;
	size_t mask = l->hash_cap - 1;
	for (size_t i = hash_str(w) & mask;; i = (i + 1) & mask) {
		uint32_t v = l->hash[i];
		if (!v)
			return -1;
		if (strcmp(l->tokens[v - 1].text, w) == 0)
			return v - 1;
	}
}

static int hash_rehash(ca_export_lists *l, size_t cap)
{
	uint32_t *h = calloc(cap, sizeof(*h));
	if (!h)
		return -ENOMEM;
	for (size_t t = 0; t < l->n_tokens; t++) {
		size_t i = hash_str(l->tokens[t].text) & (cap - 1);
		while (h[i])
			i = (i + 1) & (cap - 1);
		h[i] = (uint32_t)t + 1;
	}
	free(l->hash);
	l->hash = h;
	l->hash_cap = cap;
	return 0;
}

static unsigned popcount32(uint32_t x)
{
	x = x - ((x >> 1) & 0x55555555u);
	x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
	return (((x + (x >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24;
}

static uint32_t char_mask(const char *s)
{
	uint32_t m = 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 'a' && c <= 'z')
			m |= 1u << (c - 'a');
		else if (c >= '0' && c <= '9')
			m |= 1u << (26 + (c - '0') % 6);
		else
			m |= 1u << 31;
	}
	return m;
}

static int64_t token_add(ca_export_lists *l, const qtok *q)
{
	int64_t f = token_find(l, q->text);
	if (f >= 0)
		return f;
	if ((l->n_tokens + 1) * 2 > l->hash_cap && hash_rehash(l, l->hash_cap ? l->hash_cap * 2 : 1024) < 0)
		return -ENOMEM;
	if (cai_grow((void **)&l->tokens, &l->cap_tokens, l->n_tokens + 1, sizeof(token)) < 0)
		return -ENOMEM;
	char *t = cai_arena_strdup(&l->arena, q->text);
	if (!t)
		return -ENOMEM;
	l->tokens[l->n_tokens] = (token){t, (uint32_t)strlen(t), char_mask(t), q->weight, 0, 0};
	size_t i = hash_str(t) & (l->hash_cap - 1);
	while (l->hash[i])
		i = (i + 1) & (l->hash_cap - 1);
	l->hash[i] = (uint32_t)l->n_tokens + 1;
	return (int64_t)l->n_tokens++;
}

static int name_add(ca_export_lists *l, uint32_t e, const char *text)
{
	qtok q[MAX_TOKENS];
	size_t n = tokenize(text, q, MAX_TOKENS);
	if (n == 0)
		return 0;
	if (cai_grow((void **)&l->names, &l->cap_names, l->n_names + 1, sizeof(pname)) < 0 ||
	    cai_grow((void **)&l->name_toks, &l->cap_name_toks, l->n_name_toks + n, sizeof(uint32_t)) < 0)
		return -ENOMEM;
	pname *pn = &l->names[l->n_names++];
	*pn = (pname){e, text, (uint32_t)l->n_name_toks, (uint16_t)n, 0};
	for (size_t i = 0; i < n; i++) {
		int64_t t = token_add(l, &q[i]);
		if (t < 0)
			return -ENOMEM;
		l->name_toks[l->n_name_toks++] = (uint32_t)t;
		l->tokens[t].post_n++;
		pn->weight += q[i].weight;
	}
	return 0;
}

static int build_postings(ca_export_lists *l)
{
	size_t total = 0;
	for (size_t t = 0; t < l->n_tokens; t++) {
		l->tokens[t].post_off = (uint32_t)total;
		total += l->tokens[t].post_n;
		l->tokens[t].post_n = 0;
	}
	l->postings = malloc((total ? total : 1) * sizeof(uint32_t));
	if (!l->postings)
		return -ENOMEM;
	for (size_t n = 0; n < l->n_names; n++)
		for (size_t i = 0; i < l->names[n].ntok; i++) {
			token *t = &l->tokens[l->name_toks[l->names[n].tok_off + i]];
			l->postings[t->post_off + t->post_n++] = (uint32_t)n;
		}
	return 0;
}

/* ---- policy text ---- */

static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] && (hay[i] | 32) == (needle[i] | 32))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

static ca_review_policy policy_parse(const char *t)
{
	if (!t || !*t)
		return CA_POLICY_NONE;
	if (contains_ci(t, "policy of denial"))
		return CA_POLICY_POLICY_OF_DENIAL;
	if (contains_ci(t, "presumption of denial") || contains_ci(t, "presumption for denial"))
		return CA_POLICY_PRESUMPTION_OF_DENIAL;
	if (contains_ci(t, "case-by-case") || contains_ci(t, "case by case"))
		return CA_POLICY_CASE_BY_CASE;
	return CA_POLICY_SEE_TEXT;
}

/* The Entity List footnote a licence requirement refers to: the marker is
 * glued to the citation ("...744.11 of the EAR)5"). */
static unsigned footnote_parse(const char *t)
{
	if (!t || !*t)
		return 0;
	if (strstr(t, "734.9(e)(3)"))
		return 5;
	if (strstr(t, "734.9(e)(2)"))
		return 4;
	if (strstr(t, "734.9(e)1") || strstr(t, "734.9(e) 1"))
		return 1;
	if (strstr(t, "734.9(g)"))
		return 3;
	size_t n = strlen(t);
	while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '.'))
		n--;
	if (n > 1 && t[n - 1] == '4' && (t[n - 2] == ')' || t[n - 2] == ' '))
		return 4;
	return 0;
}

const char *ca_review_policy_name(ca_review_policy p)
{
	switch (p) {
	case CA_POLICY_NONE: return "none";
	case CA_POLICY_CASE_BY_CASE: return "case-by-case";
	case CA_POLICY_PRESUMPTION_OF_DENIAL: return "presumption-of-denial";
	case CA_POLICY_POLICY_OF_DENIAL: return "policy-of-denial";
	case CA_POLICY_SEE_TEXT: return "see-text";
	}
	return "none";
}

/* ---- the snapshot ---- */

static int fail(char **ret_error, const char *name, unsigned line, const char *msg)
{
	if (ret_error) {
		char b[512];
		snprintf(b, sizeof(b), "%s:%u: %s", name, line, msg);
		*ret_error = strdup(b);
	}
	return -EINVAL;
}

/* Splits s at tabs into f[0..max); returns the count. */
static size_t split_tabs(char *s, char **f, size_t max)
{
	size_t n = 0;
	f[n++] = s;
	for (char *p = s; *p; p++)
		if (*p == '\t') {
			*p = '\0';
			if (n == max)
				return max + 1;
			f[n++] = p + 1;
		}
	return n;
}

static void scratch_release(void);
static bool scratch_is_for(const ca_export_lists *l);

void ca_export_lists_free(ca_export_lists *l)
{
	if (!l)
		return;
	if (scratch_is_for(l))
		scratch_release();
	cai_arena_release(&l->arena);
	free(l->buf);
	free(l->lists);
	free(l->entries);
	free(l->names);
	free(l->name_toks);
	free(l->tokens);
	free(l->hash);
	free(l->postings);
	free(l);
}

int ca_export_lists_parse(const char *name, const char *buf, size_t len, ca_export_lists **ret,
			  char **ret_error)
{
	*ret = NULL;
	if (ret_error)
		*ret_error = NULL;
	ca_export_lists *l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	cai_arena_init(&l->arena);
	l->buf = malloc(len + 1);
	if (!l->buf) {
		ca_export_lists_free(l);
		return -ENOMEM;
	}
	memcpy(l->buf, buf, len);
	l->buf[len] = '\0';
	if (memchr(buf, '\0', len)) {
		ca_export_lists_free(l);
		return fail(ret_error, name, 1, "a NUL byte: not a screening-list snapshot");
	}
	int r = 0;
	unsigned line = 0;
	char *p = l->buf, *end = l->buf + len;
	while (p < end && r == 0) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *le = nl ? nl : end;
		*le = '\0';
		if (le > p && le[-1] == '\r')
			le[-1] = '\0';
		line++;
		char *s = p;
		p = le + 1;
		char *f[12];
		if (s[0] == '\0')
			continue;
		if (s[0] == '#') {
			size_t n = split_tabs(s, f, 12);
			if (n >= 3 && strcmp(f[1], "vintage") == 0) {
				if (!cai_date_valid_n(f[2], strlen(f[2])) || strlen(f[2]) != 10)
					r = fail(ret_error, name, line, "vintage is not a date YYYY-MM-DD");
				l->vintage = f[2];
			} else if (n >= 3 && strcmp(f[1], "source") == 0) {
				l->source = f[2];
			}
			continue;
		}
		size_t n = split_tabs(s, f, 12);
		if (strcmp(f[0], "L") == 0) {
			if (n != 5 || !*f[1] || !*f[2]) {
				r = fail(ret_error, name, line, "a list line needs 5 tab-separated fields (L, code, name, citation, effect)");
				break;
			}
			if (cai_grow((void **)&l->lists, &l->cap_lists, l->n_lists + 1, sizeof(list_info)) < 0) {
				r = -ENOMEM;
				break;
			}
			l->lists[l->n_lists++] = (list_info){f[1], f[2], f[3], f[4]};
		} else if (strcmp(f[0], "E") == 0) {
			if (n != 9 && n != 10) {
				r = fail(ret_error, name, line, "an entry line needs 9 tab-separated fields (10 with its listing date)");
				break;
			}
			const char *since = n == 10 ? f[9] : "";
			if (*since && (strlen(since) != 10 || !cai_date_valid_n(since, 10))) {
				r = fail(ret_error, name, line, "the listing date of an entry is not a date YYYY-MM-DD");
				break;
			}
			if (!*f[3]) {
				r = fail(ret_error, name, line, "an entry without a name");
				break;
			}
			uint32_t li = UINT32_MAX;
			for (size_t i = 0; i < l->n_lists; i++)
				if (strcmp(l->lists[i].code, f[1]) == 0)
					li = (uint32_t)i;
			if (li == UINT32_MAX) {
				r = fail(ret_error, name, line, "an entry of a list not declared by an L line before it");
				break;
			}
			if (l->n_entries >= SNAPSHOT_MAX_ENTRIES) {
				r = fail(ret_error, name, line, "too many entries");
				break;
			}
			if (cai_grow((void **)&l->entries, &l->cap_entries, l->n_entries + 1, sizeof(entry)) < 0) {
				r = -ENOMEM;
				break;
			}
			uint32_t e = (uint32_t)l->n_entries++;
			l->entries[e] = (entry){li, f[2], f[3], f[5], f[6], f[7], f[8], since, policy_parse(f[8]),
					       footnote_parse(f[7]), contains_ci(f[7], "all items subject to the ear")};
			r = name_add(l, e, f[3]);
			for (char *a = f[4]; r == 0 && *a;) {
				char *bar = strchr(a, '|');
				if (bar)
					*bar = '\0';
				if (*a)
					r = name_add(l, e, a);
				if (!bar)
					break;
				a = bar + 1;
			}
		} else {
			r = fail(ret_error, name, line, "a line must start with #, L or E and a tab");
		}
	}
	if (r == 0 && !l->vintage)
		r = fail(ret_error, name, 1, "no '#<TAB>vintage<TAB>YYYY-MM-DD' line");
	if (r == 0 && l->n_entries == 0)
		r = fail(ret_error, name, line ? line : 1, "no entries");
	if (r == 0)
		r = build_postings(l);
	if (r < 0) {
		ca_export_lists_free(l);
		return r;
	}
	if (!l->source)
		l->source = name;
	*ret = l;
	return 0;
}

int ca_export_lists_builtin(ca_export_lists **ret)
{
	return ca_export_lists_parse("screening-lists.tsv (built in)", cai_export_snapshot,
				     (size_t)(cai_export_snapshot_end - cai_export_snapshot), ret, NULL);
}

const char *ca_export_lists_vintage(const ca_export_lists *l) { return l->vintage; }
const char *ca_export_lists_source(const ca_export_lists *l) { return l->source; }
size_t ca_export_lists_count(const ca_export_lists *l) { return l->n_entries; }

/* ---- matching ---- */

/* Edit distance of a and b when at most max, else max + 1. */
static unsigned edit_distance(const char *a, size_t la, const char *b, size_t lb, unsigned max)
{
	if (la > lb + max || lb > la + max || la >= MAX_TOKEN_LEN || lb >= MAX_TOKEN_LEN)
		return max + 1;
	unsigned prev[MAX_TOKEN_LEN + 1], cur[MAX_TOKEN_LEN + 1];
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = (unsigned)i;
		unsigned row_min = cur[0];
		for (size_t j = 1; j <= lb; j++) {
			unsigned c = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < c)
				c = prev[j] + 1;
			if (cur[j - 1] + 1 < c)
				c = cur[j - 1] + 1;
			cur[j] = c;
			if (c < row_min)
				row_min = c;
		}
		if (row_min > max)
			return max + 1;
		memcpy(prev, cur, (lb + 1) * sizeof(unsigned));
	}
	return prev[lb];
}

/* How well query word q stands for list word t: 1 equal, 0.85 one or two
 * typing errors in a long word, else 0. Digits and short words must be equal. */
static double word_sim(const char *q, size_t lq, const char *t, size_t lt)
{
	if (lq == lt && memcmp(q, t, lq) == 0)
		return 1.0;
	if (lq < 5 || lt < 5 || (unsigned char)q[0] >= 0x80)
		return 0.0;
	unsigned max = (lq >= 9 && lt >= 9) ? 2 : 1;
	return edit_distance(q, lq, t, lt, max) <= max ? 0.85 : 0.0;
}

/* Dice coefficient over word weights, words compared by word_sim(). */
static double score_words(const qtok *q, size_t nq, double wq, const char *const *tw, const size_t *tl,
			  const float *twt, size_t nt, double wt)
{
	if (wq + wt <= 0)
		return 0;
	double m = 0;
	for (size_t i = 0; i < nq; i++) {
		size_t lq = strlen(q[i].text);
		double best = 0;
		for (size_t j = 0; j < nt && best < 1.0; j++) {
			double s = word_sim(q[i].text, lq, tw[j], tl[j]);
			if (s > best)
				best = s;
		}
		m += best * q[i].weight;
	}
	(void)twt;
	double s = 2 * m / (wq + wt);
	return s > 1 ? 1 : s;
}

/* The score of a listed name for a query whose words have index ids (or -1), lengths
 * and masks: exact words by id; a typing error only for a query word the
 * index does not know, and only when it could lift the score into the
 * review band. */
static double score_indexed(const ca_export_lists *l, const qtok *q, const int64_t *ids, const size_t *qlen,
			    const uint32_t *qmask, size_t nq, double wq, const pname *pn)
{
	const uint32_t *ct = &l->name_toks[pn->tok_off];
	double m = 0, left = 0, denom = wq + pn->weight;
	bool open[MAX_TOKENS];
	for (size_t i = 0; i < nq; i++) {
		open[i] = true;
		for (size_t j = 0; ids[i] >= 0 && j < pn->ntok; j++)
			if (ct[j] == (uint32_t)ids[i]) {
				m += q[i].weight;
				open[i] = false;
				break;
			}
		if (open[i] && ids[i] < 0)
			left += q[i].weight;
	}
	if (denom <= 0 || 2 * (m + 0.85 * left) / denom < SCORE_REVIEW)
		return denom > 0 ? 2 * m / denom : 0;
	for (size_t i = 0; i < nq; i++) {
		if (!open[i] || ids[i] >= 0 || q[i].weight <= 0 || qlen[i] < 5 ||
		    (unsigned char)q[i].text[0] >= 0x80)
			continue;
		for (size_t j = 0; j < pn->ntok; j++) {
			const token *t = &l->tokens[ct[j]];
			if (t->len < 5)
				continue;
			unsigned max = (qlen[i] >= 9 && t->len >= 9) ? 2 : 1;
			size_t d = qlen[i] > t->len ? qlen[i] - t->len : t->len - qlen[i];
			if (d > max || popcount32(qmask[i] ^ t->mask) > 2 * max)
				continue;
			if (edit_distance(q[i].text, qlen[i], t->text, t->len, max) <= max) {
				m += 0.85 * q[i].weight;
				break;
			}
		}
	}
	double sc = 2 * m / denom;
	return sc > 1 ? 1 : sc;
}

double cai_export_name_similarity(const char *a, const char *b)
{
	qtok qa[MAX_TOKENS], qb[MAX_TOKENS];
	size_t na = tokenize(a ? a : "", qa, MAX_TOKENS), nb = tokenize(b ? b : "", qb, MAX_TOKENS);
	double wa = 0, wb = 0;
	const char *tw[MAX_TOKENS];
	size_t tl[MAX_TOKENS];
	float twt[MAX_TOKENS];
	for (size_t i = 0; i < na; i++)
		wa += qa[i].weight;
	for (size_t j = 0; j < nb; j++) {
		wb += qb[j].weight;
		tw[j] = qb[j].text;
		tl[j] = strlen(qb[j].text);
		twt[j] = qb[j].weight;
	}
	return score_words(qa, na, wa, tw, tl, twt, nb, wb);
}

/* The curated table: chip makers' names in Chinese script. */
static const struct curated {
	const char *zh, *en;
	bool listed;
	const char *source;
} curated[] = {
	{"长江存储", "Yangtze Memory Technologies Co., Ltd.", true,
	 "Chinese name of YMTC; the Entity List entry (87 FR 77508) carries its romanisation "
	 "'Changjiang Cunchu' as an alias"},
	{"中芯国际", "Semiconductor Manufacturing International Corporation", true,
	 "Chinese name of SMIC; the Entity List entries (85 FR 83420) carry its romanisation "
	 "'Zhongxin Guoji' in an alias"},
	{"中芯北方", "SMIC Northern Integrated Circuit Manufacturing (Beijing) Co., Ltd.", true,
	 "Chinese short name of SMIC North (alias 'SMIC North', 85 FR 83420)"},
	{"华为", "Huawei Technologies Co., Ltd.", true,
	 "Chinese name of Huawei (Entity List, 84 FR 22963)"},
	{"长鑫存储", "ChangXin Memory Technologies", false,
	 "Chinese name of CXMT; not on any list of the 2026-07-31 CSL snapshot "
	 "(EXPORT-FACTS fact 28); covered by NDAA FY2023 section 5949 procurement rules"},
	{"长鑫", "ChangXin Memory Technologies", false,
	 "Chinese short name of CXMT; not on any list of the 2026-07-31 CSL snapshot"},
};

bool ca_export_curated_name(const char *name, const char **ret_english, bool *ret_listed,
			    const char **ret_source)
{
	if (!name)
		return false;
	for (size_t i = 0; i < sizeof(curated) / sizeof(curated[0]); i++)
		if (strstr(name, curated[i].zh)) {
			if (ret_english)
				*ret_english = curated[i].en;
			if (ret_listed)
				*ret_listed = curated[i].listed;
			if (ret_source)
				*ret_source = curated[i].source;
			return true;
		}
	return false;
}

/* Per-thread scratch of the matcher: a weight per name of the lists and
 * the stamp of the query that last touched it (no clearing between queries). */
typedef struct scratch {
	const ca_export_lists *lists;
	uint32_t *stamp;
	float *acc;
	uint32_t *touched;
	size_t cap;
	uint32_t gen;
} scratch;

static _Thread_local scratch tls;

static bool scratch_is_for(const ca_export_lists *l)
{
	return tls.lists == l;
}

static scratch *scratch_for(const ca_export_lists *l)
{
	scratch *s = &tls;
	if (s->cap < l->n_names || s->lists != l) {
		size_t cap = l->n_names ? l->n_names : 1;
		free(s->stamp);
		free(s->acc);
		free(s->touched);
		s->stamp = calloc(cap, sizeof(uint32_t));
		s->acc = malloc(cap * sizeof(float));
		s->touched = malloc(cap * sizeof(uint32_t));
		if (!s->stamp || !s->acc || !s->touched) {
			free(s->stamp);
			free(s->acc);
			free(s->touched);
			*s = (scratch){0};
			return NULL;
		}
		s->cap = cap;
		s->gen = 0;
		s->lists = l;
	}
	if (++s->gen == 0) {
		memset(s->stamp, 0, s->cap * sizeof(uint32_t));
		s->gen = 1;
	}
	return s;
}

/* Frees the calling thread's scratch (the lists it was for are freed). */
static void scratch_release(void)
{
	free(tls.stamp);
	free(tls.acc);
	free(tls.touched);
	tls = (scratch){0};
}

static bool has_country(const char *list, const char *c)
{
	if (!c || strlen(c) != 2 || !list)
		return false;
	for (const char *p = list; *p;) {
		if ((p[0] | 32) == (c[0] | 32) && (p[1] | 32) == (c[1] | 32) && (p[2] == ',' || !p[2]))
			return true;
		const char *comma = strchr(p, ',');
		if (!comma)
			break;
		p = comma + 1;
	}
	return false;
}

int ca_export_match(const ca_export_lists *l, const char *name, const char *country,
		    ca_party_hit *hits, size_t max)
{
	if (!name || max == 0)
		return 0;
	const char *via = NULL, *en = NULL;
	bool is_cjk = false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p >= 0x80)
			is_cjk = true;
	if (is_cjk && ca_export_curated_name(name, &en, NULL, NULL)) {
		via = en;
		name = en;
	}
	qtok q[MAX_TOKENS];
	size_t nq = tokenize(name, q, MAX_TOKENS);
	if (nq == 0)
		return 0;
	double wq = 0;
	int64_t ids[MAX_TOKENS];
	size_t qlen[MAX_TOKENS];
	uint32_t qmask[MAX_TOKENS];
	bool strong = false;
	for (size_t i = 0; i < nq; i++) {
		wq += q[i].weight;
		qlen[i] = strlen(q[i].text);
		qmask[i] = char_mask(q[i].text);
		ids[i] = token_find(l, q[i].text);
		if (ids[i] >= 0 && q[i].weight >= 1.0f && l->tokens[ids[i]].post_n <= COMMON_POSTINGS)
			strong = true;
	}
	scratch *sc = scratch_for(l);
	if (!sc)
		return -ENOMEM;
	/* Weight of the collected words each name shares with the query. */
	size_t nc = 0;
	for (size_t i = 0; i < nq; i++) {
		if (ids[i] < 0)
			continue;
		const token *t = &l->tokens[ids[i]];
		if (q[i].weight <= 0 || (strong && (q[i].weight < 1.0f || t->post_n > COMMON_POSTINGS)))
			continue;
		for (size_t k = 0; k < t->post_n; k++) {
			uint32_t c = l->postings[t->post_off + k];
			if (sc->stamp[c] != sc->gen) {
				sc->stamp[c] = sc->gen;
				sc->acc[c] = 0;
				if (nc < MAX_CANDIDATES)
					sc->touched[nc++] = c;
			}
			sc->acc[c] += q[i].weight;
		}
	}
	/* Words not collected can still match: those the index knows exactly,
	 * the others only as a typing error (0.85). */
	double w_other = 0;
	for (size_t i = 0; i < nq; i++)
		if (ids[i] < 0)
			w_other += 0.85 * q[i].weight;
		else if (!(q[i].weight > 0 && !(strong && (q[i].weight < 1.0f || l->tokens[ids[i]].post_n > COMMON_POSTINGS))))
			w_other += q[i].weight;
	size_t n = 0;
	for (size_t i = 0; i < nc; i++) {
		uint32_t cn = sc->touched[i];
		/* the best this name could score */
		double ub = sc->acc[cn] + w_other;
		if (2 * ub / (wq + l->names[cn].weight) < SCORE_REVIEW)
			continue;
		const pname *pn = &l->names[cn];
		double s = score_indexed(l, q, ids, qlen, qmask, nq, wq, pn);
		if (s < SCORE_REVIEW)
			continue;
		const entry *e = &l->entries[pn->entry];
		/* one hit per entry: its best name */
		size_t j;
		for (j = 0; j < n; j++)
			if (hits[j].entry == e->name && hits[j].entity_number == e->number &&
			    strcmp(hits[j].list, l->lists[e->list].code) == 0)
				break;
		if (j < n) {
			if (s > hits[j].score) {
				hits[j].score = s;
				hits[j].matched = pn->text;
				hits[j].band = s >= SCORE_PROBABLE ? CA_MATCH_PROBABLE : CA_MATCH_REVIEW;
			}
			continue;
		}
		ca_party_hit h = {
			.list = l->lists[e->list].code, .list_name = l->lists[e->list].name,
			.list_citation = l->lists[e->list].citation, .list_effect = l->lists[e->list].effect,
			.entry = e->name, .entity_number = e->number, .matched = pn->text,
			.countries = e->countries, .fr = e->fr, .licence_requirement = e->lr,
			.licence_policy = e->lp, .since = e->since, .policy = e->policy, .footnote = e->footnote,
			.all_items = e->all_items, .score = s,
			.band = s >= SCORE_PROBABLE ? CA_MATCH_PROBABLE : CA_MATCH_REVIEW, .via = via};
		if (n < max) {
			hits[n++] = h;
		} else {
			/* replace the weakest when better */
			size_t w = 0;
			for (size_t k = 1; k < n; k++)
				if (hits[k].score < hits[w].score)
					w = k;
			if (h.score > hits[w].score)
				hits[w] = h;
		}
	}
	/* best first; the address country breaks ties; then list order */
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0; k--) {
			ca_party_hit *a = &hits[k - 1], *b = &hits[k];
			double sa = a->score + (has_country(a->countries, country) ? 0.005 : 0);
			double sb = b->score + (has_country(b->countries, country) ? 0.005 : 0);
			if (sb <= sa)
				break;
			ca_party_hit t = *a;
			*a = *b;
			*b = t;
		}
	return (int)n;
}
