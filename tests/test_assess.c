/* SPDX-License-Identifier: MIT */
/* The assessment model: policy, evidence detected once, makers resolved
 * exactly once per memory device whatever the profile, several evidence
 * files per host, and sinks that read only the assessment. */
#include "test_support.h"

#include "chipaudit/report.h"
#include "util/memfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

static const char *const profiles[] = {NULL, "cn-cii-bank", "cn-cii-telecom", "cn-foreign-invested",
				       "us-executive-agency", "us-federal-contractor"};

/* Installed memory devices of a fixture, counted from its records. */
static size_t installed_devices(const char *rel)
{
	int r;
	ca_host *h = host_from_fixture(rel, &r);
	size_t n = 0;
	for (size_t i = 0; r == 0 && i < ca_host_record_count(h); i++) {
		ca_memory_device m;
		if (ca_memory_device_from_record(ca_host_record(h, i), &m) == 0 && m.installed)
			n++;
	}
	ca_host_free(h);
	return n;
}

/* Renders a in every format (to nowhere); returns what ca_sink_render_host said. */
static int render_all(const ca_assessment *a)
{
	static const char *const formats[] = {"table", "json", "jsonl", "csv", "sarif", "cyclonedx", "html"};
	FILE *devnull = fopen("/dev/null", "w");
	assert_non_null(devnull);
	int rc = 0;
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		assert_true(ca_sink_format_known(formats[i]));
		ca_sink *sink;
		assert_int_equal(ca_sink_open(formats[i], devnull, &sink), 0);
		char *buf = NULL;
		size_t len = 0;
		int r = ca_sink_render_host(sink, a, &buf, &len);
		if (r < 0)
			rc = r;
		/* every format says something of a readable host; SARIF and CSV only of findings */
		assert_true(r < 0 || len > 0 || i == 3 || i == 4 || !ca_assessment_readable(a));
		free(buf);
		assert_int_equal(ca_sink_add_host(sink, a), 0);
		assert_int_equal(ca_sink_close(sink, true), 0);
	}
	fclose(devnull);
	return rc;
}

static void count_for_folder(const char *folder, size_t *files, size_t *devices)
{
	DIR *d = opendir(fixture_path(folder));
	assert_non_null(d);
	char folder_copy[64];
	snprintf(folder_copy, sizeof(folder_copy), "%s", folder);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char rel[512];
		snprintf(rel, sizeof(rel), "%s/%s", folder_copy, e->d_name);
		size_t installed = installed_devices(rel);
		for (size_t p = 0; p < sizeof(profiles) / sizeof(profiles[0]); p++) {
			ca_policy_options o = {.profile = profiles[p], .as_of = "2028-01-01"};
			ca_policy *policy;
			assert_int_equal(ca_policy_open(&o, &policy, NULL), 0);
			unsigned long before = ca_identify_call_count();
			const char *path = fixture_path(rel);
			ca_assessment *a;
			assert_int_equal(ca_assess_files(policy, rel, &path, 1, &a), 0);
			unsigned long after_assess = ca_identify_call_count();
			assert_int_equal(render_all(a), 0);
			/* exactly one resolution per installed memory device; rules and
			 * writers add none, whatever the profile binds */
			assert_int_equal(after_assess - before, installed);
			assert_int_equal(ca_identify_call_count(), after_assess);
			ca_assessment_free(a);
			ca_policy_free(policy);
		}
		(*files)++;
		*devices += installed;
	}
	closedir(d);
}

static void test_one_identification_per_device(void **state)
{
	(void)state;
	size_t files = 0, devices = 0;
	count_for_folder("dmidecode-text", &files, &devices);
	count_for_folder("smbios-dump", &files, &devices);
	assert_true(files >= 40);
	assert_true(devices >= 100); /* the check is not vacuous */
}

