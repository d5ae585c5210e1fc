/* SPDX-License-Identifier: MIT */
/* Devices beyond memory: the device model, the smartctl readers, the drive
 * knowledge base and resolver, and the rules on drives. */
#include "test_support.h"
#include "chipaudit/assess.h"
#include "chipaudit/report.h"
#include "host_internal.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static ca_kb *kb;

static int setup(void **state)
{
	(void)state;
	return ca_kb_new(&kb) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	ca_kb_free(kb);
	return 0;
}

/* The one device a fixture holds (the host is returned to be freed). */
static const ca_device *device_of(const char *rel, ca_host **ret_host)
{
	int status;
	ca_host *h = host_from_fixture(rel, &status);
	assert_int_equal(status, 0);
	assert_int_equal(ca_host_device_count(h), 1);
	*ret_host = h;
	return ca_host_device(h, 0);
}

static ca_device_makers resolve(const ca_device *d, unsigned flags)
{
	ca_device_makers m;
	assert_int_equal(ca_identify_device(kb, d, "2026-11-30", flags, &m), 0);
	return m;
}

static const char *owner(const ca_device_makers *m, ca_device_role role)
{
	return m->role[role].confidence ? m->role[role].owner_id : "";
}

/* ------------------------------------------------------- device model */

static void test_add_device_copies_and_trims(void **state)
{
	(void)state;
	ca_host *h = ca_host_new();
	char model[] = "  Micron_5300_MTFDDAK480TDS  ", blank[] = "   ";
	ca_device d = {.kind = CA_DEVICE_SATA, .model = model, .vendor = blank, .offset = -1, .line = 7};
	d.oui = 0x00a075;
	d.ids |= CA_DEVICE_HAS_OUI;
	assert_int_equal(cai_host_add_device(h, &d), 0);
	memset(model, 'x', sizeof(model) - 1); /* the host holds its own copy */
	const ca_device *kept = ca_host_device(h, 0);
	assert_string_equal(kept->model, "Micron_5300_MTFDDAK480TDS");
	assert_null(kept->vendor); /* blanks only: absent */
	assert_int_equal(kept->line, 7);
	assert_true(kept->ids & CA_DEVICE_HAS_OUI);
	ca_device bad = {.kind = 0};
	assert_int_equal(cai_host_add_device(h, &bad), -EINVAL);
	bad.kind = CA_DEVICE_GPU + 1;
	assert_int_equal(cai_host_add_device(h, &bad), -EINVAL);
	assert_int_equal(ca_host_device_count(h), 1);
	assert_null(ca_host_device(h, 1));
	ca_host_free(h);
}

/* ------------------------------------------------------------ readers */

static void test_smartctl_text_nvme(void **state)
{
	(void)state;
	ca_host *h;
	const ca_device *d = device_of("smartctl-text/nvme-ymtc-pc300.txt", &h);
	assert_int_equal(ca_host_format(h), CA_FORMAT_SMARTCTL_TEXT);
	assert_string_equal(ca_host_tool_version(h), "7.4");
	assert_int_equal(d->kind, CA_DEVICE_NVME);
	assert_string_equal(d->model, "YMTC PC300-1TB-B");
	assert_string_equal(d->firmware, "YM0500C6");
	assert_true(d->ids & CA_DEVICE_HAS_PCI_VENDOR);
	assert_true(d->ids & CA_DEVICE_HAS_PCI_SUBVENDOR);
	assert_int_equal(d->pci_vendor, 0x1e49);
	assert_int_equal(d->oui, 0xa428b7);
	assert_int_equal(d->capacity_bytes, 1024209543168ull);
	assert_true(d->line > 3);
	ca_host_free(h);
}

