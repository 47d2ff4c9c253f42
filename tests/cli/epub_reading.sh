#!/bin/sh
# epub_reading.sh - a real EPUB reader (Debian's pandoc, -f epub -t plain)
# reads the samples/site anthology back: every article's title appears, in
# the order of the articles' dates (recomputed from `quire inspect`), with
# its body text after it.
set -eu
command -v pandoc >/dev/null 2>&1 || exit 77
command -v jq >/dev/null 2>&1 || exit 77
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
"$QUIRE" convert -q "$SRC/samples/site" -o "$w/site.epub"
pandoc -f epub -t plain --wrap=none "$w/site.epub" -o "$w/site.txt"
"$QUIRE" inspect -q "$SRC/samples/site" | jq -r '[.published // "9999", .provenance.path, .title] | @tsv' |
  sort | cut -f3 > "$w/titles"
[ "$(wc -l < "$w/titles")" -ge 10 ] || { echo "FAIL: too few articles" >&2; exit 1; }
# a contents page may list the titles first: the chapter is the last mention
pos=0
while IFS= read -r t; do
  [ -n "$t" ] || continue
  line=$(grep -n -F -- "$t" "$w/site.txt" | tail -n 1 | cut -d: -f1)
  [ -n "$line" ] && [ "$line" -gt "$pos" ] || line=
  [ -n "$line" ] || { echo "FAIL: '$t' missing or out of order (after line $pos)" >&2; exit 1; }
  pos=$line
done < "$w/titles"
grep -q '下周六上午九点继续开放认领菜地' "$w/site.txt" || { echo "FAIL: body text missing" >&2; exit 1; }
echo "read $(wc -l < "$w/titles") articles in order"