static void test_folder_host_several_sources(void **state)
{
	(void)state;
	ca_policy_options o = {.profile = "cn-cii-bank", .as_of = "2026-11-30"};
	ca_policy *policy;
	assert_int_equal(ca_policy_open(&o, &policy, NULL), 0);
	char text[4096], bin[4096], license[4096];
	snprintf(text, sizeof(text), "%s", fixture_path("smbios-dump/Lenovo-ThinkPad-T480.orig.txt"));
	snprintf(bin, sizeof(bin), "%s", fixture_path("smbios-dump/Lenovo-ThinkPad-T480.bin"));
	snprintf(license, sizeof(license), "%s", fixture_path("smbios-dump/LICENSE.u-root"));
	const char *paths[] = {license, bin, text};
	ca_assessment *a;
	assert_int_equal(ca_assess_files(policy, "t480", paths, 3, &a), 0);
	assert_int_equal(ca_assessment_evidence_count(a), 3);
	const ca_evidence *e0 = ca_assessment_evidence(a, 0), *e1 = ca_assessment_evidence(a, 1),
			  *e2 = ca_assessment_evidence(a, 2);
	assert_int_equal(e0->status, -EMEDIUMTYPE);
	assert_false(e0->inventoried);
	assert_int_equal(e1->status, 0);
	assert_int_equal(e1->format, CA_FORMAT_SMBIOS_DUMP);
	assert_true(e1->inventoried);
	assert_int_equal(e2->status, 0);
	assert_int_equal(e2->format, CA_FORMAT_DMIDECODE_TEXT);
	assert_false(e2->inventoried);
	assert_int_equal(count_diags(e2->host, "assess.second-smbios"), 1);
	assert_true(ca_assessment_readable(a));
	assert_ptr_equal(ca_assessment_inventory(a), e1->host);
	assert_string_equal(ca_assessment_label(a), "t480");
	/* components come from the inventory only: the dump's memory devices, once */
	size_t memory = 0;
	for (size_t i = 0; i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		assert_int_equal(c->evidence, 1);
		memory += c->kind == CA_COMPONENT_MEMORY_DEVICE;
	}
	int r;
	ca_host *alone = host_from_fixture("smbios-dump/Lenovo-ThinkPad-T480.bin", &r);
	size_t records17 = 0;
	for (size_t i = 0; i < ca_host_record_count(alone); i++)
		records17 += ca_host_record(alone, i)->type == 17;
	ca_host_free(alone);
	assert_int_equal(memory, records17);
	ca_scope scope;
	ca_assessment_scope(a, &scope);
	assert_true(scope.system);
	assert_true(scope.memory_modules);
	assert_int_equal(scope.memory_devices, records17);
	assert_non_null(ca_assessment_findings(a));
	ca_assessment_free(a);
	ca_policy_free(policy);
}

static void test_unreadable_only(void **state)
{
	(void)state;
	ca_policy *policy;
	ca_policy_options o = {.profile = "cn-cii-bank"};
	assert_int_equal(ca_policy_open(&o, &policy, NULL), 0);
	const char *paths[] = {"/nonexistent/evidence.txt", fixture_path("smbios-dump")};
	ca_assessment *a;
	assert_int_equal(ca_assess_files(policy, "nothing", paths, 2, &a), 0);
	assert_false(ca_assessment_readable(a));
	assert_int_equal(ca_assessment_evidence(a, 0)->status, -ENOENT);
	assert_int_equal(ca_assessment_evidence(a, 1)->status, -EISDIR);
	assert_int_equal(count_diags(ca_assessment_evidence(a, 1)->host, "input.read-failed"), 1);
	assert_int_equal(ca_assessment_component_count(a), 0);
	assert_null(ca_assessment_findings(a));
	assert_int_equal(render_all(a), 0);
	ca_assessment_free(a);
	ca_policy_free(policy);
}

static void test_detection_once_matches_reader(void **state)
{
	(void)state;
	static const struct {
		const char *rel;
		ca_format format;
	} cases[] = {
		{"smbios-dump/VMWare.bin", CA_FORMAT_SMBIOS_DUMP},
		{"smbios-dump/jeffgerlap_3_2_0.dat", CA_FORMAT_SMBIOS_RSMB},
		{"dmidecode-text/dell-r710-dmidecode-2.12.txt", CA_FORMAT_DMIDECODE_TEXT},
		{"smbios-dump/LICENSE.u-root", CA_FORMAT_UNKNOWN},
	};
	ca_policy *policy;
	assert_int_equal(ca_policy_open(NULL, &policy, NULL), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len;
		uint8_t *buf = fixture_read(cases[i].rel, &len);
		assert_int_equal(ca_detect_format(buf, len), cases[i].format);
		ca_assessment *a;
		assert_int_equal(ca_assessment_new(policy, cases[i].rel, &a), 0);
		int r = ca_assessment_add_buffer(a, cases[i].rel, buf, len);
		assert_int_equal(r, cases[i].format == CA_FORMAT_UNKNOWN ? -EMEDIUMTYPE : 0);
		assert_int_equal(ca_assessment_evidence(a, 0)->format, cases[i].format);
		ca_assessment_free(a);
		free(buf);
	}
	ca_policy_free(policy);
}

