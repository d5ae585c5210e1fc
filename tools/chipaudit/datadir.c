/* SPDX-License-Identifier: MIT */
/* The data directory: installed rule packs, profiles and knowledge-base
 * files, loaded over the built-in copies (docs/install.md). */
#include "datadir.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chipaudit/export.h"

#ifndef CHIPAUDIT_DATA_DIR
#error "CHIPAUDIT_DATA_DIR must name the installed data directory"
#endif

const char *data_dir(void)
{
	const char *env = getenv("CHIPAUDIT_DATA_DIR");
	if (env)
		return *env ? env : NULL;
	return CHIPAUDIT_DATA_DIR;
}

static bool has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), s = strlen(suffix);
	return n > s && strcmp(name + n - s, suffix) == 0;
}

static int no_hidden(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

/* Appends DIR/SUB/NAME for every NAME ending in suffix in DIR/SUB, in sorted
 * order, to *paths. A missing DIR/SUB adds nothing. Returns 0 or -errno. */
static int add_files(const char *dir, const char *sub, const char *suffix, char ***paths, size_t *n)
{
	char *folder;
	if (asprintf(&folder, "%s/%s", dir, sub) < 0)
		return -ENOMEM;
	struct dirent **names = NULL;
	int count = scandir(folder, &names, no_hidden, alphasort);
	if (count < 0) {
		int rc = errno == ENOENT ? 0 : -errno;
		free(folder);
		return rc;
	}
	int rc = 0;
	for (int i = 0; i < count; i++) {
		if (rc == 0 && has_suffix(names[i]->d_name, suffix)) {
			char **grown = realloc(*paths, (*n + 1) * sizeof(**paths));
			if (!grown || asprintf(&grown[*n], "%s/%s", folder, names[i]->d_name) < 0)
				rc = -ENOMEM;
			if (grown)
				*paths = grown;
			if (rc == 0)
				(*n)++;
		}
		free(names[i]);
	}
	free(names);
	free(folder);
	return rc;
}

int data_files_find(data_files *d)
{
	*d = (data_files){.dir = data_dir()};
	if (!d->dir)
		return 0;
	int rc = add_files(d->dir, "kb", ".ini", &d->kb, &d->n_kb);
	if (rc == 0)
		rc = add_files(d->dir, "rules", ".yaml", &d->rules, &d->n_rules);
	if (rc == 0)
		rc = add_files(d->dir, "profiles", ".yaml", &d->rules, &d->n_rules);
	if (rc < 0) {
		if (rc == -ENOMEM)
			fprintf(stderr, "chipaudit: out of memory\n");
		else
			fprintf(stderr, "chipaudit: data directory %s: %s\n", ts(d->dir), ts(strerror(-rc)));
		data_files_free(d);
		return rc == -ENOMEM ? EXIT_INTERNAL : EXIT_BAD_INPUT;
	}
	return EXIT_OK;
}

void data_files_free(data_files *d)
{
	for (size_t i = 0; i < d->n_kb; i++)
		free(d->kb[i]);
	for (size_t i = 0; i < d->n_rules; i++)
		free(d->rules[i]);
	free(d->kb);
	free(d->rules);
	*d = (data_files){0};
}

char *user_lists_path(bool create)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	char *base;
	if (xdg && *xdg) {
		if (asprintf(&base, "%s/chipaudit", xdg) < 0)
			return NULL;
	} else if (home && *home) {
		if (asprintf(&base, "%s/.local/share/chipaudit", home) < 0)
			return NULL;
	} else {
		return NULL;
	}
	char *path = NULL;
	if (create) {
		/* make every folder of BASE/export */
		for (char *p = base + 1; *p; p++)
			if (*p == '/') {
				*p = '\0';
				mkdir(base, 0755);
				*p = '/';
			}
		mkdir(base, 0755);
	}
	if (asprintf(&path, "%s/export", base) >= 0) {
		if (create)
			mkdir(path, 0755);
		free(path);
		if (asprintf(&path, "%s/export/screening-lists.tsv", base) < 0)
			path = NULL;
	} else {
		path = NULL;
	}
	free(base);
	return path;
}

int export_lists_open(const char *command, const char *path, ca_export_lists **ret)
{
	char *err = NULL, *own = NULL;
	int rc;
	if (!path) {
		struct stat st;
		own = user_lists_path(false);
		if (own && stat(own, &st) == 0) {
			path = own;
		} else {
			free(own);
			own = NULL;
			const char *dir = data_dir();
			if (dir && asprintf(&own, "%s/export/screening-lists.tsv", dir) >= 0 && stat(own, &st) == 0)
				path = own;
		}
	}
	if (path)
		rc = ca_export_lists_load_file(path, ret, &err);
	else
		rc = ca_export_lists_builtin(ret);
	free(own);
	if (rc < 0) {
		fprintf(stderr, "chipaudit %s: %s\n", command, err ? ts(err) : "out of memory");
		free(err);
		return rc == -ENOMEM ? EXIT_INTERNAL : EXIT_BAD_INPUT;
	}
	return EXIT_OK;
}
