/* frontmatter.c - a post's front matter: finding it between the fences,
 * parsing it with libyaml into jk_value trees (bounded: node and depth limits
 * stop alias bombs), and the lenient line parser for front matter that is not
 * valid YAML. It does not interpret any key; post.c does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "jekyll.h"

/* ---- values ---------------------------------------------------------------- */

static void *S_alloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (!p) abort();
	return p;
}

static char *S_strndup(const char *s, size_t n)
{
	char *d = S_alloc(n + 1);
	memcpy(d, s, n);
	return d;
}

jk_value *jk_value_new(jk_kind kind)
{
	jk_value *v = S_alloc(sizeof *v);
	v->kind = kind;
	return v;
}

void jk_value_free(jk_value *v)
{
	if (!v) return;
	for (size_t i = 0; i < v->n; i++) {
		if (v->keys) free(v->keys[i]);
		jk_value_free(v->items[i]);
	}
	free(v->keys);
	free(v->items);
	free(v->str);
	free(v);
}

void jk_value_push(jk_value *v, const char *key, jk_value *item)
{
	/* capacity: 4, 8, 16...: full exactly when n is 0 or a power of two >= 4 */
	if (v->n == 0 || (v->n >= 4 && (v->n & (v->n - 1)) == 0)) {
		size_t cap = v->n ? v->n * 2 : 4;
		v->items = realloc(v->items, cap * sizeof *v->items);
		if (!v->items) abort();
		if (v->kind == JK_MAP) {
			v->keys = realloc(v->keys, cap * sizeof *v->keys);
			if (!v->keys) abort();
		}
	}
	if (v->kind == JK_MAP) v->keys[v->n] = S_strndup(key ? key : "", key ? strlen(key) : 0);
	v->items[v->n++] = item;
}

const jk_value *jk_get(const jk_value *map, const char *key)
{
	if (!map || map->kind != JK_MAP) return NULL;
	for (size_t i = map->n; i-- > 0;)
		if (strcmp(map->keys[i], key) == 0) return map->items[i];
	return NULL;
}

const char *jk_get_str(const jk_value *map, const char *key)
{
	const jk_value *v = jk_get(map, key);
	return v && v->kind == JK_STR ? v->str : NULL;
}

const jk_value *jk_path(const jk_value *root, const char *dotted, size_t len)
{
	const jk_value *v = root;
	char key[256];
	while (v && len) {
		size_t k = 0;
		while (k < len && dotted[k] != '.')
			k++;
		if (k == 0 || k >= sizeof key) return NULL;
		memcpy(key, dotted, k);
		key[k] = '\0';
		v = jk_get(v, key);
		dotted += k;
		len -= k;
		if (len) {
			dotted++;
			len--;
		}
	}
	return v;
}

bool jk_is_false(const jk_value *v)
{
	if (!v || v->kind != JK_STR || v->quoted) return false;
	return strcasecmp(v->str, "false") == 0 || strcasecmp(v->str, "no") == 0 ||
	       strcasecmp(v->str, "off") == 0;
}

void jk_value_text(const jk_value *v, quire_buf *out)
{
	if (!v) return;
	if (v->kind == JK_STR) {
		quire_buf_puts(out, v->str);
	} else if (v->kind == JK_SEQ) {
		for (size_t i = 0; i < v->n; i++)
			jk_value_text(v->items[i], out);
	}
}

/* ---- fences ---------------------------------------------------------------- */

/* Length of the line at p (without its LF). */
static size_t S_line_len(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return (size_t)((nl ? nl : end) - p);
}

static bool S_blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t') return false;
	return true;
}

/* The line is fence followed only by blanks. */
static bool S_is_fence(const char *p, size_t n, const char *fence)
{
	size_t f = strlen(fence);
	return n >= f && memcmp(p, fence, f) == 0 && S_blank(p + f, n - f);
}

jk_fm_status jk_split(const char *text, size_t len, jk_parts *out)
{
	const char *p = text, *end = text + len;
	memset(out, 0, sizeof *out);
	out->body = text;
	out->body_len = len;
	unsigned blanks = 0;
	size_t n = S_line_len(p, end);
	while (p < end && S_blank(p, n) && p + n < end) {
		p += n + 1;
		blanks++;
		n = S_line_len(p, end);
	}
	if (p >= end || !S_is_fence(p, n, "---")) return JK_FM_NONE;
	out->blank_lines = blanks;
	const char *fm = p + n + (p + n < end);
	for (const char *q = fm; q < end;) {
		size_t m = S_line_len(q, end);
		if (S_is_fence(q, m, "---") || S_is_fence(q, m, "...")) {
			out->fm = fm;
			out->fm_len = (size_t)(q - fm);
			const char *b = q + m + (q + m < end);
			out->body = b;
			out->body_len = (size_t)(end - b);
			return JK_FM_OK;
		}
		q += m + (q + m < end);
	}
	out->body = end;
	out->body_len = 0;
	return JK_FM_UNTERMINATED;
}

