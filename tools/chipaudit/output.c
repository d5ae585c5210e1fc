/* SPDX-License-Identifier: MIT */
/*
 * The report destination (-o FILE). A regular file is written to a hidden
 * temporary file beside it and renamed over it only once the report is
 * complete, so the inputs are read before anything is replaced, an
 * interrupted or failed run leaves the old file (or none), and a folder
 * walk never reads a half-written report. -o may not name an input.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporary file to remove if a signal ends the run (async-signal-safe). */
static char pending_temp[PATH_MAX];
static volatile sig_atomic_t have_pending;

static void on_fatal_signal(int sig)
{
	if (have_pending)
		unlink(pending_temp);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* True when path lies in folder (both resolved), or is folder. */
static bool inside(const char *path_real, const char *folder)
{
	char real[PATH_MAX];
	if (!realpath(folder, real))
		return false;
	size_t n = strlen(real);
	return strncmp(path_real, real, n) == 0 && (path_real[n] == '/' || path_real[n] == '\0' ||
						     (n == 1 && real[0] == '/'));
}

bool output_names_input(const char *path, char *const *inputs, size_t n_inputs)
{
	struct stat out;
	if (!path || strcmp(path, "-") == 0 || stat(path, &out) < 0 || !S_ISREG(out.st_mode))
		return false; /* nothing there yet, or not a file a report replaces */
	char out_real[PATH_MAX];
	if (!realpath(path, out_real))
		return false;
	for (size_t i = 0; i < n_inputs; i++) {
		struct stat in;
		if (stat(inputs[i], &in) < 0)
			continue;
		if (S_ISDIR(in.st_mode) ? inside(out_real, inputs[i])
					: in.st_dev == out.st_dev && in.st_ino == out.st_ino)
			return true;
	}
	return false;
}

/* Installs the clean-up handler for sig, unless the signal is ignored (a
 * run under nohup keeps ignoring SIGHUP). */
static void catch_signal(int sig)
{
	struct sigaction old;
	if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
		return;
	signal(sig, on_fatal_signal);
}

bool output_is_file(const char *path, const char *candidate)
{
	struct stat out, in;
	return path && strcmp(path, "-") != 0 && stat(path, &out) == 0 && S_ISREG(out.st_mode) &&
	       stat(candidate, &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino;
}

int refuse_output_over_evidence(const char *command, const char *output, const char *where)
{
	fprintf(stderr, "chipaudit %s: -o %s is %s; refusing to write the report over evidence\n",
		command, ts(output), where);
	return EXIT_BAD_INPUT;
}

/* Sets colour, width and time in o->sink for a report written to out. */
static void decide_presentation(common_options *o, FILE *out)
{
	bool tty = isatty(fileno(out));
	const char *no_colour = getenv("NO_COLOR");
	o->sink.colour = o->colour > 0 || (o->colour == 0 && tty && !(no_colour && *no_colour));
	struct winsize ws;
	if (tty && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		o->sink.width = ws.ws_col;
	long long epoch;
	if (source_date_epoch(&epoch) > 0)
		o->sink.timestamp = epoch > 0 ? epoch : -1; /* -1: the epoch itself, not "now" */
}

int dest_open(const char *path, report_dest *d)
{
	*d = (report_dest){.out = stdout};
	/* a link given as -o: the report replaces the file it points to */
	static char resolved[PATH_MAX];
	if (path && strcmp(path, "-") != 0 && realpath(path, resolved))
		path = resolved;
	struct stat st;
	bool regular = path && strcmp(path, "-") != 0 && (stat(path, &st) < 0 || S_ISREG(st.st_mode));
	if (path && strcmp(path, "-") != 0 && !regular) {
		/* a device or FIFO (/dev/null, a pipe): written in place */
		d->out = fopen(path, "w");
	} else if (regular) {
		const char *slash = strrchr(path, '/');
		int dir_len = slash ? (int)(slash - path + 1) : 0;
		if (snprintf(pending_temp, sizeof(pending_temp), "%.*s.%s.XXXXXX", dir_len, path,
			     slash ? slash + 1 : path) >= (int)sizeof(pending_temp)) {
			fprintf(stderr, "chipaudit: cannot write %s: %s\n", ts(path), ts(strerror(ENAMETOOLONG)));
			return EXIT_BAD_INPUT;
		}
		int fd = mkostemp(pending_temp, O_CLOEXEC);
		d->out = fd < 0 ? NULL : fdopen(fd, "w");
		if (fd >= 0 && !d->out)
			close(fd);
		if (d->out) {
			d->final_path = path;
			mode_t mask = umask(0);
			umask(mask);
			fchmod(fileno(d->out), 0666 & ~mask); /* as fopen would create it */
			have_pending = 1;
			catch_signal(SIGINT);
			catch_signal(SIGTERM);
			catch_signal(SIGHUP);
			catch_signal(SIGXFSZ);
		}
	}
	if (!d->out) {
		fprintf(stderr, "chipaudit: cannot write %s: %s\n", ts(path), ts(strerror(errno)));
		if (have_pending)
			unlink(pending_temp);
		have_pending = 0;
		return EXIT_INTERNAL;
	}
	return EXIT_OK;
}

int report_open(common_options *o, const ca_policy *policy, report_dest *d, ca_sink **ret_sink)
{
	int rc = dest_open(o->output, d);
	if (rc != EXIT_OK)
		return rc;
	decide_presentation(o, d->out);
	o->sink.policy = policy;
	int r = ca_sink_open_with(o->format, d->out, &o->sink, ret_sink);
	if (r < 0) {
		fprintf(stderr, "chipaudit: cannot start the report: %s\n", ts(strerror(-r)));
		report_abandon(d);
		return r == -EINVAL ? EXIT_BAD_INPUT : EXIT_INTERNAL;
	}
	return EXIT_OK;
}

void report_abandon(report_dest *d)
{
	if (d->out && d->out != stdout)
		fclose(d->out);
	if (have_pending)
		unlink(pending_temp);
	have_pending = 0;
	d->out = NULL;
}

int report_close(ca_sink *sink, report_dest *d, bool rules_applied)
{
	errno = 0;
	int r = ca_sink_close(sink, rules_applied);
	return dest_close(d, r < 0 ? (errno ? errno : EIO) : 0);
}

int dest_close(report_dest *d, int err)
{
	if (d->out != stdout) {
		if (fflush(d->out) != 0 && !err)
			err = errno ? errno : EIO;
		if (!err && d->final_path && fsync(fileno(d->out)) != 0)
			err = errno;
		if (fclose(d->out) != 0 && !err)
			err = errno ? errno : EIO;
		d->out = NULL;
	}
	if (!err && d->final_path && rename(pending_temp, d->final_path) != 0)
		err = errno;
	if (have_pending && err)
		unlink(pending_temp);
	have_pending = 0;
	if (err) {
		fprintf(stderr, "chipaudit: error writing the report%s%s: %s\n", d->final_path ? " " : "",
			d->final_path ? ts(d->final_path) : "", ts(strerror(err)));
		return EXIT_INTERNAL;
	}
	return EXIT_OK;
}
