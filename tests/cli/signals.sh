#!/bin/sh
# signals.sh - SIGTERM stops a run cleanly like the first Ctrl-C; a second
# Ctrl-C exits at once (status 130) leaving neither a temporary file nor a
# file under a final name; an interrupted --split run resumes with
# --skip-existing and ends with every article exactly once.
set -u
. "$SRC/tests/bad-inputs/common.sh"
need reader jekyll
need writer jsonl

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
gen_posts 3000 "$W/posts"

# wait_tmp PATTERN: waits (10 s at most) for a temporary file in $W/out.
wait_for() {
  i=0
  while [ $i -lt 500 ]; do
    [ -n "$(find "$W/out" -name "$1" 2>/dev/null | head -1)" ] && return 0
    sleep 0.02
    i=$((i + 1))
  done
  return 1
}

# 1. Two Ctrl-C: immediate exit, nothing left.
mkdir -p "$W/out"
"$QUIRE" convert -q --no-progress -j 1 -t jsonl -o "$W/out/all.jsonl" --report "$W/out/r.json" "$W/posts" 2>/dev/null &
pid=$!
wait_for '.all.jsonl.tmp-*' || fail "no temporary output appeared"
kill -INT $pid
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 130 ] || [ $rc -eq 1 ] || fail "two SIGINTs: status $rc, want 130 (or 1 if the run had ended)"
if [ $rc -eq 130 ]; then
  [ ! -e "$W/out/all.jsonl" ] || fail "two SIGINTs: a final output exists"
  [ ! -e "$W/out/r.json" ] || fail "two SIGINTs: a final report exists"
fi
no_temporaries "$W/out" || fail "two SIGINTs left temporaries"

# 2. SIGTERM: like the first Ctrl-C.
rm -rf "$W/out" && mkdir -p "$W/out"
"$QUIRE" convert -q --no-progress -j 2 -t jsonl -o "$W/out/all.jsonl" --report "$W/out/r.json" "$W/posts" 2>/dev/null &
pid=$!
# at once: 3,000 small posts take a fraction of a second at -j 2, and a
# signal after the run has ended is not what this case is about
wait_for '.all.jsonl.tmp-*'
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 1 ] || fail "SIGTERM: status $rc, want 1"
jq -e '.interrupted == true' "$W/out/r.json" >/dev/null || fail "SIGTERM: report"
no_temporaries "$W/out" || fail "SIGTERM left temporaries"
[ ! -e "$W/out/all.jsonl" ] || fail "SIGTERM: a partial output was published under the final name"

# 2b. SIGTERM with --force over a complete output: the complete file stays,
# and the run stops within about a second.
rm -rf "$W/out" && mkdir -p "$W/out"
"$QUIRE" convert -q --no-progress -j 1 -o "$W/out/all.warc.gz" --base-url https://example.org/ "$W/posts" 2>/dev/null ||
  fail "complete run"
sum=$(md5sum < "$W/out/all.warc.gz")
"$QUIRE" convert -q --no-progress -j 1 --force -o "$W/out/all.warc.gz" --base-url https://example.org/ "$W/posts" \
  2> "$W/err" &
pid=$!
wait_for '.all.warc.gz.tmp-*'
t0=$(date +%s%N)
kill -TERM $pid
wait $pid
rc=$?
t1=$(date +%s%N)
[ $rc -eq 1 ] || fail "SIGTERM --force: status $rc, want 1"
[ $(( (t1 - t0) / 1000000 )) -lt 1500 ] || fail "SIGTERM --force: took $(( (t1 - t0) / 1000000 )) ms to stop"
[ "$(md5sum < "$W/out/all.warc.gz")" = "$sum" ] || fail "SIGTERM --force: the complete output was replaced"
grep -q 'interrupted: not written' "$W/err" || { cat "$W/err"; fail "SIGTERM --force: not said"; }
no_temporaries "$W/out" || fail "SIGTERM --force left temporaries"

# 3. Interrupted --split, resumed with --skip-existing.
rm -rf "$W/out" && mkdir -p "$W/out"
"$QUIRE" convert -q --no-progress -j 2 -t jsonl --split -o "$W/out/split" "$W/posts" 2>/dev/null &
pid=$!
i=0
while [ $i -lt 500 ] && [ "$(ls "$W/out/split" 2>/dev/null | wc -l)" -lt 200 ]; do sleep 0.02; i=$((i + 1)); done
kill -INT $pid
wait $pid
rc=$?
first=$(ls "$W/out/split" | wc -l)
[ $rc -eq 1 ] && [ "$first" -lt 3000 ] || fail "split interrupt: status $rc with $first files"
"$QUIRE" convert -q --no-progress -j 2 -t jsonl --split --skip-existing -o "$W/out/split" --report "$W/out/r.json" \
  "$W/posts" 2>/dev/null || fail "resume failed"
[ "$(ls "$W/out/split" | wc -l)" -eq 3000 ] || fail "resume: $(ls "$W/out/split" | wc -l) files, want 3000"
kept=$(jq '[.inputs[].kept_existing] | add' "$W/out/r.json")
[ "$kept" -eq "$first" ] || fail "resume kept $kept, want $first"
cat "$W"/out/split/*.jsonl | jq -r .title | sort | uniq -d | grep -q . && fail "resume: duplicate articles"
# the same outputs as an uninterrupted run
"$QUIRE" convert -q --no-progress -j 2 -t jsonl --split -o "$W/out/ref" "$W/posts" 2>/dev/null
diff -r -x .quire-names "$W/out/ref" "$W/out/split" >/dev/null || fail "resumed split differs from a plain run"
no_temporaries "$W/out" || fail "split left temporaries"

echo "signals: $fails failed"
[ $fails -eq 0 ]
