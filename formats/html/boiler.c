/* boiler.c - the second opinion on the article container extract.c chose,
 * in the manner of trafilatura: blocks named as boilerplate by their class or
 * id (comments, related lists, share and print bars, breadcrumbs, tags,
 * cookie notices), lists and short blocks made of links, and everything after
 * a heading that opens the page's chrome ("Comments", "相关新闻", "Тэги:")
 * once the article's text is behind it, and the leaf blocks after the last
 * one that can close an article. It decides nothing about where the
 * article is, and it never removes most of the article's text. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "html.h"

/* ---- names ------------------------------------------------------------------- */

/* class/id words of blocks that are never article text */
static const char *const S_chrome_names[] = {
    "comment",  "koment",     "komment",  "reply",   "respond",   "disqus",     "related",
    "similar",  "podobne",    "share",    "sharing", "social",    "sociable",   "tagcloud",
    "tags",     "breadcrumb", "crumbs",   "rating",  "vote",      "newsletter", "subscri",
    "cookie",   "consent",    "outbrain", "taboola", "recommend", "popular",    "most-read",
    "mostread", "toolbar",    "bookmark", "addthis", "jiathis",   "bshare",     "copyright",
    "pagelist", "page-nav",   "pagenav",  "paging",  "login",     "signup",     "assessment",
    "poll",     "survey",     "calendar", "weather", "informer",  "orphus",     NULL};

/* What a heading opening the chrome says, in lower case (compared with the
 * case-folded text, without spaces, a colon or a count after it). */
static const char *const S_chrome_heads[] = {"comments",
                                             "comment",
                                             "leave a comment",
                                             "add a comment",
                                             "related",
                                             "related articles",
                                             "related stories",
                                             "related posts",
                                             "related news",
                                             "related links",
                                             "read more",
                                             "more stories",
                                             "more news",
                                             "see also",
                                             "you may also like",
                                             "recommended",
                                             "most read",
                                             "most popular",
                                             "tags",
                                             "share",
                                             "share this",
                                             "share this article",
                                             "print",
                                             "advertisement",
                                             "komentarze",
                                             "komentarz",
                                             "dodaj komentarz",
                                             "skomentuj",
                                             "podobne",
                                             "zobacz także",
                                             "czytaj także",
                                             "tagi",
                                             "udostępnij",
                                             "polecamy",
                                             "przeczytaj też",
                                             "zobacz wszystkie",
                                             "wybrane komentarze",
                                             "reklama",
                                             "комментарии",
                                             "комментарий",
                                             "добавить комментарий",
                                             "оставить комментарий",
                                             "читайте также",
                                             "смотрите также",
                                             "похожие новости",
                                             "по теме",
                                             "другие новости",
                                             "новости партнеров",
                                             "новости партнёров",
                                             "last comments",
                                             "more from",
                                             "новости по теме",
                                             "ссылки по теме",
                                             "больше по теме",
                                             "материалы по теме",
                                             "тэги",
                                             "теги",
                                             "метки",
                                             "поделиться",
                                             "реклама",
                                             "σχόλια",
                                             "σχετικά",
                                             "σχετικά άρθρα",
                                             "ετικέτες",
                                             "διαβάστε επίσης",
                                             "相关新闻",
                                             "相关阅读",
                                             "相关文章",
                                             "相关链接",
                                             "相关报道",
                                             "相关专题",
                                             "延伸阅读",
                                             "推荐阅读",
                                             "热点推荐",
                                             "点击排行",
                                             "热门排行",
                                             "排行榜",
                                             "热门文章",
                                             "热门新闻",
                                             "精彩推荐",
                                             "网友评论",
                                             "我要评论",
                                             "发表评论",
                                             "评论",
                                             "分享到",
                                             "分享",
                                             "标签",
                                             "打印",
                                             "关闭",
                                             "相關新聞",
                                             "相關閱讀",
                                             "熱門新聞",
                                             "延伸閱讀",
                                             "網友評論",
                                             "相關blog",
                                             "分享工具",
                                             "频道推荐",
                                             "新聞討論",
                                             "本篇新闻热门关键词",
                                             "分享到",
                                             "列印",
                                             "轉寄",
                                             "關閉",
                                             "歷史新聞",
                                             NULL};

/* Case-folds s (utf8proc) into out, without spaces, a trailing count
 * ("(25)") or trailing punctuation. */
