#!/bin/sh
# warc_read.sh - a real crawler's WARC: samples/ plus a few HTML pages served
# on 127.0.0.1 by python3 -m http.server and captured by wget --warc-file;
# the capture converts to jsonl, warc (original response records kept byte for
# byte), txt and EPUB. Also: whole-file gzip and plain WARCs, chunked and
# gzip-encoded bodies, a truncated file (an error naming it, the articles
# before it kept), and a file that is not a WARC.
. "$SRC/tests/cli/warc_lib.inc"
command -v wget >/dev/null || { echo "SKIP: no wget"; exit 77; }
export SOURCE_DATE_EPOCH=1700000000
mkdir -p "$W/www/news"
[ -d "$SRC/samples" ] && cp -R "$SRC/samples/." "$W/www/"
cat > "$W/www/index.html" <<'HTML'
<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>镇报首页</title></head>
<body><h1>镇报</h1><ul><li><a href="news/one.html">第一篇</a></li><li><a href="news/two.html">Second</a></li>
<li><a href="site/">site</a></li><li><a href="missing.html">gone</a></li></ul></body></html>
HTML
cat > "$W/www/news/one.html" <<'HTML'
<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>河东菜市场改造完工</title>
<meta property="article:published_time" content="2023-03-02T11:30:45+08:00"></head>
<body><article><h1>河东菜市场改造完工</h1><p>摊位数量增加三成，周末客流明显回升。</p></article></body></html>
HTML
cat > "$W/www/news/two.html" <<'HTML'
<html><head><title>Harbour ferry timetable</title></head><body><p>The ferry returns to its summer timetable.</p></body></html>
HTML
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$W/www" >/dev/null 2>&1 &
SRV=$!
trap 'kill $SRV 2>/dev/null || true; rm -rf "$W"' EXIT
i=0
until python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/')" 2>/dev/null; do
  i=$((i + 1)); [ $i -lt 50 ] || fail "http.server did not start"; sleep 0.1
done
(cd "$W" && wget --warc-file=cap -r -l2 --no-verbose -P dl "http://127.0.0.1:$PORT/" >wget.log 2>&1) || true
kill $SRV 2>/dev/null || true
[ -s "$W/cap.warc.gz" ] || fail "wget wrote no WARC"
# how many HTML pages with status 200 the capture holds, counted independently
pages=$(python3 - "$W/cap.warc.gz" <<'PY'
import gzip, re, sys
data = gzip.open(sys.argv[1]).read()
n = 0
for m in re.finditer(rb"WARC-Type: response\r\n.*?\r\n\r\n(HTTP/1\.\d 200[^\r]*\r\n(?:.*?\r\n)*?\r\n)", data, re.S):
    if re.search(rb"(?i)^content-type: *(text/html|application/xhtml\+xml)", m.group(1), re.M):
        n += 1
print(n)
PY
)
[ "$pages" -ge 5 ] || fail "only $pages HTML pages captured"

"$Q" convert "$W/cap.warc.gz" -q -o "$W/c.jsonl" || fail "capture to jsonl"
[ "$(wc -l < "$W/c.jsonl")" -eq "$pages" ] || fail "$(wc -l < "$W/c.jsonl") articles for $pages HTML pages"
grep -q '"url":"http://127.0.0.1:'"$PORT"'/news/one.html"' "$W/c.jsonl" || fail "no article at the target URI"
grep -q '摊位数量增加三成' "$W/c.jsonl" || fail "page text lost"

# WARC in, WARC out: the response records are kept byte for byte
mkdir "$W/o" && "$Q" convert "$W/cap.warc.gz" -q -o "$W/o/c.warc.gz" || fail "capture to warc"
$CHECK --warcio "$WARCIO" --expect "$pages" --same-records "$W/cap.warc.gz" "$W/o/c.warc.gz" || fail "re-archived capture does not check"
python3 - "$W/cap.warc.gz" "$W/o/c.warc.gz" <<'PY' || fail "response records changed"
import gzip, re, sys
def responses(p):
    d = gzip.open(p).read()
    out = {}
    for m in re.finditer(rb"WARC/1\.[01]\r\n((?:[^\r\n]+\r\n)+)\r\n", d):
        h = m.group(1)
        if b"WARC-Type: response" not in h:
            continue
        n = int(re.search(rb"Content-Length: (\d+)", h).group(1))
        rid = re.search(rb"WARC-Record-ID: (\S+)", h).group(1)
        out[rid] = d[m.start():m.end() + n]
    return out
