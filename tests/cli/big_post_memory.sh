#!/bin/sh
# big_post_memory.sh - a 50 MB post (600,000 paragraphs) converts to txt,
# jsonl, epub and warc.gz with peak memory (max RSS) under 600 MB each, and
# its text is all there (first and last paragraph). Before: 680-915 MB.
# ctest-labels: nosan
set -u
: "${QUIRE:?}"
[ -x /usr/bin/time ] || { echo "SKIP: no /usr/bin/time (apt-get install time)"; exit 77; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fails=0
mkdir "$W/in" "$W/out"
python3 - "$W/in/2021-01-01-big.md" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("---\ntitle: big\ndate: 2021-01-01 10:00:00 +0800\n---\n\nFirst paragraph of the big post.\n\n")
    p = "A paragraph of ordinary words that goes on for a while to make the post big enough.\n\n"
    f.write(p * (50 * 1024 * 1024 // len(p)))
    f.write("Last paragraph of the big post.\n")
PY
for t in txt jsonl epub warc; do
	o=$W/out/big.$t
	[ $t = warc ] && o=$W/out/big.warc.gz
	/usr/bin/time -f '%M' -o "$W/rss" "$QUIRE" convert "$W/in" -q --no-progress -o "$o" || { echo "FAIL: $t: exit $?"; fails=$((fails + 1)); continue; }
	mb=$(($(tail -1 "$W/rss") / 1024))
	echo "$t: peak $mb MB"
	[ $mb -lt 600 ] || { echo "FAIL: $t: peak $mb MB (limit 600)"; fails=$((fails + 1)); }
	case $t in
	epub) unzip -p "$o" '*.xhtml' > "$W/text" ;;
	warc) zcat "$o" > "$W/text" ;;
	*) cp "$o" "$W/text" ;;
	esac
	for w in "First paragraph" "Last paragraph"; do
		grep -q "$w" "$W/text" || { echo "FAIL: $t: '$w' lost"; fails=$((fails + 1)); }
	done
	rm -f "$o" "$W/text"
done
[ $fails -eq 0 ] || exit 1
echo "ok: a 50 MB post under 600 MB in txt, jsonl, epub and warc.gz"
