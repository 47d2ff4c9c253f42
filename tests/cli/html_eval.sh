#!/bin/sh
# html_eval.sh - the html reader's extraction quality on the readability corpus
# (tests/eval/run.sh): fails below mean F1 0.95, title 90%, byline 75%.
# Skipped (77) when the corpus is absent.
set -e
: "${QUIRE:?}" "${SRC:?}"
if [ -z "${SHARED:-}" ] || [ ! -d "$SHARED/corpus/readability" ]; then
  for s in "$SRC/../shared" "$SRC/../../shared"; do
    [ -d "$s/corpus/readability" ] && SHARED=$s && break
  done
fi
[ -d "${SHARED:-/nonexistent}/corpus/readability/pages" ] || exit 77
export SHARED
sh "$SRC/tests/eval/run.sh" "$QUIRE" "$SHARED/corpus/readability/pages"
