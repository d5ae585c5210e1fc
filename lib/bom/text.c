/* SPDX-License-Identifier: MIT */
/* The text layer of lists: whatever encoding a spreadsheet saved, UTF-8
 * out (glibc iconv for UTF-16 and GB18030). */
#include "bom/bom.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* True when buf[0..len) is valid UTF-8 (no overlongs, no surrogates). */
static bool valid_utf8(const uint8_t *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint8_t b = s[i];
		if (b < 0x80) {
			i++;
			continue;
		}
		size_t n;
		uint32_t cp;
		if (b >= 0xC2 && b <= 0xDF) {
			n = 1;
			cp = b & 0x1F;
		} else if (b >= 0xE0 && b <= 0xEF) {
			n = 2;
			cp = b & 0x0F;
		} else if (b >= 0xF0 && b <= 0xF4) {
			n = 3;
			cp = b & 0x07;
		} else {
			return false;
		}
		if (len - i <= n)
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return false;
		i += n + 1;
	}
	return true;
}

size_t cai_bom_utf8_scrub(uint8_t *s, size_t len, bool final, int64_t *ret_bad)
{
	size_t i = 0;
	while (i < len) {
		uint8_t b = s[i];
		if (b < 0x80) {
			i++;
			continue;
		}
		size_t n = b >= 0xC2 && b <= 0xDF ? 1 : b >= 0xE0 && b <= 0xEF ? 2 : b >= 0xF0 && b <= 0xF4 ? 3 : 0;
		if (n && len - i <= n && !final)
			return i; /* a character cut at the end: checked with the next bytes */
		bool ok = n && len - i > n && valid_utf8(s + i, n + 1);
		if (!ok) {
			if (*ret_bad < 0)
				*ret_bad = (int64_t)i;
			s[i++] = '?';
			continue;
		}
		i += n + 1;
	}
	return i;
}

static int convert(const char *from, const uint8_t *buf, size_t len, char **ret, size_t *ret_len,
		   int64_t *ret_bad)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return -EIO;
	if (len > (SIZE_MAX - 16) / 4) {
		iconv_close(cd);
		return -ENOMEM;
	}
	size_t cap = len * 4 + 16; /* UTF-8 is at most 4 bytes per GB18030 or UTF-16 unit pair */
	char *out = malloc(cap);
	if (!out) {
		iconv_close(cd);
		return -ENOMEM;
	}
	char *in = (char *)(uintptr_t)buf, *o = out;
	size_t left = len, room = cap - 4;
	while (left) {
		if (iconv(cd, &in, &left, &o, &room) != (size_t)-1)
			break;
		if (errno == E2BIG)
			break; /* cannot happen with the room above; stop safely */
		/* EILSEQ (a byte sequence not of the encoding) or EINVAL (cut at the end) */
		if (*ret_bad < 0)
			*ret_bad = (int64_t)(len - left);
		if (room < 3)
			break;
		memcpy(o, "\xEF\xBF\xBD", 3);
		o += 3;
		room -= 3;
		size_t skip = errno == EINVAL ? left : (strstr(from, "16") ? 2 : 1);
		if (skip > left)
			skip = left;
		in += skip;
		left -= skip;
	}
	iconv_close(cd);
	*o = '\0';
	*ret = out;
	*ret_len = (size_t)(o - out);
	return 0;
}

int cai_bom_to_utf8(const uint8_t *buf, size_t len, char **ret, size_t *ret_len,
		    const char **ret_encoding, int64_t *ret_bad)
{
	*ret_bad = -1;
	if (len >= 2 && ((buf[0] == 0xFF && buf[1] == 0xFE) || (buf[0] == 0xFE && buf[1] == 0xFF))) {
		bool le = buf[0] == 0xFF;
		*ret_encoding = le ? "utf-16le" : "utf-16be";
		int rc = convert(le ? "UTF-16LE" : "UTF-16BE", buf + 2, len - 2, ret, ret_len, ret_bad);
		if (rc == 0 && *ret_bad >= 0)
			*ret_bad += 2;
		return rc;
	}
	size_t skip = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	if (skip || valid_utf8(buf, len)) {
		*ret_encoding = skip ? "utf-8-bom" : "utf-8";
		if (skip && !valid_utf8(buf + skip, len - skip))
			return convert("UTF-8", buf + skip, len - skip, ret, ret_len, ret_bad);
		char *out = malloc(len - skip + 1);
		if (!out)
			return -ENOMEM;
		memcpy(out, buf + skip, len - skip);
		out[len - skip] = '\0';
		*ret = out;
		*ret_len = len - skip;
		return 0;
	}
	*ret_encoding = "gb18030";
	return convert("GB18030", buf, len, ret, ret_len, ret_bad);
}
