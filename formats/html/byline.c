/* byline.c - names in bylines: labels stripped ("By", "Posted by", "von",
 * "作者：", "本报记者"), several names split apart, values that are no person
 * (site names, URLs, "Discuz! Team") refused, and the Chinese forms written
 * around a title: the date/source line, reporter lines, the dateline's
 * "（记者 X）", the closing "（X Y）" and "责任编辑：X" (an editor, kept apart).
 * It reads text only (lines.c makes the lines). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "meta.h"

void meta_names_free(meta_names *n)
{
	for (size_t i = 0; i < n->n; i++)
		free(n->v[i]);
	n->n = 0;
}

static void S_add(meta_names *out, const char *s, size_t len)
{
	if (out->n >= META_MAX_NAMES) return;
	for (size_t i = 0; i < out->n; i++)
		if (strlen(out->v[i]) == len && strncmp(out->v[i], s, len) == 0) return;
	char *c = strndup(s, len);
	if (!c) abort();
	out->v[out->n++] = c;
}

static bool S_han(int32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

static bool S_middle_dot(int32_t cp)
{
	return cp == 0xB7 || cp == 0xFF0E || cp == 0x2022 || cp == 0x2027 || cp == 0x30FB || cp == 0x2E31;
}

/* ---- one name ---------------------------------------------------------------- */

/* Words that end or make up a value but are no name. */
static bool S_org_word(const char *s, size_t len)
{
	static const char *const ends[] = {"报", "報", "网", "網", "社", "讯",
	                                   "訊", "台", "站", "刊", "部", NULL};
	static const char *const whole[] = {"综合",   "綜合", "整理",   "编译", "編譯", "报道", "報導",
	                                    "报导",   "摄影", "攝影",   "来源", "來源", "编辑", "編輯",
	                                    "通讯员", "特约", "实习生", "见习", "首席", "本报", "本網",
	                                    "本网",   "文",   "图",     "圖",   NULL};
	for (int i = 0; whole[i]; i++)
		if (strlen(whole[i]) == len && strncmp(s, whole[i], len) == 0) return true;
	if (len > 6 && (strncmp(s, "发自", 6) == 0 || strncmp(s, "發自", 6) == 0))
		return true; /* "发自上海" */
	for (int i = 0; ends[i]; i++)
		if (len > 3 && strncmp(s + len - 3, ends[i], 3) == 0) return true;
	return false;
}

/* A Chinese name: 2-4 Han characters, or a transliteration with a middle dot. */
static bool S_han_name(const char *s, size_t len)
{
	size_t han = 0, dots = 0;
	for (size_t i = 0; i < len;) {
		int32_t cp;
		i += (size_t)text_decode_cp(s + i, len - i, &cp);
		if (S_han(cp))
			han++;
		else if (S_middle_dot(cp))
			dots++;
		else
			return false;
	}
	if (S_org_word(s, len)) return false;
	return dots ? han >= 3 && han <= 16 : han >= 2 && han <= 4;
}

/* A name in Latin, Greek or Cyrillic letters: 1-5 words, a capital first,
 * no digits, no role words. */
static bool S_latin_name(const char *s, size_t len)
{
	static const char *const roles[] = {"staff",    "writer", "reporter",  "correspondent",
	                                    "editor",   "posted", "published", "updated",
	                                    "comments", "share",  NULL};
	if (len < 2 || len > 60) return false;
	size_t words = 1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9') return false;
		if (strchr("@:|_()", s[i])) return false; /* "X (avec Y et Z)" is one credit */
		words += s[i] == ' ';
	}
	for (int i = 0; roles[i]; i++)
		for (size_t k = 0; k + strlen(roles[i]) <= len; k++)
			if (strncasecmp(s + k, roles[i], strlen(roles[i])) == 0) return false;
	unsigned char c = (unsigned char)s[0];
	return words <= 5 && ((c >= 'A' && c <= 'Z') || c >= 0xC0);
}

/* ---- splitting ----------------------------------------------------------------- */

