/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: rule pack / profile YAML loader, then waivers; then every
 * profile the rule set holds (the fuzzed document's included) is evaluated
 * against real hosts decoded from the test fixtures' format, on dates either
 * side of the packs' effective dates, and every finding is worded.
 */
#include "chipaudit/report.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A Micron RDIMM server, a Huawei notebook with CXMT parts and a Kingston
 * module with Micron dies, cut to the records the rules read (dmidecode
 * text, from tests/data/dmidecode-text; see tests/data/README.md). */
static const char hosts_text[][1024] = {
	"# dmidecode 3.5\nSMBIOS 3.3.0 present.\n\nHandle 0x0001, DMI type 1, 27 bytes\n"
	"System Information\n\tManufacturer: INFERIT\n\tProduct Name: R1G3D32\n\n"
	"Handle 0x001F, DMI type 17, 92 bytes\nMemory Device\n\tSize: 64 GB\n\tLocator: ChannelA-DIMM0\n"
	"\tType: DDR5\n\tManufacturer: Micron Technology\n\tPart Number: MTC40F2046S1RC48BA1\n"
	"\tModule Manufacturer ID: Bank 1, Hex 0x2C\n\n",
	"# dmidecode 3.2\nSMBIOS 3.2.0 present.\n\nHandle 0x0001, DMI type 1, 27 bytes\n"
	"System Information\n\tManufacturer: HUAWEI\n\tProduct Name: BOD-WXX9\n\n"
	"Handle 0x000F, DMI type 17, 84 bytes\nMemory Device\n\tSize: 2048 MB\n\tLocator: Controller0-ChannelA\n"
	"\tType: LPDDR4\n\tManufacturer: ChangXin Memory Technologies Inc\n\tPart Number: CXDB4CBAM-ML-A\n"
	"\tModule Manufacturer ID: Bank 11, Hex 0x91\n\n",
	"# dmidecode 3.2\nSMBIOS 3.2.1 present.\n\nHandle 0x004C, DMI type 17, 84 bytes\nMemory Device\n"
	"\tSize: 4096 MB\n\tLocator: DIMM A\n\tType: DDR4\n\tManufacturer: 01980000802C\n"
	"\tPart Number: KKN2NM-MIE\n\tModule Manufacturer ID: Bank 2, Hex 0x98\n\n",
};

static void evaluate_all(const ca_rules *rules, const ca_waivers *w)
{
	static ca_policy *policy;
	static ca_assessment *hosts[3];
	if (!policy) {
		ca_policy_options o = {.as_of = "2026-01-01"};
		if (ca_policy_open(&o, &policy, NULL) < 0)
			abort();
		for (size_t i = 0; i < 3; i++)
			if (ca_assessment_new(policy, "fuzz-host", &hosts[i]) < 0 ||
			    ca_assessment_add_buffer(hosts[i], "fuzz-host", (const uint8_t *)hosts_text[i],
						     strlen(hosts_text[i])) < 0 ||
			    ca_assessment_finish(hosts[i]) < 0)
				abort();
	}
	static const char *const dates[] = {"2019-08-12", "2023-05-21", "2027-12-23", "2099-01-01"};
	for (size_t p = 0; p < ca_rules_profile_count(rules); p++)
		for (size_t h = 0; h < 3; h++)
			for (size_t d = 0; d < 4; d++) {
				ca_findings *f = NULL;
				if (ca_rules_evaluate(rules, ca_rules_profile_at(rules, p), hosts[h], dates[d], w,
						      &f) < 0)
					continue;
				for (size_t i = 0; i < ca_findings_count(f); i++) {
					const ca_finding *x = ca_findings_at(f, i);
					free(ca_finding_sentence(x));
					free(ca_finding_citation(x));
					free(ca_finding_evidence(x));
					free(ca_finding_options(x));
					free(ca_finding_interpretation(x));
					free(ca_finding_waiver_text(x));
				}
				for (size_t i = 0; i < ca_findings_rule_count(f); i++)
					free(ca_rule_status_text(ca_findings_rule_at(f, i)));
				ca_findings_free(f);
			}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ca_rules *rules = NULL;
	if (ca_rules_new(&rules) < 0)
		return 0;
	char *err = NULL;
	bool loaded = ca_rules_load_buffer(rules, NULL, "fuzz.yaml", (const char *)data, size, &err) == 0;
	free(err);
	err = NULL;
	ca_waivers *w = NULL;
	if (ca_waivers_load_buffer("fuzz.yaml", (const char *)data, size, &w, &err) != 0)
		w = NULL;
	free(err);
	if (loaded || w)
		evaluate_all(rules, w);
	ca_waivers_free(w);
	ca_rules_free(rules);
	return 0;
}
