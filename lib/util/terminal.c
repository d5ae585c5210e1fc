/* SPDX-License-Identifier: MIT */
/* What may reach a terminal: the one sanitiser every printed string goes
 * through (table writer, CLI messages, identify, rules show). */
#include "chipaudit/chipaudit.h"

#include <stdlib.h>
#include <string.h>

/* Decodes one UTF-8 character (shortest form, no surrogates). Returns its
 * length and code point, or 0 when s does not start with one. */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *ret_cp)
{
	if (len == 0)
		return 0;
	unsigned char c = s[0];
	size_t n;
	uint32_t cp, min;
	if (c < 0x80)
		n = 1, cp = c, min = 0;
	else if ((c & 0xE0) == 0xC0)
		n = 2, cp = c & 0x1F, min = 0x80;
	else if ((c & 0xF0) == 0xE0)
		n = 3, cp = c & 0x0F, min = 0x800;
	else if ((c & 0xF8) == 0xF0)
		n = 4, cp = c & 0x07, min = 0x10000;
	else
		return 0;
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	*ret_cp = cp;
	return n;
}

static bool unsafe(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C ||
	       cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

size_t ca_terminal_char_len(const char *s, size_t len)
{
	uint32_t cp;
	size_t n = utf8_decode((const unsigned char *)s, len, &cp);
	return n && !unsafe(cp) ? n : 0;
}

char *ca_terminal_text(const char *text)
{
	size_t len = strlen(text);
	char *out = malloc(len + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		/* printable ASCII, most of any text, is kept as it is */
		unsigned char c = (unsigned char)text[i];
		if (c >= 0x20 && c < 0x7F) {
			out[o++] = (char)c;
			i++;
			continue;
		}
		size_t n = ca_terminal_char_len(text + i, len - i);
		if (n == 0) {
			out[o++] = '?';
			i++;
			continue;
		}
		memcpy(out + o, text + i, n);
		o += n;
		i += n;
	}
	out[o] = '\0';
	return out;
}
