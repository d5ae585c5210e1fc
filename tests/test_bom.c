/* SPDX-License-Identifier: MIT */
/* Lists (chipaudit bom): the text layer (UTF-8, UTF-16, GB18030), header
 * and column roles, alternates, and lines judged as purchases by the rule
 * engine, on the lists in tests/data/bom. */
#include "test_support.h"

#include "bom/bom.h"
#include "chipaudit/assess.h"
#include "util/file.h"

#include <errno.h>
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* Converts text between encodings with iconv(3); the caller frees. */
static uint8_t *convert(const char *to, const char *from, const uint8_t *in, size_t len, size_t *ret_len)
{
	iconv_t cd = iconv_open(to, from);
	assert_true(cd != (iconv_t)-1);
	size_t cap = len * 4 + 16, room = cap;
	uint8_t *out = malloc(cap);
	assert_non_null(out);
	char *ip = (char *)in, *op = (char *)out;
	size_t left = len;
	assert_int_not_equal(iconv(cd, &ip, &left, &op, &room), (size_t)-1);
	iconv_close(cd);
	*ret_len = cap - room;
	return out;
}

static void test_text_layer(void **state)
{
	(void)state;
	/* 制造商 in GB18030 and UTF-16LE with a byte order mark */
	const char *utf8 = "\xE5\x88\xB6\xE9\x80\xA0\xE5\x95\x86,MPN\n";
	size_t n;
	uint8_t *gb = convert("GB18030", "UTF-8", (const uint8_t *)utf8, strlen(utf8), &n);
	char *out;
	size_t out_len;
	const char *enc;
	int64_t bad;
	assert_int_equal(cai_bom_to_utf8(gb, n, &out, &out_len, &enc, &bad), 0);
	assert_string_equal(enc, "gb18030");
	assert_string_equal(out, utf8);
	assert_true(bad < 0);
	free(out);
	free(gb);
	uint8_t *u16 = convert("UTF-16LE", "UTF-8", (const uint8_t *)utf8, strlen(utf8), &n);
	uint8_t *with_bom = malloc(n + 2);
	assert_non_null(with_bom);
	with_bom[0] = 0xFF;
	with_bom[1] = 0xFE;
	memcpy(with_bom + 2, u16, n);
	assert_int_equal(cai_bom_to_utf8(with_bom, n + 2, &out, &out_len, &enc, &bad), 0);
	assert_string_equal(enc, "utf-16le");
	assert_string_equal(out, utf8);
	free(out);
	/* cut in the middle of a UTF-16 unit: what was read is kept, the cut is named */
	assert_int_equal(cai_bom_to_utf8(with_bom, n + 1, &out, &out_len, &enc, &bad), 0);
	assert_true(bad >= 2);
	assert_non_null(strstr(out, "MPN"));
	free(out);
	free(with_bom);
	free(u16);
	/* a UTF-8 byte order mark is dropped */
	assert_int_equal(cai_bom_to_utf8((const uint8_t *)"\xEF\xBB\xBFQty", 6, &out, &out_len, &enc, &bad), 0);
	assert_string_equal(enc, "utf-8-bom");
	assert_string_equal(out, "Qty");
	free(out);
}

static void test_header_roles(void **state)
{
	(void)state;
	char *zh[] = {"序号", "位号", "制造商", "型号", "描述", "数量"};
	cai_bom_columns c;
	assert_int_equal(cai_bom_header(zh, 6, &c), 5);
	assert_int_equal(c.col[CAI_BOM_MAKER], 2);
	assert_int_equal(c.col[CAI_BOM_PART], 3);
	assert_int_equal(c.col[CAI_BOM_QTY], 5);
	assert_int_equal(c.col[CAI_BOM_REF], 1);
	/* ULX3S: MFG1 beside MPN is the line's maker; MFG2/MPN2 an alternate */
	char *ulx[] = {"Component", "Description", "Part", "MPN", "MFG1", "MPN2", "MFG2", "Digikey"};
	assert_true(cai_bom_header(ulx, 8, &c) > 0);
	assert_int_equal(c.col[CAI_BOM_MAKER], 4);
	assert_int_equal(c.col[CAI_BOM_PART], 3);
	assert_int_equal(c.n_alt, 1);
	assert_int_equal(c.alt[0].maker, 6);
	assert_int_equal(c.alt[0].part, 5);
	/* a preamble line is not a header */
	char *pre[] = {"Source:", "/home/x/board.sch"};
	assert_int_equal(cai_bom_header(pre, 2, &c), 0);
	/* --columns */
	assert_int_equal(cai_bom_columns_parse("maker=3,part=5", &c), 0);
	assert_int_equal(c.col[CAI_BOM_MAKER], 2);
	assert_int_equal(c.col[CAI_BOM_PART], 4);
	assert_int_equal(cai_bom_columns_parse("maker=0", &c), -EINVAL);
	assert_int_equal(cai_bom_columns_parse("colour=1", &c), -EINVAL);
	assert_int_equal(cai_bom_columns_parse("qty=2", &c), -EINVAL); /* nothing to identify */
}

