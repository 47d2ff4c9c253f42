/* jsonld.c - reads the JSON of <script type="application/ld+json"> into a
 * small value tree. JSON is YAML's flow style, so libyaml parses it; a light
 * pass first makes JSON's liberties YAML-safe (tabs, "a":1 without a space,
 * surrogate-pair escapes). It does not interpret schema.org (meta.c does). */
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "html.h"

enum { JV_NULL, JV_STR, JV_SCALAR, JV_ARR, JV_OBJ };

struct jv {
	int type;
	char *s;     /* JV_STR / JV_SCALAR */
	char **keys; /* JV_OBJ */
	jv **items;  /* JV_ARR, JV_OBJ */
	size_t n, cap;
};

void jv_free(jv *v)
{
	if (!v) return;
	free(v->s);
	for (size_t i = 0; i < v->n; i++) {
		if (v->keys) free(v->keys[i]);
		jv_free(v->items[i]);
	}
	free(v->keys);
	free(v->items);
	free(v);
}

static jv *S_new(int type)
{
	jv *v = calloc(1, sizeof *v);
	if (!v) abort();
	v->type = type;
	return v;
}

static void S_push(jv *parent, char *key, jv *child)
{
	if (parent->n == parent->cap) {
		parent->cap = parent->cap ? parent->cap * 2 : 4;
		parent->items = realloc(parent->items, parent->cap * sizeof *parent->items);
		if (parent->type == JV_OBJ)
			parent->keys = realloc(parent->keys, parent->cap * sizeof *parent->keys);
		if (!parent->items || (parent->type == JV_OBJ && !parent->keys)) abort();
	}
	if (parent->type == JV_OBJ) parent->keys[parent->n] = key;
	parent->items[parent->n++] = child;
}

static void S_utf8(quire_buf *b, unsigned cp)
{
	char u[4];
	if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		quire_buf_append(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		quire_buf_append(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		quire_buf_append(b, u, 4);
	}
}

static int S_hex4(const char *s, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
		             : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
		             : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
		                                    : 99;
		if (d == 99) return 0;
		*v = *v * 16 + d;
	}
	return 1;
}

/* Makes JSON text YAML-safe without changing its meaning: whitespace outside
 * strings becomes spaces, a space follows every ':' and ',' outside strings,
 * and \uD8xx\uDCxx pairs become UTF-8 (libyaml refuses surrogate escapes). */
static void S_yaml_safe(const char *s, size_t len, quire_buf *out)
{
	bool in_str = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (in_str) {
			unsigned hi, lo;
			if (c == '\\' && i + 11 < len && s[i + 1] == 'u' && S_hex4(s + i + 2, &hi) &&
			    hi >= 0xD800 && hi < 0xDC00 && s[i + 6] == '\\' && s[i + 7] == 'u' &&
			    S_hex4(s + i + 8, &lo) && lo >= 0xDC00 && lo < 0xE000) {
				S_utf8(out, 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
				i += 11;
				continue;
			}
			if (c == '\\' && i + 1 < len) {
				quire_buf_append(out, s + i, 2);
				i++;
				continue;
			}
			if (c == '"') in_str = false;
			quire_buf_putc(out, c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
			continue;
		}
		if (c == '"') in_str = true;
		if (c == '\t' || c == '\r' || c == '\n') c = ' ';
		quire_buf_putc(out, c);
		if (c == ':' || c == ',') quire_buf_putc(out, ' ');
	}
}

/* Builds the tree from libyaml events; returns NULL on a parse error. */
static jv *S_build(yaml_parser_t *p)
{
	jv *stack[64], *root = NULL;
	char *pending_key[64];
	int depth = 0;
	bool ok = true, done = false;
	while (ok && !done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(p, &ev)) {
			ok = false;
			break;
		}
		jv *node = NULL;
		bool open = false;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_MAPPING_START_EVENT:
			node = S_new(JV_OBJ);
			open = true;
			break;
		case YAML_SEQUENCE_START_EVENT:
			node = S_new(JV_ARR);
			open = true;
			break;
		case YAML_SCALAR_EVENT: {
			bool quoted = ev.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE ||
			              ev.data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE;
			node = S_new(quoted ? JV_STR : JV_SCALAR);
			node->s = strndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
			break;
		}
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			if (depth > 0) depth--;
			if (depth == 0) done = true;
			break;
		case YAML_ALIAS_EVENT:
			ok = false;
			break; /* not JSON */
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (!node) continue;
		if (depth == 0) {
			if (root) { /* a second document: not JSON */
				jv_free(node);
				ok = false;
				break;
			}
			root = node;
		} else {
			jv *parent = stack[depth - 1];
			if (parent->type == JV_OBJ && !pending_key[depth - 1]) {
				/* this scalar is a key */
				pending_key[depth - 1] = node->s ? node->s : strdup("");
				node->s = NULL;
				jv_free(node);
				if (open) ok = false; /* complex keys are not JSON */
				continue;
			}
			S_push(parent, parent->type == JV_OBJ ? pending_key[depth - 1] : NULL, node);
			if (parent->type == JV_OBJ) pending_key[depth - 1] = NULL;
		}
		if (open) {
			if (depth >= 64) {
				ok = false;
				break;
			}
			pending_key[depth] = NULL;
			stack[depth++] = node;
		}
	}
	for (int i = 0; i < depth; i++)
		free(pending_key[i]);
	if (!ok) {
		jv_free(root);
		return NULL;
	}
	return root;
}

jv *jv_parse(const char *json, size_t len)
{
	quire_buf b = QUIRE_BUF_INIT;
	S_yaml_safe(json, len, &b);
	if (!b.data) {
		quire_buf_free(&b);
		return NULL;
	}
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		quire_buf_free(&b);
		return NULL;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)b.data, b.len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	jv *v = S_build(&p);
	yaml_parser_delete(&p);
	quire_buf_free(&b);
	return v;
}

const jv *jv_get(const jv *v, const char *key)
{
	if (!v || v->type != JV_OBJ) return NULL;
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->keys[i], key) == 0) return v->items[i];
	return NULL;
}

const char *jv_str(const jv *v)
{
	return v && v->type == JV_STR ? v->s : NULL;
}

size_t jv_len(const jv *v)
{
	return v && v->type == JV_ARR ? v->n : 0;
}

const jv *jv_at(const jv *v, size_t i)
{
	return v && v->type == JV_ARR && i < v->n ? v->items[i] : NULL;
}

bool jv_is_array(const jv *v)
{
	return v && v->type == JV_ARR;
}