static void test_policy_errors(void **state)
{
	(void)state;
	ca_policy *policy = NULL;
	char *err = NULL;
	ca_policy_options o = {.as_of = "2026-02-30"};
	assert_int_equal(ca_policy_open(&o, &policy, &err), -EINVAL);
	assert_non_null(strstr(err, "2026-02-30"));
	free(err);
	err = NULL;
	o = (ca_policy_options){.profile = "no-such-profile"};
	assert_true(ca_policy_open(&o, &policy, &err) < 0);
	assert_non_null(strstr(err, "no-such-profile"));
	free(err);
	err = NULL;
	o = (ca_policy_options){.kb_files = {"/nonexistent.ini"}, .n_kb_files = 1};
	assert_int_equal(ca_policy_open(&o, &policy, &err), -ENOENT);
	assert_non_null(strstr(err, "/nonexistent.ini"));
	free(err);
	o = (ca_policy_options){.profile = "us-executive-agency", .as_of = "2027-12-23"};
	assert_int_equal(ca_policy_open(&o, &policy, NULL), 0);
	assert_string_equal(ca_policy_profile(policy)->id, "us-executive-agency");
	assert_string_equal(ca_policy_as_of(policy), "2027-12-23");
	assert_null(ca_policy_waivers(policy));
	ca_policy_free(policy);
	assert_int_equal(ca_policy_open(NULL, &policy, NULL), 0);
	assert_true(ca_date_valid(ca_policy_as_of(policy))); /* today */
	assert_null(ca_policy_profile(policy));
	ca_policy_free(policy);
}

static void test_sinks(void **state)
{
	(void)state;
	assert_true(ca_sink_format_known("table"));
	assert_true(ca_sink_format_known("json"));
	assert_false(ca_sink_format_known("xml"));
	assert_false(ca_sink_format_known(NULL));
	ca_sink *sink;
	assert_int_equal(ca_sink_open("xml", stdout, &sink), -EINVAL);
	/* a document of two hosts: head, parts separated, summary counts */
	ca_policy *policy;
	assert_int_equal(ca_policy_open(NULL, &policy, NULL), 0);
	const char *good = fixture_path("dmidecode-text/dell-r710-dmidecode-2.12.txt");
	ca_assessment *a, *b;
	assert_int_equal(ca_assess_files(policy, "good", &good, 1, &a), 0);
	const char *bad = "/nonexistent";
	assert_int_equal(ca_assess_files(policy, "bad", &bad, 1, &b), 0);
	char *doc = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&doc, &len);
	assert_int_equal(ca_sink_open("json", m, &sink), 0);
	char *part;
	size_t part_len;
	assert_int_equal(ca_sink_render_host(sink, a, &part, &part_len), 0);
	ca_host_tally *tally;
	assert_int_equal(ca_sink_tally_host(sink, a, &tally), 0);
	assert_true(ca_host_tally_readable(tally));
	assert_true(ca_host_tally_complete(tally));
	assert_int_equal(ca_host_tally_worst(tally), -1); /* no profile: no findings */
	assert_int_equal(ca_sink_add_rendered(sink, part, part_len, tally), 0);
	ca_host_tally_free(tally);
	free(part);
	assert_int_equal(ca_sink_add_host(sink, b), 0);
	assert_int_equal(ca_sink_close(sink, false), 0);
	fclose(m);
	assert_non_null(strstr(doc, "\"schema_version\":\"" CA_REPORT_SCHEMA_VERSION "\""));
	assert_non_null(strstr(doc, "},{\"source\":\"bad\""));
	assert_non_null(strstr(doc, "\"summary\":{\"hosts_read\":1,\"unreadable\":1,\"incomplete\":0,"
				    "\"hosts_by_verdict\":{\"unreadable\":1,\"no_findings\":1,"));
	free(doc);
	ca_assessment_free(a);
	ca_assessment_free(b);
	ca_policy_free(policy);
}