/* Punctuation trimmed from both ends of a name. */
static size_t S_punct(const char *s, size_t len)
{
	static const char *const p[] = {"(",  ")",  "[", "]", "（", "）", "【", "】", "「", "」",
	                                "《", "》", "“", "”", "\"", "'",  ".",  ",",  ":",  "：",
	                                "，", "。", "◎", "•", "·",  "-",  "|",  "*",  NULL};
	for (int i = 0; p[i]; i++) {
		size_t n = strlen(p[i]);
		if (n <= len && strncmp(s, p[i], n) == 0) return n;
	}
	return 0;
}

static size_t S_punct_end(const char *s, size_t len)
{
	static const char *const p[] = {")", "]", "）", "】", "」", "》", "”", "\"", "'",
	                                ".", ",", ":",  "：", "，", "。", "-", "|",  NULL};
	for (int i = 0; p[i]; i++) {
		size_t n = strlen(p[i]);
		if (n <= len && strncmp(s + len - n, p[i], n) == 0) return n;
	}
	return 0;
}

/* Adds the name in s[0..len) (punctuation trimmed); false when it is none. */
static bool S_token(const char *s, size_t len, bool han, meta_names *out)
{
	size_t k;
	while (len && ((k = S_punct(s, len)) || *s == ' ')) {
		k = k ? k : 1;
		s += k;
		len -= k;
	}
	while (len && ((k = S_punct_end(s, len)) || s[len - 1] == ' '))
		len -= k ? k : 1;
	if (!len || !(han ? S_han_name(s, len) : S_latin_name(s, len))) return false;
	S_add(out, s, len);
	return true;
}

/* Separators between names; the bytes of the one at s, 0 when none. */
static size_t S_sep(const char *s, bool han)
{
	static const char *const all[] = {"、",  "，",    ",",     ";",     "；",   "|",
	                                  "｜",  " and ", " And ", " und ", " et ", " y ",
	                                  " e ", " i ",   " и ",   " και ", NULL};
	if (han && (*s == ' ' || *s == '\t')) return 1;
	for (int i = 0; all[i]; i++)
		if (strncmp(s, all[i], strlen(all[i])) == 0) return strlen(all[i]);
	return 0;
}

/* Role words inside a Chinese byline; a glued organisation before "记者"
 * ("光明日报记者") goes with it. */
static const char *const S_roles[] = {"本报记者", "本報記者", "特约记者", "特約記者", "见习记者", "見習記者",
                                      "实习记者", "實習記者", "首席记者", "记者",     "記者",     "通讯员",
                                      "通訊員",   "实习生",   "實習生",   "撰文",     "撰稿",     "作者",
                                      "编译",     "編譯",     "采写",     "採寫",     NULL};

static size_t S_role_at(const char *s)
{
	for (int i = 0; S_roles[i]; i++)
		if (strncmp(s, S_roles[i], strlen(S_roles[i])) == 0) return strlen(S_roles[i]);
	return 0;
}

/* Copies s with role words (and a glued name before 记者) made spaces. */
static char *S_unrole(const char *s)
{
	quire_buf b = QUIRE_BUF_INIT;
	quire_buf_puts(&b, "");
	size_t word = 0; /* where the current run of Han letters began in b */
	while (*s) {
		size_t k = S_role_at(s);
		if (k) {
			const char *tail = s + k - 6; /* every role is two Han letters or more */
			if (strncmp(tail, "记者", 6) == 0 || strncmp(tail, "記者", 6) == 0)
				b.len = word; /* "光明日报记者": the paper's name goes too */
			b.data[b.len] = '\0';
			quire_buf_putc(&b, ' ');
			word = b.len;
			s += k;
			continue;
		}
		int32_t cp;
		int n = text_decode_cp(s, strlen(s), &cp);
		if (!S_han(cp)) word = b.len + (size_t)n;
		quire_buf_append(&b, s, (size_t)n);
		s += n;
	}
	return quire_buf_detach(&b, NULL);
}

