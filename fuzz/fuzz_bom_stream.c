/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: a list read in parts (ca_bom_list, chipaudit bom on
 * long lists) from a file, parts of 7 lines so every part boundary is
 * crossed: the window reader, alternates across parts, each part assessed
 * and written by every sink. */
#include "fuzz_common.h"

#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ca_policy *policy;
	static FILE *devnull;
	fuzz_policy_once(&policy, &devnull, "cn-cii-bank", "2026-11-30");
	int fd = memfd_create("fuzz-bom", MFD_CLOEXEC);
	if (fd < 0)
		abort();
	if (size && write(fd, data, size) != (ssize_t)size)
		abort();
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ca_bom_list *l;
	if (ca_bom_list_open(path, NULL, &l) < 0)
		abort();
	ca_sink *sink;
	if (ca_sink_open_for("json", devnull, policy, &sink) < 0)
		abort();
	for (size_t part = 0; !ca_bom_list_done(l) && part < 10000; part++) {
		ca_assessment *a;
		if (ca_assessment_new(policy, "fuzz", &a) < 0)
			break;
		int rc = ca_assessment_add_bom_part(a, l, 7);
		if (rc != -ENOMEM && ca_assessment_finish(a) == 0)
			(void)ca_sink_add_host(sink, a);
		ca_assessment_free(a);
	}
	(void)ca_sink_close(sink, true);
	ca_bom_list_free(l);
	close(fd);
	return 0;
}
