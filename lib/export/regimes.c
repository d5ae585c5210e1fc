/* SPDX-License-Identifier: MIT */
/*
 * Export-control regimes as dated records (data/export/regimes.yaml,
 * docs/export.md): the strict loader, in the style of the rule packs
 * (unknown keys refused, file:line errors, nesting capped by yaml_util).
 */
#include "export/regimes_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const top_keys[] = {"reviewed", "cfr_date", "groups", "records", NULL};
static const char *const record_keys[] = {"id", "regime", "kind", "title", "citation", "also",
					 "effective_from", "effective_to", "unverified", "notes",
					 "when", "outcome", "overrides", "question", NULL};
static const char *const when_keys[] = {"ship_from", "ship_from_not", "exporter", "destination",
				       "destination_not", "item", "model", "party", "facts",
				       "subject_to_ear", "party_footnote", "list", NULL};
static const char *const outcome_keys[] = {"licence", "policy", "text", NULL};
static const char *const regimes_known[] = {"us-ear", "jp-fefta", "nl", "eu", NULL};
static const char *const kinds_known[] = {"item", "end-use", "destination", "listing", "authorisation",
					 "footnote", "policy", "note", NULL};
static const char *const facts_known[] = {"advanced_node", "fab_production", "us_person_support",
					 "us_technology", "listed_owner", NULL};

static bool in_list(const char *const *list, const char *s)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

void ca_export_regimes_free(ca_export_regimes *r)
{
	if (!r)
		return;
	cai_arena_release(&r->arena);
	free(r->recs);
	free(r);
}

static int load_strlist(ydoc *d, yaml_node_t *map, const char *key, cai_strlist *out)
{
	return cai_ystrlist(d, map, key, false, out->v, REGIME_MAX_VALUES, &out->n);
}

static int check_group_refs(ydoc *d, ca_export_regimes *r, yaml_node_t *node, const cai_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i][0] == '@' && !cai_regimes_group(r, l->v[i] + 1))
			return cai_yerr(d, node, "unknown group '%s'", l->v[i]);
	return 0;
}

const cai_group *cai_regimes_group(const ca_export_regimes *r, const char *name)
{
	for (size_t i = 0; i < r->n_groups; i++)
		if (strcmp(r->groups[i].name, name) == 0)
			return &r->groups[i];
	return NULL;
}

static int load_tristate(ydoc *d, yaml_node_t *map, const char *key, ca_tristate *ret)
{
	const char *s;
	int rc = cai_ystr(d, map, key, false, &s);
	if (rc < 0)
		return rc;
	*ret = CA_UNKNOWN;
	if (!s)
		return 0;
	if (strcmp(s, "yes") == 0 || strcmp(s, "true") == 0)
		*ret = CA_YES;
	else if (strcmp(s, "no") == 0 || strcmp(s, "false") == 0)
		*ret = CA_NO;
	else
		return cai_yerr(d, cai_yget(d, map, key), "'%s' must be yes or no", key);
	return 0;
}

