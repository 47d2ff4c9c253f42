/* format.h - the reader and writer interfaces and the format registry.
 * A format is one file in formats/ that fills one of these tables and is listed
 * in formats/registry.c. Readers bid on an input's first bytes; the highest bid
 * wins and the extension breaks ties. Writers receive normalized articles one by
 * one, in the run's deterministic order, and must not keep the pointers after
 * write() returns (copy what they need). */
#ifndef QUIRE_FORMAT_H
#define QUIRE_FORMAT_H

#include <quire/article.h>
#include <quire/quire.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a reader's probe sees. */
typedef struct quire_probe {
	const char *path;          /* input path */
	const unsigned char *head; /* first bytes of the file (borrowed) */
	size_t head_len;           /* up to 4096 */
	int in_site;               /* the input lies in a tree claimed by this reader */
} quire_probe;

/* One input to read: a file inside an input tree. All borrowed for the life of
 * the reader handle. */
typedef struct quire_source {
	const char *path; /* path to open */
	const char *root; /* the input tree's root directory (reads must stay inside) */
	const char *rel;  /* path relative to root */
	const char *site; /* the claimed tree root (e.g. Jekyll site) or NULL */
	/* The whole file when the caller has read it already (the batch does for
	 * files up to 1 MiB, while probing), else NULL: quire_source_read gives
	 * these bytes instead of reading the file again. */
	const unsigned char *data;
	size_t size;
} quire_source;

typedef struct quire_reader_ops {
	const char *name;        /* "jekyll", "html", "warc" */
	const char *description; /* one line for `quire formats` */
	const char *extensions;  /* space-separated, with dots: ".md .markdown .html" */
	/* Bid 0..100 on an input (0 = cannot read it). Required. */
	int (*probe)(const quire_probe *p);
	/* Optional: does the directory dir form a tree of this format (a Jekyll site)?
	 * Returns 1 to claim it. */
	int (*claims_tree)(const char *dir);
	/* Optional, for claimed trees: should this entry (path relative to the tree
	 * root) be read? Return 1 to keep, 0 to skip. is_dir for directories. */
	int (*tree_filter)(quire_ctx *ctx, const char *rel, int is_dir);
	/* Opens a source. On success *state is the reader's handle. */
	quire_result (*open)(quire_ctx *ctx, const quire_source *src, void **state, quire_err *err);
	/* Produces the next article (caller owns it) or returns QUIRE_EOF. QUIRE_FAILED
	 * with *out NULL: this article failed, the source may go on; QUIRE_FATAL: the
	 * source is unusable from here. */
	quire_result (*next)(void *state, quire_article **out, quire_err *err);
	void (*close)(void *state);
	/* The -O keys this format takes ("NAME:key=value"), NULL-terminated; NULL
	 * for none. quire_ctx_new refuses any other key under this name. */
	const char *const *option_keys;
	/* Optional: is a directory of this name, anywhere in any input tree, this
	 * format's generated output and never an input (Jekyll's _site)? Returns 1
	 * to have discovery skip it. */
	int (*skips_dir)(const char *name);
} quire_reader_ops;

/* Writer capabilities. */
enum {
	QUIRE_WRITER_MANY = 1u << 0,      /* one output can hold many articles (jsonl, txt, epub, warc) */
	QUIRE_WRITER_BINARY = 1u << 1,    /* output is not text (cannot go to a terminal) */
	QUIRE_WRITER_STDOUT = 1u << 2,    /* can write to "-" (stdout) */
	QUIRE_WRITER_RECORDS = 1u << 3,   /* archival: also takes record-only articles (warc, wacz) */
	QUIRE_WRITER_RESOURCES = 1u << 4, /* embeds the images of articles (epub): readers look them up */
	QUIRE_WRITER_RAW = 1u << 5,       /* reads the articles' raw bytes (quire_article_raw); without
	                                   * it the batch frees them once read (size and digest stay) */
	QUIRE_WRITER_DUMP = 1u << 6       /* writes the whole model (jsonl): quire_inspect runs the
	                                   * registry's first such writer to stdout */
};

