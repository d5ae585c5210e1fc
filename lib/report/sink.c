/* SPDX-License-Identifier: MIT */
/* The sinks, one row per format, and the document every one of them writes. */
#include "report/sink.h"
#include "util/memfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const sink_type sink_types[] = {
	{.name = "table", .render = cai_sink_table_render, .end = cai_sink_table_end},
	{.name = "json",
	 .begin = cai_sink_json_begin,
	 .render = cai_sink_json_render,
	 .separator = ",",
	 .end = cai_sink_json_end},
	{.name = "jsonl", .render = cai_sink_jsonl_render, .end = cai_sink_jsonl_end},
	{.name = "csv",
	 .begin = cai_sink_csv_begin,
	 .render = cai_sink_csv_render,
	 .end = cai_sink_csv_end,
	 .may_be_empty = true},
	{.name = "sarif",
	 .begin = cai_sink_sarif_begin,
	 .render = cai_sink_sarif_render,
	 .separator = ",",
	 .end = cai_sink_sarif_end,
	 .may_be_empty = true},
	{.name = "cyclonedx",
	 .begin = cai_sink_cyclonedx_begin,
	 .render = cai_sink_cyclonedx_render,
	 .separator = ",",
	 .end = cai_sink_cyclonedx_end,
	 .render_trailer = cai_sink_cyclonedx_trailer,
	 .trailer_separator = ",",
	 .trailer_close = "]}\n",
	 .may_be_empty = true},
	{.name = "html",
	 .begin = cai_sink_html_begin,
	 .render = cai_sink_html_render,
	 .end = cai_sink_html_end,
	 .keeps_hosts = true},
};
#define N_SINK_TYPES (sizeof(sink_types) / sizeof(sink_types[0]))

struct ca_sink {
	const sink_type *type;
	ca_sink_options options;
	FILE *out;
	FILE *trailer; /* trailing parts until the end, or NULL */
	size_t trailers; /* non-empty trailing parts written */
	sink_summary summary;
	size_t parts; /* non-empty host parts written */
	bool failed;  /* out of memory while counting the summary */
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
	for (size_t i = 0; format && i < N_SINK_TYPES; i++)
		if (strcmp(sink_types[i].name, format) == 0)
			return &sink_types[i];
	return NULL;
}

const char *ca_sink_formats(void)
{
	return "table|json|jsonl|csv|sarif|cyclonedx|html";
}

bool ca_sink_format_known(const char *format)
{
	return find_type(format) != NULL;
}

