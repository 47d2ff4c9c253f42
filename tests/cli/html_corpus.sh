#!/bin/sh
# html_corpus.sh - every page of the readability corpus ($SHARED/corpus/
# readability, skipped when absent) through the html reader: to txt (one file
# and --split), and to one EPUB anthology that epubcheck must pass with zero
# errors and zero warnings (epub_corpus.sh checks a book per page). Every page must
# give an article with a title and text; no U+FFFD may appear (the pages are
# valid UTF-8 even where their meta says gb2312).
set -u
: "${QUIRE:?}" "${SRC:?}"
if [ -z "${SHARED:-}" ] || [ ! -d "$SHARED/corpus/readability" ]; then
  for s in "$SRC/../shared" "$SRC/../../shared"; do
    [ -d "$s/corpus/readability" ] && SHARED=$s && break
  done
fi
pages=${SHARED:-/nonexistent}/corpus/readability/pages
[ -d "$pages" ] || exit 77
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT INT TERM
fail() { echo "html_corpus: $*"; exit 1; }
ls "$pages"/*/source.html > "$w/list"
n=$(wc -l < "$w/list")
"$QUIRE" convert -q -t txt -o "$w/all.txt" - < "$w/list" || fail "txt: exit $?"
"$QUIRE" convert -q -t txt --split -o "$w/txt" - < "$w/list" || fail "txt --split: exit $?"
[ "$(ls "$w/txt" | wc -l)" -eq "$n" ] || fail "$(ls "$w/txt" | wc -l) txt files for $n pages"
if grep -l "$(printf '\357\277\275')" "$w/txt"/*.txt > "$w/fffd"; then
  fail "U+FFFD in $(cat "$w/fffd" | tr '\n' ' ')"
fi
"$QUIRE" inspect -q - < "$w/list" > "$w/all.jsonl" || fail "inspect: exit $?"
python3 - "$w/all.jsonl" "$n" <<'PY' || exit 1
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
bad = [r["provenance"]["path"] for r in rows if not r["text"].strip()]
if len(rows) != int(sys.argv[2]) or bad:
    print("html_corpus: %d articles for %s pages; empty text: %s" % (len(rows), sys.argv[2], bad))
    sys.exit(1)
PY
[ "${QUIRE_SANITIZED:-0}" = 1 ] && exit 0 # epubcheck under the sanitizer build adds nothing
command -v java >/dev/null 2>&1 || { echo "html_corpus: no java, EPUB validation skipped"; exit 0; }
# one anthology of all pages here (epub_corpus.sh checks one book per page)
"$QUIRE" convert -q -t epub -o "$w/anthology.epub" - < "$w/list" || fail "epub anthology: exit $?"
echo "$w/anthology.epub" > "$w/books"
sh "$SRC/tests/tools/epubcheck-all.sh" @"$w/books" > "$w/log" 2>&1
status=$?
grep -v '^Validating using' "$w/log" | tail -40
exit $status
