/* test_batch.c - the batch engine on its own, with a fake reader and writer
 * (batch_run bypasses the registry): output order independent of the number
 * of jobs, a bounded number of articles alive at once, failed inputs reported
 * while the rest is written, an interrupt and a fatal writer leaving no
 * temporary or truncated file, the JSON report, and split names. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine.h"

/* ---- fake formats: the file says what to produce ------------------------------
 * "n=K sleep=US" : K articles, each after US microseconds; "fail": open fails;
 * "bad=J": article J fails. Titles are "REL#j". */
static atomic_long g_alive, g_max_alive, g_made, g_written;
static atomic_long g_interrupt_at, g_fatal_at;
static quire_ctx *g_ctx;

typedef struct fstate {
	char rel[256];
	long n, sleep_us, bad, j;
	unsigned char *data;
	size_t size;
} fstate;

static int F_probe(const quire_probe *p)
{
	(void)p;
	return 50;
}

static quire_result F_open(quire_ctx *ctx, const quire_source *src, void **state, quire_err *err)
{
	fstate *f = calloc(1, sizeof *f);
	if (quire_read_file(ctx, src->root, src->path, &f->data, &f->size, err) != QUIRE_OK) {
		free(f);
		return QUIRE_FAILED;
	}
	if (strstr((char *)f->data, "fail")) {
		free(f->data);
		free(f);
		return quire_err_set(err, QUIRE_FAILED, "told to fail");
	}
	f->n = 1;
	f->bad = -1;
	sscanf((char *)f->data, "n=%ld sleep=%ld", &f->n, &f->sleep_us);
	const char *bad = strstr((char *)f->data, "bad=");
	if (bad) f->bad = atol(bad + 4);
	snprintf(f->rel, sizeof f->rel, "%s", src->rel);
	*state = f;
	return QUIRE_OK;
}

static quire_result F_next(void *state, quire_article **out, quire_err *err)
{
	fstate *f = state;
	*out = NULL;
	if (f->j >= f->n) return QUIRE_EOF;
	long j = f->j++;
	if (f->sleep_us) usleep((useconds_t)f->sleep_us);
	if (j == f->bad) return quire_err_set(err, QUIRE_FAILED, "article %ld is bad", j);
	quire_article *a = quire_article_new();
	char title[300];
	snprintf(title, sizeof title, "%s#%ld", f->rel, j);
	quire_article_set(a, QUIRE_TITLE, title);
	quire_article_set_raw(a, f->data, f->size, "text/plain");
	long alive = atomic_fetch_add(&g_alive, 1) + 1;
	long max = atomic_load(&g_max_alive);
	while (alive > max && !atomic_compare_exchange_weak(&g_max_alive, &max, alive))
		;
	long made = atomic_fetch_add(&g_made, 1) + 1;
	if (g_interrupt_at && made == g_interrupt_at) quire_ctx_interrupt(g_ctx);
	*out = a;
	return QUIRE_OK;
}

static void F_close(void *state)
{
	fstate *f = state;
	free(f->data);
	free(f);
}

static const quire_reader_ops F_reader = {"fake", "fake", ".t", F_probe, NULL, NULL, F_open, F_next, F_close};

static quire_result W_open(quire_ctx *ctx, const char *path, void **state, quire_err *err)
{
	quire_out *o = quire_out_open(ctx, path, err);
	*state = o;
	return o ? QUIRE_OK : QUIRE_FATAL;
}

static quire_result W_write(void *state, const quire_article *a, quire_err *err)
{
	atomic_fetch_sub(&g_alive, 1);
	long w = atomic_fetch_add(&g_written, 1) + 1;
	if (g_fatal_at && w == g_fatal_at) return quire_err_set(err, QUIRE_FATAL, "disk on fire");
	char line[400];
	int n = snprintf(line, sizeof line, "%s\n", quire_article_get(a, QUIRE_TITLE));
	return quire_out_write(state, line, (size_t)n, err);
}

static quire_result W_close(void *state, quire_err *err)
{
	return quire_out_commit(state, err);
}

static void W_abort(void *state)
{
	quire_out_discard(state);
}

static const quire_writer_ops F_writer = {.name = "fake",
                                          .description = "fake",
                                          .extensions = ".out",
                                          .flags = QUIRE_WRITER_MANY,
                                          .open = W_open,
                                          .write = W_write,
                                          .close = W_close,
                                          .abort = W_abort};

/* ---- helpers -------------------------------------------------------------------- */

static char g_dir[256];

