/* SPDX-License-Identifier: MIT */
/* Bills of materials and purchase lists as evidence (lib/bom/): the text
 * layer (encodings), the table layer (header, column roles, alternates) and
 * one reader per format. Lines become records of a ca_host. */
#ifndef CA_BOM_BOM_H
#define CA_BOM_BOM_H

#include "chipaudit/assess.h"
#include "host_internal.h"
#include "util/cursor.h"

#include <stddef.h>
#include <stdint.h>

/* The record type of a line of a list (never an SMBIOS type a list holds). */
#define CAI_BOM_RECORD 255u

/* Converts buf to UTF-8: a UTF-8 byte order mark is dropped, UTF-16 with a
 * byte order mark is converted, valid UTF-8 is kept, anything else is read
 * as GB18030 (which includes GBK and GB2312). Bytes that cannot be
 * converted become U+FFFD; *ret_bad is the offset of the first one, or -1.
 * *ret_encoding gets "utf-8", "utf-8-bom", "utf-16le", "utf-16be" or
 * "gb18030". Returns 0 and a malloc'd NUL-terminated text, or -ENOMEM /
 * -EIO (iconv cannot convert at all). */
int cai_bom_to_utf8(const uint8_t *buf, size_t len, char **ret, size_t *ret_len,
		    const char **ret_encoding, int64_t *ret_bad);

/* Checks s[0..len) as UTF-8 and replaces each byte that is not part of a
 * valid character by '?' (*ret_bad gets the offset of the first, when it
 * is -1). Unless final, a character cut at the end is left for the next
 * call. Returns the number of bytes checked. */
size_t cai_bom_utf8_scrub(uint8_t *s, size_t len, bool final, int64_t *ret_bad);

/* Column roles of a list. */
typedef enum cai_bom_role {
	CAI_BOM_MAKER = 0,
	CAI_BOM_PART,
	CAI_BOM_DESC,
	CAI_BOM_QTY,
	CAI_BOM_REF,
	CAI_BOM_ROLES,
} cai_bom_role;

#define CAI_BOM_MAX_ALTERNATES 8

/* Which column (0-based, -1: none) plays each role, and the alternate
 * maker/part column pairs of the same row. */
typedef struct cai_bom_columns {
	int col[CAI_BOM_ROLES];
	struct {
		int maker, part;
	} alt[CAI_BOM_MAX_ALTERNATES];
	size_t n_alt;
	bool header;        /* a header row was found */
} cai_bom_columns;

/* Parses --columns ("maker=3,part=5,desc=7,qty=2,ref=1"; 1-based) into
 * *ret (roles not named are -1). Returns 0 or -EINVAL. */
int cai_bom_columns_parse(const char *spec, cai_bom_columns *ret);

/* Reads cells[0..n) as a header row: fills *ret with the roles its names
 * give (English and Chinese synonyms) and returns how many roles were
 * found (a header names at least two, one of them maker, part or
 * description). */
int cai_bom_header(char *const *cells, size_t n, cai_bom_columns *ret);

/* A table reader's state across rows: the columns, the header's names,
 * and the last main line (alternate rows belong to it). */
typedef struct cai_bom_table {
	ca_host *h;
	cai_bom_columns cols;
	unsigned last_line;                     /* the main line alternates belong to, 0: none */
	size_t lines, alternates;
	bool given;                             /* the columns came from --columns */
	bool header_seen;                       /* data rows follow */
	unsigned rows;                          /* rows fed so far */
	const char *sheet;                      /* XLSX: the sheet rows come from ("sheet2"), kept as
						   each record's Sheet field; NULL for other lists */
	/* When set, every row goes here instead (no header search, no lines):
	 * how other kinds of lists (orders) share the readers. */
	int (*row_hook)(void *ctx, char *const *cells, size_t n, unsigned line, const char *where,
			int64_t offset);
	void *row_ctx;
} cai_bom_table;

#define CAI_BOM_HEADER_ROWS 50u /* the header is among the first rows */

/* Starts a table reader for h; columns is a --columns spec or NULL.
 * Returns 0, or -EINVAL for a bad spec (an error diagnostic says so). */
int cai_bom_table_init(cai_bom_table *t, ca_host *h, const char *columns);

/* Feeds one row, in order: rows before the header are a preamble; the
 * header sets the columns (unless given) and is noted with where ("line 3",
 * "sheet1 row 2"); rows after it are lines (cai_bom_table_row()). Returns
 * 0, 1 when no header was found in the first CAI_BOM_HEADER_ROWS rows
 * (stop), or -ENOMEM. A list past the host's record cap gets an error
 * diagnostic and 1. */
int cai_bom_table_feed(cai_bom_table *t, char *const *cells, size_t n, unsigned line,
		       const char *where, int64_t offset);

/* Ends a table: the no-header error or the count of lines. Returns 0 when
 * lines were read, else -EBADMSG. */
int cai_bom_table_end(cai_bom_table *t);

/* Adds a note naming the columns used (code bom.columns). where is the
 * place of the header ("line 3", "sheet 'BOM' row 2"). */
void cai_bom_table_note_columns(cai_bom_table *t, char *const *header, size_t n, const char *where);

/* Turns one data row into records: a main line, or an alternate row (an
 * empty quantity under a line), plus one record per alternate column pair
 * that is filled. Blank rows are skipped. line is the row's place.
 * Returns 0, or -ENOMEM / -E2BIG (the host's record cap). */
