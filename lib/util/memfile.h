/* SPDX-License-Identifier: MIT */
/* A stream that writes to a growing buffer in memory, as open_memstream()
 * does, without its zeroed 8 KiB first buffer: for the report part of every
 * host, where most parts are a few hundred bytes. */
#ifndef CA_UTIL_MEMFILE_H
#define CA_UTIL_MEMFILE_H

#include <stdio.h>

/* Opens a stream for writing whose bytes, once it is closed with fclose(),
 * are in *ret_buf (malloc'd, the caller frees, a NUL after the data) with
 * their count in *ret_len. When fclose() fails (out of memory), *ret_buf is
 * NULL. The stream takes no lock (FSETLOCKING_BYCALLER): one thread at a
 * time writes it. Returns the stream, or NULL (errno ENOMEM). */
FILE *cai_memfile_open(char **ret_buf, size_t *ret_len);

#endif