/* Assesses a list under profile on 2026-11-30. */
static ca_assessment *assess_list(ca_policy **ret_policy, const char *profile, const uint8_t *buf,
				  size_t len, const char *columns)
{
	ca_policy_options o = {.profile = profile, .as_of = "2026-11-30"};
	assert_int_equal(ca_policy_open(&o, ret_policy, NULL), 0);
	ca_assessment *a;
	assert_int_equal(ca_assessment_new(*ret_policy, "list", &a), 0);
	(void)ca_assessment_add_bom_buffer(a, "list", buf, len, columns);
	assert_int_equal(ca_assessment_finish(a), 0);
	return a;
}

/* The fail findings' components as "label|state" lines, sorted by order. */
static size_t fails(const ca_assessment *a, const ca_component **out, size_t cap)
{
	const ca_findings *f = ca_assessment_findings(a);
	size_t n = 0;
	for (size_t i = 0; i < ca_findings_count(f); i++) {
		const ca_finding *x = ca_findings_at(f, i);
		if (x->severity == CA_SEVERITY_FAIL && n < cap)
			out[n++] = x->component;
	}
	return n;
}

static void test_screening_list(void **state)
{
	(void)state;
	size_t len;
	uint8_t *buf = fixture_read("bom/screening-en.csv", &len);
	ca_policy *p;
	ca_assessment *a = assess_list(&p, "cn-cii-bank", buf, len, NULL);
	const ca_component *f[8];
	size_t n = fails(a, f, 8);
	assert_int_equal(n, 2);
	/* the restricted alternate under a compliant ISSI line, on its own */
	assert_int_equal(f[0]->kind, CA_COMPONENT_BOM_LINE);
	assert_int_equal(f[0]->bom_alternate_of, 5);
	assert_string_equal(f[0]->bom_part, "MT41K256M16TW-107:P");
	assert_string_equal(f[1]->bom_part, "MT48LC16M16A2TG-6A");
	const ca_finding *x = ca_findings_at(ca_assessment_findings(a), 0);
	assert_int_equal(x->state, CA_FINDING_BOUGHT_AFTER);
	assert_string_equal(x->purchased, "2026-11-30");
	/* traps: no maker guessed, HT Micron is not Micron */
	size_t unknown = 0;
	for (size_t i = 0; i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		const ca_maker *m = ca_component_maker_for(c, "module");
		assert_non_null(m);
		if (strcmp(c->bom_maker, "Samsung Electro-Mechanics") == 0 ||
		    strcmp(c->bom_maker, "Microchip") == 0 || strcmp(c->bom_maker, "Micronas") == 0)
			assert_int_equal(m->confidence, CA_CONFIDENCE_NONE);
		if (strcmp(c->bom_maker, "HT Micron") == 0)
			assert_string_not_equal(m->owner_id, "micron");
		unknown += m->confidence == CA_CONFIDENCE_NONE;
	}
	ca_scope sc;
	ca_assessment_scope(a, &sc);
	assert_true(sc.bom);
	assert_int_equal(sc.bom_lines, 11);
	assert_int_equal(sc.bom_lines - sc.bom_attributed, unknown);
	assert_int_equal(unknown, 6);
	ca_assessment_free(a);
	ca_policy_free(p);
	/* the same list under a US executive agency in 2026: nothing fails */
	a = assess_list(&p, "us-executive-agency", buf, len, NULL);
	assert_int_equal(fails(a, f, 8), 0);
	ca_assessment_free(a);
	ca_policy_free(p);
	free(buf);
}

