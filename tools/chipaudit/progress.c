/* SPDX-License-Identifier: MIT */
/* A progress bar on standard error, for runs on a terminal that take more
 * than a second: hosts done (of hosts found, once the walk has ended),
 * redrawn at most ten times a second, erased at the end. Not drawn when the
 * report itself goes to the terminal: its lines show the progress, and a
 * bar would cut through them. */
#include "cli.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

struct progress {
	size_t done, total; /* total: 0 while the walk goes on */
	double start, last_draw;
	bool drawn;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

progress *progress_new(bool quiet, bool report_on_terminal)
{
	if (quiet || report_on_terminal || !isatty(STDERR_FILENO))
		return NULL;
	progress *p = calloc(1, sizeof(*p));
	if (p)
		p->start = p->last_draw = now();
	return p;
}

static void draw(progress *p, double t)
{
	enum { BAR = 30 };
	if (p->total) {
		size_t fill = p->done * BAR / p->total;
		fputs("\r[", stderr);
		for (size_t i = 0; i < BAR; i++)
			fputc(i < fill ? '#' : '.', stderr);
		fprintf(stderr, "] %zu/%zu hosts  %.1f s\033[K", p->done, p->total, t - p->start);
	} else {
		fprintf(stderr, "\r%zu hosts  %.1f s\033[K", p->done, t - p->start);
	}
	p->drawn = true;
	p->last_draw = t;
}

void progress_step(progress *p)
{
	if (!p)
		return;
	p->done++;
	double t = now();
	if (t - p->start >= 1.0 && t - p->last_draw >= 0.1)
		draw(p, t);
}

void progress_clear(progress *p)
{
	if (p && p->drawn) {
		fputs("\r\033[K", stderr);
		p->drawn = false;
		p->last_draw = 0; /* redrawn at the next step */
	}
}

void progress_total(progress *p, size_t total)
{
	if (p)
		p->total = total;
}

void progress_end(progress *p)
{
	if (!p)
		return;
	if (p->drawn)
		fputs("\r\033[K", stderr);
	free(p);
}
