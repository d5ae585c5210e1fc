/* SPDX-License-Identifier: MIT */
/* Names of USB vendors and products from the usb.ids database (Debian's
 * usb.ids package: /usr/share/misc/usb.ids), read once per process. */
#ifndef CA_UTIL_USB_IDS_H
#define CA_UTIL_USB_IDS_H

#include <stdint.h>

/* The vendor's name, or NULL when unknown or no database is installed. */
const char *cai_usb_ids_vendor(uint16_t vendor);

/* The product's name, or NULL. */
const char *cai_usb_ids_product(uint16_t vendor, uint16_t product);

#endif
