#!/bin/sh
# warc_records.sh - the record layout of quire's WARC and WACZ output:
#  a-c. a wget crawl of a tiny site (page, stylesheet, PNG, robots.txt 404)
#       and a second crawl deduplicated against it (revisits): every input
#       record copied byte for byte after quire's warcinfo, the article's
#       metadata + conversions right after its response, a CDXJ line for every
#       response, resource and revisit; records=articles keeps only the
#       article; the WACZ has one page.
#  d.   the crawl to EPUB: the PNG travels into the book.
#  e.   samples/site copied to two folders: the same bytes whatever folder the
#       input sits in and whatever the working folder; no local path inside.
#  f.   a Jekyll site: the page at each post's URL is a rendered HTML page
#       (title, no front matter), the source at .../_posts/... is the file.
#  g.   quire's own WARC converted again: records kept, none added, no
#       duplicate ids, the same articles (pages are not read back).
#  h.   two loose files of one name in two folders: distinct URIs.
# Every step runs; the failures are listed at the end.
. "$SRC/tests/cli/warc_lib.inc"
command -v wget >/dev/null || { echo "SKIP: no wget"; exit 77; }
export SOURCE_DATE_EPOCH=1700000000
export PYTHONPATH="$SRC/tests/cli${PYTHONPATH:+:$PYTHONPATH}" # warc_check's splitter for the snippets
nbad=0
bad() { echo "FAIL: $*"; nbad=$((nbad + 1)); }
CHK="$CHECK --warcio $WARCIO"

# ---- the site and its crawls ------------------------------------------------------
mkdir -p "$W/www" "$W/c1" "$W/c2"
python3 - "$W/www" <<'PY'
import os, struct, sys, zlib
d = sys.argv[1]
def chunk(t, b):
    return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b) & 0xffffffff)
w, h = 5, 4
raw = b"".join(b"\0" + b"".join(bytes([(x * 50) % 256, (y * 70) % 256, 140]) for x in range(w)) for y in range(h))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
open(os.path.join(d, "pic.png"), "wb").write(png)
paras = "".join("<p>Paragraph %d of the harbour report: the ferry keeps its winter timetable until April, "
                "the fish market opens an hour earlier on Saturdays and the library extends its opening "
                "hours for the exam season.</p>\n" % i for i in range(1, 9))
open(os.path.join(d, "index.html"), "w").write(
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Harbour report</title>\n'
    '<link rel="stylesheet" href="style.css"></head>\n<body><article><h1>Harbour report</h1>\n' + paras
    + '<p><img src="pic.png" alt="the harbour at dawn"></p>\n</article></body></html>\n')
open(os.path.join(d, "style.css"), "w").write("body { font-family: serif; color: #222; }\n")
PY
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$W/www" >/dev/null 2>&1 &
SRV=$!
trap 'kill $SRV 2>/dev/null || true; rm -rf "$W"' EXIT
i=0
until python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/index.html')" 2>/dev/null; do
  i=$((i + 1)); [ $i -lt 50 ] || fail "http.server did not start"; sleep 0.1
done
U=http://127.0.0.1:$PORT
(cd "$W/c1" && wget -q -p --warc-file=crawl --warc-cdx "$U/index.html") || true
# the same pages again, deduplicated against the first crawl: revisit records
(cd "$W/c2" && wget -q -p --warc-file=again --warc-dedup="$W/c1/crawl.cdx" "$U/index.html") || true
kill $SRV 2>/dev/null || true
CR=$W/c1/crawl.warc.gz
[ -s "$CR" ] || fail "wget wrote no WARC"
for u in index.html style.css pic.png robots.txt; do
  zcat "$CR" | grep -aq "^WARC-Target-URI: <$U/$u>" || fail "the crawl lacks $u"
done
cmp -s "$W/c1/127.0.0.1:$PORT/pic.png" "$W/www/pic.png" || fail "wget did not fetch pic.png whole"

# ---- a. the crawl to .warc.gz: every record kept ------------------------------------
mkdir "$W/a"
if "$Q" convert "$CR" -q -o "$W/a/out.warc.gz"; then
  $CHK --same-records "$CR" --expect 1 "$W/a/out.warc.gz" || bad "a: out.warc.gz does not check"
  python3 - "$CR" "$W/a/out.warc.gz" "$W/a/out.cdxj" "$U" <<'PY' || bad "a: layout or index of out.warc.gz"
