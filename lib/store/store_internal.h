/* SPDX-License-Identifier: MIT */
/* What the fleet store's parts share: the schema (schema.c), the report
 * reader (ingest.c) and the backend (sqlite.c). */
#ifndef CAI_STORE_INTERNAL_H
#define CAI_STORE_INTERNAL_H

#include "chipaudit/store.h"

#include <jansson.h>
#include <stdint.h>

/* One migration: the SQL statements (';'-separated) that take a store of
 * version `to - 1` to version `to`. */
typedef struct cai_store_migration {
	int to;
	const char *sql;
} cai_store_migration;

/* The migrations in order, CA_STORE_SCHEMA_VERSION of them. */
extern const cai_store_migration cai_store_migrations[];

/* What a scan carries besides its host object. */
typedef struct cai_scan_meta {
	const char *origin;     /* the file the report or evidence came from */
	const char *host_name;  /* overrides the host's "source", or NULL */
	const char *tool;       /* "chipaudit 0.1.0", or NULL */
	const char *as_of;      /* the date it was judged on, or NULL when the report does not say */
	const char *kb_version; /* the JEP106 revision, or NULL when the report does not say */
} cai_scan_meta;

/* 128 bits of a host's content (host_json.c). */
typedef struct cai_hash {
	uint64_t a, b;
} cai_hash;

/* The numeric ids of a device beyond memory, in the order of
 * cai_device_id_keys (its "pci_vendor_id", ... keys). */
enum { CAI_DEVICE_IDS = 10 };
extern const char *const cai_device_id_keys[CAI_DEVICE_IDS];

/* The JEDEC ids of a memory device, in the order of cai_jedec_keys. */
enum { CAI_JEDEC_IDS = 5 };
extern const char *const cai_jedec_keys[CAI_JEDEC_IDS];

/* A memory device (kind NULL) or a device beyond memory (kind "nvme", ...)
 * as the store reads it. A device's vendor, model, serial, bus path and
 * capacity are kept in manufacturer, part_number, serial_number, locator
 * and size_bytes. */
typedef struct cai_rdevice {
	const char *kind;
	bool kind_expected; /* read from the "devices" list */
	bool installed, installed_ok, has_handle, has_size, has_speed, has_cspeed, has_rank;
	long long handle, size_bytes, speed, cspeed, rank;
	const char *locator, *manufacturer, *part_number, *serial_number, *type, *manufacture_date;
	const char *bank_locator, *form_factor, *type_detail, *asset_tag, *spd_source, *spd_crc;
	const char *jedec[CAI_JEDEC_IDS]; /* "Bank 1, Hex 0x2C" (dmidecode's words), or NULL */
	const char *label, *evidence, *family, *firmware, *wwn, *eui64, *emmc_name, *emmc_date,
		*vram_vendor, *rotation, *transport;
	long long ids[CAI_DEVICE_IDS]; /* -1: absent */
	size_t first_maker; /* its makers: makers[first_maker..] with device == its index */
} cai_rdevice;

/* One evidence source of a host as its report lists it. */
typedef struct cai_revidence {
	const char *name, *format;
	bool read, inventory;
} cai_revidence;

/* One maker answer of a device, in a role. */
typedef struct cai_rmaker {
	size_t device;
	const char *role, *maker_id, *maker, *owner_id, *owner, *method, *evidence, *confidence;
} cai_rmaker;

typedef struct cai_rfinding {
	const char *severity, *rule, *state, *component, *role, *maker_id, *owner, *sentence;
	bool waived, waived_ok;
} cai_rfinding;

/* One host of a report as the store reads it: texts NULL for JSON null or
 * absent, every text in the host's arena (valid until the next parse). */
typedef struct cai_rhost {
	const char *source, *format, *profile;
	bool has_system;
	const char *sys_manufacturer, *sys_product, *sys_serial, *sys_uuid;
	size_t n_evidence, n_read;
	cai_revidence *evidence; /* n_evidence of them */
	size_t cap_evidence;
	cai_rdevice *devices;
	size_t n_devices, cap_devices;
	cai_rmaker *makers;
	size_t n_makers, cap_makers;
	cai_rfinding *findings;
	size_t n_findings, cap_findings;
	cai_hash content; /* over the JSON data model of the host object */
	/* the reader's own */
	struct chunk *arena, *spare;
	int ev_read;
	bool ev_bad, evidence_is_list, devices_twice;
	const char *devices_why, *findings_why;
} cai_rhost;

