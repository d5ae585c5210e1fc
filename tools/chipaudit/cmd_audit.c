/* SPDX-License-Identifier: MIT */
/*
 * chipaudit audit PATH...: evidence files and folders, one host per file.
 *
 * Files are read and decoded by worker threads (one per core by default)
 * and written in walk order through a bounded window, so memory stays flat
 * however many files there are.
 */
#include "cli.h"
#include "walk.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define AUDIT_WINDOW 32u   /* files in flight between the walk and the output */
#define AUDIT_MAX_JOBS 64u /* worker threads */

typedef struct job {
	char *path;
	char *rendered;   /* report part, NULL when out of memory */
	char *complaint;  /* stderr line for an unreadable file, or NULL */
	bool readable;
	bool internal_error;
	bool done;
	int max_severity; /* highest non-waived finding, -1: none */
} job;

typedef struct audit {
	pthread_mutex_t lock;
	pthread_cond_t work_ready; /* a job was queued, or the walk ended */
	pthread_cond_t job_done;
	job slots[AUDIT_WINDOW];
	size_t queued;   /* jobs handed out so far (sequence numbers) */
	size_t taken;    /* jobs claimed by workers */
	bool no_more;
	output_format format;
	ca_report_options report; /* knowledge base and date: read-only, shared */
	const policy *policy;      /* rules, profile, waivers: read-only, shared */
} audit;

/* Reads path into *buf (grown as needed). Returns bytes read or -errno. */
static ssize_t read_whole(const char *path, uint8_t **buf, size_t *cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int e = S_ISDIR(st.st_mode) ? EISDIR : errno ? errno : EINVAL;
		close(fd);
		return -e;
	}
	if ((uint64_t)st.st_size > CA_MAX_INPUT_BYTES) {
		close(fd);
		return -EFBIG;
	}
	size_t want = (size_t)st.st_size + 1;
	if (want > *cap) {
		uint8_t *p = realloc(*buf, want);
		if (!p) {
			close(fd);
			return -ENOMEM;
		}
		*buf = p;
		*cap = want;
	}
	size_t got = 0;
	while (got < *cap) {
		ssize_t n = read(fd, *buf + got, *cap - got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			return -e;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got == *cap) /* grew while we read: keep the cap, say so */
		return -EFBIG;
	return (ssize_t)got;
}

static void process(job *j, const audit *a, uint8_t **buf, size_t *cap)
{
	ca_host *h = ca_host_new();
	if (!h || ca_host_set_source(h, j->path) < 0) {
		ca_host_free(h);
		j->internal_error = true;
		return;
	}
	ssize_t n = read_whole(j->path, buf, cap);
	int r;
	if (n == -EFBIG) {
		char msg[128];
		snprintf(msg, sizeof(msg), "file larger than %u MiB: not read as evidence",
			 CA_MAX_INPUT_BYTES >> 20);
		ca_host_add_diagnostic(h, CA_DIAG_ERROR, "input.too-large", -1, msg);
		r = -EFBIG;
	} else if (n < 0) {
		char msg[256];
		snprintf(msg, sizeof(msg), "cannot read the file: %s", strerror((int)-n));
		ca_host_add_diagnostic(h, CA_DIAG_ERROR, "input.read-failed", -1, msg);
		r = (int)n;
	} else {
		r = ca_read_evidence(h, *buf, (size_t)n);
	}
	if (r == -ENOMEM)
		j->internal_error = true;
	j->readable = r == 0;
	ca_findings *findings = NULL;
	j->max_severity = -1;
	if (j->readable && policy_evaluate(a->policy, a->report.kb, h, a->report.as_of, &findings) < 0)
		j->internal_error = true;
	j->max_severity = ca_findings_max_severity(findings);
	ca_report_options ropt = a->report;
	ropt.findings = findings;
	ropt.profile_id = a->policy->profile && j->readable ? a->policy->profile->id : NULL;
	j->rendered = report_render_host(h, a->format, &ropt);
	ca_findings_free(findings);
	if (!j->rendered)
		j->internal_error = true;
	if (!j->readable)
		j->complaint = format_unreadable(j->path, h);
	ca_host_free(h);
}

