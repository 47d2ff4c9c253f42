/* test_surt.c - SURT keys (the Python surt / IA canonicalizer cases from its
 * own test suite), WARC dates and URI escaping used by the warc writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../formats/warc/warc.h"

static void S_expect(const char *url, const char *key)
{
	quire_buf b = QUIRE_BUF_INIT;
	warc_surt(url, &b);
	if (strcmp(b.data ? b.data : "", key) != 0) fail_msg("surt(%s) = %s, expected %s", url, b.data, key);
	quire_buf_free(&b);
}

static void test_surt_ia_cases(void **state)
{
	(void)state;
	S_expect("", "-");
	S_expect("filedesc:foo.arc.gz", "filedesc:foo.arc.gz");
	S_expect("dns:archive.org", "dns:archive.org");
	S_expect("mailto:foo@example.com", "mailto:foo@example.com");
	S_expect("http://www.archive.org/", "org,archive)/");
	S_expect("http://archive.org/", "org,archive)/");
	S_expect("http://archive.org/goo/", "org,archive)/goo");
	S_expect("http://archive.org/goo/?", "org,archive)/goo");
	S_expect("http://archive.org/goo/?b&a", "org,archive)/goo?a&b");
	S_expect("http://archive.org/goo/?a=2&b&a=1", "org,archive)/goo?a=1&a=2&b");
	S_expect(
	    "http://archive.org/index.php?PHPSESSID=0123456789abcdefghijklemopqrstuv&action=profile;u=4221",
	    "org,archive)/index.php?action=profile;u=4221");
	S_expect("whois://whois.isoc.org.il/shaveh.co.il", "il,org,isoc,whois)/shaveh.co.il");
	S_expect("http://visit.webhosting.yahoo.com/visit.gif?&r=http%3A//web.archive.org/web/20090517140029/"
	         "http%3A//anthonystewarthead.electric-chi.com/"
	         "&b=Netscape%205.0%20%28Windows%3B%20en-US%29&s=1366x768"
	         "&o=Win32&c=24&j=true&v=1.2",
	         "com,yahoo,webhosting,visit)/"
	         "visit.gif?&b=netscape%205.0%20(windows;%20en-us)&c=24&j=true&o=win32&r="
	         "http://web.archive.org/web/20090517140029/http://anthonystewarthead.electric-chi.com/"
	         "&s=1366x768&v=1.2");
	S_expect("http://www.example.com/", "com,example)/");
	S_expect("ftp://www.example.com/", "com,example)/");
}

static void test_surt_canonicalization(void **state)
{
	(void)state;
	/* host: case, www-digits, default ports, userinfo, dots */
	S_expect("http://ARCHIVE.ORG/", "org,archive)/");
	S_expect("http://www.archive.org:80/", "org,archive)/");
	S_expect("https://www.archive.org:80/", "org,archive:80)/");
	S_expect("http://www.archive.org:443/", "org,archive:443)/");
	S_expect("https://www.archive.org:443/", "org,archive)/");
	S_expect("http://www34.archive.org/index.html?b=a&b=b&a=b", "org,archive)/index.html?a=b&b=a&b=b");
	S_expect("http://www2foo.com/", "com,www2foo)/");
	S_expect("http://user:pw@www.example.com/x", "com,example)/x");
	S_expect("http://www.google.com.../", "com,google)/");
	S_expect("http://127.0.0.1:8000/a/", "1,0,0,127:8000)/a");
	S_expect("http://3279880203/blah", "11,0,127,195)/blah");
	/* path: dot segments, empty segments, escapes, case, trailing slash */
	S_expect("http://www.google.com/blah/..", "com,google)/");
	S_expect("http://host.com//twoslashes?more//slashes", "com,host)/twoslashes?more//slashes");
	S_expect("http://host/%25%32%35", "host)/%25");
	S_expect("http://host/%2525252525252525", "host)/%25");
	S_expect("http://host.com/ab%23cd", "com,host)/ab%23cd");
	S_expect("http://www.evil.com/blah#frag", "com,evil)/blah");
	S_expect("http://example.com/A/B.HTML", "com,example)/a/b.html");
	S_expect("https://example.org/%E6%96%B0%E9%97%BB/", "org,example)/%e6%96%b0%e9%97%bb");
	S_expect("https://example.org/\xe6\x96\xb0", "org,example)/%e6%96%b0");
	S_expect("http://example.com", "com,example)/");
	S_expect("http://www.example.com/foo?X=Y", "com,example)/foo?x=y");
	/* session ids */
	S_expect("http://e.com/x?jsessionid=0123456789abcdefghijklemopqrstuv&x=y", "com,e)/x?x=y");
	S_expect("http://e.com/x?one=two&jsessionid=0123456789abcdefghijklemopqrstuv", "com,e)/x?&one=two");
	S_expect("http://e.com/x?CFID=1169580&CFTOKEN=48630702&dtstamp=22", "com,e)/x?dtstamp=22");
	S_expect("http://e.com/(S(4hqa0555fwsecu455xqckv45))/mileg.aspx", "com,e)/mileg.aspx");
	S_expect("http://e.com/(4hqa0555fwsecu455xqckv45)/mileg.aspx", "com,e)/mileg.aspx");
	S_expect("http://e.com/photos/36050182@N05/", "com,e)/photos/36050182@n05");
	/* no scheme: http is assumed */
	S_expect("www.example.com/a", "com,example)/a");
}

