/* surt.c - SURT keys for CDXJ lines, as the Python surt package computes them
 * (Google canonicalizer, then the IA canonicalizer; pywb and cdxj-indexer use
 * it): www stripped, default port dropped, path and query lowercased, query
 * arguments sorted, session ids removed, a trailing slash stripped except for
 * the root. Not done: IDNA of non-ASCII host names (left percent-encoded) and
 * the resolver-based forms of numeric hosts other than inet_aton's. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "warc.h"

typedef struct span {
	char *p;
	size_t n;
} span;

static int S_hex(int c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

/* %XX -> byte, repeated until nothing changes; in place, returns new length. */
static size_t S_unescape_repeatedly(char *s, size_t n)
{
	for (;;) {
		size_t j = 0;
		bool changed = false;
		for (size_t i = 0; i < n; i++) {
			if (s[i] == '%' && i + 2 < n + 0 && S_hex(s[i + 1]) >= 0 && S_hex(s[i + 2]) >= 0) {
				s[j++] = (char)(S_hex(s[i + 1]) * 16 + S_hex(s[i + 2]));
				i += 2;
				changed = true;
			} else {
				s[j++] = s[i];
			}
		}
		n = j;
		if (!changed) return n;
	}
}

/* Python's quote() with surt's safe set: escapes controls, space, '#', '%',
 * DEL and non-ASCII bytes. */
static void S_escape_once(const char *s, size_t n, quire_buf *out)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7f || c == '#' || c == '%') {
			char e[4] = {'%', hex[c >> 4], hex[c & 15], 0};
			quire_buf_puts(out, e);
		} else {
			quire_buf_putc(out, (char)c);
		}
	}
}

static void S_lower(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		s[i] = (char)tolower((unsigned char)s[i]);
}

/* Removes "." and ".." segments and empty segments (except a trailing one). */
static void S_normalize_path(const char *p, size_t n, quire_buf *out)
{
	span seg[512];
	size_t ns = 0;
	size_t i = 0;
	if (n && p[0] == '/')
		i = 1;
	else if (!n) {
		quire_buf_putc(out, '/');
		return;
	}
	/* python splits on '/' and skips the first element */
	if (p[0] != '/') {
		/* first element is skipped as python does */
		while (i < n && p[i] != '/')
			i++;
		if (i < n)
			i++;
		else {
			quire_buf_putc(out, '/');
			return;
		}
	}
	for (;;) {
		size_t start = i;
		while (i < n && p[i] != '/')
			i++;
		span s = {(char *)p + start, i - start};
		if (s.n == 1 && s.p[0] == '.') {
			/* skip */
		} else if (s.n == 2 && s.p[0] == '.' && s.p[1] == '.') {
			if (ns)
				ns--;
			else if (ns < 512)
				seg[ns++] = s;
		} else if (ns < 512) {
			seg[ns++] = s;
		}
		if (i >= n) break;
		i++;
	}
	quire_buf_putc(out, '/');
	for (size_t k = 0; k + 1 < ns; k++) {
		if (seg[k].n) {
			quire_buf_append(out, seg[k].p, seg[k].n);
			quire_buf_putc(out, '/');
		}
	}
	if (ns) quire_buf_append(out, seg[ns - 1].p, seg[ns - 1].n);
}

static bool S_all(const char *s, size_t n, int (*cls)(int))
{
	for (size_t i = 0; i < n; i++)
		if (!cls((unsigned char)s[i])) return false;
	return true;
}

/* "remainder" of the ASP.NET session patterns: [^?]+\.aspx.* */
static bool S_aspx_rest(const char *s, size_t n)
{
	for (size_t i = 1; i + 5 <= n; i++) {
		if (s[i - 1] == '?') return false;
		if (strncasecmp(s + i, ".aspx", 5) == 0) return true;
	}
	return false;
}

/* A session id segment "(xxxxxxxxxxxxxxxxxxxxxxxx)" or "(a(x..x)b(x..x))"
 * followed by '/', starting at s; returns its length including the '/'. */
