#!/bin/sh
# warc_wacz.sh - samples/ to .wacz: unzip shows archive/ STORED; every zip
# entry without extra fields; every sha256 in datapackage.json verifies and
# datapackage-digest.json matches; pages.jsonl has its header line and one page
# per article, each matching a CDXJ line; the WARC inside passes the record,
# digest and warcio checks; the bytes are reproducible.
. "$SRC/tests/cli/warc_lib.inc"
S=$SRC/samples
[ -d "$S" ] || { echo "SKIP: no samples/"; exit 77; }
export SOURCE_DATE_EPOCH=1700000000
n=$("$Q" inspect "$S" -q | wc -l)
"$Q" convert "$S" -q --base-url https://archive.example.org/ -o "$W/s.wacz" || fail "convert to wacz"
unzip -v "$W/s.wacz" > "$W/list"
grep -Eq ' Stored .* archive/data\.warc\.gz$' "$W/list" || { cat "$W/list"; fail "archive/ is not STORED"; }
for e in indexes/index.cdxj pages/pages.jsonl datapackage.json datapackage-digest.json; do
  grep -q " $e\$" "$W/list" || fail "no $e"
done
[ "$(zipinfo -v "$W/s.wacz" | grep -c 'length of extra field: *0 bytes')" -eq 5 ] || fail "zip extra fields present"
$CHECK --warcio "$WARCIO" --originals "$S" --wacz --expect "$n" "$W/s.wacz" || fail "wacz does not check"
# ls-files of the temporaries: nothing left beside the output
[ "$(ls -A "$W" | grep -v -e '^s.wacz$' -e '^list$' | wc -l)" -eq 0 ] || { ls -A "$W"; fail "temporary files left"; }
mkdir "$W/2" && "$Q" convert "$S" -q -j 3 --base-url https://archive.example.org/ -o "$W/2/s.wacz" || fail "second run"
cmp "$W/s.wacz" "$W/2/s.wacz" || fail "WACZ bytes differ between runs"
echo "ok: $n pages in a WACZ that checks"
