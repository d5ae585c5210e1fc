/* SPDX-License-Identifier: MIT */
#include "util/memfile.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>

#define MEMFILE_FIRST 1024u

typedef struct memfile {
	char **ret_buf;
	size_t *ret_len;
	char *buf;
	size_t len, cap;
	bool failed;
	char stage[4096]; /* the stream's own buffer (setvbuf), flushed into buf */
} memfile;

static ssize_t memfile_write(void *cookie, const char *data, size_t n)
{
	memfile *m = cookie;
	if (m->failed)
		goto fail;
	if (m->cap - m->len < n + 1) {
		size_t cap = m->cap ? m->cap : MEMFILE_FIRST;
		while (cap - m->len < n + 1) {
			if (cap > SIZE_MAX / 2)
				goto fail;
			cap *= 2;
		}
		char *p = realloc(m->buf, cap);
		if (!p)
			goto fail;
		m->buf = p;
		m->cap = cap;
	}
	memcpy(m->buf + m->len, data, n);
	m->len += n;
	return (ssize_t)n;
fail:
	m->failed = true;
	errno = ENOMEM;
	return 0;
}

static int memfile_close(void *cookie)
{
	memfile *m = cookie;
	if (!m->failed && !m->buf)
		m->buf = malloc(1);
	int r = 0;
	if (m->failed || !m->buf) {
		free(m->buf);
		*m->ret_buf = NULL;
		*m->ret_len = 0;
		errno = ENOMEM;
		r = -1;
	} else {
		m->buf[m->len] = '\0';
		*m->ret_buf = m->buf;
		*m->ret_len = m->len;
	}
	free(m);
	return r;
}

FILE *cai_memfile_open(char **ret_buf, size_t *ret_len)
{
	memfile *m = malloc(sizeof(*m));
	if (!m) {
		errno = ENOMEM;
		return NULL;
	}
	*m = (memfile){.ret_buf = ret_buf, .ret_len = ret_len};
	*ret_buf = NULL;
	*ret_len = 0;
	cookie_io_functions_t io = {.write = memfile_write, .close = memfile_close};
	FILE *f = fopencookie(m, "w", io);
	if (!f) {
		free(m);
		errno = ENOMEM;
		return NULL;
	}
	setvbuf(f, m->stage, _IOFBF, sizeof(m->stage));
	/* one thread writes a host's part: no lock taken for every call */
	__fsetlocking(f, FSETLOCKING_BYCALLER);
	return f;
}
