/* jsonl/dump.c - the article model as one JSON object (quire_article_to_json):
 * every field, list, time (instant, offset, precision), the body as plain
 * text and as XHTML, resources, provenance and diagnostics. What the jsonl
 * writer, `quire inspect` and the WARC metadata records print. It reads the
 * model through its accessors only and never modifies it. */
#include <stdio.h>

#include "../txt/txt.h"
#include "jsonl.h"

static void S_json_field(quire_buf *b, const char *key, const char *value)
{
	quire_buf_putc(b, ',');
	quire_buf_json_string(b, key);
	quire_buf_putc(b, ':');
	if (value)
		quire_buf_json_string(b, value);
	else
		quire_buf_puts(b, "null");
}

static void S_json_list(quire_buf *b, const quire_article *a, const char *key, quire_list l)
{
	quire_buf_putc(b, ',');
	quire_buf_json_string(b, key);
	quire_buf_puts(b, ":[");
	for (size_t i = 0, n = quire_article_count(a, l); i < n; i++) {
		if (i) quire_buf_putc(b, ',');
		quire_buf_json_string(b, quire_article_item(a, l, i));
	}
	quire_buf_putc(b, ']');
}

/* A time as RFC 3339 with its offset ("2022-05-26T00:00:00+08:00"), and its
 * precision as written in a sibling key, so the dump keeps the whole model:
 * instant, offset and precision. */
static void S_json_time(quire_buf *b, const char *key, const quire_time *t)
{
	static const char *const prec[] = {"none", "date", "minute", "second"};
	char iso[40], pkey[40];
	quire_time full = *t;
	full.precision = QUIRE_PREC_SECOND;
	S_json_field(b, key, t->precision ? quire_time_iso(&full, iso, sizeof iso) : NULL);
	snprintf(pkey, sizeof pkey, "%s_precision", key);
	S_json_field(b, pkey, (unsigned)t->precision < 4 && t->precision ? prec[t->precision] : NULL);
}

int quire_article_to_json(const quire_article *a, quire_buf *b)
{
	const char *id = quire_article_get(a, QUIRE_ID);
	quire_buf_puts(b, "{\"id\":");
	quire_buf_json_string(b, id ? id : "");
	S_json_field(b, "title", quire_article_get(a, QUIRE_TITLE));
	if (quire_article_get(a, QUIRE_SUBTITLE))
		S_json_field(b, "subtitle", quire_article_get(a, QUIRE_SUBTITLE));
	S_json_list(b, a, "authors", QUIRE_AUTHORS);
	if (quire_article_count(a, QUIRE_EDITORS)) /* absent when none: older dumps stay as they were */
		S_json_list(b, a, "editors", QUIRE_EDITORS);
	S_json_time(b, "published", quire_article_time(a, QUIRE_PUBLISHED));
	S_json_time(b, "modified", quire_article_time(a, QUIRE_MODIFIED));
	S_json_field(b, "lang", quire_article_get(a, QUIRE_LANG));
	S_json_field(b, "url", quire_article_get(a, QUIRE_URL));
	S_json_field(b, "source_url", quire_article_get(a, QUIRE_SOURCE_URL));
	S_json_field(b, "site_name", quire_article_get(a, QUIRE_SITE_NAME));
	S_json_field(b, "publisher", quire_article_get(a, QUIRE_PUBLISHER));
	S_json_list(b, a, "categories", QUIRE_CATEGORIES);
	S_json_list(b, a, "tags", QUIRE_TAGS);
	S_json_field(b, "summary", quire_article_get(a, QUIRE_SUMMARY));
	S_json_field(b, "image", quire_article_get(a, QUIRE_IMAGE));

	quire_buf text = QUIRE_BUF_INIT;
	text_render_article(a, 0, TEXT_PLAIN, &text);
	/* the body text without trailing newlines */
	while (text.len && text.data[text.len - 1] == '\n')
		text.data[--text.len] = '\0';
	S_json_field(b, "text", text.data ? text.data : "");
	quire_buf_reset(&text);
	body_to_xhtml(a, false, &text);
	S_json_field(b, "xhtml", text.data ? text.data : "");
	quire_buf_free(&text);

	quire_buf_puts(b, ",\"resources\":[");
	for (size_t i = 0, n = quire_article_resource_count(a); i < n; i++) {
		const quire_resource *r = quire_article_resource(a, i);
		char hex[65];
		digest_sha256_hex(r->data, r->size, hex);
		quire_buf_printf(b, "%s{\"ref\":", i ? "," : "");
		quire_buf_json_string(b, r->ref);
		quire_buf_puts(b, ",\"media_type\":");
		quire_buf_json_string(b, r->media_type);
		quire_buf_printf(b, ",\"size\":%zu,\"sha256\":\"%s\"}", r->size, hex);
	}
	quire_buf_puts(b, "],\"provenance\":{\"path\":");
	char where[4096];
	quire_buf_json_string(b, article_portable_path(a, where, sizeof where));
	S_json_field(b, "record_id", quire_article_get(a, QUIRE_RECORD_ID));
	S_json_field(b, "reader", quire_article_get(a, QUIRE_READER));
	S_json_field(b, "charset", quire_article_get(a, QUIRE_CHARSET));
	S_json_field(b, "charset_source", quire_article_get(a, QUIRE_CHARSET_SOURCE));
	S_json_field(b, "raw_type", quire_article_get(a, QUIRE_RAW_TYPE));
	S_json_field(b, "raw_digest", quire_article_get(a, QUIRE_RAW_DIGEST));
	size_t raw_size = 0;
	quire_article_raw(a, &raw_size);
	quire_buf_printf(b, ",\"raw_size\":%zu}", raw_size);
	quire_buf_puts(b, ",\"diagnostics\":[");
	for (size_t i = 0, n = quire_article_diag_count(a); i < n; i++) {
		static const char *const lv[] = {"error", "warning", "info"};
		const quire_diag *d = quire_article_diag_at(a, i);
		quire_buf_printf(b, "%s{\"level\":\"%s\",\"code\":", i ? "," : "", lv[d->level]);
		quire_buf_json_string(b, d->code);
		quire_buf_puts(b, ",\"message\":");
		quire_buf_json_string(b, d->message);
		quire_buf_putc(b, '}');
	}
	quire_buf_puts(b, "]}");
	return 0;
}
