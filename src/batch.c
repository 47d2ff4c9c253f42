/* batch.c - the batch engine: discovery -> read+normalize on worker threads ->
 * ordered hand-off -> one writer. Inputs are numbered in discovery order; each
 * worker takes the next input and pushes its articles (and messages) into that
 * input's slot; the writer drains slots strictly in order, so output bytes do
 * not depend on --jobs. Workers never run more than a window of inputs ahead of
 * the writer and a slot holds a bounded number of articles, so memory stays
 * flat whatever the number of inputs. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "private.h"

#define SLOT_CAPACITY 16

typedef struct item {
	quire_article *article; /* or NULL for a message */
	quire_level level;
	char *msg;
	struct item *next;
} item;

typedef struct slot {
	item *head, *tail;
	size_t count;
	bool started, done;
	bool failed;            /* the input failed (an error message was queued) */
	const char *reader;     /* chosen reader name */
	size_t articles;
} slot;

typedef struct progress {
	bool on;
	double last;
	uint64_t bytes;
} progress;

typedef struct batch {
	quire_ctx *ctx;
	const quire_options *o;
	qinput_list inputs;
	slot *slots;
	size_t next_job;   /* next input a worker takes */
	size_t consumed;   /* inputs the writer has finished */
	size_t window;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	/* writer side */
	const quire_writer_ops *writer;
	void *wstate;
	bool inspect;
	bool split;
	char *split_dir;
	quire_out *report;
	quire_stats stats;
	bool fatal;
	progress prog;
	double t0;
} batch;

static double S_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- worker side ------------------------------------------------------------ */

static void S_push(batch *b, size_t i, quire_article *a, quire_level level, const char *msg)
{
	item *it = calloc(1, sizeof *it);
	if (!it)
		abort();
	it->article = a;
	it->level = level;
	it->msg = msg ? strdup(msg) : NULL;
	pthread_mutex_lock(&b->lock);
	slot *s = &b->slots[i];
	while (a && s->count >= SLOT_CAPACITY && !quire_ctx_interrupted(b->ctx))
		pthread_cond_wait(&b->cond, &b->lock);
	if (s->tail)
		s->tail->next = it;
	else
		s->head = it;
	s->tail = it;
	if (a)
		s->count++;
	if (level == QUIRE_LEVEL_ERROR && !a)
		s->failed = true;
	pthread_cond_broadcast(&b->cond);
	pthread_mutex_unlock(&b->lock);
}

