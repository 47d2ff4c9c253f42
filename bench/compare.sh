#!/bin/sh
# compare.sh OLD_QUIRE NEW_QUIRE - two builds of quire on the same inputs, run
# alternately (old, new, old, new...) so that a busy machine slows both alike:
# per job the median CPU time (user+sys) of ROUNDS runs each, the ratio
# new/old, and whether the outputs are byte-identical (written under the same name: a WARC names its file). For refactors that must
# change nothing ("within noise"). Jobs: 3,000 generated posts (gen_posts.py)
# to txt, jsonl, epub and warc.gz; the readability pages and, when present,
# ../shared/corpus/daniel to jsonl. Env: ROUNDS (default 5), WORK. Not a test.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
OLD=$(realpath "$1") NEW=$(realpath "$2")
ROUNDS=${ROUNDS:-5}
. "$here/workdir.sh"
[ -d "$work/site3000" ] || python3 "$here/gen_posts.py" 3000 "$work/site3000" >/dev/null
shared=$here/../../shared/corpus
jobs="site3000:txt site3000:jsonl site3000:epub site3000:warc.gz"
[ -d "$shared/readability" ] && jobs="$jobs readability:jsonl"
[ -d "$shared/daniel/pages" ] && jobs="$jobs daniel:jsonl"
src() {
  case $1 in
  site3000) echo "$work/site3000" ;;
  readability) echo "$shared/readability" ;;
  daniel) echo "$shared/daniel/pages" ;;
  esac
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
printf '%-20s %9s %9s %7s  %s\n' job old_cpu new_cpu ratio outputs
for j in $jobs; do
  in=$(src "${j%%:*}") ext=${j#*:}
  : >"$work/t.old"; : >"$work/t.new"; mkdir -p "$work/old" "$work/new"
  for r in $(seq "$ROUNDS"); do
    for w in old new; do
      q=$OLD; [ $w = new ] && q=$NEW
      /usr/bin/time -f '%U %S' -o "$work/tm" "$q" convert -q --no-progress -j1 "$in" -o "$work/$w/out.$ext" --force
      awk '{ printf "%.3f\n", $1 + $2 }' "$work/tm" >>"$work/t.$w"
    done
  done
  o=$(median <"$work/t.old") n=$(median <"$work/t.new")
  same=identical; cmp -s "$work/old/out.$ext" "$work/new/out.$ext" || same=DIFFER
  printf '%-20s %8ss %8ss %6.3f  %s\n' "$j" "$o" "$n" "$(echo "$n $o" | awk '{ print $1 / $2 }')" "$same"
done