static void S_write(const char *rel, const char *content)
{
	char p[512];
	snprintf(p, sizeof p, "%s/in/%s", g_dir, rel);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static int S_setup(void **st)
{
	(void)st;
	snprintf(g_dir, sizeof g_dir, "/tmp/quire-batch-XXXXXX");
	assert_non_null(mkdtemp(g_dir));
	char p[512];
	snprintf(p, sizeof p, "%s/in", g_dir);
	mkdir(p, 0755);
	atomic_store(&g_alive, 0);
	atomic_store(&g_max_alive, 0);
	atomic_store(&g_made, 0);
	atomic_store(&g_written, 0);
	atomic_store(&g_interrupt_at, 0);
	atomic_store(&g_fatal_at, 0);
	return 0;
}

static int S_teardown(void **st)
{
	(void)st;
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static quire_result S_run(int jobs, const char *out, const char *report, int split, quire_stats *stats)
{
	quire_options o;
	memset(&o, 0, sizeof o);
	o.jobs = jobs;
	o.progress = 0;
	o.quiet = 1;
	o.output = out;
	o.report = report;
	o.split = split;
	o.force = 1;
	quire_err err;
	quire_ctx *ctx = quire_ctx_new(&o, &err);
	assert_non_null(ctx);
	g_ctx = ctx;
	char in[512];
	snprintf(in, sizeof in, "%s/in", g_dir);
	const char *inputs[] = {in};
	quire_result r = batch_run(ctx, inputs, 1, stats, &F_reader, &F_writer);
	g_ctx = NULL;
	quire_ctx_free(ctx);
	return r;
}

static char *S_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) return NULL;
	quire_buf b = QUIRE_BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		quire_buf_append(&b, chunk, n);
	fclose(f);
	quire_buf_putc(&b, '\0');
	if (len) *len = b.len - 1;
	return quire_buf_detach(&b, NULL);
}

static size_t S_count_tmp(const char *dir)
{
	DIR *d = opendir(dir);
	size_t n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (strstr(e->d_name, ".tmp-")) n++;
	if (d) closedir(d);
	return n;
}