static void S_pushf(batch *b, size_t i, quire_level level, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void S_pushf(batch *b, size_t i, quire_level level, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	S_push(b, i, NULL, level, msg);
}

static const quire_reader_ops *S_choose(batch *b, const qinput *in, size_t i, bool explicit_file)
{
	if (b->o->from && strcmp(b->o->from, "auto") != 0)
		return quire_reader_find(b->o->from);
	if (in->claimed_by)
		return in->claimed_by;
	unsigned char head[4096];
	size_t n = 0;
	int fd = open(in->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		S_pushf(b, i, QUIRE_LEVEL_ERROR, "%s", strerror(errno));
		return NULL;
	}
	ssize_t r;
	while (n < sizeof head && (r = read(fd, head + n, sizeof head - n)) > 0)
		n += (size_t)r;
	close(fd);
	quire_probe p = {in->path, head, n, 0};
	int bid = 0;
	const quire_reader_ops *rd = quire_reader_choose(&p, &bid);
	if (!rd && explicit_file)
		S_pushf(b, i, QUIRE_LEVEL_ERROR, "no reader recognizes this file%s", n ? "" : " (it is empty)");
	return rd;
}

static void S_read_input(batch *b, size_t i)
{
	const qinput *in = &b->inputs.v[i];
	const quire_reader_ops *rd = S_choose(b, in, i, in->explicit_arg);
	if (!rd) {
		pthread_mutex_lock(&b->lock);
		b->slots[i].reader = NULL;
		pthread_mutex_unlock(&b->lock);
		return;
	}
	pthread_mutex_lock(&b->lock);
	b->slots[i].reader = rd->name;
	pthread_mutex_unlock(&b->lock);
	quire_source src = {in->path, in->root, in->rel, in->site};
	quire_err err;
	quire_err_clear(&err);
	void *st = NULL;
	if (rd->open(b->ctx, &src, &st, &err) != QUIRE_OK) {
		S_pushf(b, i, QUIRE_LEVEL_ERROR, "%s", err.msg[0] ? err.msg : "cannot open");
		return;
	}
	for (;;) {
		if (quire_ctx_interrupted(b->ctx))
			break;
		quire_article *a = NULL;
		quire_err_clear(&err);
		quire_result r = rd->next(st, &a, &err);
		if (r == QUIRE_EOF)
			break;
		if (!a) {
			S_pushf(b, i, QUIRE_LEVEL_ERROR, "%s", err.msg[0] ? err.msg : "unreadable");
			if (r == QUIRE_FATAL)
				break;
			continue;
		}
		if (!quire_article_get(a, QUIRE_INPUT_PATH))
			quire_article_set(a, QUIRE_INPUT_PATH, in->path);
		if (!quire_article_get(a, QUIRE_READER))
			quire_article_set(a, QUIRE_READER, rd->name);
		quire_article_normalize(b->ctx, a);
		S_push(b, i, a, QUIRE_LEVEL_INFO, NULL);
	}
	rd->close(st);
}

static void *S_worker(void *arg)
{
	batch *b = arg;
	for (;;) {
		pthread_mutex_lock(&b->lock);
		while (b->next_job < b->inputs.n && b->next_job >= b->consumed + b->window &&
		       !quire_ctx_interrupted(b->ctx))
			pthread_cond_wait(&b->cond, &b->lock);
		if (b->next_job >= b->inputs.n || quire_ctx_interrupted(b->ctx)) {
			pthread_mutex_unlock(&b->lock);
			break;
		}
		size_t i = b->next_job++;
		b->slots[i].started = true;
		pthread_mutex_unlock(&b->lock);
		S_read_input(b, i);
		pthread_mutex_lock(&b->lock);
		b->slots[i].done = true;
		pthread_cond_broadcast(&b->cond);
		pthread_mutex_unlock(&b->lock);
	}
	return NULL;
}

/* ---- writer side ------------------------------------------------------------ */

static void S_progress(batch *b, bool final)
{
	if (!b->prog.on)
		return;
	double now = S_now();
	if (!final && now - b->prog.last < 0.1)
		return;
	b->prog.last = now;
	double el = now - b->t0;
	size_t done = b->consumed, total = b->inputs.n;
	double rate = el > 0 ? (double)b->stats.articles / el : 0;
	double mbs = el > 0 ? (double)b->stats.bytes_in / 1e6 / el : 0;
	double eta = done && done < total ? el / (double)done * (double)(total - done) : 0;
	fprintf(stderr, "\r\033[K%zu/%zu inputs, %llu articles, %.0f/s, %.1f MB/s, ETA %.0fs, %llu failed%s", done,
	        total, (unsigned long long)b->stats.articles, rate, mbs, eta, (unsigned long long)b->stats.failed,
	        final ? "\n" : "");
	fflush(stderr);
}

static void S_report_input(batch *b, size_t i, const slot *s, const char *status, const char *output,
                           size_t warnings, const char *charset)
{
	if (!b->report)
		return;
	quire_buf j = QUIRE_BUF_INIT;
	quire_buf_puts(&j, b->stats.inputs > 1 ? ",\n{\"path\":" : "\n{\"path\":");
	quire_buf_json_string(&j, b->inputs.v[i].path);
	quire_buf_puts(&j, ",\"status\":");
	quire_buf_json_string(&j, status);
	quire_buf_puts(&j, ",\"reader\":");
	if (s->reader)
		quire_buf_json_string(&j, s->reader);
	else
		quire_buf_puts(&j, "null");
	quire_buf_puts(&j, ",\"charset\":");
	if (charset)
		quire_buf_json_string(&j, charset);
	else
		quire_buf_puts(&j, "null");
	quire_buf_printf(&j, ",\"articles\":%zu,\"warnings\":%zu,\"output\":", s->articles, warnings);
	if (output)
		quire_buf_json_string(&j, output);
	else
		quire_buf_puts(&j, "null");
	quire_buf_puts(&j, "}");
	quire_err err;
	quire_out_write(b->report, j.data, j.len, &err);
	quire_buf_free(&j);
}

static int S_mkdirs(const char *dir)
{
	char *p = strdup(dir);
	for (char *s = p + 1; *s; s++) {
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0755);
			*s = '/';
		}
	}
	int r = mkdir(p, 0755);
	free(p);
	return r == 0 || errno == EEXIST ? 0 : -1;
}

