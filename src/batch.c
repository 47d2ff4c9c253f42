/* batch.c - the batch engine: discovery -> read+normalize on worker threads ->
 * ordered hand-off -> one writer, plus the progress line and the --report file.
 * Inputs are numbered in discovery order; a worker takes the next input and
 * queues its articles and errors in that input's slot of a ring; the writer
 * drains slots strictly in order, so output bytes do not depend on --jobs.
 * Workers run at most a window of inputs ahead of the writer, a slot holds a
 * bounded number of articles and all slots but the writer's current one share
 * a bounded queue, so memory stays flat whatever the number of inputs. It does
 * not know any format: readers and writers come from the registry. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"

#define SLOT_CAPACITY 16          /* articles queued for one input */
#define QUEUE_PER_JOB 32          /* articles queued ahead, per worker, outside the current slot */
#define WINDOW_PER_JOB 32         /* inputs a worker may be ahead of the writer */
#define DISCOVER_AHEAD 16384      /* inputs discovery may be ahead of the writer */
#define QUEUE_BYTES (16u << 20)   /* raw bytes queued outside the current slot */
#define MAX_ERRORS_PER_INPUT 100  /* a source failing this often is abandoned */
#define MAX_REPORT_MESSAGES 50    /* messages kept per input in the report */
#define WORKER_STACK (16u << 20)

typedef struct item {
	quire_article *article; /* or NULL for an error message */
	size_t bytes;           /* raw size of the article (queue accounting) */
	char *msg;
	int worker;             /* the worker that made it, which also frees it */
	struct item *next;
} item;

typedef struct slot {
	item *head, *tail;
	size_t count;       /* articles queued */
	bool started, done;
	int worker;         /* the worker reading it */
	const char *reader; /* chosen reader's name (static) */
	double seconds;     /* worker time */
} slot;

/* Per-input facts the writer gathers for the report. */
typedef struct entry {
	size_t articles, warnings, errors, kept, nmsgs;
	quire_buf warn_json, err_json; /* JSON array bodies */
	char *charset, *output;
	bool interrupted;
} entry;

typedef struct progress {
	bool on, color;
	double last;
} progress;

typedef struct batch {
	quire_ctx *ctx;
	const quire_options *o;
	qinput_list inputs;
	/* shared between workers and the writer, under lock */
	slot *ring;
	size_t window, next_job, consumed, queued, queue_max;
	uint64_t queued_bytes;
	atomic_bool stop; /* set under lock; workers also look without it */
	item **garbage; /* per worker: items written, for their maker to free */
	pthread_mutex_t lock;
	pthread_cond_t cond;  /* workers wait on it */
	pthread_cond_t wcond; /* the writer waits on it */
	pthread_cond_t room;  /* discovery waits on it (see qinput_list.max_ahead) */
	bool writer_waiting;
	size_t writer_slot;   /* the input the writer waits for */
	/* --jobs 1 runs everything on the calling thread: the reader hands each
	 * article straight to the writer */
	bool inline_run;
	struct entry *cur_entry;
	const char *cur_input;
	/* writer side only */
	const quire_reader_ops *reader_only; /* batch_run's override of the registry, or NULL */
	const quire_writer_ops *writer;
	void *wstate;
	bool inspect, split, fatal;
	char *split_dir;
	split_names *names;
	out_commits *commits; /* --split: files waiting to be made durable together */
	quire_out *report;
	size_t reported;
	quire_stats stats;
	size_t inputs_warned;  /* inputs with at least one warning */
	uint64_t warnings_shown; /* warnings printed as they came */
	bool discovering; /* the discovery thread is still adding inputs (under lock) */
	qinput_list count; /* with progress: the inputs counted ahead of discovery */
	bool counted;      /* the count is complete (under lock) */
	const char *const *args;
	size_t nargs;
	int jobs;
	progress prog;
	double t0, t_discovered;
} batch;

static double S_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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
	if (b->writer_waiting)
		pthread_cond_signal(&b->wcond);
}

static bool S_stopping(const batch *b)
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
	if (!b->garbage || !b->garbage[w])
		return;
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

/* The writer's share of the work that does not depend on the output, done
 * here on the worker thread (see quire_writer_ops.prepare). */
static void S_prepare(batch *b, quire_article *a)
{
	if (b->o->strict && quire_article_warning_count(a))
		return; /* will not be written */
	if (b->writer && b->writer->prepare) {
		quire_err err;
		quire_err_clear(&err);
		b->writer->prepare(b->wstate, b->ctx, a, &err); /* on failure write() does the work and reports */
	}
}

