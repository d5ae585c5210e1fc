/* SPDX-License-Identifier: MIT */
/*
 * The SARIF 2.1.0 sink (OASIS Static Analysis Results Interchange Format):
 * one run; a result per finding, streamed host by host, at the evidence
 * file and line (or byte offset) of the component, with the component as a
 * logical location; levels from severities (fail: error, warn: warning,
 * info: note); waived findings carry an accepted suppression. The run's
 * tool lists every rule of the policy, with its title, scope and legal
 * basis as help, after the results (SARIF does not order the keys).
 */
#include "report/sink.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string of text taken over (NULL: ""), with invalid UTF-8 replaced. */
static json_t *text_of(char *text)
{
	char *safe = ca_terminal_text(text ? text : "");
	free(text);
	json_t *j = json_string(safe ? safe : "?");
	free(safe);
	return j;
}

static json_t *message(const char *text)
{
	return json_pack("{s:o}", "text", text_of(text ? strdup(text) : NULL));
}

/* A relative or absolute path as a URI reference: unreserved bytes and '/'
 * as they are, everything else percent-encoded. */
static json_t *uri_of(const char *path)
{
	size_t n = strlen(path);
	char *out = malloc(n * 3 + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			out[o++] = (char)*p;
		else
			o += (size_t)snprintf(out + o, 4, "%%%02X", *p);
	}
	out[o] = '\0';
	json_t *j = json_string(out);
	free(out);
	return j;
}

static const char *level_of(ca_severity s)
{
	return s == CA_SEVERITY_FAIL ? "error" : s == CA_SEVERITY_WARN ? "warning" : "note";
}

static json_t *location_of(const ca_assessment *a, const ca_finding *f)
{
	const ca_component *c = f->component;
	const ca_evidence *e = ca_assessment_evidence(a, c ? c->evidence : 0);
	json_t *physical = json_pack("{s:{s:o}}", "artifactLocation", "uri", uri_of(e ? e->name : "-"));
	if (c && ca_component_is_device(c) && c->device.line)
		json_object_set_new(physical, "region", json_pack("{s:i}", "startLine", (int)c->device.line));
	else if (c && ca_component_is_device(c) && c->device.offset >= 0)
		json_object_set_new(physical, "region",
				    json_pack("{s:I}", "byteOffset", (json_int_t)c->device.offset));
	else if (c && c->record && c->record->line)
		json_object_set_new(physical, "region", json_pack("{s:i}", "startLine", (int)c->record->line));
	else if (c && c->record && c->record->offset >= 0)
		json_object_set_new(physical, "region",
				    json_pack("{s:I}", "byteOffset", (json_int_t)c->record->offset));
	json_t *loc = json_pack("{s:o}", "physicalLocation", physical);
	json_object_set_new(loc, "logicalLocations",
			    json_pack("[{s:o, s:s}]", "name", text_of(ca_finding_component_text(f)),
				      "kind", "object"));
	return loc;
}

/* The index of rule in the policy's rule set, or -1. */
static int rule_index(const ca_assessment *a, const ca_rule *rule)
{
	const ca_rules *rules = ca_policy_rules(ca_assessment_policy(a));
	for (size_t i = 0; i < ca_rules_count(rules); i++)
		if (ca_rules_at(rules, i) == rule)
			return (int)i;
	return -1;
}

