#!/bin/sh
# stop_slow.sh - Ctrl-C while one slow input (a 50 MB post, seconds of work)
# is in flight: quire stops within about a second, abandons that article,
# removes its temporaries, says so, and leaves an earlier output untouched.
# (Before, the run finished the article first: 7-9 s on slow inputs.)
# ctest-labels: nosan
set -u
: "${QUIRE:?}"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
mkdir "$W/in" "$W/out"
python3 - "$W/in/2021-01-01-big.md" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("---\ntitle: big\ndate: 2021-01-01 10:00:00 +0800\n---\n\n")
    p = "A paragraph of ordinary words that goes on for a while to make the post big enough.\n\n"
    f.write(p * (50 * 1024 * 1024 // len(p)))
PY
echo "an earlier complete output" > "$W/out/o.jsonl"
cp "$W/out/o.jsonl" "$W/earlier"
for sig in INT TERM; do
	"$QUIRE" convert "$W/in" --no-progress -j1 --force -t jsonl -o "$W/out/o.jsonl" 2>"$W/err" &
	pid=$!
	sleep 0.5
	t0=$(date +%s%N)
	kill -$sig $pid
	wait $pid
	rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	echo "SIG$sig: exit $rc after $ms ms: $(tail -1 "$W/err")"
	[ $rc -gt 128 ] || [ $rc -eq 1 ] || fail "SIG$sig: exit status $rc"
	[ $ms -le 1500 ] || fail "SIG$sig: took $ms ms to stop (want about 1 s)"
	cmp -s "$W/out/o.jsonl" "$W/earlier" || fail "SIG$sig: the earlier output was replaced"
	[ "$(ls -A "$W/out")" = o.jsonl ] || fail "SIG$sig: temporaries left: $(ls -A "$W/out")"
	grep -q "interrupted" "$W/err" || fail "SIG$sig: no word of the interruption: $(cat "$W/err")"
done
echo "ok: a slow input stopped within about a second, nothing published, nothing left"