static int load_when(ydoc *d, ca_export_regimes *r, yaml_node_t *w, cai_regime *rec)
{
	int rc;
	if ((rc = cai_yexpect_map(d, w, "when")) < 0 || (rc = cai_ycheck_keys(d, w, when_keys)) < 0)
		return rc;
	if ((rc = load_strlist(d, w, "ship_from", &rec->ship_from)) < 0 ||
	    (rc = load_strlist(d, w, "ship_from_not", &rec->ship_from_not)) < 0 ||
	    (rc = load_strlist(d, w, "exporter", &rec->exporter)) < 0 ||
	    (rc = load_strlist(d, w, "destination", &rec->destination)) < 0 ||
	    (rc = load_strlist(d, w, "destination_not", &rec->destination_not)) < 0 ||
	    (rc = load_strlist(d, w, "item", &rec->item)) < 0 ||
	    (rc = load_strlist(d, w, "model", &rec->model)) < 0 ||
	    (rc = load_strlist(d, w, "party", &rec->party)) < 0)
		return rc;
	const cai_strlist *refs[] = {&rec->ship_from, &rec->ship_from_not, &rec->exporter,
				     &rec->destination, &rec->destination_not};
	for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++)
		if ((rc = check_group_refs(d, r, w, refs[i])) < 0)
			return rc;
	if ((rc = load_tristate(d, w, "subject_to_ear", &rec->subject_to_ear)) < 0 ||
	    (rc = cai_ystr(d, w, "list", false, &rec->list)) < 0)
		return rc;
	const char *fn;
	if ((rc = cai_ystr(d, w, "party_footnote", false, &fn)) < 0)
		return rc;
	if (fn) {
		if (strlen(fn) != 1 || fn[0] < '1' || fn[0] > '5')
			return cai_yerr(d, cai_yget(d, w, "party_footnote"), "party_footnote must be 1 to 5");
		rec->party_footnote = (unsigned)(fn[0] - '0');
	}
	yaml_node_t *facts = cai_yget(d, w, "facts");
	if (facts) {
		if ((rc = cai_yexpect_map(d, facts, "facts")) < 0 ||
		    (rc = cai_ycheck_keys(d, facts, facts_known)) < 0)
			return rc;
		ca_tristate *slots[] = {&rec->fact[0], &rec->fact[1], &rec->fact[2], &rec->fact[3],
					&rec->fact[4]};
		for (size_t i = 0; facts_known[i]; i++)
			if ((rc = load_tristate(d, facts, facts_known[i], slots[i])) < 0)
				return rc;
	}
	return 0;
}

static int load_outcome(ydoc *d, yaml_node_t *o, cai_regime *rec)
{
	int rc;
	if ((rc = cai_yexpect_map(d, o, "outcome")) < 0 || (rc = cai_ycheck_keys(d, o, outcome_keys)) < 0)
		return rc;
	const char *lic, *pol;
	if ((rc = cai_ystr(d, o, "licence", true, &lic)) < 0 || (rc = cai_ystr(d, o, "policy", false, &pol)) < 0 ||
	    (rc = cai_ystr(d, o, "text", false, &rec->outcome_text)) < 0)
		return rc;
	if (strcmp(lic, "yes") == 0)
		rec->licence = CAI_LIC_YES;
	else if (strcmp(lic, "no") == 0)
		rec->licence = CAI_LIC_NO;
	else if (strcmp(lic, "none") == 0)
		rec->licence = CAI_LIC_NONE;
	else
		return cai_yerr(d, cai_yget(d, o, "licence"), "licence must be yes, no or none");
	rec->policy = CA_POLICY_NONE;
	if (pol) {
		bool found = false;
		for (int p = CA_POLICY_NONE; p <= CA_POLICY_SEE_TEXT; p++)
			if (strcmp(pol, ca_review_policy_name((ca_review_policy)p)) == 0) {
				rec->policy = (ca_review_policy)p;
				found = true;
			}
		if (!found)
			return cai_yerr(d, cai_yget(d, o, "policy"),
					"policy must be case-by-case, presumption-of-denial, policy-of-denial, see-text or none");
	}
	return 0;
}

