/* ctx.c - the run context: options, message sink, per-format options, the
 * reproducible clock, the interrupt flag, per-run caches and the registry of
 * temporary files. Shared by all worker threads; every mutable part is locked
 * or atomic. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "engine.h"

#define TMP_SLOTS 64
#define TMP_PATH_MAX 4096

typedef struct cache_entry {
	char *kind, *key;
	void *value;
	void (*destroy)(void *);
	struct cache_entry *next;
} cache_entry;

struct quire_ctx {
	quire_options opts;
	quire_message_fn message_fn;
	void *message_ud;
	pthread_mutex_t message_lock;
	pthread_mutex_t cache_lock;
	cache_entry *cache;
	int64_t epoch;
	atomic_int interrupted;
	unsigned writer_flags; /* set by the batch before the readers start */
	out_commits *commits;  /* --split: the batch's queue of commits (writer thread only) */
	bool progress_shown;   /* a progress line is on stderr (under message_lock) */
	/* temporary files: fixed slots so a signal handler can walk them */
	atomic_int tmp_used[TMP_SLOTS];
	char tmp_path[TMP_SLOTS][TMP_PATH_MAX];
	pthread_mutex_t tmp_lock;
};

quire_result quire_err_set(quire_err *err, quire_result code, const char *fmt, ...)
{
	if (!err) return code;
	err->code = code;
	/* through a copy: a caller may pass err->msg itself as an argument
	 * ("context: %s", err->msg) to add to the message */
	char msg[sizeof err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	memcpy(err->msg, msg, sizeof msg);
	return code;
}

void quire_err_clear(quire_err *err)
{
	if (!err) return;
	err->code = QUIRE_OK;
	err->msg[0] = '\0';
}

const char *quire_version(void)
{
	return QUIRE_VERSION;
}

int quire_exit_status(quire_result r)
{
	switch (r) {
	case QUIRE_OK:
	case QUIRE_EOF:
	case QUIRE_WARN:
		return 0;
	case QUIRE_FAILED:
		return 1;
	case QUIRE_FATAL:
	default:
		return 2;
	}
}

static void S_put_escaped(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fprintf(stderr, "\\x%02x", *p);
		else
			fputc(*p, stderr);
	}
}

static void S_default_message(void *ud, quire_level level, const char *path, const char *msg)
{
	quire_ctx *ctx = ud;
	if (level == QUIRE_LEVEL_WARNING && ctx->opts.quiet) return;
	if (level == QUIRE_LEVEL_INFO && !ctx->opts.verbose) return;
	const char *tag = level == QUIRE_LEVEL_WARNING ? "warning: " : "";
	if (ctx->progress_shown) {
		fputs("\r\033[K", stderr);
		ctx->progress_shown = false;
	}
	/* one line each, whatever bytes a file name or an input put in it: controls
	 * (ESC, BEL, newlines) are shown as \xNN, never sent to the terminal */
	fputs("quire: ", stderr);
	if (path) {
		S_put_escaped(path);
		fputs(": ", stderr);
	}
	fputs(tag, stderr);
	S_put_escaped(msg);
	fputc('\n', stderr);
}

static bool S_valid_zone(const char *tz)
{
	int32_t off;
	if (qtime_parse_offset(tz, &off)) return true;
	qtz *z = qtz_load(tz);
	if (!z) return false;
	qtz_free(z);
	return true;
}

/* Whether keys (NULL-terminated, or NULL) holds the n bytes at key. */
static bool S_has_key(const char *const *keys, const char *key, size_t n)
{
	for (size_t i = 0; keys && keys[i]; i++)
		if (strlen(keys[i]) == n && strncmp(keys[i], key, n) == 0) return true;
	return false;
}