static void test_smartctl_text_sata_and_scsi(void **state)
{
	(void)state;
	ca_host *h;
	const ca_device *d = device_of("smartctl-text/sata-micron-5210.txt", &h);
	assert_int_equal(d->kind, CA_DEVICE_SATA);
	assert_string_equal(d->model, "Micron_5210_MTFDDAK3T8QDE");
	assert_string_equal(d->wwn, "5 00a075 ...");
	assert_false(d->ids & (CA_DEVICE_HAS_PCI_VENDOR | CA_DEVICE_HAS_OUI));
	assert_string_equal(d->rotation, "Solid State Device");
	ca_host_free(h);
	d = device_of("smartctl-text/scsi-dell-nvme.txt", &h);
	assert_int_equal(d->kind, CA_DEVICE_SAS);
	assert_string_equal(d->vendor, "NVMe");
	assert_string_equal(d->model, "Dell Ent NVMe CM");
	ca_host_free(h);
}

/* The JSON fixtures were written from the text ones: the same device. */
static void test_smartctl_json_matches_text(void **state)
{
	(void)state;
	static const char *const names[] = {"nvme-ymtc-pc300", "nvme-zhitai-tiplus7100",
					    "sata-micron-5210", "sata-seagate-hdd", "scsi-dell-nvme"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char t[128], j[128];
		snprintf(t, sizeof(t), "smartctl-text/%s.txt", names[i]);
		snprintf(j, sizeof(j), "smartctl-json/%s.json", names[i]);
		ca_host *ht, *hj;
		const ca_device *dt = device_of(t, &ht), *dj = device_of(j, &hj);
		assert_int_equal(ca_host_format(hj), CA_FORMAT_SMARTCTL_JSON);
		assert_int_equal(dt->kind, dj->kind);
		assert_string_equal(dt->model, dj->model);
		assert_int_equal(dt->ids, dj->ids);
		assert_int_equal(dt->pci_vendor, dj->pci_vendor);
		assert_int_equal(dt->oui, dj->oui);
		assert_int_equal(dt->capacity_bytes, dj->capacity_bytes);
		ca_device_makers mt = resolve(dt, 0), mj = resolve(dj, 0);
		assert_string_equal(owner(&mt, CA_DEVICE_ROLE_DRIVE), owner(&mj, CA_DEVICE_ROLE_DRIVE));
		ca_host_free(ht);
		ca_host_free(hj);
	}
}

static void test_smartctl_broken(void **state)
{
	(void)state;
	static const char cut[] = "smartctl 7.4 2023-08-01 r5530 [x86_64-linux] (local build)\n"
				  "Copyright (C) 2002-23, Bruce Allen\n\n";
	int status;
	ca_host *h = host_from_buffer((const uint8_t *)cut, sizeof(cut) - 1, &status);
	assert_int_equal(ca_host_format(h), CA_FORMAT_SMARTCTL_TEXT);
	assert_int_equal(status, -EBADMSG);
	assert_int_equal(count_diags(h, "smartctl.no-information"), 1);
	ca_host_free(h);
	static const char noid[] = "smartctl 7.4 2023-08-01 r5530\n=== START OF INFORMATION SECTION ===\n"
				   "Model Number: X\nPCI Vendor/Subsystem ID: 0xZZZZ\nIEEE OUI Identifier: 12\n";
	h = host_from_buffer((const uint8_t *)noid, sizeof(noid) - 1, &status);
	assert_int_equal(status, 0);
	assert_int_equal(count_diags(h, "smartctl.bad-id"), 2);
	assert_int_equal(ca_host_device(h, 0)->ids, 0);
	ca_host_free(h);
	static const char json[] = "{\"json_format_version\":[1,0],\"smartctl\":{\"version\":[7,3]},"
				   "\"model_name\":";
	h = host_from_buffer((const uint8_t *)json, sizeof(json) - 1, &status);
	assert_int_equal(ca_host_format(h), CA_FORMAT_SMARTCTL_JSON);
	assert_int_equal(status, -EBADMSG);
	assert_int_equal(count_diags(h, "smartctl.bad-json"), 1);
	assert_true(ca_host_diagnostic(h, 0)->offset > 0);
	ca_host_free(h);
	static const char nomodel[] = "{\"json_format_version\":[1,0],\"smartctl\":{\"version\":[7,3],"
				      "\"messages\":[{\"string\":\"Smartctl open device: /dev/sdz failed\","
				      "\"severity\":\"error\"}],\"exit_status\":2}}";
	h = host_from_buffer((const uint8_t *)nomodel, sizeof(nomodel) - 1, &status);
	assert_int_equal(status, -EBADMSG);
	assert_int_equal(count_diags(h, "smartctl.message"), 1);
	assert_int_equal(count_diags(h, "smartctl.no-model"), 1);
	ca_host_free(h);
}

