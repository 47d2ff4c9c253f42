/* output.c - atomic output files (quire_out) and bounded reads of input files
 * (quire_read_file). Outputs go to a temporary name beside the final one and
 * are fsynced and renamed on commit, so no truncated file ever carries a final
 * name (an existing device or FIFO such as /dev/null is written in place, never
 * replaced); inputs are read only from inside their tree, only when regular
 * files, and only up to the input size limit. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/openat2.h>
#include <sys/syscall.h>
#endif

#include "engine.h"

struct quire_out {
	quire_ctx *ctx;
	char *path;
	char *tmp;
	int fd;
	int is_stdout;
	int in_place;     /* an existing device/FIFO: written directly, nothing to rename */
	uint64_t size;    /* bytes accepted (written or buffered) */
	uint64_t written; /* bytes in the file */
	uint64_t flushed; /* bytes whose write-back has been started */
	char *wbuf;       /* small writes gather here: one system call per 256 KB */
	size_t wlen;
	int wfail;      /* errno of a failed write not reported yet, or 0 */
	int unbuffered; /* a terminal: every write goes out at once */
};

#define WBUF_SIZE (256u << 10)

/* Write-back is started every this many bytes, so the fsync at commit has
 * little left to wait for (on a 100 MB output it otherwise takes ~0.15 s of
 * the run, with every core idle). */
#define WRITEBACK_STEP (8u << 20)

static void S_start_writeback(quire_out *o)
{
#ifdef SYNC_FILE_RANGE_WRITE
	if (o->is_stdout || o->in_place || o->written - o->flushed < WRITEBACK_STEP) return;
	(void)sync_file_range(o->fd, (off_t)o->flushed, (off_t)(o->written - o->flushed),
	                      SYNC_FILE_RANGE_WRITE);
	o->flushed = o->written;
#else
	(void)o;
#endif
}

quire_out *quire_out_open(quire_ctx *ctx, const char *path, quire_err *err)
{
	quire_out *o = calloc(1, sizeof *o);
	if (!o) {
		quire_err_set(err, QUIRE_FATAL, "out of memory");
		return NULL;
	}
	o->ctx = ctx;
	o->path = strdup(path);
	if (strcmp(path, "-") == 0) {
		o->fd = STDOUT_FILENO;
		o->is_stdout = 1;
		o->unbuffered = isatty(STDOUT_FILENO);
		return o;
	}
	const quire_options *opt = ctx ? quire_ctx_options(ctx) : NULL;
	struct stat st;
	if (stat(path, &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
		/* a device or FIFO is never renamed over: the bytes gather in a private
		 * temporary file (libraries such as libzip want a real file) and are
		 * copied to the device on commit */
		const char *dir = getenv("TMPDIR");
		size_t n = strlen(dir && *dir ? dir : "/tmp") + 32;
		if (!(o->tmp = malloc(n))) {
			quire_err_set(err, QUIRE_FATAL, "out of memory");
			goto fail;
		}
		snprintf(o->tmp, n, "%s/.quire-out-XXXXXX", dir && *dir ? dir : "/tmp");
		o->fd = mkostemp(o->tmp, O_CLOEXEC);
		if (o->fd < 0) {
			quire_err_set(err, QUIRE_FATAL, "%s: cannot create a temporary file: %s", o->tmp,
			              strerror(errno));
			goto fail;
		}
		o->in_place = 1;
		ctx_track_tmp(ctx, o->tmp);
		return o;
	}
	if (lstat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			quire_err_set(err, QUIRE_FATAL, "%s: is a directory", path);
			goto fail;
		}
		if (!opt || !opt->force) {
			quire_err_set(err, QUIRE_FATAL, "%s: exists (use --force to overwrite)", path);
			goto fail;
		}
	}
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	const char *base = slash ? slash + 1 : path;
	size_t n = dirlen + strlen(base) + 32;
	o->tmp = malloc(n);
	if (!o->tmp) {
		quire_err_set(err, QUIRE_FATAL, "out of memory");
		goto fail;
	}
	snprintf(o->tmp, n, "%.*s.%s.tmp-XXXXXX", (int)dirlen, path, base);
	o->fd = mkostemp(o->tmp, O_CLOEXEC);
	if (o->fd < 0) {
		quire_err_set(err, QUIRE_FATAL, "%s: cannot create: %s", path, strerror(errno));
		goto fail;
	}
	fchmod(o->fd, 0644);
	ctx_track_tmp(ctx, o->tmp);
	return o;
fail:
	free(o->tmp);
	free(o->path);
	free(o);
	return NULL;
}

