/* post.c - one Jekyll post file into one article, with Jekyll's semantics:
 * front matter (libyaml, lenient fallback), date from front matter or file
 * name, categories from front matter and the folders above _posts, tags,
 * published, the site's lang/timezone/title/author/url/permalink, Liquid, then
 * Markdown (or HTML as is). Every guess is a diagnostic on the article. The
 * ops table and the tree walking rules are in formats/read_jekyll.c. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "jekyll.h"

typedef struct post {
	quire_ctx *ctx;
	const quire_source *src;
	quire_article *a;
	const jk_site *site; /* NULL for a post outside a site */
	char *site_dir;      /* the site root as the user named it, or NULL */
	char *rel;           /* the path relative to the site root (or the file name) */
	char *text;          /* the file as UTF-8 with LF line ends */
	size_t text_len;
	jk_value *fm;     /* the front matter (an empty map when none) */
	jk_value *page;   /* computed page variables for Liquid */
	char *stem;       /* file name without extension */
	const char *slug; /* Jekyll's slug: front matter slug or the file name's */
	char *name_slug;  /* the file name's slug part (after the date) */
	bool html;        /* an .html post: no Markdown */
	bool as_is;       /* neither Markdown nor HTML by name (.text, .Rmd): Jekyll's
	                     identity converter puts it in the page as it is */
	const char *ext;  /* the file name's extension (".md"), or "" */
	bool fname_date;  /* the file name starts with YYYY-MM-DD- */
	bool kramdown_noted;
	int fy, fmon, fday;
	quire_time date;
} post;

static void S_post_free(post *p)
{
	free(p->site_dir);
	free(p->rel);
	free(p->text);
	jk_value_free(p->fm);
	jk_value_free(p->page);
	free(p->stem);
	free(p->name_slug);
}

static char *S_xstrndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (!d) abort();
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static bool S_blank(const char *s)
{
	return !s || s[strspn(s, " \t\r\n")] == '\0';
}

/* ---- reading ----------------------------------------------------------------- */

/* The file as UTF-8 text with LF line ends, the raw bytes kept on the article. */
static quire_result S_load(post *p, quire_err *err)
{
	unsigned char *data = NULL;
	size_t size = 0;
	quire_result r = quire_source_read(p->ctx, p->src, &data, &size, err);
	if (r != QUIRE_OK) return r;
	quire_article_set_raw(p->a, data, size,
	                      p->html    ? "text/html; charset=utf-8"
	                      : p->as_is ? "text/plain; charset=utf-8"
	                                 : "text/markdown; charset=utf-8");
	const char *s = (const char *)data;
	size_t n = size;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		n -= 3;
	}
	quire_buf b = QUIRE_BUF_INIT;
	size_t bad = text_utf8_repair(s, n, &b);
	free(data);
	if (bad)
		quire_article_diag(p->a, QUIRE_LEVEL_WARNING, "invalid-bytes",
		                   "%zu invalid UTF-8 sequence%s replaced with U+FFFD", bad,
		                   bad == 1 ? "" : "s");
	/* CRLF and lone CR become LF */
	size_t j = 0;
	for (size_t i = 0; i < b.len; i++) {
		if (b.data[i] == '\r') {
			b.data[j++] = '\n';
			if (i + 1 < b.len && b.data[i + 1] == '\n') i++;
		} else {
			b.data[j++] = b.data[i];
		}
	}
	if (b.data) b.data[j] = '\0';
	b.len = j;
	p->text = quire_buf_detach(&b, &p->text_len);
	if (!p->text) p->text = S_xstrndup("", 0);
	return QUIRE_OK;
}

/* Markdown by name: the site's markdown_ext (Jekyll's default
 * "markdown,mkdown,mkdn,mkd,md"), a file without extension, and the other
 * names quire reads as Markdown (.mdown, .mdwn). */
static bool S_markdown_ext(const post *p, const char *ext)
{
	if (!*ext) return true;
	const char *list = p->site ? jk_get_str(p->site->config, "markdown_ext") : NULL;
	if (!list) list = "markdown,mkdown,mkdn,mkd,md,mdown,mdwn";
	size_t n = strlen(ext + 1);
	for (const char *s = list; *s;) {
		s += strspn(s, ", ");
		size_t k = strcspn(s, ", ");
		if (k == n && strncasecmp(s, ext + 1, n) == 0) return true;
		s += k;
	}
	return false;
}

/* Where the post sits: its site (given by discovery or found above the file),
 * its path relative to the site, its file name parts. */