/* A file handed over as an O_PATH descriptor (as the folder walk does) is
 * read as the same file by name; a FIFO or a symbolic link behind such a
 * descriptor is refused as not regular, and nothing blocks. */
static void test_add_file_opened(void **state)
{
	(void)state;
	ca_policy *policy;
	ca_policy_options o = {0};
	assert_int_equal(ca_policy_open(&o, &policy, NULL), 0);
	char dir[] = "/tmp/chipaudit-test-opened-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[512], fifo[512], link[512];
	snprintf(path, sizeof(path), "%s/drive.txt", dir);
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	size_t len = 0;
	uint8_t *text = fixture_read("smartctl-text/nvme-samsung-pm9a3.txt", &len);
	assert_non_null(text);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(text);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(symlink("drive.txt", link), 0);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(dfd >= 0);

	ca_assessment *by_name, *opened;
	assert_int_equal(ca_assessment_new(policy, path, &by_name), 0);
	assert_int_equal(ca_assessment_add_file(by_name, path), 0);
	assert_int_equal(ca_assessment_new(policy, path, &opened), 0);
	const char *names[] = {"drive.txt", "fifo", "link"};
	const char *paths[] = {path, fifo, link};
	for (size_t i = 0; i < 3; i++) {
		int pfd = openat(dfd, names[i], O_PATH | O_NOFOLLOW | O_CLOEXEC);
		assert_true(pfd >= 0);
		ca_assessment_add_file_opened(opened, paths[i], pfd);
	}
	assert_int_equal(ca_assessment_evidence_count(opened), 3);
	const ca_evidence *e = ca_assessment_evidence(opened, 0);
	assert_int_equal(e->status, 0);
	assert_string_equal(e->name, path);
	assert_int_equal(e->format, ca_assessment_evidence(by_name, 0)->format);
	assert_int_equal(ca_host_device_count(e->host),
			 ca_host_device_count(ca_assessment_evidence(by_name, 0)->host));
	assert_true(ca_host_device_count(e->host) > 0);
	assert_int_equal(ca_assessment_evidence(opened, 1)->status, -ENODEV);
	assert_int_equal(ca_assessment_evidence(opened, 2)->status, -ENODEV);
	ca_assessment_free(by_name);
	ca_assessment_free(opened);
	close(dfd);
	unlink(path);
	unlink(fifo);
	unlink(link);
	rmdir(dir);
	ca_policy_free(policy);
}

/* The in-memory stream of the report parts holds every byte written,
 * across its 4 KiB stage and several growths, with a NUL after them. */
static void test_memfile(void **state)
{
	(void)state;
	char *buf;
	size_t len;
	FILE *f = cai_memfile_open(&buf, &len);
	assert_non_null(f);
	assert_int_equal(fclose(f), 0);
	assert_non_null(buf);
	assert_int_equal(len, 0);
	assert_string_equal(buf, "");
	free(buf);

	f = cai_memfile_open(&buf, &len);
	assert_non_null(f);
	size_t want = 0;
	for (int i = 0; i < 5000; i++)
		want += (size_t)fprintf(f, "line %d of the part\n", i);
	fputc('!', f);
	want++;
	assert_int_equal(fclose(f), 0);
	assert_int_equal(len, want);
	assert_int_equal(strlen(buf), want);
	assert_true(strncmp(buf, "line 0 of the part\nline 1 of", 28) == 0);
	assert_non_null(strstr(buf, "\nline 4999 of the part\n!"));
	assert_int_equal(buf[len - 1], '!');
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_identification_per_device),
		cmocka_unit_test(test_folder_host_several_sources),
		cmocka_unit_test(test_unreadable_only),
		cmocka_unit_test(test_detection_once_matches_reader),
		cmocka_unit_test(test_policy_errors),
		cmocka_unit_test(test_sinks),
		cmocka_unit_test(test_add_file_opened),
		cmocka_unit_test(test_memfile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
