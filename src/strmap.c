/* strmap.c - a map from strings to size_t values (open addressing, FNV-1a,
 * keys copied), for the sets and indexes of the batch and the formats: the
 * --split names, the images a WARC holds, the files a WARC writer archived. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct strmap {
	char **key;
	size_t *val;
	size_t cap, n;
};

strmap *strmap_new(void)
{
	strmap *m = calloc(1, sizeof *m);
	if (!m) abort();
	return m;
}

void strmap_free(strmap *m)
{
	if (!m) return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->key[i]);
	free(m->key);
	free(m->val);
	free(m);
}

static size_t S_slot(const strmap *m, const char *k)
{
	size_t h = (size_t)digest_fnv1a(k) & (m->cap - 1);
	while (m->key[h] && strcmp(m->key[h], k) != 0)
		h = (h + 1) & (m->cap - 1);
	return h;
}

static void S_grow(strmap *m)
{
	size_t cap = m->cap ? 2 * m->cap : 64;
	strmap t = {calloc(cap, sizeof(char *)), calloc(cap, sizeof(size_t)), cap, 0};
	if (!t.key || !t.val) abort();
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->key[i]) continue;
		size_t h = S_slot(&t, m->key[i]);
		t.key[h] = m->key[i];
		t.val[h] = m->val[i];
	}
	free(m->key);
	free(m->val);
	m->key = t.key;
	m->val = t.val;
	m->cap = cap;
}

bool strmap_put(strmap *m, const char *k, size_t v)
{
	if (2 * (m->n + 1) > m->cap) S_grow(m);
	size_t h = S_slot(m, k);
	if (m->key[h]) return false;
	if (!(m->key[h] = strdup(k))) abort();
	m->val[h] = v;
	m->n++;
	return true;
}

bool strmap_get(const strmap *m, const char *k, size_t *v)
{
	if (!m->cap) return false;
	size_t h = S_slot(m, k);
	if (!m->key[h]) return false;
	if (v) *v = m->val[h];
	return true;
}