static void S_locate(post *p)
{
	const char *path = p->src->path;
	char *dir = p->src->site ? strdup(p->src->site) : jk_site_find(path);
	if (dir) {
		/* the site is a prefix of the path as discovery and jk_site_find build
		 * them; realpath (costly: a readlink per component) only otherwise */
		size_t n = strlen(dir);
		char rdir[PATH_MAX], rfile[PATH_MAX];
		if (strncmp(path, dir, n) == 0 && path[n] == '/') {
			p->rel = strdup(path + n + 1);
		} else if (realpath(dir, rdir) && realpath(path, rfile)) {
			n = strlen(rdir);
			if (strncmp(rfile, rdir, n) == 0 && rfile[n] == '/') p->rel = strdup(rfile + n + 1);
		}
		p->site_dir = dir;
		p->site = jk_site_get(p->ctx, dir);
	}
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!p->rel) p->rel = strdup(base);
	const char *dot = strrchr(base, '.');
	size_t stem_len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	p->stem = S_xstrndup(base, stem_len);
	p->ext = dot && dot != base ? dot : "";
	p->html = dot && (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0);
	/* in a site only: a loose file is Markdown whatever its name */
	p->as_is = p->site && !p->html && !S_markdown_ext(p, p->ext);
	int y = 0, m = 0, d = 0, used = 0;
	if (sscanf(p->stem, "%4d-%2d-%2d-%n", &y, &m, &d, &used) == 3 && used >= 9 && y >= 1000 && m >= 1 &&
	    m <= 12 && d >= 1 && d <= 31) {
		p->fname_date = true;
		p->fy = y;
		p->fmon = m;
		p->fday = d;
		p->name_slug = strdup(p->stem + used);
	} else {
		p->name_slug = strdup(p->stem);
	}
	/* slugs do not end with a period */
	size_t sl = strlen(p->name_slug);
	while (sl && p->name_slug[sl - 1] == '.')
		p->name_slug[--sl] = '\0';
}

/* ---- front matter ------------------------------------------------------------- */

static unsigned S_line_of(const char *text, const char *at)
{
	unsigned line = 1;
	for (const char *c = text; c < at; c++)
		line += *c == '\n';
	return line;
}

/* Splits and parses the front matter; sets p->fm and returns the body span. */
static quire_result S_front_matter(post *p, const char **body, size_t *body_len, quire_err *err)
{
	jk_parts parts;
	jk_fm_status st = jk_split(p->text, p->text_len, &parts);
	*body = parts.body;
	*body_len = parts.body_len;
	if (st == JK_FM_UNTERMINATED)
		return quire_err_set(err, QUIRE_FAILED,
		                     "front matter opened by --- on line %u is never closed",
		                     parts.blank_lines + 1);
	if (st == JK_FM_NONE) {
		p->fm = jk_value_new(JK_MAP);
		quire_article_diag(p->a, QUIRE_LEVEL_WARNING, "no-front-matter",
		                   "no front matter: the whole file is the body");
		return QUIRE_OK;
	}
	if (parts.fm_len > JK_MAX_FRONT_MATTER)
		return quire_err_set(err, QUIRE_FAILED, "front matter larger than %u bytes",
		                     JK_MAX_FRONT_MATTER);
	if (parts.blank_lines)
		quire_article_diag(p->a, QUIRE_LEVEL_INFO, "front-matter-blank-lines",
		                   "%u blank line%s before the front matter skipped", parts.blank_lines,
		                   parts.blank_lines == 1 ? "" : "s");
	char why[300];
	jk_yaml_status ys = jk_yaml_parse(parts.fm, parts.fm_len, &p->fm, why, sizeof why);
	if (ys != JK_YAML_OK) {
		p->fm = jk_lenient_parse(parts.fm, parts.fm_len);
		unsigned first = S_line_of(p->text, parts.fm);
		quire_article_diag(
		    p->a, QUIRE_LEVEL_WARNING, "front-matter-lenient",
		    "front matter (from line %u) is not valid YAML (%s); %zu simple key: value field%s "
		    "recovered with the lenient line parser",
		    first, why, p->fm->n, p->fm->n == 1 ? "" : "s");
	}
	return QUIRE_OK;
}

/* ---- front matter defaults (_config.yml defaults:) ------------------------------ */

static jk_value *S_copy(const jk_value *v)
{
	jk_value *c = jk_value_new(v->kind);
	c->quoted = v->quoted;
	if (v->str) c->str = strdup(v->str);
	for (size_t i = 0; i < v->n; i++)
		jk_value_push(c, v->kind == JK_MAP ? v->keys[i] : NULL, S_copy(v->items[i]));
	return c;
}

/* The scope path without leading and trailing slashes, its length. */
static size_t S_scope_path(const jk_value *scope, const char **path)
{
	const char *s = scope ? jk_get_str(scope, "path") : NULL;
	if (!s) s = "";
	while (*s == '/')
		s++;
	size_t n = strlen(s);
	while (n && s[n - 1] == '/')
		n--;
	*path = s;
	return n;
}

/* A scope applies to this post: type posts (or none), a path the post is
 * under (or none; globs are not supported). */
static bool S_scope_matches(const post *p, const jk_value *scope)
{
	const char *type = scope ? jk_get_str(scope, "type") : NULL;
	if (type && strcmp(type, "posts") != 0) return false;
	const char *path;
	size_t n = S_scope_path(scope, &path);
	return n == 0 || (strncmp(p->rel, path, n) == 0 && (p->rel[n] == '/' || p->rel[n] == '\0'));
}

