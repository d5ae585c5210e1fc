/* SPDX-License-Identifier: MIT */
/*
 * cai_text_format() writes the conversions evidence texts use itself (%s,
 * %.Ns, %d, %u, %x, %X with 0 and a width, %%) and hands anything else to
 * vsnprintf(): either way its output must be snprintf()'s, byte for byte,
 * cut where snprintf() cuts it, for every buffer size.
 */
#include "util/textfile.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Both ways into buffers of every size from 0 to the text's length + 2;
 * a byte past what each may write must stay untouched. */
#define SAME_AS_SNPRINTF(fmt, ...)                                                                  \
	do {                                                                                        \
		char want[512], got[512];                                                           \
		int n_ = snprintf(want, sizeof(want), fmt, __VA_ARGS__);                             \
		assert_true(n_ >= 0 && n_ < 500);                                                     \
		for (size_t size = 0; size <= (size_t)n_ + 2; size++) {                              \
			memset(want, 0x5a, sizeof(want));                                           \
			memset(got, 0x5a, sizeof(got));                                             \
			snprintf(want, size, fmt, __VA_ARGS__);                                     \
			cai_text_format(got, size, fmt, __VA_ARGS__);                               \
			if (memcmp(want, got, sizeof(want)) != 0)                                   \
				fail_msg("%s, size %zu: \"%.*s\" against \"%.*s\"", fmt, size,      \
					 (int)(size ? size : 1), got, (int)(size ? size : 1), want);  \
		}                                                                                   \
	} while (0)

static void test_evidence_formats(void **state)
{
	(void)state;
	const char *model = "Micron_5300_MTFDDAK480TDS";
	SAME_AS_SNPRINTF("%s %s is %s's%s%s", "IEEE OUI Identifier", "0x00a075", "Micron", "", " (x)");
	SAME_AS_SNPRINTF("%s:%s", "ieee-oui", "micron");
	SAME_AS_SNPRINTF("0x%04x", 0x144du);
	SAME_AS_SNPRINTF("0x%06x", 0xa075u);
	SAME_AS_SNPRINTF("0x%02x", 0x15u);
	SAME_AS_SNPRINTF("\"%.24s\" (OUI %06x)", "5 00a075 1c4f1a2b00000000000000000000", 0xa075u);
	SAME_AS_SNPRINTF("Model \"%.80s\" matches the drive grammar of %s", model, "Micron");
	SAME_AS_SNPRINTF("jep106:%u:0x%02X", 1u, 0x2cu);
	SAME_AS_SNPRINTF("Bank %u, Hex 0x%02X is not an assigned JEP106 id%s", 13u, 0xfeu, "");
	SAME_AS_SNPRINTF("%d%%, %5d|%-5d|%05d", -42, -7, 7, -7);
	SAME_AS_SNPRINTF("%d %d %u %x %X", INT_MIN, INT_MAX, UINT_MAX, UINT_MAX, 0u);
	SAME_AS_SNPRINTF("%zu %zx %zd %zd", SIZE_MAX, SIZE_MAX, (ptrdiff_t)PTRDIFF_MIN, (ptrdiff_t)PTRDIFF_MAX);
	SAME_AS_SNPRINTF("memory modules (%zu of %zu slots populated; DRAM die makers known for %zu)",
			 (size_t)4, (size_t)16, (size_t)0);
	SAME_AS_SNPRINTF("%10s|%.3s|%8.3s|%.0s|", "abc", "abcdef", "abcdef", "abc");
	/* a null string as glibc prints it (hidden from the compiler's check) */
	const char *volatile none = NULL;
	SAME_AS_SNPRINTF("%s|%.3s|%.6s|%10s", none, none, none, none);
	SAME_AS_SNPRINTF("%5d|%05d|%3u|%02X", -7, -7, 7u, 10u);
	SAME_AS_SNPRINTF("UTF-8 %.5s and %s", "\xe4\xb8\xad\xe6\x96\x87\xe5\x90\x8d", "\xe7\xbe\x8e\xe5\x85\x89");
	/* not taken by the fast path: vsnprintf() writes them */
	SAME_AS_SNPRINTF("%ld %zu %c %-4s| %.*s %5.1f", -5L, (size_t)9, 'x', "ab", 2, "abc", 2.25);
	SAME_AS_SNPRINTF("%s", "no conversion after this %");
	SAME_AS_SNPRINTF("%s", "");
	SAME_AS_SNPRINTF("%s", "plain text, no conversion");
}

/* Random values and strings through every fast conversion. */
static void test_random(void **state)
{
	(void)state;
	srand(20261130);
	static const char alphabet[] = "abcXYZ019 _-\"%\xc3\xa9";
	for (int round = 0; round < 2000; round++) {
		char s[64];
		size_t n = (size_t)rand() % 60;
		for (size_t i = 0; i < n; i++)
			s[i] = alphabet[(size_t)rand() % (sizeof(alphabet) - 1)];
		s[n] = '\0';
		int d = rand() - RAND_MAX / 2;
		unsigned u = (unsigned)rand() * 2654435761u;
		SAME_AS_SNPRINTF("[%s] %d %u %x %X", s, d, u, u, u);
		SAME_AS_SNPRINTF("%.17s|%20s|%012d|%9u|%08x", s, s, d, u, u);
		size_t z = (size_t)u * (size_t)(unsigned)rand();
		SAME_AS_SNPRINTF("%zu|%22zu|%zx|%016zX|%zd|%zd", z, z, z, z, (ptrdiff_t)z, (ptrdiff_t)d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_evidence_formats),
		cmocka_unit_test(test_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
