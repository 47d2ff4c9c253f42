/* epub.h - internal interfaces of the EPUB 3 writer (formats/epub/): the
 * book being assembled (chapters kept as serialized XHTML, resources by
 * digest) and the part builders. Nothing here is seen outside formats/epub. */
#ifndef QUIRE_EPUB_H
#define QUIRE_EPUB_H

#include <libxml/tree.h>

#include "../formats.h"

#define EPUB_OPS_NS "http://www.idpf.org/2007/ops"
#define EPUB_XHTML_NS "http://www.w3.org/1999/xhtml"

/* An embedded image, shared by all chapters that reference the same bytes. */
typedef struct epub_res {
	char name[48];          /* "img/<16 hex>.png" relative to the package */
	const char *media_type; /* static string */
	unsigned char *data;    /* owned */
	size_t size;
	bool has_alt; /* every reference carried a non-empty alt */
	bool cover;   /* the cover image */
} epub_res;

/* What the book keeps of one article once its chapter is serialized. */
typedef struct epub_chapter {
	char *title, *url_key, *category, *input_path, *lang;
	char **subjects;
	size_t n_subjects;
	char **authors;
	size_t n_authors;
	char *publisher, *site, *source;
	quire_time published, modified;
	char *xhtml; /* the serialized chapter, owned */
	size_t xhtml_len;
	uint64_t *links; /* hashes of absolute links that may point into the book */
	size_t n_links;
	size_t *res; /* indexes into the book's resources */
	size_t n_res;
	size_t order;  /* arrival order (tie-break) */
	char *group;   /* toc group label (NULL with --group-by none) */
	char *gsort;   /* sort key of the group ("" with --group-by none) */
	char file[32]; /* "c0001.xhtml", set when the volume is built */
	char *id;      /* article id */
} epub_chapter;

typedef struct epub_book {
	quire_ctx *ctx;
	const quire_options *o;
	char *path; /* output path as given */
	epub_chapter *ch;
	size_t n, cap;
	epub_res *res;
	size_t nres, capres;
	epub_res cover; /* --cover image (data NULL when none) */
	bool vertical;  /* --vertical and CJK */
} epub_book;

/* A volume: a slice of the sorted chapters written as one .epub. */
typedef struct epub_volume {
	epub_book *book;
	epub_chapter **ch; /* borrowed, in spine order */
	size_t n;
	unsigned index, count; /* 1-based volume number and number of volumes */
	char title[1024];      /* dc:title */
	char series[1024];     /* series name (book title) when count > 1 */
	char uuid[37];
	char lang[64];
	quire_time newest; /* latest date, for dcterms:modified and zip times */
	int64_t modified;  /* dcterms:modified as seconds */
	bool has_images, all_alt;
	struct epub_key *keys; /* article URL keys of the volume, sorted */
	size_t nkeys;
} epub_volume;

typedef struct epub_key {
	uint64_t key;
	const char *file;
} epub_key;

/* chapter.c: serializes one article into ch (fills every field but file). */
quire_result epub_chapter_build(epub_book *b, const quire_article *a, epub_chapter *ch, quire_err *err);
/* chapter.c: rewrites links to articles of the same volume (hash map lookup
 * through find); re-parses the chapter only when one of its links hits. */
void epub_chapter_relink(epub_volume *v, epub_chapter *ch, const char *(*find)(epub_volume *, uint64_t));
/* chapter.c: the key links and article URLs are matched on (scheme, www.,
 * fragment and trailing slash ignored). */
uint64_t epub_url_key(const char *url);
void epub_chapter_free(epub_chapter *ch);

/* xml.c: small libxml2 helpers shared by the part builders. */
xmlDocPtr epub_xhtml_doc(const char *lang, const char *title, bool with_css, xmlNodePtr *body);
xmlNodePtr epub_add(xmlNodePtr parent, const char *name, const char *text);
void epub_text(xmlNodePtr parent, const char *text);
char *epub_serialize(xmlDocPtr doc, size_t *len);
bool epub_valid_lang(const char *tag);
bool epub_valid_id(const char *id);

/* package.c: the OPF, nav, NCX, CSS and cover parts of a volume. Each returns
 * a malloc'd buffer (caller frees) and its length. */
char *epub_opf(epub_volume *v, size_t *len);
/* The volume's images (indexes into the book's res), each once, in order of
 * first use; *n of them. Caller frees. */
size_t *epub_volume_images(const epub_volume *v, size_t *n);
char *epub_nav(epub_volume *v, size_t *len);
char *epub_ncx(epub_volume *v, size_t *len);
char *epub_css(epub_volume *v, size_t *len);
char *epub_cover_svg(epub_volume *v, size_t *len);
char *epub_cover_xhtml(epub_volume *v, size_t *len);
/* Words in the book's language (zh, ja, else English). */
typedef enum {
	L_CONTENTS,
	L_COVER,
	L_START,
	L_LANDMARKS,
	L_ARTICLES,
	L_UNCATEGORIZED,
	L_UNDATED
} epub_label_id;
const char *epub_label(const char *lang, epub_label_id id);
/* The cover image's package name and media type ("cover.svg" when generated). */
const char *epub_cover_name(const epub_volume *v);

/* zip.c: builds the volume's zip in memory and writes it through a
 * quire_out at path (committed on success, discarded on failure). The zip
 * takes the chapters' XHTML (ch->xhtml is NULL after). */
quire_result epub_write_volume(epub_volume *v, const char *path, quire_err *err);

/* Media type of image bytes (PNG, JPEG, GIF, SVG) or NULL; WebP and the rest
 * are refused (epubcheck 4.2.6 wants a fallback for WebP). */
const char *epub_image_type(const unsigned char *data, size_t size, const char **ext);

#endif
