/* SPDX-License-Identifier: MIT */
/*
 * PCI devices through Debian's libpci (pciutils), with its sysfs access
 * method: /sys/bus/pci on this machine; for a captured tree (--root, or a
 * collect archive) the tree's PCI attributes (vendor, device,
 * subsystem_vendor, subsystem_device, class, revision, irq, resource,
 * mem_info_vram_vendor) are first copied, through the safe opener (inside
 * the root, regular files only), into a private folder that libpci then
 * reads, so libpci never opens a link, FIFO or device of the tree. Names
 * come from pci.ids (never the network, never udev's hwdb, so a report does
 * not depend on the auditing machine's udev). An NVMe controller (class
 * 0x0108) is a CA_DEVICE_NVME and a display controller (class 0x03) a
 * CA_DEVICE_GPU, with the GPU memory vendor amdgpu names; the NVMe source
 * describes the same controller by its PCI address, so both are one
 * component. libpci's fatal errors come back here (longjmp) and become a
 * diagnostic; its warnings are not printed.
 */
#include "collect/places.h"
#include "source/sources.h"
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <pci/pci.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PCI "sys/bus/pci/devices"

static _Thread_local jmp_buf *pci_escape;
static _Thread_local char pci_message[256];

static void PCI_NONRET on_error(char *msg, ...)
{
	va_list ap;
	va_start(ap, msg);
	vsnprintf(pci_message, sizeof(pci_message), msg, ap);
	va_end(ap);
	longjmp(*pci_escape, 1);
}

static void quiet(char *msg, ...)
{
	(void)msg;
}

/* Copies the PCI attributes of the tree under root into a new private
 * folder DIR/devices/ADDR/ATTR; *ret_dir gets DIR. Returns 0, -ENOENT when
 * the tree has no PCI devices folder, or -errno. */
static int copy_tree(ca_host *h, const char *root, const char *display, char **ret_dir)
{
	const cai_place *p = cai_place_find(PCI);
	char **names;
	size_t n;
	int rc = cai_place_list(root, p, &names, &n);
	if (rc < 0)
		return rc;
	const char *tmp = getenv("TMPDIR");
	char *dir = NULL;
	if (asprintf(&dir, "%s/chipaudit-pci.XXXXXX", tmp && *tmp == '/' ? tmp : "/tmp") < 0) {
		cai_place_list_free(names, n);
		return -ENOMEM;
	}
	if (!mkdtemp(dir)) {
		rc = -errno;
		free(dir);
		cai_place_list_free(names, n);
		return rc;
	}
	char path[4096];
	snprintf(path, sizeof(path), "%s/devices", dir);
	rc = mkdir(path, 0700) < 0 ? -errno : 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		snprintf(path, sizeof(path), "%s/devices/%s", dir, names[i]);
		if (mkdir(path, 0700) < 0) {
			rc = -errno;
			break;
		}
		unsigned have = 0; /* libpci needs vendor, device and class */
		for (size_t k = 0; k < p->n_attrs; k++) {
			char rel[512];
			snprintf(rel, sizeof(rel), "/%s/%s/%s", PCI, names[i], p->attrs[k].name);
			size_t len = 0;
			int err = 0;
			uint8_t *data = cai_file_read_in_root(root, rel, 65536, &len, &err);
			if (!data) {
				if (err != -ENOENT && err != -ENOTDIR)
					cai_host_diag(h, CA_DIAG_WARNING, "sysfs.attribute-unreadable", -1, 0, -1,
						      "cannot read %s%s: %s", display && strcmp(display, "/") ? display : "",
						      rel, cai_file_strerror(err));
				continue;
			}
			have |= k < 2 ? 1u << k : strcmp(p->attrs[k].name, "class") == 0 ? 4u : 0;
			snprintf(path, sizeof(path), "%s/devices/%s/%s", dir, names[i], p->attrs[k].name);
			int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
			if (fd < 0 || write(fd, data, len) != (ssize_t)len)
				rc = -EIO;
			if (fd >= 0)
				close(fd);
			free(data);
		}
		if (rc == 0 && have != 7) {
			cai_host_diag(h, CA_DIAG_WARNING, "pci.incomplete-device", -1, 0, -1,
				      "%s%s/%s has no readable vendor, device or class: not read",
				      display && strcmp(display, "/") ? display : "", "/" PCI, names[i]);
			snprintf(path, sizeof(path), "%s/devices/%s", dir, names[i]);
			cai_collect_remove(path);
		}
	}
	cai_place_list_free(names, n);
	if (rc < 0) {
		cai_collect_remove(dir);
		free(dir);
		return rc;
	}
	*ret_dir = dir;
	return 0;
}

/* The device kind a PCI class code stands for. */
static ca_device_kind kind_of(unsigned class24)
{
	if ((class24 >> 8) == 0x0108)
		return CA_DEVICE_NVME;
	if ((class24 >> 16) == 0x03)
		return CA_DEVICE_GPU;
	return CA_DEVICE_PCI;
}

