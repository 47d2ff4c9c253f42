#!/bin/sh
# jobs.sh [N] [ROUNDS] [FORMATS] - how --jobs 2 compares with --jobs 1, and
# with what the two cores of this machine give at all (not a test).
#
# A shared VM's two cores are not always equal (one may run 1.7x slower than
# the other for minutes, while its neighbour tenants load it) and each slows
# when both are busy (shared caches and memory). So, per round and format, on
# the same generated N posts (default 10000):
#   a0, a1  -j1 on all posts pinned to core 0, then to core 1 (taskset);
#   b0, b1  two -j1 copies of that same run at once, one pinned to each core:
#           each core's time for the whole job while the other core works too;
#   j2      -j2 on all posts, not pinned.
# Derived: "-j1" = (a0 + a1) / 2, the expected -j1 time (the scheduler puts a
# one-thread run on either core); "bound" = 1 / (1/b0 + 1/b1), the time two
# loaded cores need for the job when they share it perfectly, which no
# program can beat; the ratios -j1/bound (what this machine allows, 2.00x on
# two equal cores that do not slow each other) and -j1/-j2 (what quire gets);
# efficiency = bound / -j2 (1.00 = no cost of the pipeline at all).
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
command -v taskset >/dev/null || { echo "jobs.sh: needs taskset (util-linux)" >&2; exit 2; }
now() { date +%s.%N; }
ext() { case $1 in warc) echo warc.gz ;; *) echo "$1" ;; esac; }
# run CORE OUT [ARGS...]: one conversion, pinned to CORE unless it is "-"
run() {
  c=$1 o=$2
  shift 2
  if [ "$c" = - ]; then
    "$QUIRE" convert -q --no-progress "$@" -o "$o" "$site"
  else
    taskset -c "$c" "$QUIRE" convert -q --no-progress -j1 "$@" -o "$o" "$site"
  fi
}
echo "quire: $("$QUIRE" --version); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
printf '%-6s %6s %6s %6s %6s %6s | %6s %6s | %7s %7s %5s\n' \
  format a0 a1 b0 b1 j2 -j1 bound bound× -j2× eff
for fmt in $FORMATS; do
  e=$(ext "$fmt")
  for k in $(seq "$ROUNDS"); do
    rm -rf "$work/out" && mkdir -p "$work/out"
    t0=$(now); run 0 "$work/out/a0.$e"
    t1=$(now); run 1 "$work/out/a1.$e"
    t2=$(now)
    (run 0 "$work/out/b0.$e"; now >"$work/out/b0.end") &
    run 1 "$work/out/b1.$e"; t3=$(now)
    wait
    t4=$(now); run - "$work/out/j2.$e" -j2
    t5=$(now)
    awk -v f="$fmt" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v t3="$t3" \
        -v b0end="$(cat "$work/out/b0.end")" -v t4="$t4" -v t5="$t5" 'BEGIN {
      a0 = t1 - t0; a1 = t2 - t1; b0 = b0end - t2; b1 = t3 - t2; j2 = t5 - t4
      j1 = (a0 + a1) / 2; bound = 1 / (1 / b0 + 1 / b1)
      printf "%-6s %6.2f %6.2f %6.2f %6.2f %6.2f | %6.2f %6.2f | %6.2fx %6.2fx %5.2f\n",
             f, a0, a1, b0, b1, j2, j1, bound, j1 / bound, j1 / j2, bound / j2 }'
  done
done
