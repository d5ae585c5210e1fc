/* SPDX-License-Identifier: MIT */
/*
 * Order lists (CSV, TSV, XLSX) read through the purchase-list readers: a
 * header row found by English and Chinese synonyms (or --columns), then
 * one order line per row.
 */
#include "bom/bom.h"
#include "export/export_internal.h"
#include "util/grow.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum role {
	R_ID, R_DATE, R_EXPORTER, R_FROM, R_ITEM, R_MAKER, R_MODEL, R_ECCN, R_LIST_ITEM, R_DEST,
	R_CONSIGNEE, R_INTERMEDIATE, R_END_USER, R_END_USE, R_ADVANCED, R_FAB, R_US_PERSON,
	R_US_TECH, R_LISTED_OWNER, R_N
};

static const char *const role_names[R_N] = {
	"line", "date", "exporter", "from", "item", "maker", "model", "eccn", "list-item",
	"destination", "consignee", "intermediate", "end-user", "end-use", "advanced-node",
	"fab-production", "us-person-support", "us-technology", "listed-owner"};

/* Header names, compared without case, spaces, '-', '_' and '.'. */
static const char *const synonyms[R_N][12] = {
	[R_ID] = {"line", "lineid", "orderline", "lineno", "item no", "行号", "序号", "订单行", NULL},
	[R_DATE] = {"shipdate", "shippingdate", "dateofshipment", "exportdate", "发货日期", "出运日期",
		    "装运日期", "出口日期", NULL},
	[R_EXPORTER] = {"exporter", "exportercountry", "exporterscountry", "出口商", "出口商国家", "出口国", NULL},
	[R_FROM] = {"shipfrom", "shipfromcountry", "countryofexport", "shippedfrom", "发货国", "起运国",
		    "发货地", NULL},
	[R_ITEM] = {"item", "description", "itemdescription", "goods", "品名", "货物描述", "物品", "货物", NULL},
	[R_MAKER] = {"maker", "manufacturer", "mfr", "brand", "制造商", "厂商", "生产商", NULL},
	[R_MODEL] = {"model", "partnumber", "pn", "mpn", "型号", "规格型号", NULL},
	[R_ECCN] = {"eccn", "exportclassification", "classification", "出口管制分类编码", "管制编码", NULL},
	[R_LIST_ITEM] = {"listitem", "jpitem", "nlitem", "euitem", "controllistitem", "清单项目", "管制清单项", NULL},
	[R_DEST] = {"destination", "destinationcountry", "countryofdestination", "目的国", "目的地", "目的国家", NULL},
	[R_CONSIGNEE] = {"consignee", "ultimateconsignee", "收货人", "收货方", NULL},
	[R_INTERMEDIATE] = {"intermediateconsignee", "intermediate", "forwarder", "中间收货人", "中间商", NULL},
	[R_END_USER] = {"enduser", "customer", "最终用户", "终端用户", "最终用户名称", NULL},
	[R_END_USE] = {"enduse", "use", "最终用途", "用途", NULL},
	[R_ADVANCED] = {"advancednode", "advancednodefab", "先进制程", "先进节点", NULL},
	[R_FAB] = {"fabproduction", "icproduction", "晶圆生产", "芯片生产", NULL},
	[R_US_PERSON] = {"uspersonsupport", "uspersons", "美国人员支持", NULL},
	[R_US_TECH] = {"ustechnology", "madewithustechnology", "usdirectproduct", "美国技术", NULL},
	[R_LISTED_OWNER] = {"listedowner", "ownedbylistedparty", "affiliate50", "被列名方控股", NULL},
};

struct ca_export_orders {
	cai_arena arena;
	ca_order_line *lines;
	size_t n, cap;
	char **diags;
	size_t n_diags, cap_diags;
};

typedef struct reader {
	ca_export_orders *o;
	int col[R_N];
	bool header, given;
	int rc;
} reader;