static size_t S_lines(const char *s)
{
	size_t n = 0;
	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

/* ---- tests ------------------------------------------------------------------------ */

static void test_order_independent_of_jobs(void **st)
{
	(void)st;
	char name[64], body[64];
	for (int i = 0; i < 120; i++) {
		snprintf(name, sizeof name, "p%03d.t", i);
		snprintf(body, sizeof body, "n=%d sleep=%d", 1 + i % 4, (i * 7919) % 3 * 300);
		S_write(name, body);
	}
	char out[512], *ref = NULL;
	int jobs[] = {1, 2, 7};
	for (int k = 0; k < 3; k++) {
		snprintf(out, sizeof out, "%s/out%d.out", g_dir, jobs[k]);
		quire_stats stats;
		assert_int_equal(S_run(jobs[k], out, NULL, 0, &stats), QUIRE_OK);
		assert_int_equal(stats.inputs, 120);
		char *got = S_slurp(out, NULL);
		assert_non_null(got);
		if (!ref) {
			ref = got;
			assert_int_equal(S_lines(ref), 120 / 4 * (1 + 2 + 3 + 4));
			assert_non_null(strstr(ref, "p000.t#0\np001.t#0\np001.t#1\np002.t#0\n"));
		} else {
			assert_string_equal(got, ref);
			free(got);
		}
	}
	free(ref);
}

static void test_memory_bounded(void **st)
{
	(void)st;
	char name[64];
	for (int i = 0; i < 1500; i++) {
		snprintf(name, sizeof name, "p%04d.t", i);
		S_write(name, "n=1");
	}
	S_write("zbig.t", "n=5000"); /* one input with many articles */
	char out[512];
	snprintf(out, sizeof out, "%s/all.out", g_dir);
	quire_stats stats;
	assert_int_equal(S_run(4, out, NULL, 0, &stats), QUIRE_OK);
	assert_int_equal(stats.articles, 6500);
	/* 4 workers: at most 4 x 32 queued outside the current slot and 16 in
	 * it, as many written but not yet freed by the worker that made them
	 * (workers free their own articles), one in the hands of each worker and
	 * one of the writer: far below the 6,500 articles of the run */
	long max = atomic_load(&g_max_alive);
	if (max > 2 * (4 * 32 + 16) + 4 + 1) fail_msg("%ld articles alive at once", max);
}

static void test_failures_reported(void **st)
{
	(void)st;
	S_write("a.t", "n=2");
	S_write("b.t", "fail");
	S_write("c.t", "n=3 sleep=0 bad=1");
	S_write("d.t", "n=1");
	mkfifo(strcat(strcpy((char[600]){0}, g_dir), "/in/e.t"), 0644);
	char out[512], rep[512];
	snprintf(out, sizeof out, "%s/x.out", g_dir);
	snprintf(rep, sizeof rep, "%s/r.json", g_dir);
	quire_stats stats;
	assert_int_equal(S_run(2, out, rep, 0, &stats), QUIRE_FAILED);
	char *got = S_slurp(out, NULL);
	assert_string_equal(got, "a.t#0\na.t#1\nc.t#0\nc.t#2\nd.t#0\n");
	free(got);
	assert_int_equal(stats.failed, 3); /* b, c#1, the FIFO */
	char *r = S_slurp(rep, NULL);
	assert_non_null(r);
	assert_non_null(strstr(r, "b.t\",\"status\":\"failed\",\"reader\":\"fake\""));
	assert_non_null(strstr(r, "c.t\",\"status\":\"partial\""));
	assert_non_null(strstr(r, "told to fail"));
	assert_non_null(strstr(r, "e.t\",\"status\":\"failed\",\"reader\":null"));
	assert_non_null(strstr(r, "not a regular file"));
	assert_non_null(strstr(r, "\"articles\":5,"));
	assert_non_null(strstr(r, "\"interrupted\":false}"));
	free(r);
}

static void test_interrupt(void **st)
{
	(void)st;
	char name[64];
	for (int i = 0; i < 400; i++) {
		snprintf(name, sizeof name, "p%03d.t", i);
		S_write(name, "n=1 sleep=200");
	}
	atomic_store(&g_interrupt_at, 100);
	char out[512], rep[512];
	snprintf(out, sizeof out, "%s/i.out", g_dir);
	snprintf(rep, sizeof rep, "%s/i.json", g_dir);
	quire_stats stats;
	assert_int_equal(S_run(3, out, rep, 0, &stats), QUIRE_FAILED);
	/* a stopped run publishes nothing: no partial output under the final name */
	assert_int_equal(access(out, F_OK), -1);
	assert_true(stats.articles < 400);
	char *r = S_slurp(rep, NULL);
	assert_non_null(strstr(r, "\"interrupted\":true}"));
	assert_non_null(strstr(r, "\"status\":\"not-converted\""));
	free(r);
	assert_int_equal(S_count_tmp(g_dir), 0);
}

static void test_fatal_writer(void **st)
{
	(void)st;
	char name[64];
	for (int i = 0; i < 50; i++) {
		snprintf(name, sizeof name, "p%03d.t", i);
		S_write(name, "n=1");
	}
	atomic_store(&g_fatal_at, 10);
	char out[512], rep[512];
	snprintf(out, sizeof out, "%s/f.out", g_dir);
	snprintf(rep, sizeof rep, "%s/f.json", g_dir);
	assert_int_equal(S_run(2, out, rep, 0, NULL), QUIRE_FATAL);
	assert_int_equal(access(out, F_OK), -1);
	char *r = S_slurp(rep, NULL);
	assert_non_null(strstr(r, "disk on fire"));
	assert_non_null(strstr(r, "\"status\":\"fatal\",\"exit\":2"));
	free(r);
	assert_int_equal(S_count_tmp(g_dir), 0);
}

static void test_split_names_and_resume(void **st)
{
	(void)st;
	S_write("a.t", "n=3");
	S_write("b.t", "n=1");
	char out[512], p[600];
	snprintf(out, sizeof out, "%s/split", g_dir);
	quire_stats stats;
	assert_int_equal(S_run(2, out, NULL, 1, &stats), QUIRE_OK);
	assert_int_equal(stats.articles, 4);
	/* slugs come from the input's name; a second article with the name gets a
	 * digest of its identity (not its position) */
	DIR *d = opendir(out);
	size_t n = 0;
	struct dirent *e;
	p[0] = '\0';
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.') continue;
		n++;
		char q[600];
		snprintf(q, sizeof q, "%s/%s", out, e->d_name);
		char *c = S_slurp(q, NULL);
		if (c && strcmp(c, "a.t#1\n") == 0) snprintf(p, sizeof p, "%s", q);
		/* a, then a-DIGEST and a-DIGEST-2 (the fake articles of one input
		 * share their identity), and b */
		assert_true(strcmp(e->d_name, "a.out") == 0 || strcmp(e->d_name, "b.out") == 0 ||
		            (strncmp(e->d_name, "a-", 2) == 0 && strlen(e->d_name) >= 2 + 8 + 4));
		free(c);
	}
	closedir(d);
	assert_int_equal(n, 4);
	/* resume: remove one output, keep the others */
	assert_true(p[0] != '\0');
	assert_int_equal(unlink(p), 0);
	quire_options o;
	memset(&o, 0, sizeof o);
	o.jobs = 2;
	o.quiet = 1;
	o.output = out;
	o.split = 1;
	o.skip_existing = 1;
	quire_err err;
	quire_ctx *ctx = quire_ctx_new(&o, &err);
	char in[512];
	snprintf(in, sizeof in, "%s/in", g_dir);
	const char *inputs[] = {in};
	assert_int_equal(batch_run(ctx, inputs, 1, &stats, &F_reader, &F_writer), QUIRE_OK);
	quire_ctx_free(ctx);
	assert_int_equal(stats.articles, 1);
	assert_int_equal(stats.skipped, 3);
	char *got = S_slurp(p, NULL);
	assert_string_equal(got, "a.t#1\n");
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_order_independent_of_jobs, S_setup, S_teardown),
	    cmocka_unit_test_setup_teardown(test_memory_bounded, S_setup, S_teardown),
	    cmocka_unit_test_setup_teardown(test_failures_reported, S_setup, S_teardown),
	    cmocka_unit_test_setup_teardown(test_interrupt, S_setup, S_teardown),
	    cmocka_unit_test_setup_teardown(test_fatal_writer, S_setup, S_teardown),
	    cmocka_unit_test_setup_teardown(test_split_names_and_resume, S_setup, S_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
