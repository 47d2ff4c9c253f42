/* registry.c - the one table of formats. Adding a format is one file in
 * formats/ (read_NAME.c or write_NAME.c defining quire_read_NAME or
 * quire_write_NAME) and its name on one of the two lines below. Readers bid;
 * the extension breaks ties; writers are listed in this order. */
#include <string.h>
#include <strings.h>

#include "formats.h"

#define READERS(X) X(jekyll) X(html) X(warc)
#define WRITERS(X) X(epub) X(txt) X(warc) X(wacz) X(jsonl)

#define DECLARE_READER(name) extern const quire_reader_ops quire_read_##name;
#define DECLARE_WRITER(name) extern const quire_writer_ops quire_write_##name;
READERS(DECLARE_READER)
WRITERS(DECLARE_WRITER)

#define READER_ENTRY(name) &quire_read_##name,
#define WRITER_ENTRY(name) &quire_write_##name,
static const quire_reader_ops *const S_readers[] = {READERS(READER_ENTRY)};
static const quire_writer_ops *const S_writers[] = {WRITERS(WRITER_ENTRY)};

#define COUNT(a) (sizeof(a) / sizeof(a)[0])

size_t quire_reader_count(void)
{
	return COUNT(S_readers);
}
size_t quire_writer_count(void)
{
	return COUNT(S_writers);
}

const quire_reader_ops *quire_reader_at(size_t i)
{
	return i < COUNT(S_readers) ? S_readers[i] : NULL;
}

const quire_writer_ops *quire_writer_at(size_t i)
{
	return i < COUNT(S_writers) ? S_writers[i] : NULL;
}

const quire_reader_ops *quire_reader_find(const char *name)
{
	for (size_t i = 0; i < COUNT(S_readers); i++)
		if (strcmp(S_readers[i]->name, name) == 0) return S_readers[i];
	return NULL;
}

const quire_writer_ops *quire_writer_find(const char *name)
{
	for (size_t i = 0; i < COUNT(S_writers); i++)
		if (strcmp(S_writers[i]->name, name) == 0) return S_writers[i];
	return NULL;
}

static bool S_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return m <= n && strcasecmp(s + n - m, suffix) == 0;
}

/* The length of the longest of the space-separated extensions that ends
 * path (0 for none). */
static size_t S_match(const char *exts, const char *path)
{
	size_t best = 0;
	char one[32];
	while (exts && *exts) {
		size_t n = strcspn(exts, " ");
		if (n && n < sizeof one) {
			memcpy(one, exts, n);
			one[n] = '\0';
			if (S_ends_with(path, one) && n > best) best = n;
		}
		exts += n;
		while (*exts == ' ')
			exts++;
	}
	return best;
}

const quire_writer_ops *quire_writer_for_path(const char *path)
{
	const quire_writer_ops *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < COUNT(S_writers); i++) {
		size_t n = S_match(S_writers[i]->extensions, path);
		if (n > best_len) {
			best = S_writers[i];
			best_len = n;
		}
	}
	return best;
}

/* True when one of the space-separated extensions ends path. */
static bool S_has_extension(const char *exts, const char *path)
{
	return S_match(exts, path) > 0;
}

const quire_reader_ops *quire_reader_choose(const quire_probe *p, int *bid)
{
	const quire_reader_ops *best = NULL;
	int best_bid = 0;
	for (size_t i = 0; i < COUNT(S_readers); i++) {
		int b = S_readers[i]->probe(p);
		if (b <= 0) continue;
		if (S_has_extension(S_readers[i]->extensions, p->path))
			b += 1; /* the extension breaks ties */
		if (b > best_bid) {
			best = S_readers[i];
			best_bid = b;
		}
	}
	if (bid) *bid = best_bid;
	return best;
}