/* Jekyll's has_precedence?: the longer path, else the one with a type. */
static bool S_precedes(const jk_value *old_scope, const jk_value *scope, bool first)
{
	if (first) return true;
	const char *a, *b;
	size_t na = S_scope_path(old_scope, &a), nb = S_scope_path(scope, &b);
	if (na != nb) return nb > na;
	if (scope && jk_get(scope, "type")) return true;
	return !(old_scope && jk_get(old_scope, "type"));
}

/* Adds to the front matter what the site's defaults: give posts and the
 * post does not set itself (Jekyll's front matter defaults). */
static void S_defaults(post *p)
{
	const jk_value *d = p->site ? jk_get(p->site->config, "defaults") : NULL;
	if (!d || d->kind != JK_SEQ) return;
	jk_value *merged = jk_value_new(JK_MAP);
	const jk_value *old_scope = NULL;
	bool first = true;
	for (size_t i = 0; i < d->n; i++) {
		const jk_value *set = d->items[i], *scope = jk_get(set, "scope"),
		               *values = jk_get(set, "values");
		if (set->kind != JK_MAP || !values || values->kind != JK_MAP || !S_scope_matches(p, scope))
			continue;
		bool wins = S_precedes(old_scope, scope, first);
		for (size_t k = 0; k < values->n; k++)
			if (wins || !jk_get(merged, values->keys[k]))
				jk_value_push(merged, values->keys[k], S_copy(values->items[k]));
		if (wins) old_scope = scope;
		first = false;
	}
	for (size_t k = 0; k < merged->n; k++)
		if (jk_get(merged, merged->keys[k]) == merged->items[k] && !jk_get(p->fm, merged->keys[k]))
			jk_value_push(p->fm, merged->keys[k], S_copy(merged->items[k]));
	jk_value_free(merged);
}

/* ---- fields ------------------------------------------------------------------- */

/* Adds a YAML list, or a string split on blanks (split) or whole. */
static void S_add_list(quire_article *a, quire_list l, const jk_value *v, bool split)
{
	if (!v) return;
	if (v->kind == JK_SEQ) {
		for (size_t i = 0; i < v->n; i++)
			if (v->items[i]->kind == JK_STR) quire_article_add(a, l, v->items[i]->str);
		return;
	}
	if (v->kind != JK_STR) return;
	if (!split) {
		quire_article_add(a, l, v->str);
		return;
	}
	for (const char *s = v->str; *s;) {
		s += strspn(s, " \t\n");
		size_t n = strcspn(s, " \t\n");
		if (n) {
			char *one = S_xstrndup(s, n);
			quire_article_add(a, l, one);
			free(one);
		}
		s += n;
	}
}

/* Folders above _posts, then categories, then category (Jekyll's order);
 * tags. */
static void S_categories(post *p)
{
	/* the components before the _posts (or _drafts) folder */
	char *rel = p->site_dir ? strdup(p->rel) : NULL;
	size_t n = 0;
	char *comp[64];
	bool special = false;
	char *save = NULL;
	for (char *c = rel ? strtok_r(rel, "/", &save) : NULL; c && !special;
	     c = strtok_r(NULL, "/", &save)) {
		special = strcmp(c, "_posts") == 0 || strcmp(c, "_drafts") == 0;
		if (!special && n < sizeof comp / sizeof *comp) comp[n++] = c;
	}
	for (size_t i = 0; special && i < n; i++)
		quire_article_add(p->a, QUIRE_CATEGORIES, comp[i]);
	free(rel);
	S_add_list(p->a, QUIRE_CATEGORIES, jk_get(p->fm, "categories"), true);
	S_add_list(p->a, QUIRE_CATEGORIES, jk_get(p->fm, "category"), false);
	/* tags: Jekyll takes tag when it is there, else tags */
	const jk_value *tag = jk_get(p->fm, "tag");
	if (tag && tag->kind != JK_NULL)
		S_add_list(p->a, QUIRE_TAGS, tag, false);
	else
		S_add_list(p->a, QUIRE_TAGS, jk_get(p->fm, "tags"), true);
}

static void S_authors(post *p)
{
	const jk_value *v = jk_get(p->fm, "author");
	if (v && v->kind == JK_MAP) v = jk_get(v, "name");
	S_add_list(p->a, QUIRE_AUTHORS, v, false);
	const jk_value *many = jk_get(p->fm, "authors");
	if (many && many->kind == JK_SEQ) {
		for (size_t i = 0; i < many->n; i++) {
			const jk_value *one = many->items[i];
			if (one->kind == JK_MAP) one = jk_get(one, "name");
			S_add_list(p->a, QUIRE_AUTHORS, one, false);
		}
	} else {
		S_add_list(p->a, QUIRE_AUTHORS, many, false);
	}
	if (!quire_article_count(p->a, QUIRE_AUTHORS) && p->site && p->site->author)
		quire_article_add(p->a, QUIRE_AUTHORS, p->site->author);
}

