/* common.h - shared by the fuzz harnesses: one quiet context per process and
 * a private scratch folder where an input is written as a file for readers
 * that take paths. */
#ifndef QUIRE_FUZZ_COMMON_H
#define QUIRE_FUZZ_COMMON_H
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "txt/txt.h"

/* The process's context (quiet, messages discarded). */
quire_ctx *fuzz_ctx(void);
/* Writes data to DIR/name (DIR: the process's scratch folder) and returns the
 * folder; the path is DIR/name. */
const char *fuzz_write(const char *name, const void *data, size_t len, const void *prefix, size_t plen,
                       const void *suffix, size_t slen);
/* Reads every article of DIR/name with reader rd and frees them; also
 * renders each as JSON and text, as writers would. */
void fuzz_read_all(const quire_reader_ops *rd, const char *dir, const char *name);
#endif
