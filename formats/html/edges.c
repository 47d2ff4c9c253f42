/* edges.c - the short lines at the edges of the article that say when and
 * from whom it came, not what it says: a date line ("16 января 2012 | 20:52",
 * "2012-01-17 20:36 来源：X"), a labelled source, author or editor line
 * ("来源：X", "责任编辑：X", "Источник: X"). The metadata was read from the
 * whole page before; the text keeps only the article. Lines between the
 * article's paragraphs stay. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "meta.h"

static const char *const S_blocks[] = {"p", "div", "li", "table", "ul", "ol", "section", "blockquote", NULL};

static bool S_leaf(const xmlNode *n)
{
	static const char *const leaves[] = {"p",  "div",    "dd", "dt",    "li",   "span",
	                                     "em", "strong", "b",  "small", "time", NULL};
	return dom_is_any(n, leaves) && !dom_count_desc(n, S_blocks);
}

/* A paragraph of the article's prose (as boiler.c's jusText "good"). */
static bool S_prose(const xmlNode *n)
{
	return dom_text_len(n) >= 80 && dom_link_density(n) < 0.3;
}

/* Letters of t outside the dates written in it; *dated tells whether any. */
static size_t S_letters_beside_dates(const char *t, bool *dated)
{
	size_t letters = 0;
	*dated = false;
	for (const char *p = t; *p;) {
		unsigned char prev = p > t ? (unsigned char)p[-1] : ' ';
		bool start = !((prev >= '0' && prev <= '9') || (prev >= 'a' && prev <= 'z') ||
		               (prev >= 'A' && prev <= 'Z'));
		char out[32];
		size_t k = start ? datetext_at(p, out, sizeof out) : 0;
		if (k) {
			*dated = true;
			p += k;
			continue;
		}
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &c);
		if (n <= 0) break;
		utf8proc_category_t cat = utf8proc_category(c);
		letters += cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
		p += n;
	}
	return letters;
}

/* Labels of the lines that name a source, an author, an editor or a time
 * (lower case; a colon follows them). */
static const char *const S_labels[] = {
    "来源",         "來源",       "作者",      "责任编辑",   "責任編輯",     "编辑",      "編輯",
    "稿源",         "出处",       "发布时间",  "發佈時間",   "发表时间",     "时间",      "日期",
    "更新时间",     "更新時間",   "source",    "posted",     "published",    "updated",   "last updated",
    "author",       "источник",   "автор",     "добавлено",  "опубликовано", "обновлено", "дата",
    "прочитано",    "просмотров", "źródło",    "autor",      "data",         "dodano",    "aktualizacja",
    "opublikowano", "πηγή",       "συντάκτης", "δημοσίευση", "ενημέρωση",    NULL};

/* t opens with one of the labels, then a colon (full-width too: NFKC) or a
 * number ("Опубликовано 17 января 12"); a bracket or 本文 may come first
 * ("[编辑：X]", "(本文来源：X)"). */
static bool S_labelled(const char *t)
{
	static const char *const opens[] = {"[", "(", "【", "（", "本文", NULL};
	for (int i = 0; opens[i]; i++) {
		size_t k = strlen(opens[i]);
		if (!strncmp(t, opens[i], k)) t += k;
	}
	utf8proc_uint8_t *low = utf8proc_NFKC_Casefold((const utf8proc_uint8_t *)t);
	if (!low) return false;
	bool yes = false;
	for (int i = 0; S_labels[i] && !yes; i++) {
		size_t k = strlen(S_labels[i]);
		const char *r = (const char *)low + k;
		yes = !strncmp((const char *)low, S_labels[i], k) &&
		      (*r == ':' || (*r == ' ' && (r[1] == ':' || (r[1] >= '0' && r[1] <= '9'))));
	}
	free(low);
	return yes;
}

/* A short line that is a date (with a time, a weekday, a label) or a
 * labelled source/author/editor line. */
static bool S_meta_line(const xmlNode *n)
{
	if (dom_text_len(n) > 100) return false;
	char *t = dom_text(n);
	bool dated, yes = false;
	if (*t) {
		size_t rest = S_letters_beside_dates(t, &dated);
		yes = (dated && rest <= 20) || S_labelled(t);
	}
	free(t);
	return yes;
}

void html_edges_trim(xmlNodePtr article)
{
	size_t n = 0, cap = 0, first = SIZE_MAX, last = 0;
	xmlNodePtr *v = NULL;
	for (xmlNodePtr k = dom_first_el(article); k;) {
		if (!S_leaf(k)) {
			k = dom_next_node(k, false);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			v = realloc(v, cap * sizeof *v);
			if (!v) abort();
		}
		if (S_prose(k)) {
			if (first == SIZE_MAX) first = n;
			last = n;
		}
		v[n++] = k;
		k = dom_next_node(k, true);
	}
	for (size_t i = 0; first != SIZE_MAX && i < n; i++)
		if ((i < first || i > last) && S_meta_line(v[i])) dom_remove(v[i]);
	free(v);
}
