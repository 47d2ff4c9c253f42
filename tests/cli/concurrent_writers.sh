#!/bin/sh
# concurrent_writers.sh - two runs writing the same output without --force:
# one succeeds, the other fails with a clear message, and the file holds one
# whole run's output (never silently replaced); with --force the last wins.
set -u
. "$SRC/tests/bad-inputs/common.sh"
need reader jekyll
need writer jsonl
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
gen_posts 1500 "$W/posts"
"$QUIRE" convert -q --no-progress -j 1 -t jsonl -o "$W/ref.jsonl" "$W/posts" || fail "reference run"
for round in 1 2 3; do
  rm -f "$W/x.jsonl"
  "$QUIRE" convert -q --no-progress -j 1 -t jsonl -o "$W/x.jsonl" "$W/posts" 2> "$W/e1" & p1=$!
  "$QUIRE" convert -q --no-progress -j 1 -t jsonl -o "$W/x.jsonl" "$W/posts" 2> "$W/e2" & p2=$!
  wait $p1; r1=$?
  wait $p2; r2=$?
  ok=0
  [ $r1 -eq 0 ] && ok=$((ok + 1))
  [ $r2 -eq 0 ] && ok=$((ok + 1))
  [ $ok -eq 1 ] || { cat "$W/e1" "$W/e2"; fail "round $round: $ok runs succeeded (status $r1, $r2), want exactly 1"; }
  cat "$W/e1" "$W/e2" | grep -Eq 'x.jsonl: (exists|appeared while this run was writing it)' ||
    { cat "$W/e1" "$W/e2"; fail "round $round: the failing run does not say why"; }
  cmp -s "$W/x.jsonl" "$W/ref.jsonl" || fail "round $round: the output is not one whole run's"
  no_temporaries "$W" || fail "round $round: temporaries left"
done
echo "ok: of two concurrent writers one wins, the other fails and says so"
