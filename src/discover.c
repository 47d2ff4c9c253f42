/* discover.c - expands command-line inputs into the list of files to read:
 * files, directories walked recursively (hidden and _site skipped, symlinked
 * directories not followed), trees a reader claims (a Jekyll site) walked with
 * that reader's filter, and "-" (paths on stdin). Sorted by path, so the run's
 * order never depends on the file system's. It does not open files: a path it
 * cannot stat becomes an input carrying its error, reported in order. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "engine.h"

#define MAX_DEPTH 64

static char *S_strdup(const char *s)
{
	char *r = strdup(s);
	if (!r) abort();
	return r;
}

static char *S_join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *r = malloc(n);
	if (!r) abort();
	if (!*a)
		snprintf(r, n, "%s", b);
	else
		snprintf(r, n, "%s%s%s", a, a[strlen(a) - 1] == '/' ? "" : "/", b);
	return r;
}

/* Keeps a copy of s in the list's pool (roots shared by many inputs). */
static const char *S_pool(qinput_list *l, const char *s)
{
	if (l->npool && strcmp(l->pool[l->npool - 1], s) == 0) return l->pool[l->npool - 1];
	if (l->npool == l->poolcap) {
		l->poolcap = l->poolcap ? l->poolcap * 2 : 16;
		l->pool = realloc(l->pool, l->poolcap * sizeof *l->pool);
		if (!l->pool) abort();
	}
	l->pool[l->npool] = S_strdup(s);
	return l->pool[l->npool++];
}

unsigned qinput_shard(const char *rel, unsigned n)
{
	return (unsigned)(digest_fnv1a(rel) % n) + 1;
}

qinput *qinput_at(const qinput_list *l, size_t i)
{
	return &l->chunk[i / QINPUT_CHUNK][i % QINPUT_CHUNK];
}

static void S_entry_free(qinput *in)
{
	free(in->path);
	free(in->rel);
	free(in->error);
	in->path = in->rel = in->error = NULL;
}

/* Adds an input (or, with a message, one that failed before it could be
 * read: the batch reports it in order), unless it is outside the shard.
 * When another thread reads the list, under its lock, waking the readers. */
static void S_add(qinput_list *l, const char *path, const char *root, const char *rel,
                  const quire_reader_ops *claimed, const char *site, uint64_t size, bool explicit_arg,
                  const char *error)
{
	if (l->shard_n && qinput_shard(rel, l->shard_n) != l->shard_k) return;
	if (l->count_only) {
		if (l->lock) pthread_mutex_lock(l->lock);
		if (l->halt) l->halted = true;
		l->n++;
		l->bytes += size;
		if (l->lock) pthread_mutex_unlock(l->lock);
		return;
	}
	qinput in;
	memset(&in, 0, sizeof in);
	/* most paths are root/rel: not stored twice (a million inputs stay small) */
	char *joined = S_join(root, rel);
	in.path = strcmp(joined, path) == 0 ? NULL : S_strdup(path);
	free(joined);
	in.root = root;
	in.rel = S_strdup(rel);
	in.claimed_by = claimed;
	in.site = site;
	in.size = size;
	in.explicit_arg = explicit_arg;
	in.error = error ? S_strdup(error) : NULL;
	if (l->lock) {
		pthread_mutex_lock(l->lock);
		while (l->max_ahead && l->n - l->released >= l->max_ahead && !l->halt) {
			l->room_waiting = true;
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec++; /* a lost signal costs at most a second */
			pthread_cond_timedwait(l->room, l->lock, &ts);
		}
		l->room_waiting = false;
		if (l->halt) {
			l->halted = true;
			pthread_mutex_unlock(l->lock);
			S_entry_free(&in);
			return;
		}
	}
	size_t k = l->n / QINPUT_CHUNK;
	if (k == l->nchunk) {
		qinput **c = realloc(l->chunk, (l->nchunk + 1) * sizeof *c);
		if (!c) abort();
		l->chunk = c;
		if (!(l->chunk[l->nchunk++] = malloc(QINPUT_CHUNK * sizeof **l->chunk))) abort();
	}
	l->chunk[k][l->n % QINPUT_CHUNK] = in;
	l->n++;
	l->bytes += size;
	if (l->wanted) {
		l->wanted = false;
		for (int c = 0; c < 2; c++)
			if (l->added[c]) pthread_cond_broadcast(l->added[c]);
	}
	if (l->lock) pthread_mutex_unlock(l->lock);
}

