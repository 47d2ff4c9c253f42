#!/bin/sh
# warc.sh - writing .warc.gz of N generated posts (bench/gen_posts.py, default
# 1,000) against gzip -6 compressing the same bytes the WARC holds (the same
# run written as a plain .warc), in one run; then the peak memory (RSS, from
# /usr/bin/time -v) of writing .warc.gz for BIG posts (default 10,000), and of
# converting that .warc.gz again to .warc.gz and .wacz (a WARC input).
# Targets: time ratio <= 1.5, peak < 64 MB. Not a test.
# Env: QUIRE (default build/quire), N, BIG, KEEP=1 keeps the work dir.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
QUIRE=${QUIRE:-$here/../build/quire}
N=${N:-1000}
BIG=${BIG:-10000}
[ -x "$QUIRE" ] || { echo "bench/warc.sh: no quire binary at $QUIRE (make build)"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/warc.sh: /usr/bin/time is missing (apt-get install time)"; exit 1; }
work=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT INT TERM
export SOURCE_DATE_EPOCH=1700000000

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

python3 "$here/gen_posts.py" "$N" "$work/site"
echo "posts: $N ($(cat "$work/site/_posts"/* | wc -c) bytes of posts); cores: $(nproc); $(gzip --version | head -1)"

"$QUIRE" convert "$work/site" -q --no-progress -o "$work/plain.warc"
raw=$(stat -c %s "$work/plain.warc")
# warm the page cache for both sides
cat "$work/site/_posts"/* "$work/plain.warc" > /dev/null

# best of three, wall clock and CPU (user+sys: the fair figure on a busy machine)
best() { # best VAR-PREFIX CMD...: sets ${1}_wall and ${1}_cpu
	p=$1; shift
	bw=999999; bc=999999
	for i in 1 2 3; do
		/usr/bin/time -f "%e %U %S" -o "$work/t" "$@"
		w=$(awk '{ print $1 }' "$work/t"); c=$(awk '{ print $2 + $3 }' "$work/t")
		bw=$(awk -v a="$w" -v b="$bw" 'BEGIN { print (a < b) ? a : b }')
		bc=$(awk -v a="$c" -v b="$bc" 'BEGIN { print (a < b) ? a : b }')
	done
	eval "${p}_wall=$bw ${p}_cpu=$bc"
}
best q sh -c "rm -f '$work/out.warc.gz' '$work/out.cdxj'; '$QUIRE' convert '$work/site' -q --no-progress -o '$work/out.warc.gz'"
best g sh -c "gzip -6 -c '$work/plain.warc' > '$work/plain.warc.gz'"
echo "WARC holds $raw bytes; quire .warc.gz: $(stat -c %s "$work/out.warc.gz") bytes (a gzip member per record); gzip -6 (one stream): $(stat -c %s "$work/plain.warc.gz") bytes"
echo "quire convert -> .warc.gz : wall ${q_wall} s, cpu ${q_cpu} s (reading, normalizing, rendering, digests, compression)"
echo "gzip -6 of the plain WARC : wall ${g_wall} s, cpu ${g_cpu} s"
echo "ratio quire/gzip: wall $(awk -v a="$q_wall" -v b="$g_wall" 'BEGIN { printf "%.2f", a / b }'), cpu $(awk -v a="$q_cpu" -v b="$g_cpu" 'BEGIN { printf "%.2f", a / b }') (target: <= 1.5); load average $(cut -d' ' -f1 /proc/loadavg)"

rm -rf "$work/site" "$work"/*.warc*
python3 "$here/gen_posts.py" "$BIG" "$work/big"
/usr/bin/time -v "$QUIRE" convert "$work/big" -q --no-progress -o "$work/big.warc.gz" 2> "$work/time.log"
peak=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$work/time.log")
wall=$(awk '/Elapsed \(wall clock\)/ { print $NF }' "$work/time.log")
echo "$BIG posts -> .warc.gz: $(stat -c %s "$work/big.warc.gz") bytes in $wall, peak RSS $((peak / 1024)) MB (target: < 64 MB)"
# the same archive as a WARC input: every record copied, articles re-derived
peakrun() { # peakrun LABEL OUT: converts big.warc.gz to OUT, prints the peak
	/usr/bin/time -v "$QUIRE" convert "$work/big.warc.gz" -q --no-progress -o "$2" 2> "$work/time.log"
	peak=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$work/time.log")
	wall=$(awk '/Elapsed \(wall clock\)/ { print $NF }' "$work/time.log")
	echo "$1: $(stat -c %s "$2") bytes in $wall, peak RSS $((peak / 1024)) MB (target: < 64 MB)"
}
peakrun "$BIG-post .warc.gz -> .warc.gz (every record kept)" "$work/again.warc.gz"
peakrun "$BIG-post .warc.gz -> .wacz" "$work/again.wacz"
