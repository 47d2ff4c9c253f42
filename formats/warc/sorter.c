/* sorter.c - sorted, deduplicated CDXJ lines in bounded memory. Lines gather
 * in a buffer; when it passes LS_RUN_BYTES it is sorted and written out as a
 * run (a temporary file beside the output, removed in every case, and by an
 * interrupt as any quire_out is); finishing merges the runs and the last
 * buffer line by line. So an index over millions of records costs a few
 * megabytes of memory, not 0.4 KB per record. Lines compare as bytes (what
 * `LC_ALL=C sort` and pywb expect). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warc.h"

#define LS_RUN_BYTES (2u << 20)
#define LS_MAX_RUNS                                                                                          \
	32 /* 64 MB of index lines; past that the runs are merged into one                                   \
	    * first (every run is a temporary file the context tracks) */

struct line_sorter {
	quire_ctx *ctx;
	char *near;       /* runs are named after this path */
	quire_buf buf;    /* unsorted lines, each ending in '\n' */
	quire_out **runs; /* sorted runs on disk */
	size_t nruns;
	unsigned serial;
};

line_sorter *ls_new(quire_ctx *ctx, const char *near)
{
	line_sorter *s = calloc(1, sizeof *s);
	if (!s || !(s->near = strdup(near)) || !(s->runs = calloc(LS_MAX_RUNS, sizeof *s->runs))) abort();
	s->ctx = ctx;
	return s;
}

static int S_cmp(const void *x, const void *y)
{
	const char *const *a = x, *const *b = y;
	size_t an = strcspn(*a, "\n"), bn = strcspn(*b, "\n");
	int c = memcmp(*a, *b, an < bn ? an : bn);
	return c ? c : (an > bn) - (an < bn);
}

/* The buffer's lines sorted, duplicates dropped: pointers into it (caller
 * frees the array, not the lines). No copy of the lines is made. */
static const char **S_sort(const quire_buf *in, size_t *count)
{
	size_t n = 0;
	for (size_t i = 0; i < in->len; i++)
		n += in->data[i] == '\n';
	*count = 0;
	if (!n) return NULL;
	const char **v = malloc(n * sizeof *v);
	if (!v) abort();
	size_t k = 0;
	for (size_t i = 0; i < in->len; i++)
		if (i == 0 || in->data[i - 1] == '\n') v[k++] = in->data + i;
	qsort(v, k, sizeof *v, S_cmp);
	size_t m = 0;
	for (size_t i = 0; i < k; i++)
		if (!m || S_cmp(&v[i], &v[m - 1]) != 0) v[m++] = v[i];
	*count = m;
	return v;
}

/* Writes sorted lines to out in chunks of about 1 MB. */
static quire_result S_write_lines(const char **v, size_t n, quire_out *out, quire_err *err)
{
	quire_buf chunk = QUIRE_BUF_INIT;
	quire_result r = QUIRE_OK;
	for (size_t i = 0; i < n && r == QUIRE_OK; i++) {
		quire_buf_append(&chunk, v[i], strcspn(v[i], "\n") + 1);
		if (chunk.len >= (1u << 20) || i + 1 == n) {
			r = quire_out_write(out, chunk.data, chunk.len, err);
			quire_buf_reset(&chunk);
		}
	}
	quire_buf_free(&chunk);
	return r;
}

/* One input of the merge: a run file or the sorted buffer. */
typedef struct src {
	FILE *f;
	const char **mem; /* the buffer's sorted lines (pointers) */
	size_t nmem, next;
	char *line; /* current line with its '\n', or NULL when done */
	size_t cap, len;
} src;

static void S_advance(src *r)
{
	if (r->f) {
		ssize_t n = getline(&r->line, &r->cap, r->f);
		if (n <= 0) {
			free(r->line);
			r->line = NULL;
			return;
		}
		r->len = (size_t)n;
		return;
	}
	if (r->next >= r->nmem) {
		r->line = NULL;
		return;
	}
	r->line = (char *)r->mem[r->next++];
	r->len = strcspn(r->line, "\n") + 1;
}