/* Lists the keys of both tables into buf ("level, records"). */
static void S_list_keys(const char *const *a, const char *const *b, char *buf, size_t size)
{
	buf[0] = '\0';
	const char *const *lists[2] = {a, b};
	for (int l = 0; l < 2; l++)
		for (size_t i = 0; lists[l] && lists[l][i]; i++) {
			size_t used = strlen(buf);
			snprintf(buf + used, size - used, "%s%s", used ? ", " : "", lists[l][i]);
		}
}

/* "format:key=value": the format is a reader or writer of the registry and
 * declares the key (its option_keys). */
static quire_result S_check_format_opt(const char *s, quire_err *err)
{
	const char *colon = strchr(s, ':');
	const char *eq = colon ? strchr(colon, '=') : NULL;
	if (!colon || colon == s || !eq || eq == colon + 1)
		return quire_err_set(err, QUIRE_FATAL, "-O %s: want format:key=value", s);
	char name[64];
	snprintf(name, sizeof name, "%.*s", (int)(colon - s < 63 ? colon - s : 63), s);
	const quire_writer_ops *w = quire_writer_find(name);
	const quire_reader_ops *r = quire_reader_find(name);
	if (!w && !r)
		return quire_err_set(err, QUIRE_FATAL,
		                     "-O %s: no format is named '%s' (quire formats lists them)", s, name);
	const char *const *wk = w ? w->option_keys : NULL, *const *rk = r ? r->option_keys : NULL;
	size_t kl = (size_t)(eq - colon - 1);
	if (S_has_key(wk, colon + 1, kl) || S_has_key(rk, colon + 1, kl)) return QUIRE_OK;
	char keys[256];
	S_list_keys(wk, rk, keys, sizeof keys);
	if (!keys[0]) return quire_err_set(err, QUIRE_FATAL, "-O %s: %s takes no -O options", s, name);
	return quire_err_set(err, QUIRE_FATAL, "-O %s: %s has no key '%.*s' (its keys: %s)", s, name, (int)kl,
	                     colon + 1, keys);
}

quire_ctx *quire_ctx_new(const quire_options *opts, quire_err *err)
{
	/* libxml2 initializes its globals lazily; two worker threads doing it at
	 * once race (a leaked mutex under LeakSanitizer). Do it here, before any
	 * worker exists. Idempotent. */
	xmlInitParser();
	quire_ctx *ctx = calloc(1, sizeof *ctx);
	if (!ctx) {
		quire_err_set(err, QUIRE_FATAL, "out of memory");
		return NULL;
	}
	if (opts) ctx->opts = *opts;
	ctx->message_fn = S_default_message;
	ctx->message_ud = ctx;
	pthread_mutex_init(&ctx->message_lock, NULL);
	pthread_mutex_init(&ctx->cache_lock, NULL);
	pthread_mutex_init(&ctx->tmp_lock, NULL);
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		long long v = strtoll(sde, &end, 10);
		if (*end == '\0' && v >= 0) ctx->epoch = v;
	}
	if (ctx->opts.timezone && !S_valid_zone(ctx->opts.timezone)) {
		quire_err_set(err, QUIRE_FATAL, "unknown time zone '%s' (IANA name or +hh:mm)",
		              ctx->opts.timezone);
		quire_ctx_free(ctx);
		return NULL;
	}
	if ((ctx->opts.shard_n || ctx->opts.shard_k) &&
	    (ctx->opts.shard_n == 0 || ctx->opts.shard_k == 0 || ctx->opts.shard_k > ctx->opts.shard_n)) {
		quire_err_set(err, QUIRE_FATAL, "bad shard %u/%u (want K/N with 1 <= K <= N)",
		              ctx->opts.shard_k, ctx->opts.shard_n);
		quire_ctx_free(ctx);
		return NULL;
	}
	for (size_t i = 0; i < ctx->opts.n_format_opts; i++) {
		if (S_check_format_opt(ctx->opts.format_opts[i], err) != QUIRE_OK) {
			quire_ctx_free(ctx);
			return NULL;
		}
	}
	return ctx;
}