/* ---- dates -------------------------------------------------------------------- */

/* The zone for dates written without an offset, and where it came from. */
static const char *S_zone(post *p, const char **whence)
{
	if (p->site && p->site->timezone && !S_blank(p->site->timezone)) {
		*whence = "the site's timezone";
		return p->site->timezone;
	}
	const char *z = ctx_default_zone(p->ctx);
	*whence = z ? "--timezone" : NULL;
	return z;
}

static void S_zone_diag(post *p, qtime_zone_source how, const char *written, const char *zone,
                        const char *whence)
{
	if (how == QTIME_ZONE_DEFAULT)
		quire_article_diag(p->a, QUIRE_LEVEL_INFO, "date-zone",
		                   "date \"%s\" has no UTC offset; took %s from %s", written, zone, whence);
	else if (how == QTIME_ZONE_UTC)
		quire_article_diag(p->a, QUIRE_LEVEL_WARNING, "date-zone",
		                   "date \"%s\" has no UTC offset and no time zone is configured; took UTC",
		                   written);
}

/* YYYYMMDD at the start of a run of digits ("-202205262391921712"). */
static bool S_digits_date(const char *stem, int *y, int *m, int *d)
{
	const char *s = stem;
	while (*s == '-' || *s == '_')
		s++;
	size_t n = strspn(s, "0123456789");
	if (n < 8 || s[n] != '\0') return false;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[4] - '0') * 10 + (s[5] - '0');
	*d = (s[6] - '0') * 10 + (s[7] - '0');
	return *y >= 1900 && *y < 2200 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

/* A date from the file name, when the front matter has none. */
static void S_date_fallback(post *p, const char *zone)
{
	int y, m, d;
	const char *from;
	if (p->fname_date) {
		y = p->fy;
		m = p->fmon;
		d = p->fday;
		from = "the file name";
	} else if (S_digits_date(p->stem, &y, &m, &d)) {
		from = "the digits that start the file name";
	} else {
		quire_article_diag(p->a, QUIRE_LEVEL_WARNING, "no-date",
		                   "no date in the front matter or the file name; the post has no date");
		return;
	}
	char ymd[16];
	snprintf(ymd, sizeof ymd, "%04d-%02d-%02d", y, m, d);
	qtime_zone_source how;
	if (!qtime_parse(p->ctx, ymd, zone, &p->date, &how)) {
		memset(&p->date, 0, sizeof p->date);
		quire_article_diag(p->a, QUIRE_LEVEL_WARNING, "no-date",
		                   "%s in %s is not a valid date; the post has no date", ymd, from);
		return;
	}
	quire_article_diag(p->a, QUIRE_LEVEL_WARNING, "date-from-filename", "date %s taken from %s", ymd,
	                   from);
}

static void S_date(post *p)
{
	const char *whence;
	const char *zone = S_zone(p, &whence);
	const jk_value *v = jk_get(p->fm, "date");
	const char *s = v && v->kind == JK_STR ? v->str : NULL;
	if (s && !S_blank(s)) {
		qtime_zone_source how;
		if (qtime_parse(p->ctx, s, zone, &p->date, &how)) {
			S_zone_diag(p, how, s, zone, whence);
			return;
		}
		memset(&p->date, 0, sizeof p->date);
		quire_article_diag(p->a, QUIRE_LEVEL_WARNING, "bad-date",
		                   "front matter date \"%s\" is not a date", s);
	} else if (v) {
		quire_article_diag(p->a, QUIRE_LEVEL_WARNING, "bad-date", "front matter date is empty");
	}
	S_date_fallback(p, zone);
}

/* Jekyll's page.date: "2021-12-08 10:18:31 +0800". */
static void S_date_text(const quire_time *t, char *out, size_t size)
{
	out[0] = '\0';
	if (t->precision == QUIRE_PREC_NONE) return;
	int64_t local = t->utc + t->offset, days = local / 86400, rem = local % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	int64_t y;
	unsigned m, d;
	time_civil_from_days(days, &y, &m, &d);
	int32_t o = t->offset < 0 ? -t->offset : t->offset;
	snprintf(out, size, "%04lld-%02u-%02u %02d:%02d:%02d %c%02d%02d", (long long)y, m, d,
	         (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60), t->offset < 0 ? '-' : '+',
	         (int)(o / 3600), (int)(o / 60 % 60));
}

/* ---- URL ------------------------------------------------------------------------ */

/* The permalink pattern: the post's, else the posts collection's
 * (collections: posts: permalink:), else the site's, else "date". */
static const char *S_permalink_pattern(const post *p)
{
	const char *pattern = jk_get_str(p->fm, "permalink");
	if (!S_blank(pattern)) return pattern;
	if (!p->site) return "date";
	const jk_value *posts = jk_path(p->site->config, "collections.posts", 17);
	pattern = posts && posts->kind == JK_MAP ? jk_get_str(posts, "permalink") : NULL;
	if (S_blank(pattern)) pattern = p->site->permalink;
	return S_blank(pattern) ? "date" : pattern;
}