/* Reads the host object in buf[0..len) (nothing but white space around
 * it) into h, checking it has every key the store reads with the right
 * types. Returns 0; 1 with a static reason in *ret_why when the JSON is
 * fine but the host is not one the store takes; -EINVAL with the reason
 * and its byte offset in buf when it is not JSON; -ENOMEM. */
int cai_rhost_parse(cai_rhost *h, const char *buf, size_t len, const char **ret_why, size_t *ret_at);

/* Frees what the last parse kept but the buffers (cai_rhost_reset) or all. */
void cai_rhost_reset(cai_rhost *h);
void cai_rhost_release(cai_rhost *h);

/* The key of a host's report in the store: its name and content. */
cai_hash cai_rhost_key(const cai_rhost *h, const char *name);

/* "unreadable", "fail", "warn", "info" or "no_findings": the report's verdict. */
const char *cai_rhost_verdict(const cai_rhost *h);

/* Stores one parsed host in the open batch. Counts it in r as added or
 * unchanged (same content key). Returns 0, -EIO, -ENOMEM. */
int cai_store_put_host(ca_store *s, const cai_rhost *host, const cai_scan_meta *m, ca_ingest_result *r);

/* Savepoints around one report inside a batch: begin, release (keep) or
 * roll back. Return 0 or -EIO. */
int cai_store_report_begin(ca_store *s);
/* keep: the backend's staged rows are written first (their counts into r). */
int cai_store_report_end(ca_store *s, bool keep, ca_ingest_result *r);

/* The statements of the store (store.c), by index; SQL written once, in
 * the SQL both backends speak, with ?N parameters. */
enum {
	CAI_SQL_SCAN_EXISTS,
	CAI_SQL_HOST_ADD,
	CAI_SQL_INGEST_ADD,
	CAI_SQL_SCAN_ADD,
	CAI_SQL_COMPONENT_ADD,
	CAI_SQL_MAKER_ADD,
	CAI_SQL_FINDING_ADD,
	CAI_SQL_TALLY_ADD,
	CAI_SQL_EVIDENCE_ADD,
	CAI_SQL_SCAN_ID_EXISTS,
	CAI_SQL_LAST_TWO,
	CAI_SQL_VERSION,
	CAI_SQL_MAX_SCAN,
	CAI_SQL_MAX_COMPONENT,
	CAI_SQL_PAGE_SCANS,	 /* re-evaluation (rebuild.c): latest scans after ?1 (host ?2) */
	CAI_SQL_PAGE_COMPONENTS, /* ... their components, scans ?1 to ?2 */
	CAI_SQL_PAGE_EVIDENCE,	 /* ... their evidence sources */
	CAI_SQL_ASK, /* + ca_store_question */
	CAI_SQL_COUNT = CAI_SQL_ASK + CA_STORE_PROFILES + 1
};

/* The columns of a component row (CAI_SQL_COMPONENT_ADD), in the order
 * cai_store_rows() gives them; the host id follows as the last parameter. */
#define CAI_COMPONENT_COLUMNS \
	"id, scan_id, kind, handle, locator, manufacturer, part_number," \
	" serial_number, size_bytes, type, manufacture_date, label, installed," \
	" evidence, bank_locator, form_factor, type_detail, speed_mts," \
	" configured_speed_mts, asset_tag, module_rank, module_jedec," \
	" controller_jedec, pmic_jedec, rcd_jedec, dram_jedec, spd_source," \
	" spd_crc, system_uuid, family, firmware, wwn, eui64, pci_vendor," \
	" pci_device, pci_subvendor, pci_subdevice, pci_class, oui, usb_vendor," \
	" usb_product, emmc_manfid, emmc_oemid, emmc_name, emmc_date," \
	" vram_vendor, rotation, transport"
#define CAI_COMPONENT_PARAMS 48
/* The other child tables' columns, the host id after them. */
#define CAI_MAKER_COLUMNS "component_id, role, maker_id, maker, owner_id, owner, confidence, method, evidence"
#define CAI_FINDING_COLUMNS \
	"scan_id, severity, rule, state, component, role, maker_id, owner, waived, sentence"