static json_t *result_of(const ca_assessment *a, const ca_finding *f)
{
	json_t *r = json_pack("{s:s, s:s, s:o}", "ruleId", f->rule->id, "level", level_of(f->severity),
			      "message", json_pack("{s:o}", "text", text_of(ca_finding_sentence(f))));
	int idx = rule_index(a, f->rule);
	if (idx >= 0)
		json_object_set_new(r, "ruleIndex", json_integer(idx));
	json_object_set_new(r, "locations", json_pack("[o]", location_of(a, f)));
	json_t *props = json_pack("{s:s, s:o, s:o}", "state", ca_finding_state_name(f->state),
				  "evidence", text_of(ca_finding_evidence(f)),
				  "citation", text_of(ca_finding_citation(f)));
	char *options = ca_finding_options(f), *reading = ca_finding_interpretation(f);
	if (options)
		json_object_set_new(props, "options", text_of(options));
	if (reading)
		json_object_set_new(props, "interpretation", text_of(reading));
	if (f->maker)
		json_object_set_new(props, "maker", text_of(strdup(f->maker->maker_name)));
	if (f->screen)
		json_object_set_new(props, "export", cai_export_finding_json(f));
	json_object_set_new(r, "properties", props);
	if (f->waiver)
		json_object_set_new(r, "suppressions",
				    json_pack("[{s:s, s:s, s:o}]", "kind", "external", "status",
					      f->waived ? "accepted" : "rejected", "justification",
					      text_of(ca_finding_waiver_text(f))));
	return r;
}

SINK_BEGIN(cai_sink_sarif_begin)
{
	(void)o;
	fputs("{\"version\":\"2.1.0\",\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
	      "\"runs\":[{\"results\":[",
	      out);
	return ferror(out) ? -EIO : 0;
}

SINK_RENDER(cai_sink_sarif_render)
{
	(void)o;
	const ca_findings *fs = ca_assessment_findings(a);
	for (size_t i = 0; i < ca_findings_count(fs); i++) {
		json_t *r = result_of(a, ca_findings_at(fs, i));
		char *text = r ? cai_json_dumps(r, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
		json_decref(r);
		if (!text)
			return -ENOMEM;
		if (i)
			fputc(',', out);
		fputs(text, out);
		free(text);
	}
	return ferror(out) ? -EIO : 0;
}

static json_t *rule_of(const ca_rule *r)
{
	char *help = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&help, &len);
	if (m) {
		for (size_t i = 0; i < r->n_legal_basis; i++)
			fprintf(m, "%s%s", i ? "; " : "", r->legal_basis[i].text);
		for (size_t i = 0; i < r->n_citations; i++)
			fprintf(m, "%s%s%s%s", i || r->n_legal_basis ? "; " : "", r->citations[i].title,
				r->citations[i].date ? ", " : "", r->citations[i].date ? r->citations[i].date : "");
		fclose(m);
	}
	json_t *j = json_pack("{s:s, s:o, s:o, s:o}", "id", r->id, "shortDescription", message(r->title),
			      "fullDescription", message(r->scope ? r->scope : r->title), "help",
			      json_pack("{s:o}", "text", text_of(help)));
	json_object_set_new(j, "properties",
			    json_pack("{s:o, s:s, s:o}", "authority", text_of(strdup(r->authority)),
				      "effective", r->effective, "reviewed",
				      text_of(r->reviewed ? strdup(r->reviewed) : NULL)));
	return j;
}

SINK_END(cai_sink_sarif_end)
{
	const sink_summary *s = summary;
	json_t *rules = json_array();
	const ca_rules *set = s->policy ? ca_policy_rules(s->policy) : NULL;
	for (size_t i = 0; set && i < ca_rules_count(set); i++)
		json_array_append_new(rules, rule_of(ca_rules_at(set, i)));
	json_t *tool = json_pack("{s:{s:s, s:s, s:o}}", "driver", "name", "chipaudit", "version",
				 CA_VERSION_STRING, "rules", rules);
	json_t *vintage = cai_properties_json(o);
	if (tool && vintage) /* the data the run was judged with */
		json_object_set_new(json_object_get(tool, "driver"), "properties",
				    json_pack("{s:o}", "dataVintage", vintage));
	char *text = tool ? cai_json_dumps(tool, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(tool);
	if (!text)
		return -ENOMEM;
	fprintf(out, "],\"tool\":%s,\"invocations\":[{\"executionSuccessful\":true}],"
		     "\"properties\":{\"hostsRead\":%zu,\"unreadable\":%zu,\"incomplete\":%zu}}]}\n",
		text, s->hosts_read, s->by_verdict[VERDICT_UNREADABLE], s->incomplete);
	free(text);
	return ferror(out) ? -EIO : 0;
}
