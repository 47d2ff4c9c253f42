/* zip.c - a volume of the epub writer as an OCF zip: built by libzip in
 * memory (mimetype first and stored, no extra fields, fixed entry times and
 * permissions) and written through a quire_out. It builds no part itself. */
#include <stdio.h>
#include <stdlib.h>

#include <zip.h>

#include "epub.h"

/* ---- the zip --------------------------------------------------------------------- */

typedef struct zipper {
	zip_t *z;
	zip_uint16_t dtime, ddate;
	bool failed;
} zipper;

static void S_zip_add(zipper *zp, const char *name, const void *data, size_t len, bool owned, bool store)
{
	if (zp->failed) return;
	zip_source_t *src = zip_source_buffer(zp->z, data, len, owned ? 1 : 0);
	zip_int64_t idx = src ? zip_file_add(zp->z, name, src, ZIP_FL_ENC_UTF_8) : -1;
	if (idx < 0) {
		if (src)
			zip_source_free(src);
		else if (owned)
			free((void *)data);
		zp->failed = true;
		return;
	}
	zip_uint64_t i = (zip_uint64_t)idx;
	/* small parts are stored: a deflate stream costs more to set up than it saves */
	store = store || len < 4096;
	if (zip_set_file_compression(zp->z, i, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) ||
	    zip_file_set_dostime(zp->z, i, zp->dtime, zp->ddate, 0) ||
	    zip_file_set_external_attributes(zp->z, i, 0, ZIP_OPSYS_UNIX, 0100644u << 16))
		zp->failed = true;
}

/* DOS date and time fields straight from the UTC instant (libzip's own
 * conversion would go through the local time zone). */
static void S_dostime(int64_t t, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
	int64_t days = t / 86400, rem = t % 86400, y;
	unsigned m, d;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	time_civil_from_days(days, &y, &m, &d);
	if (y < 1980) {
		y = 1980;
		m = d = 1;
		rem = 0;
	} else if (y > 2107) {
		y = 2107;
		m = 12;
		d = 31;
	}
	*ddate = (zip_uint16_t)(((y - 1980) << 9) | (m << 5) | d);
	*dtime = (zip_uint16_t)(((rem / 3600) << 11) | ((rem / 60 % 60) << 5) | (rem % 60 / 2));
}

static const char S_container[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
    "  <rootfiles>\n"
    "    <rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n"
    "  </rootfiles>\n"
    "</container>\n";

static void S_zip_part(zipper *zp, const char *name, char *(*make)(epub_volume *, size_t *), epub_volume *v)
{
	size_t len = 0;
	char *data = make(v, &len);
	if (!data) {
		zp->failed = true;
		return;
	}
	S_zip_add(zp, name, data, len, true, false);
}

static void S_zip_volume(zipper *zp, epub_volume *v)
{
	const epub_book *b = v->book;
	S_zip_add(zp, "mimetype", "application/epub+zip", 20, false, true);
	S_zip_add(zp, "META-INF/container.xml", S_container, sizeof S_container - 1, false, false);
	S_zip_part(zp, "EPUB/package.opf", epub_opf, v);
	S_zip_part(zp, "EPUB/nav.xhtml", epub_nav, v);
	S_zip_part(zp, "EPUB/toc.ncx", epub_ncx, v);
	S_zip_part(zp, "EPUB/style.css", epub_css, v);
	S_zip_part(zp, "EPUB/cover.xhtml", epub_cover_xhtml, v);
	char name[64];
	if (b->cover.data) {
		snprintf(name, sizeof name, "EPUB/%s", b->cover.name);
		S_zip_add(zp, name, b->cover.data, b->cover.size, false, true);
	} else {
		S_zip_part(zp, "EPUB/cover.svg", epub_cover_svg, v);
	}
	for (size_t i = 0; i < v->n; i++) {
		epub_chapter *ch = v->ch[i];
		snprintf(name, sizeof name, "EPUB/%s", ch->file);
		S_zip_add(zp, name, ch->xhtml, ch->xhtml_len, true, false);
		ch->xhtml = NULL; /* the zip owns it now */
	}
	size_t nimg, *img = epub_volume_images(v, &nimg);
	for (size_t i = 0; i < nimg; i++) {
		const epub_res *res = &b->res[img[i]];
		snprintf(name, sizeof name, "EPUB/%s", res->name);
		S_zip_add(zp, name, res->data, res->size, false, true);
	}
	free(img);
}

quire_result epub_write_volume(epub_volume *v, const char *path, quire_err *err)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *z = mem ? zip_open_from_source(mem, ZIP_TRUNCATE, &ze) : NULL;
	if (!z) {
		if (mem) zip_source_free(mem);
		zip_error_fini(&ze);
		return quire_err_set(err, QUIRE_FATAL, "%s: cannot start the zip", path);
	}
	zip_source_keep(mem);
	zipper zp = {z, 0, 0, false};
	S_dostime(v->modified, &zp.dtime, &zp.ddate);
	S_zip_volume(&zp, v);
	if (zp.failed || zip_close(z) != 0) {
		quire_err_set(err, QUIRE_FATAL, "%s: zip: %s", path, zip_strerror(z));
		zip_discard(z);
		zip_source_free(mem);
		zip_error_fini(&ze);
		return QUIRE_FATAL;
	}
	quire_result r = QUIRE_OK;
	quire_out *out = quire_out_open(v->book->ctx, path, err);
	if (!out) r = QUIRE_FATAL;
	zip_stat_t st;
	if (r == QUIRE_OK && zip_source_stat(mem, &st) == 0 && zip_source_open(mem) == 0) {
		char buf[1 << 16];
		zip_int64_t got;
		while (r == QUIRE_OK && (got = zip_source_read(mem, buf, sizeof buf)) > 0)
			r = quire_out_write(out, buf, (size_t)got, err);
		zip_source_close(mem);
	} else if (r == QUIRE_OK) {
		r = quire_err_set(err, QUIRE_FATAL, "%s: cannot read the zip back", path);
	}
	if (out && r == QUIRE_OK)
		r = quire_out_commit(out, err);
	else if (out)
		quire_out_discard(out);
	zip_source_free(mem);
	zip_error_fini(&ze);
	return r;
}
