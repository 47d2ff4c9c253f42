/* quire.h - the public entry point of libquire: results, the context, run options
 * and the batch engine. The article model is in <quire/article.h>, the reader and
 * writer interfaces in <quire/format.h>, the growable buffer in <quire/buffer.h>.
 *
 * Ownership rules used in every public header:
 *   "caller frees"  - the caller owns the returned object and frees it with the
 *                     named function;
 *   "borrowed"      - the pointer stays valid until the owner is freed or the
 *                     stated call happens; never free it;
 *   "copies"        - the function copies its argument; the caller keeps its own.
 * Out of memory, the one policy of the library: an allocation of bounded size
 * (the article model, buffers, strings, tables) that fails prints
 * "quire: out of memory" and aborts the process, so no function returns NULL or
 * an error for it; an allocation sized by an input (its bytes, a decoded or
 * decompressed body) that fails makes that input QUIRE_FAILED with a message,
 * and the batch goes on; one that fails while setting up a run (context,
 * writer, output file) is QUIRE_FATAL.
 * Thread safety: a quire_ctx may be shared by threads once created (it only reads
 * its options; its caches take a lock). Articles, buffers and reader/writer
 * handles belong to one thread at a time. */
#ifndef QUIRE_QUIRE_H
#define QUIRE_QUIRE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(QUIRE_STATIC)
#define QUIRE_API
#elif defined(QUIRE_BUILDING)
#define QUIRE_API __attribute__((visibility("default")))
#else
#define QUIRE_API
#endif

#define QUIRE_VERSION "0.1.0"

/* Graded results (the libarchive shape). Functions return one of these; the
 * message, when there is one, is in the quire_err passed to the call. */
typedef enum quire_result {
	QUIRE_OK = 0,       /* done */
	QUIRE_EOF = 1,      /* no more articles in this source */
	QUIRE_WARN = -20,   /* done, with warnings on the article or handle */
	QUIRE_FAILED = -25, /* this input or article failed; the run goes on */
	QUIRE_FATAL = -30   /* the run cannot go on (output unwritable, out of memory) */
} quire_result;

/* An error or warning message with its grade. Callers own it (usually on the stack). */
typedef struct quire_err {
	quire_result code;
	char msg[512];
} quire_err;

/* Sets code and a printf-style message; returns code. The message may use
 * err->msg as an argument (to add context). A message about one file starts
 * with that file's path ("PATH: what is wrong"), so whoever shows it adds no
 * path of its own: the CLI prints "quire: " and the message. */
