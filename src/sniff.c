/* sniff.c - what a file is when it is not an article: the batch asks before
 * any reader bids, so a ZIP, an image, a PDF, an Atom or RSS feed or random
 * bytes never become an article with a mojibake title. gzip is left to the
 * readers (.warc.gz, .html.gz). */
#include <string.h>
#include <strings.h>

#include "engine.h"

static bool S_starts(const unsigned char *h, size_t n, const char *magic, size_t m)
{
	return n >= m && memcmp(h, magic, m) == 0;
}

/* A root element <rss or <feed (Atom), after an XML declaration, comments,
 * processing instructions and white space. */
static bool S_feed(const unsigned char *h, size_t n)
{
	size_t i = n >= 3 && memcmp(h, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (i < n) {
		while (i < n && (h[i] == ' ' || h[i] == '\t' || h[i] == '\r' || h[i] == '\n'))
			i++;
		if (i + 4 <= n && memcmp(h + i, "<!--", 4) == 0) {
			const unsigned char *e = memmem(h + i, n - i, "-->", 3);
			if (!e) return false;
			i = (size_t)(e - h) + 3;
		} else if (i + 2 <= n && memcmp(h + i, "<?", 2) == 0) {
			const unsigned char *e = memmem(h + i, n - i, "?>", 2);
			if (!e) return false;
			i = (size_t)(e - h) + 2;
		} else {
			break;
		}
	}
	return (n - i >= 5 && strncasecmp((const char *)h + i, "<rss", 4) == 0 &&
	        (h[i + 4] == ' ' || h[i + 4] == '>' || h[i + 4] == '\n' || h[i + 4] == '\r' ||
	         h[i + 4] == '\t')) ||
	       (n - i >= 6 && strncasecmp((const char *)h + i, "<feed", 5) == 0 &&
	        (h[i + 5] == ' ' || h[i + 5] == '>' || h[i + 5] == '\n' || h[i + 5] == '\r' ||
	         h[i + 5] == '\t')) ||
	       (n - i >= 8 && strncasecmp((const char *)h + i, "<rdf:rdf", 8) == 0);
}

const char *sniff_not_article(const unsigned char *h, size_t n)
{
	static const struct {
		const char *magic;
		size_t len;
		const char *what;
	} kinds[] = {
	    {"PK\x03\x04", 4, "a ZIP archive (EPUB, DOCX, ...)"},
	    {"PK\x05\x06", 4, "an empty ZIP archive"},
	    {"%PDF-", 5, "a PDF document"},
	    {"\x89PNG\r\n\x1a\n", 8, "a PNG image"},
	    {"\xFF\xD8\xFF", 3, "a JPEG image"},
	    {"GIF87a", 6, "a GIF image"},
	    {"GIF89a", 6, "a GIF image"},
	    {"RIFF", 4, "a RIFF file (WebP, WAV, AVI)"},
	    {"\x7F"
	     "ELF",
	     4, "an executable (ELF)"},
	    {"BZh", 3, "bzip2 data"},
	    {"\xFD"
	     "7zXZ",
	     5, "xz data"},
	    {"7z\xBC\xAF\x27\x1C", 6, "a 7-Zip archive"},
	    {"\x28\xB5\x2F\xFD", 4, "zstd data"},
	    {"SQLite format 3", 15, "an SQLite database"},
	    {"\x00\x00\x00", 3, "binary data"},
	};
	if (S_starts(h, n, "\x1f\x8b", 2))
		return NULL; /* gzip: the readers look inside (.warc.gz, .html.gz) */
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
		if (S_starts(h, n, kinds[k].magic, kinds[k].len)) return kinds[k].what;
	if (n >= 12 && memcmp(h + 4, "ftyp", 4) == 0) return "an MP4/ISO media file";
	if (S_feed(h, n)) return "an RSS or Atom feed (quire has no feed reader yet)";
	/* UTF-16 text has a BOM; other bytes: text has few controls */
	if (S_starts(h, n, "\xFF\xFE", 2) || S_starts(h, n, "\xFE\xFF", 2)) return NULL;
	size_t ctl = 0;
	for (size_t i = 0; i < n; i++)
		if (h[i] < 0x20 && h[i] != '\n' && h[i] != '\r' && h[i] != '\t' && h[i] != '\f' &&
		    h[i] != 0x1b)
			ctl++;
	return n && ctl * 20 > n ? "binary data" : NULL; /* over 5%: text has almost none */
}