/* Writes bytes to the file; false with errno set on failure. */
static bool S_write_all(quire_out *o, const char *p, size_t len)
{
	while (len) {
		ssize_t w = write(o->fd, p, len);
		if (w < 0) {
			if (errno == EINTR) continue;
			return false;
		}
		p += w;
		len -= (size_t)w;
		o->written += (uint64_t)w;
	}
	S_start_writeback(o);
	return true;
}

/* Empties the buffer into the file; a failure is kept for the next write or
 * the commit to report. */
static bool S_flush(quire_out *o)
{
	if (o->wfail) return false;
	bool ok = S_write_all(o, o->wbuf, o->wlen);
	o->wlen = 0;
	if (!ok) o->wfail = errno ? errno : EIO;
	return ok;
}

static quire_result S_failed(quire_out *o, quire_err *err)
{
	return quire_err_set(err, QUIRE_FATAL, "%s: write failed: %s", o->path, strerror(o->wfail));
}

quire_result quire_out_write(quire_out *o, const void *data, size_t len, quire_err *err)
{
	if (o->wfail) return S_failed(o, err);
	o->size += len;
	if (o->unbuffered) {
		if (!S_write_all(o, data, len)) {
			o->wfail = errno ? errno : EIO;
			return S_failed(o, err);
		}
		return QUIRE_OK;
	}
	if (o->wlen + len <= WBUF_SIZE) {
		if (!o->wbuf && !(o->wbuf = malloc(WBUF_SIZE))) abort();
		memcpy(o->wbuf + o->wlen, data, len);
		o->wlen += len;
		return QUIRE_OK;
	}
	if (!S_flush(o)) return S_failed(o, err);
	if (len < WBUF_SIZE) {
		memcpy(o->wbuf, data, len);
		o->wlen = len;
		return QUIRE_OK;
	}
	if (!S_write_all(o, data, len)) {
		o->wfail = errno ? errno : EIO;
		return S_failed(o, err);
	}
	return QUIRE_OK;
}

uint64_t quire_out_size(const quire_out *o)
{
	return o->size;
}

const char *quire_out_tmp_path(const quire_out *o)
{
	/* whoever asks for the file will read or write it directly: the buffered
	 * bytes go first (a failure is reported by the commit) */
	if (o->wlen) S_flush((quire_out *)o);
	return o->tmp ? o->tmp : o->path;
}

const char *quire_out_path(const quire_out *o)
{
	return o->path;
}

static void S_free(quire_out *o)
{
	free(o->wbuf);
	free(o->tmp);
	free(o->path);
	free(o);
}