static void key_of(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	for (; *s && n + 1 < cap; s++) {
		char c = *s;
		if (c == ' ' || c == '-' || c == '_' || c == '.' || c == '\t' || c == '/' || c == '(' || c == ')')
			continue;
		out[n++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
	}
	out[n] = '\0';
}

static int header_roles(char *const *cells, size_t n, int col[R_N])
{
	for (size_t r = 0; r < R_N; r++)
		col[r] = -1;
	int found = 0;
	for (size_t i = 0; i < n; i++) {
		char k[128];
		key_of(cells[i], k, sizeof(k));
		for (size_t r = 0; r < R_N && k[0]; r++)
			for (size_t s = 0; synonyms[r][s]; s++) {
				char sk[64];
				key_of(synonyms[r][s], sk, sizeof(sk));
				if (strcmp(k, sk) == 0 && col[r] < 0) {
					col[r] = (int)i;
					found++;
				}
			}
	}
	/* a header names at least two roles, one of them a party or the destination */
	if (found >= 2 && (col[R_END_USER] >= 0 || col[R_CONSIGNEE] >= 0 || col[R_DEST] >= 0))
		return found;
	return 0;
}

static void diag(ca_export_orders *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void diag(ca_export_orders *o, const char *fmt, ...)
{
	if (cai_grow((void **)&o->diags, &o->cap_diags, o->n_diags + 1, sizeof(char *)) < 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) >= 0)
		o->diags[o->n_diags++] = s;
	va_end(ap);
}

static const char *cell(reader *r, char *const *cells, size_t n, int role)
{
	int c = r->col[role];
	if (c < 0 || (size_t)c >= n || !cells[c][0])
		return NULL;
	return cai_arena_strdup(&r->o->arena, cells[c]);
}

static int on_row(void *ctx, char *const *cells, size_t n, unsigned line, const char *where, int64_t offset)
{
	reader *r = ctx;
	(void)offset;
	int col[R_N];
	if (!r->given && header_roles(cells, n, col) > 0) {
		memcpy(r->col, col, sizeof(col));
		r->header = true;
		return 0;
	}
	if (!r->header)
		return 0; /* a preamble */
	bool blank = true;
	for (size_t i = 0; i < n; i++)
		if (cells[i][0])
			blank = false;
	if (blank)
		return 0;
	ca_export_orders *o = r->o;
	if (o->n >= CA_MAX_RECORDS) {
		diag(o, "%s: more than %u order lines: the rest is not read", where, CA_MAX_RECORDS);
		return -E2BIG;
	}
	if (cai_grow((void **)&o->lines, &o->cap, o->n + 1, sizeof(ca_order_line)) < 0)
		return -ENOMEM;
	ca_order_line *l = &o->lines[o->n++];
	char id[32];
	snprintf(id, sizeof(id), "%u", line);
	*l = (ca_order_line){
		.line_id = cell(r, cells, n, R_ID), .ship_date = cell(r, cells, n, R_DATE),
		.exporter_country = cell(r, cells, n, R_EXPORTER), .ship_from = cell(r, cells, n, R_FROM),
		.item = cell(r, cells, n, R_ITEM), .maker = cell(r, cells, n, R_MAKER),
		.model = cell(r, cells, n, R_MODEL), .eccn = cell(r, cells, n, R_ECCN),
		.list_item = cell(r, cells, n, R_LIST_ITEM), .destination = cell(r, cells, n, R_DEST),
		.consignee = cell(r, cells, n, R_CONSIGNEE),
		.intermediate_consignee = cell(r, cells, n, R_INTERMEDIATE),
		.end_user = cell(r, cells, n, R_END_USER), .end_use = cell(r, cells, n, R_END_USE),
		.advanced_node = ca_tristate_parse(cell(r, cells, n, R_ADVANCED)),
		.fab_production = ca_tristate_parse(cell(r, cells, n, R_FAB)),
		.us_person_support = ca_tristate_parse(cell(r, cells, n, R_US_PERSON)),
		.us_technology = ca_tristate_parse(cell(r, cells, n, R_US_TECH)),
		.listed_owner = ca_tristate_parse(cell(r, cells, n, R_LISTED_OWNER))};
	if (!l->line_id) {
		char w[64];
		snprintf(w, sizeof(w), "%s", where);
		l->line_id = cai_arena_strdup(&o->arena, w);
	}
	return 0;
}

/* Parses "role=N,..." (1-based) into col. Returns 0 or -EINVAL. */
static int columns_parse(const char *spec, int col[R_N])
{
	for (size_t r = 0; r < R_N; r++)
		col[r] = -1;
	const char *p = spec;
	while (*p) {
		const char *eq = strchr(p, '=');
		if (!eq)
			return -EINVAL;
		size_t r;
		for (r = 0; r < R_N; r++)
			if (strlen(role_names[r]) == (size_t)(eq - p) && strncmp(p, role_names[r], (size_t)(eq - p)) == 0)
				break;
		if (r == R_N)
			return -EINVAL;
		char *end;
		long v = strtol(eq + 1, &end, 10);
		if (end == eq + 1 || v < 1 || v > 1024 || (*end && *end != ','))
			return -EINVAL;
		col[r] = (int)v - 1;
		p = *end ? end + 1 : end;
	}
	return 0;
}

void ca_export_orders_free(ca_export_orders *o)
{
	if (!o)
		return;
	cai_arena_release(&o->arena);
	free(o->lines);
	for (size_t i = 0; i < o->n_diags; i++)
		free(o->diags[i]);
	free(o->diags);
	free(o);
}

int ca_export_orders_read(const char *name, const uint8_t *buf, size_t len, const char *columns,
			  ca_export_orders **ret)
{
	*ret = NULL;
	ca_export_orders *o = calloc(1, sizeof(*o));
	if (!o)
		return -ENOMEM;
	cai_arena_init(&o->arena);
	reader r = {.o = o};
	if (columns) {
		if (columns_parse(columns, r.col) < 0) {
			ca_export_orders_free(o);
			return -EINVAL;
		}
		r.given = r.header = true;
	}
	ca_host *h = ca_host_new();
	if (!h) {
		ca_export_orders_free(o);
		return -ENOMEM;
	}
	bool xlsx = len >= 4 && memcmp(buf, "PK\3\4", 4) == 0;
	int rc = xlsx ? cai_bom_xlsx_rows(h, buf, len, on_row, &r) : cai_bom_csv_rows(h, buf, len, on_row, &r);
	for (size_t i = 0; i < ca_host_diagnostic_count(h); i++) {
		const ca_diagnostic *d = ca_host_diagnostic(h, i);
		if (d->level == CA_DIAG_NOTE)
			continue;
		if (d->line)
			diag(o, "%s:%u: %s", name, d->line, d->message);
		else if (d->offset >= 0)
			diag(o, "%s: offset %lld: %s", name, (long long)d->offset, d->message);
		else
			diag(o, "%s: %s", name, d->message);
	}
	ca_host_free(h);
	if (rc == -ENOMEM) {
		ca_export_orders_free(o);
		return rc;
	}
	if (!r.header)
		diag(o, "%s: no header row naming the order columns (ship date, destination, consignee, end "
			"user ...; or use --columns)", name);
	*ret = o;
	return o->n ? 0 : -EBADMSG;
}

size_t ca_export_orders_count(const ca_export_orders *o) { return o->n; }
const ca_order_line *ca_export_orders_line(const ca_export_orders *o, size_t i) { return &o->lines[i]; }
size_t ca_export_orders_diag_count(const ca_export_orders *o) { return o->n_diags; }
const char *ca_export_orders_diag(const ca_export_orders *o, size_t i) { return o->diags[i]; }