/* ---- YAML ------------------------------------------------------------------ */

typedef struct conv {
	yaml_document_t *doc;
	size_t budget;
	bool limit;
} conv;

static jk_value *S_node(conv *c, yaml_node_t *n, int depth);

static jk_value *S_scalar(yaml_node_t *n)
{
	jk_value *v = jk_value_new(JK_STR);
	v->str = S_strndup((const char *)n->data.scalar.value, n->data.scalar.length);
	v->quoted =
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE && n->data.scalar.style != YAML_ANY_SCALAR_STYLE;
	/* a plain ~ or null is YAML's null */
	if (!v->quoted && (strcmp(v->str, "~") == 0 || strcmp(v->str, "null") == 0 ||
	                   strcmp(v->str, "Null") == 0 || strcmp(v->str, "NULL") == 0 || v->str[0] == '\0')) {
		free(v->str);
		v->str = NULL;
		v->kind = JK_NULL;
	}
	return v;
}

static jk_value *S_sequence(conv *c, yaml_node_t *n, int depth)
{
	jk_value *v = jk_value_new(JK_SEQ);
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		jk_value *item = S_node(c, yaml_document_get_node(c->doc, *it), depth + 1);
		if (c->limit) {
			jk_value_free(item);
			break;
		}
		jk_value_push(v, NULL, item ? item : jk_value_new(JK_NULL));
	}
	return v;
}

static jk_value *S_mapping(conv *c, yaml_node_t *n, int depth)
{
	jk_value *v = jk_value_new(JK_MAP);
	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, pr->key);
		if (!k || k->type != YAML_SCALAR_NODE) continue; /* complex keys mean nothing to Jekyll */
		char *key = S_strndup((const char *)k->data.scalar.value, k->data.scalar.length);
		jk_value *item = S_node(c, yaml_document_get_node(c->doc, pr->value), depth + 1);
		if (c->limit) {
			free(key);
			jk_value_free(item);
			break;
		}
		jk_value_push(v, key, item ? item : jk_value_new(JK_NULL));
		free(key);
	}
	return v;
}

static jk_value *S_node(conv *c, yaml_node_t *n, int depth)
{
	if (!n) return NULL;
	if (c->budget == 0 || depth > JK_MAX_YAML_DEPTH) {
		c->limit = true;
		return NULL;
	}
	c->budget--;
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return S_scalar(n);
	case YAML_SEQUENCE_NODE:
		return S_sequence(c, n, depth);
	case YAML_MAPPING_NODE:
		return S_mapping(c, n, depth);
	default:
		return NULL;
	}
}

/* A first pass over the events: libyaml's loader slows down badly on deep
 * nesting ("[[[[..."), while its event parser stops as soon as we do. False
 * when too deep or too long; syntax errors are left to the loader. */
static bool S_shallow(const char *text, size_t len)
{
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) abort();
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	int depth = 0;
	long events = 0;
	bool ok = true, done = false;
	while (ok && !done) {
		yaml_event_t e;
		if (!yaml_parser_parse(&parser, &e)) break;
		if (e.type == YAML_SEQUENCE_START_EVENT || e.type == YAML_MAPPING_START_EVENT)
			ok = ++depth <= JK_MAX_YAML_DEPTH;
		else if (e.type == YAML_SEQUENCE_END_EVENT || e.type == YAML_MAPPING_END_EVENT)
			depth--;
		ok = ok && ++events <= JK_MAX_YAML_NODES;
		done = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&parser);
	return ok;
}

