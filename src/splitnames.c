/* splitnames.c - the file names of --split outputs. A name comes from the
 * article's slug (the input's path relative to its root, or a WARC article's
 * URL), made safe; when another article already has it, a short digest of
 * what identifies the article (input path, record id, URL, title) is added. The
 * names handed out are remembered in DIR/.quire-names ("name TAB key" lines,
 * the key a digest of the identity), appended as they are given, so a later
 * run into the same directory gives every article the name it had before,
 * whatever the order of the inputs: --skip-existing then finds each input's
 * own file, and an input added later never takes another's name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

#define MANIFEST ".quire-names"

struct split_names {
	strmap *used;   /* names -> 0 */
	strmap *owners; /* identity key -> index in name */
	char **name;
	size_t n, cap;
	FILE *manifest; /* appended to, or NULL (not writable: names still stable within the run) */
};

static void S_remember(split_names *s, const char *name, const char *key)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->name = realloc(s->name, s->cap * sizeof *s->name);
		if (!s->name) abort();
	}
	if (!(s->name[s->n] = strdup(name))) abort();
	strmap_put(s->owners, key, s->n);
	strmap_put(s->used, name, 0);
	s->n++;
}

split_names *split_names_open(const char *dir)
{
	split_names *s = calloc(1, sizeof *s);
	if (!s) abort();
	s->used = strmap_new();
	s->owners = strmap_new();
	size_t dl = strlen(dir);
	char *path = malloc(dl + sizeof MANIFEST + 1);
	if (!path) abort();
	snprintf(path, dl + sizeof MANIFEST + 1, "%s/%s", dir, MANIFEST);
	FILE *f = fopen(path, "r");
	if (f) {
		char line[512];
		while (fgets(line, sizeof line, f)) {
			char *tab = strchr(line, '\t');
			char *nl = strchr(line, '\n');
			if (!tab || !nl || tab == line)
				continue; /* a line cut by a crash: its article gets a name again */
			*tab = *nl = '\0';
			size_t i;
			if (!strmap_get(s->owners, tab + 1, &i)) S_remember(s, line, tab + 1);
		}
		fclose(f);
	}
	s->manifest = fopen(path, "a");
	free(path);
	return s;
}

void split_names_close(split_names *s)
{
	if (!s) return;
	if (s->manifest) fclose(s->manifest);
	for (size_t i = 0; i < s->n; i++)
		free(s->name[i]);
	free(s->name);
	strmap_free(s->used);
	strmap_free(s->owners);
	free(s);
}

const char *split_names_get(split_names *s, const quire_article *a)
{
	const char *path = quire_article_get(a, QUIRE_INPUT_PATH);
	const char *rid = quire_article_get(a, QUIRE_RECORD_ID), *url = quire_article_get(a, QUIRE_URL);
	const char *title = quire_article_get(a, QUIRE_TITLE);
	quire_buf id = QUIRE_BUF_INIT;
	quire_buf_printf(&id, "%s\n%s\n%s\n%s", path ? path : "", rid ? rid : "", url ? url : "",
	                 title ? title : "");
	char key[65];
	digest_sha256_hex(id.data, id.len, key);
	quire_buf_free(&id);
	size_t i;
	if (strmap_get(s->owners, key, &i)) return s->name[i];
	char slug[160], base[180], name[200];
	quire_article_slug(a, slug, sizeof slug);
	for (char *p = slug; *p; p++)
		if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20) *p = '-';
	snprintf(base, sizeof base, "%s%s", !slug[0] || slug[0] == '.' || slug[0] == '-' ? "a-" : "", slug);
	snprintf(name, sizeof name, "%s", base);
	if (strmap_get(s->used, name, NULL)) {
		snprintf(base + strlen(base), sizeof base - strlen(base), "-%.8s", key);
		snprintf(name, sizeof name, "%s", base);
		for (unsigned k = 2; strmap_get(s->used, name, NULL); k++) /* digests that meet */
			snprintf(name, sizeof name, "%s-%u", base, k);
	}
	S_remember(s, name, key);
	if (s->manifest) {
		fprintf(s->manifest, "%s\t%s\n", name, key);
		fflush(s->manifest);
	}
	return s->name[s->n - 1];
}

char *split_names_path(split_names *s, const char *dir, const quire_article *a, const char *extensions)
{
	const char *name = split_names_get(s, a);
	const char *ext = extensions ? extensions : "";
	int el = (int)strcspn(ext, " "); /* the first extension */
	size_t n = strlen(dir) + strlen(name) + (size_t)el + 2;
	char *p = malloc(n);
	if (!p) abort();
	snprintf(p, n, "%s/%s%.*s", dir, name, el, ext);
	return p;
}
