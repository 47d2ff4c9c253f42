#!/bin/sh
# split_names.sh - --split names are stable: letters of every script are kept
# (a Chinese title stays in the name), files of one tree that share a name get
# their folder in it, names that still meet get a digest of the article's
# identity, and (DIR/.quire-names remembers who owns a name) --skip-existing
# after an input is added in front writes every article exactly once, each
# under the name it had.
set -eu
: "${QUIRE:?}" "${SRC:?}"
Q=$QUIRE
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
post() { # post DIR TITLE BODY
	mkdir -p "$1"
	printf -- '---\ntitle: %s\ndate: 2023-01-02 10:00:00 +0800\n---\n%s\n' "$2" "$3" > "$1/2023-01-02-中文标题.md"
}
post "$W/a" "甲" "第一篇的正文。"
post "$W/b" "乙" "第二篇的正文。"
"$Q" convert "$W/a/2023-01-02-中文标题.md" "$W/b/2023-01-02-中文标题.md" -q -t txt --split -o "$W/out"
ls "$W/out" > "$W/names1"
grep -qx '2023-01-02-中文标题.txt' "$W/names1" || { cat "$W/names1"; fail "the Chinese letters left the name"; }
[ "$(wc -l < "$W/names1")" -eq 2 ] || { cat "$W/names1"; fail "two posts, not two files"; }
grep -Eqx '2023-01-02-中文标题-[0-9a-f]{8}.txt' "$W/names1" || { cat "$W/names1"; fail "no digest on the second name"; }
# the same names again in a fresh directory
"$Q" convert "$W/a/2023-01-02-中文标题.md" "$W/b/2023-01-02-中文标题.md" -q -t txt --split -o "$W/out2"
for f in "$W"/out/*.txt; do cmp -s "$f" "$W/out2/${f##*/}" || fail "${f##*/}: another article under that name"; done
# an input added in front: --skip-existing writes it once, under a new name, and keeps the others
post "$W/0" "丙" "第三篇的正文。"
"$Q" convert "$W/0/2023-01-02-中文标题.md" "$W/a/2023-01-02-中文标题.md" "$W/b/2023-01-02-中文标题.md" -q -t txt \
  --split --skip-existing -o "$W/out"
[ "$(ls "$W/out" | wc -l)" -eq 3 ] || { ls "$W/out"; fail "three posts, not three files"; }
for t in 甲 乙 丙; do
	[ "$(grep -l "$t" "$W"/out/*.txt | wc -l)" -eq 1 ] || fail "article $t is not in exactly one file"
done
for f in $(cat "$W/names1"); do cmp -s "$W/out/$f" "$W/out2/$f" || fail "$f changed owner after an input was added"; done
# one tree of pages: files that share a name get their folder in it
mkdir -p "$W/site/a" "$W/site/b"
cp "$SRC/samples/pages/fr-windows-1252.html" "$W/site/a/p.html"
cp "$SRC/samples/pages/ko-euc-kr.html" "$W/site/b/p.html"
"$Q" convert "$W/site" -q -t txt --split -o "$W/out3"
ls "$W/out3" | grep -qx 'a-p.txt' && ls "$W/out3" | grep -qx 'b-p.txt' || { ls "$W/out3"; fail "no folder in the names"; }
echo "ok: --split names are stable"
