/* batch.c - a run: the writer picked (or the registry's dump writer for
 * inspect), outputs guarded and opened, discovery started on its own thread
 * (and a counting walk for the progress line), the pipeline run
 * (pipeline.c), then the output closed, the result graded and the report
 * finished. It does not know any format: readers and writers come from the
 * registry. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"

#define DISCOVER_AHEAD 16384 /* inputs discovery may be ahead of the writer */

double batch_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int S_jobs(const quire_options *o)
{
	if (o->jobs > 0) return o->jobs > 256 ? 256 : o->jobs;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)(n > 256 ? 256 : n) : 1;
}

/* ---- setup and the run ------------------------------------------------------------ */

static int S_mkdirs(const char *dir)
{
	char *p = strdup(dir);
	if (!p) return -1;
	for (char *s = p + 1; *s; s++) {
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0755);
			*s = '/';
		}
	}
	struct stat st;
	int r = mkdir(p, 0755) == 0 || (errno == EEXIST && stat(p, &st) == 0 && S_ISDIR(st.st_mode)) ? 0 : -1;
	if (r != 0 && errno == EEXIST) errno = ENOTDIR;
	free(p);
	return r;
}

/* inspect's writer: the registry's dump writer (QUIRE_WRITER_DUMP) */
static const quire_writer_ops *S_dump_writer(void)
{
	for (size_t i = 0; i < quire_writer_count(); i++)
		if (quire_writer_at(i)->flags & QUIRE_WRITER_DUMP) return quire_writer_at(i);
	return NULL;
}

static quire_result S_pick_writer(batch *b)
{
	const quire_options *o = b->o;
	if (b->writer) return QUIRE_OK; /* given by batch_run */
	if (b->inspect) {               /* the output options do not apply */
		if ((b->writer = S_dump_writer())) return QUIRE_OK;
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "no writer can print the articles");
		return QUIRE_FATAL;
	}
	if (o->from && strcmp(o->from, "auto") != 0 && !quire_reader_find(o->from)) {
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL,
		                  "unknown input format '%s' (see quire formats)", o->from);
		return QUIRE_FATAL;
	}
	if (o->to)
		b->writer = quire_writer_find(o->to);
	else if (o->output && !o->split)
		b->writer = quire_writer_for_path(o->output);
	if (b->writer) return QUIRE_OK;
	if (o->to)
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL,
		                  "unknown output format '%s' (see quire formats)", o->to);
	else if (o->output && !o->split)
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, o->output,
		                  "cannot tell the output format from the name; use -t");
	else
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL,
		                  "no output format: use -t FORMAT or -o NAME.EXT");
	return QUIRE_FATAL;
}

static quire_result S_open_outputs(batch *b)
{
	const quire_options *o = b->o;
	const char *out = b->inspect ? "-" : o->output; /* inspect: the dump writer to stdout */
	if (o->split && !b->inspect) {
		if (!out || strcmp(out, "-") == 0) {
			quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "--split needs -o DIRECTORY");
			return QUIRE_FATAL;
		}
		if (S_mkdirs(out) != 0) {
			quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, out, "cannot create directory: %s",
			                  strerror(errno));
			return QUIRE_FATAL;
		}
		b->split = true;
		if (!(b->split_dir = strdup(out))) abort();
		b->names = split_names_open(out);
		b->commits = out_commits_new(); /* one syncfs per batch of files, not an fsync each */
		ctx_set_commits(b->ctx, b->commits);
		return QUIRE_OK;
	}
	if (!out || strcmp(out, "-") == 0) {
		if (!(b->writer->flags & QUIRE_WRITER_STDOUT)) {
			quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "the %s writer needs -o FILE",
			                  b->writer->name);
			return QUIRE_FATAL;
		}
		out = "-";
	}
	quire_err err;
	quire_err_clear(&err);
	if (b->writer->open(b->ctx, out, &b->wstate, &err) != QUIRE_OK) {
		/* the message names its file (the output, a --cover image...) */
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "%s", err.msg);
		b->wstate = NULL;
		return QUIRE_FATAL;
	}
	return QUIRE_OK;
}

/* Closes the single output: committed when anything was written, removed
 * when the run failed before writing anything or was interrupted (a stopped
 * run never publishes a partial output, nor replaces a complete one). */
