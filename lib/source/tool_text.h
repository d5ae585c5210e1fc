/* SPDX-License-Identifier: MIT */
/* Line-by-line reading of saved tool output (lspci, lsusb): bounded,
 * never past len, NUL bytes and overlong lines said once by line. */
#ifndef CA_SOURCE_TOOL_TEXT_H
#define CA_SOURCE_TOOL_TEXT_H

#include "host_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define CAI_TOOL_LINE 1024

typedef struct cai_lines {
	const uint8_t *buf;
	size_t len, pos;
	uint32_t line;  /* 1-based number of the line in out */
	char out[CAI_TOOL_LINE];
	bool cut;       /* the line was longer than out and was cut */
} cai_lines;

/* The next line into l->out (CR and LF removed, NUL bytes as '?'); false at the end. */
static inline bool cai_lines_next(cai_lines *l)
{
	if (l->pos >= l->len)
		return false;
	size_t n = 0;
	l->cut = false;
	l->line++;
	while (l->pos < l->len && l->buf[l->pos] != '\n') {
		uint8_t c = l->buf[l->pos++];
		if (c == '\r')
			continue;
		if (n + 1 < sizeof(l->out))
			l->out[n++] = c ? (char)c : '?';
		else
			l->cut = true;
	}
	l->pos++; /* the newline */
	l->out[n] = '\0';
	return true;
}

/* Parses exactly n hex digits at s. */
static inline bool cai_hexn(const char *s, int n, unsigned *ret)
{
	unsigned v = 0;
	for (int i = 0; i < n; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return false;
		v = v << 4 | (unsigned)d;
	}
	*ret = v;
	return true;
}

/* The last "[hhhh]" (n hex digits) in s: its value, and the text before it
 * cut at the bracket (trailing blanks removed) when name is not NULL. */
static inline bool cai_bracket_id(char *s, int n, unsigned *ret, bool cut)
{
	for (char *p = strrchr(s, '['); p; p = p > s ? memrchr(s, '[', (size_t)(p - s)) : NULL) {
		if (strlen(p) >= (size_t)n + 2 && p[n + 1] == ']' && cai_hexn(p + 1, n, ret)) {
			if (cut) {
				*p = '\0';
				while (p > s && p[-1] == ' ')
					*--p = '\0';
			}
			return true;
		}
	}
	return false;
}

/* The first bytes of buf, skipping blank lines, start with prefix. */
static inline bool cai_starts_with_line(const uint8_t *buf, size_t len, const char *prefix)
{
	size_t i = 0;
	while (i < len && (buf[i] == '\n' || buf[i] == '\r' || buf[i] == ' '))
		i++;
	size_t n = strlen(prefix);
	return len - i >= n && memcmp(buf + i, prefix, n) == 0;
}

#endif
