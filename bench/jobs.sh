#!/bin/sh
# jobs.sh [N] [ROUNDS] [FORMATS] - how --jobs 2 compares with --jobs 1, and
# with what two cores of this machine can give at all (not a test). Per round
# and format, on the same generated N posts (default 10000): -j1 on all
# posts; two independent -j1 processes at once on the two halves (--shard 1/2
# and 2/2: nothing shared, each pays its own discovery), the machine's bound;
# -j2 on all posts. Rounds run back to back so the three see the same minute
# (a shared VM's single-core speed drifts by 1.5x over minutes).
# Env: QUIRE (default build/quire), WORK (keep the generated site there).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
QUIRE=${QUIRE:-$here/../build/quire}
N=${1:-10000}
ROUNDS=${2:-3}
FORMATS=${3:-txt jsonl warc}
. "$here/workdir.sh"
site=$work/site$N
[ -d "$site/_posts" ] || python3 "$here/gen_posts.py" "$N" "$site" >/dev/null
now() { date +%s.%N; }
ext() { case $1 in warc) echo warc.gz ;; *) echo "$1" ;; esac; }
echo "quire: $("$QUIRE" --version); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
for fmt in $FORMATS; do
  e=$(ext "$fmt")
  for k in $(seq "$ROUNDS"); do
    rm -rf "$work/out" && mkdir -p "$work/out"
    a=$(now)
    "$QUIRE" convert -q --no-progress -j1 -o "$work/out/all.$e" "$site"
    b=$(now)
    "$QUIRE" convert -q --no-progress -j1 --shard 1/2 -o "$work/out/h1.$e" "$site" &
    "$QUIRE" convert -q --no-progress -j1 --shard 2/2 -o "$work/out/h2.$e" "$site"
    wait
    c=$(now)
    "$QUIRE" convert -q --no-progress -j2 -o "$work/out/j2.$e" "$site"
    d=$(now)
    awk -v f="$fmt" -v a="$a" -v b="$b" -v c="$c" -v d="$d" 'BEGIN {
      printf "%-6s -j1 %6.2f s   two halves at once %6.2f s (%.2fx)   -j2 %6.2f s (%.2fx, target 1.8x)\n",
             f, b - a, c - b, (b - a) / (c - b), d - c, (b - a) / (d - c) }'
  done
done
