#!/bin/sh
# progress.sh - the progress line (issue 6): on with --progress or when stderr
# is a terminal, off with --no-progress, -q or a stderr that is not one;
# "done/total inputs, articles, articles/s, MB/s, ETA, failed", redrawn in
# place (\r and erase-line) at most ~10 times a second, the final line with
# the exact total; the failure count red on a terminal unless NO_COLOR is set.
set -u
. "$SRC/tests/bad-inputs/common.sh"
need reader jekyll
need writer jsonl

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
gen_posts 300 "$W/site/_posts"
printf -- '---\ntitle: [unclosed\n' >"$W/site/_posts/2001-01-01-bad.md" # fails under --strict
n=301

# lines LOG: the progress lines of a captured stderr, one per redraw
lines() { tr '\r' '\n' <"$1" | sed 's/\x1b\[K//g; s/\x1b\[[0-9]*m//g' | grep ' inputs, ' || true; }

# --progress into a file: on, in place, the right fields and the exact total
"$QUIRE" convert --progress --strict -t jsonl -o "$W/a.jsonl" "$W/site" 2>"$W/err1"
grep -q "$(printf '\r\033\\[K')" "$W/err1" || fail "--progress: no in-place redraw (CR ESC[K)"
last=$(lines "$W/err1" | tail -1)
echo "$last" | grep -Eq "^$n/$n inputs, [0-9]+ articles, [0-9]+ articles/s, [0-9.]+ MB/s, ETA [0-9]+:[0-9]{2}:[0-9]{2}, 1 failed$" \
  || fail "--progress: final line is '$last'"
if lines "$W/err1" | grep -q '+ inputs'; then
  lines "$W/err1" | tail -1 | grep -q '+ inputs' && fail "--progress: the final total is not exact"
fi

# at most ~10 redraws a second (plus the first and the final one)
start=$(date +%s.%N)
"$QUIRE" convert --progress -j 1 -t jsonl -o "$W/b.jsonl" "$W/site" 2>"$W/err2"
end=$(date +%s.%N)
k=$(lines "$W/err2" | wc -l)
awk -v k="$k" -v s="$start" -v e="$end" 'BEGIN { exit !(k <= 10 * (e - s) + 3) }' \
  || fail "$k redraws in $(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }') s"

# off: stderr not a terminal, --no-progress, -q
"$QUIRE" convert -t jsonl -o "$W/c.jsonl" "$W/site" 2>"$W/err3"
[ -z "$(lines "$W/err3")" ] || fail "progress shown although stderr is a file"
"$QUIRE" convert --progress -q -t jsonl -o "$W/d.jsonl" "$W/site" 2>"$W/err4"
[ -z "$(lines "$W/err4")" ] || fail "progress shown with -q"

# a terminal (script(1) gives a pty): on by default, the failure count red,
# not with NO_COLOR, off with --no-progress
if command -v script >/dev/null; then
  run_tty() { # run_tty LOG ENV... -- ARGS...: quire on a pseudo-terminal
    log=$1; shift
    env_args=
    while [ "$1" != -- ]; do env_args="$env_args $1"; shift; done
    shift
    script -qec "env -u NO_COLOR TERM=xterm $env_args $QUIRE $*" /dev/null >"$log" 2>&1 </dev/null
  }
  run_tty "$W/tty1" -- convert --strict -t jsonl -o "$W/e.jsonl" "$W/site"
  last=$(lines "$W/tty1" | tail -1)
  echo "$last" | grep -q "^$n/$n inputs, .* 1 failed" || fail "terminal: no progress line by default ('$last')"
  grep -q "$(printf '\033\\[31m')1 failed" "$W/tty1" || fail "terminal: the failure count is not red"
  run_tty "$W/tty2" NO_COLOR=1 -- convert --strict -t jsonl -o "$W/f.jsonl" "$W/site"
  lines "$W/tty2" | tail -1 | grep -q "^$n/$n inputs" || fail "terminal, NO_COLOR: no progress line"
  grep -q "$(printf '\033\\[31m')" "$W/tty2" && fail "terminal, NO_COLOR: colour used"
  run_tty "$W/tty3" -- convert --no-progress -t jsonl -o "$W/g.jsonl" "$W/site"
  [ -z "$(lines "$W/tty3")" ] || fail "terminal: progress shown with --no-progress"
else
  echo "note: script(1) missing: the terminal cases were not run"
fi

[ "$fails" -eq 0 ] || exit 1
echo "ok: progress line on/off, fields, exact total, redraw rate, colour"