/* ----------------------------------------------------------- resolver */

/* Each of PCI id, OUI and model string alone names YMTC for both drives. */
static void test_ymtc_from_any_one_evidence(void **state)
{
	(void)state;
	static const char *const fixtures[] = {"smartctl-text/nvme-ymtc-pc300.txt",
					       "smartctl-text/nvme-zhitai-tiplus7100.txt"};
	for (size_t i = 0; i < 2; i++) {
		ca_host *h;
		const ca_device *full = device_of(fixtures[i], &h);
		ca_device pci = {.kind = CA_DEVICE_NVME, .offset = -1}, oui = pci, model = pci;
		pci.pci_vendor = full->pci_vendor;
		pci.ids = CA_DEVICE_HAS_PCI_VENDOR;
		oui.oui = full->oui;
		oui.ids = CA_DEVICE_HAS_OUI;
		model.model = full->model;
		ca_device_makers m = resolve(&pci, 0);
		assert_string_equal(owner(&m, CA_DEVICE_ROLE_DRIVE), "ymtc");
		assert_string_equal(m.role[CA_DEVICE_ROLE_DRIVE].method, "pci-vendor-id");
		m = resolve(&oui, 0);
		assert_string_equal(owner(&m, CA_DEVICE_ROLE_DRIVE), "ymtc");
		assert_string_equal(m.role[CA_DEVICE_ROLE_DRIVE].method, "ieee-oui");
		m = resolve(&model, 0);
		assert_string_equal(owner(&m, CA_DEVICE_ROLE_DRIVE), "ymtc");
		assert_string_equal(m.role[CA_DEVICE_ROLE_DRIVE].method, "model-grammar");
		/* the whole report: no conflict, and the flash is YMTC's (grammar) */
		m = resolve(full, 0);
		assert_string_equal(owner(&m, CA_DEVICE_ROLE_DRIVE), "ymtc");
		assert_string_equal(owner(&m, CA_DEVICE_ROLE_NAND), "ymtc");
		assert_true(m.role[CA_DEVICE_ROLE_NAND].heuristic);
		assert_string_equal(m.conflict, "");
		ca_host_free(h);
	}
}

/* A Phison controller names the controller, never the drive or its NAND. */
static void test_controller_ids_never_name_drive_or_nand(void **state)
{
	(void)state;
	ca_host *h;
	const ca_device *d = device_of("smartctl-text/nvme-corsair-phison.txt", &h);
	ca_device_makers m = resolve(d, 0);
	assert_string_equal(owner(&m, CA_DEVICE_ROLE_CONTROLLER), "phison");
	assert_string_equal(m.role[CA_DEVICE_ROLE_CONTROLLER].method, "pci-vendor-id");
	assert_string_equal(owner(&m, CA_DEVICE_ROLE_DRIVE), "corsair");
	assert_int_equal(m.role[CA_DEVICE_ROLE_NAND].confidence, CA_CONFIDENCE_NONE);
	assert_non_null(strstr(m.role[CA_DEVICE_ROLE_NAND].evidence, "does not say"));
	ca_device only_ids = *d;
	only_ids.model = "PCIe SSD"; /* a generic name: the ids alone */
	m = resolve(&only_ids, 0);
	assert_int_equal(m.role[CA_DEVICE_ROLE_DRIVE].confidence, CA_CONFIDENCE_NONE);
	assert_string_equal(owner(&m, CA_DEVICE_ROLE_CONTROLLER), "phison");
	ca_host_free(h);
}