static void S_add_error(qinput_list *l, size_t *errors, const char *path, const char *root, const char *rel,
                        const char *fmt, const char *arg, bool explicit_arg)
{
	char msg[512];
	snprintf(msg, sizeof msg, fmt, arg);
	S_add(l, path, root, rel, NULL, NULL, 0, explicit_arg, msg);
	(*errors)++;
}

void qinput_release(qinput_list *l, size_t to)
{
	if (l->count_only) return; /* counted, never stored */
	for (; l->released < to && l->released < l->n; l->released++) {
		size_t i = l->released;
		S_entry_free(qinput_at(l, i));
		if (i % QINPUT_CHUNK == QINPUT_CHUNK - 1) {
			free(l->chunk[i / QINPUT_CHUNK]);
			l->chunk[i / QINPUT_CHUNK] = NULL;
		}
	}
}

void qinput_list_free(qinput_list *l)
{
	qinput_release(l, l->n);
	for (size_t k = 0; k < l->nchunk; k++)
		free(l->chunk[k]);
	for (size_t i = 0; i < l->npool; i++)
		free(l->pool[i]);
	free(l->chunk);
	free(l->pool);
	memset(l, 0, sizeof *l);
}

const char *qinput_path(const qinput *in, char *buf, size_t size)
{
	if (in->path) return in->path;
	snprintf(buf, size, "%s%s%s", in->root, in->root[strlen(in->root) - 1] == '/' ? "" : "/", in->rel);
	return buf;
}

static int S_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is a directory of this name some reader's generated output (skips_dir)? */
static bool S_skipped_dir(const char *name)
{
	for (size_t i = 0; i < quire_reader_count(); i++) {
		const quire_reader_ops *r = quire_reader_at(i);
		if (r->skips_dir && r->skips_dir(name)) return true;
	}
	return false;
}

static const quire_reader_ops *S_claimer(const char *dir)
{
	for (size_t i = 0; i < quire_reader_count(); i++) {
		const quire_reader_ops *r = quire_reader_at(i);
		if (r->claims_tree && r->claims_tree(dir)) return r;
	}
	return NULL;
}

typedef struct walk {
	quire_ctx *ctx;
	qinput_list *out;
	size_t *errors;
	const char *root; /* pooled */
	const quire_reader_ops *claimed;
	const char *site;    /* claimed tree root (pooled) */
	size_t site_rel_len; /* length of the site's path relative to root (+1 for '/') */
} walk;

/* The sorted visible names of a directory (caller frees each and the array). */
static char **S_list_dir(DIR *d, size_t *count)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.') continue; /* hidden, . and .. */
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = realloc(names, cap * sizeof *names);
			if (!names) abort();
		}
		names[n++] = S_strdup(e->d_name);
	}
	if (n) qsort(names, n, sizeof *names, S_cmp);
	*count = n;
	return names;
}

static void S_walk(walk *w, const char *dir, const char *rel, int depth);

