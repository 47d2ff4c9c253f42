/* pipeline.c - the batch's worker pool and ordered hand-off: workers take
 * the next input (source.c) and queue its articles and errors in that
 * input's slot of a ring; the writer drains slots strictly in order, so
 * output bytes do not depend on --jobs. Workers run at most a window of
 * inputs ahead of the writer, a slot holds a bounded number of articles and
 * all slots but the writer's current one share a bounded queue, so memory
 * stays flat whatever the number of inputs. Written articles go back to the
 * worker that made them. It knows no format: the writer comes from the run
 * (batch.c). */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "batch.h"

#define SLOT_CAPACITY 16        /* articles queued for one input */
#define QUEUE_PER_JOB 32        /* articles queued ahead, per worker, outside the current slot */
#define WINDOW_PER_JOB 32       /* inputs a worker may be ahead of the writer */
#define QUEUE_BYTES (16u << 20) /* raw bytes queued outside the current slot */

/* Waits on the condition for at most 100 ms, so an interrupt (which cannot
 * signal a condition from a signal handler) is seen promptly. */
static void S_wait_on(batch *b, pthread_cond_t *cond, long ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += ms * 1000 * 1000;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(cond, &b->lock, &ts);
}

/* A worker waits (for room in the queue or the window). */
static void S_wait(batch *b)
{
	S_wait_on(b, &b->cond, 100);
}

/* The writer waits for input i's slot to change. Workers do not wake it for
 * each article (a wake-up is a context switch, which costs as much as
 * writing a small article): it looks again every 5 ms and then
 * writes all that is ready, and workers wake it only when they are about to
 * wait for room that its writing makes. */
static void S_wait_writer(batch *b, size_t i)
{
	b->writer_waiting = true;
	b->writer_slot = i;
	S_wait_on(b, &b->wcond, 5);
	b->writer_waiting = false;
}

/* A worker is about to wait for the writer: wakes it (lock held). */
static void S_wake_writer(batch *b)
{
	if (b->writer_waiting) pthread_cond_signal(&b->wcond);
}

bool batch_stopping(const batch *b)
{
	return b->stop || quire_ctx_interrupted(b->ctx);
}

static slot *S_slot(batch *b, size_t i)
{
	return &b->ring[i % b->window];
}

static void S_item_free(item *it)
{
	quire_article_free(it->article);
	free(it->msg);
	free(it);
}

static void S_items_free(item *it)
{
	for (item *next; it; it = next) {
		next = it->next;
		S_item_free(it);
	}
}

/* A worker frees the items of its own making that the writer is done with
 * (called with the lock held; drops it while freeing). Freeing on the thread
 * that allocated keeps the writer thread free for writing and keeps the
 * allocator's per-thread arenas uncontended. */
static void S_collect(batch *b, int w)
{
	if (!b->garbage || !b->garbage[w]) return;
	item *g = b->garbage[w];
	b->garbage[w] = NULL;
	pthread_mutex_unlock(&b->lock);
	S_items_free(g);
	pthread_mutex_lock(&b->lock);
}

/* The writer is done with an item: its maker frees it. */
static void S_discard(batch *b, item *it)
{
	if (!b->garbage) {
		S_item_free(it);
		return;
	}
	pthread_mutex_lock(&b->lock);
	it->next = b->garbage[it->worker];
	b->garbage[it->worker] = it;
	pthread_mutex_unlock(&b->lock);
}

static void S_deliver(batch *b, struct entry *e, const char *input, item *it);

/* ---- worker side ------------------------------------------------------------ */

/* Queues an article (or, with a NULL, an error message) for input i. Blocks
 * while the queue is full; the writer's current input never waits for other
 * inputs, so the pipeline cannot deadlock. False when the run is stopping (the
 * article is freed). */
bool batch_push(batch *b, size_t i, quire_article *a, const char *msg)
{
	item *it = calloc(1, sizeof *it);
	if (!it) abort();
	it->article = a;
	if (a) {
		quire_article_raw(a, &it->bytes);
		if (!it->bytes) /* a record-only article: its record's block */
			quire_article_raw_record(a, NULL, NULL, &it->bytes);
	}
	if (msg && !(it->msg = strdup(msg))) abort();
	if (b->inline_run) {
		S_deliver(b, b->cur_entry, b->cur_input, it);
		return !(a && (batch_stopping(b) || b->fatal));
	}
	pthread_mutex_lock(&b->lock);
	slot *s = S_slot(b, i);
	it->worker = s->worker;
	for (;;) {
		S_collect(b, s->worker);
		if (!(a && !batch_stopping(b) &&
		      (s->count >= SLOT_CAPACITY ||
		       (i != b->consumed && (b->queued >= b->queue_max || b->queued_bytes >= QUEUE_BYTES)))))
			break;
		S_wake_writer(b);
		S_wait(b);
	}
	if (a && batch_stopping(b)) {
		pthread_mutex_unlock(&b->lock);
		S_item_free(it);
		return false;
	}
	if (s->tail)
		s->tail->next = it;
	else
		s->head = it;
	s->tail = it;
	if (a) {
		s->count++;
		b->queued++;
		b->queued_bytes += it->bytes;
		if (b->queued >= b->queue_max / 2) S_wake_writer(b);
	}
	pthread_mutex_unlock(&b->lock);
	return true;
}