import json, sys
import warc_check as wc
inp, out, cdxj, u = sys.argv[1:]
a, b = wc.records(inp), wc.records(out)
bad = []
# quire's warcinfo, then the input's records in order, with the article's
# metadata + text/plain + XHTML conversions right after its response
if b[0]["fields"].get("warc-type") != "warcinfo" or b[0]["version"] != "WARC/1.1":
    bad.append("the first record is not quire's warcinfo")
resp = [r for r in a if r["fields"].get("warc-type") == "response" and wc.target(r["fields"]) == u + "/index.html"]
rid = resp[0]["fields"]["warc-record-id"] if resp else None
pos = [k for k, r in enumerate(b) if r["fields"].get("warc-record-id") == rid]
if not pos:
    bad.append("no index.html response in the output")
else:
    k = pos[0]
    after = [(r["fields"].get("warc-type"), r["fields"].get("content-type", "").split(";")[0],
              r["fields"].get("warc-refers-to")) for r in b[k + 1:k + 4]]
    want = [("metadata", "application/json", rid), ("conversion", "text/plain", rid),
            ("conversion", "application/xhtml+xml", rid)]
    if after != want:
        bad.append("after the index.html response: %s, expected %s" % (after, want))
if len(b) != len(a) + 4:
    bad.append("%d records out for %d in (expected the input's + warcinfo + 3)" % (len(b), len(a)))
lines = {}
for ln in open(cdxj, encoding="utf-8"):
    j = json.loads(ln.split(" ", 2)[2])
    lines.setdefault(j["url"], []).append(j)
for path, mime, status in (("index.html", "text/html", "200"), ("style.css", "text/css", "200"),
                           ("pic.png", "image/png", "200"), ("robots.txt", None, "404")):
    got = lines.get(u + "/" + path, [])
    if len(got) != 1:
        bad.append("%d CDXJ lines for %s" % (len(got), path))
    elif (mime and got[0]["mime"] != mime) or got[0]["status"] != status:
        bad.append("CDXJ line for %s: mime %s status %s, expected %s %s" % (path, got[0]["mime"],
                   got[0]["status"], mime or "any", status))
for m in bad:
    print("FAIL: a:", m)
sys.exit(1 if bad else 0)
PY
  # warcio reads it (the checker ran `warcio index`; here its record count)
  n=$("$WARCIO" index "$W/a/out.warc.gz" 2>/dev/null | wc -l)
  [ "$n" -eq "$(zcat "$W/a/out.warc.gz" | grep -ac '^WARC-Type: ')" ] || bad "a: warcio index lists $n records"
  echo "a: $(wc -l < "$W/a/out.cdxj") index lines, $n records"
else
  bad "a: quire convert crawl.warc.gz -o out.warc.gz failed"
fi
# both crawls at once: the revisits are indexed as warc/revisit with their status
if "$Q" convert "$CR" "$W/c2/again.warc.gz" -q -o "$W/a/both.warc.gz"; then
  $CHK --same-records "$CR" "$W/a/both.warc.gz" >/dev/null || bad "a: both.warc.gz lacks the first crawl's records"
  $CHK --same-records "$W/c2/again.warc.gz" "$W/a/both.warc.gz" || bad "a: both.warc.gz does not check"
  nrev=$(zcat "$W/c2/again.warc.gz" | grep -ac '^WARC-Type: revisit' || true)
  [ "$nrev" -ge 1 ] || bad "a: wget wrote no revisit records"
  [ "$(grep -c '"mime": "warc/revisit"' "$W/a/both.cdxj")" -eq "$nrev" ] || bad "a: $nrev revisits, $(grep -c '"mime": "warc/revisit"' "$W/a/both.cdxj") warc/revisit lines"
  grep -q "\"url\": \"$U/robots.txt\", \"mime\": \"warc/revisit\", \"status\": \"404\"" "$W/a/both.cdxj" || bad "a: robots.txt revisit line lacks status 404"
else
  bad "a: quire convert crawl.warc.gz again.warc.gz failed"
fi

