/* site.c - a Jekyll site: recognizing its root, finding the root above a loose
 * post, and its _config.yml parsed once per run (cached in the context, then
 * shared read-only by the worker threads). It does not read posts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jekyll.h"

static bool S_is_dir(const char *dir, const char *name)
{
	char p[4096];
	struct stat st;
	if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, name) >= sizeof p) return false;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool S_is_file(const char *dir, const char *name)
{
	char p[4096];
	struct stat st;
	if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, name) >= sizeof p) return false;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

bool jk_site_claims(const char *dir)
{
	return S_is_file(dir, "_config.yml") || S_is_dir(dir, "_posts");
}

/* The parent of dir, in place (dir has room for 3 more bytes): the last
 * component dropped, or "/.." appended when there is none to drop. False at
 * the file system root. */
static bool S_up(char *dir)
{
	char *slash = strrchr(dir, '/');
	const char *last = slash ? slash + 1 : dir;
	if (strcmp(dir, "/") == 0) return false;
	if (strcmp(last, "..") == 0 || strcmp(last, ".") == 0) {
		if (strcmp(dir, ".") == 0)
			strcpy(dir, "..");
		else
			strcat(dir, "/..");
	} else if (!slash) {
		strcpy(dir, ".");
	} else {
		slash[slash == dir] = '\0'; /* "/a" -> "/" */
	}
	return true;
}

char *jk_site_find(const char *file)
{
	size_t n = strlen(file);
	char *dir = malloc(n + 16);
	if (!dir) abort();
	memcpy(dir, file, n + 1);
	bool ok = S_up(dir); /* the file's own directory */
	for (int level = 0; ok && level <= 3; level++) {
		if (S_is_file(dir, "_config.yml") && S_is_dir(dir, "_posts")) return dir;
		ok = S_up(dir);
	}
	free(dir);
	return NULL;
}

static void S_site_free(void *p)
{
	jk_site *s = p;
	if (!s) return;
	free(s->root);
	jk_value_free(s->config);
	free(s->config_problem);
	free(s->author);
	free(s);
}

/* author: "Name", or {name: Name, email: ...}. */
static char *S_author(const jk_value *cfg)
{
	const jk_value *a = jk_get(cfg, "author");
	if (a && a->kind == JK_MAP) a = jk_get(a, "name");
	if (a && a->kind == JK_STR && a->str[0]) return strdup(a->str);
	return NULL;
}

static void S_site_parse(quire_ctx *ctx, jk_site *s)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/_config.yml", s->root);
	unsigned char *data = NULL;
	size_t size = 0;
	quire_err err;
	quire_err_clear(&err);
	if (!S_is_file(s->root, "_config.yml") ||
	    quire_read_file(ctx, s->root, path, &data, &size, &err) != QUIRE_OK) {
		if (err.msg[0]) s->config_problem = strdup(err.msg);
		s->config = jk_value_new(JK_MAP);
		return;
	}
	char why[256];
	const char *text = (const char *)data;
	if (size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		size -= 3;
	}
	if (jk_yaml_parse(text, size, &s->config, why, sizeof why) != JK_YAML_OK) {
		s->config_problem = strdup(why);
		s->config = jk_lenient_parse(text, size);
		s->config_lenient = true;
	}
	free(data);
}

static void *S_site_make(quire_ctx *ctx, const char *dir)
{
	jk_site *s = calloc(1, sizeof *s);
	if (!s) abort();
	s->root = strdup(dir);
	if (!s->root) abort();
	S_site_parse(ctx, s);
	const jk_value *c = s->config;
	s->lang = jk_get_str(c, "lang");
	s->timezone = jk_get_str(c, "timezone");
	s->title = jk_get_str(c, "title");
	s->url = jk_get_str(c, "url");
	s->baseurl = jk_get_str(c, "baseurl");
	s->permalink = jk_get_str(c, "permalink");
	s->excerpt_separator = jk_get_str(c, "excerpt_separator");
	s->author = S_author(c);
	return s;
}

const jk_site *jk_site_get(quire_ctx *ctx, const char *dir)
{
	return ctx_cache(ctx, "jekyll-config", dir, S_site_make, S_site_free);
}
