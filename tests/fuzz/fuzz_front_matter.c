/* fuzz_front_matter.c - YAML front matter (libyaml, then the lenient line
 * parser) through the jekyll reader: the input goes between --- lines of an
 * otherwise plain post. */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char pre[] = "---\n", post[] = "\n---\n\nA body paragraph.\n";
	const char *dir =
	    fuzz_write("2021-01-02-fuzz.md", data, size, pre, sizeof pre - 1, post, sizeof post - 1);
	fuzz_read_all(quire_reader_find("jekyll"), dir, "2021-01-02-fuzz.md");
	return 0;
}