static void test_wwn_oui_and_owners(void **state)
{
	(void)state;
	ca_host *h;
	const ca_device *d = device_of("smartctl-text/sata-crucial-mx500.txt", &h);
	ca_device_makers m = resolve(d, 0);
	/* the WWN names Micron, the model Crucial: one owner, no conflict */
	assert_string_equal(m.role[CA_DEVICE_ROLE_DRIVE].method, "ieee-oui");
	assert_string_equal(owner(&m, CA_DEVICE_ROLE_DRIVE), "micron");
	assert_string_equal(m.conflict, "");
	assert_string_equal(m.part.rule, "crucial-ssd");
	/* Crucial's flash is Micron's: the NAND answer names the owner */
	assert_string_equal(m.role[CA_DEVICE_ROLE_NAND].maker_id, "micron");
	m = resolve(d, CA_IDENTIFY_IGNORE_DEVICE_IDS);
	assert_string_equal(m.role[CA_DEVICE_ROLE_DRIVE].maker_id, "crucial");
	assert_string_equal(owner(&m, CA_DEVICE_ROLE_DRIVE), "micron");
	ca_host_free(h);
	d = device_of("smartctl-text/sata-seagate-hdd.txt", &h);
	m = resolve(d, 0);
	assert_string_equal(owner(&m, CA_DEVICE_ROLE_DRIVE), "seagate");
	assert_int_equal(m.role[CA_DEVICE_ROLE_NAND].confidence, CA_CONFIDENCE_NONE);
	assert_non_null(strstr(m.role[CA_DEVICE_ROLE_NAND].evidence, "rotating disk"));
	ca_host_free(h);
}

/* Names that look like makers but are not, and ids that name nobody. */
static void test_traps(void **state)
{
	(void)state;
	static const char *const models[] = {"MICRONET SSD 256GB", "Microchip SST25",
					     "Samsung Electro-Mechanics", "HT Micron HTM",
					     "CT", "SSD", "NVMe", "Unknown", "YMTCX", ""};
	for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
		ca_device d = {.kind = CA_DEVICE_SATA, .model = models[i], .offset = -1};
		ca_device_makers m = resolve(&d, 0);
		const char *o = owner(&m, CA_DEVICE_ROLE_DRIVE);
		assert_true(strcmp(o, "micron") != 0 && strcmp(o, "samsung") != 0 && strcmp(o, "ymtc") != 0);
	}
	ca_device zero = {.kind = CA_DEVICE_NVME, .offset = -1, .oui = 0, .ids = CA_DEVICE_HAS_OUI};
	zero.wwn = "5 000000 ...";
	ca_device_makers m = resolve(&zero, 0);
	assert_int_equal(m.role[CA_DEVICE_ROLE_DRIVE].confidence, CA_CONFIDENCE_NONE);
	/* the same code in another numbering names nobody: 0x13 is Micron's
	 * eMMC id, not a PCI vendor id of Micron */
	ca_device pci13 = {.kind = CA_DEVICE_PCI, .offset = -1, .pci_vendor = 0x0013,
			   .ids = CA_DEVICE_HAS_PCI_VENDOR};
	m = resolve(&pci13, 0);
	assert_int_equal(m.role[CA_DEVICE_ROLE_VENDOR].confidence, CA_CONFIDENCE_NONE);
	ca_device emmc = {.kind = CA_DEVICE_EMMC, .offset = -1, .emmc_manfid = 0x13,
			  .ids = CA_DEVICE_HAS_EMMC_MANFID};
	m = resolve(&emmc, 0);
	assert_string_equal(owner(&m, CA_DEVICE_ROLE_DRIVE), "micron");
	assert_string_equal(m.role[CA_DEVICE_ROLE_DRIVE].method, "emmc-manfid");
	/* an unverified id answers with low confidence */
	emmc.emmc_manfid = 0x88;
	m = resolve(&emmc, 0);
	assert_int_equal(m.role[CA_DEVICE_ROLE_DRIVE].confidence, CA_CONFIDENCE_LOW);
	assert_non_null(strstr(m.role[CA_DEVICE_ROLE_DRIVE].evidence, "unverified"));
}

