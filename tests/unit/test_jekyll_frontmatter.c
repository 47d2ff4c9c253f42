/* test_jekyll_frontmatter.c - front matter edge cases of the jekyll reader:
 * fences ("---", "...", trailing blanks, blank lines before), BOM, CRLF, the
 * lenient fallback and its warning, unterminated front matter, YAML limits
 * (alias bombs, deep nesting), invalid UTF-8 counted. */
#include "test_jekyll_fixture.h"

static void test_split_fences(void **state)
{
	(void)state;
	jk_parts p;
	const char *t = "---\ntitle: a\n---\nbody\n";
	assert_int_equal(jk_split(t, strlen(t), &p), JK_FM_OK);
	assert_int_equal(p.fm_len, strlen("title: a\n"));
	assert_memory_equal(p.fm, "title: a\n", p.fm_len);
	assert_string_equal(p.body, "body\n");

	t = "\n  \n---  \ntitle: b\n...\t\nrest";
	assert_int_equal(jk_split(t, strlen(t), &p), JK_FM_OK);
	assert_int_equal(p.blank_lines, 2);
	assert_memory_equal(p.fm, "title: b\n", p.fm_len);
	assert_string_equal(p.body, "rest");

	t = "---\n---\n";
	assert_int_equal(jk_split(t, strlen(t), &p), JK_FM_OK);
	assert_int_equal(p.fm_len, 0);
	assert_int_equal(p.body_len, 0);

	t = "---\na: 1\n---"; /* closing fence at the end, no newline */
	assert_int_equal(jk_split(t, strlen(t), &p), JK_FM_OK);
	assert_int_equal(p.body_len, 0);

	t = "----\na: 1\n---\n"; /* four dashes do not open front matter */
	assert_int_equal(jk_split(t, strlen(t), &p), JK_FM_NONE);
	assert_ptr_equal(p.body, t);
	assert_int_equal(p.body_len, strlen(t));

	t = "text\n---\na: 1\n---\n";
	assert_int_equal(jk_split(t, strlen(t), &p), JK_FM_NONE);

	t = "---\ntitle: never closed\n\nbody --- text\n";
	assert_int_equal(jk_split(t, strlen(t), &p), JK_FM_UNTERMINATED);
}

static void test_yaml(void **state)
{
	(void)state;
	jk_value *v = NULL;
	char why[200];
	const char *t = "title: \"a \\\"b\\\" c\"\ntags: [x, y]\npublished: false\nq: 'false'\nn: ~\n";
	assert_int_equal(jk_yaml_parse(t, strlen(t), &v, why, sizeof why), JK_YAML_OK);
	assert_string_equal(jk_get_str(v, "title"), "a \"b\" c");
	const jk_value *tags = jk_get(v, "tags");
	assert_int_equal(tags->kind, JK_SEQ);
	assert_int_equal(tags->n, 2);
	assert_string_equal(tags->items[1]->str, "y");
	assert_true(jk_is_false(jk_get(v, "published")));
	assert_false(jk_is_false(jk_get(v, "q"))); /* quoted: a string */
	assert_int_equal(jk_get(v, "n")->kind, JK_NULL);
	jk_value_free(v);

	t = "title: \"a \"b\" c\"\n";
	assert_int_equal(jk_yaml_parse(t, strlen(t), &v, why, sizeof why), JK_YAML_INVALID);
	assert_null(v);
	assert_non_null(strstr(why, "line 1"));

	t = "- a\n- b\n";
	assert_int_equal(jk_yaml_parse(t, strlen(t), &v, why, sizeof why), JK_YAML_NOT_MAP);

	assert_int_equal(jk_yaml_parse("\n  \n", 4, &v, why, sizeof why), JK_YAML_OK);
	assert_int_equal(v->kind, JK_MAP);
	assert_int_equal(v->n, 0);
	jk_value_free(v);
}