static void test_encodings_agree(void **state)
{
	(void)state;
	size_t len, gb_len;
	uint8_t *zh = fixture_read("bom/screening-zh.csv", &len);
	uint8_t *gb = convert("GB18030", "UTF-8", zh, len, &gb_len);
	assert_false(gb_len == len && memcmp(gb, zh, len) == 0);
	ca_policy *p;
	ca_assessment *a = assess_list(&p, "cn-cii-bank", gb, gb_len, NULL);
	const ca_component *f[8];
	assert_int_equal(fails(a, f, 8), 2);
	assert_int_equal(f[0]->bom_alternate_of, 5);
	assert_string_equal(f[1]->bom_maker, "Micron");
	ca_assessment_free(a);
	ca_policy_free(p);
	free(gb);
	free(zh);
}

static void test_broken_lists(void **state)
{
	(void)state;
	static const char open_quote[] = "MPN,Manufacturer,Qty\nMT41K256M16TW,Micron,1\n\"X,Kingston,1\n";
	ca_policy *p;
	ca_assessment *a = assess_list(&p, "cn-cii-bank", (const uint8_t *)open_quote,
				       strlen(open_quote), NULL);
	const ca_component *f[4];
	assert_int_equal(fails(a, f, 4), 1); /* the line before the broken one is screened */
	assert_false(ca_assessment_complete(a));
	const ca_evidence *e = ca_assessment_evidence(a, 0);
	assert_int_equal(count_diags(e->host, "bom.bad-row"), 1);
	const ca_diagnostic *d = ca_host_last_error(e->host);
	assert_int_equal(d->line, 3);
	ca_assessment_free(a);
	ca_policy_free(p);
	/* no header: unreadable, unless --columns names them */
	static const char bare[] = "x,Micron,MT41K256M16TW\n";
	a = assess_list(&p, "cn-cii-bank", (const uint8_t *)bare, strlen(bare), NULL);
	assert_false(ca_assessment_readable(a));
	ca_assessment_free(a);
	ca_policy_free(p);
	a = assess_list(&p, "cn-cii-bank", (const uint8_t *)bare, strlen(bare), "maker=2,part=3");
	assert_int_equal(fails(a, f, 4), 1);
	ca_assessment_free(a);
	ca_policy_free(p);
}