/* The output path of one article in split mode; unique within the run. */
static char *S_split_path(batch *b, const quire_article *a)
{
	char slug[160];
	quire_article_slug(a, slug, sizeof slug);
	const char *ext = b->writer->extension;
	size_t n = strlen(b->split_dir) + strlen(slug) + strlen(ext) + 24;
	char *p = malloc(n);
	if (!p)
		abort();
	snprintf(p, n, "%s/%s%s", b->split_dir, slug, ext);
	return p;
}

/* Writes one article; returns false when the run cannot go on. */
static bool S_write_article(batch *b, const quire_article *a, char **out_path)
{
	quire_err err;
	quire_err_clear(&err);
	const char *path = quire_article_get(a, QUIRE_INPUT_PATH);
	if (b->inspect) {
		quire_buf j = QUIRE_BUF_INIT;
		quire_article_to_json(a, &j);
		quire_buf_putc(&j, '\n');
		fwrite(j.data, 1, j.len, stdout);
		quire_buf_free(&j);
		return true;
	}
	if (!b->split) {
		quire_result r = b->writer->write(b->wstate, a, &err);
		if (r == QUIRE_FATAL) {
			quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, path, "%s", err.msg);
			return false;
		}
		if (r == QUIRE_FAILED) {
			quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, path, "%s", err.msg);
			b->stats.failed++;
		}
		return true;
	}
	char *p = S_split_path(b, a);
	struct stat st;
	if (b->o->skip_existing && stat(p, &st) == 0) {
		b->stats.skipped++;
		*out_path = p;
		return true;
	}
	void *ws = NULL;
	quire_result r = b->writer->open(b->ctx, p, &ws, &err);
	if (r == QUIRE_OK)
		r = b->writer->write(ws, a, &err);
	if (r == QUIRE_OK || r == QUIRE_WARN)
		r = b->writer->close(ws, &err);
	else if (ws)
		b->writer->abort(ws);
	if (r != QUIRE_OK && r != QUIRE_WARN) {
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, path, "%s", err.msg);
		b->stats.failed++;
		free(p);
		return r != QUIRE_FATAL || errno != ENOSPC;
	}
	*out_path = p;
	return true;
}

static void S_consume(batch *b, size_t i)
{
	slot *s = &b->slots[i];
	size_t warnings = 0;
	bool failed = false;
	char *last_out = NULL;
	const char *charset = NULL;
	char *charset_copy = NULL;
	for (;;) {
		pthread_mutex_lock(&b->lock);
		while (!s->head && !s->done)
			pthread_cond_wait(&b->cond, &b->lock);
		item *it = s->head;
		if (it) {
			s->head = it->next;
			if (!s->head)
				s->tail = NULL;
			if (it->article)
				s->count--;
			pthread_cond_broadcast(&b->cond);
		}
		pthread_mutex_unlock(&b->lock);
		if (!it)
			break;
		if (!it->article) {
			quire_ctx_message(b->ctx, it->level, b->inputs.v[i].path, "%s", it->msg);
			if (it->level == QUIRE_LEVEL_ERROR) {
				failed = true;
				b->stats.failed++;
			}
		} else {
			quire_article *a = it->article;
			const char *path = quire_article_get(a, QUIRE_INPUT_PATH);
			size_t nd = quire_article_diag_count(a);
			for (size_t k = 0; k < nd; k++) {
				const quire_diag *d = quire_article_diag_at(a, k);
				if (d->level <= QUIRE_LEVEL_WARNING) {
					warnings++;
					if (b->o->verbose || b->o->strict)
						quire_ctx_message(b->ctx, b->o->strict ? QUIRE_LEVEL_ERROR : d->level, path,
						                  "%s", d->message);
				}
			}
			b->stats.warnings += quire_article_warning_count(a);
			size_t rawn = 0;
			quire_article_raw(a, &rawn);
			b->stats.bytes_in += rawn;
			if (!charset_copy && quire_article_get(a, QUIRE_CHARSET))
				charset_copy = strdup(quire_article_get(a, QUIRE_CHARSET));
			if (b->o->strict && quire_article_warning_count(a)) {
				failed = true;
				b->stats.failed++;
			} else if (!b->fatal) {
				char *op = NULL;
				if (!S_write_article(b, a, &op))
					b->fatal = true;
				else {
					b->stats.articles++;
					s->articles++;
				}
				if (op) {
					free(last_out);
					last_out = op;
				}
			}
			quire_article_free(a);
		}
		free(it->msg);
		free(it);
		S_progress(b, false);
	}
	charset = charset_copy;
	if (!s->reader && !failed) {
		b->stats.skipped++;
		quire_ctx_message(b->ctx, QUIRE_LEVEL_INFO, b->inputs.v[i].path, "skipped: no reader recognizes it");
	}
	b->stats.inputs++;
	const char *status = failed ? "failed" : !s->reader ? "skipped" : s->articles ? "ok" : "empty";
	S_report_input(b, i, s, status, b->split ? last_out : b->o->output, warnings, charset);
	free(last_out);
	free(charset_copy);
}

