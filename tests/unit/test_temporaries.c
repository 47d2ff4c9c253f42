/* test_temporaries.c - what an interrupt removes: every temporary file the
 * context tracks and the "NAME.XXXXXX" file libzip writes beside one of them
 * while it closes an archive (EPUB, WACZ); nothing else in the folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine.h"

static void S_touch(const char *path)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("x", f);
	fclose(f);
}

static bool S_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static void test_interrupt_removes_libzip_temporaries(void **st)
{
	(void)st;
	char dir[] = "/tmp/quire-test-tmps-XXXXXX";
	assert_non_null(mkdtemp(dir));
	quire_options o;
	memset(&o, 0, sizeof o);
	o.quiet = 1;
	quire_err err;
	quire_ctx *ctx = quire_ctx_new(&o, &err);
	assert_non_null(ctx);
	char tmp[256], zip_tmp[300], other[300], keep[300], longer[300];
	snprintf(tmp, sizeof tmp, "%s/.book.epub.tmp-Ab12Cd", dir);
	snprintf(zip_tmp, sizeof zip_tmp, "%s.q7RsT9", tmp);                    /* libzip's mkstemp name */
	snprintf(other, sizeof other, "%s/.other.epub.tmp-Zz99Yy.q7RsT9", dir); /* not ours */
	snprintf(keep, sizeof keep, "%s/book.epub", dir);                       /* a finished output */
	snprintf(longer, sizeof longer, "%s.q7RsT9x", tmp);                     /* not the mkstemp pattern */
	S_touch(tmp);
	S_touch(zip_tmp);
	S_touch(other);
	S_touch(keep);
	S_touch(longer);
	ctx_track_tmp(ctx, tmp);
	quire_ctx_remove_temporaries(ctx);
	assert_false(S_exists(tmp));
	assert_false(S_exists(zip_tmp));
	assert_true(S_exists(other));
	assert_true(S_exists(keep));
	assert_true(S_exists(longer));
	ctx_untrack_tmp(ctx, tmp);
	quire_ctx_free(ctx);
	unlink(other);
	unlink(keep);
	unlink(longer);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_interrupt_removes_libzip_temporaries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