static size_t S_session_seg(const char *s, size_t n)
{
	if (n < 27 || s[0] != '(') return 0;
	if (S_all(s + 1, 24, isalnum) && s[25] == ')' && s[26] == '/') return 27;
	size_t i = 1, groups = 0;
	while (i + 27 <= n && isalpha((unsigned char)s[i]) && s[i + 1] == '(' &&
	       S_all(s + i + 2, 24, isalnum) && s[i + 26] == ')') {
		i += 27;
		groups++;
	}
	if (groups && i + 2 <= n && s[i] == ')' && s[i + 1] == '/') return i + 2;
	return 0;
}

static size_t S_strip_path_session(char *p, size_t n)
{
	for (size_t pass = 0; pass < 2; pass++) {
		for (size_t i = n; i-- > 0;) {
			if (p[i] != '/') continue;
			size_t k = S_session_seg(p + i + 1, n - i - 1);
			bool nested = k && k != 27;
			if (!k || (pass == 0) != nested) continue;
			if (!S_aspx_rest(p + i + 1 + k, n - i - 1 - k)) continue;
			memmove(p + i + 1, p + i + 1 + k, n - i - 1 - k);
			n -= k;
			break;
		}
	}
	return n;
}

/* Length of a query session id match at s (up to '&' or the end), or 0. */
static size_t S_query_session(const char *s, size_t n, int which)
{
	static const char *const keys[] = {"jsessionid=", "phpsessid=", "sid="};
	size_t k;
	if (which < 3) {
		k = strlen(keys[which]);
		if (n < k + 32 || strncasecmp(s, keys[which], k) != 0 || !S_all(s + k, 32, isalnum)) return 0;
		k += 32;
	} else if (which == 3) {
		if (n < 12 + 8 + 1 + 24 || strncasecmp(s, "aspsessionid", 12) != 0 ||
		    !S_all(s + 12, 8, isalpha) || s[20] != '=' || !S_all(s + 21, 24, isalpha))
			return 0;
		k = 45;
	} else {
		if (n < 5 || strncasecmp(s, "cfid=", 5) != 0) return 0;
		k = 5;
		size_t v = k;
		while (v < n && s[v] != '&')
			v++;
		if (v == k || v + 9 > n || strncasecmp(s + v, "&cftoken=", 9) != 0) return 0;
		k = v + 9;
		v = k;
		while (v < n && s[v] != '&')
			v++;
		if (v == k) return 0;
		k = v;
	}
	return k == n || s[k] == '&' ? k : 0;
}

static size_t S_strip_query_session(char *q, size_t n)
{
	for (int which = 0; which < 5; which++) {
		for (size_t i = n + 1; i-- > 0;) {
			size_t k = S_query_session(q + i, n - i, which);
			if (!k) continue;
			size_t rest = i + k < n ? i + k + 1 : n; /* after the '&' */
			memmove(q + i, q + rest, n - rest);
			n = i + (n - rest);
			break;
		}
	}
	return n;
}

typedef struct qarg {
	const char *k;
	size_t kn;
	const char *v; /* NULL: no '=' */
	size_t vn;
} qarg;

static int S_bytes_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);
	return c ? c : (an > bn) - (an < bn);
}

static int S_qarg_cmp(const void *x, const void *y)
{
	const qarg *a = x, *b = y;
	int c = S_bytes_cmp(a->k, a->kn, b->k, b->kn);
	if (c) return c;
	if (!a->v || !b->v) return (a->v != NULL) - (b->v != NULL);
	return S_bytes_cmp(a->v, a->vn, b->v, b->vn);
}

