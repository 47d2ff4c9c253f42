#!/bin/sh
# warc_roundtrip.sh - samples -> .warc.gz -> jsonl gives the articles that
# `quire inspect samples` gives: same text always; same titles and dates once
# the html reader (which reads the XHTML conversions back) is implemented.
. "$SRC/tests/cli/warc_lib.inc"
S=$SRC/samples
[ -d "$S" ] || { echo "SKIP: no samples/"; exit 77; }
implemented jsonl || { echo "SKIP: jsonl writer not implemented"; exit 77; }
export SOURCE_DATE_EPOCH=1700000000
"$Q" convert "$S" -q --base-url https://archive.example.org/ -o "$W/s.warc.gz" || fail "convert to warc"
"$Q" convert "$W/s.warc.gz" -q -t jsonl -o "$W/rt.jsonl" || fail "convert warc to jsonl"
"$Q" inspect "$S" -q > "$W/orig.jsonl" || fail "inspect"
meta=0
implemented html && meta=1
python3 - "$W/orig.jsonl" "$W/rt.jsonl" "$meta" <<'PY' || fail "round trip differs"
import json, sys
orig = [json.loads(l) for l in open(sys.argv[1])]
back = [json.loads(l) for l in open(sys.argv[2])]
meta = sys.argv[3] == "1"
assert len(orig) == len(back), "%d articles in, %d back" % (len(orig), len(back))
bad = 0
for a, b in zip(orig, back):
    # the WARC keeps the run's order; each article comes back from its own records
    pairs = [("text", a["text"], b["text"])]
    if meta:
        pairs += [("title", a["title"], b["title"]), ("published", a["published"], b["published"])]
    for k, x, y in pairs:
        if x != y:
            bad += 1
            print("%s: %s %r != %r" % (a["provenance"]["path"], k, x and x[:80], y and y[:80]))
    if not b["provenance"]["record_id"]:
        bad += 1
        print("no record id on", b["url"])
sys.exit(1 if bad else 0)
PY
echo "ok: $(wc -l < "$W/rt.jsonl") articles round-trip (titles and dates compared: $meta)"
