#!/bin/sh
# epub_corpus.sh - the acceptance run over the real corpus ($SHARED/corpus/finews,
# skipped when absent): every post as its own EPUB, the whole corpus as one
# anthology grouped by category, the same in volumes of 25, and vertical;
# also the scraped pages of $SHARED/corpus/readability (messy real-world HTML)
# each alone and as one anthology. epubcheck (one JVM) must report zero errors
# and zero warnings. Under the sanitizer build (QUIRE_SANITIZED=1) the books
# are made but not validated again (same bytes, and epubcheck is slow).
set -eu
corpus=${SHARED:-}/corpus/finews
[ -d "$corpus/_posts" ] || exit 77
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
"$QUIRE" convert -q "$corpus" --split -t epub -o "$w/split"
"$QUIRE" convert -q "$corpus" -o "$w/finews.epub" --group-by category
"$QUIRE" convert -q "$corpus" -o "$w/vol.epub" --group-by category --max-articles 25
"$QUIRE" convert -q "$corpus" -o "$w/vertical.epub" --group-by month --vertical
pages=${SHARED:-}/corpus/readability/pages
if [ -d "$pages" ]; then
  mkdir "$w/pages"
  for d in "$pages"/*/; do
    [ -f "$d/source.html" ] && cp "$d/source.html" "$w/pages/$(basename "$d").html"
  done
  "$QUIRE" convert -q "$w/pages" --split -t epub -o "$w/pages-split"
  "$QUIRE" convert -q "$w/pages" -o "$w/pages.epub" --group-by month
  [ "$(ls "$w/pages-split" | wc -l)" -eq "$(ls "$w/pages" | wc -l)" ] || { echo "FAIL: a page made no book" >&2; exit 1; }
fi
posts=$(find "$corpus/_posts" -name '*.md' | wc -l)
books=$(ls "$w/split" | wc -l)
[ "$books" -eq "$posts" ] || { echo "FAIL: $books books for $posts posts" >&2; exit 1; }
vols=$(ls "$w"/vol-*.epub | wc -l)
[ "$vols" -eq $(( (posts + 24) / 25 )) ] || { echo "FAIL: $vols volumes for $posts posts" >&2; exit 1; }
# scheme-less //host links became https (pandoc and calibre resolve them inside the book)
unzip -p "$w/finews.epub" 'EPUB/c*.xhtml' | grep -q 'href="//' && { echo "FAIL: scheme-less link kept" >&2; exit 1; }
[ "${QUIRE_SANITIZED:-}" = 1 ] && exit 0
find "$w" -name '*.epub' | sort > "$w/list"
echo "validating $(wc -l < "$w/list") books"
status=0
sh "$SRC/tests/tools/epubcheck-all.sh" @"$w/list" > "$w/log" 2>&1 || status=$?
grep -v '^Validating using' "$w/log" || true
exit $status