/* ---- worker side ------------------------------------------------------------ */

/* Queues an article (or, with a NULL, an error message) for input i. Blocks
 * while the queue is full; the writer's current input never waits for other
 * inputs, so the pipeline cannot deadlock. False when the run is stopping (the
 * article is freed). */
static bool S_push(batch *b, size_t i, quire_article *a, const char *msg)
{
	item *it = calloc(1, sizeof *it);
	if (!it)
		abort();
	it->article = a;
	if (a) {
		quire_article_raw(a, &it->bytes);
		if (!it->bytes) /* a record-only article: its record's block */
			quire_article_raw_record(a, NULL, NULL, &it->bytes);
	}
	if (msg && !(it->msg = strdup(msg)))
		abort();
	if (b->inline_run) {
		S_deliver(b, b->cur_entry, b->cur_input, it);
		return !(a && (S_stopping(b) || b->fatal));
	}
	pthread_mutex_lock(&b->lock);
	slot *s = S_slot(b, i);
	it->worker = s->worker;
	for (;;) {
		S_collect(b, s->worker);
		if (!(a && !S_stopping(b) &&
		      (s->count >= SLOT_CAPACITY ||
		       (i != b->consumed && (b->queued >= b->queue_max || b->queued_bytes >= QUEUE_BYTES)))))
			break;
		S_wake_writer(b);
		S_wait(b);
	}
	if (a && S_stopping(b)) {
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
		if (b->queued >= b->queue_max / 2)
			S_wake_writer(b);
	}
	pthread_mutex_unlock(&b->lock);
	return true;
}

static void S_pushf(batch *b, size_t i, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void S_pushf(batch *b, size_t i, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	S_push(b, i, NULL, msg);
}

/* Files up to this size are read whole while probing and handed to the
 * reader (quire_source.data): one open and one read per input. */
#define PRELOAD_MAX (1u << 20)

/* Chooses the reader of input i by probing its first bytes; *data (the
 * caller frees it) is the whole file when it is small enough to be read
 * here. Only regular files are read: a FIFO would block, a device would
 * never end. */
/* Does path end in an extension some reader reads (.md, .html, ...)? */
static bool S_article_extension(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t bl = strlen(base);
	for (size_t r = 0; r < quire_reader_count(); r++) {
		const char *e = quire_reader_at(r)->extensions;
		while (e && *e) {
			size_t n = strcspn(e, " ");
			if (n && bl > n && strncasecmp(base + bl - n, e, n) == 0)
				return true;
			e += n;
			while (*e == ' ')
				e++;
		}
	}
	return false;
}

static const quire_reader_ops *S_choose(batch *b, const qinput *in, const char *path, size_t i,
                                        unsigned char **data, size_t *size)
{
	*data = NULL;
	*size = 0;
	quire_err err;
	quire_err_clear(&err);
	int fd = input_open(in->root, path, &err); /* probing does not leave the tree either */
	if (fd < 0) {
		S_pushf(b, i, "cannot open: %s", err.msg);
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		S_pushf(b, i, "not a regular file");
		return NULL;
	}
	const quire_reader_ops *forced = NULL;
	if (b->reader_only || (b->o->from && strcmp(b->o->from, "auto") != 0))
		forced = b->reader_only ? b->reader_only : quire_reader_find(b->o->from);
	unsigned char head[4096], *buf = head;
	size_t want = sizeof head;
	if ((uint64_t)st.st_size <= PRELOAD_MAX && (uint64_t)st.st_size <= ctx_max_input(b->ctx)) {
		want = (size_t)st.st_size;
		if (!(buf = malloc(want + 1)))
			abort();
	} else if (forced) {
		close(fd);
		return forced;
	}
	size_t n = 0;
	ssize_t r;
	while (n < want && (r = read(fd, buf + n, want - n)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			S_pushf(b, i, "cannot read: %s", strerror(errno));
			close(fd);
			if (buf != head)
				free(buf);
			return NULL;
		}
		n += (size_t)r;
	}
	close(fd);
	if (buf != head) {
		buf[n] = '\0';
		*data = buf;
		*size = n;
	}
	if (forced)
		return forced;
	const char *junk = sniff_not_article(buf, n < sizeof head ? n : sizeof head);
	if (junk) { /* said when the file was named, or has an article's extension */
		if (in->explicit_arg || S_article_extension(path))
			S_pushf(b, i, "not an article: %s", junk);
		if (buf != head) {
			free(buf);
			*data = NULL;
			*size = 0;
		}
		return NULL;
	}
	quire_probe p = {path, buf, n < sizeof head ? n : sizeof head, in->claimed_by != NULL};
	const quire_reader_ops *rd = quire_reader_choose(&p, NULL);
	if (!rd && in->claimed_by && n)
		rd = in->claimed_by; /* a file the tree's filter kept: its reader reads it */
	if (!rd && (in->explicit_arg || S_article_extension(path))) /* the reason, by default and in the report */
		S_pushf(b, i, "%s", n ? "no reader recognizes this file" : "the file is empty");
	return rd;
}

/* Parsers stop nesting at QUIRE_MAX_DEPTH (libxml2 silently); a body that
 * comes near it was most likely cut, and the article says so. */
static void S_check_depth(quire_article *a)
{
	const xmlNode *root = quire_article_body_root(a);
	size_t depth = root ? limits_tree_depth(root) : 0;
	if (depth >= QUIRE_MAX_DEPTH - 8)
		quire_article_diag(a, QUIRE_LEVEL_WARNING, "nesting-limit",
		                   "elements nested %zu levels deep (limit %d): deeper content may have been cut", depth,
		                   QUIRE_MAX_DEPTH);
}

/* True when the subtree holds no visible text and no image. */
static bool S_blank(const xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			for (const xmlChar *c = n->content; c && *c; c++)
				if (*c != ' ' && *c != '\n' && *c != '\t' && *c != '\r')
					return false;
		} else if (n->type == XML_ELEMENT_NODE) {
			if (xmlStrEqual(n->name, BAD_CAST "img") || !S_blank(n->children))
				return false;
		}
	}
	return true;
}

