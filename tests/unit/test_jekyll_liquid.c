/* test_jekyll_liquid.c - the Liquid a post body goes through before Markdown:
 * {% raw %} unwrapped verbatim, {{ page.x }} / {{ site.x }} resolved (nested
 * keys, lists, a few filters), comments dropped, highlight made a fence, other
 * tags and unknown variables removed with one warning each kind. */
#include "test_jekyll_fixture.h"

typedef struct env {
	jk_value *page, *fm, *site;
	quire_article *a;
	jk_liquid_env e;
} env;

static jk_value *S_yaml(const char *t)
{
	jk_value *v = NULL;
	assert_int_equal(jk_yaml_parse(t, strlen(t), &v, NULL, 0), JK_YAML_OK);
	return v;
}

static void S_env(env *e)
{
	e->page = S_yaml("title: Page Title\nurl: /p/\ntags: [a, b]\n");
	e->fm = S_yaml("title: ignored (page wins)\nauthor: Ann\nextra:\n  n: 42\n");
	e->site = S_yaml("title: My Site\nowner:\n  name: Bo\n");
	e->a = quire_article_new();
	jk_liquid_env le = {e->page, e->fm, e->site, "https://site.example", "/blog", e->a};
	e->e = le;
}

static void S_env_free(env *e)
{
	jk_value_free(e->page);
	jk_value_free(e->fm);
	jk_value_free(e->site);
	quire_article_free(e->a);
}

static void S_expect(env *e, const char *in, const char *want)
{
	quire_buf out = QUIRE_BUF_INIT;
	jk_liquid_render(in, strlen(in), &e->e, &out);
	assert_string_equal(out.data, want);
	quire_buf_free(&out);
}

static void test_variables(void **state)
{
	(void)state;
	env e;
	S_env(&e);
	S_expect(&e, "{{ page.title }} by {{page.author}} on {{ site.title }}",
	         "Page Title by Ann on My Site");
	S_expect(&e, "{{ site.owner.name }}/{{ page.extra.n }}/{{ page.tags }}", "Bo/42/ab");
	S_expect(&e, "{{- site.url -}}{{ site.baseurl }}", "https://site.example");
	S_expect(&e, "{{ \"/img/a.png\" | relative_url }} {{ '/x' | absolute_url }}",
	         "/blog/img/a.png https://site.example/blog/x");
	S_expect(&e, "{{ page.title | upcase }} {{ site.title | downcase | strip }}", "PAGE TITLE my site");
	S_expect(&e, "{{ '<b>' | escape }}", "&lt;b&gt;");
	assert_int_equal(quire_article_diag_count(e.a), 0);
	S_env_free(&e);
}

static void test_raw_and_removed(void **state)
{
	(void)state;
	env e;
	S_env(&e);
	S_expect(&e, "a {% raw %}{{ page.title }} {% if x %}{% endraw %} b",
	         "a {{ page.title }} {% if x %} b");
	S_expect(&e, "{%- raw -%}\n{{ x }}\n{%- endraw -%}", "\n{{ x }}\n");
	assert_int_equal(quire_article_diag_count(e.a), 0);

	S_expect(&e, "x{% comment %} {{ gone }} {% endcomment %}y", "xy");
	S_expect(&e, "{% highlight ruby linenos %}\nputs {{ page.title }}\n{% endhighlight %}",
	         "\n```ruby\nputs Page Title\n```\n");
	assert_int_equal(quire_article_diag_count(e.a), 0);

	S_expect(&e, "A{% include toc.html %}B{% if page.tags %}C{% endif %}{% assign x = 1 %}", "ABC");
	const quire_diag *d = fx_diag(e.a, "liquid-tag-removed");
	assert_non_null(d);
	assert_int_equal(d->level, QUIRE_LEVEL_WARNING);
	assert_string_equal(
	    d->message, "4 Liquid tags removed (they need the site's templates): include, if, endif, assign");

	S_expect(&e, "[{{ page.nope }}][{{ other }}][{{ page.title | frobnicate: 3 }}]", "[][][Page Title]");
	d = fx_diag(e.a, "liquid-variable-removed");
	assert_non_null(d);
	assert_string_equal(d->message,
	                    "2 Liquid variables could not be resolved and were removed: page.nope, other");
	d = fx_diag(e.a, "liquid-filter-ignored");
	assert_non_null(d);
	assert_string_equal(d->message, "1 Liquid filter ignored: frobnicate");
	S_env_free(&e);
}

static void test_not_liquid(void **state)
{
	(void)state;
	env e;
	S_env(&e);
	/* braces that are not Liquid, and unterminated markers, stay text */
	S_expect(&e, "a { b } {x} {% no end", "a { b } {x} {% no end");
	S_expect(&e, "json {\"a\": {\"b\": 1}} and {{ unclosed", "json {\"a\": {\"b\": 1}} and {{ unclosed");
	S_expect(&e, "{% raw %}never closed {{ x }}", "never closed {{ x }}");
	assert_int_equal(quire_article_diag_count(e.a), 0);
	S_env_free(&e);
}

static void test_in_a_post(void **state)
{
	(void)state;
	fx f;
	fx_init(&f);
	fx_write(&f, "_config.yml", "title: 山间小报\n");
	fx_write(
	    &f, "_posts/2023-01-01-l.md",
	    "---\ntitle: L\ndate: 2023-01-01 08:00 +0100\n---\n**{{ site.title }}** / {{ page.title }}\n\n"
	    "{% raw %}`{{ page.title }}`{% endraw %}\n");
	quire_article *a = fx_post(&f, "_posts/2023-01-01-l.md", "");
	quire_buf b = QUIRE_BUF_INIT;
	body_to_xhtml(a, false, &b);
	assert_non_null(strstr(b.data, "<strong>山间小报</strong> / L"));
	assert_non_null(strstr(b.data, "<code>{{ page.title }}</code>"));
	quire_buf_free(&b);
	assert_int_equal(quire_article_warning_count(a), 0);
	quire_article_free(a);
	fx_done(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_variables),
	    cmocka_unit_test(test_raw_and_removed),
	    cmocka_unit_test(test_not_liquid),
	    cmocka_unit_test(test_in_a_post),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