/* Merges the runs (and the nmem sorted lines mem) into out, dropping duplicates. */
static quire_result S_merge(line_sorter *s, const char **mem, size_t nmem, quire_out *out, quire_err *err)
{
	size_t n = s->nruns + 1;
	src *v = calloc(n, sizeof *v);
	if (!v) abort();
	quire_result r = QUIRE_OK;
	for (size_t i = 0; i < s->nruns && r == QUIRE_OK; i++) {
		if (!(v[i].f = fopen(quire_out_tmp_path(s->runs[i]), "rb")))
			r = quire_err_set(err, QUIRE_FATAL, "cannot read back an index run: %s",
			                  strerror(errno));
		else
			S_advance(&v[i]);
	}
	v[s->nruns].mem = mem;
	v[s->nruns].nmem = nmem;
	S_advance(&v[s->nruns]);
	quire_buf last = QUIRE_BUF_INIT, chunk = QUIRE_BUF_INIT;
	bool have_last = false;
	while (r == QUIRE_OK) {
		src *min = NULL;
		for (size_t i = 0; i < n; i++) {
			if (!v[i].line) continue;
			const char *a = v[i].line;
			if (!min) {
				min = &v[i];
				continue;
			}
			const char *b = min->line;
			if (S_cmp(&a, &b) < 0) min = &v[i];
		}
		if (!min) break;
		const char *ml = min->line;
		const char *ll = last.data;
		if (!have_last || S_cmp(&ml, &ll) != 0) {
			quire_buf_append(&chunk, min->line, min->len);
			if (min->line[min->len - 1] != '\n') quire_buf_putc(&chunk, '\n');
			quire_buf_reset(&last);
			quire_buf_append(&last, min->line, min->len);
			have_last = true;
		}
		if (chunk.len >= (1u << 20)) {
			r = quire_out_write(out, chunk.data, chunk.len, err);
			quire_buf_reset(&chunk);
		}
		S_advance(min);
	}
	if (r == QUIRE_OK && chunk.len) r = quire_out_write(out, chunk.data, chunk.len, err);
	for (size_t i = 0; i < n; i++) {
		if (v[i].f) {
			if (v[i].line) free(v[i].line);
			fclose(v[i].f);
		}
	}
	free(v);
	quire_buf_free(&last);
	quire_buf_free(&chunk);
	return r;
}

/* Writes the buffer out as one more sorted run. */
static quire_result S_spill(line_sorter *s, quire_err *err)
{
	if (s->nruns == LS_MAX_RUNS) { /* merge every run into one first */
		char path[4096];
		snprintf(path, sizeof path, "%s.run%u", s->near, s->serial++);
		quire_out *all = quire_out_open(s->ctx, path, err);
		if (!all) return QUIRE_FATAL;
		quire_result r = S_merge(s, NULL, 0, all, err);
		for (size_t i = 0; i < s->nruns; i++)
			quire_out_discard(s->runs[i]);
		s->runs[0] = all;
		s->nruns = 1;
		if (r != QUIRE_OK) return r;
	}
	char path[4096];
	snprintf(path, sizeof path, "%s.run%u", s->near, s->serial++);
	quire_out *o = quire_out_open(s->ctx, path, err);
	if (!o) return QUIRE_FATAL;
	s->runs[s->nruns++] = o;
	size_t n;
	const char **v = S_sort(&s->buf, &n);
	quire_result r = S_write_lines(v, n, o, err);
	free(v);
	quire_buf_reset(&s->buf);
	return r;
}

quire_result ls_add(line_sorter *s, const char *lines, size_t len, quire_err *err)
{
	if (!s->buf.cap)
		quire_buf_grow(&s->buf, LS_RUN_BYTES + (64u << 10)); /* once: no doubling past the run size */
	quire_buf_append(&s->buf, lines, len);
	if (s->buf.len < LS_RUN_BYTES) return QUIRE_OK;
	return S_spill(s, err);
}

size_t ls_runs(const line_sorter *s)
{
	return s->nruns;
}

quire_result ls_finish(line_sorter *s, quire_out *out, quire_err *err)
{
	size_t n;
	const char **v = S_sort(&s->buf, &n);
	quire_result r = s->nruns ? S_merge(s, v, n, out, err) : S_write_lines(v, n, out, err);
	free(v);
	quire_buf_free(&s->buf);
	return r;
}

void ls_free(line_sorter *s)
{
	if (!s) return;
	for (size_t i = 0; i < s->nruns; i++)
		quire_out_discard(s->runs[i]);
	free(s->runs);
	quire_buf_free(&s->buf);
	free(s->near);
	free(s);
}