# ---- b. records=articles: the article's records alone -------------------------------
if "$Q" convert "$CR" -q -O warc:records=articles -o "$W/a/art.warc.gz"; then
  $CHK --expect 1 "$W/a/art.warc.gz" || bad "b: art.warc.gz does not check"
  grep -q 'style\.css' "$W/a/art.cdxj" && bad "b: records=articles indexed style.css"
  grep -q 'robots\.txt' "$W/a/art.cdxj" && bad "b: records=articles indexed robots.txt"
  grep -q "\"url\": \"$U/index.html\"" "$W/a/art.cdxj" || bad "b: records=articles lost index.html"
  zcat "$W/a/art.warc.gz" | grep -aqE '^WARC-Type: (request|revisit)' && bad "b: records=articles kept requests"
  echo "b: $(wc -l < "$W/a/art.cdxj") index line(s)"
else
  bad "b: -O warc:records=articles failed"
fi

# ---- c. the crawl to .wacz -----------------------------------------------------------
if "$Q" convert "$CR" -q -o "$W/a/out.wacz"; then
  $CHK --wacz --expect 1 --same-records "$CR" "$W/a/out.wacz" || bad "c: out.wacz does not check"
  unzip -p "$W/a/out.wacz" pages/pages.jsonl | sed 1d > "$W/a/pages"
  [ "$(wc -l < "$W/a/pages")" -eq 1 ] && grep -q "\"url\": *\"$U/index.html\"" "$W/a/pages" \
    || { cat "$W/a/pages"; bad "c: pages.jsonl is not the one page index.html"; }
  unzip -p "$W/a/out.wacz" indexes/index.cdxj | grep -q '"mime": "text/css"' || bad "c: the WACZ index lacks style.css"
else
  bad "c: quire convert crawl.warc.gz -o out.wacz failed"
fi

# ---- d. the crawl to EPUB: the image is in the book ------------------------------------
if implemented epub; then
  if "$Q" convert "$CR" -q -o "$W/a/book.epub"; then
    mkdir "$W/a/book" && (cd "$W/a/book" && unzip -q ../book.epub) || bad "d: book.epub does not unzip"
    found=0
    for f in $(find "$W/a/book" -type f); do
      cmp -s "$f" "$W/www/pic.png" && found=1
    done
    [ $found -eq 1 ] || bad "d: no file in book.epub equals pic.png ($(cd "$W/a/book" && find . -type f | tr '\n' ' '))"
  else
    bad "d: quire convert crawl.warc.gz -o book.epub failed"
  fi
else echo "note: epub writer not implemented; d not run"; fi

# ---- e. the same bytes whatever folder the input sits in -------------------------------
E=$W/e
mkdir -p "$E/one" "$E/two/deep/er" "$E/o1" "$E/o2" "$E/r1" "$E/r2" "$E/cwd1" "$E/cwd2/x/y"
cp -a "$SRC/samples/site" "$E/one/" && cp -a "$SRC/samples/site" "$E/two/deep/er/"
ok=1
# absolute input paths, run from two other working folders
(cd "$E/cwd1" && "$Q" convert "$E/one/site" -q -o "$E/o1/s.warc.gz" && "$Q" convert "$E/one/site" -q -o "$E/o1/s.wacz") || { ok=0; bad "e: converting the first copy"; }
(cd "$E/cwd2/x/y" && "$Q" convert "$E/two/deep/er/site" -q -o "$E/o2/s.warc.gz" && "$Q" convert "$E/two/deep/er/site" -q -o "$E/o2/s.wacz") || { ok=0; bad "e: converting the second copy"; }
if [ $ok -eq 1 ]; then
  $CHK --originals "$E/one/site" --no-path "$W" "$E/o1/s.warc.gz" || bad "e: o1/s.warc.gz does not check (--no-path $W)"
  $CHK --originals "$E/two/deep/er/site" --no-path "$W" --wacz "$E/o2/s.wacz" || bad "e: o2/s.wacz does not check (--no-path $W)"
  for f in s.warc.gz s.cdxj s.wacz; do
    cmp -s "$E/o1/$f" "$E/o2/$f" || bad "e: $f differs between $E/one/site and $E/two/deep/er/site (absolute paths)"
  done
  for o in o1 o2; do
    { zcat "$E/$o/s.warc.gz"; cat "$E/$o/s.cdxj"; unzip -p "$E/$o/s.wacz" -x 'archive/*'
      unzip -p "$E/$o/s.wacz" 'archive/*' | zcat; } > "$E/$o.all"
    # the temp folder (as given and resolved) must not be named
    for p in $(printf '%s\n%s\n' "$W" "$(realpath "$W")" | sort -u); do
      hits=$(grep -ac -F "$p" "$E/$o.all" || true)
      [ "$hits" -eq 0 ] || bad "e: $hits lines of $o/s.{warc.gz,cdxj,wacz} (decompressed) name $p, e.g. $(grep -a -m1 -F "$p" "$E/$o.all" | grep -a -o ".\{0,30\}$p[^\"]*" | head -1)"
    done
  done