/* Scans the sysfs PCI tree at path (NULL: libpci's default) into h. */
static int scan(ca_host *h, const char *path, const char *vram_root)
{
	jmp_buf escape;
	struct pci_access *volatile pa = pci_alloc();
	if (!pa)
		return -ENOMEM;
	pci_escape = &escape;
	if (setjmp(escape)) {
		cai_host_diag(h, CA_DIAG_ERROR, "pci.libpci-error", -1, 0, -1, "libpci: %s", pci_message);
		/* libpci's state after its error is unknown: pa is not freed (a leak, never a crash) */
		return -EBADMSG;
	}
	pa->error = on_error;
	pa->warning = quiet;
	pa->debug = quiet;
	pa->method = PCI_ACCESS_SYS_BUS_PCI;
	if (path)
		pci_set_param(pa, "sysfs.path", (char *)path);
	pci_init(pa);
	pci_scan_bus(pa);
	int rc = 0;
	size_t n = 0;
	for (struct pci_dev *dev = pa->devices; dev && rc != -ENOMEM; dev = dev->next)
		n++;
	/* libpci lists devices in reverse order of the folder: read them sorted by address */
	struct pci_dev **list = calloc(n ? n : 1, sizeof(*list));
	if (!list) {
		pci_cleanup(pa);
		return -ENOMEM;
	}
	size_t k = 0;
	for (struct pci_dev *dev = pa->devices; dev; dev = dev->next)
		list[k++] = dev;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			struct pci_dev *a = list[i], *b = list[j];
			if (a->domain > b->domain ||
			    (a->domain == b->domain &&
			     (a->bus > b->bus || (a->bus == b->bus && (a->dev > b->dev || (a->dev == b->dev &&
											 a->func > b->func)))))) {
				list[i] = b;
				list[j] = a;
			}
		}
	for (size_t i = 0; i < n && rc != -ENOMEM; i++) {
		struct pci_dev *dev = list[i];
		pci_fill_info(dev, PCI_FILL_IDENT | PCI_FILL_CLASS | PCI_FILL_CLASS_EXT | PCI_FILL_SUBSYS);
		char address[32], vendor[256], device[256];
		snprintf(address, sizeof(address), "%04x:%02x:%02x.%d", dev->domain, dev->bus, dev->dev, dev->func);
		unsigned class24 = (unsigned)dev->device_class << 8 | dev->prog_if;
		ca_device d = {.kind = kind_of(class24), .offset = -1, .bus_path = address};
		d.pci_vendor = dev->vendor_id;
		d.pci_device = dev->device_id;
		d.pci_class = class24;
		d.ids = CA_DEVICE_HAS_PCI_VENDOR | CA_DEVICE_HAS_PCI_DEVICE | CA_DEVICE_HAS_PCI_CLASS;
		if (dev->subsys_vendor_id && dev->subsys_vendor_id != 0xFFFF) {
			d.pci_subsystem_vendor = dev->subsys_vendor_id;
			d.pci_subsystem_device = dev->subsys_id;
			d.ids |= CA_DEVICE_HAS_PCI_SUBVENDOR | CA_DEVICE_HAS_PCI_SUBDEVICE;
		}
		int flags = PCI_LOOKUP_NO_NUMBERS | PCI_LOOKUP_NO_HWDB;
		d.vendor = pci_lookup_name(pa, vendor, sizeof(vendor), flags | PCI_LOOKUP_VENDOR, dev->vendor_id);
		d.model = pci_lookup_name(pa, device, sizeof(device), flags | PCI_LOOKUP_DEVICE, dev->vendor_id,
					  dev->device_id);
		char vram[256];
		if (d.kind == CA_DEVICE_GPU &&
		    cai_place_read(vram_root, cai_place_find(PCI), address, "mem_info_vram_vendor", vram,
				   sizeof(vram)) > 0)
			d.vram_vendor = vram;
		rc = cai_host_add_device(h, &d);
	}
	free(list);
	pci_cleanup(pa);
	pci_escape = NULL;
	return rc == -ENOMEM ? rc : 0;
}

int cai_pci_sysfs_read(ca_host *h, const char *root, const char *display)
{
	h->format = CA_FORMAT_PCI_SYSFS;
	if (!root || !*root || strcmp(root, "/") == 0) {
		int err = 0;
		DIR *d = cai_dir_open_in_root(NULL, PCI, &err);
		if (!d)
			return err == -ENOTDIR ? -ENOENT : err;
		closedir(d);
		return scan(h, NULL, NULL);
	}
	char *dir = NULL;
	int rc = copy_tree(h, root, display, &dir);
	if (rc < 0)
		return rc;
	rc = scan(h, dir, root);
	cai_collect_remove(dir);
	free(dir);
	return rc;
}
