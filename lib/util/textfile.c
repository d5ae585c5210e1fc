/* SPDX-License-Identifier: MIT */
#include "util/textfile.h"
#include "util/file.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *cai_read_text_file(const char *path, size_t cap, size_t *ret_len, int *ret_err,
			char **ret_message)
{
	int err = 0;
	char *buf = (char *)cai_file_read(path, cap, ret_len, &err);
	if (!buf) {
		*ret_err = err;
		if (ret_message && asprintf(ret_message, "%s: %s", path, cai_file_strerror(err)) < 0)
			*ret_message = NULL;
	}
	return buf;
}

/* One conversion of the subset cai_text_format() writes itself:
 * %[0][WIDTH][.PRECISION][z]C with C one of s d u x X (no precision and
 * z only for the integers, no 0 for s), or %%. */
typedef struct conversion {
	bool zero;
	bool size_t_arg; /* z: a size_t (u, x, X) or ssize_t (d) */
	int width, precision; /* -1: none */
	char c;
	size_t len; /* of the specification, '%' included */
} conversion;

static bool parse_conversion(const char *p, conversion *cv)
{
	const char *s = p + 1;
	*cv = (conversion){.width = -1, .precision = -1};
	if (*s == '%') {
		cv->c = '%';
		cv->len = 2;
		return true;
	}
	if (*s == '0') {
		cv->zero = true;
		s++;
	}
	for (int n = 0; *s >= '0' && *s <= '9'; s++) {
		if (++n > 3)
			return false;
		cv->width = (cv->width < 0 ? 0 : cv->width * 10) + (*s - '0');
	}
	if (*s == '.') {
		s++;
		cv->precision = 0;
		for (int n = 0; *s >= '0' && *s <= '9'; s++) {
			if (++n > 4)
				return false;
			cv->precision = cv->precision * 10 + (*s - '0');
		}
	}
	if (*s == 'z') {
		cv->size_t_arg = true;
		s++;
	}
	cv->c = *s;
	cv->len = (size_t)(s + 1 - p);
	if (cv->c == 's')
		return !cv->zero && !cv->size_t_arg;
	return (cv->c == 'd' || cv->c == 'u' || cv->c == 'x' || cv->c == 'X') && cv->precision < 0;
}

/* True when every conversion of fmt is one parse_conversion() takes. */
static bool fast_format(const char *fmt)
{
	conversion cv;
	for (const char *p = strchr(fmt, '%'); p; p = strchr(p + cv.len, '%'))
		if (!parse_conversion(p, &cv))
			return false;
	return true;
}

/* Output into buf of size (at least 1): what fits, always NUL-ended. */
typedef struct sink_buf {
	char *buf;
	size_t size, len;
} sink_buf;

static void put(sink_buf *o, const char *s, size_t n)
{
	size_t room = o->size - 1 - o->len;
	if (n > room)
		n = room;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void pad(sink_buf *o, char c, int n)
{
	for (; n > 0 && o->len + 1 < o->size; n--)
		o->buf[o->len++] = c;
}

/* fmt (fast_format() true) into buf, exactly as vsnprintf() writes it. */
static void format_fast(char *buf, size_t size, const char *fmt, va_list ap)
{
	sink_buf o = {buf, size, 0};
	const char *p = fmt;
	for (const char *pc = strchr(p, '%'); pc; pc = strchr(p, '%')) {
		put(&o, p, (size_t)(pc - p));
		conversion cv;
		parse_conversion(pc, &cv);
		p = pc + cv.len;
		if (cv.c == '%') {
			put(&o, "%", 1);
			continue;
		}
		if (cv.c == 's') {
			const char *s = va_arg(ap, const char *);
			if (!s) /* as glibc prints it */
				s = cv.precision < 0 || cv.precision >= 6 ? "(null)" : "";
			size_t n = cv.precision < 0 ? strlen(s) : strnlen(s, (size_t)cv.precision);
			pad(&o, ' ', cv.width - (int)n);
			put(&o, s, n);
			continue;
		}
		char digits[24];
		size_t nd = 0;
		bool negative = false;
		size_t v;
		if (cv.c == 'd') {
			/* ssize_t for %zd: ptrdiff_t has its width and sign */
			ptrdiff_t d = cv.size_t_arg ? va_arg(ap, ptrdiff_t) : va_arg(ap, int);
			negative = d < 0;
			v = negative ? (size_t)0 - (size_t)d : (size_t)d;
		} else {
			v = cv.size_t_arg ? va_arg(ap, size_t) : va_arg(ap, unsigned);
		}
		unsigned base = cv.c == 'x' || cv.c == 'X' ? 16 : 10;
		const char *set = cv.c == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
		do {
			digits[nd++] = set[v % base];
			v /= base;
		} while (v);
		int fill = cv.width - (int)nd - (negative ? 1 : 0);
		if (!cv.zero)
			pad(&o, ' ', fill);
		if (negative)
			put(&o, "-", 1);
		if (cv.zero)
			pad(&o, '0', fill);
		while (nd)
			put(&o, &digits[--nd], 1);
	}
	put(&o, p, strlen(p));
	o.buf[o.len] = '\0';
}

void cai_text_format(char *buf, size_t size, const char *fmt, ...)
{
	if (!size)
		return;
	va_list ap;
	va_start(ap, fmt);
	/* the conversions evidence texts use are written here: vsnprintf()
	 * costs several times as much for them */
	if (fast_format(fmt)) {
		format_fast(buf, size, fmt, ap);
	} else if (vsnprintf(buf, size, fmt, ap) < 0) {
		buf[0] = '\0';
	}
	va_end(ap);
}

void cai_error_at(char **slot, const char *name, unsigned line, const char *fmt, va_list ap)
{
	if (*slot)
		return;
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (asprintf(slot, "%s:%u: %s", name, line, msg) < 0)
		*slot = NULL;
}
