/* engine.h - what only src/ uses: the batch and its worker pool, discovery,
 * opening inputs beneath their root, --split names, atomic commits, the
 * context's engine side (writer flags, progress line, temporary files) and
 * the model's own normalization steps. No file of formats/ includes it (the
 * build refuses: formats are compiled with QUIRE_FORMAT); what formats may
 * use is in internal.h. */
#ifndef QUIRE_ENGINE_H
#define QUIRE_ENGINE_H

#ifdef QUIRE_FORMAT
#error "engine.h is the engine's: a format includes internal.h"
#endif

#include <pthread.h>

#include "internal.h"

/* ---- ctx.c: the engine's side of the context -------------------------------- */

/* Registers / unregisters a temporary file for removal on interrupt. */
void ctx_track_tmp(quire_ctx *ctx, const char *path);
void ctx_untrack_tmp(quire_ctx *ctx, const char *path);
/* Removes every tracked temporary file (async-signal-safe enough: unlink only). */
void ctx_remove_tmps(quire_ctx *ctx);
/* The batch tells the context what its writer takes (QUIRE_WRITER_* flags),
 * before any reader runs. */
void ctx_set_writer_flags(quire_ctx *ctx, unsigned flags);
/* Draws the progress line on stderr in place (final: ends it with a newline).
 * Messages printed by the default sink clear the line first. */
void ctx_progress_line(quire_ctx *ctx, const char *line, bool final);
/* Articles (and failed records) one input may yield before the batch stops it. */
size_t ctx_max_records(const quire_ctx *ctx);

/* ---- article.c, body.c, resources.c: normalization steps -------------------- */

/* Frees the raw bytes (the size and QUIRE_RAW_DIGEST stay): for the batch,
 * when its writer does not read them (no QUIRE_WRITER_RAW). */
void article_release_raw(quire_article *a);
/* The batch's checks after quire_article_normalize, kept out of its result:
 * a body nested near QUIRE_MAX_DEPTH ("nesting-limit") or without text or
 * image ("empty-body") gets a warning. */
void article_check_body(quire_article *a);
/* Normalizes and sanitizes the body in place (part of quire_article_normalize). */
void body_normalize(quire_ctx *ctx, quire_article *a);
/* Walks the body's <img src>: data: URIs and local files inside the input's
 * tree (QUIRE_INPUT_ROOT; "/x" relative to the root, "x" relative to the
 * input's directory) become article resources whose ref is the src as written;
 * references leaving the tree are refused with a warning. Called by
 * body_normalize before links are resolved. */
void resources_collect(quire_ctx *ctx, quire_article *a);

/* ---- discover.c, output.c: the inputs --------------------------------------- */

/* An input found by discovery. */
typedef struct qinput {
	char *path;                         /* to open, or NULL when it is root/rel (qinput_path) */
	const char *root;                   /* tree root (borrowed from the list's pool) */
	char *rel;                          /* relative to root */
	const quire_reader_ops *claimed_by; /* reader that claimed the tree, or NULL */
	const char *site;                   /* claimed tree root (pool) or NULL */
	char *error;                        /* discovery failed for this path: the message, or NULL */
	uint64_t size;                      /* bytes, from discovery's stat (0 when unknown) */
	bool explicit_arg;                  /* named on the command line */
} qinput;

/* The inputs, in chunks: an entry never moves once added, so a pointer to it
 * stays valid while discovery goes on adding (streaming discovery). */
#define QINPUT_CHUNK 1024
typedef struct qinput_list {
	qinput **chunk; /* chunk[k]: entries k * QINPUT_CHUNK ...; NULL once released */
	size_t nchunk;
	size_t n;        /* entries added */
	size_t released; /* entries below this one are released */
	uint64_t bytes;  /* the sum of their sizes */
	char **pool;     /* roots and site roots shared by many inputs */
	size_t npool, poolcap;
	/* set by the caller before discovery, or zero: */
	unsigned shard_k, shard_n; /* keep only the inputs of shard K/N */
	pthread_mutex_t *lock;     /* taken around each addition (another thread reads) */
	pthread_cond_t *added[2];  /* broadcast after an addition when wanted */
	size_t max_ahead;          /* with a lock: discovery waits on room while this many
	                            * entries are added and not released (flat memory) */
	pthread_cond_t *room;      /* signalled by the consumer when room_waiting */
	bool count_only;           /* only count the inputs and their bytes (n, bytes): no entries */
	bool quiet;                /* print no messages (a second walk of the same inputs) */
	/* under the lock: */
	bool room_waiting; /* discovery waits for room */
	bool wanted;       /* a reader waits for the next input */
	bool halt;         /* set by the consumer: discovery stops adding */
	/* discovery's own: */
	bool halted; /* halt was seen: the walk ends */
} qinput_list;