static void test_conflict_named(void **state)
{
	(void)state;
	/* a Samsung model on a Micron PCI id: the id wins, the model is named */
	ca_device d = {.kind = CA_DEVICE_NVME, .model = "Samsung SSD 980 PRO 1TB", .offset = -1,
		       .pci_vendor = 0x1344, .ids = CA_DEVICE_HAS_PCI_VENDOR};
	ca_device_makers m = resolve(&d, 0);
	assert_string_equal(owner(&m, CA_DEVICE_ROLE_DRIVE), "micron");
	assert_non_null(strstr(m.conflict, "Samsung"));
	assert_non_null(strstr(m.conflict, "Micron"));
	/* roles by kind: a GPU has vendor and VRAM, a USB device a vendor */
	ca_device gpu = {.kind = CA_DEVICE_GPU, .offset = -1, .vram_vendor = "hynix",
			 .pci_vendor = 0x1002, .vendor = "Advanced Micro Devices, Inc. [AMD/ATI]",
			 .ids = CA_DEVICE_HAS_PCI_VENDOR};
	m = resolve(&gpu, 0);
	assert_true(m.applies[CA_DEVICE_ROLE_VENDOR] && m.applies[CA_DEVICE_ROLE_VRAM]);
	assert_false(m.applies[CA_DEVICE_ROLE_DRIVE]);
	assert_string_equal(owner(&m, CA_DEVICE_ROLE_VRAM), "sk-hynix");
	assert_string_equal(m.role[CA_DEVICE_ROLE_VENDOR].maker_id, "pci:0x1002");
	ca_device bad = {.kind = 99};
	assert_int_equal(ca_identify_device(kb, &bad, NULL, 0, &m), -EINVAL);
	assert_int_equal(ca_identify_device(kb, &gpu, "2026-13-45", 0, &m), -EINVAL);
}

/* ---------------------------------------------------------- knowledge base */

