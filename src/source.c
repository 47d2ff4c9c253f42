/* source.c - one input, on a worker thread: opened beneath its root, read
 * whole when small, probed (the registry's readers bid on the first bytes;
 * the extension breaks ties), then read article by article, each normalized
 * and given to the writer's prepare before it is queued. It does not know
 * the order of the output (pipeline.c) nor any format. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"

#define MAX_ERRORS_PER_INPUT 100 /* a source failing this often is abandoned */

/* The writer's share of the work that does not depend on the output, done
 * here on the worker thread (see quire_writer_ops.prepare). */
static void S_prepare(batch *b, quire_article *a)
{
	if (b->o->strict && quire_article_warning_count(a)) return; /* will not be written */
	if (b->writer && b->writer->prepare) {
		quire_err err;
		quire_err_clear(&err);
		b->writer->prepare(b->wstate, b->ctx, a,
		                   &err); /* on failure write() does the work and reports */
	}
}

/* Files up to this size are read whole while probing and handed to the
 * reader (quire_source.data): one open and one read per input. */
#define PRELOAD_MAX (1u << 20)

/* Does path end in an extension some reader reads (.md, .html, ...)? */
static bool S_article_extension(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t bl = strlen(base);
	for (size_t r = 0; r < quire_reader_count(); r++) {
		const char *e = quire_reader_at(r)->extensions;
		while (e && *e) {
			size_t n = strcspn(e, " ");
			if (n && bl > n && strncasecmp(base + bl - n, e, n) == 0) return true;
			e += n;
			while (*e == ' ')
				e++;
		}
	}
	return false;
}

/* Chooses the reader of input i by probing its first bytes; *data (the
 * caller frees it) is the whole file when it is small enough to be read
 * here. Only regular files are read: a FIFO would block, a device would
 * never end. */
static const quire_reader_ops *S_choose(batch *b, const qinput *in, const char *path, size_t i,
                                        unsigned char **data, size_t *size)
{
	*data = NULL;
	*size = 0;
	quire_err err;
	quire_err_clear(&err);
	int fd = input_open(in->root, path, &err); /* probing does not leave the tree either */
	if (fd < 0) {
		batch_pushf(b, i, "cannot open: %s", err.msg);
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		batch_pushf(b, i, "not a regular file");
		return NULL;
	}
	const quire_reader_ops *forced = NULL;
	if (b->reader_only || (b->o->from && strcmp(b->o->from, "auto") != 0))
		forced = b->reader_only ? b->reader_only : quire_reader_find(b->o->from);
	unsigned char head[4096], *buf = head;
	size_t want = sizeof head;
	if ((uint64_t)st.st_size <= PRELOAD_MAX && (uint64_t)st.st_size <= ctx_max_input(b->ctx)) {
		want = (size_t)st.st_size;
		if (!(buf = malloc(want + 1))) abort();
	} else if (forced) {
		close(fd);
		return forced;
	}
	size_t n = 0;
	ssize_t r;
	while (n < want && (r = read(fd, buf + n, want - n)) != 0) {
		if (r < 0 && errno == EINTR) continue;
		if (r < 0) {
			batch_pushf(b, i, "cannot read: %s", strerror(errno));
			close(fd);
			if (buf != head) free(buf);
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
	if (forced) return forced;
	const char *junk = sniff_not_article(buf, n < sizeof head ? n : sizeof head);
	if (junk) { /* said when the file was named, or has an article's extension */
		if (in->explicit_arg || S_article_extension(path))
			batch_pushf(b, i, "not an article: %s", junk);
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
	if (!rd &&
	    (in->explicit_arg || S_article_extension(path))) /* the reason, by default and in the report */
		batch_pushf(b, i, "%s", n ? "no reader recognizes this file" : "the file is empty");
	return rd;
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
		batch_pushf(b, i, "%s", err.msg[0] ? err.msg : "cannot open");
		return;
	}
	size_t records = 0, errors = 0, max_records = ctx_max_records(b->ctx);
	while (!batch_stopping(b)) {
		if (records >= max_records) {
			batch_pushf(b, i, "more than %zu records; the rest of this input is skipped",
			            max_records);
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
			batch_pushf(b, i, "%s", err.msg[0] ? err.msg : "unreadable");
			if (r == QUIRE_FATAL) break;
			if (++errors >= MAX_ERRORS_PER_INPUT) {
				batch_pushf(b, i, "%zu errors; the rest of this input is skipped", errors);
				break;
			}
			continue;
		}
		if (!quire_article_get(a, QUIRE_INPUT_PATH)) quire_article_set(a, QUIRE_INPUT_PATH, path);
		if (!quire_article_get(a, QUIRE_INPUT_ROOT)) quire_article_set(a, QUIRE_INPUT_ROOT, in->root);
		if (!quire_article_get(a, QUIRE_READER)) quire_article_set(a, QUIRE_READER, rd->name);
		if (quire_article_is_record_only(a)) { /* an input record kept as it is */
			if (!quire_ctx_wants_records(b->ctx)) {
				quire_article_free(a);
				continue;
			}
		} else {
			quire_article_normalize(b->ctx, a);
			article_check_body(a);
		}
		S_prepare(b, a);
		if (!b->writer || !(b->writer->flags & QUIRE_WRITER_RAW))
			article_release_raw(a); /* nothing reads them: a 50 MB post's bytes */
		if (!batch_push(b, i, a, NULL)) break;
	}
	rd->close(st);
}

void source_read_input(batch *b, size_t i, const qinput *in)
{
	if (in->error) {
		batch_pushf(b, i, "%s", in->error);
		return;
	}
	char buf[PATH_MAX];
	const char *path = qinput_path(in, buf, sizeof buf);
	unsigned char *data;
	size_t size;
	const quire_reader_ops *rd = S_choose(b, in, path, i, &data, &size);
	batch_set_reader(b, i, rd ? rd->name : NULL);
	if (rd) S_read_source(b, i, in, path, rd, data, size);
	free(data);
}
