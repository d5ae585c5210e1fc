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
	assert_int_equal(count(a, CA_COMPONENT_GPU), 1);

	const ca_component *gpu = find(a, CA_COMPONENT_GPU, "0000:03:00.0");
	assert_non_null(gpu);
	assert_int_equal(gpu->device.pci_vendor, 0x1002);
	assert_int_equal(gpu->device.pci_class, 0x030000);
	assert_string_equal(gpu->device.vram_vendor, "samsung");

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

/* An assessment of one saved tool output of tests/data/tool-outputs. */
static ca_assessment *tool_output(const char *name, ca_format format)
{
	char path[512];
	snprintf(path, sizeof(path), TEST_DATA_DIR "/tool-outputs/%s", name);
	ca_assessment *a;
	assert_int_equal(ca_assessment_new(policy, path, &a), 0);
	assert_int_equal(ca_assessment_add_file(a, path), 0);
	assert_int_equal(ca_assessment_finish(a), 0);
	assert_int_equal(ca_assessment_evidence(a, 0)->format, format);
	assert_true(ca_assessment_complete(a));
	return a;
}

/* Lines of a fixture starting with prefix (what the tool printed per device). */
static size_t lines_starting(const char *name, const char *prefix)
{
	char path[512];
	snprintf(path, sizeof(path), TEST_DATA_DIR "/tool-outputs/%s", name);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[4096];
	size_t n = 0;
	while (fgets(line, sizeof(line), f))
		n += strncmp(line, prefix, strlen(prefix)) == 0;
	fclose(f);
	return n;
}

static size_t devices(const ca_assessment *a)
{
	size_t n = 0;
	for (size_t i = 0; i < ca_assessment_component_count(a); i++)
		n += ca_component_is_device(ca_assessment_component(a, i));
	return n;
}

static void test_lspci_vnn(void **state)
{
	(void)state;
	ca_assessment *a = tool_output("lspci-vnn-linux-xps.txt", CA_FORMAT_LSPCI_TEXT);
	const ca_component *nvme = find(a, CA_COMPONENT_NVME, "0000:3c:00.0");
	assert_non_null(nvme);
	assert_int_equal(nvme->device.pci_vendor, 0x144d);
	assert_int_equal(nvme->device.pci_device, 0xa802);
	assert_int_equal(nvme->device.pci_subsystem_device, 0xa801);
	assert_int_equal(nvme->device.pci_class, 0x010802);
	assert_string_equal(maker(nvme, "drive"), "Samsung");
	ca_assessment_free(a);
	a = tool_output("lspci-vnn-dell-xt2.txt", CA_FORMAT_LSPCI_TEXT);
	const ca_component *nic = find(a, CA_COMPONENT_PCI, "0000:00:19.0");
	assert_non_null(nic);
	assert_int_equal(nic->device.pci_device, 0x10f5);
	assert_int_equal(nic->device.pci_subsystem_vendor, 0x1028);
	assert_int_equal(nic->device.pci_subsystem_device, 0x0252);
	assert_string_equal(nic->device.model, "Intel Corporation 82567LM Gigabit Network Connection");
	assert_string_equal(maker(nic, "vendor"), "Intel");
	/* every device line of the file is a component */
	size_t n = 0;
	for (const char *p = "0123456789abcdef"; *p; p++) {
		char prefix[2] = {*p, 0};
		n += lines_starting("lspci-vnn-dell-xt2.txt", prefix);
	}
	assert_int_equal(devices(a), n);
	ca_assessment_free(a);
}

static void test_lspci_vmm(void **state)
{
	(void)state;
	ca_assessment *a = tool_output("lspci-vmm-nn-qemu.txt", CA_FORMAT_LSPCI_MACHINE);
	assert_int_equal(devices(a), lines_starting("lspci-vmm-nn-qemu.txt", "Slot:"));
	const ca_component *c = find(a, CA_COMPONENT_PCI, "0000:00:00.0");
	assert_non_null(c);
	assert_int_equal(c->device.pci_vendor, 0x8086);
	assert_string_equal(c->device.vendor, "Intel Corporation");
	assert_int_equal(c->device.pci_class, 0x060000);
	ca_assessment_free(a);
}

