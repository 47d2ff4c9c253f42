/* urlindex.c - the index of a WARC's images that lets the warc reader embed them in the
 * articles it reads (EPUB output): the reader scans the file once before
 * its first article and hands each image response (and each redirect) to
 * warc_url_index_add; the payloads go to an unlinked temporary file, the
 * map keeps SURT key -> entry, so a crawl is never held in memory. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "warc.h"

/* ---- the image index ------------------------------------------------------------ */

typedef struct ix_entry {
	uint64_t off; /* in the temporary file */
	size_t len;
	char *location; /* a redirect's target (absolute), or NULL */
} ix_entry;

struct warc_url_index {
	FILE *tmp;
	uint64_t size;
	strmap *map;
	ix_entry *e;
	size_t n, cap;
};

warc_url_index *warc_url_index_new(void)
{
	warc_url_index *ix = calloc(1, sizeof *ix);
	if (!ix) abort();
	ix->map = strmap_new();
	return ix;
}

void warc_url_index_free(warc_url_index *ix)
{
	if (!ix) return;
	if (ix->tmp) fclose(ix->tmp);
	for (size_t i = 0; i < ix->n; i++)
		free(ix->e[i].location);
	free(ix->e);
	strmap_free(ix->map);
	free(ix);
}

static void S_key(const char *url, quire_buf *key)
{
	quire_buf_reset(key);
	size_t n = strcspn(url, "#");
	char *u = strndup(url, n);
	if (!u) abort();
	warc_surt(u, key);
	free(u);
}

static ix_entry *S_new_entry(warc_url_index *ix, const char *url)
{
	quire_buf key = QUIRE_BUF_INIT;
	S_key(url, &key);
	bool fresh = strmap_put(ix->map, key.data ? key.data : "", ix->n);
	quire_buf_free(&key);
	if (!fresh) /* the first capture of a URL wins */
		return NULL;
	if (ix->n == ix->cap) {
		ix->cap = ix->cap ? 2 * ix->cap : 64;
		ix->e = realloc(ix->e, ix->cap * sizeof *ix->e);
		if (!ix->e) abort();
	}
	ix_entry *e = &ix->e[ix->n++];
	memset(e, 0, sizeof *e);
	return e;
}

bool warc_url_index_add(warc_url_index *ix, const char *url, const void *data, size_t len)
{
	if (!ix->tmp && !(ix->tmp = tmpfile())) return false;
	ix_entry *e = S_new_entry(ix, url);
	if (!e) return true;
	if (len && fwrite(data, 1, len, ix->tmp) != len) {
		ix->n--;
		return false;
	}
	e->off = ix->size;
	e->len = len;
	ix->size += len;
	return true;
}

void warc_url_index_redirect(warc_url_index *ix, const char *url, const char *location)
{
	char *abs = url_resolve(url, location);
	if (!abs) return;
	ix_entry *e = S_new_entry(ix, url);
	if (e)
		e->location = abs;
	else
		free(abs);
}

bool warc_url_index_get(warc_url_index *ix, const char *url, unsigned char **data, size_t *len)
{
	quire_buf key = QUIRE_BUF_INIT;
	char *cur = strdup(url);
	bool ok = false;
	for (int hops = 0; cur && hops < 6 && !ok; hops++) {
		S_key(cur, &key);
		size_t i;
		if (!strmap_get(ix->map, key.data ? key.data : "", &i)) break;
		ix_entry *e = &ix->e[i];
		if (e->location) {
			free(cur);
			cur = strdup(e->location);
			continue;
		}
		unsigned char *d = malloc(e->len + 1);
		if (!d) abort();
		fflush(ix->tmp);
		if (e->len && (fseeko(ix->tmp, (off_t)e->off, SEEK_SET) != 0 ||
		               fread(d, 1, e->len, ix->tmp) != e->len)) {
			free(d);
			break;
		}
		fseeko(ix->tmp, 0, SEEK_END);
		*data = d;
		*len = e->len;
		ok = true;
	}
	free(cur);
	quire_buf_free(&key);
	return ok;
}

size_t warc_url_index_count(const warc_url_index *ix)
{
	return ix->n;
}
