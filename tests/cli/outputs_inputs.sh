#!/bin/sh
# outputs_inputs.sh - an output never replaces or lands inside an input: an
# output (or --report) that is one of the inputs, or lies in an input
# directory the run walks, is refused with exit 2 and one line naming it,
# --force or not, and the input's bytes stay as they were.
set -eu
: "${QUIRE:?}" "${SRC:?}"
Q=$QUIRE
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
mkdir "$W/pages"
cp "$SRC/samples/pages/fr-windows-1252.html" "$W/pages/p.html"
sum=$(md5sum < "$W/pages/p.html")
refused() { # refused WHAT CMD...: exit 2, one error line naming the output
	what=$1; shift
	set +e
	"$@" > "$W/out" 2> "$W/err"
	rc=$?
	set -e
	[ "$rc" -eq 2 ] || { cat "$W/err"; fail "$what: exit $rc, not 2"; }
	[ "$(wc -l < "$W/err")" -eq 1 ] || { cat "$W/err"; fail "$what: not one line"; }
	grep -q 'write it elsewhere' "$W/err" || { cat "$W/err"; fail "$what: no reason"; }
}
refused "output = input" "$Q" convert "$W/pages/p.html" -t txt -o "$W/pages/p.html" --force
refused "output inside the input tree" "$Q" convert "$W/pages" -o "$W/pages/book.epub" --force
refused "relative spellings" sh -c "cd '$W/pages' && '$Q' convert . -o ./sub/../book.epub"
refused "split directory inside" "$Q" convert "$W/pages" -t txt --split -o "$W/pages/txt"
refused "report = input" "$Q" convert "$W/pages/p.html" -o "$W/x.txt" --report "$W/pages/p.html" --force
[ "$(md5sum < "$W/pages/p.html")" = "$sum" ] || fail "the input changed"
[ "$(ls "$W/pages")" = "p.html" ] || { ls "$W/pages"; fail "something was written inside the input tree"; }
[ ! -e "$W/x.txt" ] || fail "a refused run wrote its output"
# beside the input is fine, and a WARC converted onto itself is refused too
"$Q" convert "$W/pages" -q -o "$W/book.epub" || fail "an output beside the input tree"
"$Q" convert "$W/pages" -q --base-url https://example.org/ -o "$W/a.warc.gz" || fail "warc"
cp "$W/a.warc.gz" "$W/a.copy"
refused "warc onto itself" "$Q" convert "$W/a.warc.gz" -o "$W/a.warc.gz" --force
cmp "$W/a.warc.gz" "$W/a.copy" || fail "the WARC input changed"
echo "ok: outputs that would touch inputs are refused"