void quire_ctx_free(quire_ctx *ctx)
{
	if (!ctx) return;
	for (cache_entry *e = ctx->cache, *next; e; e = next) {
		next = e->next;
		if (e->destroy) e->destroy(e->value);
		free(e->kind);
		free(e->key);
		free(e);
	}
	pthread_mutex_destroy(&ctx->message_lock);
	pthread_mutex_destroy(&ctx->cache_lock);
	pthread_mutex_destroy(&ctx->tmp_lock);
	free(ctx);
}

const quire_options *quire_ctx_options(const quire_ctx *ctx)
{
	return &ctx->opts;
}

void quire_ctx_set_message_fn(quire_ctx *ctx, quire_message_fn fn, void *userdata)
{
	ctx->message_fn = fn ? fn : S_default_message;
	ctx->message_ud = fn ? userdata : ctx;
}

void quire_ctx_message(quire_ctx *ctx, quire_level level, const char *path, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* one line each: fold any newline a message may carry */
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r') *p = ' ';
	pthread_mutex_lock(&ctx->message_lock);
	ctx->message_fn(ctx->message_ud, level, path, msg);
	pthread_mutex_unlock(&ctx->message_lock);
}

const char *quire_ctx_format_opt(const quire_ctx *ctx, const char *format, const char *key)
{
	size_t fl = strlen(format), kl = strlen(key);
	const char *found = NULL;
	for (size_t i = 0; i < ctx->opts.n_format_opts; i++) {
		const char *s = ctx->opts.format_opts[i];
		if (strncmp(s, format, fl) == 0 && s[fl] == ':' && strncmp(s + fl + 1, key, kl) == 0 &&
		    s[fl + 1 + kl] == '=')
			found = s + fl + 1 + kl + 1; /* the last one wins */
	}
	return found;
}

int64_t quire_ctx_epoch(const quire_ctx *ctx)
{
	return ctx->epoch;
}

void quire_ctx_interrupt(quire_ctx *ctx)
{
	atomic_store(&ctx->interrupted, 1);
}

int quire_ctx_interrupted(const quire_ctx *ctx)
{
	return atomic_load(&((quire_ctx *)ctx)->interrupted);
}

const char *ctx_default_zone(const quire_ctx *ctx)
{
	return ctx ? ctx->opts.timezone : NULL;
}

uint64_t ctx_max_input(const quire_ctx *ctx)
{
	return ctx && ctx->opts.max_input_size ? ctx->opts.max_input_size : (uint64_t)256 << 20;
}

uint64_t ctx_max_decompressed(const quire_ctx *ctx)
{
	return ctx_max_input(ctx);
}

size_t ctx_max_records(const quire_ctx *ctx)
{
	(void)ctx;
	return 1000000;
}

size_t ctx_max_yaml_aliases(const quire_ctx *ctx)
{
	(void)ctx;
	return 1000;
}

void ctx_progress_line(quire_ctx *ctx, const char *line, bool final)
{
	pthread_mutex_lock(&ctx->message_lock);
	fprintf(stderr, "\r\033[K%s%s", line, final ? "\n" : "");
	fflush(stderr);
	ctx->progress_shown = !final;
	pthread_mutex_unlock(&ctx->message_lock);
}

void *ctx_cache(quire_ctx *ctx, const char *kind, const char *key,
                void *(*make)(quire_ctx *, const char *key), void (*destroy)(void *))
{
	pthread_mutex_lock(&ctx->cache_lock);
	for (cache_entry *e = ctx->cache; e; e = e->next) {
		if (strcmp(e->kind, kind) == 0 && strcmp(e->key, key) == 0) {
			void *v = e->value;
			pthread_mutex_unlock(&ctx->cache_lock);
			return v;
		}
	}
	cache_entry *e = calloc(1, sizeof *e);
	void *v = NULL;
	if (e) {
		e->kind = strdup(kind);
		e->key = strdup(key);
		v = make(ctx, key);
		e->value = v;
		e->destroy = destroy;
		e->next = ctx->cache;
		ctx->cache = e;
	}
	pthread_mutex_unlock(&ctx->cache_lock);
	return v;
}

