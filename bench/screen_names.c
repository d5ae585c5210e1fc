/* SPDX-License-Identifier: MIT */
/*
 * Screening benchmark (bench/README.md): matches every name of a file
 * written by bench/gen_party_names.py against the full screening lists on
 * one thread, and prints names per second, peak memory, and the precision
 * and recall of the probable band.
 * usage: screen_names NAMES.tsv
 */
#include "chipaudit/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: screen_names NAMES.tsv\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	/* the names in memory first, so the timing is the matching only */
	size_t cap = 1 << 20, n = 0;
	char **names = malloc(cap * sizeof(char *)), **expected = malloc(cap * sizeof(char *));
	char line[4096];
	while (names && expected && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		if (n == cap) {
			cap *= 2;
			names = realloc(names, cap * sizeof(char *));
			expected = realloc(expected, cap * sizeof(char *));
			if (!names || !expected)
				break;
		}
		names[n] = strdup(line);
		expected[n] = strdup(tab + 1);
		n++;
	}
	fclose(f);
	if (!names || !expected)
		return 3;
	double t0 = now();
	ca_export_lists *l;
	if (ca_export_lists_builtin(&l) < 0)
		return 3;
	double t1 = now();
	size_t tp = 0, fp = 0, fn = 0, pos = 0, review_only = 0;
	(void)fn;
	for (size_t i = 0; i < n; i++) {
		ca_party_hit h[8];
		int k = ca_export_match(l, names[i], NULL, h, 8);
		bool listed = expected[i][0] != '\0';
		pos += listed;
		bool found = false, any_probable = false, in_review = false;
		for (int j = 0; j < k; j++) {
			char e[2048];
			snprintf(e, sizeof(e), "%s|%s", h[j].list, h[j].entry);
			bool right = listed && strcmp(e, expected[i]) == 0;
			if (h[j].band == CA_MATCH_PROBABLE) {
				any_probable = true;
				found |= right;
			} else {
				in_review |= right;
			}
		}
		/* a name flagged probable is right when the entry it was made
		 * from is among its probable hits; flagged otherwise, wrong */
		if (any_probable && found)
			tp++;
		else if (any_probable)
			fp++;
		if (listed && !found) {
			fn++;
			review_only += in_review;
		}
	}
	double t2 = now();
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("lists: %s, %zu entries, loaded and indexed in %.2f s\n", ca_export_lists_vintage(l),
	       ca_export_lists_count(l), t1 - t0);
	printf("names: %zu (%zu made from listed entries, %zu unrelated companies)\n", n, pos, n - pos);
	printf("matching: %.2f s on one thread, %.0f names/s\n", t2 - t1, (double)n / (t2 - t1));
	printf("peak memory (max RSS): %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
	printf("probable band: precision %.4f (%zu right, %zu wrong), recall %.4f (%zu of %zu listed names; "
	       "%zu more in the review band)\n",
	       tp + fp ? (double)tp / (double)(tp + fp) : 0.0, tp, fp, pos ? (double)tp / (double)pos : 0.0, tp, pos,
	       review_only);
	ca_export_lists_free(l);
	for (size_t i = 0; i < n; i++) {
		free(names[i]);
		free(expected[i]);
	}
	free(names);
	free(expected);
	return 0;
}
