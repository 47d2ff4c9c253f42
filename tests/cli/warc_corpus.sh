#!/bin/sh
# warc_corpus.sh - the finews corpus (shared/corpus/finews) as .warc.gz and
# .wacz: every check of warc_write.sh and warc_wacz.sh (records, digests,
# each source record byte-identical to its post, one CDXJ line per source,
# page and image, CDXJ vs warcio, WACZ layout and hashes).
. "$SRC/tests/cli/warc_lib.inc"
C=${SHARED:-/nonexistent}/corpus/finews
[ -d "$C/_posts" ] || { echo "SKIP: no corpus at $C"; exit 77; }
implemented jekyll || { echo "SKIP: jekyll reader not implemented"; exit 77; }
export SOURCE_DATE_EPOCH=1700000000
n=$("$Q" inspect "$C" -q 2>/dev/null | wc -l)
[ "$n" -ge 100 ] || fail "only $n articles from the corpus"
"$Q" convert "$C" -q -o "$W/finews.warc.gz" || fail "corpus to warc"
$CHECK --originals "$C" --expect "$n" --warcio "$WARCIO" "$W/finews.warc.gz" || fail "finews.warc.gz does not check"
img=$(zcat "$W/finews.warc.gz" | grep -ac '^Content-Type: image/' || true)
[ "$(wc -l < "$W/finews.cdxj")" -eq $((2 * n + img)) ] || fail "$(wc -l < "$W/finews.cdxj") index lines != 2 x $n articles + $img images"
[ "$(zcat "$W/finews.warc.gz" | grep -ac '^WARC-Type: resource')" -eq $((2 * n + img)) ] || fail "resource records != 2 x $n + $img"
# round trip: the WARC converts back to the articles inspect gives
"$Q" convert "$W/finews.warc.gz" -q -t jsonl -o "$W/back.jsonl" || fail "warc to jsonl"
"$Q" inspect "$C" -q > "$W/orig.jsonl" 2>/dev/null
python3 - "$W/orig.jsonl" "$W/back.jsonl" <<'PY' || fail "round trip differs"
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
b = [json.loads(l) for l in open(sys.argv[2])]
assert len(a) == len(b), (len(a), len(b))
bad = [(x["provenance"]["path"], k) for x, y in zip(a, b) for k in ("title", "published", "text", "tags", "categories")
       if x[k] != y[k]]
for d in bad[:10]:
    print("%s: %s differs" % d)
sys.exit(1 if bad else 0)
PY
"$Q" convert "$C" -q -o "$W/finews.wacz" || fail "corpus to wacz"
unzip -v "$W/finews.wacz" | grep -Eq ' Stored .* archive/data\.warc\.gz$' || fail "archive/ not STORED"
$CHECK --warcio "$WARCIO" --wacz --expect "$n" "$W/finews.wacz" || fail "finews.wacz does not check"
echo "ok: $n finews articles as .warc.gz and .wacz"
