/* SPDX-License-Identifier: MIT */
/* The data directory the CLI reads installed data from. */
#ifndef CHIPAUDIT_DATADIR_H
#define CHIPAUDIT_DATADIR_H

#include "cli.h"

/* The installed data files found in the data directory. */
typedef struct data_files {
	const char *dir; /* the data directory, or NULL when none is used */
	char **kb;       /* DIR/kb/ *.ini, sorted */
	size_t n_kb;
	char **rules;    /* DIR/rules/ *.yaml then DIR/profiles/ *.yaml, each sorted */
	size_t n_rules;
} data_files;

/* The data directory: $CHIPAUDIT_DATA_DIR when set (empty: none), else
 * the one chosen at build time (DATADIR/chipaudit). Never NULL unless the
 * variable is set and empty. */
const char *data_dir(void);

/* Lists the data directory's files into d (hidden files skipped; a missing
 * directory or subfolder holds none). Returns an exit code, the failure
 * (a folder that cannot be listed, out of memory) printed; d is then empty. */
int data_files_find(data_files *d);

/* Frees what data_files_find() listed. */
void data_files_free(data_files *d);

/* The screening-list snapshot `chipaudit lists import` writes:
 * $XDG_DATA_HOME/chipaudit/export/screening-lists.tsv (default
 * ~/.local/share/...), malloc'd; NULL when neither variable is set. With
 * create, its folders are made. */
char *user_lists_path(bool create);

/* Opens the screening lists: path when given (--lists), else the user's
 * imported snapshot, else the data directory's export/screening-lists.tsv,
 * else the one built in. Returns an exit code (the failure printed, prefixed
 * "chipaudit COMMAND:"). */
struct ca_export_lists;
int export_lists_open(const char *command, const char *path, struct ca_export_lists **ret);

#endif
