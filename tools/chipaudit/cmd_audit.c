/* SPDX-License-Identifier: MIT */
/*
 * chipaudit audit PATH...: evidence files and folders, one host per file;
 * --host DIR: the files of DIR are the evidence of one host.
 *
 * Worker threads (one per core by default) assess hosts and render their
 * report parts; the main thread adds the parts to the report in walk order
 * through a bounded window, so memory stays flat however many files there are.
 */
#include "cli.h"
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define AUDIT_WINDOW 128u       /* hosts in flight between the walk and the report */
/* Hosts handed to the workers at once, and finished hosts the report waits
 * for before it wakes, so the threads meet (lock, wake-up) once per batch
 * rather than once per host. */
#define AUDIT_BATCH 32u
#define AUDIT_MAX_JOBS 64u      /* worker threads */
#define AUDIT_MAX_HOST_DIRS 256u /* --host folders */
/* A host with more structures than this renders to a temporary file rather
 * than memory, so the window of hosts in flight stays small (docs/security.md). */
#define AUDIT_SPILL_RECORDS 2000u

typedef struct job {
	char *path;       /* a file, or with is_folder a folder: the host's evidence */
	bool is_folder;
	walk_folder *folder; /* the file's folder from the walk (a reference), or NULL: read by name */
	walk_kind problem; /* not WALK_FILE: what the walk found instead of evidence */
	int problem_errno;
	char *rendered;   /* report part, NULL when out of memory or spilled */
	size_t rendered_len;
	FILE *spilled;    /* the report part of a large host, in a temporary file */
	char *failure;    /* stderr line when the part could not be rendered, or NULL */
	char *complaint;  /* stderr lines for unreadable evidence, or NULL */
	ca_host_tally *tally; /* what the host adds to the run's summary */
	bool bad;         /* some evidence could not be read, or was read with errors */
	bool internal_error;
	bool done;
	int max_severity; /* highest non-waived finding, -1: none */
	size_t ordinal;   /* the host's place in the report, from 1 */
	/* the report part, tally and complaint of the job this slot held
	 * before, left by the report for the worker that takes the slot next
	 * to free, so the report's thread does not (see drain) */
	char *spent_rendered;
	ca_host_tally *spent_tally;
	char *spent_complaint;
} job;

typedef struct audit {
	pthread_mutex_t lock;
	pthread_cond_t work_ready; /* a job was queued, or the walk ended */
	pthread_cond_t job_done;
	job slots[AUDIT_WINDOW];
	size_t queued;   /* jobs handed out so far (sequence numbers) */
	size_t taken;    /* jobs claimed by workers */
	bool no_more;
	bool main_waits; /* the report waits for jobs wait_first and wait_last to be done */
	size_t wait_first, wait_last;
	const ca_policy *policy; /* read-only, shared */
	const ca_sink *sink;     /* rendering only reads it */
	const char *output;      /* -o FILE, never read as evidence */
} audit;

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Finishes a (unless rc is already an error); frees it on failure.
 * Returns 0 with *ret set, or -errno. */
static int finish_or_free(ca_assessment *a, int rc, ca_assessment **ret)
{
	if (rc != -ENOMEM)
		rc = ca_assessment_finish(a);
	if (rc < 0) {
		ca_assessment_free(a);
		return rc;
	}
	*ret = a;
	return 0;
}

/* The regular files directly in dir (sorted, hidden ones skipped), as an
 * assessment of one host called dir. */
static int assess_folder(const ca_policy *policy, const char *dir, ca_assessment **ret)
{
	ca_assessment *a;
	int rc = ca_assessment_new(policy, dir, &a);
	if (rc < 0)
		return rc;
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, by_name);
	if (n < 0) {
		int err = errno;
		char msg[300];
		snprintf(msg, sizeof(msg), "cannot list the host folder: %s", strerror(err));
		/* kept as evidence that could not be read, so the report says so */
		rc = ca_assessment_add_unreadable(a, dir, -err, msg);
	}
	size_t files = 0;
	for (int i = 0; i < n; i++) {
		char *path = NULL;
		struct stat st;
		if (rc != -ENOMEM && rc != -E2BIG && names[i]->d_name[0] != '.' &&
		    asprintf(&path, "%s/%s", dir, names[i]->d_name) >= 0) {
			/* regular files and links to them are evidence; anything else is
			 * said, as the folder walk says it */
			if (stat(path, &st) < 0)
				rc = ca_assessment_add_unreadable(a, path, -errno, strerror(errno));
			else if (S_ISREG(st.st_mode))
				rc = ca_assessment_add_file(a, path);
			else
				rc = ca_assessment_add_unreadable(
					a, path, S_ISDIR(st.st_mode) ? -EISDIR : -ENODEV,
					S_ISDIR(st.st_mode) ? "a folder inside a host folder: not read"
							    : walk_kind_text(WALK_NOT_REGULAR, 0));
			files++;
		}
		free(path);
		free(names[i]);
	}
	if (n >= 0 && files == 0 && rc != -ENOMEM)
		rc = ca_assessment_add_unreadable(a, dir, -ENOENT,
						  "the host folder holds no evidence file");
	free(names);
	return finish_or_free(a, rc, ret);
}

