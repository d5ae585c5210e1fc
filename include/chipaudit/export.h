/* SPDX-License-Identifier: MIT */
/*
 * Export-control screening (docs/export.md): regimes as dated records
 * (data/export/regimes.yaml), screening lists (a shipped snapshot of the US
 * Consolidated Screening List and Japan's End User List, or a newer official
 * CSL download imported by the user), a name matcher, and the evaluation of
 * one order line on its ship date.
 *
 * chipaudit checks what it is told: an item's classification, ownership
 * and end-use facts are the exporter's; a fact not given is a question, and
 * a question never turns into "no licence needed".
 */
#ifndef CHIPAUDIT_EXPORT_H
#define CHIPAUDIT_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ca_export_lists ca_export_lists;
typedef struct ca_export_regimes ca_export_regimes;

/* ---- screening lists ---- */

/* Parses a snapshot (the format of data/export/screening-lists.tsv,
 * docs/export.md) from buf. name is used in messages. Returns 0, -ENOMEM, or
 * -EINVAL with a malloc'd "NAME:LINE: message" in *ret_error (when not NULL);
 * nothing is returned then. */
int ca_export_lists_parse(const char *name, const char *buf, size_t len, ca_export_lists **ret,
			  char **ret_error);

/* ca_export_lists_parse() of a file; file errors as -errno with
 * "PATH: reason" in *ret_error. */
int ca_export_lists_load_file(const char *path, ca_export_lists **ret, char **ret_error);

/* Converts the official CSL download src (ca_export_lists_convert_csl()),
 * checks the result loads, and only then replaces dest (a temporary file
 * beside it, synced, renamed over it): a malformed download leaves dest as
 * it was. Returns 0 with the number of entries, or -EINVAL / -errno with a
 * malloc'd message in *ret_error. */
int ca_export_lists_import_file(const char *src, const char *dest, const char *vintage, size_t *ret_entries,
				char **ret_error);

/* The snapshot compiled into the library (CSL of 2026-07-31 and METI EUL). */
int ca_export_lists_builtin(ca_export_lists **ret);

/* Frees the lists (NULL is a no-op), and the calling thread's matching
 * scratch for them. */
void ca_export_lists_free(ca_export_lists *l);

/* The date of the list data (YYYY-MM-DD) and a line naming its source. */
const char *ca_export_lists_vintage(const ca_export_lists *l);
const char *ca_export_lists_source(const ca_export_lists *l);
/* The number of entries (all lists). */
size_t ca_export_lists_count(const ca_export_lists *l);

/* Converts an official Consolidated Screening List download (the CSV with
 * the header _id,source,entity_number,type,programs,name,...,alt_names,...
 * or the JSON bulk file: {"results":[...]} or an array of records) into the
 * snapshot format. vintage (YYYY-MM-DD) is written into the snapshot. A
 * malformed download is rejected whole: returns -EINVAL with a malloc'd
 * "NAME:LINE: message" (or NAME:offset N for JSON) in *ret_error, and
 * nothing in *ret_text. On success *ret_text is a malloc'd snapshot that
 * ca_export_lists_parse() accepts, of *ret_len bytes. */
int ca_export_lists_convert_csl(const char *name, const char *buf, size_t len, const char *vintage,
				char **ret_text, size_t *ret_len, size_t *ret_entries, char **ret_error);

typedef enum ca_match_band {
	CA_MATCH_REVIEW = 0,   /* score in [0.80, 0.92): a person should look */
	CA_MATCH_PROBABLE = 1, /* score >= 0.92 */
} ca_match_band;

typedef enum ca_review_policy {
	CA_POLICY_NONE = 0,                /* nothing said */
	CA_POLICY_CASE_BY_CASE = 1,
	CA_POLICY_PRESUMPTION_OF_DENIAL = 2,
	CA_POLICY_POLICY_OF_DENIAL = 3,
	CA_POLICY_SEE_TEXT = 4,            /* the text refers elsewhere: read it */
} ca_review_policy;

/* "none", "case-by-case", "presumption-of-denial", "policy-of-denial", "see-text". */
const char *ca_review_policy_name(ca_review_policy p);

/* One listed entry a name matched. Strings belong to the lists. */
typedef struct ca_party_hit {
	const char *list;         /* "EL", "SDN", "JP-EUL", ... */
	const char *list_name;    /* "Entity List (EL) - Bureau of Industry and Security" */
	const char *list_citation; /* "15 C.F.R. § 744.16 and Supplement No. 4 to Part 744" */
	const char *list_effect;  /* the list's policy text */
	const char *entry;        /* the entry's name */
	const char *entity_number; /* or "" */
	const char *matched;      /* the name or alias that matched */
	const char *countries;    /* ISO-2 codes, comma separated, or "" */
	const char *fr;           /* Federal Register citations, or "" */
	const char *licence_requirement; /* verbatim, or "" */
	const char *licence_policy;      /* verbatim, or "" */
	ca_review_policy policy;  /* licence_policy normalised */
	unsigned footnote;        /* Entity List footnote (1, 3, 4, 5) or 0 */
	bool all_items;           /* the requirement covers all items subject to the EAR */
	double score;             /* 0..1 */
	ca_match_band band;
	const char *via;          /* curated name used ("长江存储 -> Yangtze Memory ..."), or NULL */
	const char *since;        /* the entry is listed from this date (YYYY-MM-DD), or "" when the
				   * list does not say (MOFCOM's lists do) */
} ca_party_hit;