void batch_pushf(batch *b, size_t i, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	batch_push(b, i, NULL, msg);
}

void batch_set_reader(batch *b, size_t i, const char *name)
{
	pthread_mutex_lock(&b->lock);
	S_slot(b, i)->reader = name;
	pthread_mutex_unlock(&b->lock);
}

typedef struct worker_arg {
	batch *b;
	int w;
} worker_arg;

static void *S_worker(void *arg)
{
	batch *b = ((worker_arg *)arg)->b;
	int w = ((worker_arg *)arg)->w;
	for (;;) {
		pthread_mutex_lock(&b->lock);
		for (;;) {
			S_collect(b, w);
			bool ahead = b->next_job < b->inputs.n && b->next_job >= b->consumed + b->window;
			bool starved = b->next_job >= b->inputs.n && b->discovering; /* more may come */
			if (batch_stopping(b) || !(ahead || starved)) break;
			if (starved) b->inputs.wanted = true;
			S_wake_writer(b);
			S_wait(b);
		}
		if (batch_stopping(b) || b->next_job >= b->inputs.n) {
			S_wake_writer(b); /* nothing is left to read: the writer need not wait */
			pthread_mutex_unlock(&b->lock);
			break;
		}
		size_t i = b->next_job++;
		S_slot(b, i)->started = true;
		S_slot(b, i)->worker = w;
		const qinput *in = qinput_at(&b->inputs, i); /* entries never move */
		pthread_mutex_unlock(&b->lock);
		double t = batch_now();
		source_read_input(b, i, in);
		pthread_mutex_lock(&b->lock);
		S_slot(b, i)->seconds = batch_now() - t;
		S_slot(b, i)->done = true;
		pthread_mutex_unlock(&b->lock);
	}
	input_root_release();
	return NULL;
}

/* ---- split outputs ------------------------------------------------------------ */

/* Writes one article to its own file. Returns QUIRE_FATAL when the run cannot go on. */
static quire_result S_write_split(batch *b, const quire_article *a, entry *e, bool *kept, quire_err *err)
{
	char *p = split_names_path(b->names, b->split_dir, a, b->writer->extensions);
	struct stat st;
	if (lstat(p, &st) == 0 && (b->o->skip_existing || !b->o->force)) {
		if (b->o->skip_existing) {
			*kept = true;
			e->kept++;
			b->stats.skipped++;
			free(e->output);
			e->output = p;
			return QUIRE_OK;
		}
		quire_err_set(err, QUIRE_FAILED, "its output %s exists (use --force or --skip-existing)", p);
		free(p);
		return QUIRE_FAILED;
	}
	void *ws = NULL;
	quire_result r = b->writer->open(b->ctx, p, &ws, err);
	if (r == QUIRE_OK || r == QUIRE_WARN) {
		r = b->writer->write(ws, a, err);
		if (r == QUIRE_OK || r == QUIRE_WARN)
			r = b->writer->close(ws, err);
		else
			b->writer->abort(ws);
	}
	if (r == QUIRE_OK || r == QUIRE_WARN) {
		free(e->output);
		e->output = p;
		return QUIRE_OK;
	}
	free(p);
	return r;
}

/* Writes one article; false when the run cannot go on. */
static bool S_write_article(batch *b, const quire_article *a, entry *e)
{
	quire_err err;
	quire_err_clear(&err);
	quire_result r;
	bool kept = false;
	if (b->split) {
		r = S_write_split(b, a, e, &kept, &err);
	} else {
		r = b->writer->write(b->wstate, a, &err);
	}
	if (r == QUIRE_OK || r == QUIRE_WARN) {
		if (quire_article_is_record_only(a)) {
			b->stats.records++;
		} else if (!kept) {
			b->stats.articles++;
			e->articles++;
		}
		return true;
	}
	const char *path = quire_article_get(a, QUIRE_INPUT_PATH);
	quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, r == QUIRE_FATAL ? NULL : path, "%s",
	                  err.msg[0] ? err.msg : "cannot write");
	report_entry_msg(e, &e->err_json, err.msg);
	e->errors++;
	b->stats.failed++;
	return r != QUIRE_FATAL;
}