static void test_kb_device_keys(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		const char *error; /* NULL: loads */
	} cases[] = {
		{"[company x1]\nname = X\npci_vendor = 0x12\nsource = s\n", "pci_vendor must be"},
		{"[company x1]\nname = X\npci_vendor = 0x12345\nsource = s\n", "'0x12345'"},
		{"[company x1]\nname = X\noui = 0x00A075\nsource = s\n", "oui must be"},
		{"[company x1]\nname = X\nemmc_manfid = 0x13 maybe\nsource = s\n", "only 'controller' or 'unverified'"},
		{"[company x1]\nname = X\npci_vendor = 0xabcd controller\noui = ABCDEF unverified\nsource = s\n", NULL},
		{"[part p1]\nmaker = micron\nkind = module\npattern = ^X\nnand = own\nsource = s\n", "keys of drive grammars"},
		{"[part p1]\nmaker = micron\nkind = drive\npattern = ^X\ndies = own\nsource = s\n", "dies is a key of memory"},
		{"[part p1]\nmaker = micron\nkind = drive\npattern = ^X\nnand = all\nsource = s\n", "nand must be own"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ca_kb *k;
		assert_int_equal(ca_kb_new(&k), 0);
		char *err = NULL;
		int r = ca_kb_load_buffer(k, "t.ini", cases[i].text, strlen(cases[i].text), &err);
		if (cases[i].error) {
			assert_int_equal(r, -EINVAL);
			assert_non_null(err);
			assert_non_null(strstr(err, cases[i].error));
		} else {
			assert_int_equal(r, 0);
			const ca_kb_device_id *id;
			assert_non_null(ca_kb_find_device_id(k, CA_KB_PCI_VENDOR, 0xabcd, &id));
			assert_true(id->controller);
			assert_non_null(ca_kb_find_device_id(k, CA_KB_OUI, 0xabcdef, &id));
			assert_true(id->unverified);
		}
		free(err);
		ca_kb_free(k);
	}
	/* an id given to two makers is a validation problem */
	ca_kb *k;
	assert_int_equal(ca_kb_new(&k), 0);
	static const char twice[] = "[company x1]\nname = X\npci_vendor = 0x1344\nsource = s\n";
	assert_int_equal(ca_kb_load_buffer(k, "t.ini", twice, strlen(twice), NULL), 0);
	char *report = NULL;
	assert_true(ca_kb_validate(k, &report) >= 1);
	assert_non_null(strstr(report, "pci_vendor 0x1344"));
	free(report);
	ca_kb_free(k);
	/* the built-in data is consistent, and holds the ids the corpus shows */
	assert_int_equal(ca_kb_validate(kb, NULL), 0);
	assert_string_equal(ca_kb_find_device_id(kb, CA_KB_PCI_VENDOR, 0x1e49, NULL)->id, "ymtc");
	assert_string_equal(ca_kb_find_device_id(kb, CA_KB_OUI, 0x00a075, NULL)->id, "micron");
	assert_string_equal(ca_kb_find_device_id(kb, CA_KB_PCI_VENDOR, 0xc0a9, NULL)->id, "crucial");
	assert_string_equal(ca_kb_find_device_id(kb, CA_KB_EMMC_MANFID, 0x15, NULL)->id, "samsung");
}

/* --------------------------------------------------------- assessment */

static ca_assessment *assess(ca_policy *p, const char *const *rels, size_t n)
{
	ca_assessment *a;
	assert_int_equal(ca_assessment_new(p, "host", &a), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ca_assessment_add_file(a, fixture_path(rels[i])), 0);
	assert_int_equal(ca_assessment_finish(a), 0);
	return a;
}

/* One resolver call per device; one device described by two sources of a
 * host is one component. */
static void test_assessment_once_and_merged(void **state)
{
	(void)state;
	ca_policy *p;
	ca_policy_options o = {.as_of = "2026-11-30"};
	assert_int_equal(ca_policy_open(&o, &p, NULL), 0);
	static const char *const two[] = {"smartctl-text/sata-micron-5210.txt",
					  "smartctl-text/nvme-samsung-pm9a3.txt"};
	unsigned long before = ca_identify_call_count();
	ca_assessment *a = assess(p, two, 2);
	assert_int_equal(ca_identify_call_count() - before, 2);
	assert_int_equal(ca_assessment_component_count(a), 2);
	const ca_component *c = ca_assessment_component(a, 0);
	assert_int_equal(c->kind, CA_COMPONENT_SATA);
	assert_true(ca_component_is_device(c));
	assert_string_equal(ca_component_maker_for(c, "drive")->owner_id, "micron");
	assert_non_null(ca_component_maker_for(c, "nand"));
	assert_null(ca_component_maker_for(c, "vendor"));
	ca_scope sc;
	ca_assessment_scope(a, &sc);
	assert_true(sc.storage);
	assert_int_equal(sc.drives, 2);
	assert_int_equal(sc.drives_attributed, 2);
	assert_true(ca_scope_kind_inspected(&sc, "storage"));
	assert_false(ca_scope_kind_inspected(&sc, "pci-usb-devices"));
	char *not_inspected = ca_scope_not_inspected_text_for(a);
	assert_null(strstr(not_inspected, "storage"));
	assert_non_null(strstr(not_inspected, "processors"));
	free(not_inspected);
	ca_assessment_free(a);
	/* the text and JSON reports of one drive with a serial: one component */
	static const char text[] = "smartctl 7.4 2023-08-01 r5530\n=== START OF INFORMATION SECTION ===\n"
				   "Device Model: CT1000MX500SSD1\nSerial Number: 2049E4C1\n";
	static const char json[] = "{\"json_format_version\":[1,0],\"smartctl\":{\"version\":[7,3]},"
				   "\"device\":{\"protocol\":\"ATA\"},\"model_name\":\"CT1000MX500SSD1\","
				   "\"serial_number\":\"2049E4C1\",\"wwn\":{\"naa\":5,\"oui\":41077,\"id\":1}}";
	assert_int_equal(ca_assessment_new(p, "host", &a), 0);
	assert_int_equal(ca_assessment_add_buffer(a, "a.txt", (const uint8_t *)text, sizeof(text) - 1), 0);
	assert_int_equal(ca_assessment_add_buffer(a, "a.json", (const uint8_t *)json, sizeof(json) - 1), 0);
	before = ca_identify_call_count();
	assert_int_equal(ca_assessment_finish(a), 0);
	assert_int_equal(ca_identify_call_count() - before, 1);
	assert_int_equal(ca_assessment_component_count(a), 1);
	c = ca_assessment_component(a, 0);
	assert_non_null(c->device.wwn); /* filled from the second source */
	assert_string_equal(ca_component_maker_for(c, "drive")->method, "ieee-oui");
	ca_assessment_free(a);
	ca_policy_free(p);
}

