#!/bin/sh
# run.sh QUIRE [PAGES_DIR] - evaluates the html reader's extraction against the
# readability corpus: one `quire inspect` over every page's source.html, then
# score.py compares quire's text with expected.html (token precision, recall,
# F1) and title/byline with expected-metadata.json. Exits 77 when the corpus
# is absent, 1 below the acceptance figures.
set -e
QUIRE=${1:?usage: run.sh QUIRE [PAGES_DIR]}
HERE=$(cd "$(dirname "$0")" && pwd)
PAGES=$2
if [ -z "$PAGES" ]; then
  for s in "${SHARED:-}" "$HERE/../../../shared" "$HERE/../../../../shared" /work/shared; do
    if [ -n "$s" ] && [ -d "$s/corpus/readability/pages" ]; then PAGES=$s/corpus/readability/pages; break; fi
  done
fi
if [ -z "$PAGES" ] || [ ! -d "$PAGES" ]; then
  echo "eval: readability corpus not found; skipped" >&2
  exit 77
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM
ls "$PAGES"/*/source.html > "$WORK/list"
"$QUIRE" inspect -q -f html - < "$WORK/list" > "$WORK/out.jsonl" || true
python3 "$HERE/score.py" "$PAGES" "$WORK/out.jsonl"
