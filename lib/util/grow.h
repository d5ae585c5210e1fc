/* SPDX-License-Identifier: MIT */
/* Growing an array by doubling: the one helper every growable list uses. */
#ifndef CA_UTIL_GROW_H
#define CA_UTIL_GROW_H

#include <errno.h>
#include <stdlib.h>

/* Makes *array (of *cap elements of elem bytes) hold at least need
 * elements, doubling from 16. Returns 0, or -ENOMEM with the array as it was. */
static inline int cai_grow(void **array, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 16;
	while (ncap < need)
		ncap *= 2;
	void *p = realloc(*array, ncap * elem);
	if (!p)
		return -ENOMEM;
	*array = p;
	*cap = ncap;
	return 0;
}

#endif