static bool S_mostly_han(const char *s)
{
	size_t han = 0, other = 0, len = strlen(s);
	for (size_t i = 0; i < len;) {
		int32_t cp;
		i += (size_t)text_decode_cp(s + i, len - i, &cp);
		if (S_han(cp))
			han++;
		else if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp >= 0xC0)
			other++;
	}
	return han >= 2 && han * 3 >= other;
}

static const char *S_slash(const char *s, size_t *n)
{
	static const char *const sl[] = {"/", "／", "╱", NULL};
	for (const char *p = s; *p; p++)
		for (int i = 0; sl[i]; i++)
			if (strncmp(p, sl[i], strlen(sl[i])) == 0) {
				*n = strlen(sl[i]);
				return p;
			}
	return NULL;
}

/* Of "文/记者 X", "记者X／台北报导", "ORG╱记者X／...": the part with the
 * name (the one that says 记者, else the first that is not a label). */
static char *S_name_part(const char *s)
{
	static const char *const labels[] = {"文", "图", "圖", "图文", "圖文", "攝影", "摄影", "text", NULL};
	const char *best = NULL, *first = NULL;
	size_t bestlen = 0, firstlen = 0;
	for (const char *p = s; p;) {
		size_t n = 0;
		const char *q = S_slash(p, &n);
		size_t len = q ? (size_t)(q - p) : strlen(p);
		char *part = strndup(p, len);
		if (!part) abort();
		dom_collapse(part);
		bool label = false;
		for (int i = 0; labels[i]; i++)
			label |= strcasecmp(part, labels[i]) == 0;
		size_t pl = strlen(part);
		bool report =
		    pl >= 6 && (strcmp(part + pl - 6, "报道") == 0 || strcmp(part + pl - 6, "報導") == 0 ||
		                strcmp(part + pl - 6, "报导") == 0);
		if (!best && (strstr(part, "记者") || strstr(part, "記者"))) best = p, bestlen = len;
		if (!first && *part && !label && !report) first = p, firstlen = len;
		free(part);
		p = q ? q + n : NULL;
	}
	if (!best) best = first, bestlen = firstlen;
	return best ? strndup(best, bestlen) : strdup("");
}

/* Strips an English, German, French or Spanish label ("Posted on ... by"). */
static const char *S_unlabel(const char *s)
{
	static const char *const mid[] = {" by ",  " By ",  " BY ",  " von ", " Von ",
	                                  " par ", " Par ", " por ", " Por ", NULL};
	static const char *const lead[] = {
	    "by ",    "von ",  "par ",   "por ",  "autor:", "autorin:", "author:", "authors:",
	    "作者：", "作者:", "撰文：", "撰文:", "文：",   "文:",      NULL};
	const char *best = NULL;
	for (int i = 0; mid[i]; i++) {
		const char *p = strstr(s, mid[i]);
		if (p && (!best || p + strlen(mid[i]) < best)) best = p + strlen(mid[i]);
	}
	if (best) return best;
	for (int i = 0; lead[i]; i++)
		if (strncasecmp(s, lead[i], strlen(lead[i])) == 0) return s + strlen(lead[i]);
	return s;
}

/* Splits s into names; *pieces counts the non-empty pieces seen. */
static size_t S_split(const char *s, meta_names *out, size_t *pieces)
{
	size_t names = 0;
	*pieces = 0;
	while (*s == ' ')
		s++;
	const char *v = S_unlabel(s);
	char *part = S_mostly_han(v) ? S_name_part(v) : strdup(v);
	if (!part) abort();
	char *t = S_unrole(part);
	free(part);
	bool han = S_mostly_han(t);
	const char *start = t;
	for (const char *p = t;; p++) {
		size_t k = *p ? S_sep(p, han) : 1;
		if (!k) continue;
		const char *q = start;
		while (q < p && *q == ' ')
			q++;
		if (q < p) (*pieces)++;
		names += S_token(start, (size_t)(p - start), han, out);
		if (!*p) break;
		p += k - 1;
		start = p + 1;
	}
	free(t);
	return names;
}

