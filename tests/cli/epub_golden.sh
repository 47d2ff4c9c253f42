#!/bin/sh
# epub_golden.sh - the samples/site anthology (grouped by category) unpacked:
# its OPF, nav, NCX and one chapter compared byte for byte with
# tests/golden/epub/. QUIRE_ACCEPT=1 rewrites the expected files.
set -eu
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
g=$SRC/tests/golden/epub
"$QUIRE" convert -q "$SRC/samples/site" -o "$w/site.epub" --group-by category -j 2
mkdir "$w/x"
(cd "$w/x" && unzip -q ../site.epub)
status=0
for f in package.opf nav.xhtml toc.ncx c0004.xhtml style.css; do
  # one element per line so a difference is readable
  sed 's/></>\n</g' "$w/x/EPUB/$f" > "$w/$f"
  if [ "${QUIRE_ACCEPT:-}" = 1 ]; then
    mkdir -p "$g" && cp "$w/$f" "$g/$f"
  elif ! cmp -s "$w/$f" "$g/$f"; then
    echo "FAIL: EPUB/$f differs from tests/golden/epub/$f:" >&2
    diff -u "$g/$f" "$w/$f" | head -40 >&2 || true
    status=1
  fi
done
exit $status