/* Entry i (< n); the chunk array may move while discovery adds: with a lock
 * set, call with it held. */
qinput *qinput_at(const qinput_list *l, size_t i);
/* Frees the entries below to (written and reported: memory stays flat in
 * the number of inputs); qinput_at must not be asked for them again. With a
 * lock set, call with it held. */
void qinput_release(qinput_list *l, size_t to);
/* The shard an input path (relative to its root) falls in: 1..n. */
unsigned qinput_shard(const char *rel, unsigned n);

/* Opens an input file for reading (O_NONBLOCK, no controlling tty) only when
 * it resolves inside root (when root is given); -1 with err set otherwise.
 * Keeps the root directory open on this thread for the next call (see
 * input_root_release). */
int input_open(const char *root, const char *path, quire_err *err);
/* Closes the calling thread's cached root directory (end of a run, end of a
 * worker). */
void input_root_release(void);

/* Expands the command-line inputs into files, sorted by path within each
 * argument. A path that cannot be read becomes an input carrying an error (so
 * the batch reports it in order); errors counts them. Stops early when the run
 * is interrupted. */
quire_result discover_inputs(quire_ctx *ctx, const char *const *args, size_t n, qinput_list *out,
                             size_t *errors);
void qinput_list_free(qinput_list *l);
/* The path to open: in->path, or root/rel written into buf (PATH_MAX bytes). */
const char *qinput_path(const qinput *in, char *buf, size_t size);

/* ---- splitnames.c, sniff.c, output.c, guard.c -------------------------------- */

/* splitnames.c: stable --split file names (see there). */
typedef struct split_names split_names;
split_names *split_names_open(const char *dir);
/* The article's file name without extension (borrowed until close). */
const char *split_names_get(split_names *s, const quire_article *a);
void split_names_close(split_names *s);
/* The output path of the article in split mode: dir/NAME plus the first of
 * the writer's extensions (space-separated, may be NULL). Caller frees. */
char *split_names_path(split_names *s, const char *dir, const quire_article *a, const char *extensions);

/* sniff.c: what a file is when it cannot be an article (a ZIP, an image, a
 * PDF, a feed, binary bytes), from its first bytes; NULL when it may be one. */
const char *sniff_not_article(const unsigned char *head, size_t n);

/* output.c: commits made durable together. While a context has an
 * out_commits (the batch sets one for --split), quire_out_commit closes the
 * temporary file without fsync and queues it; out_commits_flush (called when
 * the queue is full, and by the batch at the end) makes the queued files
 * durable with one syncfs, then renames each into place. A crash leaves
 * temporaries, never a truncated file under a final name. */
typedef struct out_commits out_commits;
out_commits *out_commits_new(void);
quire_result out_commits_flush(quire_ctx *ctx, out_commits *c, quire_err *err);
/* Removes what is still queued (not flushed) and frees. */
void out_commits_free(quire_ctx *ctx, out_commits *c);
void ctx_set_commits(quire_ctx *ctx, out_commits *c);
out_commits *ctx_commits(const quire_ctx *ctx);

/* guard.c: refuses (QUIRE_FATAL, one message each) an output or report path
 * that is one of the inputs or lies inside an input directory. */
quire_result guard_outputs(quire_ctx *ctx, const char *const *inputs, size_t n);

/* ---- batch.c: the run ------------------------------------------------------- */

/* quire_convert with the registry bypassed: every input is read by reader and
 * written by writer (NULL writer = inspect: the registry's dump writer). For
 * tests of the engine itself. */
quire_result batch_run(quire_ctx *ctx, const char *const *inputs, size_t n, quire_stats *stats,
                       const quire_reader_ops *reader, const quire_writer_ops *writer);

#endif
