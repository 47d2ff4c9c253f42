#!/bin/sh
# options_check.sh - hostile option values and names: --shard and --lang are
# range- and shape-checked (usage error, exit 2), a --title with markup and
# entities leaves every EPUB part well-formed, and control bytes of file names
# and inputs reach stderr escaped (\x1b), one line per message. Every error
# reads "quire: PATH: what is wrong" (the path once, never the binary's).
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
# one error format: "quire: PATH: what is wrong", the path once, never the
# program's own path (getopt's messages), never garbled
said() { # said EXPECTED-LINE ARGS...: exit 2 and exactly that one line on stderr
	want=$1; shift
	(cd "$W" && "$QUIRE" "$@" > /dev/null 2> "$W/err")
	rc=$?
	[ $rc -eq 2 ] && [ "$(cat "$W/err")" = "$want" ] || { fail "quire $*: exit $rc, said:"; cat "$W/err"; echo " want: $want"; }
}
said "quire: nonexist.png: cannot read the --cover image: No such file or directory" \
	convert "$SRC/samples/site" -o k.epub --cover nonexist.png
printf 'not an image' > "$W/notimg.png"
said "quire: notimg.png: --cover is not a PNG, JPEG, GIF or SVG image" \
	convert "$SRC/samples/site" -o k.epub --cover notimg.png
said "quire: unknown option --x (see quire --help)" convert --x "$SRC/samples"
said "quire: unknown option --x (see quire --help)" convert --x=1 "$SRC/samples"
said "quire: unknown option -Z (see quire --help)" convert -qZ "$SRC/samples"
said "quire: option --to needs a value (see quire --help)" convert "$SRC/samples" --to
said "quire: unknown command 'bogus' (see quire --help)" bogus
: > "$W/x.txt"; : > "$W/x.epub"
said "quire: x.txt: exists (use --force to overwrite)" convert "$SRC/samples" -o x.txt
said "quire: x.epub: exists (use --force to overwrite)" convert "$SRC/samples" -o x.epub
said "quire: $W/no/dir/z.txt: cannot create: No such file or directory" convert "$SRC/samples" -o "$W/no/dir/z.txt"
# --split: the input is the path, the output that exists is named in the message
"$QUIRE" convert "$SRC/samples/loose" -q -t txt --split -o "$W/sp" || fail "split"
"$QUIRE" convert "$SRC/samples/loose/untitled.md" -t txt --split -o "$W/sp" 2> "$W/err"
grep -qx "quire: $SRC/samples/loose/untitled.md: its output $W/sp/untitled.txt exists (use --force or --skip-existing)" "$W/err" ||
	{ fail "split output exists:"; cat "$W/err"; }
echo "options: $fails failed"
[ $fails -eq 0 ]