static void S_walk_entry(walk *w, const char *name, const char *path, const char *r, int depth)
{
	struct stat st;
	if (lstat(path, &st) != 0) {
		S_add_error(w->out, w->errors, path, w->root, r, "%s", strerror(errno), false);
		return;
	}
	if (S_ISLNK(st.st_mode)) {
		/* a link to a file is read (quire_read_file keeps reads inside the tree);
		 * a link to a directory is not followed; a dangling or looping link fails */
		if (stat(path, &st) != 0) {
			S_add_error(w->out, w->errors, path, w->root, r, "broken symbolic link: %s",
			            strerror(errno), false);
			return;
		}
		if (S_ISDIR(st.st_mode)) {
			if (!w->out->quiet)
				quire_ctx_message(w->ctx, QUIRE_LEVEL_INFO, path,
				                  "symbolic link to a directory: not followed");
			return;
		}
	}
	if (S_ISDIR(st.st_mode)) {
		if (S_skipped_dir(name))
			return; /* a format's generated output (Jekyll's _site): never an input */
		if (w->claimed) {
			if (!w->claimed->tree_filter ||
			    w->claimed->tree_filter(w->ctx, r + w->site_rel_len, 1))
				S_walk(w, path, r, depth + 1);
			return;
		}
		const quire_reader_ops *c = S_claimer(path);
		if (!c) {
			S_walk(w, path, r, depth + 1);
			return;
		}
		walk sub = *w;
		sub.claimed = c;
		sub.site = S_pool(w->out, path);
		sub.site_rel_len = strlen(r) + 1;
		S_walk(&sub, path, r, depth + 1);
		return;
	}
	if (w->claimed && w->claimed->tree_filter && !w->claimed->tree_filter(w->ctx, r + w->site_rel_len, 0))
		return;
	/* regular files and anything else (FIFOs, devices): the batch refuses the
	 * latter with a clear error rather than silently */
	S_add(w->out, path, w->root, r, w->claimed, w->site, S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0,
	      false, NULL);
}

static void S_walk(walk *w, const char *dir, const char *rel, int depth)
{
	if (quire_ctx_interrupted(w->ctx) || w->out->halted) return;
	if (depth > MAX_DEPTH) {
		S_add_error(w->out, w->errors, dir, w->root, rel,
		            "directories nested deeper than %s levels; skipped", "64", false);
		return;
	}
	DIR *d = opendir(dir);
	if (!d) {
		S_add_error(w->out, w->errors, dir, w->root, rel, "cannot read directory: %s",
		            strerror(errno), false);
		return;
	}
	size_t n = 0;
	char **names = S_list_dir(d, &n);
	closedir(d);
	for (size_t i = 0; i < n; i++) {
		if (!w->out->halted) {
			char *path = S_join(dir, names[i]);
			char *r = S_join(rel, names[i]);
			S_walk_entry(w, names[i], path, r, depth);
			free(path);
			free(r);
		}
		free(names[i]);
	}
	free(names);
}

static void S_add_arg(quire_ctx *ctx, const char *arg, qinput_list *out, size_t *errors)
{
	struct stat st;
	if (stat(arg, &st) != 0) {
		S_add_error(out, errors, arg, S_pool(out, "."), arg, "%s", strerror(errno), true);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		walk w = {ctx, out, errors, S_pool(out, arg), S_claimer(arg), NULL, 0};
		if (w.claimed) w.site = w.root;
		S_walk(&w, arg, "", 0);
		return;
	}
	/* a single file: its tree is its directory */
	char *copy = S_strdup(arg);
	char *slash = strrchr(copy, '/');
	const char *root, *rel;
	if (slash) {
		*slash = '\0';
		root = *copy ? copy : "/";
		rel = slash + 1;
	} else {
		root = ".";
		rel = copy;
	}
	S_add(out, arg, S_pool(out, root), rel, NULL, NULL, S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0,
	      true, NULL);
	free(copy);
}

quire_result discover_inputs(quire_ctx *ctx, const char *const *args, size_t n, qinput_list *out,
                             size_t *errors)
{
	*errors = 0;
	for (size_t i = 0; i < n && !quire_ctx_interrupted(ctx) && !out->halted; i++) {
		if (strcmp(args[i], "-") != 0) {
			S_add_arg(ctx, args[i], out, errors);
			continue;
		}
		char *line = NULL;
		size_t cap = 0;
		ssize_t len;
		while (!quire_ctx_interrupted(ctx) && !out->halted &&
		       (len = getline(&line, &cap, stdin)) > 0) {
			while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
				line[--len] = '\0';
			if (len) S_add_arg(ctx, line, out, errors);
		}
		free(line);
	}
	return QUIRE_OK;
}