fi
# the same input path relative to the working folder, from the copies' parents
(cd "$E/one" && "$Q" convert site -q -o "$E/r1/s.warc.gz") && (cd "$E/two/deep/er" && "$Q" convert site -q -o "$E/r2/s.warc.gz") \
  || bad "e: converting with a relative path"
for f in s.warc.gz s.cdxj; do
  cmp -s "$E/r1/$f" "$E/r2/$f" || bad "e: $f differs between the copies (relative path 'site')"
done
$CHK --originals "$E/one/site" --no-path "$W" "$E/r1/s.warc.gz" >/dev/null 2>&1 || bad "e: r1/s.warc.gz does not check"

# ---- f. Jekyll site: pages at the posts' URLs, sources at _posts/ -------------------------
SITE=$SRC/samples/site
if implemented jekyll && [ -d "$SITE/_posts" ]; then
  mkdir "$W/f"
  if "$Q" convert "$SITE" -q -o "$W/f/site.warc.gz"; then
    np=$("$Q" inspect "$SITE" -q | wc -l)
    $CHK --originals "$SITE" --expect "$np" "$W/f/site.warc.gz" || bad "f: site.warc.gz does not check"
    python3 - "$W/f/site.warc.gz" "$W/f/site.cdxj" "$SITE" <<'PY' || bad "f: pages or sources of site.warc.gz"
import html, json, re, sys
import warc_check as wc
out, cdxj, site = sys.argv[1:]
recs = wc.records(out)
byid = {r["fields"].get("warc-record-id"): r for r in recs}
byoff = {r["offset"]: r for r in recs}
meta = {r["fields"].get("warc-refers-to"): json.loads(r["block"]) for r in recs
        if r["fields"].get("warc-type") == "metadata"}
bad = []
pages = 0
for ln in open(cdxj, encoding="utf-8"):
    j = json.loads(ln.split(" ", 2)[2])
    r = byoff[int(j["offset"])]
    f = r["fields"]
    if j["mime"] != "text/html" or "warc-concurrent-to" not in f:
        continue
    pages += 1
    src = f["warc-concurrent-to"]
    m = meta.get(src)
    where = j["url"]
    if m is None:
        bad.append("%s: the page's source %s has no metadata record" % (where, src))
        continue
    if m.get("url") and re.match(r"^https?://", m["url"]) and m["url"].split("#")[0] != j["url"]:
        bad.append("%s: page not at the article's URL %s" % (where, m["url"]))
    page = r["block"].decode("utf-8")
    title = m.get("title") or ""
    t = re.search(r"<title>(.*?)</title>", page, re.S)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    if not page.lstrip().lower().startswith("<!doctype html"):
        bad.append("%s: not an HTML5 page" % where)
    if title and (not t or title not in html.unescape(t.group(1))):
        bad.append("%s: <title> lacks %r" % (where, title))
    if title and (not h1 or title not in html.unescape(re.sub(r"<[^>]+>", "", h1.group(1)))):
        bad.append("%s: <h1> lacks %r" % (where, title))
    if "<style" not in page:
        bad.append("%s: no <style>" % where)
    if re.search(r"(?m)^---\s*$", page) or "layout:" in page:
        bad.append("%s: front matter in the page" % where)
    words = [w for w in re.split(r"\s+", (m.get("text") or "").replace("#", " ")) if len(w) > 3]
    body = html.unescape(re.sub(r"<[^>]+>", " ", page))
    if words and words[0].strip("*_`[]()") not in body:
        bad.append("%s: the article's text (%r...) is not in the page" % (where, words[0]))
if pages == 0:
    bad.append("no text/html page lines in the CDXJ")
# one post and the site's image by name
want = {"https://gazette.example.org/_posts/2023-03-01-site-open.md": site + "/_posts/2023-03-01-site-open.md",
        "https://gazette.example.org/assets/photo.png": site + "/assets/photo.png"}
