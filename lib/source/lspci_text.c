/* SPDX-License-Identifier: MIT */
/*
 * `lspci -nn` output, with -v or -vv or not: a line per device
 * "[DOMAIN:]BB:DD.F CLASS NAME [cccc]: DESCRIPTION [vvvv:dddd] (rev rr)
 * (prog-if pp ...)" and, indented under it, "Subsystem: ... [vvvv:dddd]".
 * Without -nn there are no ids: said once, nothing read.
 */
#include "source/sources.h"
#include "source/tool_text.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Length of a slot "[DOMAIN:]BB:DD.F" at s followed by a space, or 0. */
static size_t slot_len(const char *s, size_t n)
{
	size_t i = 0, dom = 0;
	while (i < n && isxdigit((unsigned char)s[i]))
		i++;
	if (i >= 4 && i < n && s[i] == ':') { /* a domain */
		dom = i + 1;
		i = dom;
		while (i < n && isxdigit((unsigned char)s[i]))
			i++;
	}
	size_t b = i - dom;
	if (b != 2 || i + 6 > n || s[i] != ':' || !isxdigit((unsigned char)s[i + 1]) ||
	    !isxdigit((unsigned char)s[i + 2]) || s[i + 3] != '.' || s[i + 4] < '0' || s[i + 4] > '7' ||
	    s[i + 5] != ' ')
		return 0;
	return i + 5;
}

bool cai_lspci_text_sniff(const uint8_t *buf, size_t len)
{
	size_t i = 0;
	while (i < len && (buf[i] == '\n' || buf[i] == '\r'))
		i++;
	const char *s = (const char *)buf + i;
	size_t n = len - i;
	size_t eol = 0;
	while (eol < n && s[eol] != '\n')
		eol++;
	if (!slot_len(s, eol))
		return false;
	/* "]: " after the class id and a "[vvvv:dddd]" on the line: -nn */
	const char *c = memmem(s, eol, "]: ", 3);
	return c && c - s >= 5 && c[-5] == '[';
}

typedef struct dev {
	char slot[32], desc[256];
	unsigned klass, vid, did, svid, sdid, progif;
	bool has_class, has_ids, has_sub, has_progif;
	char rev[8];
	uint32_t line;
} dev;

static int flush(ca_host *h, dev *d, size_t *n)
{
	if (!d->line)
		return 0;
	int rc = 0;
	if (!d->has_ids) {
		cai_host_diag(h, CA_DIAG_WARNING, "lspci.no-ids", -1, d->line, -1,
			      "device %s has no [vendor:device] ids (lspci without -nn): skipped", d->slot);
	} else {
		ca_device x = {.kind = CA_DEVICE_PCI, .offset = -1, .line = d->line, .bus_path = d->slot};
		if (d->has_class)
			x.kind = d->klass == 0x0108 ? CA_DEVICE_NVME : (d->klass >> 8) == 0x03 ? CA_DEVICE_GPU
												  : CA_DEVICE_PCI;
		x.model = d->desc;
		x.pci_vendor = (uint16_t)d->vid;
		x.pci_device = (uint16_t)d->did;
		x.ids = CA_DEVICE_HAS_PCI_VENDOR | CA_DEVICE_HAS_PCI_DEVICE;
		if (d->has_class) {
			x.pci_class = d->klass << 8 | (d->has_progif ? d->progif : 0);
			x.ids |= CA_DEVICE_HAS_PCI_CLASS;
		}
		if (d->has_sub) {
			x.pci_subsystem_vendor = (uint16_t)d->svid;
			x.pci_subsystem_device = (uint16_t)d->sdid;
			x.ids |= CA_DEVICE_HAS_PCI_SUBVENDOR | CA_DEVICE_HAS_PCI_SUBDEVICE;
		}
		rc = cai_host_add_device(h, &x);
		(*n)++;
	}
	*d = (dev){0};
	return rc;
}

/* "[vvvv:dddd]" at the end of s (before the (rev ..) and (prog-if ..)
 * parts, which are cut first): the ids, and s cut before it. */
static bool pair_id(char *s, unsigned *v, unsigned *d)
{
	for (char *p = strrchr(s, '['); p; p = p > s ? memrchr(s, '[', (size_t)(p - s)) : NULL)
		if (strlen(p) >= 11 && p[5] == ':' && p[10] == ']' && cai_hexn(p + 1, 4, v) &&
		    cai_hexn(p + 6, 4, d)) {
			*p = '\0';
			while (p > s && p[-1] == ' ')
				*--p = '\0';
			return true;
		}
	return false;
}

static void header(dev *d, char *s, size_t slen, uint32_t line)
{
	*d = (dev){.line = line};
	/* the domain lspci leaves out without -D is 0000, as sysfs writes it */
	snprintf(d->slot, sizeof(d->slot), "%s%.*s", slen == 7 ? "0000:" : "", (int)slen, s);
	char *rest = s + slen + 1;
	char *colon = strstr(rest, "]: ");
	if (colon && colon - rest >= 5 && colon[-5] == '[' && cai_hexn(colon - 4, 4, &d->klass))
		d->has_class = true;
	char *desc = colon ? colon + 3 : rest;
	char *pi = strstr(desc, " (prog-if ");
	if (pi && cai_hexn(pi + 10, 2, &d->progif))
		d->has_progif = true;
	if (pi)
		*pi = '\0';
	char *rev = strstr(desc, " (rev ");
	if (rev) {
		snprintf(d->rev, sizeof(d->rev), "%.2s", rev + 6);
		*rev = '\0';
	}
	d->has_ids = pair_id(desc, &d->vid, &d->did);
	snprintf(d->desc, sizeof(d->desc), "%s", desc);
}

int cai_lspci_text_read(ca_host *h, const uint8_t *buf, size_t len)
{
	h->format = CA_FORMAT_LSPCI_TEXT;
	cai_lines l = {.buf = buf, .len = len};
	dev d = {0};
	size_t n = 0;
	int rc = 0;
	while (rc != -ENOMEM && cai_lines_next(&l)) {
		char *s = l.out;
		size_t sl = slot_len(s, strlen(s));
		if (sl) {
			rc = flush(h, &d, &n);
			header(&d, s, sl, l.line);
		} else if (d.line && (s[0] == '\t' || s[0] == ' ')) {
			char *p = s + strspn(s, " \t");
			if (strncmp(p, "Subsystem: ", 11) == 0)
				d.has_sub = pair_id(p + 11, &d.svid, &d.sdid);
		} else if (*s) {
			cai_host_diag(h, CA_DIAG_WARNING, "lspci.unrecognized-line", -1, l.line, -1,
				      "not a line of lspci -nn output: skipped");
		}
	}
	if (rc != -ENOMEM)
		rc = flush(h, &d, &n);
	return cai_source_devices_done(h, rc, n, "lspci.no-devices",
				       "no device with [vendor:device] ids was found (lspci -nn output expected)");
}
