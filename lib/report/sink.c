/* SPDX-License-Identifier: MIT */
/* The sinks, one row per format, and the document every one of them writes. */
#include "report/sink.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const sink_type sink_types[] = {
	{"table", NULL, cai_sink_table_render, NULL, cai_sink_table_end},
	{"json", cai_sink_json_begin, cai_sink_json_render, ",", cai_sink_json_end},
};

struct ca_sink {
	const sink_type *type;
	FILE *out;
	sink_summary summary;
};

static const sink_type *find_type(const char *format)
{
	for (size_t i = 0; format && i < sizeof(sink_types) / sizeof(sink_types[0]); i++)
		if (strcmp(sink_types[i].name, format) == 0)
			return &sink_types[i];
	return NULL;
}

const char *ca_sink_formats(void)
{
	return "table|json";
}

bool ca_sink_format_known(const char *format)
{
	return find_type(format) != NULL;
}

int ca_sink_open(const char *format, FILE *out, ca_sink **ret)
{
	const sink_type *t = find_type(format);
	if (!t)
		return -EINVAL;
	ca_sink *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	*s = (ca_sink){.type = t, .out = out};
	if (t->begin && t->begin(out) < 0) {
		free(s);
		return -EIO;
	}
	*ret = s;
	return 0;
}

int ca_sink_render_host(const ca_sink *s, const ca_assessment *a, char **ret_buf, size_t *ret_len)
{
	return s->type->render(a, ret_buf, ret_len);
}

int ca_sink_add_rendered(ca_sink *s, const char *buf, size_t len, bool readable, bool complete)
{
	if (s->type->separator && s->summary.hosts_read + s->summary.unreadable > 0)
		fputs(s->type->separator, s->out);
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
	char *buf;
	size_t len;
	int r = ca_sink_render_host(s, a, &buf, &len);
	if (r < 0)
		return r;
	r = ca_sink_add_rendered(s, buf, len, ca_assessment_readable(a), ca_assessment_complete(a));
	free(buf);
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