static void test_lsusb(void **state)
{
	(void)state;
	ca_assessment *a = tool_output("lsusb-v-dell-xt2.txt", CA_FORMAT_LSUSB_TEXT);
	assert_int_equal(devices(a), lines_starting("lsusb-v-dell-xt2.txt", "Bus "));
	const ca_component *c = find(a, CA_COMPONENT_USB, "usb bus 001 device 002");
	assert_non_null(c);
	assert_int_equal(c->device.usb_vendor, 0x0a5c);
	assert_int_equal(c->device.usb_product, 0x4500);
	assert_string_equal(c->device.vendor, "Broadcom");  /* iManufacturer, not the database */
	assert_string_equal(c->device.model, "BCM2046B1"); /* iProduct */
	c = find(a, CA_COMPONENT_USB, "usb bus 001 device 003");
	assert_non_null(c);
	assert_string_equal(c->device.vendor, "Dell Computer Corp."); /* no iManufacturer: lsusb's name */
	ca_assessment_free(a);
}

static void test_nvme_list(void **state)
{
	(void)state;
	ca_assessment *a = tool_output("nvme-list-pm951.json", CA_FORMAT_NVME_LIST_JSON);
	/* two namespaces of one controller: one device */
	assert_int_equal(devices(a), 1);
	const ca_component *c = find(a, CA_COMPONENT_NVME, "nvme0");
	assert_non_null(c);
	assert_string_equal(c->device.model, "PM951 NVMe SAMSUNG 256GB");
	assert_string_equal(c->device.firmware, "BXV77D0Q");
	ca_assessment_free(a);
	a = tool_output("nvme-list-v-pm951.json", CA_FORMAT_NVME_LIST_JSON);
	assert_int_equal(devices(a), 1);
	c = find(a, CA_COMPONENT_NVME, "0000:3c:00.0");
	assert_non_null(c);
	assert_int_equal(c->device.pci_vendor, 0x144d); /* from the subsystem NQN */
	assert_int_equal(c->device.pci_subsystem_vendor, 0x144d);
	assert_string_equal(c->device.transport, "pcie");
	ca_assessment_free(a);
}

static void test_lshw(void **state)
{
	(void)state;
	ca_assessment *a = tool_output("lshw-json-qemu.json", CA_FORMAT_LSHW_JSON);
	assert_true(devices(a) > 0);
	size_t redhat = 0;
	for (size_t i = 0; i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		redhat += c->kind == CA_COMPONENT_PCI && c->device.vendor &&
			  strcmp(c->device.vendor, "Red Hat, Inc.") == 0;
	}
	assert_true(redhat > 0);
	ca_assessment_free(a);
}

/* A host folder's files describing one controller (lspci and nvme list -v,
 * both naming PCI address 0000:3c:00.0) give one component with both
 * files' facts. */
static void test_host_folder_merge(void **state)
{
	(void)state;
	ca_assessment *a;
	assert_int_equal(ca_assessment_new(policy, "host", &a), 0);
	assert_int_equal(ca_assessment_add_file(a, TEST_DATA_DIR "/tool-outputs/lspci-vnn-linux-xps.txt"), 0);
	assert_int_equal(ca_assessment_add_file(a, TEST_DATA_DIR "/tool-outputs/nvme-list-v-pm951.json"), 0);
	assert_int_equal(ca_assessment_finish(a), 0);
	assert_int_equal(count(a, CA_COMPONENT_NVME), 1);
	const ca_component *c = find(a, CA_COMPONENT_NVME, "0000:3c:00.0");
	assert_non_null(c);
	assert_int_equal(c->device.pci_class, 0x010802);           /* from lspci */
	assert_string_equal(c->device.firmware, "BXV77D0Q");      /* from nvme list */
	assert_string_equal(c->device.serial, "S29NNXAH146772");
	ca_assessment_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_root),
		cmocka_unit_test(test_archive),
		cmocka_unit_test(test_lspci_vnn),
		cmocka_unit_test(test_lspci_vmm),
		cmocka_unit_test(test_lsusb),
		cmocka_unit_test(test_nvme_list),
		cmocka_unit_test(test_lshw),
		cmocka_unit_test(test_host_folder_merge),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
