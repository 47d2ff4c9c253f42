/* progress.c - the batch's progress line on stderr: inputs, articles, rates
 * and the time left (from the count of a second discovery walk while the
 * first is still going). It reads the batch's counters and changes nothing
 * but its own throttle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"

void progress_init(batch *b)
{
	const char *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	b->prog.on = !b->o->quiet && (b->o->progress > 0 || (b->o->progress < 0 && isatty(STDERR_FILENO)));
	b->prog.color = !(nc && *nc) && !(term && strcmp(term, "dumb") == 0) && isatty(STDERR_FILENO);
}

void progress_draw(batch *b, bool final)
{
	if (!b->prog.on) return;
	double now = batch_now();
	if (!final && now - b->prog.last < 0.1) return;
	b->prog.last = now;
	double el = now - b->t0;
	pthread_mutex_lock(&b->lock); /* discovery may still be adding */
	size_t total = b->inputs.n;
	uint64_t bytes_total = b->inputs.bytes;
	bool more = b->discovering; /* the total is not known yet */
	if (more && b->counted) {
		total = b->count.n;
		bytes_total = b->count.bytes;
		more = false;
	} else if (more && b->count.n > total) {
		total = b->count.n;
	}
	pthread_mutex_unlock(&b->lock);
	uint64_t done = b->stats.inputs;
	double rate = el > 0 ? (double)b->stats.articles / el : 0;
	double mbs = el > 0 ? (double)b->stats.bytes_in / 1e6 / el : 0;
	double eta = 0;
	if (more)
		eta = -1;
	else if (bytes_total && b->stats.bytes_in && b->stats.bytes_in < bytes_total)
		eta = el / (double)b->stats.bytes_in * (double)(bytes_total - b->stats.bytes_in);
	else if (done && done < total)
		eta = el / (double)done * (double)(total - done);
	char etas[32] = "?"; /* while the inputs are still being counted */
	if (eta >= 0) {
		unsigned long long e = (unsigned long long)(eta + 0.5);
		snprintf(etas, sizeof etas, "%llu:%02llu:%02llu", e / 3600, e / 60 % 60, e % 60);
	}
	char line[256];
	const char *red = b->prog.color && b->stats.failed ? "\033[31m" : "";
	const char *off = *red ? "\033[0m" : "";
	snprintf(line, sizeof line,
	         "%llu/%zu%s inputs, %llu articles, %.0f articles/s, %.1f MB/s, ETA %s, %s%llu failed%s",
	         (unsigned long long)done, total, more ? "+" : "", (unsigned long long)b->stats.articles,
	         rate, mbs, etas, red, (unsigned long long)b->stats.failed, off);
	ctx_progress_line(b->ctx, line, final);
}