/* An article that converted into nothing (a post of front matter only, a
 * page whose content could not be found) says so. */
static void S_check_empty(quire_article *a)
{
	const xmlNode *root = quire_article_body_root(a);
	if (!root || S_blank(root->children))
		quire_article_diag(a, QUIRE_LEVEL_WARNING, "empty-body", "the article has no text");
}

/* Runs the reader over one input, queueing its articles. */
static void S_read_source(batch *b, size_t i, const qinput *in, const char *path, const quire_reader_ops *rd,
                          const unsigned char *data, size_t size)
{
	quire_source src = {path, in->root, in->rel, in->site, data, size};
	quire_err err;
	quire_err_clear(&err);
	void *st = NULL;
	if (rd->open(b->ctx, &src, &st, &err) != QUIRE_OK) {
		S_pushf(b, i, "%s", err.msg[0] ? err.msg : "cannot open");
		return;
	}
	size_t records = 0, errors = 0, max_records = ctx_max_records(b->ctx);
	while (!S_stopping(b)) {
		if (records >= max_records) {
			S_pushf(b, i, "more than %zu records; the rest of this input is skipped", max_records);
			break;
		}
		quire_article *a = NULL;
		quire_err_clear(&err);
		quire_result r = rd->next(st, &a, &err);
		if (r == QUIRE_EOF) {
			quire_article_free(a);
			break;
		}
		records++;
		if (!a || r == QUIRE_FAILED || r == QUIRE_FATAL) {
			quire_article_free(a);
			S_pushf(b, i, "%s", err.msg[0] ? err.msg : "unreadable");
			if (r == QUIRE_FATAL)
				break;
			if (++errors >= MAX_ERRORS_PER_INPUT) {
				S_pushf(b, i, "%zu errors; the rest of this input is skipped", errors);
				break;
			}
			continue;
		}
		if (!quire_article_get(a, QUIRE_INPUT_PATH))
			quire_article_set(a, QUIRE_INPUT_PATH, path);
		if (!quire_article_get(a, QUIRE_INPUT_ROOT))
			quire_article_set(a, QUIRE_INPUT_ROOT, in->root);
		if (!quire_article_get(a, QUIRE_READER))
			quire_article_set(a, QUIRE_READER, rd->name);
		if (quire_article_is_record_only(a)) { /* an input record kept as it is */
			if (!quire_ctx_wants_records(b->ctx)) {
				quire_article_free(a);
				continue;
			}
		} else {
			quire_article_normalize(b->ctx, a);
			S_check_depth(a);
			S_check_empty(a);
		}
		S_prepare(b, a);
		if (!b->writer || !(b->writer->flags & QUIRE_WRITER_RAW))
			article_release_raw(a); /* nothing reads them: a 50 MB post's bytes */
		if (!S_push(b, i, a, NULL))
			break;
	}
	rd->close(st);
}