/* The offset of the site's zone at the post's instant: Jekyll shows and
 * files a post in the site's zone (timezone:, else --timezone, else UTC;
 * Jekyll itself takes the building machine's zone). */
static int32_t S_site_offset(post *p, int64_t utc)
{
	const char *whence;
	const char *zone = S_zone(p, &whence);
	int32_t off = 0;
	if (!zone || qtime_parse_offset(zone, &off)) return off;
	const qtz *z = qtz_get(p->ctx, zone);
	return z ? qtz_offset_at_utc(z, utc) : 0;
}

/* :output_ext: .html for Markdown and HTML, the file's own for as-is posts */
static const char *S_output_ext(const post *p)
{
	return p->as_is && *p->ext ? p->ext : ".html";
}

static char *S_permalink_path(post *p)
{
	const char *pattern = S_permalink_pattern(p);
	size_t nc = quire_article_count(p->a, QUIRE_CATEGORIES);
	const char **cats = calloc(nc + 1, sizeof *cats);
	if (!cats) abort();
	for (size_t i = 0; i < nc; i++)
		cats[i] = quire_article_item(p->a, QUIRE_CATEGORIES, i);
	jk_url_parts u = {cats, nc, false, 0, 0, 0, 0, 0, 0, p->slug, p->stem, S_output_ext(p)};
	if (p->date.precision != QUIRE_PREC_NONE) {
		int64_t local = p->date.utc + S_site_offset(p, p->date.utc), days = local / 86400,
		        rem = local % 86400;
		if (rem < 0) {
			rem += 86400;
			days--;
		}
		time_civil_from_days(days, &u.year, &u.month, &u.day);
		u.has_date = true;
		u.hour = (unsigned)(rem / 3600);
		u.minute = (unsigned)(rem / 60 % 60);
		u.second = (unsigned)(rem % 60);
	}
	const char *unknown = NULL;
	char *path = jk_permalink_expand(pattern, &u, &unknown);
	if (unknown)
		quire_article_diag(
		    p->a, QUIRE_LEVEL_WARNING, "permalink-placeholder",
		    "permalink \"%s\" has an unknown placeholder at \"%.20s\"; kept as written", pattern,
		    unknown);
	free(cats);
	return path;
}

/* The site's URL: --base-url when given (an explicit option wins over the
 * site's file), else _config.yml url:, else NULL. The site's baseurl follows
 * either. */
static const char *S_site_url(const post *p)
{
	const quire_options *o = quire_ctx_options(p->ctx);
	if (o->base_url && !S_blank(o->base_url)) return o->base_url;
	return p->site && p->site->url && !S_blank(p->site->url) ? p->site->url : NULL;
}

static void S_url(post *p, const char *path)
{
	const char *canonical = jk_get_str(p->fm, "canonical_url");
	if (canonical && !S_blank(canonical)) {
		quire_article_set(p->a, QUIRE_URL, canonical);
		return;
	}
	char *url = jk_url_join(S_site_url(p), p->site ? p->site->baseurl : NULL, path);
	if (url) quire_article_set(p->a, QUIRE_URL, url);
	free(url);
}

/* page.* for Liquid: what Jekyll computes (front matter keys come after). */
static void S_page_vars(post *p, const char *path)
{
	jk_value *page = jk_value_new(JK_MAP);
	char date[48];
	S_date_text(&p->date, date, sizeof date);
	const char *title = jk_get_str(p->fm, "title");
	struct {
		const char *key, *value;
	} scalars[] = {{"title", title ? title : ""},
	               {"date", date},
	               {"url", path},
	               {"slug", p->slug},
	               {"path", p->rel},
	               {"id", path}};
	for (size_t i = 0; i < sizeof scalars / sizeof *scalars; i++) {
		jk_value *v = jk_value_new(JK_STR);
		v->str = strdup(scalars[i].value);
		jk_value_push(page, scalars[i].key, v);
	}
	static const struct {
		const char *key;
		quire_list list;
	} lists[] = {{"categories", QUIRE_CATEGORIES}, {"tags", QUIRE_TAGS}};
	for (size_t i = 0; i < 2; i++) {
		jk_value *seq = jk_value_new(JK_SEQ);
		for (size_t k = 0; k < quire_article_count(p->a, lists[i].list); k++) {
			jk_value *v = jk_value_new(JK_STR);
			v->str = strdup(quire_article_item(p->a, lists[i].list, k));
			jk_value_push(seq, NULL, v);
		}
		jk_value_push(page, lists[i].key, seq);
	}
	p->page = page;
}

/* ---- body ---------------------------------------------------------------------- */

/* A body too big for cmark-gfm (about 35 bytes of nodes per byte of
 * text): its paragraphs (blank-line separated) as plain text, escaped. */