static void S_sort_query(const char *q, size_t n, quire_buf *out)
{
	if (n <= 1) {
		quire_buf_append(out, q, n);
		return;
	}
	size_t count = 1;
	for (size_t i = 0; i < n; i++)
		count += q[i] == '&';
	qarg *v = calloc(count, sizeof *v);
	if (!v) abort();
	size_t j = 0, start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && q[i] != '&') continue;
		qarg *a = &v[j++];
		a->k = q + start;
		const char *eq = memchr(q + start, '=', i - start);
		a->kn = eq ? (size_t)(eq - a->k) : i - start;
		a->v = eq ? eq + 1 : NULL;
		a->vn = eq ? (size_t)(q + i - (eq + 1)) : 0;
		start = i + 1;
	}
	qsort(v, j, sizeof *v, S_qarg_cmp);
	for (size_t i = 0; i < j; i++) {
		if (i) quire_buf_putc(out, '&');
		quire_buf_append(out, v[i].k, v[i].kn);
		if (v[i].v) {
			quire_buf_putc(out, '=');
			quire_buf_append(out, v[i].v, v[i].vn);
		}
	}
	free(v);
}

/* Numeric host forms (decimal, octal, dotted with fewer parts) as inet_aton
 * reads them; false when the host is a name. */
static bool S_ip_host(const char *h, quire_buf *out)
{
	if (!*h || strlen(h) > 64) return false;
	bool digits = true, dotted = true;
	for (const char *p = h; *p; p++) {
		digits = digits && isdigit((unsigned char)*p);
		dotted = dotted && (isdigit((unsigned char)*p) || *p == '.');
	}
	struct in_addr a;
	if (digits) {
		unsigned long long v = strtoull(h, NULL, 10);
		a.s_addr = htonl((uint32_t)(v & 0xffffffffu));
	} else if (!dotted || h[0] == '.' || h[strlen(h) - 1] == '.' || strstr(h, "..") ||
	           !inet_aton(h, &a)) {
		return false;
	} else {
		size_t dots = 0;
		for (const char *p = h; *p; p++)
			dots += *p == '.';
		if (dots > 3) return false;
	}
	char buf[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &a, buf, sizeof buf);
	quire_buf_puts(out, buf);
	return true;
}

static void S_host(char *h, size_t n, quire_buf *out)
{
	n = S_unescape_repeatedly(h, n);
	/* python: replace("..", ".") then strip(".") */
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (h[i] == '.' && i + 1 < n && h[i + 1] == '.') {
			h[j++] = '.';
			i++;
		} else {
			h[j++] = h[i];
		}
	}
	n = j;
	size_t a = 0;
	while (a < n && h[a] == '.')
		a++;
	while (n > a && h[n - 1] == '.')
		n--;
	quire_buf tmp = QUIRE_BUF_INIT;
	quire_buf_append(&tmp, h + a, n - a);
	quire_buf canon = QUIRE_BUF_INIT;
	if (!S_ip_host(tmp.data ? tmp.data : "", &canon)) {
		S_lower(tmp.data ? tmp.data : (char *)"", tmp.len);
		S_escape_once(tmp.data ? tmp.data : "", tmp.len, &canon);
	}
	quire_buf_free(&tmp);
	const char *c = canon.data ? canon.data : "";
	size_t cn = canon.len;
	/* IA: strip a leading www, www1, www22... label */
	if (strncmp(c, "www", 3) == 0) {
		size_t k = 3;
		while (k < cn && isdigit((unsigned char)c[k]))
			k++;
		if (k < cn && c[k] == '.') {
			c += k + 1;
			cn -= k + 1;
		}
	}
	/* reverse the labels */
	size_t end = cn;
	bool first = true;
	for (size_t i = cn + 1; i-- > 0;) {
		if (i == 0 || c[i - 1] == '.') {
			if (!first) quire_buf_putc(out, ',');
			quire_buf_append(out, c + i, end - i);
			first = false;
			end = i ? i - 1 : 0;
		}
	}
	quire_buf_free(&canon);
}