size_t byline_names(const char *s, meta_names *out)
{
	size_t pieces;
	return S_split(s, out, &pieces);
}

/* Cuts what follows the name in a byline: a date or time ("Sarah Archer
 * 1:39 PM ET", "Joshua Sokol May 20, 2019") or a bullet ("• 8h"). False
 * when no name is left ("April 28, 2019 at 6:01 am", "Last Updated: ..."). */
static bool S_cut_trailer(char *s)
{
	char date[40];
	if (datetext_at(s, date, sizeof date)) return false; /* a date, not a byline */
	for (char *p = s; *p; p++) {
		if (p == s || p[-1] != ' ') continue;
		bool bullet =
		    strncmp(p, "\xE2\x80\xA2", 3) == 0 || strncmp(p, "\xC2\xB7", 2) == 0 || *p == '|';
		if (bullet || (*p >= '0' && *p <= '9') || datetext_at(p, date, sizeof date)) {
			*p = '\0';
			return S_latin_name(s, strlen(s) - (p > s && p[-1] == ' '));
		}
	}
	return true;
}

size_t byline_value(const char *s, meta_names *out)
{
	meta_names got = {0};
	size_t pieces, n = S_split(s, &got, &pieces);
	if (n && n == pieces) {
		for (size_t i = 0; i < got.n; i++)
			S_add(out, got.v[i], strlen(got.v[i]));
	} else if (S_mostly_han(s)) {
		n = 0; /* Han text without a name in it is no byline */
	} else {
		char *whole = strdup(S_unlabel(s));
		if (!whole) abort();
		bool ok = S_cut_trailer(whole);
		dom_collapse(whole);
		n = ok && *whole ? 1 : 0;
		if (n) S_add(out, whole, strlen(whole));
		free(whole);
	}
	meta_names_free(&got);
	return n;
}

/* ---- values that are no person ---------------------------------------------------- */

static bool S_ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n > m && strcmp(s + n - m, suffix) == 0;
}

/* name is the whole title, or a part of it after a separator (the site's
 * name in "Headline - Site", "Headline_网易新闻"). */
static bool S_title_part(const char *title, const char *name)
{
	if (strcmp(title, name) == 0) return true;
	static const char *const seps[] = {"|",  "_", "-", "\xE2\x80\x93", "\xE2\x80\x94", "\xEF\xBD\x9C",
	                                   "::", NULL};
	size_t n = strlen(name);
	for (const char *p = strstr(title, name); p; p = strstr(p + 1, name)) {
		const char *b = p, *e = p + n;
		while (b > title && b[-1] == ' ')
			b--;
		while (*e == ' ')
			e++;
		bool before = b == title, after = !*e; /* the headline part is no author either */
		for (int i = 0; seps[i]; i++) {
			size_t k = strlen(seps[i]);
			before |= (size_t)(b - title) >= k && strncmp(b - k, seps[i], k) == 0;
			after |= strncmp(e, seps[i], k) == 0;
		}
		/* a later part is the site's name; a person's name may be a blog's */
		if (before && after && (b == title || S_mostly_han(name))) return true;
	}
	return false;
}