static void S_plain_paragraphs(const char *t, size_t len, quire_buf *html)
{
	quire_buf_puts(html, "<p>");
	for (size_t i = 0; i < len; i++) {
		char c = t[i];
		if (c == '\n' && i + 1 < len && t[i + 1] == '\n') {
			while (i + 1 < len && (t[i + 1] == '\n' || t[i + 1] == '\r'))
				i++;
			quire_buf_puts(html, "</p>\n<p>");
		} else if (c == '<') {
			quire_buf_puts(html, "&lt;");
		} else if (c == '>') {
			quire_buf_puts(html, "&gt;");
		} else if (c == '&') {
			quire_buf_puts(html, "&amp;");
		} else if (c != '\r') {
			quire_buf_putc(html, c);
		}
	}
	quire_buf_puts(html, "</p>\n");
}

/* Markdown with kramdown's syntax settled first (kramdown.c). */
static size_t S_markdown(post *p, const char *text, size_t len, quire_buf *html)
{
	quire_buf settled = QUIRE_BUF_INIT;
	if (jk_kramdown_settle(text, len, &settled) && !p->kramdown_noted) {
		p->kramdown_noted = true;
		quire_article_diag(p->a, QUIRE_LEVEL_INFO, "kramdown",
		                   "kramdown syntax ({: attributes}, {:toc}, {::extensions}) left out");
	}
	size_t wide = jk_markdown_to_html(settled.data ? settled.data : "", settled.len, html);
	quire_buf_free(&settled);
	return wide;
}

static void S_render(post *p, const char *text, size_t len, quire_buf *html)
{
	size_t wide;
	if (p->as_is || p->html) /* Jekyll's identity converter, or HTML: as it is */
		quire_buf_append(html, text, len);
	else if (len > JK_MAX_MARKDOWN) {
		quire_article_diag(p->a, QUIRE_LEVEL_WARNING, "markdown-too-big",
		                   "the body is %zu MB, over %zu MB of Markdown: read as plain paragraphs",
		                   len >> 20, (size_t)JK_MAX_MARKDOWN >> 20);
		S_plain_paragraphs(text, len, html);
	} else if ((wide = S_markdown(p, text, len, html)) != 0)
		quire_article_diag(p->a, QUIRE_LEVEL_WARNING, "table-too-wide",
		                   "%zu table row%s of more than %d cells kept as text", wide,
		                   wide == 1 ? "" : "s", JK_MAX_TABLE_CELLS);
	if (!html->data) quire_buf_puts(html, "");
}

/* Appends the reference link definitions ("[id]: url") of text: Jekyll
 * gives them to the excerpt, whose links would otherwise be text. */
static void S_link_definitions(const char *t, size_t len, quire_buf *out)
{
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(t + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - t) + 1 : len, k = i;
		while (k < end && k - i < 3 && t[k] == ' ')
			k++;
		const char *close = k < end && t[k] == '[' ? memchr(t + k, ']', end - k) : NULL;
		if (close && close + 1 < t + end && close[1] == ':') { /* footnotes too */
			quire_buf_puts(out, "\n\n"); /* a definition cannot interrupt a paragraph */
			quire_buf_append(out, t + i, end - i);
		}
		i = end;
	}
}

/* description/excerpt from the front matter, else Jekyll's excerpt: the
 * text before the excerpt_separator (default a blank line: "\n\n"),
 * rendered on its own, with the post's link definitions. */
static void S_summary(post *p, const char *md, size_t len, xmlDocPtr body)
{
	static const char *const keys[] = {"description", "excerpt", "summary"};
	for (size_t i = 0; i < 3; i++) {
		const char *d = jk_get_str(p->fm, keys[i]);
		if (d && !S_blank(d)) {
			quire_article_set(p->a, QUIRE_SUMMARY, d);
			return;
		}
	}
	const char *sep = jk_get_str(p->fm, "excerpt_separator");
	if (!sep && p->site) sep = p->site->excerpt_separator;
	if (!sep) sep = "\n\n";
	if (!*sep) return; /* an empty separator turns excerpts off */
	for (size_t k = 0; k < len && (md[k] == ' ' || md[k] == '\t' || md[k] == '\n');) { /* blank lines */
		if (md[k++] == '\n') {
			md += k;
			len -= k;
			k = 0;
		}
	}
	const char *cut = memmem(md, len, sep, strlen(sep));
	size_t head = cut ? (size_t)(cut - md) : len;
	if (!cut) { /* no separator: the excerpt is the whole post, rendered already */
		char *all = body ? jk_doc_text(body) : NULL;
		if (all && *all) quire_article_set(p->a, QUIRE_SUMMARY, all);
		free(all);
		return;
	}
	quire_buf part = QUIRE_BUF_INIT, html = QUIRE_BUF_INIT;
	quire_buf_append(&part, md, head);
	if (!p->html && !p->as_is) S_link_definitions(cut, len - head, &part);
	S_render(p, part.data ? part.data : "", part.len, &html);
	xmlDocPtr doc = quire_body_from_html(html.data, html.len);
	char *text = doc ? jk_doc_text(doc) : NULL;
	if (doc) xmlFreeDoc(doc);
	quire_buf_free(&html);
	quire_buf_free(&part);
	if (text && *text) quire_article_set(p->a, QUIRE_SUMMARY, text);
	free(text);
}