/* ---- writer side -------------------------------------------------------------- */

/* Warnings that mean text or images did not reach the output: shown by
 * default, the others with -v (all are counted in the closing line). */
static bool S_loses_text(const char *code)
{
	static const char *const lost[] = {
	    "invalid-bytes",     "nesting-limit",   "image-refused",       "image-too-large",
	    "image-undecodable", "image-not-image", "charset-unsupported", NULL};
	for (int k = 0; code && lost[k]; k++)
		if (strcmp(code, lost[k]) == 0) return true;
	return false;
}

static void S_take_article(batch *b, quire_article *a, entry *e)
{
	const char *path = quire_article_get(a, QUIRE_INPUT_PATH);
	size_t nd = quire_article_diag_count(a), warnings = 0;
	for (size_t k = 0; k < nd; k++) {
		const quire_diag *d = quire_article_diag_at(a, k);
		if (d->level > QUIRE_LEVEL_WARNING) continue;
		warnings++;
		report_entry_msg(e, &e->warn_json, d->message);
		if (b->o->verbose || b->o->strict || S_loses_text(d->code)) {
			quire_ctx_message(b->ctx, b->o->strict ? QUIRE_LEVEL_ERROR : d->level, path, "%s",
			                  d->message);
			b->warnings_shown++;
		}
	}
	if (warnings && !e->warnings) b->inputs_warned++;
	e->warnings += warnings;
	b->stats.warnings += warnings;
	if (!e->charset && quire_article_get(a, QUIRE_CHARSET) &&
	    !(e->charset = strdup(quire_article_get(a, QUIRE_CHARSET))))
		abort();
	if (b->o->strict && warnings) {
		e->errors++;
		b->stats.failed++;
	} else if (!S_write_article(b, a, e)) {
		b->fatal = true;
	}
}

/* Takes the next item of input i's slot, waiting for it; NULL when the slot
 * is finished or the run stops. */
static item *S_next_item(batch *b, size_t i)
{
	slot *s = S_slot(b, i);
	pthread_mutex_lock(&b->lock);
	while (!s->head && !s->done && !batch_stopping(b)) {
		S_wait_writer(b, i);
		pthread_mutex_unlock(&b->lock);
		progress_draw(b, false);
		pthread_mutex_lock(&b->lock);
	}
	item *it = batch_stopping(b) ? NULL : s->head;
	if (it) {
		s->head = it->next;
		if (!s->head) s->tail = NULL;
		if (it->article) {
			s->count--;
			b->queued--;
			b->queued_bytes -= it->bytes;
		}
		pthread_cond_broadcast(&b->cond);
	}
	pthread_mutex_unlock(&b->lock);
	return it;
}

/* Writes (or reports) one item of the current input and lets it go. */
static void S_deliver(batch *b, entry *e, const char *input, item *it)
{
	if (it->article) {
		S_take_article(b, it->article, e);
	} else {
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, input, "%s", it->msg);
		report_entry_msg(e, &e->err_json, it->msg);
		e->errors++;
		b->stats.failed++;
	}
	S_discard(b, it);
	progress_draw(b, false);
}

static void S_consume(batch *b, size_t i)
{
	entry e;
	memset(&e, 0, sizeof e);
	pthread_mutex_lock(&b->lock); /* discovery may be growing the chunk array */
	const qinput *in = qinput_at(&b->inputs, i);
	pthread_mutex_unlock(&b->lock);
	char buf[PATH_MAX];
	const char *input = qinput_path(in, buf, sizeof buf);
	item *it;
	if (b->inline_run) {
		slot *s = S_slot(b, i);
		b->cur_entry = &e;
		b->cur_input = input;
		s->started = true;
		double t = batch_now();
		source_read_input(b, i, in);
		s->seconds = batch_now() - t;
		s->done = !batch_stopping(b) && !b->fatal;
		b->cur_entry = NULL;
		b->cur_input = NULL;
	}
	while (!b->inline_run && !b->fatal && (it = S_next_item(b, i)))
		S_deliver(b, &e, input, it);
	pthread_mutex_lock(&b->lock);
	slot *s = S_slot(b, i);
	const char *reader = s->reader;
	double seconds = s->seconds;
	e.interrupted = !s->done || s->head;
	pthread_mutex_unlock(&b->lock);
	if (!b->split && !b->inspect && e.articles) e.output = strdup(b->o->output ? b->o->output : "-");
	const char *status = e.interrupted          ? "interrupted"
	                     : e.errors             ? (e.articles ? "partial" : "failed")
	                     : !reader              ? "skipped"
	                     : e.articles || e.kept ? "ok"
	                                            : "empty";
	if (!reader && !e.errors) {
		b->stats.skipped++;
		quire_ctx_message(b->ctx, QUIRE_LEVEL_INFO, input, "skipped: no reader recognizes it");
	}
	b->stats.inputs++;
	b->stats.bytes_in += in->size;
	report_input(b, in, status, reader, &e, seconds);
	quire_buf_free(&e.warn_json);
	quire_buf_free(&e.err_json);
	free(e.charset);
	free(e.output);
}

