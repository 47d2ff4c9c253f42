/* fuzz_warc.c - a WARC file (plain; gzip when the input starts with the gzip
 * magic) through the warc reader and, for HTML records, the html reader. */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *name = size >= 2 && data[0] == 0x1f && data[1] == 0x8b ? "fuzz.warc.gz" : "fuzz.warc";
	const char *dir = fuzz_write(name, data, size, "", 0, "", 0);
	fuzz_read_all(quire_reader_find("warc"), dir, name);
	return 0;
}
