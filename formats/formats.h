/* formats.h - the format tables defined in formats/ (one per file). Only
 * registry.c names them. */
#ifndef QUIRE_FORMATS_H
#define QUIRE_FORMATS_H
#include "../src/private.h"

extern const quire_reader_ops quire_read_jekyll;
extern const quire_reader_ops quire_read_html;
extern const quire_reader_ops quire_read_warc;

extern const quire_writer_ops quire_write_txt;
extern const quire_writer_ops quire_write_jsonl;
extern const quire_writer_ops quire_write_epub;
extern const quire_writer_ops quire_write_warc;
extern const quire_writer_ops quire_write_wacz;
#endif
