#!/bin/sh
# run.sh [SECONDS] - builds the libFuzzer harnesses in build-fuzz with clang
# (ASan + UBSan + libFuzzer) and runs each for SECONDS (default 60) over its
# corpus: seeds from samples/ and tests/ plus what earlier runs found. Files in
# tests/fuzz/regressions/NAME/ (crashes found before) are replayed first. Any
# crash, leak, timeout (10 s) or out-of-memory (2 GB) fails the run and leaves
# the input in build-fuzz/crashes/: add it to regressions/NAME/ with the fix.
set -eu
secs=${1:-60}
cd "$(dirname "$0")/../.."
SRC=$(pwd)
B=${FUZZ_BUILD:-build-fuzz}
command -v clang >/dev/null || { echo "fuzz: clang is missing (make test-deps installs it)" >&2; exit 1; }
harnesses="front_matter jekyll markdown html charset warc"
targets=$(for h in $harnesses; do printf 'fuzz_%s ' "$h"; done)
CC=clang cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQUIRE_FUZZ=ON -DQUIRE_TESTS=ON >/dev/null
cmake --build "$B" -j "$(nproc)" --target $targets >/dev/null

# Seeds: every sample and test input of the right kind, the front matter of
# each post on its own, and a small generated WARC (plain and gzip).
seeds=$B/seeds
rm -rf "$seeds" && mkdir -p "$seeds/posts" "$seeds/front_matter" "$seeds/markdown" "$seeds/html" "$seeds/warc"
find samples tests -type f \( -name '*.md' -o -name '*.markdown' \) -size -64k | while read -r f; do
  cp "$f" "$seeds/posts/$(echo "$f" | tr '/' '_')"
  awk 'NR == 1 && /^---/ { on = 1; next } on && /^(---|\.\.\.)/ { exit } on' "$f" \
    >"$seeds/front_matter/$(echo "$f" | tr '/' '_')"
  awk 'NR == 1 && /^---/ { fm = 1; next } fm && /^(---|\.\.\.)/ { fm = 0; next } !fm' "$f" \
    >"$seeds/markdown/$(echo "$f" | tr '/' '_')"
done
find samples tests -type f \( -name '*.html' -o -name '*.htm' \) -size -64k | while read -r f; do
  cp "$f" "$seeds/html/$(echo "$f" | tr '/' '_')"
done
find samples tests -type f \( -name '*.warc' -o -name '*.warc.gz' \) -size -256k | while read -r f; do
  cp "$f" "$seeds/warc/$(echo "$f" | tr '/' '_')"
done
QUIRE=true . "$SRC/tests/bad-inputs/common.sh"
gen_warc "$seeds/warc/gen.warc.gz" 2
gzip -dc "$seeds/warc/gen.warc.gz" >"$seeds/warc/gen.warc"

seed_dir() {
  case $1 in
    front_matter) echo "$seeds/front_matter" ;;
    jekyll) echo "$seeds/posts" ;;
    markdown) echo "$seeds/markdown" ;;
    html) echo "$seeds/html" ;;
    charset) echo "$seeds/html $seeds/posts" ;;
    warc) echo "$seeds/warc" ;;
  esac
}

mkdir -p "$B/crashes"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for h in $harnesses; do
  bin=$B/tests/fuzz/fuzz_$h
  opts="-timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix=$B/crashes/$h-"
  if [ -d "tests/fuzz/regressions/$h" ] && [ -n "$(ls "tests/fuzz/regressions/$h")" ]; then
    if ! "$bin" $opts tests/fuzz/regressions/$h/* >"$B/fuzz-$h.log" 2>&1; then
      echo "fuzz: $h: a regression input fails again (see $B/fuzz-$h.log)"; status=1; continue
    fi
  fi
  corpus=$B/corpus/$h
  mkdir -p "$corpus"
  if "$bin" $opts -max_total_time="$secs" "$corpus" $(seed_dir $h) >"$B/fuzz-$h.log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$B/fuzz-$h.log" | grep -o '[0-9]*$' || echo '?')
    echo "fuzz: $h: ok, $runs runs in ${secs} s, corpus $(ls "$corpus" | wc -l) files"
  else
    echo "fuzz: $h: FAILED (log $B/fuzz-$h.log, input in $B/crashes/):"
    grep -E 'ERROR|SUMMARY|runtime error' "$B/fuzz-$h.log" | head -5
    status=1
  fi
done
exit $status