static quire_result S_close_output(batch *b, quire_result result)
{
	if (!b->wstate) return result;
	quire_err err;
	quire_err_clear(&err);
	if (b->inspect) { /* what was printed stays printed, whatever happened */
		quire_result r = b->writer->close(b->wstate, &err);
		b->wstate = NULL;
		if (r == QUIRE_OK || r == QUIRE_WARN) return result;
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "%s",
		                  err.msg[0] ? err.msg : "cannot finish the output");
		return QUIRE_FATAL;
	}
	if (quire_ctx_interrupted(b->ctx)) {
		b->writer->abort(b->wstate);
		b->wstate = NULL;
		const char *out = b->o->output && strcmp(b->o->output, "-") ? b->o->output : NULL;
		if (out)
			quire_ctx_message(
			    b->ctx, QUIRE_LEVEL_ERROR, out,
			    "interrupted: not written (its temporary file removed; an earlier file there is "
			    "unchanged)");
		return QUIRE_FAILED;
	}
	bool nothing = b->stats.articles == 0 && b->stats.failed > 0;
	if (b->fatal || nothing) {
		b->writer->abort(b->wstate);
		b->wstate = NULL;
		return QUIRE_FATAL;
	}
	quire_result r = b->writer->close(b->wstate, &err);
	b->wstate = NULL;
	if (r != QUIRE_OK && r != QUIRE_WARN) {
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "%s",
		                  err.msg[0] ? err.msg : "cannot finish the output");
		return QUIRE_FATAL;
	}
	return result;
}

/* One line at the end when anything went wrong or was repaired: "132
 * articles, 7 warnings in 5 inputs, 2 inputs failed; --report or -v for
 * details". A clean run prints nothing. */
static void S_closing_line(batch *b)
{
	if (!b->stats.warnings && !b->stats.failed) return;
	quire_buf l = QUIRE_BUF_INIT;
	quire_buf_printf(&l, "%llu article%s", (unsigned long long)b->stats.articles,
	                 b->stats.articles == 1 ? "" : "s");
	if (b->stats.warnings)
		quire_buf_printf(&l, ", %llu warning%s in %zu input%s", (unsigned long long)b->stats.warnings,
		                 b->stats.warnings == 1 ? "" : "s", b->inputs_warned,
		                 b->inputs_warned == 1 ? "" : "s");
	if (b->stats.failed)
		quire_buf_printf(&l, ", %llu error%s", (unsigned long long)b->stats.failed,
		                 b->stats.failed == 1 ? "" : "s");
	bool hidden = b->stats.warnings > b->warnings_shown;
	if (hidden || !b->o->report)
		quire_buf_printf(&l, "; %s for details",
		                 b->o->verbose  ? "--report"
		                 : b->o->report ? "-v"
		                                : "--report or -v");
	quire_ctx_message(b->ctx, QUIRE_LEVEL_WARNING, NULL, "%s", l.data);
	quire_buf_free(&l);
}

static quire_result S_result(batch *b, quire_result result)
{
	if (b->fatal || result == QUIRE_FATAL) return QUIRE_FATAL;
	if (quire_ctx_interrupted(b->ctx)) {
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL,
		                  "interrupted: %llu of %zu inputs converted",
		                  (unsigned long long)b->stats.inputs, b->inputs.n);
		return QUIRE_FAILED;
	}
	S_closing_line(b);
	if (b->stats.failed) return b->stats.articles || b->split || b->inspect ? QUIRE_FAILED : QUIRE_FATAL;
	if (b->inputs.n && !b->stats.articles && !b->stats.skipped)
		quire_ctx_message(b->ctx, QUIRE_LEVEL_WARNING, NULL, "the inputs held no article");
	return QUIRE_OK;
}

/* With progress on, a second walk that only counts the inputs, so that the
 * total and the time left are known while discovery waits for the writer. */