static void S_title(post *p, xmlDocPtr doc)
{
	const char *t = jk_get_str(p->fm, "title");
	if (t && !S_blank(t)) {
		quire_article_set(p->a, QUIRE_TITLE, t);
		return;
	}
	const char *why =
	    jk_get(p->fm, "title") ? "the front matter title is empty" : "the front matter has no title";
	char *h = jk_doc_first_heading(doc);
	if (h) {
		quire_article_set(p->a, QUIRE_TITLE, h);
		quire_article_diag(p->a, QUIRE_LEVEL_WARNING, "title-derived",
		                   "%s; took the first heading \"%s\"", why, h);
		free(h);
		return;
	}
	char *block = jk_doc_first_block(doc);
	if (block) {
		bool cut;
		char *s = jk_first_sentence(block, &cut);
		quire_article_set(p->a, QUIRE_TITLE, s);
		quire_article_diag(p->a, QUIRE_LEVEL_WARNING, "title-derived",
		                   "%s; took the first sentence of the body%s \"%s\"", why,
		                   cut ? " (shortened)" : "", s);
		free(s);
		free(block);
		return;
	}
	const char *name = *p->name_slug ? p->name_slug : p->stem;
	quire_article_set(p->a, QUIRE_TITLE, name);
	quire_article_diag(p->a, QUIRE_LEVEL_WARNING, "title-derived",
	                   "%s and the body has no text; took the file name \"%s\"", why, name);
}

/* The site-tree path ("/assets/x.png") that src names when it is written
 * with the site's URL or baseurl in front ("{{ site.baseurl }}/assets/x.png",
 * relative_url, "https://user.github.io/blog/assets/x.png"), or NULL. Only a
 * file that is there counts. Borrowed from src. */
static const char *S_in_site(const post *p, const char *src)
{
	const char *base = p->site->baseurl && !S_blank(p->site->baseurl) ? p->site->baseurl : "";
	const char *urls[] = {S_site_url(p), p->site->url, NULL};
	const char *rest = NULL;
	for (size_t i = 0; !rest && i < 2; i++) {
		if (S_blank(urls[i])) continue;
		size_t n = strlen(urls[i]);
		while (n && urls[i][n - 1] == '/')
			n--;
		if (n && strncmp(src, urls[i], n) == 0 && (src[n] == '/' || src[n] == '\0')) rest = src + n;
	}
	if (!rest && src[0] == '/' && src[1] != '/') rest = src;
	if (!rest) return NULL;
	size_t bn = strlen(base);
	while (bn && base[bn - 1] == '/')
		bn--;
	if (bn && strncmp(rest, base, bn) == 0 && rest[bn] == '/')
		rest += bn;
	else if (rest == src)
		return NULL; /* already a site path */
	char file[4096];
	struct stat st;
	size_t q = strcspn(rest, "?#");
	if ((size_t)snprintf(file, sizeof file, "%s%.*s", p->site_dir, (int)q, rest) >= sizeof file ||
	    strstr(rest, "/../") || stat(file, &st) != 0 || !S_ISREG(st.st_mode))
		return NULL;
	return rest;
}

/* Images written with the site's URL or baseurl point at the file in the
 * site tree, so they are embedded like "/assets/x.png". */
static void S_site_images(post *p, xmlDocPtr doc)
{
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!p->site || !p->site_dir) return;
	for (xmlNodePtr n = root; n; n = limits_tree_next(root, n)) {
		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "img") != 0) continue;
		xmlChar *src = xmlGetProp(n, BAD_CAST "src");
		const char *rest = src ? S_in_site(p, (const char *)src) : NULL;
		if (rest) xmlSetProp(n, BAD_CAST "src", BAD_CAST rest);
		xmlFree(src);
	}
}

static void S_body(post *p, const char *body, size_t len)
{
	jk_liquid_env env = {p->page,
	                     p->fm,
	                     p->site ? p->site->config : NULL,
	                     S_site_url(p),
	                     p->site ? p->site->baseurl : NULL,
	                     p->a};
	quire_buf md = QUIRE_BUF_INIT;
	jk_liquid_render(body, len, &env, &md);
	/* the file's text (body points into it) is not read again: a 50 MB
	 * post's copy need not live beside its parse */
	free(p->text);
	p->text = NULL;
	p->text_len = 0;
	if (!p->html && !p->as_is) {
		size_t dropped = jk_drop_empty_autolinks(&md);
		if (dropped)
			quire_article_diag(p->a, QUIRE_LEVEL_INFO, "empty-autolink",
			                   "%zu empty autolink line%s (<>) dropped", dropped,
			                   dropped == 1 ? "" : "s");
		char *source = jk_source_line(md.data, md.len);
		if (source) quire_article_set(p->a, QUIRE_SOURCE_URL, source);
		free(source);
	}
	quire_buf html = QUIRE_BUF_INIT;
	S_render(p, md.data, md.len, &html);
	xmlDocPtr doc = quire_body_from_html(html.data, html.len);
	quire_buf_free(&html);
	S_site_images(p, doc);
	S_summary(p, md.data ? md.data : "", md.len, doc);
	quire_buf_free(&md);
	S_title(p, doc);
	quire_article_set_body(p->a, doc);
}