static void S_fold(const char *s, char *out, size_t size)
{
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t n =
	    utf8proc_map((const utf8proc_uint8_t *)s, 0, &folded,
	                 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	size_t j = 0;
	for (const unsigned char *p = n > 0 ? folded : (const utf8proc_uint8_t *)""; *p && j + 1 < size; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') out[j++] = (char)*p;
	out[j] = '\0';
	free(folded);
	/* a count, a colon, dots or an arrow after the words */
	for (bool cut = true; cut && j;) {
		cut = false;
		unsigned char last = (unsigned char)out[j - 1];
		if ((last >= '0' && last <= '9') || strchr(":()[]>.|-", last)) {
			out[--j] = '\0';
			cut = true;
		} else if (j >= 2 && !strcmp(out + j - 2, "»")) {
			j -= 2;
			out[j] = '\0';
			cut = true;
		} else if (j >= 3 && (!strcmp(out + j - 3, "：") || !strcmp(out + j - 3, "）") ||
		                      !strcmp(out + j - 3, "（") || !strcmp(out + j - 3, "…"))) {
			j -= 3;
			out[j] = '\0';
			cut = true;
		}
	}
}

/* f (folded) equals head (lower case as written) but for head's spaces;
 * with prefix, f may go on after it ("Комментарии к новости"). */
static bool S_same_head(const char *f, const char *head, bool prefix)
{
	for (;; head++) {
		if (*head == ' ') continue;
		if (!*head) return !*f || prefix;
		if (*head != *f) return false;
		f++;
	}
}

/* A line opening the chrome: one of the heads, or a short line starting with
 * one of the longer ones. */
static bool S_is_chrome_head(const char *text)
{
	char f[160];
	S_fold(text, f, sizeof f);
	if (!*f) return false;
	bool shortish = strlen(f) <= 60, few_han = strlen(f) <= 30;
	for (int i = 0; S_chrome_heads[i]; i++) {
		const char *h = S_chrome_heads[i];
		if (S_same_head(f, h, shortish && strlen(h) >= 8)) return true;
		/* a Chinese head of four letters inside a short line ("最热门新闻") */
		if (few_han && (unsigned char)h[0] >= 0xE3 && strlen(h) >= 12 && strstr(f, h)) return true;
	}
	return false;
}

/* Inside the article a printing widget ("print") is chrome too; on the whole
 * page the word also names printable articles. */
static bool S_chrome_name(const xmlNode *n, bool in_article)
{
	static const char *const print[] = {"print", NULL};
	const char *c = dom_attr(n, "class"), *id = dom_attr(n, "id");
	return (c && (dom_has_word(c, S_chrome_names) || (in_article && dom_has_word(c, print)))) ||
	       (id && (dom_has_word(id, S_chrome_names) || (in_article && dom_has_word(id, print))));
}

/* ---- the pass ---------------------------------------------------------------- */

typedef struct S_pass {
	size_t total; /* text of the whole article */
	size_t seen;  /* text before the node being looked at */
	size_t teasers;
	bool list_page; /* teasers are the content */
} S_pass;

static bool S_headish(const xmlNode *n)
{
	static const char *const names[] = {"h1",     "h2", "h3", "h4", "h5", "h6", "p",  "div",  "span", "b",
	                                    "strong", "li", "td", "th", "dt", "a",  "em", "font", NULL};
	return dom_is_any(n, names);
}

/* Removes n and everything after it inside the article. */
static void S_truncate(xmlNodePtr n)
{
	for (xmlNodePtr a = n; a && a->parent; a = a->parent) {
		while (a->next)
			dom_remove(a->next);
	}
	dom_remove(n);
}

/* Text length of the text nodes in n's subtree (bytes: only compared). */
static size_t S_bytes(const xmlNode *n)
{
	size_t k = 0;
	for (const xmlNode *c = n; c; c = limits_tree_next(n, c))
		if (c->type == XML_TEXT_NODE && c->content) k += strlen((const char *)c->content);
	return k;
}

/* A list whose items are links and little else (a related list, a menu). */
static bool S_link_list(const xmlNode *n)
{
	if (!dom_is(n, "ul") && !dom_is(n, "ol")) return false;
	size_t items = 0;
	for (xmlNodePtr li = dom_first_el(n); li; li = dom_next_el(li))
		items += dom_is(li, "li");
	if (items < 2) return false;
	size_t len = dom_text_len(n);
	return len && len / items < 120 && dom_link_density(n) > 0.5;
}

/* A short block of links alone (a "more" line, a tag line). */
static bool S_link_block(const xmlNode *n)
{
	static const char *const blocks[] = {"p", "div", "dd", "dl", "table", NULL};
	if (!dom_is_any(n, blocks)) return false;
	size_t len = dom_text_len(n);
	return len && len < 300 && dom_link_density(n) > 0.5;
}

/* A short line of links after a label ("Tags: a, b", "标签：x y"). */
static bool S_tag_line(const xmlNode *n)
{
	static const char *const labels[] = {
	    "tags",           "tag",    "tagi",   "тэги", "теги",         "метки",    "ετικέτες",
	    "标签",           "关键词", "關鍵字", "標籤", "schlagwörter", "keywords", "słowa kluczowe",
	    "ключевые слова", NULL};
	static const char *const a[] = {"a", NULL};
	if (!dom_count_desc(n, a) || dom_text_len(n) > 200) return false;
	char *t = dom_text(n), f[64];
	bool colon = strchr(t, ':') || strstr(t, "\xEF\xBC\x9A"); /* each label has one after it */
	if (colon) S_fold(t, f, sizeof f);
	free(t);
	if (!colon) return false;
	for (int i = 0; labels[i]; i++) {
		size_t k = strlen(labels[i]);
		if (!strncmp(f, labels[i], k) && (!strncmp(f + k, ":", 1) || !strncmp(f + k, "：", 3)))
			return true;
	}
	return false;
}

enum { S_KEEP, S_DROP, S_CUT };

/* Phrases only the site's own notices use: copyright and disclaimer lines,
 * typo-report hints, font-size and copy-link widgets, breadcrumbs' end. */
static const char *const S_notice_phrases[] = {"未經授權",
                                               "未经授权",
                                               "不得轉載",
                                               "不得转载",
                                               "版权所有",
                                               "版權所有",
                                               "凡注明",
                                               "字号：",
                                               "字體︰",
                                               "字体：",
                                               "复制成功",
                                               "人已评",
                                               "昵称：",
                                               "跟贴读取",
                                               "Ctrl+Enter",
                                               "Ctrl-Enter",
                                               "CTRL+V",
                                               "All rights reserved",
                                               "Все права защищены",
                                               "Wszelkie prawa zastrzeżone",
                                               "> 正文",
                                               "&gt; 正文",
                                               NULL};

static const char *const S_blocks[] = {"p", "div", "li", "table", "ul", "ol", "section", NULL};

static bool S_notice(const char *t)
{
	if (!strncmp(t, "\xC2\xA9", 2) || !strncasecmp(t, "copyright", 9))
		return true; /* ©, a copyright line */
	for (int i = 0; S_notice_phrases[i]; i++)
		if (strstr(t, S_notice_phrases[i])) return true;
	return false;
}

/* A heading made of one link names another page's story: the short block
 * that holds it (with a date, a summary, a picture) is a teaser of a list
 * of other articles, once this article's text is behind it. */
static bool S_teaser_shape(const xmlNode *n, size_t here)
{
	static const char *const boxes[] = {"div", "li", "section", "article", "td", NULL};
	static const char *const heads[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
	if (here >= 2400 || !dom_is_any(n, boxes) || dom_text_len(n) >= 500) return false;
	xmlNodePtr end = dom_next_node((xmlNodePtr)n, true);
	for (xmlNodePtr k = dom_first_el(n); k && k != end; k = dom_next_node(k, false))
		if (dom_is_any(k, heads) && S_bytes(k) >= 10 && dom_link_density(k) >= 0.8) return true;
	return false;
}

/* When the first teaser comes before a third of the text, the page is a
 * list of stories (a section front): its teasers are its content. */
static bool S_teaser(S_pass *p, const xmlNode *n, size_t here)
{
	if (p->list_page || !S_teaser_shape(n, here)) return false;
	if (!p->teasers++ && p->seen * 3 < p->total) p->list_page = true;
	return !p->list_page;
}

static int S_judge(S_pass *p, xmlNodePtr n, size_t here)
{
	if (here * 2 > p->total) return S_KEEP; /* most of the article is no boilerplate */
	if (S_chrome_name(n, true)) return S_DROP;
	if (S_link_list(n) || S_link_block(n) || S_tag_line(n) || S_teaser(p, n, here)) return S_DROP;
	if (here >= 400 || !(S_headish(n) || here < 200)) return S_KEEP;
	char *t = dom_text(n);
	int v = S_KEEP;
	if (here < 200 && S_headish(n) && S_is_chrome_head(t))
		v = p->seen * 3 > p->total * 2 ? S_CUT : S_DROP;
	else if (here < 400 && !dom_count_desc(n, S_blocks) && S_notice(t))
		v = S_DROP;
	free(t);
	return v;
}

/* ---- the tail ------------------------------------------------------------- */

/* A leaf block: a paragraph-like element without blocks inside. */
static bool S_leaf_block(const xmlNode *n)
{
	static const char *const leaves[] = {"p",   "li",         "h1",         "h2", "h3",  "h4",
	                                     "h5",  "h6",         "dd",         "dt", "pre", "td",
	                                     "div", "blockquote", "figcaption", NULL};
	return dom_is_any(n, leaves) && !dom_count_desc(n, S_blocks);
}

/* A block that reads as article prose (jusText's "good"). */
static bool S_good(const xmlNode *n)
{
	return S_bytes(n) >= 150 && dom_link_density(n) < 0.3;
}

/* Does the text end as a sentence does? */
static bool S_sentence(const char *t)
{
	static const char *const ends[] = {".",
	                                   "!",
	                                   "?",
	                                   "\"",
	                                   "\xE2\x80\x9D",
	                                   "\xC2\xBB",
	                                   ")",
	                                   "\xE3\x80\x82",
	                                   "\xEF\xBC\x81",
	                                   "\xEF\xBC\x9F",
	                                   "\xEF\xBC\x89",
	                                   "\xE2\x80\xA6",
	                                   NULL};
	size_t n = strlen(t);
	for (int i = 0; ends[i]; i++) {
		size_t k = strlen(ends[i]);
		if (n >= k && !memcmp(t + n - k, ends[i], k)) return true;
	}
	return false;
}

/* A block that may close an article: prose, or a plain sentence (a short
 * last paragraph, a signature) without links. */
static bool S_closing(const xmlNode *n)
{
	static const char *const a[] = {"a", NULL};
	if (S_good(n)) return true;
	if (dom_count_desc(n, a)) return false;
	char *t = dom_text(n);
	bool yes = strlen(t) >= 20 && S_sentence(t);
	free(t);
	return yes;
}

/* A block that shows a picture, a video or a sound: the article's media,
 * which often close it (a last photo, a chart) and carry little text. */
static bool S_media(const xmlNode *n)
{
	static const char *const media[] = {"img", "picture", "svg", "video", "audio", "math", NULL};
	return dom_is_any(n, media) || dom_count_desc(n, media);
}

/* After the last block that may close the article, the leaf blocks are the
 * page's: dates of other stories, counters, link lists, widgets; its media
 * stay. */
static void S_trim_tail(xmlNodePtr article)
{
	xmlNodePtr last = NULL;
	for (xmlNodePtr n = dom_first_el(article); n; n = dom_next_node(n, false))
		if (S_leaf_block(n) && S_closing(n)) last = n;
	if (!last) return;
	size_t tail = 0;
	for (xmlNodePtr n = dom_next_node(last, true); n; n = dom_next_node(n, S_leaf_block(n)))
		tail += S_leaf_block(n) ? S_bytes(n) : 0;
	if (tail * 2 > S_bytes(article)) return; /* that much is no tail */
	for (xmlNodePtr n = dom_next_node(last, true); n;)
		n = S_leaf_block(n) && !S_media(n) ? dom_remove_and_next(n) : dom_next_node(n, false);
}

void html_boiler_prune(xmlNodePtr article)
{
	S_pass p = {S_bytes(article), 0, 0, false};
	if (!p.total) return;
	xmlNodePtr n = dom_first_el(article);
	while (n) {
		size_t here = S_bytes(n);
		int v = S_judge(&p, n, here);
		if (v == S_CUT) {
			S_truncate(n);
			return;
		}
		if (v == S_DROP) {
			n = dom_remove_and_next(n);
			continue;
		}
		/* the text nodes directly inside count as seen before the children */
		for (const xmlNode *c = n->children; c; c = c->next)
			if (c->type == XML_TEXT_NODE && c->content)
				p.seen += strlen((const char *)c->content);
		n = dom_next_node(n, false);
	}
	S_trim_tail(article);
}

/* Before scoring, the blocks named as chrome go from the whole body (the
 * walk that turns divs into paragraphs loses their names). A block holding
 * a third of the body's text, or the title's <h1>, stays: some sites name
 * their article or its header so ("share-container"). */
void html_boiler_strip(xmlNodePtr body)
{
	static const char *const h1[] = {"h1", NULL};
	size_t total = S_bytes(body);
	xmlNodePtr end = dom_next_node(body, true);
	for (xmlNodePtr n = dom_first_el(body); n && n != end;) {
		if (S_chrome_name(n, false) && !dom_is(n, "body") && S_bytes(n) * 3 < total &&
		    !dom_count_desc(n, h1))
			n = dom_remove_and_next(n);
		else
			n = dom_next_node(n, false);
	}
}