static void S_read_input(batch *b, size_t i, const qinput *in)
{
	if (in->error) {
		S_pushf(b, i, "%s", in->error);
		return;
	}
	char buf[PATH_MAX];
	const char *path = qinput_path(in, buf, sizeof buf);
	unsigned char *data;
	size_t size;
	const quire_reader_ops *rd = S_choose(b, in, path, i, &data, &size);
	pthread_mutex_lock(&b->lock);
	S_slot(b, i)->reader = rd ? rd->name : NULL;
	pthread_mutex_unlock(&b->lock);
	if (rd)
		S_read_source(b, i, in, path, rd, data, size);
	free(data);
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
			if (S_stopping(b) || !(ahead || starved))
				break;
			if (starved)
				b->inputs.wanted = true;
			S_wake_writer(b);
			S_wait(b);
		}
		if (S_stopping(b) || b->next_job >= b->inputs.n) {
			S_wake_writer(b); /* nothing is left to read: the writer need not wait */
			pthread_mutex_unlock(&b->lock);
			break;
		}
		size_t i = b->next_job++;
		S_slot(b, i)->started = true;
		S_slot(b, i)->worker = w;
		const qinput *in = qinput_at(&b->inputs, i); /* entries never move */
		pthread_mutex_unlock(&b->lock);
		double t = S_now();
		S_read_input(b, i, in);
		pthread_mutex_lock(&b->lock);
		S_slot(b, i)->seconds = S_now() - t;
		S_slot(b, i)->done = true;
		pthread_mutex_unlock(&b->lock);
	}
	input_root_release();
	return NULL;
}

/* ---- progress line ------------------------------------------------------------ */

static void S_progress(batch *b, bool final)
{
	if (!b->prog.on)
		return;
	double now = S_now();
	if (!final && now - b->prog.last < 0.1)
		return;
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
	snprintf(line, sizeof line, "%llu/%zu%s inputs, %llu articles, %.0f articles/s, %.1f MB/s, ETA %s, %s%llu failed%s",
	         (unsigned long long)done, total, more ? "+" : "", (unsigned long long)b->stats.articles, rate, mbs,
	         etas, red, (unsigned long long)b->stats.failed, off);
	ctx_progress_line(b->ctx, line, final);
}

/* ---- report ------------------------------------------------------------------- */

/* JSON string of text that may not be UTF-8 (file names). */
static void S_json_text(quire_buf *j, const char *s)
{
	if (!s) {
		quire_buf_puts(j, "null");
		return;
	}
	size_t n = strlen(s);
	if (text_utf8_valid(s, n)) {
		quire_buf_json_string(j, s);
		return;
	}
	quire_buf fixed = QUIRE_BUF_INIT;
	text_utf8_repair(s, n, &fixed);
	quire_buf_putc(&fixed, '\0');
	quire_buf_json_string(j, fixed.data);
	quire_buf_free(&fixed);
}

static void S_report_write(batch *b, quire_buf *j)
{
	quire_err err;
	if (b->report && quire_out_write(b->report, j->data, j->len, &err) != QUIRE_OK) {
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "%s", err.msg);
		quire_out_discard(b->report);
		b->report = NULL;
	}
	quire_buf_reset(j);
}

static void S_report_input(batch *b, const qinput *in, const char *status, const char *reader, const entry *e,
                           double seconds)
{
	if (!b->report)
		return;
	quire_buf j = QUIRE_BUF_INIT;
	quire_buf_puts(&j, b->reported++ ? ",\n{\"path\":" : "\n{\"path\":");
	char buf[PATH_MAX];
	S_json_text(&j, qinput_path(in, buf, sizeof buf));
	quire_buf_puts(&j, ",\"status\":");
	quire_buf_json_string(&j, status);
	quire_buf_puts(&j, ",\"reader\":");
	S_json_text(&j, reader);
	quire_buf_puts(&j, ",\"charset\":");
	S_json_text(&j, e ? e->charset : NULL);
	quire_buf_printf(&j, ",\"articles\":%zu,\"kept_existing\":%zu,\"warnings\":[", e ? e->articles : 0,
	                 e ? e->kept : 0);
	if (e && e->warn_json.len)
		quire_buf_append(&j, e->warn_json.data, e->warn_json.len);
	quire_buf_puts(&j, "],\"errors\":[");
	if (e && e->err_json.len)
		quire_buf_append(&j, e->err_json.data, e->err_json.len);
	quire_buf_puts(&j, "],\"output\":");
	S_json_text(&j, e ? e->output : NULL);
	quire_buf_printf(&j, ",\"seconds\":%.3f}", seconds);
	S_report_write(b, &j);
	quire_buf_free(&j);
}