void ctx_track_tmp(quire_ctx *ctx, const char *path)
{
	if (!ctx || strlen(path) >= TMP_PATH_MAX) return;
	pthread_mutex_lock(&ctx->tmp_lock);
	for (int i = 0; i < TMP_SLOTS; i++) {
		if (!atomic_load(&ctx->tmp_used[i])) {
			memcpy(ctx->tmp_path[i], path, strlen(path) + 1);
			atomic_store(&ctx->tmp_used[i], 1);
			break;
		}
	}
	pthread_mutex_unlock(&ctx->tmp_lock);
}

void ctx_untrack_tmp(quire_ctx *ctx, const char *path)
{
	if (!ctx) return;
	pthread_mutex_lock(&ctx->tmp_lock);
	for (int i = 0; i < TMP_SLOTS; i++) {
		if (atomic_load(&ctx->tmp_used[i]) && strcmp(ctx->tmp_path[i], path) == 0) {
			atomic_store(&ctx->tmp_used[i], 0);
			break;
		}
	}
	pthread_mutex_unlock(&ctx->tmp_lock);
}

/* Removes the files "PATH.XXXXXX" beside a temporary file PATH: libzip
 * writes an archive to such a file (mkstemp) and renames it over PATH only at
 * zip_close, so an interrupt during the close would leave it. Only system
 * calls on stack buffers: this runs in a signal handler. */
static void S_remove_zip_temps(const char *path)
{
#ifdef SYS_getdents64
	char dir[TMP_PATH_MAX];
	size_t n = strlen(path);
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t bl = n - (size_t)(base - path);
	if (slash) {
		size_t dl = slash == path ? 1 : (size_t)(slash - path);
		memcpy(dir, path, dl);
		dir[dl] = '\0';
	} else {
		dir[0] = '.';
		dir[1] = '\0';
	}
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) return;
	char buf[8192];
	for (;;) {
		long got = syscall(SYS_getdents64, fd, buf, sizeof buf);
		if (got <= 0) break;
		for (long off = 0; off < got;) {
			struct linux_dirent64 {
				uint64_t d_ino;
				int64_t d_off;
				unsigned short d_reclen;
				unsigned char d_type;
				char d_name[];
			} *d = (struct linux_dirent64 *)(void *)(buf + off);
			const char *name = d->d_name;
			if (strlen(name) == bl + 7 && memcmp(name, base, bl) == 0 && name[bl] == '.')
				unlinkat(fd, name, 0);
			off += d->d_reclen;
		}
	}
	close(fd);
#else
	(void)path;
#endif
}

void ctx_remove_tmps(quire_ctx *ctx)
{
	for (int i = 0; i < TMP_SLOTS; i++) {
		if (atomic_load(&ctx->tmp_used[i])) {
			unlink(ctx->tmp_path[i]);
			S_remove_zip_temps(ctx->tmp_path[i]);
		}
	}
}

void quire_ctx_remove_temporaries(quire_ctx *ctx)
{
	ctx_remove_tmps(ctx);
}

void ctx_set_writer_flags(quire_ctx *ctx, unsigned flags)
{
	ctx->writer_flags = flags;
}

void ctx_clear_writer_flags(quire_ctx *ctx, unsigned flags)
{
	ctx->writer_flags &= ~flags;
}

int quire_ctx_wants_records(const quire_ctx *ctx)
{
	return (ctx->writer_flags & QUIRE_WRITER_RECORDS) != 0;
}

int quire_ctx_wants_resources(const quire_ctx *ctx)
{
	return (ctx->writer_flags & QUIRE_WRITER_RESOURCES) != 0;
}

void ctx_set_commits(quire_ctx *ctx, out_commits *c)
{
	ctx->commits = c;
}

out_commits *ctx_commits(const quire_ctx *ctx)
{
	return ctx->commits;
}
