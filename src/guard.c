/* guard.c - outputs never touch inputs: before a run, the output (file, or
 * directory with --split) and the report are refused when they are one of
 * the inputs or lie inside an input directory that the run walks, so an
 * input is never replaced by its own conversion and a run's output is never
 * read back as input by the next run. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine.h"

/* The canonical absolute form of path, which may not exist yet (its deepest
 * existing ancestor is resolved and the rest appended). Caller frees. */
static char *S_canonical(const char *path)
{
	char *r = realpath(path, NULL);
	if (r) return r;
	size_t n = strlen(path);
	char *dir = strdup(path);
	if (!dir) abort();
	while (n && dir[n - 1] == '/')
		dir[--n] = '\0';
	char *slash = strrchr(dir, '/');
	const char *base = slash ? slash + 1 : dir;
	char *parent_in =
	    slash ? (slash == dir ? strdup("/") : strndup(dir, (size_t)(slash - dir))) : strdup(".");
	if (!parent_in) abort();
	char *parent = S_canonical(parent_in);
	free(parent_in);
	size_t pl = strlen(parent), bl = strlen(base);
	char *out = malloc(pl + bl + 2);
	if (!out) abort();
	memcpy(out, parent, pl);
	if (!pl || out[pl - 1] != '/') out[pl++] = '/';
	memcpy(out + pl, base, bl + 1);
	free(parent);
	free(dir);
	return out;
}

/* True when out is input or lies below it (input a directory). */
static bool S_touches(const char *out, const char *in, bool in_dir)
{
	size_t il = strlen(in);
	if (strcmp(out, in) == 0) return true;
	if (!in_dir) return false;
	if (il == 1 && in[0] == '/') return true;
	return strncmp(out, in, il) == 0 && out[il] == '/';
}

static quire_result S_check(quire_ctx *ctx, const char *const *inputs, size_t n, const char *what,
                            const char *path)
{
	if (!path || !*path || strcmp(path, "-") == 0) return QUIRE_OK;
	char *out = S_canonical(path);
	quire_result r = QUIRE_OK;
	for (size_t i = 0; i < n && r == QUIRE_OK; i++) {
		if (strcmp(inputs[i], "-") == 0) continue;
		char *in = realpath(inputs[i], NULL);
		struct stat st;
		if (in && stat(in, &st) == 0 && S_touches(out, in, S_ISDIR(st.st_mode))) {
			quire_ctx_message(
			    ctx, QUIRE_LEVEL_ERROR, path, "the %s %s the input %s; write it elsewhere", what,
			    S_ISDIR(st.st_mode) && strcmp(out, in) != 0 ? "would lie inside" : "is",
			    inputs[i]);
			r = QUIRE_FATAL;
		}
		free(in);
	}
	free(out);
	return r;
}

quire_result guard_outputs(quire_ctx *ctx, const char *const *inputs, size_t n)
{
	const quire_options *o = quire_ctx_options(ctx);
	quire_result r = S_check(ctx, inputs, n, o->split ? "output directory" : "output", o->output);
	if (r == QUIRE_OK) r = S_check(ctx, inputs, n, "report", o->report);
	return r;
}
