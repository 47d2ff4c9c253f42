/* batch.h - the batch engine's shared state, for its files only: the run
 * (batch.c), the pipeline of workers and ordered slots (pipeline.c), reading
 * an input (source.c), the report (report.c) and the progress line
 * (progress.c). Engine-only, like engine.h. */
#ifndef QUIRE_BATCH_H
#define QUIRE_BATCH_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "engine.h"

typedef struct item {
	quire_article *article; /* or NULL for an error message */
	size_t bytes;           /* raw size of the article (queue accounting) */
	char *msg;
	int worker; /* the worker that made it, which also frees it */
	struct item *next;
} item;

typedef struct slot {
	item *head, *tail;
	size_t count; /* articles queued */
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

/* progress.c: the progress line's state */
typedef struct progress {
	bool on, color;
	double last;
} progress;

/* One run. The pipeline's part is under lock where marked; the writer side
 * belongs to the thread draining the slots; report.c and progress.c keep
 * their own fields at the end. */
typedef struct batch {
	quire_ctx *ctx;
	const quire_options *o;
	qinput_list inputs;
	/* shared between workers and the writer, under lock */
	slot *ring;
	size_t window, next_job, consumed, queued, queue_max;
	uint64_t queued_bytes;
	atomic_bool stop; /* set under lock; workers also look without it */
	item **garbage;   /* per worker: items written, for their maker to free */
	pthread_mutex_t lock;
	pthread_cond_t cond;  /* workers wait on it */
	pthread_cond_t wcond; /* the writer waits on it */
	pthread_cond_t room;  /* discovery waits on it (see qinput_list.max_ahead) */
	bool writer_waiting;
	size_t writer_slot; /* the input the writer waits for */
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
	quire_stats stats;
	size_t inputs_warned;    /* inputs with at least one warning */
	uint64_t warnings_shown; /* warnings printed as they came */
	bool discovering;        /* the discovery thread is still adding inputs (under lock) */
	qinput_list count;       /* with progress: the inputs counted ahead of discovery */
	bool counted;            /* the count is complete (under lock) */
	const char *const *args;
	size_t nargs;
	int jobs;
	double t0, t_discovered;
	/* report.c's own */
	quire_out *report;
	size_t reported; /* inputs written to it */
	/* progress.c's own */
	progress prog;
} batch;

/* batch.c: seconds on the monotonic clock */
double batch_now(void);

/* pipeline.c: the workers and the ordered hand-off. */
quire_result pipeline_run(batch *b);
/* True when the run stops (a fatal error, an interrupt). */
bool batch_stopping(const batch *b);
/* Queues an article (or, with a NULL, an error message) for input i; false
 * when the run is stopping (the article is freed). */
bool batch_push(batch *b, size_t i, quire_article *a, const char *msg);
void batch_pushf(batch *b, size_t i, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Records the reader chosen for input i (NULL: none), for the report. */
void batch_set_reader(batch *b, size_t i, const char *name);

/* source.c: reads input i (probe, reader, normalize, prepare), queueing its
 * articles and errors. */
void source_read_input(batch *b, size_t i, const qinput *in);

/* report.c: the --report file, streamed input by input. */
quire_result report_open(batch *b);
void report_input(batch *b, const qinput *in, const char *status, const char *reader, const entry *e,
                  double seconds);
/* Ends and commits the report; false when it could not be written. */
bool report_finish(batch *b, quire_result result);
/* Adds msg to one of an entry's JSON arrays (at most a few per input). */
void report_entry_msg(entry *e, quire_buf *arr, const char *msg);

/* progress.c: the progress line on stderr. */
void progress_init(batch *b);
void progress_draw(batch *b, bool final);

#endif