typedef struct quire_writer_ops {
	const char *name; /* "epub", "txt", ... */
	const char *description;
	/* Space-separated, with dots (".warc.gz .warc"): an output name ending in
	 * one selects the writer (the longest match wins); the first one names
	 * the files of --split. */
	const char *extensions;
	unsigned flags;
	/* Opens an output at path (the final name; writers write through quire_out so
	 * the final name appears only when complete). */
	quire_result (*open)(quire_ctx *ctx, const char *path, void **state, quire_err *err);
	/* Optional: the output-independent part of writing one article (laying
	 * out text, serializing JSON, rendering a page), run by the batch engine on
	 * worker threads, concurrently and in any order, before the article is
	 * handed to write(). state is what open() made (NULL with --split, where
	 * each article opens its own output): prepare runs while write() runs on
	 * the writer's thread, so it may read only what the writer publishes for
	 * it under its own lock. It may read the article and the context's
	 * options, and attaches its product with quire_article_set_prepared();
	 * write() uses that product when present and does the work itself when it
	 * is absent, so the bytes are the same either way. It may then drop what
	 * write() will not need (the body, with quire_article_set_body(a, NULL)),
	 * so the memory is freed while it is still in the worker's cache. */
	quire_result (*prepare)(void *state, quire_ctx *ctx, quire_article *a, quire_err *err);
	/* Writes one normalized article (borrowed for the call only). */
	quire_result (*write)(void *state, const quire_article *a, quire_err *err);
	/* Finishes: commits the outputs. Frees the state in every case. */
	quire_result (*close)(void *state, quire_err *err);
	/* Abandons: removes temporary files, frees the state. */
	void (*abort)(void *state);
	/* The -O keys this format takes ("NAME:key=value"), NULL-terminated; NULL
	 * for none. quire_ctx_new refuses any other key under this name; the
	 * values are checked by open(). */
	const char *const *option_keys;
} quire_writer_ops;

/* Registry (formats/registry.c). Returned tables are static (borrowed). */
QUIRE_API size_t quire_reader_count(void);
QUIRE_API const quire_reader_ops *quire_reader_at(size_t i);
QUIRE_API const quire_reader_ops *quire_reader_find(const char *name);
QUIRE_API size_t quire_writer_count(void);
QUIRE_API const quire_writer_ops *quire_writer_at(size_t i);
QUIRE_API const quire_writer_ops *quire_writer_find(const char *name);
/* The writer whose extension ends path (".warc.gz" before ".gz"), or NULL. */
QUIRE_API const quire_writer_ops *quire_writer_for_path(const char *path);
/* Picks the reader for a file by probing its first bytes; NULL when none bids. */
QUIRE_API const quire_reader_ops *quire_reader_choose(const quire_probe *p, int *bid);

/* Atomic output file: bytes go to a temporary file beside the final name;
 * commit fsyncs and renames, discard removes. Temporary files are registered
 * with the context so an interrupted run removes them. */
typedef struct quire_out quire_out;
/* Opens path for writing (path "-" = stdout, committed by flushing). Fails if
 * path exists and the run has no --force. Caller ends it with commit or discard. */
QUIRE_API quire_out *quire_out_open(quire_ctx *ctx, const char *path, quire_err *err);
QUIRE_API quire_result quire_out_write(quire_out *o, const void *data, size_t len, quire_err *err);
/* Bytes written so far. */
QUIRE_API uint64_t quire_out_size(const quire_out *o);
/* The temporary file's path (for libraries that want a path, e.g. libzip, or
 * to read the bytes back); borrowed. quire_out_write buffers up to 256 KB:
 * this call writes the buffer out first, so the file then holds every byte. */
QUIRE_API const char *quire_out_tmp_path(const quire_out *o);
/* The final path; borrowed. */
QUIRE_API const char *quire_out_path(const quire_out *o);
QUIRE_API quire_result quire_out_commit(quire_out *o, quire_err *err);
QUIRE_API void quire_out_discard(quire_out *o);

/* Reads a whole file inside root (refusing paths that leave it, symlinks
 * included) up to the context's input size limit. Caller frees *data with free(). */
QUIRE_API quire_result quire_read_file(quire_ctx *ctx, const char *root, const char *path,
                                       unsigned char **data, size_t *size, quire_err *err);

/* The whole input of src: a copy of src->data when it is set, else
 * quire_read_file(ctx, src->root, src->path, ...). Caller frees *data with
 * free(); it is NUL-terminated (not counted in *size). */
QUIRE_API quire_result quire_source_read(quire_ctx *ctx, const quire_source *src, unsigned char **data,
                                         size_t *size, quire_err *err);

#ifdef __cplusplus
}
#endif
#endif
