/* report.c - the --report file: a JSON document streamed input by input as
 * the writer drains them (path, status, reader, charset, counts, messages,
 * output, time), then the totals. It reads what the batch gathered; it
 * decides nothing about the run. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"

#define MAX_REPORT_MESSAGES 50 /* messages kept per input in the report */

/* JSON string of text that may not be UTF-8 (file names). */
static void S_json_text(quire_buf *j, const char *s)
{
	if (!s) {
		quire_buf_puts(j, "null");
		return;
	}
	size_t n = strlen(s);
	if (text_utf8_valid(s, n)) {
		quire_buf_json_string(j, s);
		return;
	}
	quire_buf fixed = QUIRE_BUF_INIT;
	text_utf8_repair(s, n, &fixed);
	quire_buf_putc(&fixed, '\0');
	quire_buf_json_string(j, fixed.data);
	quire_buf_free(&fixed);
}

static void S_report_write(batch *b, quire_buf *j)
{
	quire_err err;
	if (b->report && quire_out_write(b->report, j->data, j->len, &err) != QUIRE_OK) {
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "%s", err.msg);
		quire_out_discard(b->report);
		b->report = NULL;
	}
	quire_buf_reset(j);
}

void report_input(batch *b, const qinput *in, const char *status, const char *reader, const entry *e,
                  double seconds)
{
	if (!b->report) return;
	quire_buf j = QUIRE_BUF_INIT;
	quire_buf_puts(&j, b->reported++ ? ",\n{\"path\":" : "\n{\"path\":");
	char buf[PATH_MAX];
	S_json_text(&j, qinput_path(in, buf, sizeof buf));
	quire_buf_puts(&j, ",\"status\":");
	quire_buf_json_string(&j, status);
	quire_buf_puts(&j, ",\"reader\":");
	S_json_text(&j, reader);
	quire_buf_puts(&j, ",\"charset\":");
	S_json_text(&j, e ? e->charset : NULL);
	quire_buf_printf(&j, ",\"articles\":%zu,\"kept_existing\":%zu,\"warnings\":[", e ? e->articles : 0,
	                 e ? e->kept : 0);
	if (e && e->warn_json.len) quire_buf_append(&j, e->warn_json.data, e->warn_json.len);
	quire_buf_puts(&j, "],\"errors\":[");
	if (e && e->err_json.len) quire_buf_append(&j, e->err_json.data, e->err_json.len);
	quire_buf_puts(&j, "],\"output\":");
	S_json_text(&j, e ? e->output : NULL);
	quire_buf_printf(&j, ",\"seconds\":%.3f}", seconds);
	S_report_write(b, &j);
	quire_buf_free(&j);
}

quire_result report_open(batch *b)
{
	const quire_options *o = b->o;
	quire_err err;
	quire_err_clear(&err);
	b->report = quire_out_open(b->ctx, o->report, &err);
	if (!b->report) {
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "%s", err.msg);
		return QUIRE_FATAL;
	}
	quire_buf j = QUIRE_BUF_INIT;
	quire_buf_printf(&j, "{\"quire\":\"%s\",\"command\":\"%s\",\"output\":", QUIRE_VERSION,
	                 b->inspect ? "inspect" : "convert");
	S_json_text(&j, b->inspect ? "-" : o->output);
	quire_buf_puts(&j, ",\"format\":");
	S_json_text(&j, b->writer ? b->writer->name : o->to);
	if (o->shard_n)
		quire_buf_printf(&j, ",\"shard\":\"%u/%u\"", o->shard_k, o->shard_n);
	else
		quire_buf_puts(&j, ",\"shard\":null");
	quire_buf_puts(&j, ",\"inputs\":[");
	S_report_write(b, &j);
	quire_buf_free(&j);
	return b->report ? QUIRE_OK : QUIRE_FATAL;
}

bool report_finish(batch *b, quire_result result)
{
	if (!b->report) return !b->o->report;
	for (size_t i = b->consumed; i < b->inputs.n; i++)
		report_input(b, qinput_at(&b->inputs, i), "not-converted", NULL, NULL, 0);
	quire_buf j = QUIRE_BUF_INIT;
	static const char *const names[] = {"ok", "failed", "fatal"};
	int st = quire_exit_status(result);
	double now = batch_now();
	quire_buf_printf(
	    &j,
	    "\n],\"totals\":{\"inputs\":%zu,\"converted_inputs\":%llu,\"articles\":%llu,\"failed\":%llu,"
	    "\"skipped\":%llu,\"warnings\":%llu,\"bytes_in\":%llu},"
	    "\"timings\":{\"discover\":%.3f,\"convert\":%.3f,\"total\":%.3f},"
	    "\"status\":\"%s\",\"exit\":%d,\"interrupted\":%s}\n",
	    b->inputs.n, (unsigned long long)b->stats.inputs, (unsigned long long)b->stats.articles,
	    (unsigned long long)b->stats.failed, (unsigned long long)b->stats.skipped,
	    (unsigned long long)b->stats.warnings, (unsigned long long)b->stats.bytes_in,
	    b->t_discovered - b->t0, now - b->t_discovered, now - b->t0, names[st], st,
	    quire_ctx_interrupted(b->ctx) ? "true" : "false");
	S_report_write(b, &j);
	quire_buf_free(&j);
	quire_err err;
	quire_err_clear(&err);
	bool ok = b->report != NULL;
	if (b->report && quire_out_commit(b->report, &err) != QUIRE_OK) {
		quire_ctx_message(b->ctx, QUIRE_LEVEL_ERROR, NULL, "%s", err.msg);
		ok = false;
	}
	b->report = NULL;
	return ok;
}

void report_entry_msg(entry *e, quire_buf *arr, const char *msg)
{
	if (e->nmsgs++ >= MAX_REPORT_MESSAGES) return;
	if (arr->len) quire_buf_putc(arr, ',');
	S_json_text(arr, msg);
}
