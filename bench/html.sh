#!/bin/sh
# html.sh [QUIRE] - the html reader against Readability.js on the readability
# corpus: the 130 pages to txt with quire (default --jobs, one run) and with
# @mozilla/readability + jsdom (all pages in one Node process). Prints wall
# time and peak memory (/usr/bin/time -v) of both and the ratios. Needs node
# and npm (the two packages are installed under build/npm when missing).
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
QUIRE=${1:-$ROOT/build/quire}
PAGES=
for s in "${SHARED:-}" "$ROOT/../shared" "$ROOT/../../shared" /work/shared; do
  if [ -n "$s" ] && [ -d "$s/corpus/readability/pages" ]; then PAGES=$s/corpus/readability/pages; break; fi
done
[ -n "$PAGES" ] || { echo "bench: readability corpus not found" >&2; exit 77; }
NPM=${QUIRE_NPM_DIR:-$ROOT/build/npm}
if [ ! -d "$NPM/node_modules/@mozilla/readability" ] || [ ! -d "$NPM/node_modules/jsdom" ]; then
  mkdir -p "$NPM"
  (cd "$NPM" && npm install --silent --no-audit --no-fund @mozilla/readability jsdom >/dev/null)
fi
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT INT TERM
ls "$PAGES"/*/source.html > "$W/list"
n=$(wc -l < "$W/list")
TIME=/usr/bin/time
# $1 label, rest: command; prints "label seconds kilobytes"
measure() {
  label=$1; shift
  $TIME -v -o "$W/$label.time" "$@" > "$W/$label.out" 2> "$W/$label.err" || { cat "$W/$label.err" >&2; exit 1; }
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$W/$label.time" |
         awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$W/$label.time")
  echo "$label $wall $rss" >> "$W/results"
}
measure quire "$QUIRE" convert -q --force -t txt -o "$W/pages.txt" - < "$W/list"
NODE_PATH="$NPM/node_modules" measure readability node "$HERE/readability.js" "$W/list"
cat "$W/readability.out"
awk -v n="$n" -v cores="$(nproc)" '
  { t[$1] = $2; m[$1] = $3 }
  END {
    printf "pages: %d, cores: %d\n", n, cores
    printf "%-12s %9s %9s %12s\n", "", "wall s", "ms/page", "peak RSS MB"
    for (k in t) printf "%-12s %9.2f %9.1f %12.1f\n", k, t[k], 1000 * t[k] / n, m[k] / 1024
    printf "speed: quire is %.1fx faster (target >= 50x)\n", t["readability"] / t["quire"]
    printf "memory: quire uses %.3f of Readability.js peak RSS (target <= 0.1)\n", m["quire"] / m["readability"]
  }' "$W/results"