#define CAI_TALLY_COLUMNS "scan_id, role, owner, components"
#define CAI_EVIDENCE_COLUMNS "scan_id, position, name, format, was_read, inventory"
/* A scan's columns after host_id and ingest_id (cai_store_scan_row). */
#define CAI_SCAN_COLUMNS \
	"id, content_hash, ingested_at, origin, tool, format, profile, verdict, as_of, kb_version, typed"
#define CAI_SCAN_PARAMS 11

/* A statement parameter: text (NULL: SQL NULL) or, with is_num, num. */
typedef struct cai_param {
	const char *text;
	long long num;
	bool is_num;
} cai_param;

#define TEXT(v) ((cai_param){.text = (v)})
#define NUM(v) ((cai_param){.num = (v), .is_num = true})

/* The text of statement id (CAI_SQL_*). */
const char *cai_store_sql(int id);

/* "%016x%016x" of h. */
void cai_hash_text(cai_hash h, char out[33]);

/* Makes the batch's row in ingests when it has none yet. 0, -EIO. */
int cai_store_ingest_row(ca_store *s);

/* The scan's columns CAI_SCAN_COLUMNS (CAI_SQL_SCAN_ADD without host_id
 * and ingest_id) into p. Texts point into h, m and s. */
void cai_store_scan_row(ca_store *s, const cai_rhost *h, const char *key, long long id,
			const cai_scan_meta *m, cai_param p[CAI_SCAN_PARAMS]);

/* Writes a row of table (CAI_SQL_COMPONENT_ADD, CAI_SQL_MAKER_ADD,
 * CAI_SQL_FINDING_ADD, CAI_SQL_TALLY_ADD, CAI_SQL_EVIDENCE_ADD) with its n
 * columns in statement order, but the host id (the writer adds it). */
typedef int (*cai_emit)(ca_store *s, void *ctx, int table, const cai_param *p, int n);

/* The component, maker, finding, makers-by-owner and evidence rows of host h as scan `scan`, each
 * through emit (components get ids from s->next_component). Returns 0 or
 * emit's error. */
int cai_store_rows(ca_store *s, const cai_rhost *h, long long scan, cai_emit emit, void *ctx);

/* What a backend does; the rest of the store is the same for both. */
typedef struct cai_backend {
	const char *begin_sql;     /* starts a write transaction */
	const char *batch_lock;    /* then, for a batch: takes the writers' lock (or NULL) */
	const char *table_exists;  /* SQL: one row when the table named ?1 exists */
	const char *id_type;       /* replaces "INTEGER PRIMARY KEY" in migrations */
	/* runs statements without parameters or results; 0 or -EIO */
	int (*exec)(ca_store *s, const char *sql);
	/* runs statement `id` (its text sql, prepared once per store) with n
	 * parameters; the rows in *ret when ret is not NULL. 0, -EIO, -ENOMEM */
	int (*run)(ca_store *s, int id, const char *sql, const cai_param *p, int n,
		   ca_store_table **ret);
	const char *(*error)(const ca_store *s);
	/* optional, for a backend that writes hosts in bulk: stage one host
	 * (name and key computed; counted in r now or when written); mark the
	 * start of a report; at a report's end, write what must be (counting
	 * in r what was not counted yet); drop what the report staged; and
	 * finish a batch (writing what is left) before its COMMIT; 0 or -errno */
	int (*put)(ca_store *s, const cai_rhost *h, const char *name, const char *key,
		   const cai_scan_meta *m, ca_ingest_result *r);
	void (*report_begin)(ca_store *s);
	int (*flush)(ca_store *s, ca_ingest_result *r);
	void (*discard)(ca_store *s);
	int (*batch_end)(ca_store *s);
	void (*close)(ca_store *s);
} cai_backend;

struct ca_store {
	const cai_backend *be;
	void *conn; /* the backend's */
	int schema_found;
	bool in_batch;
	long long ingest_id; /* the batch's row in ingests, 0 before the first host */
	bool ingest_made_here; /* ingest_id was made inside the current report */
	long long next_scan, next_component; /* the last ids given */
	char now[32];        /* the batch's time, ISO 8601 UTC */
};

/* Opens the backends' connections into s->conn and sets s->be. Return 0 or
 * -errno with a malloc'd reason. */
int cai_sqlite_open(ca_store *s, const char *path, char **ret_error);
int cai_postgres_open(ca_store *s, const char *url, char **ret_error);

#endif