bool byline_junk(const char *name, const char *site, const char *title)
{
	static const char *const known[] = {"admin",     "administrator", "webmaster", "newsroom", "robot",
	                                    "anonymous", "unknown",       "guest",     "管理员",   "網易",
	                                    "网易",      "chinanews",     "本站",      "本网",     "佚名",
	                                    "未知",      "小编",          NULL};
	static const char *const inside[] = {"discuz",     "powered by", "designed by", "designer by",
	                                     "copyright",  "©",          "版权",        "版權",
	                                     "all rights", NULL};
	static const char *const orgs[] = {"网",     "網",   "网站", "新闻", "新聞", "日报",
	                                   "日報",   "晚报", "晚報", "时报", "時報", "电视台",
	                                   "電視台", "频道", "頻道", "集团", "公司", NULL};
	if (!*name || strlen(name) > 80 ||
	    ((strchr(name, '_') || strchr(name, '|')) && dom_strlen16(name) > 24))
		return true;
	if (strncasecmp(name, "http://", 7) == 0 || strncasecmp(name, "https://", 8) == 0 ||
	    strncasecmp(name, "www.", 4) == 0 ||
	    (!strchr(name, ' ') && strchr(name, '.') && strchr(name, '/')))
		return true;
	static const char *const tlds[] = {".com", ".cn", ".net", ".org", ".tw", ".hk", ".info", NULL};
	for (int i = 0; !strchr(name, ' ') && tlds[i]; i++)
		if (S_ends(name, tlds[i])) return true; /* a host name ("gb.cri.cn") */
	bool letter = false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		letter |= (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p >= 0x80;
	if (!letter) return true;
	for (int i = 0; known[i]; i++)
		if (strcasecmp(name, known[i]) == 0) return true;
	for (int i = 0; inside[i]; i++)
		for (const char *p = name; *p; p++)
			if (strncasecmp(p, inside[i], strlen(inside[i])) == 0) return true;
	for (int i = 0; orgs[i]; i++)
		if (S_ends(name, orgs[i])) return true;
	/* the site's name; but a blog's name may be its author's */
	bool person = !S_mostly_han(name) && strchr(name, ' ');
	if (!person && site && *site &&
	    (strcasecmp(name, site) == 0 || (strlen(name) >= 4 && strstr(site, name))))
		return true;
	return title && S_title_part(title, name);
}

/* ---- the lines around the title ------------------------------------------------ */

/* True when another "label：" starts within the next words of s. */
static bool S_next_label(const char *s)
{
	for (int i = 0; i < 16 && s[i] && s[i] != ' '; i++)
		if (s[i] == ':' || strncmp(s + i, "：", 3) == 0) return true;
	return false;
}

/* The length of a label's value at v: up to a bracket, a bar, two spaces or
 * the next "label：". */
static size_t S_value_len(const char *v)
{
	size_t len = 0;
	while (v[len] && v[len] != ']' && v[len] != ')' && v[len] != '|' && strncmp(v + len, "）", 3) != 0 &&
	       strncmp(v + len, "】", 3) != 0 && strncmp(v + len, "｜", 3) != 0 &&
	       !(v[len] == ' ' && (v[len + 1] == ' ' || S_next_label(v + len + 1))))
		len++;
	return len;
}

/* The value after one of labels and a colon ("作者：李楠"), the label at the
 * start of t or (unless at_start) after a space or bracket: copied into out. */
static bool S_labeled(const char *t, const char *const *labels, bool at_start, char *out, size_t size)
{
	for (int i = 0; labels[i]; i++) {
		size_t n = strlen(labels[i]);
		for (const char *p = strstr(t, labels[i]); p; p = strstr(p + 1, labels[i])) {
			bool start =
			    p == t ||
			    (!at_start &&
			     (strchr(" |][(", p[-1]) ||
			      (p - t >= 3 && (strncmp(p - 3, "】", 3) == 0 || strncmp(p - 3, "【", 3) == 0 ||
			                      strncmp(p - 3, "（", 3) == 0))));
			if (!start) continue;
			const char *v = p + n;
			while (*v == ' ')
				v++;
			if (strncmp(v, "：", 3) == 0)
				v += 3;
			else if (*v == ':')
				v++;
			else
				continue;
			while (*v == ' ')
				v++;
			size_t len = S_value_len(v);
			if (!len || len >= size) continue;
			memcpy(out, v, len);
			out[len] = '\0';
			return true;
		}
	}
	return false;
}

/* Leading bullets and brackets ("◎ 记者", "•責任編輯", "[责任编辑：X]"). */
static const char *S_lead(const char *t)
{
	size_t k;
	while ((k = S_punct(t, strlen(t))) || *t == ' ')
		t += k ? k : 1;
	return t;
}

static bool S_editor_line(const char *t, meta_names *editors)
{
	static const char *const labels[] = {"责任编辑", "責任編輯", "责编", "責編",   "本文编辑",
	                                     "网络编辑", "编辑",     "編輯", "Editor", NULL};
	char v[256];
	if (!S_labeled(S_lead(t), labels, true, v, sizeof v)) return false;
	meta_names got = {0};
	byline_names(v, &got);
	for (size_t i = 0; i < got.n; i++)
		if (!byline_junk(got.v[i], NULL, NULL)) S_add(editors, got.v[i], strlen(got.v[i]));
	meta_names_free(&got);
	return editors->n > 0;
}

static size_t S_add_names(const char *v, meta_names *authors)
{
	size_t n = strlen(v);
	/* a photo credit ("记者 X 摄") is no byline */
	if ((n >= 3 && (strcmp(v + n - 3, "摄") == 0 || strcmp(v + n - 3, "攝") == 0)) || strstr(v, "摄影") ||
	    strstr(v, "攝影"))
		return 0;
	meta_names got = {0};
	byline_names(v, &got);
	size_t added = 0;
	for (size_t i = 0; i < got.n; i++)
		if (!byline_junk(got.v[i], NULL, NULL)) {
			S_add(authors, got.v[i], strlen(got.v[i]));
			added++;
		}
	meta_names_free(&got);
	return added;
}

/* "（记者 X Y）", "(南海网记者陈望 通讯员樊骁)" in the first bytes of a
 * paragraph (after "…电", "本报讯"): a bracket that says 记者 early on. */
static bool S_dateline(const char *t, meta_names *authors)
{
	for (const char *p = t; *p && p - t <= 150; p++) {
		size_t open = *p == '(' ? 1 : strncmp(p, "（", 3) == 0 ? 3 : 0;
		if (!open) continue;
		const char *close = strstr(p, "）"), *c2 = strchr(p, ')');
		if (!close || (c2 && c2 < close)) close = c2;
		if (!close || close - p > 90) continue;
		const char *r = strstr(p, "记者"), *r2 = strstr(p, "記者");
		if (!r || (r2 && r2 < r)) r = r2;
		if (!r || r > close || r - p > 24) continue;
		char *v = strndup(p + open, (size_t)(close - p - (long)open));
		size_t n = S_add_names(v, authors);
		free(v);
		if (n) return true;
	}
	return false;
}

/* "邱俐穎／台北報導", "2012-01-17 中國時報 邱俐穎／台北報導": the name
 * before the slash that a place and 報導 follow. */
static bool S_name_slash_report(const char *s, meta_names *authors)
{
	size_t k = 0;
	const char *sl = S_slash(s, &k);
	if (!sl || sl == s) return false;
	const char *after = sl + k;
	size_t n = strlen(after);
	bool report = n >= 6 && (strstr(after, "報導") || strstr(after, "报道") || strstr(after, "報道"));
	if (!report || dom_strlen16(after) > 10) return false;
	const char *b = sl;
	while (b > s && b[-1] != ' ')
		b--;
	meta_names got = {0};
	bool ok = S_token(b, (size_t)(sl - b), true, &got);
	for (size_t i = 0; ok && i < got.n; i++)
		S_add(authors, got.v[i], strlen(got.v[i]));
	meta_names_free(&got);
	return ok;
}

/* A short line that is a byline: "光明日报记者 王建宏 张文攀", "本报记者 X",
 * "文/记者 X", "记者X／台北报导", "By Jane Roe", "Von Max Muster". */
static bool S_byline_line(const char *t, meta_names *authors)
{
	static const char *const latin[] = {"By ",     "BY ",           "Von ",       "Par ",
	                                    "Por ",    "Published by ", "Posted by ", "Written by ",
	                                    "Autor: ", "Autorin: ",     "Author: ",   NULL};
	static const char *const labels[] = {"作者", "撰文", "撰稿", "記者", "记者", NULL};
	char v[256];
	const char *s = S_lead(t);
	if (S_labeled(t, labels, false, v, sizeof v) && S_add_names(v, authors)) return true;
	size_t n = strlen(s);
	if (dom_strlen16(s) > 40 ||
	    (n >= 3 && (strcmp(s + n - 3, "。") == 0 || strcmp(s + n - 3, "！") == 0)))
		return false;
	const char *r = strstr(s, "记者") ? strstr(s, "记者") : strstr(s, "記者");
	if (r && r - s <= 30 && S_add_names(s, authors)) return true;
	if (strncmp(s, "文/", 4) == 0 || strncmp(s, "文／", 6) == 0) return S_add_names(s, authors) > 0;
	if (S_name_slash_report(s, authors)) return true;
	for (int i = 0; latin[i]; i++)
		if (strncmp(s, latin[i], strlen(latin[i])) == 0 && strlen(s) <= 100)
			return S_add_names(s, authors) > 0;
	return false;
}

/* A paragraph closed by "（常书香 马丹阳）" or "(记者余建斌)". */
static bool S_closing(const char *t, meta_names *authors)
{
	size_t len = strlen(t), open = 0;
	bool full = len >= 3 && strcmp(t + len - 3, "）") == 0;
	if (!full && !(len && t[len - 1] == ')')) return false;
	const char *o = NULL;
	for (const char *p = t; *p; p++)
		if (strncmp(p, "（", 3) == 0 || *p == '(') o = p;
	if (!o) return false;
	open = *o == '(' ? 1 : 3;
	if (o != t) {
		/* after the end of a sentence only */
		static const char *const ends[] = {"。", "！", "？", "”", "」", "…", ".", NULL};
		bool ok = false;
		for (int i = 0; ends[i]; i++) {
			size_t n = strlen(ends[i]);
			ok |= (size_t)(o - t) >= n && strncmp(o - n, ends[i], n) == 0;
		}
		if (!ok) return false;
	}
	size_t inner = len - (size_t)(o - t) - open - (full ? 3 : 1);
	if (inner < 6 || inner > 60) return false;
	char *v = strndup(o + open, inner);
	meta_names got = {0};
	bool han = S_mostly_han(v);
	char *u = S_unrole(v);
	/* every word must be a name, else it is a remark in brackets */
	size_t words = 0;
	for (char *save = NULL, *w = strtok_r(u, " 、，", &save); w; w = strtok_r(NULL, " 、，", &save))
		words++;
	free(u);
	bool ok = han && byline_names(v, &got) == words && words <= 4;
	for (size_t i = 0; ok && i < got.n; i++)
		S_add(authors, got.v[i], strlen(got.v[i]));
	meta_names_free(&got);
	free(v);
	return ok;
}

void byline_from_lines(const meta_lines *L, meta_names *authors, const char **how, meta_names *editors)
{
	*how = NULL;
	size_t a = L->anchor != META_NO_LINE ? L->anchor : 0;
	/* after the title first, then the few lines above it */
	for (size_t d = 1; d <= 28 && !authors->n; d++) {
		size_t i = a + d;
		if (d > 25) i = a >= d - 25 ? a - (d - 25) : META_NO_LINE;
		if (i == META_NO_LINE || i >= L->n || !meta_line_usable(L, i)) continue;
		const char *t = meta_line_text(L, i);
		if (S_dateline(t, authors))
			*how = "the dateline of the first paragraph";
		else if (S_byline_line(t, authors))
			*how = "a byline line next to the title";
	}
	for (size_t i = a + 1; i < L->n && i <= a + 400 && (!editors->n || !authors->n); i++) {
		if (!meta_line_usable(L, i)) continue;
		const char *t = meta_line_text(L, i);
		if (!editors->n && S_editor_line(t, editors)) continue;
		if (!authors->n && L->anchor != META_NO_LINE && S_closing(t, authors))
			*how = "the closing line of the article";
	}
}
