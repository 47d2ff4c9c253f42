/* discover.c - expands command-line inputs into the list of files to read:
 * files, directories walked recursively (hidden and _site skipped, symlinked
 * directories not followed), trees a reader claims (a Jekyll site) walked with
 * that reader's filter, and "-" (paths on stdin). Sorted by path, so the run's
 * order never depends on the file system's. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "private.h"

#define MAX_DEPTH 64

static char *S_join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *r = malloc(n);
	if (!r)
		abort();
	if (!*a)
		snprintf(r, n, "%s", b);
	else
		snprintf(r, n, "%s%s%s", a, a[strlen(a) - 1] == '/' ? "" : "/", b);
	return r;
}

static void S_push(qinput_list *l, const char *path, const char *root, const char *rel,
                   const quire_reader_ops *claimed, const char *site)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (!l->v)
			abort();
	}
	qinput *in = &l->v[l->n++];
	in->path = strdup(path);
	in->root = strdup(root);
	in->rel = strdup(rel);
	in->claimed_by = claimed;
	in->site = site ? strdup(site) : NULL;
	in->explicit_arg = false;
}

void qinput_list_free(qinput_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].root);
		free(l->v[i].rel);
		free(l->v[i].site);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static int S_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const quire_reader_ops *S_claimer(const char *dir)
{
	for (size_t i = 0; i < quire_reader_count(); i++) {
		const quire_reader_ops *r = quire_reader_at(i);
		if (r->claims_tree && r->claims_tree(dir))
			return r;
	}
	return NULL;
}

typedef struct walk {
	quire_ctx *ctx;
	qinput_list *out;
	size_t *errors;
	const char *root;
	const quire_reader_ops *claimed;
	const char *site;     /* claimed tree root */
	size_t site_rel_len;  /* length of the site's path relative to root (+1 for '/') */
} walk;

static void S_walk(walk *w, const char *dir, const char *rel, int depth)
{
	if (depth > MAX_DEPTH) {
		quire_ctx_message(w->ctx, QUIRE_LEVEL_ERROR, dir, "directories nested deeper than %d levels; skipped",
		                  MAX_DEPTH);
		(*w->errors)++;
		return;
	}
	DIR *d = opendir(dir);
	if (!d) {
		quire_ctx_message(w->ctx, QUIRE_LEVEL_ERROR, dir, "cannot read directory: %s", strerror(errno));
		(*w->errors)++;
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue; /* hidden, . and .. */
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = realloc(names, cap * sizeof *names);
			if (!names)
				abort();
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, S_cmp);
	for (size_t i = 0; i < n; i++) {
		char *path = S_join(dir, names[i]);
		char *r = S_join(rel, names[i]);
		struct stat st;
		if (lstat(path, &st) != 0) {
			quire_ctx_message(w->ctx, QUIRE_LEVEL_ERROR, path, "%s", strerror(errno));
			(*w->errors)++;
		} else if (S_ISDIR(st.st_mode)) {
			if (strcmp(names[i], "_site") == 0) {
				/* Jekyll's generated output: never an input */
			} else if (w->claimed) {
				if (w->claimed->tree_filter(w->ctx, r + w->site_rel_len, 1))
					S_walk(w, path, r, depth + 1);
			} else {
				const quire_reader_ops *c = S_claimer(path);
				if (c) {
					walk sub = *w;
					sub.claimed = c;
					sub.site = path;
					sub.site_rel_len = strlen(r) + 1;
					S_walk(&sub, path, r, depth + 1);
				} else {
					S_walk(w, path, r, depth + 1);
				}
			}
		} else if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) {
			if (!w->claimed || w->claimed->tree_filter(w->ctx, r + w->site_rel_len, 0))
				S_push(w->out, path, w->root, r, w->claimed, w->site);
		}
		free(path);
		free(r);
		free(names[i]);
	}
	free(names);
}

static void S_add_arg(quire_ctx *ctx, const char *arg, qinput_list *out, size_t *errors)
{
	struct stat st;
	if (stat(arg, &st) != 0) {
		quire_ctx_message(ctx, QUIRE_LEVEL_ERROR, arg, "%s", strerror(errno));
		(*errors)++;
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		size_t first = out->n;
		walk w = {ctx, out, errors, arg, S_claimer(arg), NULL, 0};
		if (w.claimed)
			w.site = arg;
		S_walk(&w, arg, "", 0);
		(void)first;
		return;
	}
	/* a single file: its tree is its directory */
	char *copy = strdup(arg);
	char *slash = strrchr(copy, '/');
	const char *root, *rel;
	if (slash) {
		*slash = '\0';
		root = *copy ? copy : "/";
		rel = slash + 1;
	} else {
		root = ".";
		rel = copy;
	}
	S_push(out, arg, root, rel, NULL, NULL);
	out->v[out->n - 1].explicit_arg = true;
	free(copy);
}

quire_result discover_inputs(quire_ctx *ctx, const char *const *args, size_t n, qinput_list *out, size_t *errors)
{
	*errors = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(args[i], "-") == 0) {
			char *line = NULL;
			size_t cap = 0;
			ssize_t len;
			while ((len = getline(&line, &cap, stdin)) > 0) {
				while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
					line[--len] = '\0';
				if (len)
					S_add_arg(ctx, line, out, errors);
			}
			free(line);
		} else {
			S_add_arg(ctx, args[i], out, errors);
		}
	}
	return QUIRE_OK;
}
