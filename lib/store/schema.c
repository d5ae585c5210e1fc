/* SPDX-License-Identifier: MIT */
/* The fleet store's schema as migrations (docs/fleet.md, "Schema"). Each
 * entry takes version to-1 to version to; a store records its version in
 * schema_version. Only ever append: a released migration never changes. */
#include "store_internal.h"

const cai_store_migration cai_store_migrations[] = {
	{1, "CREATE TABLE schema_version (version INTEGER NOT NULL);"
	    "CREATE TABLE hosts (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
	    "CREATE TABLE scans (id INTEGER PRIMARY KEY,"
	    " host_id BIGINT NOT NULL REFERENCES hosts(id),"
	    " content_hash TEXT NOT NULL UNIQUE, ingested_at TEXT NOT NULL, origin TEXT NOT NULL,"
	    " tool TEXT, format TEXT, profile TEXT, verdict TEXT NOT NULL);"
	    "CREATE TABLE components (id INTEGER PRIMARY KEY,"
	    " scan_id BIGINT NOT NULL REFERENCES scans(id), kind TEXT NOT NULL, handle INTEGER,"
	    " locator TEXT, manufacturer TEXT, part_number TEXT, serial_number TEXT,"
	    " size_bytes BIGINT, type TEXT, manufacture_date TEXT);"
	    "CREATE TABLE makers (component_id BIGINT NOT NULL REFERENCES components(id),"
	    " role TEXT NOT NULL, maker_id TEXT, maker TEXT, owner_id TEXT, owner TEXT,"
	    " confidence TEXT NOT NULL, method TEXT, evidence TEXT);"
	    "CREATE TABLE findings (scan_id BIGINT NOT NULL REFERENCES scans(id),"
	    " severity TEXT NOT NULL, rule TEXT NOT NULL, state TEXT NOT NULL, component TEXT,"
	    " role TEXT, maker_id TEXT, owner TEXT, waived INTEGER NOT NULL, sentence TEXT);"
	    "INSERT INTO schema_version (version) VALUES (1);"},
	/* 2: ingest batches, the date and knowledge base a scan was judged
	 * with, and the indexes the fleet queries use */
	{2, "CREATE TABLE ingests (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL);"
	    "ALTER TABLE scans ADD COLUMN ingest_id BIGINT REFERENCES ingests(id);"
	    "ALTER TABLE scans ADD COLUMN as_of TEXT;"
	    "ALTER TABLE scans ADD COLUMN kb_version TEXT;"
	    "CREATE INDEX scans_host ON scans(host_id);"
	    "CREATE INDEX components_scan ON components(scan_id);"
	    "CREATE INDEX makers_component ON makers(component_id);"
	    "CREATE INDEX findings_scan ON findings(scan_id);"
	    "CREATE INDEX findings_rule ON findings(rule);"
	    "UPDATE schema_version SET version = 2;"},
	/* 3: makers by role and owner counted per scan at ingest, so the fleet
	 * summary adds a few rows per host instead of joining every maker */
	{3, "CREATE TABLE scan_makers (scan_id BIGINT NOT NULL REFERENCES scans(id),"
	    " role TEXT NOT NULL, owner TEXT, components BIGINT NOT NULL);"
	    "INSERT INTO scan_makers (scan_id, role, owner, components)"
	    " SELECT c.scan_id, m.role, m.owner, count(*) FROM components c"
	    " JOIN makers m ON m.component_id = c.id"
	    " WHERE m.owner IS NOT NULL OR m.role NOT IN ('register', 'pmic')"
	    " GROUP BY c.scan_id, m.role, m.owner;"
	    "CREATE INDEX scan_makers_scan ON scan_makers(scan_id);"
	    /* each host's latest scan, kept at ingest: no max() over scans */
	    "ALTER TABLE hosts ADD COLUMN latest_scan BIGINT;"
	    "UPDATE hosts SET latest_scan = (SELECT max(s.id) FROM scans s WHERE s.host_id = hosts.id);"
	    "UPDATE schema_version SET version = 3;"},
	/* 4: what re-evaluation needs (docs/fleet.md, "Re-evaluation"): every
	 * memory slot with its typed fields and JEDEC ids, devices beyond
	 * memory, the system's UUID, each scan's evidence sources; and the host
	 * id on every child table, to distribute them by host */
	{4, "ALTER TABLE components ADD COLUMN label TEXT;"
	    "ALTER TABLE components ADD COLUMN installed INTEGER;"
	    "ALTER TABLE components ADD COLUMN evidence TEXT;"
	    "ALTER TABLE components ADD COLUMN bank_locator TEXT;"
	    "ALTER TABLE components ADD COLUMN form_factor TEXT;"
	    "ALTER TABLE components ADD COLUMN type_detail TEXT;"
	    "ALTER TABLE components ADD COLUMN speed_mts BIGINT;"
	    "ALTER TABLE components ADD COLUMN configured_speed_mts BIGINT;"
	    "ALTER TABLE components ADD COLUMN asset_tag TEXT;"
	    "ALTER TABLE components ADD COLUMN module_rank BIGINT;"
	    "ALTER TABLE components ADD COLUMN module_jedec TEXT;"
	    "ALTER TABLE components ADD COLUMN controller_jedec TEXT;"
	    "ALTER TABLE components ADD COLUMN pmic_jedec TEXT;"
	    "ALTER TABLE components ADD COLUMN rcd_jedec TEXT;"
	    "ALTER TABLE components ADD COLUMN dram_jedec TEXT;"
	    "ALTER TABLE components ADD COLUMN spd_source TEXT;"
	    "ALTER TABLE components ADD COLUMN spd_crc TEXT;"
	    "ALTER TABLE components ADD COLUMN system_uuid TEXT;"
	    "ALTER TABLE components ADD COLUMN family TEXT;"
	    "ALTER TABLE components ADD COLUMN firmware TEXT;"
	    "ALTER TABLE components ADD COLUMN wwn TEXT;"
	    "ALTER TABLE components ADD COLUMN eui64 TEXT;"
	    "ALTER TABLE components ADD COLUMN pci_vendor BIGINT;"
	    "ALTER TABLE components ADD COLUMN pci_device BIGINT;"
	    "ALTER TABLE components ADD COLUMN pci_subvendor BIGINT;"
	    "ALTER TABLE components ADD COLUMN pci_subdevice BIGINT;"
	    "ALTER TABLE components ADD COLUMN pci_class BIGINT;"
	    "ALTER TABLE components ADD COLUMN oui BIGINT;"
	    "ALTER TABLE components ADD COLUMN usb_vendor BIGINT;"
	    "ALTER TABLE components ADD COLUMN usb_product BIGINT;"
	    "ALTER TABLE components ADD COLUMN emmc_manfid BIGINT;"
	    "ALTER TABLE components ADD COLUMN emmc_oemid BIGINT;"
	    "ALTER TABLE components ADD COLUMN emmc_name TEXT;"
	    "ALTER TABLE components ADD COLUMN emmc_date TEXT;"
	    "ALTER TABLE components ADD COLUMN vram_vendor TEXT;"
	    "ALTER TABLE components ADD COLUMN rotation TEXT;"
	    "ALTER TABLE components ADD COLUMN transport TEXT;"
	    "ALTER TABLE components ADD COLUMN host_id BIGINT;"
	    "ALTER TABLE makers ADD COLUMN host_id BIGINT;"
	    "ALTER TABLE findings ADD COLUMN host_id BIGINT;"
	    "ALTER TABLE scan_makers ADD COLUMN host_id BIGINT;"
	    "UPDATE components SET host_id = (SELECT s.host_id FROM scans s WHERE s.id = components.scan_id);"
	    "UPDATE makers SET host_id = (SELECT c.host_id FROM components c WHERE c.id = makers.component_id);"
	    "UPDATE findings SET host_id = (SELECT s.host_id FROM scans s WHERE s.id = findings.scan_id);"
	    "UPDATE scan_makers SET host_id = (SELECT s.host_id FROM scans s WHERE s.id = scan_makers.scan_id);"
	    "CREATE TABLE scan_evidence (scan_id BIGINT NOT NULL REFERENCES scans(id), position INTEGER NOT NULL,"
	    " name TEXT, format TEXT, was_read INTEGER NOT NULL, inventory INTEGER NOT NULL, host_id BIGINT NOT NULL);"
	    "CREATE INDEX scan_evidence_scan ON scan_evidence(scan_id);"
	    /* 1: the scan's components were kept whole (ingested by version 4 or later) */
	    "ALTER TABLE scans ADD COLUMN typed INTEGER;"
	    "UPDATE schema_version SET version = 4;"},
};

_Static_assert(sizeof(cai_store_migrations) / sizeof(cai_store_migrations[0]) ==
		       CA_STORE_SCHEMA_VERSION,
	       "one migration per schema version");