/* FNV-1a over the input's path relative to its root: a stable shard key. */
static uint64_t S_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static void S_shard(batch *b)
{
	unsigned k = b->o->shard_k, n = b->o->shard_n;
	if (!n)
		return;
	size_t j = 0;
	for (size_t i = 0; i < b->inputs.n; i++) {
		qinput *in = &b->inputs.v[i];
		if (S_hash(in->rel) % n == (uint64_t)(k - 1)) {
			b->inputs.v[j++] = *in;
		} else {
			free(in->path);
			free(in->root);
			free(in->rel);
			free(in->site);
		}
	}
	b->inputs.n = j;
}

static int S_jobs(const quire_options *o)
{
	if (o->jobs > 0)
		return o->jobs > 256 ? 256 : o->jobs;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

static quire_result S_open_outputs(batch *b)
{
	const quire_options *o = b->o;
	quire_err err;
	quire_err_clear(&err);
	if (o->report) {
		b->report = quire_out_open(b->ctx, o->report, &err);
		if (!b->report) {
			quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, o->report, "%s", err.msg);
			return QUIRE_FATAL;
		}
		quire_out_write(b->report, "{\"inputs\":[", 11, &err);
	}
	if (b->inspect)
		return QUIRE_OK;
	if (o->to) {
		b->writer = quire_writer_find(o->to);
		if (!b->writer) {
			quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "unknown output format '%s' (see quire formats)",
			                  o->to);
			return QUIRE_FATAL;
		}
	} else if (o->output && !o->split) {
		b->writer = quire_writer_for_path(o->output);
		if (!b->writer) {
			quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, o->output,
			                  "cannot tell the output format from the name; use -t");
			return QUIRE_FATAL;
		}
	} else {
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "no output format: use -t FORMAT or -o NAME.EXT");
		return QUIRE_FATAL;
	}
	const char *out = o->output;
	if (o->split) {
		if (!out) {
			quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "--split needs -o DIRECTORY");
			return QUIRE_FATAL;
		}
		if (S_mkdirs(out) != 0) {
			quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, out, "cannot create directory: %s", strerror(errno));
			return QUIRE_FATAL;
		}
		b->split = true;
		b->split_dir = strdup(out);
		return QUIRE_OK;
	}
	if (!out || strcmp(out, "-") == 0) {
		if (!(b->writer->flags & QUIRE_WRITER_STDOUT)) {
			quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "the %s writer needs -o FILE", b->writer->name);
			return QUIRE_FATAL;
		}
		out = "-";
	}
	if (b->writer->open(b->ctx, out, &b->wstate, &err) != QUIRE_OK) {
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, strcmp(out, "-") ? out : NULL, "%s", err.msg);
		return QUIRE_FATAL;
	}
	return QUIRE_OK;
}

static void S_finish_report(batch *b, quire_result result)
{
	if (!b->report)
		return;
	quire_buf j = QUIRE_BUF_INIT;
	static const char *const names[] = {"ok", "failed", "fatal"};
	int st = quire_exit_status(result);
	quire_buf_printf(&j,
	                 "\n],\"totals\":{\"inputs\":%llu,\"articles\":%llu,\"failed\":%llu,\"skipped\":%llu,"
	                 "\"warnings\":%llu,\"bytes_in\":%llu,\"seconds\":%.3f,\"status\":\"%s\",\"interrupted\":%s}}\n",
	                 (unsigned long long)b->stats.inputs, (unsigned long long)b->stats.articles,
	                 (unsigned long long)b->stats.failed, (unsigned long long)b->stats.skipped,
	                 (unsigned long long)b->stats.warnings, (unsigned long long)b->stats.bytes_in,
	                 b->stats.seconds, names[st], quire_ctx_interrupted(b->ctx) ? "true" : "false");
	quire_err err;
	quire_out_write(b->report, j.data, j.len, &err);
	quire_buf_free(&j);
	if (quire_out_commit(b->report, &err) != QUIRE_OK)
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, b->o->report, "%s", err.msg);
	b->report = NULL;
}

