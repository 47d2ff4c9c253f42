#!/bin/sh
# options_check.sh - hostile option values and names: --shard and --lang are
# range- and shape-checked (usage error, exit 2), a --title with markup and
# entities leaves every EPUB part well-formed, and control bytes of file names
# and inputs reach stderr escaped (\x1b), one line per message.
set -u
: "${QUIRE:?}" "${SRC:?}"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
usage() { # usage WHAT ARGS...: exit 2 and one line
	what=$1; shift
	"$QUIRE" "$@" > /dev/null 2> "$W/err"
	rc=$?
	[ $rc -eq 2 ] && [ "$(wc -l < "$W/err")" -eq 1 ] || { fail "$what: exit $rc"; cat "$W/err"; }
}
for s in 1/-2 1/4294967297 0/3 4/3 " 1/2" 1/2x 1/ /2 -1/2; do
	usage "--shard '$s'" convert "$SRC/samples" -t jsonl -o "$W/s.jsonl" --shard "$s"
done
for l in '' 12 'x"><script>' 'zh_CN' 'en-' 'toolongsubtag-x' 'a b'; do
	usage "--lang '$l'" convert "$SRC/samples" -t jsonl -o "$W/l.jsonl" --lang "$l"
done
"$QUIRE" convert "$SRC/samples" -q -t jsonl -o "$W/ok.jsonl" --shard 2/3 --lang zh-Hant-TW || fail "good --shard/--lang refused"
# a title made to break XML
"$QUIRE" convert "$SRC/samples/site" -q -o "$W/t.epub" --title 'T</dc:title>&x;<b a="1">' || fail "epub with a hostile title"
for part in $(unzip -Z1 "$W/t.epub" | grep -E '\.(xhtml|opf|ncx|svg)$'); do
	unzip -p "$W/t.epub" "$part" | xmllint --noout - 2>/dev/null || fail "$part is not well-formed with that --title"
done
# control bytes in a file name and in the input
name=$(printf "$W/odd\033[31m\nname.md")
printf -- '---\ntitle: x\n---\nText \007 with a bell.\n' > "$name"
"$QUIRE" convert -v --no-progress -t jsonl -o "$W/c.jsonl" "$name" 2> "$W/err"
if grep -q "$(printf '\033')" "$W/err" || grep -q "$(printf '\007')" "$W/err"; then fail "raw control bytes on stderr"; fi
grep -q 'odd\\x1b\[31m\\x0aname.md' "$W/err" || { fail "the file name is not shown escaped"; cat "$W/err"; }
echo "options: $fails failed"
[ $fails -eq 0 ]