for uri, path in want.items():
    got = [r for r in recs if r["fields"].get("warc-type") == "resource" and wc.target(r["fields"]) == uri]
    if len(got) != 1:
        bad.append("%d resource records at %s" % (len(got), uri))
    elif got[0]["block"] != open(path, "rb").read():
        bad.append("%s is not the bytes of %s" % (uri, path))
    elif uri.endswith(".png") and got[0]["fields"].get("content-type") != "image/png":
        bad.append("%s: Content-Type %s" % (uri, got[0]["fields"].get("content-type")))
so = [r for r in recs if r["fields"].get("warc-type") == "resource"
      and wc.target(r["fields"]).startswith("https://gazette.example.org/sitenews/2023/03/01/site-open")]
if len(so) != 1 or "text/html" not in so[0]["fields"].get("content-type", ""):
    bad.append("no text/html page at https://gazette.example.org/sitenews/2023/03/01/site-open/")
for m in bad:
    print("FAIL: f:", m)
print("f: %d pages checked" % pages)
sys.exit(1 if bad else 0)
PY
  else
    bad "f: quire convert samples/site -o site.warc.gz failed"
  fi
else echo "note: no jekyll reader or no samples/site; f not run"; fi

# ---- g. quire's own WARC back to WARC -----------------------------------------------------
S=$SRC/samples
mkdir "$W/g"
if "$Q" convert "$S" -q -o "$W/g/a.warc.gz" && "$Q" convert "$W/g/a.warc.gz" -q -o "$W/g/b.warc.gz"; then
  n=$("$Q" inspect "$S" -q | wc -l)
  na=$("$Q" convert "$W/g/a.warc.gz" -q -t jsonl -o - | wc -l)
  nb=$("$Q" convert "$W/g/b.warc.gz" -q -t jsonl -o - | wc -l)
  [ "$na" -eq "$n" ] || bad "g: a.warc.gz gives $na articles, samples $n"
  [ "$nb" -eq "$na" ] || bad "g: b.warc.gz gives $nb articles, a.warc.gz $na"
  # the checker: ids unique, every record of a in b, no metadata added
  $CHK --same-records "$W/g/a.warc.gz" --expect "$n" "$W/g/b.warc.gz" || bad "g: b.warc.gz does not check"
  ra=$(zcat "$W/g/a.warc.gz" | grep -ac '^WARC-Type: ')
  rb=$(zcat "$W/g/b.warc.gz" | grep -ac '^WARC-Type: ')
  [ "$rb" -eq $((ra + 1)) ] || bad "g: b.warc.gz has $rb records for a's $ra (expected a's + one warcinfo)"
  [ "$(wc -l < "$W/g/b.cdxj")" -eq "$(wc -l < "$W/g/a.cdxj")" ] || bad "g: b.cdxj has $(wc -l < "$W/g/b.cdxj") lines, a.cdxj $(wc -l < "$W/g/a.cdxj")"
  echo "g: $n articles; a $ra records, b $rb"
else
  bad "g: samples -> a.warc.gz -> b.warc.gz failed"
fi

# ---- h. loose files of one name in two folders: two sources, two URIs ------------------
mkdir -p "$W/h/in/a" "$W/h/in/b"
printf -- '---\ntitle: Harbour note\n---\nThe ferry keeps its winter timetable until April, the pier says.\n' > "$W/h/in/a/note.md"
printf -- '---\ntitle: Market note\n---\nThe fish market opens an hour earlier on Saturdays from May on.\n' > "$W/h/in/b/note.md"
if "$Q" convert "$W/h/in" -q -o "$W/h/n.warc.gz"; then
  # the checker fails on two resources at one target URI and date
  $CHK --originals "$W/h/in" --expect 2 "$W/h/n.warc.gz" || bad "h: a/note.md and b/note.md: records do not check"
  [ "$(cut -d' ' -f1 "$W/h/n.cdxj" | sort -u | wc -l)" -eq 4 ] || bad "h: CDXJ keys for 2 sources and 2 pages: $(cut -d' ' -f1 "$W/h/n.cdxj" | sort -u | tr '\n' ' ')(4 distinct wanted)"
else
  bad "h: converting two loose note.md files failed"
fi

[ $nbad -eq 0 ] || { echo "FAIL: $nbad check(s) failed"; exit 1; }
echo "ok: crawl kept whole in .warc.gz and .wacz, records=articles, EPUB image, folder-independent bytes, Jekyll pages, own WARC round trip, loose names"