static int load_record(ydoc *d, ca_export_regimes *r, yaml_node_t *node, cai_regime *rec)
{
	int rc;
	if ((rc = cai_yexpect_map(d, node, "a record")) < 0 || (rc = cai_ycheck_keys(d, node, record_keys)) < 0)
		return rc;
	ca_regime_record *p = &rec->pub;
	if ((rc = cai_ystr(d, node, "id", true, &p->id)) < 0 ||
	    (rc = cai_ystr(d, node, "regime", true, &p->regime)) < 0 ||
	    (rc = cai_ystr(d, node, "kind", true, &p->kind)) < 0 ||
	    (rc = cai_ystr(d, node, "title", true, &p->title)) < 0 ||
	    (rc = cai_ystr(d, node, "citation", true, &p->citation)) < 0 ||
	    (rc = cai_ydate(d, node, "effective_from", true, &p->effective_from)) < 0 ||
	    (rc = cai_ydate(d, node, "effective_to", false, &p->effective_to)) < 0 ||
	    (rc = cai_ystr(d, node, "notes", true, &p->notes)) < 0 ||
	    (rc = cai_ystr(d, node, "question", false, &rec->question)) < 0 ||
	    (rc = load_strlist(d, node, "also", &rec->also)) < 0 ||
	    (rc = load_strlist(d, node, "overrides", &rec->overrides)) < 0 ||
	    (rc = cai_ybool(d, node, "unverified", false, &p->unverified)) < 0)
		return rc;
	if (!in_list(regimes_known, p->regime))
		return cai_yerr(d, cai_yget(d, node, "regime"), "regime must be us-ear, jp-fefta, nl or eu");
	if (!in_list(kinds_known, p->kind))
		return cai_yerr(d, cai_yget(d, node, "kind"),
				"kind must be item, end-use, destination, listing, authorisation, footnote, policy or note");
	if (p->effective_to && strcmp(p->effective_to, p->effective_from) < 0)
		return cai_yerr(d, cai_yget(d, node, "effective_to"), "effective_to is before effective_from");
	yaml_node_t *w = cai_yget(d, node, "when");
	if (!w)
		return cai_yerr(d, node, "a record needs 'when'");
	if ((rc = load_when(d, r, w, rec)) < 0)
		return rc;
	yaml_node_t *o = cai_yget(d, node, "outcome");
	if (!o)
		return cai_yerr(d, node, "a record needs 'outcome'");
	if ((rc = load_outcome(d, o, rec)) < 0)
		return rc;
	if (strcmp(p->kind, "listing") == 0 && rec->party.n == 0)
		return cai_yerr(d, node, "a listing record needs when.party");
	if (strcmp(p->kind, "listing") == 0 && !rec->list)
		return cai_yerr(d, node, "a listing record needs when.list (the list code, as EL)");
	rec->line = cai_yline(node);
	return 0;
}

static const char *const group_keys[] = {"title", "citation", "members", "unverified", "unverified_source",
					NULL};

/* Appends the country codes of the sequence seq to grp (flagged unverified
 * or not); a code given twice in a group is refused. */
