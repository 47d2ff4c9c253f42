/* test_sorter.c - the CDXJ line sorter behind the warc and wacz indexes: the
 * output equals a sort -u of the input by bytes whether everything fits in
 * memory or spills to several runs, and no run file is left behind. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../formats/warc/warc.h"

static char g_dir[256];

static int S_setup(void **st)
{
	(void)st;
	snprintf(g_dir, sizeof g_dir, "/tmp/quire-test-sorter-XXXXXX");
	return mkdtemp(g_dir) ? 0 : -1;
}

static int S_teardown(void **st)
{
	(void)st;
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int S_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t S_files(void)
{
	DIR *d = opendir(g_dir);
	size_t n = 0;
	for (struct dirent *e; d && (e = readdir(d));)
		n += e->d_name[0] != '.' || (e->d_name[1] && strcmp(e->d_name, ".."));
	if (d) closedir(d);
	return n;
}

/* n lines of about width bytes, every 7th one a duplicate of an earlier one;
 * the result holds sort -u of them. Returns the runs spilled. */
static size_t S_check(size_t n, size_t width)
{
	quire_options o;
	memset(&o, 0, sizeof o);
	o.quiet = 1;
	quire_err err;
	quire_ctx *ctx = quire_ctx_new(&o, &err);
	assert_non_null(ctx);
	char out[512], near[512];
	snprintf(out, sizeof out, "%s/index.cdxj", g_dir);
	snprintf(near, sizeof near, "%s/data.warc.gz", g_dir);
	unlink(out);
	char **ref = calloc(n, sizeof *ref);
	char *pad = malloc(width + 1);
	assert_non_null(ref);
	assert_non_null(pad);
	memset(pad, 'x', width);
	pad[width] = '\0';
	line_sorter *s = ls_new(ctx, near);
	uint32_t x = 12345;
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		char line[64];
		if (i % 7 == 6)
			snprintf(line, sizeof line, "%s", ref[(x >> 8) % i]);
		else
			snprintf(line, sizeof line, "org,example)/%08x 2024%06u", x, (unsigned)(i % 1000000));
		size_t len = strlen(line);
		ref[i] = malloc(len + width + 1);
		assert_non_null(ref[i]);
		memcpy(ref[i], line, len + 1);
		if (i % 7 != 6) strcat(ref[i], pad);
		char *withnl = malloc(strlen(ref[i]) + 2);
		assert_non_null(withnl);
		sprintf(withnl, "%s\n", ref[i]);
		assert_int_equal(ls_add(s, withnl, strlen(withnl), &err), QUIRE_OK);
		free(withnl);
	}
	size_t runs = ls_runs(s);
	quire_out *io = quire_out_open(ctx, out, &err);
	assert_non_null(io);
	assert_int_equal(ls_finish(s, io, &err), QUIRE_OK);
	assert_int_equal(quire_out_commit(io, &err), QUIRE_OK);
	ls_free(s);
	assert_int_equal(S_files(), 1); /* the index only: every run removed */
	qsort(ref, n, sizeof *ref, S_cmp);
	FILE *f = fopen(out, "r");
	assert_non_null(f);
	char *line = NULL;
	size_t cap = 0, k = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && strcmp(ref[i], ref[i - 1]) == 0) continue;
		ssize_t got = getline(&line, &cap, f);
		assert_true(got > 0);
		line[got - 1] = '\0';
		if (strcmp(line, ref[i]) != 0)
			fail_msg("line %zu: got %.40s, expected %.40s", k, line, ref[i]);
		k++;
	}
	assert_true(getline(&line, &cap, f) < 0); /* nothing more */
	free(line);
	fclose(f);
	for (size_t i = 0; i < n; i++)
		free(ref[i]);
	free(ref);
	free(pad);
	quire_ctx_free(ctx);
	return runs;
}

static void test_in_memory(void **st)
{
	(void)st;
	assert_int_equal(S_check(2000, 40), 0);
}

static void test_spilled_runs(void **st)
{
	(void)st;
	/* ~60,000 lines of ~330 bytes: 20 MB, runs of 2 MB and the rest in memory */
	assert_true(S_check(60000, 300) >= 2);
}

static void test_runs_compacted(void **st)
{
	(void)st;
	/* ~80 MB (40 runs of 2 MB): past 32 runs, which are merged into one before the 33rd */
	assert_true(S_check(280000, 300) < 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_in_memory),
	    cmocka_unit_test(test_spilled_runs),
	    cmocka_unit_test(test_runs_compacted),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