static void *S_count(void *arg)
{
	batch *b = arg;
	size_t errors = 0;
	discover_inputs(b->ctx, b->args, b->nargs, &b->count, &errors);
	pthread_mutex_lock(&b->lock);
	b->counted = !b->count.halted && !quire_ctx_interrupted(b->ctx);
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

/* Discovery: on its own thread beside the pipeline (before it only when the
 * thread cannot be started). */
static void *S_discover(void *arg)
{
	batch *b = arg;
	size_t errors = 0;
	discover_inputs(b->ctx, b->args, b->nargs, &b->inputs, &errors);
	pthread_mutex_lock(&b->lock);
	b->t_discovered = batch_now();
	b->discovering = false;
	pthread_cond_broadcast(&b->cond);
	pthread_cond_broadcast(&b->wcond);
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

static quire_result S_run(quire_ctx *ctx, const char *const *inputs, size_t n, quire_stats *stats,
                          bool inspect, const quire_reader_ops *reader, const quire_writer_ops *writer)
{
	batch b;
	memset(&b, 0, sizeof b);
	b.ctx = ctx;
	b.reader_only = reader;
	b.writer = writer;
	b.o = quire_ctx_options(ctx);
	b.inspect = inspect;
	b.t0 = b.t_discovered = batch_now();
	progress_init(&b);
	pthread_mutex_init(&b.lock, NULL);
	pthread_cond_init(&b.cond, NULL);
	pthread_cond_init(&b.wcond, NULL);
	pthread_cond_init(&b.room, NULL);
	quire_result result = S_pick_writer(&b);
	if (result == QUIRE_OK && !inspect) result = guard_outputs(ctx, inputs, n);
	if (result == QUIRE_OK && b.o->report && report_open(&b) != QUIRE_OK) result = QUIRE_FATAL;
	if (result == QUIRE_OK && b.writer) /* one article per file: no record-only ones */
		ctx_set_writer_flags(b.ctx,
		                     b.writer->flags & (b.split ? ~(unsigned)QUIRE_WRITER_RECORDS : ~0u));
	if (result == QUIRE_OK) /* after the flags: open() may clear some (ctx_clear_writer_flags) */
		result = S_open_outputs(&b);
	if (result == QUIRE_OK) {
		b.jobs = S_jobs(b.o);
		b.inputs.shard_k = b.o->shard_k;
		b.inputs.shard_n = b.o->shard_n;
		b.args = inputs;
		b.nargs = n;
		/* discovery runs on its own thread, at most DISCOVER_AHEAD inputs ahead
		 * of the writer (which releases what it is done with): the work starts
		 * on the first inputs found and the input list stays small however
		 * many inputs there are */
		b.inputs.lock = &b.lock;
		b.inputs.added[0] = &b.cond;
		b.inputs.added[1] = &b.wcond;
		b.inputs.room = &b.room;
		b.inputs.max_ahead = DISCOVER_AHEAD;
		b.discovering = true; /* before the thread starts: it clears it */
		bool stdin_args = false;
		for (size_t k = 0; k < n; k++)
			stdin_args |= strcmp(inputs[k], "-") == 0;
		pthread_t counter;
		bool counting = false;
		if (b.prog.on && !stdin_args) { /* standard input cannot be read twice */
			b.count.shard_k = b.o->shard_k;
			b.count.shard_n = b.o->shard_n;
			b.count.lock = &b.lock;
			b.count.count_only = true;
			b.count.quiet = true;
			counting = pthread_create(&counter, NULL, S_count, &b) == 0;
		}
		pthread_t disc;
		bool streaming = pthread_create(&disc, NULL, S_discover, &b) == 0;
		if (!streaming) {
			b.discovering = false;
			b.inputs.lock = NULL;
			b.inputs.added[0] = b.inputs.added[1] = b.inputs.room = NULL;
			b.inputs.max_ahead = 0;
			S_discover(&b);
		}
		if (b.inputs.n || streaming) pipeline_run(&b);
		if (streaming) pthread_join(disc, NULL);
		if (counting) {
			pthread_mutex_lock(&b.lock);
			b.count.halt = true; /* the run is over */
			pthread_mutex_unlock(&b.lock);
			pthread_join(counter, NULL);
		}
		if (!b.inputs.n && !quire_ctx_interrupted(ctx))
			quire_ctx_message(ctx, QUIRE_LEVEL_WARNING, NULL, "no inputs found");
	}
	if (b.commits) { /* the last split files: durable, then under their names */
		quire_err e;
		quire_err_clear(&e);
		if (out_commits_flush(ctx, b.commits, &e) != QUIRE_OK) {
			quire_ctx_message(ctx, QUIRE_LEVEL_ERROR, NULL, "%s", e.msg);
			b.fatal = true;
		}
		ctx_set_commits(ctx, NULL);
		out_commits_free(ctx, b.commits);
		b.commits = NULL;
	}
	progress_draw(&b, true);
	result = S_result(&b, result);
	result = S_close_output(&b, result);
	b.stats.seconds = batch_now() - b.t0;
	if (!report_finish(&b, result))
		result = QUIRE_FATAL; /* the report was asked for and could not be written */
	if (stats) *stats = b.stats;
	qinput_list_free(&b.inputs);
	qinput_list_free(&b.count);
	input_root_release(); /* --jobs 1 read on this thread */
	split_names_close(b.names);
	free(b.split_dir);
	pthread_mutex_destroy(&b.lock);
	pthread_cond_destroy(&b.cond);
	pthread_cond_destroy(&b.wcond);
	pthread_cond_destroy(&b.room);
	return result;
}

quire_result quire_convert(quire_ctx *ctx, const char *const *inputs, size_t n, quire_stats *stats)
{
	return S_run(ctx, inputs, n, stats, false, NULL, NULL);
}

quire_result quire_inspect(quire_ctx *ctx, const char *const *inputs, size_t n, quire_stats *stats)
{
	return S_run(ctx, inputs, n, stats, true, NULL, NULL);
}

quire_result batch_run(quire_ctx *ctx, const char *const *inputs, size_t n, quire_stats *stats,
                       const quire_reader_ops *reader, const quire_writer_ops *writer)
{
	return S_run(ctx, inputs, n, stats, writer == NULL, reader, writer);
}
