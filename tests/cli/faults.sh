#!/bin/sh
# faults.sh - the output side failing: an output folder that cannot be
# written (a path under a regular file: fails for root too), an output on
# /dev/full (every write fails with ENOSPC), a report that cannot be written,
# and a SIGINT in the middle of a 5,000-post run (nothing published). Exit
# statuses as SPEC section 2 says, no truncated file under a final name, no
# temporary file left, the report written and valid.
set -u
. "$SRC/tests/bad-inputs/common.sh"
need reader jekyll
need writer jsonl

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fails=0
fail() { echo "FAIL: $*"; [ -f "$W/err" ] && sed 's/^/    /' "$W/err" | head -5; fails=$((fails + 1)); }
gen_posts 20 "$W/posts"

# 1. Output folder not writable: its parent is a regular file.
: >"$W/plain-file"
"$QUIRE" convert -q --no-progress -t jsonl -o "$W/plain-file/out.jsonl" --report "$W/r1.json" "$W/posts" 2>"$W/err"
rc=$?
[ $rc -eq 2 ] || fail "unwritable folder: status $rc, want 2"
grep -q "^quire: $W/plain-file/out.jsonl: " "$W/err" || fail "unwritable folder: no error naming the output"
one_line_errors "$W/err" || fail "unwritable folder: stderr"
jq -e '.status == "fatal" and .exit == 2' "$W/r1.json" >/dev/null || fail "unwritable folder: report"
# the same with --split
"$QUIRE" convert -q --no-progress -t jsonl --split -o "$W/plain-file/split" "$W/posts" 2>"$W/err"
rc=$?
[ $rc -eq 2 ] || fail "unwritable split folder: status $rc, want 2"
grep -q "^quire: $W/plain-file/split: " "$W/err" || fail "unwritable split folder: no error naming it"

# 2. Output on /dev/full: the device stays a device, status 2.
"$QUIRE" convert -q --no-progress -t jsonl -o /dev/full --report "$W/r2.json" "$W/posts" 2>"$W/err"
rc=$?
[ $rc -eq 2 ] || fail "/dev/full: status $rc, want 2"
grep -q "^quire: /dev/full: write failed: No space left on device" "$W/err" || fail "/dev/full: message"
[ -c /dev/full ] || fail "/dev/full is no longer a character device"
jq -e '.status == "fatal"' "$W/r2.json" >/dev/null || fail "/dev/full: report"
# standard output on /dev/full
"$QUIRE" convert -q --no-progress -t jsonl -o - "$W/posts" >/dev/full 2>"$W/err"
rc=$?
[ $rc -eq 2 ] || fail "stdout on /dev/full: status $rc, want 2"
"$QUIRE" inspect -q --no-progress "$W/posts" >/dev/full 2>"$W/err"
rc=$?
[ $rc -eq 2 ] || fail "inspect on /dev/full: status $rc, want 2"
# a report on /dev/full: the conversion is done, the report fails: status 2
"$QUIRE" convert -q --no-progress -t jsonl -o "$W/ok.jsonl" --report /dev/full "$W/posts" 2>"$W/err"
rc=$?
[ $rc -eq 2 ] || fail "report on /dev/full: status $rc, want 2"
# an existing output without --force: refused, untouched
echo keep >"$W/exists.jsonl"
"$QUIRE" convert -q --no-progress -o "$W/exists.jsonl" "$W/posts" 2>"$W/err"
rc=$?
[ $rc -eq 2 ] && [ "$(cat "$W/exists.jsonl")" = keep ] || fail "existing output: status $rc or overwritten"
no_temporaries "$W" || fail "temporaries after the output faults"

# 3. SIGINT in the middle of a 5,000-post run.
gen_posts 5000 "$W/many"
"$QUIRE" convert -q --no-progress -j 2 -t jsonl -o "$W/many.jsonl" --report "$W/many.json" "$W/many" 2>"$W/err" &
pid=$!
# wait until some articles are written (the temporary output grows), then interrupt
i=0
while [ $i -lt 500 ]; do
  t=$(find "$W" -maxdepth 1 -name '.many.jsonl.tmp-*' -size +20k 2>/dev/null | head -1)
  [ -n "$t" ] && break
  sleep 0.02
  i=$((i + 1))
done
kill -INT $pid
wait $pid
rc=$?
if [ -z "$t" ]; then
  fail "SIGINT: the run finished before it could be interrupted (status $rc)"
else
  [ $rc -eq 1 ] || fail "SIGINT: status $rc, want 1"
  jq -e '.interrupted == true and .exit == 1' "$W/many.json" >/dev/null || fail "SIGINT: report not written or not interrupted"
  # a stopped run publishes nothing under the final name
  [ ! -e "$W/many.jsonl" ] || fail "SIGINT: a partial output was published"
  grep -q 'many.jsonl: interrupted: not written' "$W/err" || fail "SIGINT: does not say the output was not written"
  nc=$(jq '[.inputs[] | select(.status == "not-converted")] | length' "$W/many.json")
  [ "$nc" -gt 0 ] || fail "SIGINT: the report lists no input as not converted"
  grep -q '^quire: interrupted' "$W/err" || fail "SIGINT: no message"
fi
no_temporaries "$W" || fail "temporaries after SIGINT"

echo "faults: $fails failed"
[ $fails -eq 0 ]
