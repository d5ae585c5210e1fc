/* SPDX-License-Identifier: MIT */
/* The fleet store (lib/store): migrations from an older store, idempotent
 * ingest, refusals that store nothing, strings with SQL in them. */
#include "test_support.h"

#include "chipaudit/store.h"

#include <errno.h>
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

static char db_path[64];

static int setup(void **state)
{
	(void)state;
	snprintf(db_path, sizeof(db_path), "/tmp/test_store_XXXXXX");
	int fd = mkstemp(db_path);
	assert_true(fd >= 0);
	close(fd);
	unlink(db_path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char p[80];
	unlink(db_path);
	snprintf(p, sizeof(p), "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db_path);
	unlink(p);
	return 0;
}

static ca_store *open_ok(void)
{
	ca_store *s = NULL;
	char *err = NULL;
	int rc = ca_store_open(db_path, &s, &err);
	if (rc != 0)
		fail_msg("open: %s", err ? err : "?");
	return s;
}

/* One host of a report, with the given source and one Micron module. */
static char *host_json(const char *source, const char *serial, bool finding)
{
	json_t *h = json_pack(
		"{s:s, s:s, s:{s:s, s:s, s:s}, s:s?, s:[{s:b}], s:[{s:b, s:i, s:s, s:s, s:s, s:s, s:I,"
		" s:s, s:n, s:{s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s}}}]}",
		"source", source, "format", "dmidecode-text", "system", "manufacturer", "Dell Inc.",
		"product", "R630", "serial_number", "X1", "profile", finding ? "cn-cii-bank" : NULL,
		"evidence", "read", 1, "memory_devices", "installed", 1, "handle", 70, "locator",
		"DIMM A", "manufacturer", "Micron", "part_number", "MTA18ASF2G72PZ-2G6", "serial_number",
		serial, "size_bytes", (json_int_t)17179869184, "type", "DDR4", "manufacture_date", "makers",
		"dram", "maker_id", "micron", "maker", "Micron", "owner_id", "micron", "owner", "Micron",
		"confidence", "high", "method", "hex-12", "evidence", "the bytes");
	assert_non_null(h);
	json_t *fs = json_array();
	if (finding)
		json_array_append_new(
			fs, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s}", "severity", "warn",
				      "rule", "cn-cac-2023-micron", "state", "installed", "component",
				      "Memory Device DIMM A", "role", "dram", "maker_id", "micron",
				      "owner", "Micron", "waived", 0, "sentence", "words"));
	json_object_set_new(h, "findings", finding ? fs : json_null());
	if (!finding)
		json_decref(fs);
	char *text = json_dumps(h, JSON_COMPACT);
	json_decref(h);
	return text;
}

/* A report document of the given hosts, cut after cut bytes (0: whole). */
static FILE *report(const char *const *hosts, size_t n, size_t cut)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	fprintf(m, "{\n  \"schema_version\": \"1.3\",\n  \"tool\": \"chipaudit 0.1.0\",\n  \"hosts\": [");
	for (size_t i = 0; i < n; i++)
		fprintf(m, "%s\n    %s", i ? "," : "", hosts[i]);
	fprintf(m, "\n  ],\n  \"summary\": {\"hosts_read\": %zu, \"unreadable\": 0, \"incomplete\": 0}\n}\n", n);
	fclose(m);
	FILE *f = tmpfile();
	fwrite(buf, 1, cut && cut < len ? cut : len, f);
	free(buf);
	rewind(f);
	return f;
}

static size_t ask_rows(ca_store *s, ca_store_question q, const ca_store_filter *f)
{
	ca_store_table *t;
	assert_int_equal(ca_store_ask(s, q, f, &t), 0);
	size_t n = t->n_rows;
	ca_store_table_free(t);
	return n;
}