/* ---------------------------------------------------------------- rules */

static size_t findings_of(const ca_assessment *a, const char *rule_prefix, ca_severity *worst,
			  const char **role)
{
	const ca_findings *fs = ca_assessment_findings(a);
	size_t n = 0;
	*worst = CA_SEVERITY_INFO;
	for (size_t i = 0; i < ca_findings_count(fs); i++) {
		const ca_finding *f = ca_findings_at(fs, i);
		if (strncmp(f->rule->id, rule_prefix, strlen(rule_prefix)) != 0)
			continue;
		if (n++ == 0)
			*role = f->role;
		if (f->severity > *worst)
			*worst = f->severity;
	}
	return n;
}

/* Both YMTC reports fail section 5949 under the executive-agency profile
 * when bought on 2027-12-23, and warn when installed on an unknown date. */
static void test_ymtc_fails_5949(void **state)
{
	(void)state;
	char purchases[] = "/tmp/storage-purchases-XXXXXX";
	int fd = mkstemp(purchases);
	assert_true(fd >= 0);
	static const char csv[] = "file,purchase_date\nnvme-ymtc-pc300.txt,2027-12-23\n"
				  "nvme-zhitai-tiplus7100.txt,2027-12-23\n";
	assert_int_equal(write(fd, csv, sizeof(csv) - 1), (ssize_t)(sizeof(csv) - 1));
	close(fd);
	static const char *const fixtures[] = {"smartctl-text/nvme-ymtc-pc300.txt",
					       "smartctl-text/nvme-zhitai-tiplus7100.txt",
					       "smartctl-json/nvme-ymtc-pc300.json"};
	for (int bought = 0; bought < 2; bought++) {
		ca_policy *p;
		ca_policy_options o = {.as_of = "2027-12-23", .profile = "us-executive-agency",
				       .purchases = bought ? purchases : NULL};
		assert_int_equal(ca_policy_open(&o, &p, NULL), 0);
		for (size_t i = 0; i < 2 + (size_t)!bought; i++) {
			ca_assessment *a = assess(p, &fixtures[i], 1);
			ca_severity worst;
			const char *role = NULL;
			assert_true(findings_of(a, "us-ndaa-fy2023-5949/part-a", &worst, &role) == 1);
			assert_string_equal(role, "drive");
			assert_int_equal(worst, bought ? CA_SEVERITY_FAIL : CA_SEVERITY_WARN);
			ca_assessment_free(a);
		}
		ca_policy_free(p);
	}
	/* the day before the effective date: not yet in force */
	ca_policy *p;
	ca_policy_options o = {.as_of = "2027-12-22", .profile = "us-executive-agency", .purchases = purchases};
	assert_int_equal(ca_policy_open(&o, &p, NULL), 0);
	ca_assessment *a = assess(p, &fixtures[0], 1);
	ca_severity worst;
	const char *role = NULL;
	assert_int_equal(findings_of(a, "us-ndaa-fy2023-5949/part-a", &worst, &role), 1);
	assert_int_equal(worst, CA_SEVERITY_INFO);
	ca_assessment_free(a);
	ca_policy_free(p);
	unlink(purchases);
}

