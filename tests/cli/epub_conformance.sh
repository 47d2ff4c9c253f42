#!/bin/sh
# epub_conformance.sh - epubcheck (Debian 4.2.6, one JVM) on every kind of
# book the epub writer makes from samples/: each post alone (--split), the
# anthology grouped by category, volumes, --vertical, a cover image, embedded
# images (a local PNG and a data: URI), plus the books test_epub builds from
# deliberately broken HTML. Passes only with zero errors AND zero warnings.
# Under QUIRE_SANITIZED=1 the books are made (ASan) but not validated again.
set -eu
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
S=$SRC/samples
fail() { echo "FAIL: $*" >&2; exit 1; }

"$QUIRE" convert -q "$S/site" --split -t epub -o "$w/split"
"$QUIRE" convert -q "$S/loose" --split -t epub -o "$w/split-loose"
"$QUIRE" convert -q "$S" -o "$w/anthology.epub" --group-by category
"$QUIRE" convert -q "$S/site" -o "$w/vol.epub" --max-articles 4 --group-by month
"$QUIRE" convert -q "$S/site" -o "$w/vertical.epub" --vertical --group-by year
"$QUIRE" convert -q "$S/site" -o "$w/cover.epub" --cover "$S/site/assets/photo.png" --title "Cover test"
mkdir "$w/unit"
QUIRE_EPUB_OUT=$w/unit "$BUILD/tests/test_epub" >/dev/null

# the runs made what they should before we validate them
[ "$(ls "$w/split" | wc -l)" -ge 10 ] || fail "split wrote too few books"
[ -f "$w/vol-1.epub" ] && [ -f "$w/vol-2.epub" ] && [ ! -f "$w/vol.epub" ] || fail "volumes not named NAME-K.epub"
unzip -l "$w/anthology.epub" | grep -q 'EPUB/img/[0-9a-f]*\.png' || fail "no embedded image in the anthology"
[ "$(unzip -l "$w/anthology.epub" | grep -c 'EPUB/img/')" -ge 2 ] || fail "the data: URI image is missing"
unzip -p "$w/cover.epub" EPUB/package.opf | grep -q 'href="cover.png" media-type="image/png" properties="cover-image"' ||
  fail "--cover image not used"
unzip -p "$w/vertical.epub" EPUB/package.opf | grep -q 'page-progression-direction="rtl"' || fail "vertical spine"

# the sanitizer build makes the same bytes; epubcheck ran on them already
[ "${QUIRE_SANITIZED:-}" = 1 ] && exit 0
find "$w" -name '*.epub' | sort > "$w/list"
echo "validating $(wc -l < "$w/list") books"
status=0
sh "$SRC/tests/tools/epubcheck-all.sh" @"$w/list" > "$w/log" 2>&1 || status=$?
grep -v '^Validating using' "$w/log" || true
exit $status
