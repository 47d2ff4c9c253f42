/* common.c - the fuzz harnesses' context, scratch files and the read loop
 * shared by the harnesses of file readers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static void S_discard(void *ud, quire_level level, const char *path, const char *msg)
{
	(void)ud;
	(void)level;
	(void)path;
	(void)msg;
}

quire_ctx *fuzz_ctx(void)
{
	static quire_ctx *ctx;
	static quire_options o;
	if (!ctx) {
		o.quiet = 1;
		o.progress = 0;
		o.max_input_size = 8u << 20;
		quire_err err;
		ctx = quire_ctx_new(&o, &err);
		if (!ctx) abort();
		quire_ctx_set_message_fn(ctx, S_discard, NULL);
	}
	return ctx;
}

const char *fuzz_write(const char *name, const void *data, size_t len, const void *prefix, size_t plen,
                       const void *suffix, size_t slen)
{
	static char dir[64];
	if (!dir[0]) {
		snprintf(dir, sizeof dir, "/tmp/quire-fuzz-%ld", (long)getpid());
		mkdir(dir, 0700);
	}
	char path[128];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f) abort();
	fwrite(prefix, 1, plen, f);
	fwrite(data, 1, len, f);
	fwrite(suffix, 1, slen, f);
	fclose(f);
	return dir;
}

void fuzz_read_all(const quire_reader_ops *rd, const char *dir, const char *name)
{
	char path[192];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	quire_source src = {path, dir, name, NULL};
	quire_err err;
	quire_err_clear(&err);
	void *st = NULL;
	if (rd->open(fuzz_ctx(), &src, &st, &err) != QUIRE_OK) return;
	for (int n = 0; n < 1000; n++) {
		quire_article *a = NULL;
		quire_result r = rd->next(st, &a, &err);
		if (a) {
			quire_article_normalize(fuzz_ctx(), a);
			quire_buf b = QUIRE_BUF_INIT;
			quire_article_to_json(a, &b);
			text_render_article(a, 40, TEXT_HEADER | TEXT_LINKS, &b);
			quire_buf_free(&b);
			quire_article_free(a);
		}
		if (r == QUIRE_EOF || r == QUIRE_FATAL) break;
	}
	rd->close(st);
}
