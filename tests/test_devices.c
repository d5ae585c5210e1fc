/* SPDX-License-Identifier: MIT */
/* The live device sources on the captured tree tests/data/sysfs-tree/host1
 * (NVMe, SATA, eMMC, PCI through libpci, USB): the components they give,
 * the ids read, the makers the knowledge base answers, the NVMe controller
 * described by two sources kept as one component; and the same components
 * from the collect archive of that tree. */
#include "test_support.h"

#include "chipaudit/assess.h"
#include "chipaudit/collect.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define TREE TEST_DATA_DIR "/sysfs-tree/host1"

static ca_policy *policy;

static int setup(void **state)
{
	(void)state;
	ca_policy_options o = {.as_of = "2026-01-01"};
	return ca_policy_open(&o, &policy, NULL);
}

static int teardown(void **state)
{
	(void)state;
	ca_policy_free(policy);
	return 0;
}

static const ca_component *find(const ca_assessment *a, ca_component_kind kind, const char *bus_path)
{
	for (size_t i = 0; i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		if (c->kind == kind && c->device.bus_path && strcmp(c->device.bus_path, bus_path) == 0)
			return c;
	}
	return NULL;
}

static size_t count(const ca_assessment *a, ca_component_kind kind)
{
	size_t n = 0;
	for (size_t i = 0; i < ca_assessment_component_count(a); i++)
		n += ca_assessment_component(a, i)->kind == kind;
	return n;
}

static const char *maker(const ca_component *c, const char *role)
{
	const ca_maker *m = ca_component_maker_for(c, role);
	return m && m->confidence != CA_CONFIDENCE_NONE ? m->owner_name : "";
}

static void check_tree(const ca_assessment *a)
{
	/* the NVMe controller is in the NVMe and the PCI source: one component */
	assert_int_equal(count(a, CA_COMPONENT_NVME), 1);
	assert_int_equal(count(a, CA_COMPONENT_SATA), 1);
	assert_int_equal(count(a, CA_COMPONENT_EMMC), 1);
	assert_int_equal(count(a, CA_COMPONENT_PCI), 1);
	assert_int_equal(count(a, CA_COMPONENT_USB), 2);

	const ca_component *nvme = find(a, CA_COMPONENT_NVME, "0000:3c:00.0");
	assert_non_null(nvme);
	assert_string_equal(nvme->device.model, "PM951 NVMe SAMSUNG 256GB");
	assert_string_equal(nvme->device.firmware, "BXV77D0Q");
	assert_int_equal(nvme->device.pci_vendor, 0x144d);
	assert_int_equal(nvme->device.pci_subsystem_device, 0xa801);
	assert_int_equal(nvme->device.pci_class, 0x010802); /* from the PCI source, merged */
	assert_string_equal(maker(nvme, "drive"), "Samsung");

	const ca_component *sata = find(a, CA_COMPONENT_SATA, "sda");
	assert_non_null(sata);
	assert_string_equal(sata->device.model, "Micron_5300_MTFD");
	assert_string_equal(sata->device.wwn, "500a075000000000");
	assert_string_equal(maker(sata, "drive"), "Micron");

	const ca_component *emmc = find(a, CA_COMPONENT_EMMC, "mmc0:0001");
	assert_non_null(emmc);
	assert_true(emmc->device.ids & CA_DEVICE_HAS_EMMC_MANFID);
	assert_int_equal(emmc->device.emmc_manfid, 0x15);
	assert_string_equal(emmc->device.emmc_name, "8GTF4R");
	assert_string_equal(emmc->device.emmc_date, "10/2019");

	const ca_component *nic = find(a, CA_COMPONENT_PCI, "0000:00:19.0");
	assert_non_null(nic);
	assert_int_equal(nic->device.pci_vendor, 0x8086);
	assert_int_equal(nic->device.pci_device, 0x10f5);
	assert_int_equal(nic->device.pci_subsystem_vendor, 0x1028);
	assert_int_equal(nic->device.pci_class, 0x020000);
	assert_non_null(nic->device.vendor); /* pci.ids: Intel Corporation */
	assert_non_null(strstr(nic->device.vendor, "Intel"));
	assert_string_equal(maker(nic, "vendor"), "Intel");

	const ca_component *stick = find(a, CA_COMPONENT_USB, "1-1");
	assert_non_null(stick);
	assert_int_equal(stick->device.usb_vendor, 0x0781);
	assert_int_equal(stick->device.usb_product, 0x5567);
	assert_string_equal(stick->device.model, "Cruzer Blade");
}

static void test_scan_root(void **state)
{
	(void)state;
	ca_assessment *a;
	assert_int_equal(ca_assessment_new(policy, TREE, &a), 0);
	assert_int_equal(ca_assessment_add_live(a, TREE), 0);
	assert_int_equal(ca_assessment_finish(a), 0);
	assert_true(ca_assessment_complete(a));
	check_tree(a);
	/* the serial of the tree is read (the writers show it only when asked) */
	const ca_component *nvme = find(a, CA_COMPONENT_NVME, "0000:3c:00.0");
	assert_string_equal(nvme->device.serial, "S29NNXAH146772");
	ca_assessment_free(a);
}

static void test_archive(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	ca_collect_options o = {.root = TREE, .time = 1700000000};
	ca_collect_summary s;
	assert_int_equal(ca_collect_write(&o, f, &s, NULL), 0);
	fclose(f);
	assert_true(ca_collect_sniff((const unsigned char *)buf, len));
	assert_int_equal(s.not_captured, 0);
	assert_true(s.withheld >= 6);
	ca_assessment *a;
	assert_int_equal(ca_assessment_new(policy, "host1.cae", &a), 0);
	assert_int_equal(ca_assessment_add_buffer(a, "host1.cae", (const uint8_t *)buf, len), 0);
	assert_int_equal(ca_assessment_finish(a), 0);
	check_tree(a);
	/* withheld without --with-serials */
	const ca_component *nvme = find(a, CA_COMPONENT_NVME, "0000:3c:00.0");
	assert_null(nvme->device.serial);
	ca_assessment_free(a);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_root),
		cmocka_unit_test(test_archive),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