void cai_sink_time(const ca_sink_options *o, char buf[static 21])
{
	time_t t = o->timestamp > 0 ? (time_t)o->timestamp : o->timestamp < 0 ? 0 : time(NULL);
	struct tm tm;
	if (!gmtime_r(&t, &tm) || strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		strcpy(buf, "1970-01-01T00:00:00Z");
}

int ca_sink_open(const char *format, FILE *out, ca_sink **ret)
{
	return ca_sink_open_with(format, out, NULL, ret);
}

int ca_sink_open_for(const char *format, FILE *out, const ca_policy *policy, ca_sink **ret)
{
	ca_sink_options o = {.policy = policy};
	return ca_sink_open_with(format, out, &o, ret);
}

int ca_sink_open_with(const char *format, FILE *out, const ca_sink_options *options, ca_sink **ret)
{
	const sink_type *t = find_type(format);
	if (!t)
		return -EINVAL;
	ca_sink *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	*s = (ca_sink){.type = t, .out = out};
	if (options)
		s->options = *options;
	if (s->options.timestamp == 0)
		s->options.timestamp = (long long)time(NULL); /* one time for the whole document */
	s->summary.policy = s->options.policy;
	if (t->render_trailer && !(s->trailer = tmpfile())) {
		free(s);
		return -EIO;
	}
	if (t->begin && t->begin(&s->options, out) < 0) {
		if (s->trailer)
			fclose(s->trailer);
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
	FILE *mem = cai_memfile_open(&buf, &len);
	if (!mem)
		return -ENOMEM;
	int r = s->type->render(&s->options, a, mem);
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
	return s->type->render(&s->options, a, out);
}

/* A host with more components than this writes its trailing part to a
 * temporary file rather than memory (as the CLI spills its main part). */
#define SINK_SPILL_COMPONENTS 2000u

int ca_sink_tally_host(const ca_sink *s, const ca_assessment *a, ca_host_tally **ret)
{
	ca_host_tally *t = NULL;
	int r = cai_tally_host(a, &t);
	if (r == 0 && s->type->render_trailer) {
		bool spill = ca_assessment_component_count(a) > SINK_SPILL_COMPONENTS &&
			     (t->trailer_file = tmpfile()) != NULL;
		FILE *part = spill ? t->trailer_file : cai_memfile_open(&t->trailer, &t->trailer_len);
		r = part ? s->type->render_trailer(&s->options, a, part) : -ENOMEM;
		if (!spill && part && fclose(part) != 0 && r == 0)
			r = -ENOMEM;
		if (spill && r == 0 && fflush(part) != 0)
			r = -EIO;
	}
	if (r < 0) {
		ca_host_tally_free(t);
		return -ENOMEM;
	}
	*ret = t;
	return 0;
}

/* Copies in (from its start) to out. */
static void copy_file(FILE *in, FILE *out)
{
	rewind(in);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		fwrite(chunk, 1, n, out);
}

/* Counts the host and keeps its trailing part. */
static int add_tally(ca_sink *s, const ca_host_tally *t)
{
	if (cai_summary_add(&s->summary, t, s->type->keeps_hosts) < 0)
		s->failed = true;
	long spilled = t->trailer_file ? ftell(t->trailer_file) : 0;
	if (s->trailer && (t->trailer_len || spilled > 0)) {
		if (s->trailers++ && s->type->trailer_separator)
			fputs(s->type->trailer_separator, s->trailer);
		fwrite(t->trailer, 1, t->trailer_len, s->trailer);
		if (spilled > 0) {
			copy_file(t->trailer_file, s->trailer);
			if (ferror(t->trailer_file))
				return -EIO;
		}
	}
	if (s->failed)
		return -ENOMEM;
	return s->trailer && ferror(s->trailer) ? -EIO : 0;
}

int ca_sink_add_rendered_file(ca_sink *s, FILE *in, const ca_host_tally *t)
{
	separate(s, ftell(in) == 0);
	copy_file(in, s->out);
	int r = add_tally(s, t);
	return r < 0 ? r : ferror(in) || ferror(s->out) ? -EIO : 0;
}

int ca_sink_add_rendered(ca_sink *s, const char *buf, size_t len, const ca_host_tally *t)
{
	separate(s, len == 0);
	fwrite(buf, 1, len, s->out);
	int r = add_tally(s, t);
	return r < 0 ? r : ferror(s->out) ? -EIO : 0;
}

int ca_sink_add_host(ca_sink *s, const ca_assessment *a)
{
	ca_host_tally *t;
	int r = ca_sink_tally_host(s, a, &t);
	if (r < 0)
		return r;
	if (s->type->may_be_empty) { /* whether a separator is due shows after rendering */
		char *buf;
		size_t len;
		r = ca_sink_render_host(s, a, &buf, &len);
		if (r == 0) {
			r = ca_sink_add_rendered(s, buf, len, t);
			free(buf);
		}
	} else { /* in order already: written straight to the output, nothing buffered */
		separate(s, false);
		r = s->type->render(&s->options, a, s->out);
		int k = add_tally(s, t);
		r = r < 0 ? r : k;
	}
	ca_host_tally_free(t);
	return r;
}

/* Copies the trailing parts to the output. */
static int copy_trailer(ca_sink *s)
{
	if (!s->trailer)
		return 0;
	copy_file(s->trailer, s->out);
	int r = ferror(s->trailer) ? -EIO : 0;
	fclose(s->trailer);
	s->trailer = NULL;
	return r;
}

int ca_sink_close(ca_sink *s, bool rules_applied)
{
	if (!s)
		return 0;
	s->summary.rules_applied = rules_applied;
	int r = s->type->end(&s->options, s->out, &s->summary);
	if (r == 0 && s->type->render_trailer) { /* after the tail: the trailing parts */
		r = copy_trailer(s);
		fputs(s->type->trailer_close, s->out);
	}
	if (s->trailer)
		fclose(s->trailer);
	if (fflush(s->out) != 0 || ferror(s->out) || s->failed)
		r = r < 0 ? r : -EIO;
	cai_summary_release(&s->summary);
	free(s);
	return r;
}