/* An entry for a path the walk could not hand over as evidence, so that it
 * is in the report, the summary and the exit status. */
static int assess_problem(const ca_policy *policy, const job *j, ca_assessment **ret)
{
	ca_assessment *a;
	int rc = ca_assessment_new(policy, j->path, &a);
	if (rc < 0)
		return rc;
	int err = j->problem_errno ? -j->problem_errno : -ENODEV;
	rc = ca_assessment_add_unreadable(a, j->path, err, walk_kind_text(j->problem, j->problem_errno));
	return finish_or_free(a, rc, ret);
}

/* Adds the file path found in folder: by name in it, or, in a folder
 * reached through a /proc magic link (perhaps of another mount namespace,
 * where devices are not refused), through an O_PATH descriptor checked
 * before anything is opened. */
static int add_found_file(ca_assessment *a, const char *path, const walk_folder *folder)
{
	const char *name = walk_entry_name(path);
	if (walk_folder_plain(folder))
		return ca_assessment_add_file_at(a, path, walk_folder_fd(folder), name);
	int pfd = openat(walk_folder_fd(folder), name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	return pfd >= 0 ? ca_assessment_add_file_opened(a, path, pfd) : ca_assessment_add_file(a, path);
}

/* The host of one evidence file, opened relative to the walk's folder
 * when there is one (whose reference is given back here). */
static int assess_file(const ca_policy *policy, job *j, ca_assessment **ret)
{
	ca_assessment *a = NULL;
	int rc = ca_assessment_new(policy, j->path, &a);
	if (rc == 0)
		rc = j->folder ? add_found_file(a, j->path, j->folder) : ca_assessment_add_file(a, j->path);
	walk_folder_release(j->folder);
	j->folder = NULL;
	return a ? finish_or_free(a, rc, ret) : rc;
}

/* Frees what the slot's previous job left (see job). */
static void free_spent(job *j)
{
	free(j->spent_rendered);
	ca_host_tally_free(j->spent_tally);
	free(j->spent_complaint);
	j->spent_rendered = NULL;
	j->spent_tally = NULL;
	j->spent_complaint = NULL;
}

static void process(job *j, const audit *au)
{
	free_spent(j);
	ca_assessment *a = NULL;
	int rc = j->problem != WALK_FILE ? assess_problem(au->policy, j, &a)
		 : j->is_folder		 ? assess_folder(au->policy, j->path, &a)
					 : assess_file(au->policy, j, &a);
	if (rc < 0) {
		j->internal_error = true;
		return;
	}
	ca_assessment_set_ordinal(a, j->ordinal);
	for (size_t i = 0; i < ca_assessment_evidence_count(a); i++) {
		int status = ca_assessment_evidence(a, i)->status;
		j->bad |= status != 0;
		j->internal_error |= status == -ENOMEM;
	}
	j->bad |= !ca_assessment_complete(a);
	j->max_severity = ca_findings_max_severity(ca_assessment_findings(a));
	const ca_host *inv = ca_assessment_inventory(a);
	if (inv && ca_host_record_count(inv) > AUDIT_SPILL_RECORDS)
		j->spilled = tmpfile(); /* none: rendered in memory instead */
	int r = ca_sink_tally_host(au->sink, a, &j->tally);
	if (r == 0)
		r = j->spilled ? ca_sink_render_host_to(au->sink, a, j->spilled)
			       : ca_sink_render_host(au->sink, a, &j->rendered, &j->rendered_len);
	if (r == 0 && j->spilled && fflush(j->spilled) != 0)
		r = -errno;
	if (r < 0) {
		j->internal_error = true;
		if (asprintf(&j->failure, "chipaudit: %s: cannot render the report: %s\n", ts(j->path),
			     ts(strerror(r == -EIO ? EIO : -r))) < 0)
			j->failure = NULL;
	}
	j->complaint = format_unreadable(a);
	ca_assessment_free(a);
}

static void *worker(void *arg)
{
	audit *a = arg;
	pthread_mutex_lock(&a->lock);
	for (;;) {
		while (a->taken == a->queued && !a->no_more)
			pthread_cond_wait(&a->work_ready, &a->lock);
		if (a->taken == a->queued && a->no_more)
			break;
		job *j = &a->slots[a->taken++ % AUDIT_WINDOW];
		pthread_mutex_unlock(&a->lock);
		process(j, a);
		pthread_mutex_lock(&a->lock);
		j->done = true;
		if (a->main_waits && a->slots[a->wait_first % AUDIT_WINDOW].done &&
		    a->slots[a->wait_last % AUDIT_WINDOW].done)
			pthread_cond_signal(&a->job_done);
	}
	pthread_mutex_unlock(&a->lock);
	ts_release();
	return NULL;
}

static void audit_usage(FILE *out)
{
	fprintf(out, "usage: chipaudit audit [--format F] [-o FILE] [-j N] [--as-of DATE]\n"
		     "                       [--kb FILE]... [--profile NAME|FILE] [--rules FILE]...\n"
		     "                       [--ignore WAIVERS] [--purchases CSV] [--fail-on fail|warn|info]\n"
		     "                       [-v|-q] [--color WHEN] [--csv-rows R] [--csv-bom] [--with-serials]\n"
		     "                       [--host DIR]... [PATH...]\n"
		     "  PATH         evidence files, or folders read recursively (one host per file):\n"
		     "               dmidecode text (any version), dmidecode --dump-bin, RSMB, raw tables,\n"
		     "               SPD images (binary or hex), smartctl -x / -j, lspci -nn / -vmm -nn,\n"
		     "               lsusb [-v], nvme list -o json, lshw -json, chipaudit collect archives\n"
		     "  --host DIR   the files directly in DIR are the evidence of one host named DIR\n"
		     "               (reported before the PATH hosts)\n"
		     "  -j N         worker threads (default: one per online core)\n"
		     "  --as-of DATE owners of brands and acquired makers as of YYYY-MM-DD (default today)\n"
		     "  --kb FILE    add or override knowledge-base entries (docs/knowledge-base.md)\n"
		     "  --profile P  evaluate the rule packs that bind organization profile P\n"
		     "               (chipaudit rules list shows them; or a profile file)\n"
		     "  --rules FILE add or replace a rule pack; --ignore FILE waivers (docs/rules.md)\n"
		     "  --purchases CSV  when hosts or parts were bought (key column, purchase_date)\n"
		     "  --fail-on S  exit 1 when a finding is at or above S (default fail)\n"
		     "%s", common_report_help);
}

typedef struct drain_state {
	size_t written;
	bool bad, internal;
	bool output_read;  /* the -o file was met as an input (through a link) */
	int max_severity;
	progress *progress; /* the bar on a terminal's stderr, or NULL */
} drain_state;

/* Adds the finished jobs at the front of the window to the report, in
 * order; first waits until the next `need` jobs (as many as are queued) are
 * done, the first and the last of them (jobs are taken in order). */
static void drain(audit *a, ca_sink *sink, drain_state *st, size_t need)
{
	pthread_mutex_lock(&a->lock);
	size_t end = st->written + need < a->queued ? st->written + need : a->queued;
	if (end > st->written) {
		a->wait_first = st->written;
		a->wait_last = end - 1;
		a->main_waits = true;
		while (!a->slots[a->wait_first % AUDIT_WINDOW].done ||
		       !a->slots[a->wait_last % AUDIT_WINDOW].done)
			pthread_cond_wait(&a->job_done, &a->lock);
		a->main_waits = false;
	}
	size_t ready = 0;
	while (st->written + ready < a->queued && a->slots[(st->written + ready) % AUDIT_WINDOW].done)
		ready++;
	pthread_mutex_unlock(&a->lock);
	/* done jobs are the report's: no worker touches them again */
	for (size_t k = 0; k < ready; k++) {
		job *j = &a->slots[st->written % AUDIT_WINDOW];
		if (j->rendered && j->tally &&
		    ca_sink_add_rendered(sink, j->rendered, j->rendered_len, j->tally) < 0)
			st->internal = true;
		if (j->spilled) {
			if (!j->internal_error && ca_sink_add_rendered_file(sink, j->spilled, j->tally) < 0)
				st->internal = true;
			fclose(j->spilled);
		}
		progress_step(st->progress);
		if (j->failure || j->complaint)
			progress_clear(st->progress);
		if (j->failure)
			fputs(j->failure, stderr);
		free(j->failure);
		if (j->complaint)
			fputs(j->complaint, stderr);
		st->bad |= j->bad;
		st->internal |= j->internal_error;
		if (j->max_severity > st->max_severity)
			st->max_severity = j->max_severity;
		free(j->path);
		/* what a worker allocated, a worker frees (the next to take this
		 * slot): the report's thread walks the folders too */
		*j = (job){.spent_rendered = j->rendered, .spent_tally = j->tally,
			   .spent_complaint = j->complaint};
		st->written++;
	}
}

/* Hosts found by the walk, not yet handed to the workers. */
typedef struct pending {
	job jobs[AUDIT_BATCH];
	size_t n;
} pending;

/* Hands the pending jobs to the workers, making room in the window first. */
static void submit(audit *a, ca_sink *sink, drain_state *st, pending *p)
{
	/* only this thread changes queued and written */
	drain(a, sink, st, 0);
	while (AUDIT_WINDOW - (a->queued - st->written) < p->n)
		drain(a, sink, st, AUDIT_BATCH);
	pthread_mutex_lock(&a->lock);
	for (size_t i = 0; i < p->n; i++) {
		job jb = p->jobs[i];
		job *slot = &a->slots[a->queued % AUDIT_WINDOW];
		jb.max_severity = -1;
		jb.ordinal = a->queued + 1;
		jb.spent_rendered = slot->spent_rendered;
		jb.spent_tally = slot->spent_tally;
		jb.spent_complaint = slot->spent_complaint;
		*slot = jb;
		a->queued++;
	}
	if (p->n > 1)
		pthread_cond_broadcast(&a->work_ready);
	else
		pthread_cond_signal(&a->work_ready);
	pthread_mutex_unlock(&a->lock);
	p->n = 0;
}

/* Queues one host; it goes to the workers with the next full batch. */
static void enqueue(audit *a, ca_sink *sink, drain_state *st, pending *p, job jb)
{
	p->jobs[p->n++] = jb;
	if (p->n == AUDIT_BATCH)
		submit(a, sink, st, p);
}

/* Runs the walk and the workers; returns false when no worker could start. */
static bool run(audit *a, ca_sink *sink, drain_state *st, long n_workers, char *const *host_dirs,
		size_t n_host_dirs, walk *wk)
{
	pthread_t tids[AUDIT_MAX_JOBS];
	long started = 0;
	for (; started < n_workers; started++)
		if (pthread_create(&tids[started], NULL, worker, a) != 0)
			break;
	if (started == 0)
		return false;
	pending p = {.n = 0};
	for (size_t i = 0; i < n_host_dirs; i++) {
		char *dir = strdup(host_dirs[i]);
		if (!dir) {
			st->internal = true;
			break;
		}
		enqueue(a, sink, st, &p, (job){.path = dir, .is_folder = true});
	}
	for (;;) {
		walk_kind kind;
		int err;
		walk_folder *folder;
		char *path = walk_next(wk, &kind, &err, &folder);
		if (!path) {
			st->internal |= err == ENOMEM;
			break;
		}
		if (kind == WALK_FILE && output_is_file(a->output, path)) {
			kind = WALK_IS_OUTPUT; /* reached through a link: not read, and not replaced */
			st->output_read = true;
		}
		if (kind != WALK_FILE) {
			walk_folder_release(folder);
			folder = NULL;
		}
		enqueue(a, sink, st, &p,
			(job){.path = path, .folder = folder, .problem = kind, .problem_errno = err});
	}
	if (p.n)
		submit(a, sink, st, &p);
	progress_total(st->progress, a->queued);
	pthread_mutex_lock(&a->lock);
	a->no_more = true;
	pthread_cond_broadcast(&a->work_ready);
	pthread_mutex_unlock(&a->lock);
	while (st->written < a->queued)
		drain(a, sink, st, a->queued - st->written);
	for (long i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	for (size_t i = 0; i < AUDIT_WINDOW; i++)
		free_spent(&a->slots[i]);
	return true;
}

int cmd_audit(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"jobs", required_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'},
		{"host", required_argument, NULL, 'H'}, COMMON_LONGOPTS, {NULL, 0, NULL, 0},
	};
	common_options opt = COMMON_OPTIONS_INIT;
	char *host_dirs[AUDIT_MAX_HOST_DIRS];
	size_t n_host_dirs = 0;
	long n_workers = sysconf(_SC_NPROCESSORS_ONLN);
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "j:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': {
			char *end;
			n_workers = strtol(optarg, &end, 10);
			if (*end || n_workers < 1 || n_workers > (long)AUDIT_MAX_JOBS) {
				fprintf(stderr, "chipaudit audit: -j takes 1..%u\n", AUDIT_MAX_JOBS);
				return EXIT_BAD_INPUT;
			}
			break;
		}
		case 'H':
			if (n_host_dirs >= AUDIT_MAX_HOST_DIRS) {
				fprintf(stderr, "chipaudit audit: at most %u --host folders\n", AUDIT_MAX_HOST_DIRS);
				return EXIT_BAD_INPUT;
			}
			host_dirs[n_host_dirs++] = optarg;
			break;
		case 'h': audit_usage(stdout); return EXIT_OK;
		default: {
			int k = common_option(&opt, c, optarg);
			if (k == 1)
				break;
			if (k == 0)
				audit_usage(stderr);
			return EXIT_BAD_INPUT;
		}
		}
	}
	if (optind >= argc && n_host_dirs == 0) {
		audit_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	if (output_names_input(opt.output, argv + optind, (size_t)(argc - optind)) ||
	    output_names_input(opt.output, host_dirs, n_host_dirs))
		return refuse_output_over_evidence("audit", opt.output,
						   "one of the inputs or inside an input folder");
	ca_policy *policy;
	int rc = policy_open_or_complain(&opt.policy, &policy);
	if (rc != EXIT_OK)
		return rc;
	if (n_workers < 1)
		n_workers = 1;
	if (n_workers > (long)AUDIT_MAX_JOBS)
		n_workers = AUDIT_MAX_JOBS;
	report_dest out;
	ca_sink *sink;
	rc = report_open(&opt, policy, &out, &sink);
	if (rc != EXIT_OK) {
		ca_policy_free(policy);
		return rc;
	}
	/* every file the report is written to is open: from here on, the
	 * kernel refuses to open any device node for this process (where it
	 * allows that; else each file is checked before it is opened).
	 * CHIPAUDIT_NO_NODEV_NAMESPACE=1 keeps the second method alone
	 * (docs/security.md). */
	const char *no_ns = getenv("CHIPAUDIT_NO_NODEV_NAMESPACE");
	if (!no_ns || strcmp(no_ns, "1") != 0)
		(void)ca_refuse_devices();
	walk *wk = walk_new(argv + optind, (size_t)(argc - optind));
	audit a = {.policy = policy, .sink = sink, .output = opt.output};
	drain_state st = {.max_severity = -1,
			  .progress = progress_new(opt.sink.quiet, out.out == stdout && isatty(STDOUT_FILENO))};
	pthread_mutex_init(&a.lock, NULL);
	pthread_cond_init(&a.work_ready, NULL);
	pthread_cond_init(&a.job_done, NULL);
	bool ran = wk && run(&a, sink, &st, n_workers, host_dirs, n_host_dirs, wk);
	progress_end(st.progress);
	walk_free(wk);
	pthread_mutex_destroy(&a.lock);
	pthread_cond_destroy(&a.work_ready);
	pthread_cond_destroy(&a.job_done);
	bool rules_applied = ca_policy_profile(policy) != NULL;
	complain_unmatched_purchases(policy);
	if (st.internal || st.output_read) {
		/* an incomplete report, or one that would replace an input: the
		 * -o file is left as it was */
		ca_sink_close(sink, rules_applied);
		report_abandon(&out);
		ca_policy_free(policy);
		if (st.output_read)
			fprintf(stderr, "chipaudit audit: -o %s is also an input (through a link); the "
					"report was not written\n",
				ts(opt.output));
		else
			fprintf(stderr, "chipaudit: the report is incomplete%s\n",
				opt.output ? "; the -o file was left as it was" : "");
		return st.output_read && !st.internal ? EXIT_BAD_INPUT : EXIT_INTERNAL;
	}
	rc = report_close(sink, &out, rules_applied); /* the sink may read the policy */
	ca_policy_free(policy);
	if (!ran) {
		fprintf(stderr, "chipaudit: %s\n", ts(wk ? "cannot start worker threads" : "out of memory"));
		return EXIT_INTERNAL;
	}
	if (rc != EXIT_OK || st.internal)
		return EXIT_INTERNAL;
	if (st.bad)
		return EXIT_BAD_INPUT;
	return st.max_severity >= (int)opt.fail_on ? EXIT_FINDINGS : EXIT_OK;
}