static quire_result S_report_open(batch *b)
{
	const quire_options *o = b->o;
	quire_err err;
	quire_err_clear(&err);
	b->report = quire_out_open(b->ctx, o->report, &err);
	if (!b->report) {
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "%s", err.msg);
		return QUIRE_FATAL;
	}
	quire_buf j = QUIRE_BUF_INIT;
	quire_buf_printf(&j, "{\"quire\":\"%s\",\"command\":\"%s\",\"output\":", QUIRE_VERSION,
	                 b->inspect ? "inspect" : "convert");
	S_json_text(&j, b->inspect ? "-" : o->output);
	quire_buf_puts(&j, ",\"format\":");
	S_json_text(&j, b->writer ? b->writer->name : o->to);
	if (o->shard_n)
		quire_buf_printf(&j, ",\"shard\":\"%u/%u\"", o->shard_k, o->shard_n);
	else
		quire_buf_puts(&j, ",\"shard\":null");
	quire_buf_puts(&j, ",\"inputs\":[");
	S_report_write(b, &j);
	quire_buf_free(&j);
	return b->report ? QUIRE_OK : QUIRE_FATAL;
}

/* Ends and commits the report; false when it could not be written. */
static bool S_report_finish(batch *b, quire_result result)
{
	if (!b->report)
		return !b->o->report;
	for (size_t i = b->consumed; i < b->inputs.n; i++)
		S_report_input(b, qinput_at(&b->inputs, i), "not-converted", NULL, NULL, 0);
	quire_buf j = QUIRE_BUF_INIT;
	static const char *const names[] = {"ok", "failed", "fatal"};
	int st = quire_exit_status(result);
	double now = S_now();
	quire_buf_printf(&j,
	                 "\n],\"totals\":{\"inputs\":%zu,\"converted_inputs\":%llu,\"articles\":%llu,\"failed\":%llu,"
	                 "\"skipped\":%llu,\"warnings\":%llu,\"bytes_in\":%llu},"
	                 "\"timings\":{\"discover\":%.3f,\"convert\":%.3f,\"total\":%.3f},"
	                 "\"status\":\"%s\",\"exit\":%d,\"interrupted\":%s}\n",
	                 b->inputs.n, (unsigned long long)b->stats.inputs, (unsigned long long)b->stats.articles,
	                 (unsigned long long)b->stats.failed, (unsigned long long)b->stats.skipped,
	                 (unsigned long long)b->stats.warnings, (unsigned long long)b->stats.bytes_in,
	                 b->t_discovered - b->t0, now - b->t_discovered, now - b->t0, names[st], st,
	                 quire_ctx_interrupted(b->ctx) ? "true" : "false");
	S_report_write(b, &j);
	quire_buf_free(&j);
	quire_err err;
	quire_err_clear(&err);
	bool ok = b->report != NULL;
	if (b->report && quire_out_commit(b->report, &err) != QUIRE_OK) {
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "%s", err.msg);
		ok = false;
	}
	b->report = NULL;
	return ok;
}

static void S_entry_msg(entry *e, quire_buf *arr, const char *msg)
{
	if (e->nmsgs++ >= MAX_REPORT_MESSAGES)
		return;
	if (arr->len)
		quire_buf_putc(arr, ',');
	S_json_text(arr, msg);
}

/* ---- split outputs ------------------------------------------------------------ */

/* The output path of one article in split mode (splitnames.c). Caller frees. */
static char *S_split_path(batch *b, const quire_article *a)
{
	const char *name = split_names_get(b->names, a);
	const char *ext = b->writer->extensions ? b->writer->extensions : "";
	int el = (int)strcspn(ext, " "); /* the first extension */
	size_t n = strlen(b->split_dir) + strlen(name) + (size_t)el + 2;
	char *p = malloc(n);
	if (!p)
		abort();
	snprintf(p, n, "%s/%s%.*s", b->split_dir, name, el, ext);
	return p;
}

