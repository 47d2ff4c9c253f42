#!/bin/sh
# deep_nesting.sh - text nested deeper than the parser's limit is kept: a page
# and a post with a paragraph, 300 (and 100,000) nested elements holding text,
# and a paragraph after them. libxml2 halts the whole parse at 256 levels, so
# before the fix everything after the deep element vanished without a word in
# HTML inputs. Now: all three texts in jsonl, txt and EPUB, and a
# "nesting-limit" warning on stderr by default (no -v).
set -u
: "${QUIRE:?}" "${SRC:?}"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
gen() { # gen FILE DEPTH KIND
	python3 - "$@" <<'PY'
import sys
path, n, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
before = "Alpha paragraph before the deep block, long enough to be article text for any extractor. " * 3
after = "Omega paragraph after the deep block, which a reader must still see in every output format. " * 3
deep = "<div>" * n + "<p>Middle words deep inside.</p>" + "</div>" * n
with open(path, "w") as f:
    if kind == "page":
        f.write("<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Deep page</title></head><body><article>"
                "<h1>Deep page</h1><p>%s</p>%s<p>%s</p></article></body></html>\n" % (before, deep, after))
    else:
        f.write("---\ntitle: \"Deep post\"\ndate: 2021-03-04 10:00:00 +0800\n---\n\n%s\n\n%s\n\n%s\n" % (before, deep, after))
PY
}
for n in 300 100000; do
	for kind in page post; do
		case $kind in page) f=$W/deep-$n.html ;; post) f=$W/2021-03-04-deep-$n.md ;; esac
		gen "$f" $n $kind
		for t in jsonl txt epub; do
			o=$W/out-$n-$kind.$t
			timeout 20 "$QUIRE" convert "$f" --no-progress -t $t -o "$o" 2>"$W/err"
			rc=$?
			[ $rc -eq 0 ] || { fail "$kind $n -> $t: exit $rc: $(head -2 "$W/err")"; continue; }
			grep -q "nesting-limit\|nested more than" "$W/err" || fail "$kind $n -> $t: no nesting warning by default: $(cat "$W/err")"
			if [ $t = epub ]; then unzip -p "$o" '*.xhtml' > "$W/text"; else cp "$o" "$W/text"; fi
			for w in Alpha "Middle words deep" Omega; do
				grep -q "$w" "$W/text" || fail "$kind $n -> $t: '$w' lost"
			done
		done
	done
done
[ $fails -eq 0 ] || exit 1
echo "ok: text before, inside and after 300 and 100,000 nested elements kept in jsonl, txt and epub, with a warning"