/* Copies the temporary file of an in-place output to its device or FIFO. */
static quire_result S_copy_to(quire_out *o, quire_err *err)
{
	int dst = open(o->path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (dst < 0) return quire_err_set(err, QUIRE_FATAL, "%s: cannot open: %s", o->path, strerror(errno));
	quire_result r = QUIRE_OK;
	char buf[65536];
	ssize_t n;
	lseek(o->fd, 0, SEEK_SET);
	while (r == QUIRE_OK && (n = read(o->fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR) continue;
		if (n < 0) {
			r = quire_err_set(err, QUIRE_FATAL, "%s: cannot read back: %s", o->tmp,
			                  strerror(errno));
			break;
		}
		for (ssize_t off = 0; off < n && r == QUIRE_OK;) {
			ssize_t w = write(dst, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR) continue;
			if (w < 0)
				r = quire_err_set(err, QUIRE_FATAL, "%s: write failed: %s", o->path,
				                  strerror(errno));
			else
				off += w;
		}
	}
	if (close(dst) != 0 && r == QUIRE_OK)
		r = quire_err_set(err, QUIRE_FATAL, "%s: write failed: %s", o->path, strerror(errno));
	return r;
}

/* Renames the temporary file to the final name. Without --force the final
 * name must still be free at this moment (RENAME_NOREPLACE, or link() where
 * the file system lacks it): of two runs writing the same output, the second
 * to finish fails instead of silently replacing the first one's file. */
static quire_result S_rename(quire_ctx *ctx, const char *tmp, const char *path, quire_err *err)
{
	const quire_options *opt = ctx ? quire_ctx_options(ctx) : NULL;
	if (opt && opt->force) {
		if (rename(tmp, path) != 0)
			return quire_err_set(err, QUIRE_FATAL, "%s: cannot rename into place: %s", path,
			                     strerror(errno));
		return QUIRE_OK;
	}
	int rc = renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE);
	if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
		rc = link(tmp, path);
		if (rc == 0) unlink(tmp);
	}
	if (rc == 0) return QUIRE_OK;
	if (errno == EEXIST)
		return quire_err_set(
		    err, QUIRE_FATAL,
		    "%s: appeared while this run was writing it (another run?); not replaced, use --force",
		    path);
	return quire_err_set(err, QUIRE_FATAL, "%s: cannot rename into place: %s", path, strerror(errno));
}

/* ---- commits made durable together (--split) --------------------------------- */

/* Completed temporaries waiting for one syncfs and their renames: one fsync
 * per small file was most of the time of a --split run to disk. At most
 * OUT_COMMITS_MAX wait (each keeps its slot in the context's temporary
 * registry, so an interrupted run still removes them). */
#define OUT_COMMITS_MAX 48

struct out_commits {
	char *tmp[OUT_COMMITS_MAX], *path[OUT_COMMITS_MAX];
	size_t n;
};

out_commits *out_commits_new(void)
{
	out_commits *c = calloc(1, sizeof *c);
	if (!c) abort();
	return c;
}

quire_result out_commits_flush(quire_ctx *ctx, out_commits *c, quire_err *err)
{
	if (!c || !c->n) return QUIRE_OK;
	quire_result r = QUIRE_OK;
	/* the temporaries of a split run share one file system: one syncfs makes
	 * them all durable before any gets its final name */
	char *slash = strrchr(c->tmp[0], '/');
	char *dir = slash ? strndup(c->tmp[0], (size_t)(slash - c->tmp[0]) + 1) : strdup(".");
	int fd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	if (fd < 0 || syncfs(fd) != 0)
		r = quire_err_set(err, QUIRE_FATAL, "%s: cannot make the outputs durable: %s",
		                  dir ? dir : ".", strerror(errno));
	if (fd >= 0) close(fd);
	free(dir);
	for (size_t i = 0; i < c->n; i++) {
		quire_err e2;
		quire_err_clear(&e2);
		if (r == QUIRE_OK && S_rename(ctx, c->tmp[i], c->path[i], &e2) != QUIRE_OK) {
			*err = e2;
			r = e2.code;
		}
		if (r != QUIRE_OK) unlink(c->tmp[i]);
		ctx_untrack_tmp(ctx, c->tmp[i]);
		free(c->tmp[i]);
		free(c->path[i]);
	}
	c->n = 0;
	return r;
}

void out_commits_free(quire_ctx *ctx, out_commits *c)
{
	if (!c) return;
	for (size_t i = 0; i < c->n; i++) {
		unlink(c->tmp[i]);
		ctx_untrack_tmp(ctx, c->tmp[i]);
		free(c->tmp[i]);
		free(c->path[i]);
	}
	free(c);
}