/* Frees what a slot still holds and makes it ready for input i + window. */
static void S_slot_reset(batch *b, slot *s)
{
	for (item *it = s->head, *next; it; it = next) {
		next = it->next;
		if (it->article) {
			b->queued--;
			b->queued_bytes -= it->bytes;
		}
		S_item_free(it);
	}
	memset(s, 0, sizeof *s);
}

/* The writer's loop: input after input, in order, while discovery may still
 * be adding inputs. */
static void S_drain(batch *b)
{
	for (size_t i = 0; !b->fatal; i++) {
		pthread_mutex_lock(&b->lock);
		while (i >= b->inputs.n && b->discovering && !batch_stopping(b)) {
			b->inputs.wanted = true;
			S_wait_writer(b, i);
		}
		bool stop = batch_stopping(b) || i >= b->inputs.n;
		pthread_mutex_unlock(&b->lock);
		if (stop) break;
		S_consume(b, i);
		pthread_mutex_lock(&b->lock);
		/* a slot cut short by an interrupt or a fatal error is freed after the join */
		bool cut = S_slot(b, i)->head || !S_slot(b, i)->done;
		if (!cut) {
			S_slot_reset(b, S_slot(b, i));
			qinput_release(&b->inputs, i + 1); /* written and reported: memory stays flat */
			if (b->inputs.room_waiting &&
			    b->inputs.n - b->inputs.released <= b->inputs.max_ahead / 2)
				pthread_cond_signal(&b->room);
		} else
			b->stop = true; /* no worker may reuse the slot before the join */
		b->consumed = i + 1;
		pthread_cond_broadcast(&b->cond);
		pthread_mutex_unlock(&b->lock);
		if (cut) break;
	}
}

/* Runs the workers and the writer over the discovered inputs. */
quire_result pipeline_run(batch *b)
{
	b->window = (size_t)b->jobs * WINDOW_PER_JOB;
	b->queue_max = (size_t)b->jobs * QUEUE_PER_JOB;
	b->ring = calloc(b->window, sizeof *b->ring);
	pthread_t *th = calloc((size_t)b->jobs, sizeof *th);
	worker_arg *args = calloc((size_t)b->jobs, sizeof *args);
	if (!b->ring || !th || !args) abort();
	int started = 0;
	if (b->jobs == 1) {
		b->inline_run = true;
	} else {
		if (!(b->garbage = calloc((size_t)b->jobs, sizeof *b->garbage))) abort();
		/* the default stack: every walk over an input's tree is iterative or
		 * bounded by the parse-time depth caps (tests pass with 1 MB) */
		for (int t = 0; t < b->jobs; t++) {
			args[started] = (worker_arg){b, started};
			if (pthread_create(&th[started], NULL, S_worker, &args[started]) == 0) started++;
		}
	}
	if (b->inline_run) {
		S_drain(b);
	} else if (!started) {
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "cannot start worker threads");
		b->fatal = true;
	} else {
		S_drain(b);
	}
	pthread_mutex_lock(&b->lock);
	b->stop = true;
	b->inputs.halt = true; /* discovery, if still walking, stops */
	b->count.halt = true;
	pthread_cond_broadcast(&b->cond);
	pthread_cond_broadcast(&b->wcond);
	pthread_cond_broadcast(&b->room);
	pthread_mutex_unlock(&b->lock);
	for (int t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	for (size_t k = 0; k < b->window; k++)
		S_slot_reset(b, &b->ring[k]);
	for (int t = 0; b->garbage && t < b->jobs; t++)
		S_items_free(b->garbage[t]);
	free(b->garbage);
	b->garbage = NULL;
	free(args);
	free(th);
	free(b->ring);
	b->ring = NULL;
	return QUIRE_OK;
}