static void test_dates_and_escaping(void **state)
{
	(void)state;
	char d[24];
	warc_date(0, d);
	assert_string_equal(d, "1970-01-01T00:00:00Z");
	warc_date(1638931141, d);
	assert_string_equal(d, "2021-12-08T02:39:01Z");
	int64_t t = 0;
	assert_true(warc_parse_date("2021-12-08T02:39:01Z", &t));
	assert_int_equal(t, 1638931141);
	assert_true(warc_parse_date("2021-12-08T02:39:01.123456Z", &t));
	assert_int_equal(t, 1638931141);
	assert_true(warc_parse_date("2021-12-08", &t));
	assert_false(warc_parse_date("yesterday", &t));
	quire_buf b = QUIRE_BUF_INIT;
	warc_uri_escape("https://例え.jp/新 闻?q=<a>&r=%41%zz", &b);
	assert_string_equal(b.data,
	                    "https://%E4%BE%8B%E3%81%88.jp/%E6%96%B0%20%E9%97%BB?q=%3Ca%3E&r=%41%25zz");
	quire_buf_free(&b);
	char id[48];
	warc_make_id("abc", 3, id);
	assert_int_equal(strlen(id), 47);
	assert_true(id[0] == '<' && strncmp(id + 1, "urn:uuid:", 9) == 0 && id[46] == '>');
	assert_int_equal(id[24], '4'); /* version nibble */
}

static void test_http_head(void **state)
{
	(void)state;
	const char *r = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=\"GB2312\"\r\n"
	                "Transfer-Encoding: chunked\r\n\r\nbody";
	http_head h;
	assert_true(http_parse_head((const unsigned char *)r, strlen(r), &h));
	assert_int_equal(h.status, 200);
	assert_string_equal(h.transfer_encoding, "chunked");
	char mt[64], cs[64];
	http_media_type(h.content_type, mt, sizeof mt);
	assert_string_equal(mt, "text/html");
	assert_true(http_charset(h.content_type, cs, sizeof cs));
	assert_string_equal(cs, "GB2312");
	assert_string_equal(r + h.body_offset, "body");
	http_head_free(&h);
	assert_false(http_parse_head((const unsigned char *)"HTTP/1.1 200 OK\r\nX: y", 23, &h));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_surt_ia_cases),
	    cmocka_unit_test(test_surt_canonicalization),
	    cmocka_unit_test(test_dates_and_escaping),
	    cmocka_unit_test(test_http_head),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