quire_result quire_out_commit(quire_out *o, quire_err *err)
{
	quire_result r = QUIRE_OK;
	if (o->wlen) S_flush(o);
	if (o->wfail) r = S_failed(o, err);
	if (o->is_stdout) {
		S_free(o);
		return r;
	}
	if (o->in_place) {
		if (r == QUIRE_OK) r = S_copy_to(o, err);
		close(o->fd);
		unlink(o->tmp);
		ctx_untrack_tmp(o->ctx, o->tmp);
		S_free(o);
		return r;
	}
	out_commits *c = o->ctx ? ctx_commits(o->ctx) : NULL;
	if (c && r == QUIRE_OK) { /* durable later, with the others (out_commits_flush) */
		if (close(o->fd) != 0)
			r = quire_err_set(err, QUIRE_FATAL, "%s: write failed: %s", o->path, strerror(errno));
		if (r == QUIRE_OK) {
			c->tmp[c->n] = o->tmp;
			c->path[c->n] = o->path;
			c->n++;
			o->tmp = o->path = NULL;
			quire_ctx *ctx = o->ctx;
			S_free(o);
			return c->n == OUT_COMMITS_MAX ? out_commits_flush(ctx, c, err) : QUIRE_OK;
		}
		unlink(o->tmp);
		ctx_untrack_tmp(o->ctx, o->tmp);
		S_free(o);
		return r;
	}
	if (r == QUIRE_OK && fsync(o->fd) != 0 && errno != EINVAL)
		r = quire_err_set(err, QUIRE_FATAL, "%s: write failed: %s", o->path, strerror(errno));
	if (close(o->fd) != 0 && r == QUIRE_OK)
		r = quire_err_set(err, QUIRE_FATAL, "%s: write failed: %s", o->path, strerror(errno));
	if (r == QUIRE_OK) r = S_rename(o->ctx, o->tmp, o->path, err);
	if (r != QUIRE_OK) unlink(o->tmp);
	ctx_untrack_tmp(o->ctx, o->tmp);
	S_free(o);
	return r;
}

void quire_out_discard(quire_out *o)
{
	if (!o) return;
	if (!o->is_stdout) {
		close(o->fd);
		unlink(o->tmp);
		ctx_untrack_tmp(o->ctx, o->tmp);
	}
	S_free(o);
}

/* True when real path p lies inside real directory root. */
static bool S_inside(const char *root, const char *p)
{
	size_t n = strlen(root);
	if (n == 1 && root[0] == '/') return true;
	return strncmp(root, p, n) == 0 && (p[n] == '/' || p[n] == '\0');
}

/* O_NONBLOCK: a FIFO must not block the open; only regular files are read */
#define READ_FLAGS (O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)

/* The directory of the last root this thread opened an input under: most
 * inputs share their root, and resolving it again for each one costs two
 * system calls and a walk of the whole path (whose dentries both cores would
 * then share). Each thread has its own; input_root_release closes it. */
static _Thread_local int S_root_fd = -1;
static _Thread_local char S_root_name[PATH_MAX];

void input_root_release(void)
{
	if (S_root_fd >= 0) close(S_root_fd);
	S_root_fd = -1;
	S_root_name[0] = '\0';
}

