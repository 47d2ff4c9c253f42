/* fuzz_markdown.c - the Markdown path of a post: a fixed, valid front matter
 * and the input as the body, so the fuzzer's time goes to Liquid removal,
 * cmark-gfm (tables, strikethrough, autolinks, tagfilter, wide-table
 * escaping), the body's HTML and normalization rather than to YAML errors. */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char pre[] = "---\ntitle: Fuzz\ndate: 2021-01-02 10:00:00 +0800\ntags: [a, b]\n---\n";
	const char *dir = fuzz_write("2021-01-02-fuzz.md", data, size, pre, sizeof pre - 1, "", 0);
	fuzz_read_all(quire_reader_find("jekyll"), dir, "2021-01-02-fuzz.md");
	return 0;
}
