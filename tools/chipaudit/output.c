/* SPDX-License-Identifier: MIT */
#include "cli.h"

#include "chipaudit/report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool output_format_parse(const char *text, output_format *ret_format)
{
	if (strcmp(text, "table") == 0)
		*ret_format = OUTPUT_TABLE;
	else if (strcmp(text, "json") == 0)
		*ret_format = OUTPUT_JSON;
	else
		return false;
	return true;
}

int report_writer_open(report_writer *w, const output_options *opt)
{
	*w = (report_writer){.out = stdout, .format = opt->format};
	if (opt->path && strcmp(opt->path, "-") != 0) {
		w->out = fopen(opt->path, "w");
		if (!w->out) {
			int e = errno;
			fprintf(stderr, "chipaudit: cannot write %s: %s\n", opt->path, strerror(e));
			return -e;
		}
		w->owns_out = true;
	}
	if (w->format == OUTPUT_JSON)
		fprintf(w->out, "{\"schema_version\":\"%s\",\"tool\":\"chipaudit %s\",\"hosts\":[",
			CA_REPORT_SCHEMA_VERSION, CA_VERSION_STRING);
	return 0;
}

char *report_render_host(const ca_host *host, output_format format, const ca_report_options *opt)
{
	if (format == OUTPUT_JSON)
		return ca_report_host_json(host, opt);
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		return NULL;
	int r = ca_report_host_table(host, opt, mem);
	if (fclose(mem) != 0 || r < 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

void report_writer_add(report_writer *w, const char *rendered, bool readable)
{
	if (w->format == OUTPUT_JSON && w->hosts + w->unreadable > 0)
		fputc(',', w->out);
	fputs(rendered, w->out);
	if (readable)
		w->hosts++;
	else
		w->unreadable++;
}

int report_writer_close(report_writer *w)
{
	if (w->format == OUTPUT_JSON)
		fprintf(w->out, "],\"summary\":{\"hosts_read\":%zu,\"unreadable\":%zu}}\n", w->hosts,
			w->unreadable);
	else
		fprintf(w->out, "%zu host%s read, %zu unreadable%s\n", w->hosts, w->hosts == 1 ? "" : "s",
			w->unreadable, w->rules_applied ? "" : "; no rules applied (no --profile given)");
	int r = 0;
	if (fflush(w->out) != 0 || ferror(w->out))
		r = -EIO;
	if (w->owns_out && fclose(w->out) != 0)
		r = -EIO;
	return r;
}

char *format_unreadable(const char *path, const ca_host *host)
{
	const ca_diagnostic *chosen = NULL;
	for (size_t i = 0; i < ca_host_diagnostic_count(host); i++) {
		const ca_diagnostic *d = ca_host_diagnostic(host, i);
		if (d->level == CA_DIAG_ERROR)
			chosen = d;
	}
	char *out = NULL;
	int r;
	if (!chosen)
		r = asprintf(&out, "chipaudit: %s: unreadable\n", path);
	else if (chosen->line)
		r = asprintf(&out, "chipaudit: %s: line %u: %s\n", path, chosen->line, chosen->message);
	else if (chosen->offset >= 0)
		r = asprintf(&out, "chipaudit: %s: offset %lld (0x%llX): %s\n", path,
			     (long long)chosen->offset, (unsigned long long)chosen->offset,
			     chosen->message);
	else
		r = asprintf(&out, "chipaudit: %s: %s\n", path, chosen->message);
	return r < 0 ? NULL : out;
}
