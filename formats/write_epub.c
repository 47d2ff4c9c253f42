/* write_epub.c - the epub writer's table (quire_write_epub): each article
 * becomes a serialized chapter as it arrives; close sorts the chapters (group,
 * date, path), cuts volumes (--max-articles), fixes links between articles of
 * a volume and writes each volume (epub/zip.c). Part builders live in
 * epub/chapter.c and epub/package.c. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "epub/epub.h"

/* ---- open / write --------------------------------------------------------------- */

static quire_result S_load_cover(epub_book *b, const char *path, quire_err *err)
{
	unsigned char *data = NULL;
	size_t size = 0;
	if (quire_read_file(b->ctx, NULL, path, &data, &size, err) != QUIRE_OK)
		return quire_err_set(err, QUIRE_FATAL, "%s: cannot read the --cover image: %s", path,
		                     err->msg);
	const char *ext = NULL, *type = epub_image_type(data, size, &ext);
	if (!type) {
		free(data);
		return quire_err_set(err, QUIRE_FATAL, "%s: --cover is not a PNG, JPEG, GIF or SVG image",
		                     path);
	}
	b->cover.data = data;
	b->cover.size = size;
	b->cover.media_type = type;
	b->cover.cover = true;
	snprintf(b->cover.name, sizeof b->cover.name, "cover.%s", ext);
	return QUIRE_OK;
}

static void S_book_free(epub_book *b)
{
	if (!b) return;
	for (size_t i = 0; i < b->n; i++)
		epub_chapter_free(&b->ch[i]);
	free(b->ch);
	for (size_t i = 0; i < b->nres; i++)
		free(b->res[i].data);
	free(b->res);
	free(b->cover.data);
	free(b->path);
	free(b);
}

static quire_result S_open(quire_ctx *ctx, const char *path, void **state, quire_err *err)
{
	*state = NULL;
	if (strcmp(path, "-") == 0)
		return quire_err_set(err, QUIRE_FATAL, "the epub writer needs -o FILE.epub");
	const quire_options *o = quire_ctx_options(ctx);
	struct stat st;
	/* the book is written at close: say at once that the name is taken */
	if (!o->force && !o->max_articles && stat(path, &st) == 0)
		return quire_err_set(err, QUIRE_FATAL, "%s: exists (use --force to overwrite)", path);
	epub_book *b = calloc(1, sizeof *b);
	if (!b) return quire_err_set(err, QUIRE_FATAL, "out of memory");
	b->ctx = ctx;
	b->o = quire_ctx_options(ctx);
	b->path = strdup(path);
	if (b->o->cover && S_load_cover(b, b->o->cover, err) != QUIRE_OK) {
		S_book_free(b);
		return QUIRE_FATAL;
	}
	*state = b;
	return QUIRE_OK;
}

static quire_result S_write(void *state, const quire_article *a, quire_err *err)
{
	epub_book *b = state;
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		epub_chapter *ch = realloc(b->ch, b->cap * sizeof *ch);
		if (!ch) return quire_err_set(err, QUIRE_FATAL, "out of memory");
		b->ch = ch;
	}
	epub_chapter *ch = &b->ch[b->n];
	memset(ch, 0, sizeof *ch);
	ch->order = b->n;
	quire_result r = epub_chapter_build(b, a, ch, err);
	if (r != QUIRE_OK) {
		epub_chapter_free(ch);
		return r;
	}
	b->n++;
	return QUIRE_OK;
}

/* ---- order, groups, volumes ------------------------------------------------------ */

static const char *S_book_lang(const epub_book *b)
{
	/* the most common article language; the first one wins ties (--lang is
	 * already the language of every article that had none, never over one
	 * an article has) */
	const char *best = "und";
	size_t best_n = 0;
	for (size_t i = 0; i < b->n && i < 4096; i++) {
		size_t n = 0;
		for (size_t k = 0; k < b->n; k++)
			n += !strcmp(b->ch[k].lang, b->ch[i].lang);
		if (n > best_n) {
			best = b->ch[i].lang;
			best_n = n;
		}
		if (best_n * 2 > b->n) break;
	}
	return best;
}