/* Writes text to a new file in a new folder; the caller frees the path. */
static char *write_temp(const char *dir, const char *name, const char *text, size_t len)
{
	char *path;
	assert_true(asprintf(&path, "%s/%s", dir, name) > 0);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* The annotated copy of path, screened in parts of part_lines. */
static char *annotate_in_parts(const char *path, const char *out, size_t part_lines, size_t *ret_len)
{
	ca_policy_options o = {.profile = "cn-cii-bank", .as_of = "2026-11-30"};
	ca_policy *p;
	assert_int_equal(ca_policy_open(&o, &p, NULL), 0);
	ca_bom_annotation *w;
	char *why = NULL;
	assert_int_equal(ca_bom_annotation_open(path, out, NULL, &w, &why), 0);
	ca_bom_list *l;
	assert_int_equal(ca_bom_list_open(path, NULL, &l), 0);
	size_t parts = 0;
	while (!ca_bom_list_done(l)) {
		ca_assessment *a;
		assert_int_equal(ca_assessment_new(p, "list", &a), 0);
		assert_int_equal(ca_assessment_add_bom_part(a, l, part_lines), 0);
		assert_int_equal(ca_assessment_finish(a), 0);
		unsigned next = ca_bom_list_done(l) ? 0 : ca_bom_list_next_line(l);
		assert_int_equal(ca_bom_annotation_add(w, a, next, &why), 0);
		ca_assessment_free(a);
		parts++;
	}
	assert_true(parts > 1 || part_lines > 100);
	assert_int_equal(ca_bom_annotation_commit(w, &why), 0);
	ca_bom_annotation_free(w);
	ca_bom_list_free(l);
	ca_policy_free(p);
	size_t len;
	int err;
	uint8_t *got = cai_file_read(out, 1 << 20, &len, &err);
	assert_non_null(got);
	*ret_len = len;
	return (char *)got;
}

static void test_annotate(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_bom_annotate.XXXXXX";
	assert_non_null(mkdtemp(dir));
	/* a preamble, a hostile cell, a multi-line cell, an alternate row
	 * opening a part, a blank row, a short row, CRLF line ends */
	static const char list[] = "Quote 12,\"=cmd\"\r\n"
				   "Manufacturer,MPN,Qty,Note\r\n"
				   "ISSI,IS43TR16256A,1,\"two\r\nlines\"\r\n"
				   "Micron,MT41K256M16TW,,-5\r\n"
				   "\r\n"
				   "Kingston,KVR16N11/8,2\r\n"
				   "@evil,X1,+3,\"-a,b\"\r\n";
	static const char want[] =
		"Quote 12,\"'=cmd\"\r\n"
		"Manufacturer,MPN,Qty,Note,chipaudit verdict,chipaudit maker,chipaudit owner on "
		"2026-11-30,chipaudit rule,chipaudit evidence\r\n"
		"ISSI,IS43TR16256A,1,\"two\r\nlines\",unknown,,,,\"no maker the knowledge base knows "
		"(manufacturer 'ISSI', part number 'IS43TR16256A')\"\r\n"
		"Micron,MT41K256M16TW,,-5,fail,Micron,Micron,cn-cac-2023-micron,\"Manufacturer "
		"\"\"Micron\"\" is a name of Micron (name-alias, high)\"\r\n"
		"\r\n"
		"Kingston,KVR16N11/8,2,,pass,Kingston,Kingston,,\"Manufacturer \"\"Kingston\"\" is a "
		"name of Kingston (name-alias, high)\"\r\n"
		"'@evil,X1,+3,\"'-a,b\",unknown,,,,\"no maker the knowledge base knows (manufacturer "
		"'@evil', part number 'X1')\"\r\n";
	char *path = write_temp(dir, "list.csv", list, strlen(list));
	char *out;
	assert_true(asprintf(&out, "%s/out.csv", dir) > 0);
	for (size_t part = 1; part <= 1000; part *= 1000) {
		size_t len;
		char *got = annotate_in_parts(path, out, part, &len);
		assert_int_equal(len, strlen(want));
		assert_memory_equal(got, want, len);
		free(got);
	}
	/* UTF-16: the byte order mark and the encoding come back */
	size_t n;
	uint8_t *u16 = convert("UTF-16LE", "UTF-8", (const uint8_t *)list, strlen(list), &n);
	char *with_bom = malloc(n + 2);
	assert_non_null(with_bom);
	memcpy(with_bom, "\xFF\xFE", 2);
	memcpy(with_bom + 2, u16, n);
	char *path16 = write_temp(dir, "list16.csv", with_bom, n + 2);
	size_t len;
	char *got = annotate_in_parts(path16, out, 1000, &len);
	assert_memory_equal(got, "\xFF\xFE", 2);
	size_t back_len;
	uint8_t *back = convert("UTF-8", "UTF-16LE", (const uint8_t *)got + 2, len - 2, &back_len);
	assert_int_equal(back_len, strlen(want));
	assert_memory_equal(back, want, back_len);
	free(back);
	free(got);
	/* refusals: the input itself, CycloneDX, a folder */
	ca_bom_annotation *w = NULL;
	char *why = NULL;
	assert_int_equal(ca_bom_annotation_open(path, path, NULL, &w, &why), -EEXIST);
	assert_non_null(why);
	free(why);
	static const char cdx[] = "{\"bomFormat\": \"CycloneDX\", \"components\": []}";
	char *cdx_path = write_temp(dir, "list.cdx.json", cdx, strlen(cdx));
	assert_int_equal(ca_bom_annotation_open(cdx_path, out, NULL, &w, &why), -EMEDIUMTYPE);
	free(why);
	assert_int_equal(ca_bom_annotation_open(path, dir, NULL, &w, &why), -EISDIR);
	free(why);
	/* an abandoned copy leaves nothing */
	char *never;
	assert_true(asprintf(&never, "%s/never.csv", dir) > 0);
	assert_int_equal(ca_bom_annotation_open(path, never, NULL, &w, &why), 0);
	ca_bom_annotation_free(w);
	assert_int_equal(access(never, F_OK), -1);
	for (const char *f = "list.csv\0list16.csv\0list.cdx.json\0out.csv\0"; *f; f += strlen(f) + 1) {
		char *p;
		assert_true(asprintf(&p, "%s/%s", dir, f) > 0);
		assert_int_equal(unlink(p), 0);
		free(p);
	}
	assert_int_equal(rmdir(dir), 0); /* no temporary file left */
	free(never);
	free(cdx_path);
	free(path16);
	free(with_bom);
	free(u16);
	free(out);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_layer),
		cmocka_unit_test(test_header_roles),
		cmocka_unit_test(test_screening_list),
		cmocka_unit_test(test_encodings_agree),
		cmocka_unit_test(test_broken_lists),
		cmocka_unit_test(test_annotate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
