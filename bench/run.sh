#!/bin/sh
# run.sh - runs every benchmark script in bench/ (not tests: they compare quire
# with the tools users would otherwise use and print ratios). Figures go into
# docs/BENCHMARKS.md by hand, with the command that produced them.
set -e
here=$(cd "$(dirname "$0")" && pwd)
for b in txt epub warc html scale jobs; do
  if [ -f "$here/$b.sh" ]; then
    echo "== bench/$b.sh"
    sh "$here/$b.sh" || echo "bench/$b.sh failed ($?)"
  fi
done