void warc_surt(const char *url, quire_buf *out)
{
	quire_buf u = QUIRE_BUF_INIT;
	const char *s = url ? url : "";
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\t' && s[i] != '\r' && s[i] != '\n') quire_buf_putc(&u, s[i]);
	if (!u.len) {
		quire_buf_putc(out, '-');
		quire_buf_free(&u);
		return;
	}
	char *p = u.data;
	if (strncmp(p, "filedesc", 8) == 0) {
		quire_buf_append(out, p, u.len);
		quire_buf_free(&u);
		return;
	}
	size_t sl = 0;
	if (isalpha((unsigned char)p[0])) {
		sl = 1;
		while (isalnum((unsigned char)p[sl]) || p[sl] == '+' || p[sl] == '-' || p[sl] == '.')
			sl++;
	}
	quire_buf w = QUIRE_BUF_INIT;
	if (sl && p[sl] == ':') {
		quire_buf_append(&w, p, u.len);
	} else {
		quire_buf_puts(&w, "http://");
		quire_buf_append(&w, p, u.len);
	}
	quire_buf_free(&u);
	/* http://https://host -> https://host */
	char *x = w.data;
	for (;;) {
		size_t k = strncasecmp(x, "http://", 7) == 0 ? 7 : strncasecmp(x, "https://", 8) == 0 ? 8 : 0;
		if (!k || !(strncasecmp(x + k, "http://", 7) == 0 || strncasecmp(x + k, "https://", 8) == 0))
			break;
		x += k;
	}
	size_t schl = (size_t)(strchr(x, ':') - x);
	char scheme[32];
	snprintf(scheme, sizeof scheme, "%.*s", (int)(schl < 31 ? schl : 31), x);
	S_lower(scheme, strlen(scheme));
	char *rest = x + schl + 1;
	bool http = strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0;
	char *hier = NULL;
	size_t hn = 0;
	if (strncmp(rest, "//", 2) == 0) {
		hier = rest + 2;
		hn = strcspn(hier, "/?#");
	}
	char *after = hier ? hier + hn : rest;
	if ((!hier || !hn) && http) {
		/* http:////host/path: the host is the first path segment */
		char *q = hier ? hier : rest;
		while (*q == '/')
			q++;
		hier = q;
		hn = strcspn(q, "/?#");
		after = q + hn;
	}
	if (!hier || !hn) {
		quire_buf_puts(out, url);
		quire_buf_free(&w);
		return;
	}
	/* netloc: [user@]host[:port] */
	char *netloc = strndup(hier, hn);
	char *host = strrchr(netloc, '@') ? strrchr(netloc, '@') + 1 : netloc;
	long port = 0;
	char *colon = strrchr(host, ':');
	if (colon && !strchr(colon, ']')) {
		if (colon[1] && S_all(colon + 1, strlen(colon + 1), isdigit))
			port = strtol(colon + 1, NULL, 10);
		*colon = '\0';
	}
	if ((port == 80 && strcmp(scheme, "http") == 0) || (port == 443 && strcmp(scheme, "https") == 0))
		port = 0;
	S_lower(host, strlen(host));
	S_host(host, strlen(host), out);
	if (port) quire_buf_printf(out, ":%ld", port);
	quire_buf_putc(out, ')');
	free(netloc);

	size_t pn = strcspn(after, "?#");
	char *path = strndup(after, pn);
	pn = S_unescape_repeatedly(path, pn);
	quire_buf np = QUIRE_BUF_INIT, ep = QUIRE_BUF_INIT;
	S_normalize_path(path, pn, &np);
	S_escape_once(np.data, np.len, &ep);
	S_lower(ep.data, ep.len);
	ep.len = S_strip_path_session(ep.data, ep.len);
	if (ep.len > 1 && ep.data[ep.len - 1] == '/') ep.len--;
	quire_buf_append(out, ep.data, ep.len);
	free(path);
	quire_buf_free(&np);
	quire_buf_free(&ep);

	if (after[pn] == '?') {
		const char *q = after + pn + 1;
		size_t qn = strcspn(q, "#");
		if (qn) {
			char *query = strndup(q, qn);
			qn = S_unescape_repeatedly(query, qn);
			quire_buf eq = QUIRE_BUF_INIT;
			S_escape_once(query, qn, &eq);
			size_t n2 = eq.len ? S_strip_query_session(eq.data, eq.len) : 0;
			if (eq.data) S_lower(eq.data, n2);
			if (n2) {
				quire_buf_putc(out, '?');
				S_sort_query(eq.data, n2, out);
			}
			quire_buf_free(&eq);
			free(query);
		}
	}
	quire_buf_free(&w);
}