static void S_groups(epub_book *b, const char *lang)
{
	const char *by = b->o->group_by ? b->o->group_by : "none";
	for (size_t i = 0; i < b->n; i++) {
		epub_chapter *ch = &b->ch[i];
		char label[64];
		const quire_time *t = &ch->published;
		if (!strcmp(by, "category")) {
			const char *c = ch->category;
			ch->group = strdup(c ? c : epub_label(lang, L_UNCATEGORIZED));
			size_t n = strlen(ch->group) + 2;
			ch->gsort = malloc(n);
			snprintf(ch->gsort, n, "%c%s", c ? '\x01' : '\x02', ch->group);
			continue;
		}
		if (strcmp(by, "month") && strcmp(by, "year")) {
			ch->gsort = strdup("");
			continue;
		}
		if (t->precision) {
			quire_time d = *t;
			d.precision = QUIRE_PREC_DATE;
			quire_time_iso(&d, label, sizeof label);
			label[!strcmp(by, "year") ? 4 : 7] = '\0';
			ch->group = strdup(label);
			ch->gsort = strdup(label);
		} else {
			ch->group = strdup(epub_label(lang, L_UNDATED));
			ch->gsort = strdup("\x7f");
		}
	}
}

static int S_cmp(const void *pa, const void *pb)
{
	const epub_chapter *a = pa, *b = pb;
	int c = strcmp(a->gsort, b->gsort);
	if (c) return c;
	bool da = a->published.precision != QUIRE_PREC_NONE, db = b->published.precision != QUIRE_PREC_NONE;
	if (da != db) return da ? -1 : 1;
	if (da && a->published.utc != b->published.utc) return a->published.utc < b->published.utc ? -1 : 1;
	c = strcmp(a->input_path ? a->input_path : "", b->input_path ? b->input_path : "");
	if (c) return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* The book title: --title, the article's own for a one-article book, the site
 * name all share, the category all share, else the first article's. */
static const char *S_book_title(const epub_book *b)
{
	if (b->o->title && *b->o->title) return b->o->title;
	if (b->n == 1) return b->ch[0].title;
	const char *site = b->ch[0].site, *cat = b->ch[0].category;
	for (size_t i = 1; i < b->n; i++) {
		if (site && (!b->ch[i].site || strcmp(site, b->ch[i].site))) site = NULL;
		if (cat && (!b->ch[i].category || strcmp(cat, b->ch[i].category))) cat = NULL;
	}
	return site ? site : cat ? cat : b->ch[0].title;
}

static int S_key_cmp(const void *pa, const void *pb)
{
	const epub_key *a = pa, *b = pb;
	return a->key < b->key ? -1 : a->key > b->key;
}

static const char *S_find(epub_volume *v, uint64_t key)
{
	epub_key k = {key, NULL};
	const epub_key *hit = bsearch(&k, v->keys, v->nkeys, sizeof k, S_key_cmp);
	return hit ? hit->file : NULL;
}

static void S_volume_meta(epub_volume *v, const char *title, const char *lang)
{
	epub_book *b = v->book;
	if (v->count > 1) {
		snprintf(v->series, sizeof v->series, "%s", title);
		snprintf(v->title, sizeof v->title, "%s (%u/%u)", title, v->index, v->count);
	} else {
		snprintf(v->title, sizeof v->title, "%s", title);
	}
	snprintf(v->lang, sizeof v->lang, "%s", lang);
	quire_buf ids = QUIRE_BUF_INIT;
	quire_buf_printf(&ids, "quire-epub\n%s\n", v->title);
	int width = v->n >= 10000 ? 6 : 4;
	v->keys = calloc(v->n + 1, sizeof *v->keys);
	v->all_alt = true;
	for (size_t i = 0; i < v->n; i++) {
		epub_chapter *ch = v->ch[i];
		snprintf(ch->file, sizeof ch->file, "c%0*u.xhtml", width, (unsigned)(i + 1));
		quire_buf_printf(&ids, "%s\n", ch->id ? ch->id : ch->title);
		const quire_time *ts[2] = {&ch->published, &ch->modified};
		for (int k = 0; k < 2; k++)
			if (ts[k]->precision && (!v->newest.precision || ts[k]->utc > v->newest.utc))
				v->newest = *ts[k];
		if (ch->url_key) v->keys[v->nkeys++] = (epub_key){epub_url_key(ch->url_key), ch->file};
		for (size_t r = 0; r < ch->n_res; r++) {
			v->has_images = true;
			v->all_alt = v->all_alt && b->res[ch->res[r]].has_alt;
		}
	}
	qsort(v->keys, v->nkeys, sizeof *v->keys, S_key_cmp);
	digest_uuid(ids.data, ids.len, v->uuid);
	quire_buf_free(&ids);
	int64_t epoch = quire_ctx_epoch(b->ctx);
	v->modified = v->newest.precision ? v->newest.utc : epoch > 0 ? epoch : 315532800; /* 1980-01-01 */
}

/* ---- close --------------------------------------------------------------------------- */

/* NAME.epub, or NAME-K.epub for volume K of several. */
static char *S_volume_path(const char *path, unsigned index, unsigned count)
{
	size_t n = strlen(path) + 24;
	char *p = malloc(n);
	if (!p) abort();
	if (count <= 1) {
		snprintf(p, n, "%s", path);
		return p;
	}
	const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
	if (!dot || (slash && dot < slash) || dot == (slash ? slash + 1 : path)) dot = path + strlen(path);
	snprintf(p, n, "%.*s-%u%s", (int)(dot - path), path, index, dot);
	return p;
}

static quire_result S_close(void *state, quire_err *err)
{
	epub_book *b = state;
	quire_result r = QUIRE_OK;
	if (b->n == 0) {
		S_book_free(b);
		return quire_err_set(err, QUIRE_FATAL, "no articles to put in the book");
	}
	const char *lang = S_book_lang(b);
	bool cjk = !strncmp(lang, "zh", 2) || !strncmp(lang, "ja", 2);
	b->vertical = b->o->vertical && cjk;
	if (b->o->vertical && !cjk)
		quire_ctx_message(b->ctx, QUIRE_LEVEL_WARNING, b->path,
		                  "--vertical applies to Chinese and Japanese books only (this one is %s)",
		                  lang);
	S_groups(b, lang);
	qsort(b->ch, b->n, sizeof *b->ch, S_cmp);
	char *title = strdup(S_book_title(b));
	char *book_lang = strdup(lang);
	size_t per = b->o->max_articles ? b->o->max_articles : b->n;
	unsigned count = (unsigned)((b->n + per - 1) / per);
	epub_chapter **order = calloc(b->n, sizeof *order);
	for (size_t i = 0; i < b->n; i++)
		order[i] = &b->ch[i];
	for (unsigned k = 0; k < count && r == QUIRE_OK; k++) {
		epub_volume v;
		memset(&v, 0, sizeof v);
		v.book = b;
		v.ch = order + (size_t)k * per;
		v.n = b->n - (size_t)k * per < per ? b->n - (size_t)k * per : per;
		v.index = k + 1;
		v.count = count;
		S_volume_meta(&v, title, book_lang);
		for (size_t i = 0; i < v.n; i++)
			epub_chapter_relink(&v, v.ch[i], S_find);
		char *path = S_volume_path(b->path, v.index, count);
		r = epub_write_volume(&v, path, err);
		free(path);
		free(v.keys);
	}
	free(order);
	free(title);
	free(book_lang);
	S_book_free(b);
	return r;
}

static void S_abort(void *state)
{
	S_book_free(state);
}

const quire_writer_ops quire_write_epub = {
    .name = "epub",
    .description = "EPUB 3.3 with EPUB 2 NCX: one book per article or anthologies, volumes, vertical CJK",
    .extensions = ".epub",
    .flags = QUIRE_WRITER_MANY | QUIRE_WRITER_BINARY | QUIRE_WRITER_RESOURCES,
    .open = S_open,
    .write = S_write,
    .close = S_close,
    .abort = S_abort,
};