static int load_group_codes(ydoc *d, yaml_node_t *seq, cai_group *grp, bool unverified)
{
	int rc;
	if ((rc = cai_yexpect_seq(d, seq, "a group")) < 0)
		return rc;
	size_t n = cai_yseq_len(seq);
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *item = cai_yseq_at(d, seq, i);
		const char *c;
		if ((rc = cai_yitem_str(d, item, "a country code", &c)) < 0)
			return rc;
		if (strlen(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z')
			return cai_yerr(d, item, "'%s' is not an ISO 3166 alpha-2 code", c);
		for (size_t k = 0; k < grp->codes.n; k++)
			if (strcmp(grp->codes.v[k], c) == 0)
				return cai_yerr(d, item, "'%s' is twice in the group", c);
		if (grp->codes.n >= REGIME_MAX_VALUES)
			return cai_yerr(d, item, "a group holds at most %u codes", REGIME_MAX_VALUES);
		grp->unverified[grp->codes.n] = unverified;
		grp->codes.v[grp->codes.n++] = c;
	}
	return 0;
}

/* A group is a sequence of codes, or a mapping: members (confirmed by the
 * citation), unverified (members by inference, with unverified_source). */
static int load_groups(ydoc *d, ca_export_regimes *r, yaml_node_t *g)
{
	int rc;
	if ((rc = cai_yexpect_map(d, g, "groups")) < 0)
		return rc;
	for (yaml_node_pair_t *pr = g->data.mapping.pairs.start; pr < g->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(&d->doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(&d->doc, pr->value);
		if (r->n_groups >= REGIME_MAX_GROUPS)
			return cai_yerr(d, k, "too many groups");
		cai_group *grp = &r->groups[r->n_groups];
		if ((rc = cai_yitem_str(d, k, "a group name", &grp->name)) < 0)
			return rc;
		if (cai_regimes_group(r, grp->name))
			return cai_yerr(d, k, "group '%s' is defined twice", grp->name);
		if (v && v->type == YAML_MAPPING_NODE) {
			if ((rc = cai_ycheck_keys(d, v, group_keys)) < 0 ||
			    (rc = cai_ystr(d, v, "title", false, &grp->title)) < 0 ||
			    (rc = cai_ystr(d, v, "citation", true, &grp->citation)) < 0 ||
			    (rc = cai_ystr(d, v, "unverified_source", false, &grp->unverified_source)) < 0)
				return rc;
			yaml_node_t *m = cai_yget(d, v, "members"), *u = cai_yget(d, v, "unverified");
			if (!m)
				return cai_yerr(d, v, "a group needs 'members'");
			if ((rc = load_group_codes(d, m, grp, false)) < 0)
				return rc;
			if (u && (rc = load_group_codes(d, u, grp, true)) < 0)
				return rc;
			if (u && cai_yseq_len(u) && !grp->unverified_source)
				return cai_yerr(d, v, "unverified members need 'unverified_source'");
		} else if ((rc = load_group_codes(d, v, grp, false)) < 0) {
			return rc;
		}
		r->n_groups++;
	}
	return 0;
}

int ca_export_regimes_parse(const char *name, const char *buf, size_t len, ca_export_regimes **ret,
			    char **ret_error)
{
	*ret = NULL;
	if (ret_error)
		*ret_error = NULL;
	ca_export_regimes *r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	cai_arena_init(&r->arena);
	ydoc d = {0};
	int rc = cai_ydoc_load(&d, &r->arena, name, buf, len);
	yaml_node_t *root = rc == 0 ? cai_yroot(&d) : NULL;
	if (rc == 0 && !root)
		rc = cai_yerr(&d, NULL, "empty document");
	if (rc == 0)
		rc = cai_yexpect_map(&d, root, "the document");
	if (rc == 0)
		rc = cai_ycheck_keys(&d, root, top_keys);
	if (rc == 0)
		rc = cai_ydate(&d, root, "reviewed", true, &r->reviewed);
	if (rc == 0)
		rc = cai_ydate(&d, root, "cfr_date", true, &r->cfr_date);
	yaml_node_t *g = rc == 0 ? cai_yget(&d, root, "groups") : NULL;
	if (g)
		rc = load_groups(&d, r, g);
	yaml_node_t *recs = rc == 0 ? cai_yget(&d, root, "records") : NULL;
	if (rc == 0 && !recs)
		rc = cai_yerr(&d, root, "no 'records'");
	if (rc == 0)
		rc = cai_yexpect_seq(&d, recs, "records");
	if (rc == 0) {
		size_t n = cai_yseq_len(recs);
		if (n > REGIME_MAX_RECORDS)
			rc = cai_yerr(&d, recs, "more than %u records", REGIME_MAX_RECORDS);
		else if (!(r->recs = calloc(n ? n : 1, sizeof(cai_regime))))
			rc = -ENOMEM;
		for (size_t i = 0; rc == 0 && i < n; i++) {
			yaml_node_t *node = cai_yseq_at(&d, recs, i);
			rc = load_record(&d, r, node, &r->recs[i]);
			for (size_t j = 0; rc == 0 && j < i; j++)
				if (strcmp(r->recs[j].pub.id, r->recs[i].pub.id) == 0)
					rc = cai_yerr(&d, node, "record '%s' is defined twice", r->recs[i].pub.id);
			if (rc == 0)
				r->n_recs++;
		}
		/* overrides name records of the file */
		for (size_t i = 0; rc == 0 && i < r->n_recs; i++)
			for (size_t k = 0; rc == 0 && k < r->recs[i].overrides.n; k++) {
				bool found = false;
				for (size_t j = 0; j < r->n_recs; j++)
					if (strcmp(r->recs[j].pub.id, r->recs[i].overrides.v[k]) == 0)
						found = true;
				if (!found)
					rc = cai_yerr(&d, cai_yseq_at(&d, recs, i), "overrides names no record '%s'",
						      r->recs[i].overrides.v[k]);
			}
	}
	if (rc < 0) {
		if (ret_error)
			*ret_error = d.error ? d.error : strdup("out of memory");
		else
			free(d.error);
		cai_ydoc_done(&d);
		ca_export_regimes_free(r);
		return rc == -ENOMEM ? -ENOMEM : -EINVAL;
	}
	cai_ydoc_done(&d);
	free(d.error);
	*ret = r;
	return 0;
}

int ca_export_regimes_builtin(ca_export_regimes **ret)
{
	return ca_export_regimes_parse("regimes.yaml (built in)", cai_export_regimes_yaml,
				       strlen(cai_export_regimes_yaml), ret, NULL);
}

const char *ca_export_regimes_reviewed(const ca_export_regimes *r) { return r->reviewed; }
const char *ca_export_regimes_cfr_date(const ca_export_regimes *r) { return r->cfr_date; }
size_t ca_export_regimes_count(const ca_export_regimes *r) { return r->n_recs; }

const ca_regime_record *ca_export_regimes_at(const ca_export_regimes *r, size_t i)
{
	return i < r->n_recs ? &r->recs[i].pub : NULL;
}

/* ---- Japanese list items ---- */

/* The sub-items of the Goods Ministerial Order in iroha order, with their
 * romanisation (Hepburn; a few Kunrei spellings accepted as well). */
static const struct {
	const char *kana, *romaji, *alt;
} iroha[] = {
	{"イ", "i", NULL},   {"ロ", "ro", NULL},  {"ハ", "ha", NULL},   {"ニ", "ni", NULL},  {"ホ", "ho", NULL},
	{"ヘ", "he", NULL},  {"ト", "to", NULL},  {"チ", "chi", "ti"},  {"リ", "ri", NULL},  {"ヌ", "nu", NULL},
	{"ル", "ru", NULL},  {"ヲ", "wo", NULL},  {"ワ", "wa", NULL},   {"カ", "ka", NULL},  {"ヨ", "yo", NULL},
	{"タ", "ta", NULL},  {"レ", "re", NULL},  {"ソ", "so", NULL},   {"ツ", "tsu", "tu"}, {"ネ", "ne", NULL},
	{"ナ", "na", NULL},  {"ラ", "ra", NULL},  {"ム", "mu", NULL},   {"ウ", "u", NULL},   {"ヰ", "wi", NULL},
	{"ノ", "no", NULL},  {"オ", "o", NULL},   {"ク", "ku", NULL},   {"ヤ", "ya", NULL},  {"マ", "ma", NULL},
	{"ケ", "ke", NULL},  {"フ", "fu", "hu"},  {"コ", "ko", NULL},   {"エ", "e", NULL},   {"テ", "te", NULL},
	{"ア", "a", NULL},   {"サ", "sa", NULL},  {"キ", "ki", NULL},   {"ユ", "yu", NULL},  {"メ", "me", NULL},
	{"ミ", "mi", NULL},  {"シ", "shi", "si"}, {"ヱ", "we", NULL},   {"ヒ", "hi", NULL},  {"モ", "mo", NULL},
	{"セ", "se", NULL},  {"ス", "su", NULL},
};

static bool eat(const char **p, const char *word)
{
	size_t n = strlen(word);
	if (strncmp(*p, word, n) != 0)
		return false;
	*p += n;
	return true;
}

/* Separators between the parts of an item number; *marked is set when a
 * Japanese counter word (条, 号, 項) was among them. */
static void skip_seps(const char **p, bool *marked)
{
	for (;;) {
		if (**p == ' ' || **p == '-' || **p == '.' || **p == '(' || **p == ')' || **p == ':' || **p == '/')
			(*p)++;
		else if (eat(p, "（") || eat(p, "）") || eat(p, "・") || eat(p, "　") || eat(p, "第"))
			;
		else if (eat(p, "条") || eat(p, "号") || eat(p, "項"))
			*marked = true;
		else
			return;
	}
}

/* A number 1..99 in ASCII, full-width or kanji digits. */
static bool number(const char **p, unsigned *ret)
{
	static const char *const kanji[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	unsigned v = 0, digits = 0;
	bool ten = false;
	for (;;) {
		const char *q = *p;
		int d = -1;
		if (*q >= '0' && *q <= '9') {
			d = *q - '0';
			q++;
		} else if ((unsigned char)q[0] == 0xEF && (unsigned char)q[1] == 0xBC && (unsigned char)q[2] >= 0x90 &&
			   (unsigned char)q[2] <= 0x99) {
			d = (unsigned char)q[2] - 0x90;
			q += 3;
		} else if (eat(&q, "十")) {
			if (ten)
				return false;
			ten = true;
			v = (digits ? v : 1) * 10;
			digits++;
			*p = q;
			continue;
		} else {
			for (int k = 0; k < 10; k++)
				if (strncmp(q, kanji[k], strlen(kanji[k])) == 0) {
					d = k;
					q += strlen(kanji[k]);
					break;
				}
		}
		if (d < 0)
			break;
		v = ten ? v + (unsigned)d : v * 10 + (unsigned)d;
		digits++;
		*p = q;
		if (v > 99)
			return false;
	}
	*ret = v;
	return digits > 0 && v > 0;
}

bool cai_export_jp_item(const char *s, char *out, size_t cap)
{
	if (cap)
		out[0] = '\0';
	if (!s || cap < 16)
		return false;
	const char *p = s;
	bool marked = false, prefixed = false;
	while (*p == ' ')
		p++;
	if ((p[0] == 'J' || p[0] == 'j') && (p[1] == 'P' || p[1] == 'p'))
		p += 2, prefixed = true;
	else if (eat(&p, "貨物等省令") || eat(&p, "省令"))
		prefixed = true;
	skip_seps(&p, &marked);
	unsigned article, item, sub = 0;
	if (!number(&p, &article))
		return false;
	const char *before = p;
	skip_seps(&p, &marked);
	if (p == before) /* "3B001": a letter right after the number is no Japanese item */
		return false;
	if (!number(&p, &item))
		return false;
	/* item 17-2: "17の2", "17号の2", "17-2" */
	const char *q = p;
	bool m2 = false;
	skip_seps(&q, &m2);
	if (eat(&q, "の") || (q > p && q[-1] == '-' && *q >= '0' && *q <= '9')) {
		if (!number(&q, &sub))
			return false;
		p = q;
		marked |= m2;
	}
	skip_seps(&p, &marked);
	const char *letter = NULL;
	if (*p) {
		for (size_t i = 0; i < sizeof(iroha) / sizeof(iroha[0]) && !letter; i++) {
			size_t kl = strlen(iroha[i].kana);
			if (strncmp(p, iroha[i].kana, kl) == 0) {
				letter = iroha[i].romaji;
				p += kl;
			}
		}
		if (!letter) {
			char w[8];
			size_t n = 0;
			while (((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) && n + 1 < sizeof(w))
				w[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p), p++;
			w[n] = '\0';
			for (size_t i = 0; n && i < sizeof(iroha) / sizeof(iroha[0]) && !letter; i++)
				if (strcmp(w, iroha[i].romaji) == 0 || (iroha[i].alt && strcmp(w, iroha[i].alt) == 0))
					letter = iroha[i].romaji;
			if (!letter)
				return false;
		}
		skip_seps(&p, &marked);
		if (*p)
			return false;
	}
	/* Bare "6-17" says too little to be taken for a Japanese item. */
	if (!prefixed && !marked && !letter && !sub)
		return false;
	if (article > 20)
		return false;
	int n = snprintf(out, cap, "JP-%u.%u", article, item);
	if (sub)
		n += snprintf(out + n, cap - (size_t)n, "-%u", sub);
	if (letter)
		snprintf(out + n, cap - (size_t)n, ".%s", letter);
	return true;
}
