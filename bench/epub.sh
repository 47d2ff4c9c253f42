#!/bin/sh
# epub.sh [N] - benchmark (not a test): quire vs pandoc 2.17 on the same N
# generated posts (default 1000, bench/gen_posts.py): one EPUB per post, then
# one anthology of all posts. Both run single-threaded (quire -j1, pandoc one
# process at a time) on tmpfs (/dev/shm), so neither pays for disk syncs; times
# and peak memory come from /usr/bin/time. Prints a table for docs/BENCHMARKS.md.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
N=${1:-1000}
QUIRE=${QUIRE:-$here/../build/quire}
base=/dev/shm
[ -d "$base" ] || base=${TMPDIR:-/tmp}
w=$(mktemp -d "$base/quire-bench-epub-XXXXXX")
trap 'rm -rf "$w"' EXIT
command -v pandoc >/dev/null || { echo "epub.sh: pandoc missing" >&2; exit 1; }
python3 "$here/gen_posts.py" "$N" "$w/site"
T() { t=$1; shift; /usr/bin/time -f "%e %U %S %M" -o "$w/t_$t" "$@"; }

T q_split "$QUIRE" convert -q "$w/site" --split -t epub -o "$w/q_split" -j1
mkdir "$w/p_split"
# pandoc tries to download remote images; the lookups fail at once offline (stderr dropped)
T p_split sh -c 'for f in "$1"/_posts/*.md; do b=${f##*/}; pandoc -f markdown -t epub3 "$f" -o "$2/${b%.md}.epub" 2>/dev/null; done' \
  sh "$w/site" "$w/p_split"
T q_anth "$QUIRE" convert -q "$w/site" -o "$w/q_anth.epub" --group-by category -j1
T p_anth sh -c 'pandoc -f markdown -t epub3 --toc -o "$1" "$2"/_posts/*.md 2>/dev/null' sh "$w/p_anth.epub" "$w/site"
# quire as usually run: every core
T q_split_jall "$QUIRE" convert -q "$w/site" --split -t epub -o "$w/q_split_jall"
T q_anth_jall "$QUIRE" convert -q "$w/site" -o "$w/q_anth_jall.epub" --group-by category

echo "posts: $N ($(du -sk "$w/site/_posts" | cut -f1) KB of Markdown); pandoc $(pandoc --version | head -n1 | cut -d' ' -f2)"
printf '%-28s %10s %10s %12s\n' run wall_s cpu_s peak_rss_MB
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in q_split q_split_jall p_split q_anth q_anth_jall p_anth; do
  read -r e u s m < "$w/t_$r"
  printf '%-28s %10.2f %10.2f %12.1f\n' "$r" "$e" "$(echo "$u + $s" | bc)" "$(echo "$m / 1024" | bc -l)"
done
ratio() { read -r e1 u1 s1 m1 < "$w/t_$1"; read -r e2 u2 s2 m2 < "$w/t_$2";
  echo "$3: wall x$(echo "scale=0; $e2 / $e1" | bc), cpu x$(echo "scale=0; ($u2 + $s2) / ($u1 + $s1)" | bc), memory 1/$(echo "scale=1; $m2 / $m1" | bc)"; }
ratio q_split p_split "one EPUB per post: quire faster than pandoc"
ratio q_anth p_anth "anthology: quire faster than pandoc"
echo "books: quire $(ls "$w/q_split" | wc -l), pandoc $(ls "$w/p_split" | wc -l); anthology sizes: quire $(du -k "$w/q_anth.epub" | cut -f1) KB, pandoc $(du -k "$w/p_anth.epub" | cut -f1) KB"
