/* test_jekyll_fixture.h - shared by the test_jekyll_*.c unit tests: a temporary
 * directory per test, files written into it, a context with options, and one
 * post read through the jekyll reader's internals. Not a test by itself. */
#ifndef TEST_JEKYLL_FIXTURE_H
#define TEST_JEKYLL_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <ftw.h>

#include <cmocka.h>

#include "../../formats/jekyll/jekyll.h"
#include "../../formats/jsonl/jsonl.h"

typedef struct fx {
	char dir[64];
	quire_options o;
	quire_ctx *ctx;
} fx;

static void fx_init_with(fx *f, const quire_options *o)
{
	strcpy(f->dir, "/tmp/quire-jekyll-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->o = o ? *o : (quire_options){0};
	quire_err err;
	f->ctx = quire_ctx_new(&f->o, &err);
	assert_non_null(f->ctx);
}

static void fx_init(fx *f)
{
	fx_init_with(f, NULL);
}

static int fx_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void fx_done(fx *f)
{
	quire_ctx_free(f->ctx);
	nftw(f->dir, fx_rm, 16, FTW_DEPTH | FTW_PHYS);
}

/* Writes len bytes (len 0: strlen) at dir/rel, making parent folders. */
static void fx_write_n(fx *f, const char *rel, const char *data, size_t len)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", f->dir, rel);
	for (char *s = path + strlen(f->dir) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(path, 0755);
		*s = '/';
	}
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	fclose(fp);
}

static void fx_write(fx *f, const char *rel, const char *data)
{
	fx_write_n(f, rel, data, strlen(data));
}

/* Reads dir/rel as a post; site_rel is the site root inside dir ("" = dir
 * itself) or NULL for a loose post. */
static quire_result fx_read(fx *f, const char *rel, const char *site_rel, quire_article **a, quire_err *err)
{
	char path[512], site[512];
	snprintf(path, sizeof path, "%s/%s", f->dir, rel);
	if (site_rel) snprintf(site, sizeof site, "%s%s%s", f->dir, *site_rel ? "/" : "", site_rel);
	quire_source src = {path, f->dir, rel, site_rel ? site : NULL};
	quire_err_clear(err);
	return jk_read_post(f->ctx, &src, a, err);
}

/* Reads a post that must succeed. Caller frees. */
static quire_article *fx_post(fx *f, const char *rel, const char *site_rel)
{
	quire_article *a = NULL;
	quire_err err;
	quire_result r = fx_read(f, rel, site_rel, &a, &err);
	if (r != QUIRE_OK) fail_msg("%s: %s", rel, err.msg);
	assert_non_null(a);
	return a;
}

static const quire_diag *fx_diag(const quire_article *a, const char *code)
{
	for (size_t i = 0; i < quire_article_diag_count(a); i++)
		if (strcmp(quire_article_diag_at(a, i)->code, code) == 0) return quire_article_diag_at(a, i);
	return NULL;
}

/* The published date as ISO 8601 into a static-free buffer. */
static const char *fx_published(const quire_article *a, char *buf, size_t size)
{
	return quire_time_iso(quire_article_time(a, QUIRE_PUBLISHED), buf, size);
}

#endif