/* A Micron or Crucial SSD gets the CAC finding under cn-cii-bank; a Seagate
 * disk and a Corsair drive on a Phison controller do not. */
static void test_micron_ssd_cac(void **state)
{
	(void)state;
	ca_policy *p;
	ca_policy_options o = {.as_of = "2026-11-30", .profile = "cn-cii-bank"};
	assert_int_equal(ca_policy_open(&o, &p, NULL), 0);
	static const struct {
		const char *fixture;
		size_t findings;
	} cases[] = {
		{"smartctl-text/sata-micron-5210.txt", 1},
		{"smartctl-text/sata-crucial-mx500.txt", 1},
		{"smartctl-text/sata-seagate-hdd.txt", 0},
		{"smartctl-text/nvme-corsair-phison.txt", 0},
		{"smartctl-text/nvme-ymtc-pc300.txt", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ca_assessment *a = assess(p, &cases[i].fixture, 1);
		ca_severity worst;
		const char *role = NULL;
		assert_int_equal(findings_of(a, "cn-cac-2023-micron", &worst, &role), cases[i].findings);
		if (cases[i].findings) {
			assert_string_equal(role, "drive");
			assert_int_equal(worst, CA_SEVERITY_WARN);
		}
		ca_assessment_free(a);
	}
	ca_policy_free(p);
}

/* Every sink writes the devices; the scope stops calling storage uninspected. */
static void test_sinks_show_devices(void **state)
{
	(void)state;
	size_t len;
	uint8_t *buf = fixture_read("smartctl-text/nvme-zhitai-tiplus7100.txt", &len);
	static const char *const formats[] = {"table", "json", "jsonl", "csv", "sarif", "cyclonedx", "html"};
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		char *out = render_buffer(buf, len, formats[i]);
		assert_non_null(out);
		if (strcmp(formats[i], "csv") != 0 && strcmp(formats[i], "sarif") != 0) /* findings only */
			assert_non_null(strstr(out, "ZHITAI TiPlus7100"));
		if (strcmp(formats[i], "table") == 0) {
			assert_non_null(strstr(out, "drive YMTC"));
			assert_null(strstr(out, "not inspected: storage"));
		}
		if (strcmp(formats[i], "json") == 0) {
			assert_non_null(strstr(out, "\"devices\":[{\"kind\":\"nvme\""));
			assert_non_null(strstr(out, "\"inspected\":[\"storage\"]"));
		}
		free(out);
	}
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_device_copies_and_trims),
		cmocka_unit_test(test_smartctl_text_nvme),
		cmocka_unit_test(test_smartctl_text_sata_and_scsi),
		cmocka_unit_test(test_smartctl_json_matches_text),
		cmocka_unit_test(test_smartctl_broken),
		cmocka_unit_test(test_ymtc_from_any_one_evidence),
		cmocka_unit_test(test_controller_ids_never_name_drive_or_nand),
		cmocka_unit_test(test_wwn_oui_and_owners),
		cmocka_unit_test(test_traps),
		cmocka_unit_test(test_conflict_named),
		cmocka_unit_test(test_kb_device_keys),
		cmocka_unit_test(test_assessment_once_and_merged),
		cmocka_unit_test(test_ymtc_fails_5949),
		cmocka_unit_test(test_micron_ssd_cac),
		cmocka_unit_test(test_sinks_show_devices),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