a, b = responses(sys.argv[1]), responses(sys.argv[2])
kept = [k for k in b if a.get(k) == b[k]]
assert b and len(kept) == len(b), "%d of %d response records identical" % (len(kept), len(b))
PY

if implemented txt; then
  "$Q" convert "$W/cap.warc.gz" -q -o "$W/c.txt" || fail "capture to txt"
  grep -q '摊位数量增加三成' "$W/c.txt" || fail "txt lacks the page text"
else echo "note: txt writer not implemented; txt step not run"; fi
if implemented epub; then
  "$Q" convert "$W/cap.warc.gz" -q -o "$W/c.epub" || fail "capture to epub"
  unzip -p "$W/c.epub" mimetype | grep -qx 'application/epub+zip' || fail "not an EPUB"
  if [ -r /usr/share/java/epubcheck.jar ]; then
    java -jar /usr/share/java/epubcheck.jar -q "$W/c.epub" >"$W/ec.log" 2>&1 || { cat "$W/ec.log"; fail "epubcheck"; }
  fi
else echo "note: epub writer not implemented; epub step not run"; fi

# the same capture as one gzip stream and as a plain file
zcat "$W/cap.warc.gz" > "$W/plain.warc"
gzip -c "$W/plain.warc" > "$W/whole.warc.gz"
for f in plain.warc whole.warc.gz; do
  "$Q" inspect -q "$W/$f" > "$W/$f.jsonl" || fail "$f unreadable"
  [ "$(wc -l < "$W/$f.jsonl")" -eq "$pages" ] || fail "$f gives $(wc -l < "$W/$f.jsonl") articles"
done

# truncated in the middle of a gzip member (a cut between two members leaves
# a shorter valid WARC): in the middle of the member at 3/4 of the file, and
# where that member's data ends inside the record's version line ("WARC/1.1"
# cut short, which was reported as "not a WARC record"). Each: an error naming the file
# as truncated, the articles before it kept.
cuts=$(python3 - "$W/cap.warc.gz" <<'PY'
import sys, zlib
d = open(sys.argv[1], "rb").read()
t, pos = len(d) * 3 // 4, 0
while True:
    z = zlib.decompressobj(31)
    z.decompress(d[pos:])
    end = len(d) - len(z.unused_data)
    if end > t:
        inside = next(pos + k for k in range(10, end - pos)
                      if 0 < len(zlib.decompressobj(31).decompress(d[pos:pos + k])) < 9)
        print((pos + end) // 2, inside)
        break
    pos = end
PY
)
for cut in $cuts; do
  head -c "$cut" "$W/cap.warc.gz" > "$W/trunc.warc.gz"
  rc=0; "$Q" inspect "$W/trunc.warc.gz" > "$W/t.jsonl" 2> "$W/t.err" || rc=$?
  [ $rc -eq 1 ] || fail "truncated file (cut at $cut): exit $rc, expected 1"
  grep -q "trunc.warc.gz:.*truncated" "$W/t.err" || { cat "$W/t.err"; fail "cut at $cut: no error naming the truncated file"; }
  got=$(wc -l < "$W/t.jsonl")
  [ "$got" -ge 1 ] && [ "$got" -lt "$pages" ] || fail "truncated file (cut at $cut) gave $got articles"
done

# chunked transfer encoding with a gzip content encoding, and a non-WARC file
python3 - "$W/chunked.warc" <<'PY'
import gzip, sys
html = "<html><head><title>分块</title></head><body><p>分块传输的正文。</p></body></html>".encode()
body = gzip.compress(html)
chunks = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 20]), body[i:i + 20]) for i in range(0, len(body), 20)) + b"0\r\n\r\n"
http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Encoding: gzip\r\n\r\n" + chunks)
rec = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n"
       b"WARC-Date: 2023-03-02T03:30:45Z\r\nWARC-Target-URI: http://example.org/chunked\r\n"
       b"Content-Type: application/http;msgtype=response\r\nContent-Length: %d\r\n\r\n" % len(http)) + http + b"\r\n\r\n"
open(sys.argv[1], "wb").write(rec)
PY
"$Q" inspect -q "$W/chunked.warc" > "$W/ch.jsonl" || fail "chunked record unreadable"
grep -q '分块传输的正文' "$W/ch.jsonl" || fail "chunked gzip body not decoded"
printf 'WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 99\r\n\r\nshort' > "$W/bad.warc"
rc=0; "$Q" inspect "$W/bad.warc" > /dev/null 2> "$W/bad.err" || rc=$?
[ $rc -ne 0 ] && grep -q "bad.warc" "$W/bad.err" || fail "a broken WARC was not reported"
echo "ok: wget capture with $pages pages read, re-archived and converted"