/* Writes one article to its own file. Returns QUIRE_FATAL when the run cannot go on. */
static quire_result S_write_split(batch *b, const quire_article *a, entry *e, bool *kept, quire_err *err)
{
	char *p = S_split_path(b, a);
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
	S_entry_msg(e, &e->err_json, err.msg);
	e->errors++;
	b->stats.failed++;
	return r != QUIRE_FATAL;
}

/* ---- writer side -------------------------------------------------------------- */

/* Warnings that mean text or images did not reach the output: shown by
 * default, the others with -v (all are counted in the closing line). */
static bool S_loses_text(const char *code)
{
	static const char *const lost[] = {"invalid-bytes", "nesting-limit", "image-refused", "image-too-large",
	                                   "image-undecodable", "image-not-image", "charset-unsupported", NULL};
	for (int k = 0; code && lost[k]; k++)
		if (strcmp(code, lost[k]) == 0)
			return true;
	return false;
}

static void S_take_article(batch *b, quire_article *a, entry *e)
{
	const char *path = quire_article_get(a, QUIRE_INPUT_PATH);
	size_t nd = quire_article_diag_count(a), warnings = 0;
	for (size_t k = 0; k < nd; k++) {
		const quire_diag *d = quire_article_diag_at(a, k);
		if (d->level > QUIRE_LEVEL_WARNING)
			continue;
		warnings++;
		S_entry_msg(e, &e->warn_json, d->message);
		if (b->o->verbose || b->o->strict || S_loses_text(d->code)) {
			quire_ctx_message(b->ctx, b->o->strict ? QUIRE_LEVEL_ERROR : d->level, path, "%s", d->message);
			b->warnings_shown++;
		}
	}
	if (warnings && !e->warnings)
		b->inputs_warned++;
	e->warnings += warnings;
	b->stats.warnings += warnings;
	if (!e->charset && quire_article_get(a, QUIRE_CHARSET) && !(e->charset = strdup(quire_article_get(a, QUIRE_CHARSET))))
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
	while (!s->head && !s->done && !S_stopping(b)) {
		S_wait_writer(b, i);
		pthread_mutex_unlock(&b->lock);
		S_progress(b, false);
		pthread_mutex_lock(&b->lock);
	}
	item *it = S_stopping(b) ? NULL : s->head;
	if (it) {
		s->head = it->next;
		if (!s->head)
			s->tail = NULL;
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
		S_entry_msg(e, &e->err_json, it->msg);
		e->errors++;
		b->stats.failed++;
	}
	S_discard(b, it);
	S_progress(b, false);
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
		double t = S_now();
		S_read_input(b, i, in);
		s->seconds = S_now() - t;
		s->done = !S_stopping(b) && !b->fatal;
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
	if (!b->split && !b->inspect && e.articles)
		e.output = strdup(b->o->output ? b->o->output : "-");
	const char *status = e.interrupted ? "interrupted"
	                     : e.errors     ? (e.articles ? "partial" : "failed")
	                     : !reader      ? "skipped"
	                     : e.articles || e.kept ? "ok"
	                                           : "empty";
	if (!reader && !e.errors) {
		b->stats.skipped++;
		quire_ctx_message(b->ctx, QUIRE_LEVEL_INFO, input, "skipped: no reader recognizes it");
	}
	b->stats.inputs++;
	b->stats.bytes_in += in->size;
	S_report_input(b, in, status, reader, &e, seconds);
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

static int S_jobs(const quire_options *o)
{
	if (o->jobs > 0)
		return o->jobs > 256 ? 256 : o->jobs;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)(n > 256 ? 256 : n) : 1;
}

/* The writer's loop: input after input, in order, while discovery may still
 * be adding inputs. */
static void S_drain(batch *b)
{
	for (size_t i = 0; !b->fatal; i++) {
		pthread_mutex_lock(&b->lock);
		while (i >= b->inputs.n && b->discovering && !S_stopping(b)) {
			b->inputs.wanted = true;
			S_wait_writer(b, i);
		}
		bool stop = S_stopping(b) || i >= b->inputs.n;
		pthread_mutex_unlock(&b->lock);
		if (stop)
			break;
		S_consume(b, i);
		pthread_mutex_lock(&b->lock);
		/* a slot cut short by an interrupt or a fatal error is freed after the join */
		bool cut = S_slot(b, i)->head || !S_slot(b, i)->done;
		if (!cut) {
			S_slot_reset(b, S_slot(b, i));
			qinput_release(&b->inputs, i + 1); /* written and reported: memory stays flat */
			if (b->inputs.room_waiting && b->inputs.n - b->inputs.released <= b->inputs.max_ahead / 2)
				pthread_cond_signal(&b->room);
		} else
			b->stop = true; /* no worker may reuse the slot before the join */
		b->consumed = i + 1;
		pthread_cond_broadcast(&b->cond);
		pthread_mutex_unlock(&b->lock);
		if (cut)
			break;
	}
}