static long long count(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static void ingest(ca_store *s, FILE *f, ca_ingest_result *r)
{
	assert_int_equal(ca_store_batch_begin(s), 0);
	assert_int_equal(ca_store_ingest_report(s, f, "report.json", NULL, r), 0);
	assert_int_equal(ca_store_batch_commit(s), 0);
	fclose(f);
}

static void test_idempotent(void **state)
{
	(void)state;
	char *a = host_json("host-a", "S1", true), *b = host_json("host-b", "S2", false);
	const char *hosts[] = {a, b};
	ca_store *s = open_ok();
	assert_int_equal(ca_store_schema_found(s), 0);
	ca_ingest_result r = {0};
	ingest(s, report(hosts, 2, 0), &r);
	assert_int_equal(r.added, 2);
	assert_int_equal(r.rejected, 0);
	ca_ingest_result again = {0};
	ingest(s, report(hosts, 2, 0), &again);
	assert_int_equal(again.added, 0);
	assert_int_equal(again.unchanged, 2);
	ca_store_close(s);
	assert_int_equal(count("SELECT count(*) FROM scans"), 2);
	assert_int_equal(count("SELECT count(*) FROM hosts"), 2);
	assert_int_equal(count("SELECT count(*) FROM components WHERE kind = 'memory'"), 2);
	assert_int_equal(count("SELECT count(*) FROM findings"), 1);
	assert_int_equal(count("SELECT count(*) FROM makers WHERE owner = 'Micron'"), 2);

	s = open_ok();
	assert_int_equal(ca_store_schema_found(s), CA_STORE_SCHEMA_VERSION);
	ca_store_filter f = {.rule = "cn-cac-2023-micron"};
	assert_int_equal(ask_rows(s, CA_STORE_HOSTS, &f), 1);
	f = (ca_store_filter){.maker = "MICRON", .role = "dram"};
	assert_int_equal(ask_rows(s, CA_STORE_HOSTS, &f), 2);
	f = (ca_store_filter){.maker = "micron", .role = "module"};
	assert_int_equal(ask_rows(s, CA_STORE_HOSTS, &f), 0);
	f = (ca_store_filter){.verdict = "warn"};
	assert_int_equal(ask_rows(s, CA_STORE_HOSTS, &f), 1);
	ca_store_close(s);
	free(a);
	free(b);
}

static void test_truncated_stores_nothing(void **state)
{
	(void)state;
	char *a = host_json("host-a", "S1", true), *b = host_json("host-b", "S2", false);
	const char *hosts[] = {a, b};
	ca_store *s = open_ok();
	/* cut inside the second host: the first host was read and must not stay */
	FILE *whole = report(hosts, 2, 0);
	fseek(whole, 0, SEEK_END);
	long len = ftell(whole);
	fclose(whole);
	size_t cut = (size_t)len - strlen(b) / 2 - 100;
	ca_ingest_result r = {0};
	ingest(s, report(hosts, 2, cut), &r);
	assert_int_equal(r.added, 0);
	assert_int_equal(r.rejected, 1);
	assert_non_null(strstr(r.reason, "offset"));
	ca_store_close(s);
	assert_int_equal(count("SELECT count(*) FROM scans"), 0);
	assert_int_equal(count("SELECT count(*) FROM components"), 0);

	/* not a report at all */
	s = open_ok();
	FILE *f = tmpfile();
	fputs("[1, 2, 3]", f);
	rewind(f);
	ca_ingest_result r2 = {0};
	assert_int_equal(ca_store_batch_begin(s), 0);
	assert_int_equal(ca_store_ingest_report(s, f, "x", NULL, &r2), -EINVAL);
	assert_int_equal(ca_store_batch_commit(s), 0);
	fclose(f);
	/* another major schema version */
	f = tmpfile();
	fputs("{\"schema_version\": \"2.0\", \"tool\": \"x\", \"hosts\": []}", f);
	rewind(f);
	ca_ingest_result r3 = {0};
	ingest(s, f, &r3);
	assert_int_equal(r3.rejected, 1);
	assert_non_null(strstr(r3.reason, "1.x"));
	ca_store_close(s);
	free(a);
	free(b);
}

static void test_jsonl_bad_line(void **state)
{
	(void)state;
	char *a = host_json("host-a", "S1", true), *b = host_json("host-b", "S2", true);
	FILE *f = tmpfile();
	fprintf(f, "%s\n{\"source\": \"cut\n%s\n{\"source\": 1}\n", a, b);
	rewind(f);
	ca_store *s = open_ok();
	ca_ingest_result r = {0};
	ingest(s, f, &r);
	assert_int_equal(r.added, 2);
	assert_int_equal(r.rejected, 2);
	assert_non_null(strstr(r.reason, "line 2"));
	ca_store_close(s);
	assert_int_equal(count("SELECT count(*) FROM scans"), 2);
	free(a);
	free(b);
}

static void test_hostile_strings_verbatim(void **state)
{
	(void)state;
	const char *name = "x'); DROP TABLE hosts; -- \"quoted\" \xe6\xb5\x8b";
	char *a = host_json(name, "'; DELETE FROM scans; --", true);
	const char *hosts[] = {a};
	ca_store *s = open_ok();
	ca_ingest_result r = {0};
	ingest(s, report(hosts, 1, 0), &r);
	assert_int_equal(r.added, 1);
	ca_store_filter f = {.host = name};
	ca_store_table *t;
	assert_int_equal(ca_store_ask(s, CA_STORE_HOSTS, &f, &t), 0);
	assert_int_equal(t->n_rows, 1);
	assert_string_equal(t->cells[0], name);
	ca_store_table_free(t);
	ca_store_close(s);
	assert_int_equal(count("SELECT count(*) FROM components WHERE serial_number = "
			       "'''; DELETE FROM scans; --'"),
			 1);
	free(a);
}

/* A store of schema version 1, made by SQL as version 1 wrote it, with a
 * scan in it: opening it migrates it and keeps the scan. */
static void test_migrates_v1(void **state)
{
	(void)state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	const char *v1 =
		"CREATE TABLE schema_version (version INTEGER NOT NULL);"
		"CREATE TABLE hosts (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
		"CREATE TABLE scans (id INTEGER PRIMARY KEY, host_id BIGINT NOT NULL REFERENCES hosts(id),"
		" content_hash TEXT NOT NULL UNIQUE, ingested_at TEXT NOT NULL, origin TEXT NOT NULL,"
		" tool TEXT, format TEXT, profile TEXT, verdict TEXT NOT NULL);"
		"CREATE TABLE components (id INTEGER PRIMARY KEY, scan_id BIGINT NOT NULL REFERENCES scans(id),"
		" kind TEXT NOT NULL, handle INTEGER, locator TEXT, manufacturer TEXT, part_number TEXT,"
		" serial_number TEXT, size_bytes BIGINT, type TEXT, manufacture_date TEXT);"
		"CREATE TABLE makers (component_id BIGINT NOT NULL REFERENCES components(id), role TEXT NOT NULL,"
		" maker_id TEXT, maker TEXT, owner_id TEXT, owner TEXT, confidence TEXT NOT NULL, method TEXT,"
		" evidence TEXT);"
		"CREATE TABLE findings (scan_id BIGINT NOT NULL REFERENCES scans(id), severity TEXT NOT NULL,"
		" rule TEXT NOT NULL, state TEXT NOT NULL, component TEXT, role TEXT, maker_id TEXT, owner TEXT,"
		" waived INTEGER NOT NULL, sentence TEXT);"
		"INSERT INTO schema_version VALUES (1);"
		"INSERT INTO hosts VALUES (1, 'old-host');"
		"INSERT INTO scans VALUES (1, 1, 'h1', '2026-01-01T00:00:00Z', 'old.json', 'chipaudit 0.0.9',"
		" 'dmidecode-text', 'cn-cii-bank', 'fail');"
		"INSERT INTO findings VALUES (1, 'fail', 'cn-cac-2023-micron', 'installed', 'c', 'dram',"
		" 'micron', 'Micron', 0, 's');";
	assert_int_equal(sqlite3_exec(db, v1, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	ca_store *s = open_ok();
	assert_int_equal(ca_store_schema_found(s), 1);
	/* the old scan is there, and a new one goes in with the new columns */
	ca_store_filter f = {.verdict = "fail"};
	assert_int_equal(ask_rows(s, CA_STORE_HOSTS, &f), 1);
	char *a = host_json("new-host", "S9", true);
	const char *hosts[] = {a};
	ca_ingest_result r = {0};
	ingest(s, report(hosts, 1, 0), &r);
	assert_int_equal(r.added, 1);
	ca_store_close(s);
	assert_int_equal(count("SELECT max(version) FROM schema_version"), CA_STORE_SCHEMA_VERSION);
	assert_int_equal(count("SELECT count(*) FROM scans WHERE ingest_id IS NOT NULL"), 1);
	assert_int_equal(count("SELECT count(*) FROM scans WHERE origin = 'old.json'"), 1);
	free(a);

	/* a store newer than this library is refused, not touched */
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE schema_version SET version = 99", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	char *err = NULL;
	assert_int_equal(ca_store_open(db_path, &s, &err), -EPROTO);
	assert_non_null(strstr(err, "99"));
	free(err);
}

/* The makers by role of the store, as "role/owner=n;" text. */
static char *makers_text(ca_store *s)
{
	ca_store_table *t;
	assert_int_equal(ca_store_ask(s, CA_STORE_SUMMARY_MAKERS, NULL, &t), 0);
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	for (size_t i = 0; i < t->n_rows; i++)
		fprintf(m, "%s/%s=%s;", t->cells[i * 3], t->cells[i * 3 + 1] ? t->cells[i * 3 + 1] : "-",
			t->cells[i * 3 + 2]);
	fclose(m);
	ca_store_table_free(t);
	return out;
}

/* Takes a store of the current version back to version 3: what version 4
 * added dropped (empty slots and devices, which version 3 did not keep,
 * with it). */
static const char to_v3[] =
	"DROP TABLE scan_evidence;"
	"DELETE FROM makers WHERE component_id IN (SELECT id FROM components"
	" WHERE installed = 0 OR kind NOT IN ('memory', 'system'));"
	"DELETE FROM components WHERE installed = 0 OR kind NOT IN ('memory', 'system');"
	"ALTER TABLE scans DROP COLUMN typed;"
	"ALTER TABLE components DROP COLUMN label;"
	"ALTER TABLE components DROP COLUMN installed;"
	"ALTER TABLE components DROP COLUMN evidence;"
	"ALTER TABLE components DROP COLUMN bank_locator;"
	"ALTER TABLE components DROP COLUMN form_factor;"
	"ALTER TABLE components DROP COLUMN type_detail;"
	"ALTER TABLE components DROP COLUMN speed_mts;"
	"ALTER TABLE components DROP COLUMN configured_speed_mts;"
	"ALTER TABLE components DROP COLUMN asset_tag;"
	"ALTER TABLE components DROP COLUMN module_rank;"
	"ALTER TABLE components DROP COLUMN module_jedec;"
	"ALTER TABLE components DROP COLUMN controller_jedec;"
	"ALTER TABLE components DROP COLUMN pmic_jedec;"
	"ALTER TABLE components DROP COLUMN rcd_jedec;"
	"ALTER TABLE components DROP COLUMN dram_jedec;"
	"ALTER TABLE components DROP COLUMN spd_source;"
	"ALTER TABLE components DROP COLUMN spd_crc;"
	"ALTER TABLE components DROP COLUMN system_uuid;"
	"ALTER TABLE components DROP COLUMN family;"
	"ALTER TABLE components DROP COLUMN firmware;"
	"ALTER TABLE components DROP COLUMN wwn;"
	"ALTER TABLE components DROP COLUMN eui64;"
	"ALTER TABLE components DROP COLUMN pci_vendor;"
	"ALTER TABLE components DROP COLUMN pci_device;"
	"ALTER TABLE components DROP COLUMN pci_subvendor;"
	"ALTER TABLE components DROP COLUMN pci_subdevice;"
	"ALTER TABLE components DROP COLUMN pci_class;"
	"ALTER TABLE components DROP COLUMN oui;"
	"ALTER TABLE components DROP COLUMN usb_vendor;"
	"ALTER TABLE components DROP COLUMN usb_product;"
	"ALTER TABLE components DROP COLUMN emmc_manfid;"
	"ALTER TABLE components DROP COLUMN emmc_oemid;"
	"ALTER TABLE components DROP COLUMN emmc_name;"
	"ALTER TABLE components DROP COLUMN emmc_date;"
	"ALTER TABLE components DROP COLUMN vram_vendor;"
	"ALTER TABLE components DROP COLUMN rotation;"
	"ALTER TABLE components DROP COLUMN transport;"
	"ALTER TABLE components DROP COLUMN host_id;"
	"ALTER TABLE makers DROP COLUMN host_id;"
	"ALTER TABLE findings DROP COLUMN host_id;"
	"ALTER TABLE scan_makers DROP COLUMN host_id;"
	"UPDATE schema_version SET version = 3;";

/* A store of schema version 2 (the same store without what versions 3 and
 * 4 added): opening it migrates it, and the makers it counts per scan are
 * rebuilt from the makers it holds; every child row gets its host id. */
static void test_migrates_v2(void **state)
{
	(void)state;
	char *a = host_json("host-a", "S1", true), *b = host_json("host-b", "S2", false);
	const char *hosts[] = {a, b};
	ca_store *s = open_ok();
	ca_ingest_result r = {0};
	ingest(s, report(hosts, 2, 0), &r);
	char *before = makers_text(s);
	ca_store_close(s);
	assert_non_null(strstr(before, "dram/Micron=2;"));
	long long rows = count("SELECT count(*) FROM scan_makers");
	assert_true(rows > 0);

	sqlite3 *db;
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, to_v3, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "DROP TABLE scan_makers; ALTER TABLE hosts DROP COLUMN latest_scan;"
				      " UPDATE schema_version SET version = 2",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	s = open_ok();
	assert_int_equal(ca_store_schema_found(s), 2);
	char *after = makers_text(s);
	assert_string_equal(after, before);
	/* each host's latest scan is found again */
	assert_int_equal(ask_rows(s, CA_STORE_HOSTS, NULL), 2);
	ca_store_close(s);
	assert_int_equal(count("SELECT count(*) FROM scan_makers"), rows);
	assert_int_equal(count("SELECT max(version) FROM schema_version"), CA_STORE_SCHEMA_VERSION);
	assert_true(count("SELECT count(*) FROM makers WHERE host_id IS NOT NULL") > 0);
	assert_int_equal(count("SELECT count(*) FROM makers m JOIN components c ON c.id = m.component_id"
			       " JOIN scans s ON s.id = c.scan_id WHERE m.host_id IS NOT s.host_id"
			       " OR c.host_id IS NOT s.host_id"),
			 0);
	assert_int_equal(count("SELECT count(*) FROM scan_makers m JOIN scans s ON s.id = m.scan_id"
			       " WHERE m.host_id IS NOT s.host_id"),
			 0);
	free(before);
	free(after);
	free(a);
	free(b);
}

/* The key of a host's report is its content, not its text: other white
 * space, key order and escapes change nothing, another value does; the
 * same host twice in one report is stored once. */
static void test_content_key(void **state)
{
	(void)state;
	char *plain = host_json("host-a", "S1", true);
	json_t *h = json_loads(plain, 0, NULL);
	assert_non_null(h);
	free(plain);
	json_object_set_new(h, "note", json_string("Gr\u00f6\u00dfe \"q\" \xf0\x9f\x98\x80"));
	char *a = json_dumps(h, JSON_COMPACT);
	/* the same host: indented, keys sorted, non-ASCII escaped (a surrogate pair too) */
	char *same = json_dumps(h, JSON_INDENT(3) | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	json_object_set_new(h, "source", json_string("host-b"));
	char *other = json_dumps(h, JSON_COMPACT);
	json_decref(h);
	const char *first[] = {a, a}, *second[] = {same, other};
	ca_store *s = open_ok();
	ca_ingest_result r = {0};
	ingest(s, report(first, 2, 0), &r);
	assert_int_equal(r.added, 1);
	assert_int_equal(r.unchanged, 1);
	r = (ca_ingest_result){0};
	ingest(s, report(second, 2, 0), &r);
	assert_int_equal(r.added, 1);
	assert_int_equal(r.unchanged, 1);
	ca_store_close(s);
	assert_int_equal(count("SELECT count(*) FROM scans"), 2);
	free(a);
	free(same);
	free(other);
}

static void test_diff(void **state)
{
	(void)state;
	char *a = host_json("host-a", "S1", true), *b = host_json("host-a", "S2", false);
	const char *h1[] = {a}, *h2[] = {b};
	ca_store *s = open_ok();
	ca_ingest_result r = {0};
	ingest(s, report(h1, 1, 0), &r);
	ingest(s, report(h2, 1, 0), &r);
	long long sa, sb;
	assert_int_equal(ca_store_last_two_scans(s, "host-a", &sa, &sb), 0);
	assert_true(sa < sb);
	ca_store_filter f = {.scan_a = sa, .scan_b = sb};
	ca_store_table *t;
	assert_int_equal(ca_store_ask(s, CA_STORE_DIFF, &f, &t), 0);
	/* module S1 went, S2 came, the finding went */
	assert_int_equal(t->n_rows, 3);
	size_t gone = 0, came = 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		gone += strcmp(t->cells[i * t->n_cols], "-") == 0;
		came += strcmp(t->cells[i * t->n_cols], "+") == 0;
	}
	assert_int_equal(gone, 2);
	assert_int_equal(came, 1);
	ca_store_table_free(t);
	f.scan_b = 999;
	assert_int_equal(ca_store_ask(s, CA_STORE_DIFF, &f, &t), -EINVAL);
	assert_int_equal(ca_store_last_two_scans(s, "no-such-host", &sa, &sb), -ENOENT);
	ca_store_close(s);
	free(a);
	free(b);
}

static int keep_first(void *ctx, const char *host, long long scan, ca_assessment *a)
{
	(void)scan;
	assert_string_equal(host, "typed-host");
	/* the checks run here, while the assessment lives */
	size_t *n = ctx;
	++*n;
	assert_int_equal(ca_assessment_component_count(a), 4);
	const ca_component *slot = ca_assessment_component(a, 0), *empty = ca_assessment_component(a, 1);
	const ca_component *drive = ca_assessment_component(a, 2), *sys = ca_assessment_component(a, 3);
	assert_int_equal(slot->kind, CA_COMPONENT_MEMORY_DEVICE);
	assert_true(slot->present);
	assert_string_equal(slot->label, "Memory Device DIMM A (handle 0x0046)");
	assert_int_equal(slot->memory.module_manufacturer.bank, 1);
	assert_int_equal(slot->memory.module_manufacturer.code, 0x2C);
	assert_int_equal(slot->memory.dram_manufacturer.code, 0xCE);
	assert_true(slot->memory.from_spd);
	assert_string_equal(slot->memory.spd_crc, "ok");
	assert_int_equal(slot->memory.size_bytes, 17179869184ull);
	assert_int_equal(slot->memory.speed_mts, 2666);
	assert_string_equal(slot->made, "2021-W10");
	assert_string_equal(slot->made_first, "2021-03-08");
	const ca_maker *dram = ca_component_maker_for(slot, "dram");
	assert_non_null(dram);
	assert_string_equal(dram->maker_id, "samsung"); /* resolved again from the JEDEC id */
	assert_int_equal(empty->kind, CA_COMPONENT_MEMORY_DEVICE);
	assert_false(empty->present);
	assert_int_equal(drive->kind, CA_COMPONENT_SATA);
	assert_string_equal(drive->device.wwn, "500a075000000000");
	assert_string_equal(ca_component_maker_for(drive, "drive")->maker_id, "micron");
	assert_int_equal(sys->kind, CA_COMPONENT_SYSTEM);
	assert_int_equal(ca_assessment_evidence_count(a), 2);
	assert_string_equal(ca_assessment_evidence(a, 1)->name, "drives.txt");
	return 0;
}

/* A host is rebuilt from its rows with every typed field the report gave:
 * JEDEC ids, SPD date and checksum, an empty slot, a drive of its own
 * evidence source, the system; makers are resolved again from them. */
static void test_rebuild_typed(void **state)
{
	(void)state;
	static const char host[] =
		"{\"source\":\"typed-host\",\"format\":\"dmidecode-text\",\"profile\":null,"
		"\"system\":{\"manufacturer\":\"Dell Inc.\",\"product\":\"R630\",\"serial_number\":\"X1\",\"uuid\":null},"
		"\"findings\":null,"
		"\"evidence\":[{\"name\":\"dmi.txt\",\"format\":\"dmidecode-text\",\"read\":true,\"inventory\":true},"
		"{\"name\":\"drives.txt\",\"format\":\"smartctl-text\",\"read\":true,\"inventory\":true}],"
		"\"memory_devices\":[{\"handle\":70,\"locator\":\"DIMM A\",\"installed\":true,"
		"\"size_bytes\":17179869184,\"type\":\"DDR4\",\"speed_mts\":2666,\"configured_speed_mts\":2400,"
		"\"manufacturer\":\"Micron\",\"part_number\":\"MTA18ASF2G72PZ-2G6\",\"serial_number\":\"S1\","
		"\"rank\":2,\"module_manufacturer_id\":{\"bank\":1,\"code\":\"0x2C\",\"name\":\"Micron\"},"
		"\"dram_manufacturer_id\":{\"bank\":1,\"code\":\"0xCE\",\"name\":\"Samsung\"},"
		"\"manufacture_date\":\"2021-W10\",\"spd_crc\":\"ok\",\"makers\":null},"
		"{\"handle\":71,\"locator\":\"DIMM B\",\"installed\":false,\"size_bytes\":0,\"makers\":null}],"
		"\"devices\":[{\"kind\":\"sata\",\"label\":\"sata Micron_5300_MTFD (sda)\",\"evidence\":\"drives.txt\","
		"\"model\":\"Micron_5300_MTFD\",\"bus_path\":\"sda\",\"wwn\":\"500a075000000000\","
		"\"capacity_bytes\":0,\"pci_vendor_id\":null,\"makers\":{}}]}\n";
	ca_store *s = open_ok();
	FILE *f = tmpfile();
	fputs(host, f);
	rewind(f);
	ca_ingest_result r = {0};
	ingest(s, f, &r);
	assert_int_equal(r.added, 1);
	ca_policy *p;
	ca_policy_options o = {.as_of = "2026-01-01"};
	assert_int_equal(ca_policy_open(&o, &p, NULL), 0);
	size_t n = 0, partial = 9;
	assert_int_equal(ca_store_each_assessment(s, p, NULL, keep_first, &n, &partial), 0);
	assert_int_equal(n, 1);
	assert_int_equal(partial, 0);
	n = 0;
	assert_int_equal(ca_store_each_assessment(s, p, "no such host", keep_first, &n, NULL), 0);
	assert_int_equal(n, 0);
	ca_policy_free(p);
	ca_store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_stores_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jsonl_bad_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_strings_verbatim, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrates_v1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrates_v2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_content_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rebuild_typed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
