#!/bin/sh
# scale.sh - how quire's batch engine scales (issue 6): generated Jekyll sites
# of 1,000, 10,000 and 100,000 posts (bench/gen_posts.py, ~10 KB each), each
# converted to every streaming format (txt, jsonl, warc, wacz; epub, which
# holds its book, up to 10,000) with wall time and peak memory (max RSS); the
# time per post must stay flat (100,000 posts at most 110x the time of 1,000)
# and peak memory under 64 MB for txt, jsonl and warc at 100,000; then --jobs 2
# against --jobs 1 on 10,000 posts (target: 1.8x), in adjacent pairs. Not a test.
# Env: QUIRE (default build/quire), SIZES (default "1000 10000 100000"),
# FORMATS, WORK (a folder to keep the generated sites in, reused when present),
# PAIRS (default 5) and JOBS_FORMATS (default "txt jsonl warc") for --jobs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
QUIRE=${QUIRE:-$here/../build/quire}
SIZES=${SIZES:-1000 10000 100000}
FORMATS=${FORMATS:-txt jsonl warc wacz epub}
[ -x "$QUIRE" ] || { echo "bench/scale.sh: no quire binary at $QUIRE (make build)"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/scale.sh: /usr/bin/time is missing (apt-get install time)"; exit 1; }
. "$here/workdir.sh"

ext() { case $1 in warc) echo warc.gz ;; *) echo "$1" ;; esac; }

# run N FORMAT [OPTIONS...]: prints "seconds peak_kb cpu_seconds" of one conversion.
run() {
  n=$1 fmt=$2
  shift 2
  rm -rf "$work/out" && mkdir -p "$work/out"
  /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$QUIRE" convert -q --no-progress "$@" -t "$fmt" \
    -o "$work/out/all.$(ext "$fmt")" "$work/site$n" || echo "bench/scale.sh: quire failed ($fmt, $n posts)" >&2
  awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$work/time"
}

echo "quire: $("$QUIRE" --version); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
printf '%-6s %8s %10s %10s %10s %10s\n' format posts seconds ms/post cpu_s peak_MB
for n in $SIZES; do
  [ -d "$work/site$n/_posts" ] || python3 "$here/gen_posts.py" "$n" "$work/site$n" >/dev/null
  for fmt in $FORMATS; do
    [ "$fmt" = epub ] && [ "$n" -gt 10000 ] && continue
    set -- $(run "$n" "$fmt")
    printf '%-6s %8d %10.2f %10.3f %10.2f %10.1f\n' "$fmt" "$n" "$1" "$(echo "$1 $n" | awk '{ print $1 * 1000 / $2 }')" \
      "$3" "$(echo "$2" | awk '{ print $1 / 1024 }')"
    echo "$fmt $n $1 $2 $3" >>"$work/results"
  done
done

# Linearity: time(largest) / time(smallest) against the size ratio.
awk -v sizes="$SIZES" 'BEGIN { n = split(sizes, s, " "); lo = s[1]; hi = s[n] }
  $2 == lo { t0[$1] = $3; c0[$1] = $5 } $2 == hi { t1[$1] = $3; c1[$1] = $5; m[$1] = $4 }
  END { for (f in t1) if (t0[f] > 0 && c0[f] > 0)
          printf "%-6s %d posts: %.1fx the wall time, %.1fx the CPU time of %d (limit %.0fx), peak %.1f MB\n",
                 f, hi, t1[f] / t0[f], c1[f] / c0[f], lo, 1.1 * hi / lo, m[f] / 1024 }' "$work/results"
rm -f "$work/results"

# --jobs 2 against --jobs 1 on 10,000 posts: PAIRS adjacent pairs (-j1 then
# -j2) per format, so both runs of a pair see the same machine (a shared VM's
# speed drifts by 1.5x over minutes); the median of the pairs' ratios.
# PAIRS=0 skips this; bench/jobs.sh measures it against each core's speed.
n=10000
PAIRS=${PAIRS:-5}
[ "$PAIRS" -gt 0 ] || exit 0
[ -d "$work/site$n/_posts" ] || python3 "$here/gen_posts.py" "$n" "$work/site$n" >/dev/null
for fmt in ${JOBS_FORMATS:-txt jsonl warc}; do
  : >"$work/pairs"
  for i in $(seq "$PAIRS"); do
    t1=$(run $n "$fmt" -j 1 | cut -d' ' -f1)
    t2=$(run $n "$fmt" -j 2 | cut -d' ' -f1)
    echo "$t1 $t2" >>"$work/pairs"
  done
  awk '{ printf "%.3f %s %s\n", $1 / $2, $1, $2 }' "$work/pairs" | sort -n | awk -v fmt="$fmt" -v n="$n" '
    { r[NR] = $1; p = p sprintf(" %s/%s", $2, $3) }
    END { printf "%s, %d posts, --jobs 1 / --jobs 2 seconds:%s; median ratio %.2fx (target 1.8x)\n",
          fmt, n, p, r[int((NR + 1) / 2)] }'
done
rm -f "$work/pairs"