/* Runs the workers and the writer over the discovered inputs. */
static quire_result S_pipeline(batch *b)
{
	b->window = (size_t)b->jobs * WINDOW_PER_JOB;
	b->queue_max = (size_t)b->jobs * QUEUE_PER_JOB;
	b->ring = calloc(b->window, sizeof *b->ring);
	pthread_t *th = calloc((size_t)b->jobs, sizeof *th);
	worker_arg *args = calloc((size_t)b->jobs, sizeof *args);
	if (!b->ring || !th || !args)
		abort();
	int started = 0;
	if (b->jobs == 1) {
		b->inline_run = true;
	} else {
		if (!(b->garbage = calloc((size_t)b->jobs, sizeof *b->garbage)))
			abort();
		pthread_attr_t attr;
		pthread_attr_init(&attr);
		pthread_attr_setstacksize(&attr, WORKER_STACK);
		for (int t = 0; t < b->jobs; t++) {
			args[started] = (worker_arg){b, started};
			if (pthread_create(&th[started], &attr, S_worker, &args[started]) == 0)
				started++;
		}
		pthread_attr_destroy(&attr);
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

/* ---- setup and the run ------------------------------------------------------------ */

static int S_mkdirs(const char *dir)
{
	char *p = strdup(dir);
	if (!p)
		return -1;
	for (char *s = p + 1; *s; s++) {
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0755);
			*s = '/';
		}
	}
	struct stat st;
	int r = mkdir(p, 0755) == 0 || (errno == EEXIST && stat(p, &st) == 0 && S_ISDIR(st.st_mode)) ? 0 : -1;
	if (r != 0 && errno == EEXIST)
		errno = ENOTDIR;
	free(p);
	return r;
}

/* inspect's writer: the registry's dump writer (QUIRE_WRITER_DUMP) */
static const quire_writer_ops *S_dump_writer(void)
{
	for (size_t i = 0; i < quire_writer_count(); i++)
		if (quire_writer_at(i)->flags & QUIRE_WRITER_DUMP)
			return quire_writer_at(i);
	return NULL;
}

static quire_result S_pick_writer(batch *b)
{
	const quire_options *o = b->o;
	if (b->writer)
		return QUIRE_OK; /* given by batch_run */
	if (b->inspect) { /* the output options do not apply */
		if ((b->writer = S_dump_writer()))
			return QUIRE_OK;
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "no writer can print the articles");
		return QUIRE_FATAL;
	}
	if (o->from && strcmp(o->from, "auto") != 0 && !quire_reader_find(o->from)) {
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "unknown input format '%s' (see quire formats)", o->from);
		return QUIRE_FATAL;
	}
	if (o->to)
		b->writer = quire_writer_find(o->to);
	else if (o->output && !o->split)
		b->writer = quire_writer_for_path(o->output);
	if (b->writer)
		return QUIRE_OK;
	if (o->to)
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "unknown output format '%s' (see quire formats)", o->to);
	else if (o->output && !o->split)
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, o->output, "cannot tell the output format from the name; use -t");
	else
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "no output format: use -t FORMAT or -o NAME.EXT");
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
			quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, out, "cannot create directory: %s", strerror(errno));
			return QUIRE_FATAL;
		}
		b->split = true;
		if (!(b->split_dir = strdup(out)))
			abort();
		b->names = split_names_open(out);
		b->commits = out_commits_new(); /* one syncfs per batch of files, not an fsync each */
		ctx_set_commits(b->ctx, b->commits);
		return QUIRE_OK;
	}
	if (!out || strcmp(out, "-") == 0) {
		if (!(b->writer->flags & QUIRE_WRITER_STDOUT)) {
			quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "the %s writer needs -o FILE", b->writer->name);
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
	if (!b->wstate)
		return result;
	quire_err err;
	quire_err_clear(&err);
	if (b->inspect) { /* what was printed stays printed, whatever happened */
		quire_result r = b->writer->close(b->wstate, &err);
		b->wstate = NULL;
		if (r == QUIRE_OK || r == QUIRE_WARN)
			return result;
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "%s", err.msg[0] ? err.msg : "cannot finish the output");
		return QUIRE_FATAL;
	}
	if (quire_ctx_interrupted(b->ctx)) {
		b->writer->abort(b->wstate);
		b->wstate = NULL;
		const char *out = b->o->output && strcmp(b->o->output, "-") ? b->o->output : NULL;
		if (out)
			quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, out,
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
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "%s", err.msg[0] ? err.msg : "cannot finish the output");
		return QUIRE_FATAL;
	}
	return result;
}