jk_yaml_status jk_yaml_parse(const char *text, size_t len, jk_value **out, char *why, size_t why_size)
{
	*out = NULL;
	if (why && why_size) why[0] = '\0';
	if (S_blank(text, len) || len == strspn(text, " \t\n")) {
		*out = jk_value_new(JK_MAP);
		return JK_YAML_OK;
	}
	if (!S_shallow(text, len)) {
		if (why && why_size)
			snprintf(why, why_size,
			         "YAML nested deeper than %d levels or with more than %d events",
			         JK_MAX_YAML_DEPTH, JK_MAX_YAML_NODES);
		return JK_YAML_LIMIT;
	}
	yaml_parser_t parser;
	yaml_document_t doc;
	if (!yaml_parser_initialize(&parser)) abort();
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	if (!yaml_parser_load(&parser, &doc)) {
		if (why && why_size)
			snprintf(why, why_size, "%s at line %zu, column %zu",
			         parser.problem ? parser.problem : "syntax error",
			         parser.problem_mark.line + 1, parser.problem_mark.column + 1);
		yaml_parser_delete(&parser);
		return JK_YAML_INVALID;
	}
	yaml_parser_delete(&parser);
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	jk_yaml_status st = JK_YAML_OK;
	if (!root) {
		*out = jk_value_new(JK_MAP);
	} else if (root->type != YAML_MAPPING_NODE) {
		st = JK_YAML_NOT_MAP;
		if (why && why_size)
			snprintf(why, why_size, "the front matter is a YAML %s, not a mapping of keys",
			         root->type == YAML_SEQUENCE_NODE ? "list" : "scalar");
	} else {
		conv c = {&doc, JK_MAX_YAML_NODES, false};
		jk_value *v = S_node(&c, root, 0);
		if (c.limit) {
			jk_value_free(v);
			st = JK_YAML_LIMIT;
			if (why && why_size)
				snprintf(why, why_size,
				         "more than %d YAML nodes (aliases counted) or deeper than %d levels",
				         JK_MAX_YAML_NODES, JK_MAX_YAML_DEPTH);
		} else {
			*out = v;
		}
	}
	yaml_document_delete(&doc);
	return st;
}

/* ---- the lenient parser ------------------------------------------------------ */

static void S_trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/* A scalar from the text of a value: one pair of surrounding quotes stripped,
 * " #" comments dropped from plain values. */
static jk_value *S_lenient_scalar(const char *s, size_t n)
{
	S_trim(&s, &n);
	bool quoted = n >= 2 && ((s[0] == '"' && s[n - 1] == '"') || (s[0] == '\'' && s[n - 1] == '\''));
	if (quoted) {
		s++;
		n -= 2;
	} else {
		for (size_t i = 0; i + 1 < n; i++)
			if ((s[i] == ' ' || s[i] == '\t') && s[i + 1] == '#') {
				n = i;
				break;
			}
		S_trim(&s, &n);
		if (n == 0 || (n == 1 && s[0] == '~') || (n == 4 && memcmp(s, "null", 4) == 0))
			return jk_value_new(JK_NULL);
	}
	jk_value *v = jk_value_new(JK_STR);
	v->str = S_strndup(s, n);
	v->quoted = quoted;
	return v;
}

/* "[a, b, 'c']" -> a list. */
static jk_value *S_lenient_flow(const char *s, size_t n)
{
	jk_value *v = jk_value_new(JK_SEQ);
	s++;
	n -= 2;
	while (n) {
		const char *comma = memchr(s, ',', n);
		size_t k = comma ? (size_t)(comma - s) : n;
		const char *t = s;
		size_t tn = k;
		S_trim(&t, &tn);
		if (tn) jk_value_push(v, NULL, S_lenient_scalar(t, tn));
		s += k;
		n -= k;
		if (n) {
			s++;
			n--;
		}
	}
	return v;
}

jk_value *jk_lenient_parse(const char *text, size_t len)
{
	jk_value *map = jk_value_new(JK_MAP);
	jk_value *list = NULL; /* the block list under the last empty key */
	const char *p = text, *end = text + len;
	while (p < end) {
		size_t n = S_line_len(p, end);
		const char *line = p;
		p += n + (p + n < end);
		if (n && line[n - 1] == '\r') n--;
		const char *t = line;
		size_t tn = n;
		S_trim(&t, &tn);
		if (tn == 0 || t[0] == '#') continue;
		if (list && t[0] == '-' && (tn == 1 || t[1] == ' ')) {
			jk_value_push(list, NULL, S_lenient_scalar(t + 1, tn - 1));
			continue;
		}
		if (line[0] == ' ' || line[0] == '\t')
			continue; /* nested structure: not recoverable line by line */
		list = NULL;
		const char *colon = memchr(line, ':', n);
		if (!colon || colon == line) continue;
		const char *k = line;
		size_t kn = (size_t)(colon - line);
		S_trim(&k, &kn);
		char *key = S_strndup(k, kn);
		const char *val = colon + 1;
		size_t vn = (size_t)(line + n - val);
		S_trim(&val, &vn);
		jk_value *v;
		if (vn == 0) {
			v = list = jk_value_new(JK_SEQ);
		} else if (val[0] == '[' && val[vn - 1] == ']') {
			v = S_lenient_flow(val, vn);
		} else {
			v = S_lenient_scalar(val, vn);
		}
		jk_value_push(map, key, v);
		free(key);
	}
	/* a key with nothing after it and no list items is a null, as in YAML */
	for (size_t i = 0; i < map->n; i++)
		if (map->items[i]->kind == JK_SEQ && map->items[i]->n == 0) map->items[i]->kind = JK_NULL;
	return map;
}