/* Matches name against the lists: hits with score >= 0.80, best first, at
 * most max (ties broken in favour of entries with an address in country, an
 * ISO-2 code or NULL). Returns the number written to hits (0..max), or
 * -ENOMEM. A name in Chinese script is matched through the curated table of
 * chip makers' names only. Several threads may match against the same lists
 * (each keeps its own scratch, freed with the lists on that thread). */
int ca_export_match(const ca_export_lists *l, const char *name, const char *country,
		    ca_party_hit *hits, size_t max);

/* The curated table entry for a name in Chinese script, if any: the English
 * name, whether that company is on a list in the snapshot, and the source of
 * the correspondence. Returns false when the table has none. */
bool ca_export_curated_name(const char *name, const char **ret_english, bool *ret_listed,
			    const char **ret_source);

/* ---- regimes ---- */

/* The shipped regime records (data/export/regimes.yaml). Returns 0, -ENOMEM
 * or -EINVAL (a test keeps the shipped file valid). */
int ca_export_regimes_builtin(ca_export_regimes **ret);

/* Strict loader (unknown keys refused, file:line errors). Returns 0, -ENOMEM
 * or -EINVAL with a malloc'd "NAME:LINE: message" in *ret_error. */
int ca_export_regimes_parse(const char *name, const char *buf, size_t len, ca_export_regimes **ret,
			    char **ret_error);
/* Frees the records (NULL is a no-op). */
void ca_export_regimes_free(ca_export_regimes *r);

/* The date the records were last reviewed, and the CFR (eCFR) date they follow. */
const char *ca_export_regimes_reviewed(const ca_export_regimes *r);
const char *ca_export_regimes_cfr_date(const ca_export_regimes *r);

/* One record, read-only. */
typedef struct ca_regime_record {
	const char *id;
	const char *regime;          /* "us-ear", "jp-fefta", "nl", "eu" */
	const char *kind;            /* item, end-use, destination, listing, authorisation, footnote, policy, note */
	const char *title;
	const char *citation;        /* primary citation */
	const char *effective_from;  /* YYYY-MM-DD */
	const char *effective_to;    /* last day in force, or NULL */
	const char *notes;
	bool unverified;
} ca_regime_record;

/* The number of records, and record i (NULL past the end), in file order. */
size_t ca_export_regimes_count(const ca_export_regimes *r);
const ca_regime_record *ca_export_regimes_at(const ca_export_regimes *r, size_t i);

/* ---- one order line ---- */

typedef enum ca_tristate { CA_UNKNOWN = 0, CA_YES = 1, CA_NO = 2 } ca_tristate;

/* "unknown", "yes", "no". */
const char *ca_tristate_name(ca_tristate t);

/* Parses yes/no/y/n/true/false/1/0/是/否 (any case); anything else is unknown. */
ca_tristate ca_tristate_parse(const char *s);

/* An order line. Strings may be NULL or empty (not given). Countries are
 * ISO 3166 alpha-2 codes (names of a few are understood: see docs). */
typedef struct ca_order_line {
	const char *line_id;
	const char *ship_date;       /* YYYY-MM-DD, required */
	const char *exporter_country;
	const char *ship_from;       /* country shipped from */
	const char *item;            /* description */
	const char *maker;
	const char *model;
	const char *eccn;            /* US ECCN (or EAR99) as classified by the exporter */
	const char *list_item;       /* Japanese / Dutch / EU list item */
	const char *destination;
	const char *consignee;
	const char *intermediate_consignee;
	const char *end_user;
	const char *end_use;
	ca_tristate advanced_node;   /* the fab makes advanced-node ICs (15 CFR 744.23) */
	ca_tristate fab_production;  /* the end use is IC production in a fab */
	ca_tristate us_person_support; /* US persons support the end use (15 CFR 744.6) */
	ca_tristate us_technology;   /* a foreign-made item is the direct product of US technology/software/equipment (FDP rules) */
	ca_tristate listed_owner;    /* a party is >= 50 % owned by listed parties (Affiliates Rule) */
} ca_order_line;

#define CA_SCREEN_MAX_ITEMS 24

/* What one regime record did on the line. */
typedef struct ca_screen_rule {
	const ca_regime_record *record;
	ca_tristate licence;       /* yes / no (an authorisation) / unknown */
	ca_review_policy policy;
	const char *text;          /* the outcome's words, or NULL */
	const char *overridden_by; /* id of the record that replaced its outcome, or NULL */
} ca_screen_rule;