/* One line at the end when anything went wrong or was repaired: "132
 * articles, 7 warnings in 5 inputs, 2 inputs failed; --report or -v for
 * details". A clean run prints nothing. */
static void S_closing_line(batch *b)
{
	if (!b->stats.warnings && !b->stats.failed)
		return;
	quire_buf l = QUIRE_BUF_INIT;
	quire_buf_printf(&l, "%llu article%s", (unsigned long long)b->stats.articles, b->stats.articles == 1 ? "" : "s");
	if (b->stats.warnings)
		quire_buf_printf(&l, ", %llu warning%s in %zu input%s", (unsigned long long)b->stats.warnings,
		                 b->stats.warnings == 1 ? "" : "s", b->inputs_warned, b->inputs_warned == 1 ? "" : "s");
	if (b->stats.failed)
		quire_buf_printf(&l, ", %llu error%s", (unsigned long long)b->stats.failed, b->stats.failed == 1 ? "" : "s");
	bool hidden = b->stats.warnings > b->warnings_shown;
	if (hidden || !b->o->report)
		quire_buf_printf(&l, "; %s for details", b->o->verbose ? "--report" : b->o->report ? "-v" : "--report or -v");
	quire_ctx_message(b->ctx, QUIRE_LEVEL_WARNING, NULL, "%s", l.data);
	quire_buf_free(&l);
}

static quire_result S_result(batch *b, quire_result result)
{
	if (b->fatal || result == QUIRE_FATAL)
		return QUIRE_FATAL;
	if (quire_ctx_interrupted(b->ctx)) {
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "interrupted: %llu of %zu inputs converted",
		                  (unsigned long long)b->stats.inputs, b->inputs.n);
		return QUIRE_FAILED;
	}
	S_closing_line(b);
	if (b->stats.failed)
		return b->stats.articles || b->split || b->inspect ? QUIRE_FAILED : QUIRE_FATAL;
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
	b->t_discovered = S_now();
	b->discovering = false;
	pthread_cond_broadcast(&b->cond);
	pthread_cond_broadcast(&b->wcond);
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

static quire_result S_run(quire_ctx *ctx, const char *const *inputs, size_t n, quire_stats *stats, bool inspect,
                          const quire_reader_ops *reader, const quire_writer_ops *writer)
{
	batch b;
	memset(&b, 0, sizeof b);
	b.ctx = ctx;
	b.reader_only = reader;
	b.writer = writer;
	b.o = quire_ctx_options(ctx);
	b.inspect = inspect;
	b.t0 = b.t_discovered = S_now();
	b.prog.on = !b.o->quiet && (b.o->progress > 0 || (b.o->progress < 0 && isatty(STDERR_FILENO)));
	const char *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	b.prog.color = !(nc && *nc) && !(term && strcmp(term, "dumb") == 0) && isatty(STDERR_FILENO);
	pthread_mutex_init(&b.lock, NULL);
	pthread_cond_init(&b.cond, NULL);
	pthread_cond_init(&b.wcond, NULL);
	pthread_cond_init(&b.room, NULL);
	quire_result result = S_pick_writer(&b);
	if (result == QUIRE_OK && !inspect)
		result = guard_outputs(ctx, inputs, n);
	if (result == QUIRE_OK && b.o->report && S_report_open(&b) != QUIRE_OK)
		result = QUIRE_FATAL;
	if (result == QUIRE_OK && b.writer) /* one article per file: no record-only ones */
		ctx_set_writer_flags(b.ctx, b.writer->flags & (b.split ? ~(unsigned)QUIRE_WRITER_RECORDS : ~0u));
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
		if (b.inputs.n || streaming)
			S_pipeline(&b);
		if (streaming)
			pthread_join(disc, NULL);
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
	S_progress(&b, true);
	result = S_result(&b, result);
	result = S_close_output(&b, result);
	b.stats.seconds = S_now() - b.t0;
	if (!S_report_finish(&b, result))
		result = QUIRE_FATAL; /* the report was asked for and could not be written */
	if (stats)
		*stats = b.stats;
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
