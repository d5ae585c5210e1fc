/* SPDX-License-Identifier: MIT */
/* The text layer of lists: whatever encoding a spreadsheet saved, UTF-8
 * out (glibc iconv for UTF-16 and GB18030). */
#include "bom/bom.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* The length of the UTF-8 character at s (1 to 4 bytes, no overlongs, no
 * surrogates) when s[0..left) starts with a valid one, else 0. */
static size_t utf8_char(const uint8_t *s, size_t left)
{
	uint8_t b = s[0];
	if (b < 0x80)
		return 1;
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
		return 0;
	}
	if (left <= n)
		return 0;
	for (size_t k = 1; k <= n; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[k] & 0x3F);
	}
	if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return n + 1;
}

/* The length of the run of ASCII bytes at s[0..left), found eight bytes
 * at a time (lists are mostly ASCII; the byte loop was a tenth of a list's
 * screening time). */
static size_t ascii_run(const uint8_t *s, size_t left)
{
	size_t i = 0;
	for (uint64_t w; i + 8 <= left; i += 8) {
		memcpy(&w, s + i, 8);
		if (w & UINT64_C(0x8080808080808080))
			break;
	}
	while (i < left && s[i] < 0x80)
		i++;
	return i;
}

/* True when buf[0..len) is valid UTF-8. */
static bool valid_utf8(const uint8_t *s, size_t len)
{
	for (size_t i = 0, n; i < len; i += n) {
		i += ascii_run(s + i, len - i);
		if (i == len)
			break;
		if ((n = utf8_char(s + i, len - i)) == 0)
			return false;
	}
	return true;
}

size_t cai_bom_utf8_scrub(uint8_t *s, size_t len, bool final, int64_t *ret_bad)
{
	size_t i = 0;
	while (i < len) {
		i += ascii_run(s + i, len - i);
		if (i == len)
			break;
		size_t n = utf8_char(s + i, len - i);
		if (n) {
			i += n;
			continue;
		}
		/* a lead byte whose character the end cuts: checked with the next bytes */
		uint8_t b = s[i];
		size_t want = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
		if (!final && want && len - i < want) {
			bool prefix = true;
			for (size_t k = i + 1; k < len; k++)
				prefix &= (s[k] & 0xC0) == 0x80;
			if (prefix)
				return i;
		}
		if (*ret_bad < 0)
			*ret_bad = (int64_t)i;
		s[i++] = '?';
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
