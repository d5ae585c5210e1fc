/* SPDX-License-Identifier: MIT */
/* usb.ids: "VVVV  Vendor" lines, each followed by "\tPPPP  Product" lines;
 * the sections after the vendors (classes, languages, ...) start with a
 * letter and are not read. */
#include "util/usb_ids.h"
#include "util/file.h"
#include "util/grow.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define USB_IDS_CAP (16u * 1024u * 1024u)

typedef struct usb_id {
	uint32_t key; /* vendor, or vendor << 16 | product */
	bool is_vendor;
	const char *name;
} usb_id;

static char *text;
static usb_id *ids;
static size_t n_ids;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int hex4(const char *s, uint32_t *ret)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0)
			return -1;
		v = v << 4 | (uint32_t)d;
	}
	*ret = v;
	return 0;
}

static int by_key(const void *x, const void *y)
{
	const usb_id *a = x, *b = y;
	if (a->is_vendor != b->is_vendor)
		return a->is_vendor ? -1 : 1;
	return a->key < b->key ? -1 : a->key > b->key;
}

static void load(void)
{
	static const char *const paths[] = {"/usr/share/misc/usb.ids", "/var/lib/usbutils/usb.ids",
					    "/usr/share/hwdata/usb.ids"};
	size_t len = 0;
	int err = 0;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]) && !text; i++)
		text = (char *)cai_file_read(paths[i], USB_IDS_CAP, &len, &err);
	if (!text)
		return;
	size_t cap = 0;
	uint32_t vendor = 0;
	bool in_vendors = true;
	for (char *line = text; line && *line && in_vendors;) {
		char *next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		uint32_t v;
		usb_id id = {0};
		if (line[0] == '\t' && line[1] != '\t' && hex4(line + 1, &v) == 0 && line[5] == ' ' && line[6] == ' ')
			id = (usb_id){vendor << 16 | v, false, line + 7};
		else if (hex4(line, &v) == 0 && line[4] == ' ' && line[5] == ' ')
			vendor = v, id = (usb_id){v, true, line + 6};
		else if (line[0] != '#' && line[0] != '\t' && line[0] != '\0')
			in_vendors = false;
		if (id.name && cai_grow((void **)&ids, &cap, n_ids + 1, sizeof(*ids)) == 0)
			ids[n_ids++] = id;
		line = next;
	}
	qsort(ids, n_ids, sizeof(*ids), by_key);
}

static const char *find(uint32_t key, bool is_vendor)
{
	pthread_once(&once, load);
	usb_id probe = {key, is_vendor, NULL};
	const usb_id *hit = n_ids ? bsearch(&probe, ids, n_ids, sizeof(*ids), by_key) : NULL;
	return hit ? hit->name : NULL;
}

const char *cai_usb_ids_vendor(uint16_t vendor)
{
	return find(vendor, true);
}

const char *cai_usb_ids_product(uint16_t vendor, uint16_t product)
{
	return find((uint32_t)vendor << 16 | product, false);
}