static quire_result S_run(quire_ctx *ctx, const char *const *inputs, size_t n, quire_stats *stats, bool inspect)
{
	batch b;
	memset(&b, 0, sizeof b);
	b.ctx = ctx;
	b.o = quire_ctx_options(ctx);
	b.inspect = inspect;
	b.t0 = S_now();
	b.prog.on = b.o->progress > 0 || (b.o->progress < 0 && isatty(STDERR_FILENO) && !b.o->quiet);
	if (b.o->quiet)
		b.prog.on = false;
	pthread_mutex_init(&b.lock, NULL);
	pthread_cond_init(&b.cond, NULL);
	quire_result result = S_open_outputs(&b);
	size_t derr = 0;
	if (result == QUIRE_OK) {
		discover_inputs(ctx, inputs, n, &b.inputs, &derr);
		S_shard(&b);
		b.stats.failed += derr;
	}
	if (result == QUIRE_OK && b.inputs.n) {
		int jobs = S_jobs(b.o);
		b.window = (size_t)jobs * 4;
		b.slots = calloc(b.inputs.n, sizeof *b.slots);
		pthread_t *th = calloc((size_t)jobs, sizeof *th);
		if (!b.slots || !th)
			abort();
		int started = 0;
		for (int t = 0; t < jobs; t++)
			if (pthread_create(&th[t], NULL, S_worker, &b) == 0)
				started++;
		if (!started)
			S_worker(&b);
		for (size_t i = 0; i < b.inputs.n; i++) {
			pthread_mutex_lock(&b.lock);
			while (!b.slots[i].started && !quire_ctx_interrupted(ctx))
				pthread_cond_wait(&b.cond, &b.lock);
			bool skip = !b.slots[i].started;
			pthread_mutex_unlock(&b.lock);
			if (skip)
				break;
			S_consume(&b, i);
			pthread_mutex_lock(&b.lock);
			b.consumed = i + 1;
			pthread_cond_broadcast(&b.cond);
			pthread_mutex_unlock(&b.lock);
		}
		pthread_mutex_lock(&b.lock);
		pthread_cond_broadcast(&b.cond);
		pthread_mutex_unlock(&b.lock);
		for (int t = 0; t < started; t++)
			pthread_join(th[t], NULL);
		/* drop what an interrupted run left in the slots */
		for (size_t i = 0; i < b.inputs.n; i++) {
			for (item *it = b.slots[i].head, *next; it; it = next) {
				next = it->next;
				quire_article_free(it->article);
				free(it->msg);
				free(it);
			}
		}
		free(th);
		free(b.slots);
	} else if (result == QUIRE_OK && !derr) {
		quire_ctx_message(ctx, QUIRE_LEVEL_WARNING, NULL, "no inputs found");
	}
	S_progress(&b, true);
	if (!inspect && b.wstate) {
		quire_err err;
		quire_err_clear(&err);
		if (b.fatal || (b.stats.articles == 0 && b.stats.failed > 0)) {
			b.writer->abort(b.wstate);
			if (!b.fatal)
				result = QUIRE_FATAL;
		} else if (b.writer->close(b.wstate, &err) != QUIRE_OK) {
			quire_ctx_message(ctx, QUIRE_LEVEL_ERROR, b.o->output, "%s", err.msg);
			result = QUIRE_FATAL;
		}
		b.wstate = NULL;
	}
	if (b.fatal)
		result = QUIRE_FATAL;
	if (result == QUIRE_OK && quire_ctx_interrupted(ctx)) {
		quire_ctx_message(ctx, QUIRE_LEVEL_ERROR, NULL, "interrupted after %llu of %zu inputs",
		                  (unsigned long long)b.stats.inputs, b.inputs.n);
		result = QUIRE_FAILED;
	}
	if (result == QUIRE_OK && b.stats.failed)
		result = b.stats.articles || b.split ? QUIRE_FAILED : QUIRE_FATAL;
	b.stats.seconds = S_now() - b.t0;
	S_finish_report(&b, result);
	if (stats)
		*stats = b.stats;
	qinput_list_free(&b.inputs);
	free(b.split_dir);
	pthread_mutex_destroy(&b.lock);
	pthread_cond_destroy(&b.cond);
	return result;
}

quire_result quire_convert(quire_ctx *ctx, const char *const *inputs, size_t n, quire_stats *stats)
{
	return S_run(ctx, inputs, n, stats, false);
}

quire_result quire_inspect(quire_ctx *ctx, const char *const *inputs, size_t n, quire_stats *stats)
{
	return S_run(ctx, inputs, n, stats, true);
}