int cai_bom_table_row(cai_bom_table *t, char *const *cells, size_t n, unsigned line);

/* Adds one record to t's host: a line, or (of > 0) an alternate of line
 * `of`; empty texts are left out; column names an alternate column pair
 * ("columns 5/6") or is NULL. Counts it in t. Returns 0, or -ENOMEM /
 * -E2BIG (the host's record cap). */
int cai_bom_record(cai_bom_table *t, unsigned line, unsigned of, const char *maker, const char *part,
		   const char *desc, const char *qty, const char *ref, const char *column);

/* A CSV/TSV list read in parts: from a file descriptor through a window
 * of 1 MiB when it is UTF-8 (the encoding judged on its first window; bytes
 * that are not UTF-8 later read as '?'), else converted whole (at most
 * CA_MAX_INPUT_BYTES). The table state (columns, the line alternates
 * belong to) carries from part to part. */
typedef struct cai_bom_csv {
	cai_bom_table t;
	int fd;            /* the file read in windows, or -1 (buf is the whole text) */
	char *buf;         /* the window, or the whole text */
	size_t len;        /* bytes in buf */
	size_t checked;    /* bytes of buf checked as UTF-8 */
	int64_t base;      /* file offset of buf[0] */
	bool eof;          /* the file has been read to its end */
	int64_t bad;       /* offset of the first byte that is not UTF-8, or -1 */
	bool bad_said;
	ca_cursor c;
	unsigned line;
	char delim;
	const char *encoding; /* as cai_bom_to_utf8() names it ("utf-8", "gb18030", ...) */
	char *scratch;
	size_t scratch_size;
	char **f;
} cai_bom_csv;

/* Opens a list in memory (converted whole). Notes (encoding) go to h.
 * Returns 0, -EINVAL (a bad columns spec), -EBADMSG or -ENOMEM. */
int cai_bom_csv_open_buffer(cai_bom_csv *s, ca_host *h, const uint8_t *buf, size_t len,
			    const char *columns);

/* Opens the list read from fd (the caller closes fd after
 * cai_bom_csv_close()). Returns as cai_bom_csv_open_buffer(). */
int cai_bom_csv_open_fd(cai_bom_csv *s, ca_host *h, int fd, const char *columns);

/* Reads rows into h until max_records records were added (a row's
 * alternate columns may add a few more) or the list ends. Returns 0 when
 * more may follow, 1 at the end of the list, or -ENOMEM. */
int cai_bom_csv_part(cai_bom_csv *s, ca_host *h, size_t max_records);

/* Frees the buffers (s->t stays readable). */
void cai_bom_csv_close(cai_bom_csv *s);

/* CSV/TSV (any encoding above; delimiter and header sniffed). columns is
 * a --columns spec or NULL. Returns 0 when lines were read, -EBADMSG when
 * none could be (a diagnostic says why), -EINVAL for a bad spec, -ENOMEM. */
int cai_bom_csv_read(ca_host *h, const uint8_t *buf, size_t len, const char *columns);

/* XLSX: every worksheet (each finds its own header), shared and inline
 * strings. Returns as cai_bom_csv_read(). */
int cai_bom_xlsx_read(ca_host *h, const uint8_t *buf, size_t len, const char *columns);

/* Reads the next part of l into h: at most max_lines lines and
 * alternates (a row's alternate columns may add a few more) of a CSV/TSV
 * list, or the whole of an XLSX or CycloneDX list (and the list is done).
 * Returns as cai_bom_csv_read() for the first part; a later part returns 0
 * or -ENOMEM; -ENODATA when the list is done. */
int cai_bom_list_part(ca_bom_list *l, ca_host *h, size_t max_lines);

/* CycloneDX JSON 1.4 to 1.6: every component (nested ones too) is a
 * line; its maker from manufacturer (1.6), a maker property, supplier,
 * author(s) or publisher; its part number from a part-number property or
 * its name; an "alternate-of" property naming a bom-ref makes it an
 * alternate of that line. Returns as cai_bom_csv_read(). */
int cai_bom_cyclonedx_read(ca_host *h, const uint8_t *buf, size_t len);

/* True when buf holds a JSON object (after an optional UTF-8 byte order
 * mark and blanks): read as CycloneDX. */
bool cai_bom_is_json(const uint8_t *buf, size_t len);
/* The readers above with every row (header search included) handed to
 * hook(ctx, ...) in order, problems as diagnostics of h. A hook returning
 * non-zero stops the sheet (1) or the read (< 0). Returns 0, -EBADMSG
 * (nothing readable), or -ENOMEM. */
typedef int (*cai_bom_row_hook)(void *ctx, char *const *cells, size_t n, unsigned line, const char *where,
				int64_t offset);
int cai_bom_csv_rows(ca_host *h, const uint8_t *buf, size_t len, cai_bom_row_hook hook, void *ctx);
int cai_bom_xlsx_rows(ca_host *h, const uint8_t *buf, size_t len, cai_bom_row_hook hook, void *ctx);


/* Reads entry idx of the workbook z (a zip_t) whole, NUL-terminated, at
 * most 64 MiB uncompressed (the cap of every part the XLSX reader reads).
 * Returns 0 and a malloc'd buffer, -EFBIG, -EBADMSG (a broken or encrypted
 * entry) or -ENOMEM. */
struct zip;
int cai_bom_xlsx_read_part(struct zip *z, uint64_t idx, char **ret, size_t *ret_len);

#endif