QUIRE_API quire_result quire_err_set(quire_err *err, quire_result code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Resets to QUIRE_OK and an empty message. */
QUIRE_API void quire_err_clear(quire_err *err);

/* Message levels for the context's message sink. */
typedef enum quire_level { QUIRE_LEVEL_ERROR = 0, QUIRE_LEVEL_WARNING = 1, QUIRE_LEVEL_INFO = 2 } quire_level;

/* Options of a run: a typed struct for the core. Strings are borrowed for the life
 * of the context (the context does not copy them). Zero means "default" everywhere. */
typedef struct quire_options {
	const char *from;               /* reader name or NULL/"auto" */
	const char *to;                 /* writer name or NULL: from the output's extension */
	const char *output;             /* output file, or directory with split; "-" = stdout */
	int split;                      /* one output per article under output/ */
	int force;                      /* overwrite existing outputs */
	int skip_existing;              /* with split: keep outputs that already exist */
	int quiet;                      /* only errors on stderr */
	int verbose;                    /* also warnings of articles and info */
	int strict;                     /* any warning fails the article */
	int progress;                   /* -1 auto (stderr is a terminal), 0 off, 1 on */
	const char *title;              /* book/collection title */
	const char *author;             /* default author when an article has none */
	const char *lang;               /* default language (BCP 47) */
	const char *timezone;           /* default zone for dates without offset: IANA name or +hh:mm */
	const char *base_url;           /* URL prefix for articles read from files */
	const char *charset;            /* transport charset for html inputs */
	const char *cover;              /* EPUB cover image path */
	const char *group_by;           /* none|category|month|year */
	unsigned max_articles;          /* EPUB volumes of at most N articles */
	int vertical;                   /* EPUB vertical writing for zh/ja */
	int width;                      /* txt wrapping width in columns; 0 = no wrapping */
	int jobs;                       /* worker threads; 0 = number of cores */
	unsigned shard_k, shard_n;      /* take shard K of N (1-based); 0/0 = all */
	const char *report;             /* JSON report path */
	int drafts;                     /* include Jekyll _drafts */
	int unpublished;                /* include published: false */
	int no_extract;                 /* html: keep the whole body */
	uint64_t max_input_size;        /* bytes; 0 = 256 MiB */
	uint64_t max_output_size;       /* WARC rotation size; 0 = 1 GB */
	const char *const *format_opts; /* "format:key=value" strings */
	size_t n_format_opts;
} quire_options;

typedef struct quire_ctx quire_ctx;

/* Message sink: called for every error, warning and info line, from any thread
 * (calls are serialized by the context). path may be NULL. */
typedef void (*quire_message_fn)(void *userdata, quire_level level, const char *path, const char *msg);

/* Creates a context. The options struct is copied; the strings and arrays it
 * points to (title, timezone, format_opts...) are borrowed for the context's
 * life. Returns NULL and
 * fills err on bad options (unknown time zone, bad shard...). Caller frees with
 * quire_ctx_free. */
QUIRE_API quire_ctx *quire_ctx_new(const quire_options *opts, quire_err *err);
QUIRE_API void quire_ctx_free(quire_ctx *ctx);
/* Borrowed: the options the context was made with. */
QUIRE_API const quire_options *quire_ctx_options(const quire_ctx *ctx);
/* Replaces the message sink (default: "quire: PATH: msg" lines on stderr,
 * filtered by quiet/verbose). */
QUIRE_API void quire_ctx_set_message_fn(quire_ctx *ctx, quire_message_fn fn, void *userdata);
/* Sends a message through the sink. */
QUIRE_API void quire_ctx_message(quire_ctx *ctx, quire_level level, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The value of a per-format option "format:key=value", or NULL. Borrowed. */
QUIRE_API const char *quire_ctx_format_opt(const quire_ctx *ctx, const char *format, const char *key);
/* For readers: the run's writer keeps whole input records (record-only
 * articles are wanted: an archival writer, and no -O warc:records=articles). */
QUIRE_API int quire_ctx_wants_records(const quire_ctx *ctx);
/* For readers: the run's writer embeds images (worth looking them up in the
 * input, e.g. in a WARC's other records). */
QUIRE_API int quire_ctx_wants_resources(const quire_ctx *ctx);
/* The reproducible "now": SOURCE_DATE_EPOCH when set, else 0 (unknown). */
QUIRE_API int64_t quire_ctx_epoch(const quire_ctx *ctx);
/* Asks a running batch to stop (safe from a signal handler). */
QUIRE_API void quire_ctx_interrupt(quire_ctx *ctx);
QUIRE_API int quire_ctx_interrupted(const quire_ctx *ctx);
/* Removes the run's temporary output files at once (async-signal-safe: only
 * unlink). For a second Ctrl-C, before _exit. */
QUIRE_API void quire_ctx_remove_temporaries(quire_ctx *ctx);

/* Summary of a batch run. */
typedef struct quire_stats {
	uint64_t inputs, articles, failed, skipped, warnings, bytes_in;
	double seconds;
	uint64_t records; /* input records kept as they are (record-only, archival writers) */
} quire_stats;

/* Converts every input to the options' output. Inputs are files, directories,
 * Jekyll site roots, WARC files, or "-" (paths on stdin). Returns QUIRE_OK when
 * everything converted, QUIRE_FAILED when some inputs failed (the rest were
 * written), QUIRE_FATAL when nothing could be written. stats may be NULL. */
QUIRE_API quire_result quire_convert(quire_ctx *ctx, const char *const *inputs, size_t n_inputs,
                                     quire_stats *stats);
/* Prints the normalized articles of the inputs on stdout with the registry's
 * dump writer (QUIRE_WRITER_DUMP: JSON Lines, the jsonl writer). Unlike
 * quire_convert it ignores the output options (-o, -t, --split) and a failed
 * input never makes the run fatal. */
QUIRE_API quire_result quire_inspect(quire_ctx *ctx, const char *const *inputs, size_t n_inputs,
                                     quire_stats *stats);

/* Maps a run result to the CLI exit status (0, 1, 2). */
QUIRE_API int quire_exit_status(quire_result r);

/* Library version string, e.g. "0.1.0". Borrowed (static). */
QUIRE_API const char *quire_version(void);
/* The libraries libquire runs with, as "name/version" words separated by
 * spaces ("libxml2/2.9.14 libzip/1.7.3 cmark-gfm/0.29.0.gfm.6 ..."), asked of
 * each library at run time (uchardet, which cannot say: the version built
 * against). Borrowed (static). */
QUIRE_API const char *quire_library_versions(void);

#ifdef __cplusplus
}
#endif
#endif
