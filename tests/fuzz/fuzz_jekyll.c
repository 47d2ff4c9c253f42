/* fuzz_jekyll.c - a whole post file through the jekyll reader: front matter,
 * Liquid, Markdown (cmark-gfm), the body's HTML and normalization. */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_write("2021-01-02-fuzz.md", data, size, "", 0, "", 0);
	fuzz_read_all(quire_reader_find("jekyll"), dir, "2021-01-02-fuzz.md");
	return 0;
}