typedef struct ca_screen_party {
	const char *role;          /* "consignee", "intermediate consignee", "end user" */
	const char *name;          /* as given */
	ca_party_hit hit;
	bool in_force;             /* listed on the ship date (false: a dated listing record says later) */
	const char *listing_record; /* id of the dated listing record, or NULL */
} ca_screen_party;

typedef struct ca_screen_result {
	ca_tristate licence;       /* never CA_NO while a question is open */
	ca_review_policy policy;   /* strictest engaged */
	char regimes[64];          /* "us-ear nl" */
	ca_tristate subject_to_ear;
	ca_screen_rule rules[CA_SCREEN_MAX_ITEMS];
	size_t n_rules;
	ca_screen_party parties[CA_SCREEN_MAX_ITEMS];
	size_t n_parties;
	const char *questions[CA_SCREEN_MAX_ITEMS]; /* open questions (into qbuf) */
	size_t n_questions;
	char qbuf[8192];
	const char *error;         /* a line that cannot be screened (no valid ship date), or NULL */
} ca_screen_result;

/* Screens one line on its ship date against the records and the lists. */
void ca_export_screen(const ca_export_regimes *r, const ca_export_lists *l, const ca_order_line *line,
		      ca_screen_result *out);

/* ---- order lists ---- */

typedef struct ca_export_orders ca_export_orders;

/* Reads an order list (XLSX, or CSV/TSV in UTF-8, UTF-16 or GB18030, as
 * purchase lists): a header row found by its English or Chinese names, or
 * columns "ROLE=N,..." (1-based; roles line, date, exporter, from, item,
 * maker, model, eccn, list-item, destination, consignee, intermediate,
 * end-user, end-use, advanced-node, fab-production, us-person-support,
 * us-technology, listed-owner). Returns 0, -EBADMSG when no line could be
 * read (the diagnostics say why; *ret is still set), -EINVAL for a bad
 * columns spec (*ret NULL), or -ENOMEM. */
int ca_export_orders_read(const char *name, const uint8_t *buf, size_t len, const char *columns,
			  ca_export_orders **ret);
/* ca_export_orders_read() of a file (at most CA_MAX_INPUT_BYTES); a file
 * that cannot be read gives -errno and "PATH: reason" in *ret_error. */
int ca_export_orders_read_file(const char *path, const char *columns, ca_export_orders **ret, char **ret_error);
/* Frees the list (NULL is a no-op). */
void ca_export_orders_free(ca_export_orders *o);
/* The number of order lines read, and line i (its strings live with o). */
size_t ca_export_orders_count(const ca_export_orders *o);
const ca_order_line *ca_export_orders_line(const ca_export_orders *o, size_t i);
/* Problems met while reading ("NAME:LINE: message"). */
size_t ca_export_orders_diag_count(const ca_export_orders *o);
const char *ca_export_orders_diag(const ca_export_orders *o, size_t i);

/* ---- screened lines as an assessment (every report format) ---- */

typedef struct ca_assessment ca_assessment; /* chipaudit/assess.h */

/* Adds the screened lines of one order list to an empty assessment: the
 * list becomes its evidence (format "order-list", name as given, o's
 * reading problems as its diagnostics; o may be NULL), each line a
 * component of kind CA_COMPONENT_ORDER_LINE holding a copy of lines[i] and
 * results[i]. ca_assessment_finish() then makes the findings, whatever the
 * policy's profile: per line its licence answer with the open questions
 * (fail: a licence is required; warn: unknown; info: none), per regime
 * record engaged one finding (rule id: the record's id; fail when it
 * requires a licence, else info: a record without an outcome of its own
 * leaves the answer to the line's finding), per listed-party hit one (rule id
 * "screening-list/LIST"; fail: probable and listed on the ship date; warn:
 * the review band; info: listed only after the ship date). A line that
 * could not be screened is unknown and an error of the evidence. The
 * records and the lists the results point to must outlive the assessment.
 * Returns 0, -EBADMSG when no line was read (the evidence is then
 * unreadable), -E2BIG when a has evidence already, or -ENOMEM. */
int ca_assessment_add_screened(ca_assessment *a, const char *name, const ca_export_orders *o,
			       const ca_order_line *lines, const ca_screen_result *results, size_t n);

/* ca_assessment_add_screened() of every line of o, each screened in place
 * with ca_export_screen() on regimes and lists (a line without a ship date
 * on as_of, YYYY-MM-DD): one result per line is held, in the assessment.
 * Same returns. */
int ca_assessment_screen_orders(ca_assessment *a, const char *name, const ca_export_orders *o,
				const ca_export_regimes *regimes, const ca_export_lists *lists, const char *as_of);

/* ---- JSON of single names (docs/export.md); screened lines go through
 * the report sinks (ca_assessment_add_screened, chipaudit/report.h) ---- */

/* The answers for names[0..n): the lists' vintage and, per name, its hits
 * and the curated name used. Returns 0, -ENOMEM or -EIO. */
int ca_export_parties_write_json(FILE *out, const ca_export_lists *l, const char *const *names, size_t n);

#ifdef __cplusplus
}
#endif

#endif
