#!/bin/sh
# warc_write.sh - samples/ to .warc.gz and .warc: every record checked by an
# independent splitter (digests, fields, CRLF), each article's source record
# byte-identical to its file, its page (text/html at the article's URL) and
# the images it embeds; CDXJ sorted, one line per resource (2 per article plus
# the images), equal to warcio cdx-index on url, timestamp, offset and
# length; reproducible bytes whatever --jobs; rotation at --max-size.
. "$SRC/tests/cli/warc_lib.inc"
S=$SRC/samples
[ -d "$S" ] || { echo "SKIP: no samples/"; exit 77; }
export SOURCE_DATE_EPOCH=1700000000
B=https://archive.example.org/files/

"$Q" convert "$S" -q --base-url "$B" -o "$W/a.warc.gz" -j 1 || fail "convert to .warc.gz"
n=$("$Q" inspect "$S" -q | wc -l)
$CHECK --originals "$S" --expect "$n" --warcio "$WARCIO" "$W/a.warc.gz" || fail "a.warc.gz does not check"
# per article a source and a page resource, then each embedded site image once
# (samples/site: /assets/photo.png)
zcat "$W/a.warc.gz" > "$W/a.warc"
img=$(grep -ac '^Content-Type: image/' "$W/a.warc" || true)
[ "$img" -ge 1 ] || fail "no image record (samples/site embeds /assets/photo.png)"
# --base-url takes the place of the site's url: (quire(1)); /assets/photo.png
# resolves against the page's URL there
grep -q '"url": "https://archive.example.org/assets/photo.png", "mime": "image/png"' "$W/a.cdxj" || fail "no photo.png line"
lines=$((2 * n + img))
[ "$(wc -l < "$W/a.cdxj")" -eq "$lines" ] || fail "$(wc -l < "$W/a.cdxj") index lines for $n articles and $img images"
[ "$(grep -ac '^WARC-Type: resource' "$W/a.warc")" -eq "$lines" ] || fail "resource records != $lines"
[ "$(grep -ac '^WARC-Type: metadata' "$W/a.warc")" -eq "$n" ] || fail "metadata records != $n"
[ "$(grep -ac '^WARC-Type: conversion' "$W/a.warc")" -eq $((2 * n)) ] || fail "conversion records != 2 x $n"
[ "$(grep -ac '^WARC-Concurrent-To:' "$W/a.warc")" -eq "$n" ] || fail "page records != $n"
grep -aq '^WARC-Source-URI:' "$W/a.warc" && fail "WARC-Source-URI is still written"
rm "$W/a.warc"
# loose posts have only a relative URL: it is resolved against --base-url
grep -q "\"url\": \"https://archive.example.org/files/[a-z0-9]" "$W/a.cdxj" || fail "no --base-url targets"

# plain .warc by name, and -t warc -o x.warc
"$Q" convert "$S" -q --base-url "$B" -o "$W/p.warc" || fail "convert to .warc"
head -c 9 "$W/p.warc" | grep -q '^WARC/1.1' || fail "p.warc is not plain"
$CHECK --originals "$S" --expect "$n" --warcio "$WARCIO" "$W/p.warc" || fail "p.warc does not check"
mkdir "$W/t" && "$Q" convert "$S" -q -t warc --base-url "$B" -o "$W/t/x.warc" && head -c 8 "$W/t/x.warc" | grep -q WARC/1.1 \
  || fail "-t warc -o x.warc"

# reproducible: same bytes again and with other --jobs
mkdir "$W/2" && "$Q" convert "$S" -q --base-url "$B" -o "$W/2/a.warc.gz" -j 3 || fail "second run"
cmp "$W/a.warc.gz" "$W/2/a.warc.gz" || fail "WARC bytes differ between runs"
cmp "$W/a.cdxj" "$W/2/a.cdxj" || fail "CDXJ differs between runs"
# an existing output is refused without --force
if "$Q" convert "$S" -q --base-url "$B" -o "$W/a.warc.gz" 2>/dev/null; then fail "overwrote without --force"; fi
# --base-url needs a scheme
if "$Q" convert "$S" -q --base-url example.org -o "$W/bad.warc.gz" 2>/dev/null; then fail "accepted a scheme-less --base-url"; fi

# rotation: small --max-size gives numbered files, each with warcinfo and index
mkdir "$W/r"
"$Q" convert "$S" -q --base-url "$B" --max-size 20000 -o "$W/r/r.warc.gz" || fail "rotation run"
ls "$W/r"/r-00001.warc.gz "$W/r"/r-00001.cdxj >/dev/null || fail "no rotated file"
for f in "$W/r"/*.warc.gz; do
  # over the limit only when it holds a single article
  [ "$(stat -c %s "$f")" -le 20000 ] || [ "$(zcat "$f" | grep -ac '^WARC-Type: metadata')" -eq 1 ] || fail "$f over --max-size"
done
$CHECK --originals "$S" --expect "$n" --warcio "$WARCIO" "$W/r"/*.warc.gz || fail "rotated files do not check"
total=$(cat "$W/r"/*.cdxj | wc -l)
[ "$total" -eq "$lines" ] || fail "rotated indexes hold $total lines for $n articles and $img images (want $lines)"
# the same bytes on one thread (workers build each article's records for the
# file the writer has open; after a rotation the writer rebuilds them)
mkdir "$W/r1"
"$Q" convert "$S" -q --base-url "$B" --max-size 20000 -j 1 -o "$W/r1/r.warc.gz" || fail "rotation run, -j 1"
for f in "$W/r"/*; do cmp "$f" "$W/r1/${f##*/}" || fail "${f##*/} differs between -j 1 and -j $(nproc)"; done
# shards concatenate: the rotated files together hold the same originals
zcat "$W/r"/*.warc.gz | grep -ac '^WARC-Type: resource' | grep -qx "$lines" || fail "records lost in rotation"
zcat "$W/r"/*.warc.gz | grep -ac '^WARC-Type: metadata' | grep -qx "$n" || fail "articles lost in rotation"
echo "ok: $n articles; .warc.gz, .warc, rotation into $(ls "$W/r"/*.warc.gz | wc -l) files all check"
