#!/bin/sh
# txt.sh - quire against pandoc 2.17 (Debian) converting N generated posts of
# ~10 KB (bench/gen_posts.py, default 1,000) to plain text, in one run. Both use
# every core: quire with its worker threads in one process, pandoc one process
# per post the way users run it (xargs -P nproc). Prints the times and the
# ratio. Not a test. Env: QUIRE (default build/quire), N, KEEP=1 keeps the work dir.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
QUIRE=${QUIRE:-$here/../build/quire}
N=${N:-1000}
jobs=$(nproc)
command -v pandoc >/dev/null || { echo "bench/txt.sh: pandoc is missing (apt-get install pandoc)"; exit 1; }
[ -x "$QUIRE" ] || { echo "bench/txt.sh: no quire binary at $QUIRE (make build)"; exit 1; }
work=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT INT TERM

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

python3 "$here/gen_posts.py" "$N" "$work/site"
bytes=$(cat "$work/site/_posts"/*.md | wc -c)
echo "posts: $N, $bytes bytes; cores: $jobs; $(pandoc --version | head -1); $("$QUIRE" --version | head -1)"

# quire: the whole site into one file (the usual run), and one output per post
# (--split) as pandoc makes them; best of three runs each. Every output quire
# writes is fsynced before it is renamed into place.
best3() { # prints the best wall time of three runs of quire convert "$@"
	b=
	for i in 1 2 3; do
		rm -rf "$work/quire" "$work/all.txt"
		t0=$(now)
		"$QUIRE" convert "$work/site" -q --no-progress "$@"
		t1=$(now)
		t=$(elapsed "$t0" "$t1")
		b=$(awk -v a="$t" -v b="${b:-$t}" 'BEGIN { print (a < b) ? a : b }')
	done
	echo "$b"
}
one=$(best3 -t txt -o "$work/all.txt")
best=$(best3 -t txt --split -o "$work/quire")
made=$(ls "$work/quire" | wc -l)

# pandoc: one process per post, all cores
mkdir -p "$work/pandoc"
t0=$(now)
find "$work/site/_posts" -name '*.md' -print0 |
	xargs -0 -P "$jobs" -I{} sh -c 'pandoc -f markdown -t plain "$1" -o "$2/$(basename "$1" .md).txt"' _ {} "$work/pandoc"
t1=$(now)
tp=$(elapsed "$t0" "$t1")
pmade=$(ls "$work/pandoc" | wc -l)

echo "quire  --split : ${best} s for $made files ($(awk -v t="$best" -v n="$N" 'BEGIN { printf "%.3f", t * 1000 / n }') ms/post)"
echo "quire  one file: ${one} s"
echo "pandoc         : ${tp} s for $pmade files ($(awk -v t="$tp" -v n="$N" 'BEGIN { printf "%.1f", t * 1000 / n }') ms/post wall, -P $jobs)"
echo "ratio pandoc/quire, one file: $(awk -v a="$tp" -v b="$one" 'BEGIN { printf "%.0f", a / b }')x (target: >= 300x)"
echo "ratio pandoc/quire, --split  : $(awk -v a="$tp" -v b="$best" 'BEGIN { printf "%.0f", a / b }')x"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