static void *worker(void *arg)
{
	audit *a = arg;
	uint8_t *buf = NULL;
	size_t cap = 0;
	pthread_mutex_lock(&a->lock);
	for (;;) {
		while (a->taken == a->queued && !a->no_more)
			pthread_cond_wait(&a->work_ready, &a->lock);
		if (a->taken == a->queued && a->no_more)
			break;
		job *j = &a->slots[a->taken++ % AUDIT_WINDOW];
		pthread_mutex_unlock(&a->lock);
		process(j, a, &buf, &cap);
		pthread_mutex_lock(&a->lock);
		j->done = true;
		pthread_cond_broadcast(&a->job_done);
	}
	pthread_mutex_unlock(&a->lock);
	free(buf);
	return NULL;
}

static void audit_usage(FILE *out)
{
	fprintf(out, "usage: chipaudit audit [--format table|json] [-o FILE] [-j N] [--as-of DATE]\n"
		     "                       [--kb FILE]... [--profile NAME|FILE] [--rules FILE]...\n"
		     "                       [--ignore WAIVERS] [--fail-on fail|warn|info] PATH...\n"
		     "  PATH         evidence files, or folders read recursively (one host per file):\n"
		     "               dmidecode text (any version), dmidecode --dump-bin, RSMB, raw tables\n"
		     "  -j N         worker threads (default: one per online core)\n"
		     "  --as-of DATE owners of brands and acquired makers as of YYYY-MM-DD (default today)\n"
		     "  --kb FILE    add or override knowledge-base entries (docs/knowledge-base.md)\n"
		     "  --profile P  evaluate the rule packs that bind organization profile P\n"
		     "               (chipaudit rules list shows them; or a profile file)\n"
		     "  --rules FILE add or replace a rule pack; --ignore FILE waivers (docs/rules.md)\n"
		     "  --fail-on S  exit 1 when a finding is at or above S (default fail)\n");
}

/* Writes finished jobs from the front of the window, in order. */
static void drain(audit *a, size_t *written, report_writer *w, bool *bad, bool *internal,
		  int *max_severity, bool wait_all)
{
	for (;;) {
		pthread_mutex_lock(&a->lock);
		if (*written == a->queued) {
			pthread_mutex_unlock(&a->lock);
			return;
		}
		job *j = &a->slots[*written % AUDIT_WINDOW];
		bool must_wait = wait_all || a->queued - *written >= AUDIT_WINDOW;
		while (!j->done && must_wait)
			pthread_cond_wait(&a->job_done, &a->lock);
		bool ready = j->done;
		pthread_mutex_unlock(&a->lock);
		if (!ready)
			return;
		if (j->rendered)
			report_writer_add(w, j->rendered, j->readable);
		if (j->complaint)
			fputs(j->complaint, stderr);
		*bad |= !j->readable;
		*internal |= j->internal_error;
		if (j->max_severity > *max_severity)
			*max_severity = j->max_severity;
		free(j->path);
		free(j->rendered);
		free(j->complaint);
		*j = (job){0};
		(*written)++;
	}
}