/* ---- the rest of the front matter ------------------------------------------------ */

static void S_fields(post *p)
{
	const char *lang = jk_get_str(p->fm, "lang");
	if (!lang && p->site) lang = p->site->lang;
	if (lang && !S_blank(lang)) quire_article_set(p->a, QUIRE_LANG, lang);
	if (p->site && p->site->title) quire_article_set(p->a, QUIRE_SITE_NAME, p->site->title);
	const char *sub = jk_get_str(p->fm, "subtitle");
	if (sub) quire_article_set(p->a, QUIRE_SUBTITLE, sub);
	const jk_value *img = jk_get(p->fm, "image");
	if (img && img->kind == JK_MAP) img = jk_get(img, "path");
	if (img && img->kind == JK_STR) quire_article_set(p->a, QUIRE_IMAGE, img->str);
	const char *mod = jk_get_str(p->fm, "last_modified_at");
	if (!mod) mod = jk_get_str(p->fm, "modified");
	quire_time t;
	qtime_zone_source how;
	const char *whence;
	const char *zone = S_zone(p, &whence);
	if (mod && qtime_parse(p->ctx, mod, zone, &t, &how))
		quire_article_set_time(p->a, QUIRE_MODIFIED, &t);
	else if (mod)
		quire_article_diag(p->a, QUIRE_LEVEL_WARNING, "bad-date",
		                   "modification date \"%s\" is not a date", mod);
	if (p->site && p->site->config_problem)
		quire_article_diag(
		    p->a, QUIRE_LEVEL_WARNING, "site-config",
		    p->site->config_lenient
		        ? "the site's _config.yml is not valid YAML (%s); simple fields recovered"
		        : "the site's _config.yml could not be read (%s)",
		    p->site->config_problem);
}

static void S_provenance(post *p)
{
	quire_article_set(p->a, QUIRE_INPUT_PATH, p->src->path);
	/* a loose post's root is the input's (the batch sets it): two note.md
	 * in two folders of one input keep their folders in every name */
	if (p->site_dir) quire_article_set(p->a, QUIRE_INPUT_ROOT, p->site_dir);
	quire_article_set(p->a, QUIRE_READER, "jekyll");
	quire_article_set(p->a, QUIRE_CHARSET, "UTF-8");
	quire_article_set(p->a, QUIRE_CHARSET_SOURCE, "utf-8");
}

/* published: false, and drafts: the message or diagnostic; true to skip. */
static bool S_skip(post *p)
{
	const quire_options *o = quire_ctx_options(p->ctx);
	bool draft = strncmp(p->rel, "_drafts/", 8) == 0 || strstr(p->rel, "/_drafts/");
	if (draft) quire_article_diag(p->a, QUIRE_LEVEL_INFO, "draft", "a draft (from _drafts)");
	if (!jk_is_false(jk_get(p->fm, "published"))) return false;
	if (!o->unpublished) {
		quire_ctx_message(p->ctx, QUIRE_LEVEL_INFO, p->src->path,
		                  "skipped: published: false (--unpublished includes it)");
		return true;
	}
	quire_article_diag(p->a, QUIRE_LEVEL_INFO, "unpublished", "published: false; included as asked");
	return false;
}

quire_result jk_read_post(quire_ctx *ctx, const quire_source *src, quire_article **out, quire_err *err)
{
	*out = NULL;
	post p = {0};
	p.ctx = ctx;
	p.src = src;
	p.a = quire_article_new();
	S_locate(&p);
	const char *body;
	size_t body_len;
	quire_result r = S_load(&p, err);
	if (r == QUIRE_OK) r = S_front_matter(&p, &body, &body_len, err);
	if (r == QUIRE_OK) S_defaults(&p);
	if (r == QUIRE_OK && S_skip(&p)) r = QUIRE_EOF;
	if (r != QUIRE_OK) {
		quire_article_free(p.a);
		S_post_free(&p);
		return r;
	}
	const char *fm_slug = jk_get_str(p.fm, "slug");
	p.slug = fm_slug && !S_blank(fm_slug) ? fm_slug : p.name_slug;
	S_provenance(&p);
	S_categories(&p);
	S_authors(&p);
	S_date(&p);
	if (p.date.precision != QUIRE_PREC_NONE) quire_article_set_time(p.a, QUIRE_PUBLISHED, &p.date);
	S_fields(&p);
	char *path = S_permalink_path(&p);
	S_url(&p, path);
	S_page_vars(&p, path);
	free(path);
	S_body(&p, body, body_len);
	*out = p.a;
	S_post_free(&p);
	return QUIRE_OK;
}