/* A billion-laughs document: 9 levels of 9 aliases each. */
static void test_yaml_limits(void **state)
{
	(void)state;
	quire_buf b = QUIRE_BUF_INIT;
	quire_buf_puts(&b, "a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
	for (int i = 1; i < 10; i++) {
		quire_buf_printf(&b, "a%d: &a%d [", i, i);
		for (int k = 0; k < 9; k++)
			quire_buf_printf(&b, "%s*a%d", k ? ", " : "", i - 1);
		quire_buf_puts(&b, "]\n");
	}
	jk_value *v = NULL;
	char why[200];
	assert_int_equal(jk_yaml_parse(b.data, b.len, &v, why, sizeof why), JK_YAML_LIMIT);
	assert_null(v);
	quire_buf_reset(&b);
	quire_buf_puts(&b, "deep: "); /* nested deeper than JK_MAX_YAML_DEPTH */
	for (int i = 0; i < 200; i++)
		quire_buf_puts(&b, "[");
	for (int i = 0; i < 200; i++)
		quire_buf_puts(&b, "]");
	assert_int_equal(jk_yaml_parse(b.data, b.len, &v, why, sizeof why), JK_YAML_LIMIT);
	quire_buf_free(&b);
}

static void test_lenient(void **state)
{
	(void)state;
	const char *t = "layout: post\n"
	                "title: \"Council says \"not yet\" to it\"\n"
	                "date: 2023-03-06 20:10:00 +0800 # a comment\n"
	                "categories:\n  - local\n  - \"news\"\n"
	                "tags: [a, 'b c']\n"
	                "nested:\n  key: value\n"
	                "empty:\n"
	                "# a comment line\n"
	                "quoted: 'it''s'\n";
	jk_value *v = jk_lenient_parse(t, strlen(t));
	assert_string_equal(jk_get_str(v, "title"), "Council says \"not yet\" to it");
	assert_string_equal(jk_get_str(v, "date"), "2023-03-06 20:10:00 +0800");
	const jk_value *c = jk_get(v, "categories");
	assert_int_equal(c->kind, JK_SEQ);
	assert_int_equal(c->n, 2);
	assert_string_equal(c->items[1]->str, "news");
	const jk_value *tags = jk_get(v, "tags");
	assert_int_equal(tags->n, 2);
	assert_string_equal(tags->items[1]->str, "b c");
	assert_int_equal(jk_get(v, "nested")->kind, JK_NULL); /* nested maps are not recovered */
	assert_null(jk_get(v, "key"));
	assert_int_equal(jk_get(v, "empty")->kind, JK_NULL);
	assert_string_equal(jk_get_str(v, "quoted"), "it''s");
	jk_value_free(v);
}

static void test_bom_crlf_dots(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	fx_write(&f, "_posts/2023-01-02-crlf.md",
	         "\xEF\xBB\xBF\r\n---\r\ntitle: CRLF post\r\ncategories: a b\r\n...\r\n\r\nFirst "
	         "line\r\nsecond.\r\n");
	quire_article *a = fx_post(&f, "_posts/2023-01-02-crlf.md", NULL);
	assert_string_equal(quire_article_get(a, QUIRE_TITLE), "CRLF post");
	assert_int_equal(quire_article_count(a, QUIRE_CATEGORIES), 2);
	assert_non_null(fx_diag(a, "front-matter-blank-lines"));
	assert_null(fx_diag(a, "front-matter-lenient"));
	size_t raw_size;
	const unsigned char *raw = quire_article_raw(a, &raw_size);
	assert_memory_equal(raw, "\xEF\xBB\xBF\r\n---", 8); /* raw bytes kept as read */
	xmlChar *text = xmlNodeGetContent(quire_article_body_root(a));
	assert_string_equal((const char *)text, "First line\nsecond.\n"); /* LF only */
	xmlFree(text);
	quire_article_free(a);
	fx_done(&f);
}

static void test_lenient_warning(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	fx_write(&f, "p.md", "---\ntitle: \"a \"b\" c\"\ntags: x y\n---\nBody.\n");
	quire_article *a = fx_post(&f, "p.md", NULL);
	assert_string_equal(quire_article_get(a, QUIRE_TITLE), "a \"b\" c");
	assert_int_equal(quire_article_count(a, QUIRE_TAGS), 2);
	const quire_diag *d = fx_diag(a, "front-matter-lenient");
	assert_non_null(d);
	assert_int_equal(d->level, QUIRE_LEVEL_WARNING);
	assert_non_null(strstr(d->message, "not valid YAML"));
	assert_non_null(strstr(d->message, "2 simple key: value fields"));
	quire_article_free(a);
	fx_done(&f);
}

static void test_unterminated(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	fx_write(&f, "p.md", "\n---\ntitle: open\n\nBody without a closing fence.\n");
	quire_article *a = NULL;
	quire_err err;
	assert_int_equal(fx_read(&f, "p.md", NULL, &a, &err), QUIRE_FAILED);
	assert_null(a);
	assert_string_equal(err.msg, "front matter opened by --- on line 2 is never closed");
	fx_done(&f);
}

static void test_no_front_matter_and_bad_bytes(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	fx_write(&f, "note.md", "Caf\xE9 and \xFF\xFE. Second sentence.\n");
	quire_article *a = fx_post(&f, "note.md", NULL);
	assert_non_null(fx_diag(a, "no-front-matter"));
	const quire_diag *d = fx_diag(a, "invalid-bytes");
	assert_non_null(d);
	assert_string_equal(d->message, "3 invalid UTF-8 sequences replaced with U+FFFD");
	assert_string_equal(quire_article_get(a, QUIRE_TITLE),
	                    "Caf\xEF\xBF\xBD and \xEF\xBF\xBD\xEF\xBF\xBD.");
	quire_article_free(a);
	fx_done(&f);
}

static void test_not_a_map_and_alias_bomb(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	fx_write(&f, "list.md", "---\n- a\n- b\n---\nText.\n");
	quire_article *a = fx_post(&f, "list.md", NULL);
	assert_non_null(fx_diag(a, "front-matter-lenient"));
	quire_article_free(a);

	quire_buf b = QUIRE_BUF_INIT;
	quire_buf_puts(&b, "---\ntitle: bomb\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (int i = 1; i < 12; i++) {
		quire_buf_printf(&b, "a%d: &a%d [", i, i);
		for (int k = 0; k < 10; k++)
			quire_buf_printf(&b, "%s*a%d", k ? ", " : "", i - 1);
		quire_buf_puts(&b, "]\n");
	}
	quire_buf_puts(&b, "---\nText.\n");
	fx_write(&f, "bomb.md", b.data);
	quire_buf_free(&b);
	a = fx_post(&f, "bomb.md", NULL);
	const quire_diag *d = fx_diag(a, "front-matter-lenient");
	assert_non_null(d);
	assert_non_null(strstr(d->message, "YAML nodes"));
	assert_string_equal(quire_article_get(a, QUIRE_TITLE), "bomb");
	quire_article_free(a);
	fx_done(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_split_fences),
	    cmocka_unit_test(test_yaml),
	    cmocka_unit_test(test_yaml_limits),
	    cmocka_unit_test(test_lenient),
	    cmocka_unit_test(test_bom_crlf_dots),
	    cmocka_unit_test(test_lenient_warning),
	    cmocka_unit_test(test_unterminated),
	    cmocka_unit_test(test_no_front_matter_and_bad_bytes),
	    cmocka_unit_test(test_not_a_map_and_alias_bomb),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