int cmd_audit(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
		{"jobs", required_argument, NULL, 'j'},   {"help", no_argument, NULL, 'h'},
		KNOWLEDGE_LONGOPTS,                       {NULL, 0, NULL, 0},
	};
	output_options opt = {.format = OUTPUT_TABLE};
	knowledge_options know = {.fail_on = CA_SEVERITY_FAIL};
	long n_workers = sysconf(_SC_NPROCESSORS_ONLN);
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:j:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!output_format_parse(optarg, &opt.format)) {
				fprintf(stderr, "chipaudit audit: unknown format '%s'\n", optarg);
				return EXIT_BAD_INPUT;
			}
			break;
		case 'o': opt.path = optarg; break;
		case 'j': {
			char *end;
			n_workers = strtol(optarg, &end, 10);
			if (*end || n_workers < 1 || n_workers > (long)AUDIT_MAX_JOBS) {
				fprintf(stderr, "chipaudit audit: -j takes 1..%u\n", AUDIT_MAX_JOBS);
				return EXIT_BAD_INPUT;
			}
			break;
		}
		case 'h': audit_usage(stdout); return EXIT_OK;
		default: {
			int k = knowledge_option(&know, c, optarg);
			if (k == 1)
				break;
			if (k == 0)
				audit_usage(stderr);
			return EXIT_BAD_INPUT;
		}
		}
	}
	if (optind >= argc) {
		audit_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	ca_kb *kb;
	int kr = knowledge_open(&know, &kb);
	if (kr != EXIT_OK)
		return kr;
	policy pol;
	kr = policy_open(&know, kb, &pol);
	if (kr != EXIT_OK) {
		ca_kb_free(kb);
		return kr;
	}
	if (n_workers < 1)
		n_workers = 1;
	if (n_workers > (long)AUDIT_MAX_JOBS)
		n_workers = AUDIT_MAX_JOBS;

	report_writer w;
	if (report_writer_open(&w, &opt) < 0) {
		policy_close(&pol);
		ca_kb_free(kb);
		return EXIT_INTERNAL;
	}
	walk *wk = walk_new(argv + optind, (size_t)(argc - optind));
	if (!wk) {
		fprintf(stderr, "chipaudit: out of memory\n");
		policy_close(&pol);
		ca_kb_free(kb);
		return EXIT_INTERNAL;
	}
	audit a = {.format = opt.format, .report = {.kb = kb, .as_of = know.as_of}, .policy = &pol};
	pthread_mutex_init(&a.lock, NULL);
	pthread_cond_init(&a.work_ready, NULL);
	pthread_cond_init(&a.job_done, NULL);
	pthread_t tids[AUDIT_MAX_JOBS];
	long started = 0;
	for (; started < n_workers; started++)
		if (pthread_create(&tids[started], NULL, worker, &a) != 0)
			break;
	if (started == 0) {
		fprintf(stderr, "chipaudit: cannot start worker threads\n");
		walk_free(wk);
		policy_close(&pol);
		ca_kb_free(kb);
		return EXIT_INTERNAL;
	}

	bool bad = false, internal = false;
	int max_severity = -1;
	size_t written = 0;
	for (;;) {
		char *err = NULL;
		char *path = walk_next(wk, &err);
		if (err) {
			fprintf(stderr, "chipaudit: %s\n", err);
			free(err);
			bad = true;
			continue;
		}
		if (!path) {
			if (walk_done(wk))
				break;
			continue;
		}
		/* Make room in the window, writing finished jobs in order. */
		drain(&a, &written, &w, &bad, &internal, &max_severity, false);
		pthread_mutex_lock(&a.lock);
		while (a.queued - written >= AUDIT_WINDOW) {
			pthread_mutex_unlock(&a.lock);
			drain(&a, &written, &w, &bad, &internal, &max_severity, false);
			pthread_mutex_lock(&a.lock);
		}
		a.slots[a.queued % AUDIT_WINDOW] = (job){.path = path};
		a.queued++;
		pthread_cond_signal(&a.work_ready);
		pthread_mutex_unlock(&a.lock);
	}
	pthread_mutex_lock(&a.lock);
	a.no_more = true;
	pthread_cond_broadcast(&a.work_ready);
	pthread_mutex_unlock(&a.lock);
	drain(&a, &written, &w, &bad, &internal, &max_severity, true);
	for (long i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	walk_free(wk);
	pthread_mutex_destroy(&a.lock);
	pthread_cond_destroy(&a.work_ready);
	pthread_cond_destroy(&a.job_done);
	bool rules_applied = pol.profile != NULL;
	policy_close(&pol);
	ca_kb_free(kb);

	w.rules_applied = rules_applied;
	if (report_writer_close(&w) < 0) {
		fprintf(stderr, "chipaudit: error writing the report\n");
		return EXIT_INTERNAL;
	}
	if (internal)
		return EXIT_INTERNAL;
	if (bad)
		return EXIT_BAD_INPUT;
	return max_severity >= (int)know.fail_on ? EXIT_FINDINGS : EXIT_OK;
}