static int S_root_dir(const char *root, size_t n)
{
	if (S_root_fd >= 0 && strncmp(S_root_name, root, n) == 0 && S_root_name[n] == '\0') return S_root_fd;
	input_root_release();
	if (n >= sizeof S_root_name) return -1;
	memcpy(S_root_name, root, n);
	S_root_name[n] = '\0';
	S_root_fd = open(S_root_name, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (S_root_fd < 0) S_root_name[0] = '\0';
	return S_root_fd;
}

/* Linux 5.6+: opens path (which starts with root) in one lookup that cannot
 * leave root (RESOLVE_BENEATH: no "..", no symlink out of it). -1 with errno
 * EXDEV when it would leave, ENOSYS when the kernel cannot say; then the
 * caller checks with realpath, which also admits absolute symlinks that point
 * inside the tree. */
static int S_open_beneath(const char *root, const char *path)
{
#if defined(__linux__) && defined(SYS_openat2) && defined(RESOLVE_BENEATH)
	size_t n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		n--;
	if (strncmp(root, path, n) != 0 || (path[n] != '/' && !(n == 1 && root[0] == '/'))) {
		errno = ENOSYS;
		return -1;
	}
	const char *rel = path + n;
	while (*rel == '/')
		rel++;
	int dir = S_root_dir(root, n);
	if (dir < 0) {
		errno = ENOSYS;
		return -1;
	}
	struct open_how how;
	memset(&how, 0, sizeof how);
	how.flags = (uint64_t)READ_FLAGS;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	int fd = (int)syscall(SYS_openat2, dir, *rel ? rel : ".", &how, sizeof how);
	int e = errno;
	if (fd < 0 && (e == ENOSYS || e == EPERM || e == EINVAL || e == E2BIG || e == EAGAIN))
		e = ENOSYS; /* seccomp, old kernel: use the portable check */
	errno = e;
	return fd;
#else
	(void)root;
	(void)path;
	errno = ENOSYS;
	return -1;
#endif
}

/* Opens path for reading only when it resolves inside root (when given). */
int input_open(const char *root, const char *path, quire_err *err)
{
	if (!root) {
		int fd = open(path, READ_FLAGS);
		if (fd < 0) quire_err_set(err, QUIRE_FAILED, "%s", strerror(errno));
		return fd;
	}
	int fd = S_open_beneath(root, path);
	if (fd >= 0) return fd;
	if (errno != ENOSYS && errno != EXDEV) {
		quire_err_set(err, QUIRE_FAILED, "%s", strerror(errno));
		return -1;
	}
	char rroot[PATH_MAX], rpath[PATH_MAX];
	if (!realpath(path, rpath)) {
		quire_err_set(err, QUIRE_FAILED, "%s", strerror(errno));
		return -1;
	}
	if (!realpath(root, rroot) || !S_inside(rroot, rpath)) {
		quire_err_set(err, QUIRE_FAILED, "refused: the file lies outside the input tree");
		return -1;
	}
	fd = open(rpath, READ_FLAGS);
	if (fd < 0) quire_err_set(err, QUIRE_FAILED, "%s", strerror(errno));
	return fd;
}

quire_result quire_read_file(quire_ctx *ctx, const char *root, const char *path, unsigned char **data,
                             size_t *size, quire_err *err)
{
	*data = NULL;
	*size = 0;
	int fd = input_open(root, path, err);
	if (fd < 0) return QUIRE_FAILED;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return quire_err_set(err, QUIRE_FAILED, "not a regular file");
	}
	uint64_t max = ctx_max_input(ctx);
	if ((uint64_t)st.st_size > max) {
		close(fd);
		return quire_err_set(err, QUIRE_FAILED, "file is %lld bytes, over the %llu-byte input limit",
		                     (long long)st.st_size, (unsigned long long)max);
	}
	size_t want = (size_t)st.st_size;
	unsigned char *buf = malloc(want + 1);
	if (!buf) {
		close(fd);
		return quire_err_set(err, QUIRE_FAILED, "out of memory for %zu bytes", want);
	}
	size_t got = 0;
	while (got < want) {
		ssize_t r = read(fd, buf + got, want - got);
		if (r < 0 && errno == EINTR) continue;
		if (r <= 0) break;
		got += (size_t)r;
	}
	close(fd);
	if (got != want) {
		free(buf);
		return quire_err_set(err, QUIRE_FAILED, "short read");
	}
	buf[got] = '\0';
	*data = buf;
	*size = got;
	return QUIRE_OK;
}

quire_result quire_source_read(quire_ctx *ctx, const quire_source *src, unsigned char **data, size_t *size,
                               quire_err *err)
{
	if (!src->data) return quire_read_file(ctx, src->root, src->path, data, size, err);
	*size = 0;
	if (!(*data = malloc(src->size + 1)))
		return quire_err_set(err, QUIRE_FAILED, "out of memory for %zu bytes", src->size);
	memcpy(*data, src->data, src->size);
	(*data)[src->size] = '\0';
	*size = src->size;
	return QUIRE_OK;
}
