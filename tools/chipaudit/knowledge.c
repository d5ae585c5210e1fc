/* SPDX-License-Identifier: MIT */
/* Knowledge-base options shared by the subcommands: --kb FILE, --as-of DATE,
 * and CHIPAUDIT_KB (colon-separated files loaded before --kb files). */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int knowledge_add_file(knowledge_options *k, const char *path)
{
	if (k->n_files >= KNOWLEDGE_MAX_FILES) {
		fprintf(stderr, "chipaudit: at most %u --kb files\n", KNOWLEDGE_MAX_FILES);
		return -1;
	}
	k->files[k->n_files++] = path;
	return 0;
}

bool knowledge_set_date(knowledge_options *k, const char *date)
{
	size_t n = strlen(date);
	bool ok = n == 10 && date[4] == '-' && date[7] == '-';
	for (size_t i = 0; ok && i < n; i++)
		ok = (i == 4 || i == 7) || (date[i] >= '0' && date[i] <= '9');
	if (!ok) {
		fprintf(stderr, "chipaudit: --as-of takes a date written YYYY-MM-DD, not '%s'\n", date);
		return false;
	}
	k->as_of = date;
	return true;
}

static int load_one(ca_kb *kb, const char *path)
{
	char *err = NULL;
	if (ca_kb_load_file(kb, path, &err) < 0) {
		fprintf(stderr, "chipaudit: %s\n", err ? err : path);
		free(err);
		return -1;
	}
	return 0;
}

int knowledge_open(const knowledge_options *k, ca_kb **ret_kb)
{
	ca_kb *kb;
	if (ca_kb_new(&kb) < 0) {
		fprintf(stderr, "chipaudit: cannot load the built-in knowledge base\n");
		return EXIT_INTERNAL;
	}
	const char *env = getenv("CHIPAUDIT_KB");
	if (env && *env) {
		char *copy = strdup(env), *save = NULL;
		for (char *p = copy ? strtok_r(copy, ":", &save) : NULL; p; p = strtok_r(NULL, ":", &save))
			if (load_one(kb, p) < 0) {
				free(copy);
				ca_kb_free(kb);
				return EXIT_BAD_INPUT;
			}
		free(copy);
	}
	for (size_t i = 0; i < k->n_files; i++)
		if (load_one(kb, k->files[i]) < 0) {
			ca_kb_free(kb);
			return EXIT_BAD_INPUT;
		}
	*ret_kb = kb;
	return EXIT_OK;
}
