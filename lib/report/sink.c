/* SPDX-License-Identifier: MIT */
/* The sinks, one row per format, and the document every one of them writes. */
#include "report/sink.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const sink_type sink_types[] = {
	{"table", NULL, cai_sink_table_render, NULL, cai_sink_table_end, false},
	{"json", cai_sink_json_begin, cai_sink_json_render, ",", cai_sink_json_end, false},
	{"jsonl", NULL, cai_sink_jsonl_render, NULL, cai_sink_jsonl_end, false},
	{"csv", cai_sink_csv_begin, cai_sink_csv_render, NULL, cai_sink_csv_end, true},
	{"sarif", cai_sink_sarif_begin, cai_sink_sarif_render, ",", cai_sink_sarif_end, true},
};

struct ca_sink {
	const sink_type *type;
	FILE *out;
	sink_summary summary;
	size_t parts; /* non-empty host parts written */
};

/* Writes the separator before a non-empty part that follows another. */
static void separate(ca_sink *s, bool empty)
{
	if (empty)
		return;
	if (s->type->separator && s->parts > 0)
		fputs(s->type->separator, s->out);
	s->parts++;
}

static const sink_type *find_type(const char *format)
{
	for (size_t i = 0; format && i < sizeof(sink_types) / sizeof(sink_types[0]); i++)
		if (strcmp(sink_types[i].name, format) == 0)
			return &sink_types[i];
	return NULL;
}

const char *ca_sink_formats(void)
{
	return "table|json|jsonl|csv|sarif";
}

bool ca_sink_format_known(const char *format)
{
	return find_type(format) != NULL;
}

int ca_sink_open(const char *format, FILE *out, ca_sink **ret)
{
	return ca_sink_open_for(format, out, NULL, ret);
}

int ca_sink_open_for(const char *format, FILE *out, const ca_policy *policy, ca_sink **ret)
{
	const sink_type *t = find_type(format);
	if (!t)
		return -EINVAL;
	ca_sink *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	*s = (ca_sink){.type = t, .out = out, .summary = {.policy = policy}};
	if (t->begin && t->begin(out) < 0) {
		free(s);
		return -EIO;
	}
	*ret = s;
	return 0;
}

int ca_sink_render_host(const ca_sink *s, const ca_assessment *a, char **ret_buf, size_t *ret_len)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		return -ENOMEM;
	int r = s->type->render(a, mem);
	if (fclose(mem) != 0 && r == 0)
		r = -ENOMEM;
	if (r < 0) {
		free(buf);
		return r == -EIO ? -ENOMEM : r;
	}
	*ret_buf = buf;
	*ret_len = len;
	return 0;
}

int ca_sink_render_host_to(const ca_sink *s, const ca_assessment *a, FILE *out)
{
	return s->type->render(a, out);
}

int ca_sink_add_rendered_file(ca_sink *s, FILE *in, bool readable, bool complete)
{
	separate(s, ftell(in) == 0);
	rewind(in);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		fwrite(chunk, 1, n, s->out);
	s->summary.hosts_read += readable;
	s->summary.unreadable += !readable;
	s->summary.incomplete += readable && !complete;
	return ferror(in) || ferror(s->out) ? -EIO : 0;
}

int ca_sink_add_rendered(ca_sink *s, const char *buf, size_t len, bool readable, bool complete)
{
	separate(s, len == 0);
	fwrite(buf, 1, len, s->out);
	if (readable)
		s->summary.hosts_read++;
	else
		s->summary.unreadable++;
	if (readable && !complete)
		s->summary.incomplete++;
	return ferror(s->out) ? -EIO : 0;
}

int ca_sink_add_host(ca_sink *s, const ca_assessment *a)
{
	if (s->type->may_be_empty) { /* whether a separator is due shows after rendering */
		char *buf;
		size_t len;
		int r = ca_sink_render_host(s, a, &buf, &len);
		if (r < 0)
			return r;
		r = ca_sink_add_rendered(s, buf, len, ca_assessment_readable(a), ca_assessment_complete(a));
		free(buf);
		return r;
	}
	/* in order already: written straight to the output, nothing buffered */
	separate(s, false);
	int r = s->type->render(a, s->out);
	bool readable = ca_assessment_readable(a);
	s->summary.hosts_read += readable;
	s->summary.unreadable += !readable;
	s->summary.incomplete += readable && !ca_assessment_complete(a);
	return r;
}

int ca_sink_close(ca_sink *s, bool rules_applied)
{
	if (!s)
		return 0;
	s->summary.rules_applied = rules_applied;
	int r = s->type->end(s->out, &s->summary);
	if (fflush(s->out) != 0 || ferror(s->out))
		r = -EIO;
	free(s);
	return r;
}
