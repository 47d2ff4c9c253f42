#!/bin/sh
# warc_replay.sh - what an archivist sees in ReplayWeb.page: the packaged app
# (npm replaywebpage: ui.js + sw.js) and quire's WACZ served on 127.0.0.1,
# the <replay-web-page> embed driven by headless Chromium (puppeteer-core).
#  1. a Jekyll post's permalink replays as text/html with its title and body
#     (not the Markdown source, not front matter), its image loaded;
#  2. a `wget -p` crawl of a local page with a stylesheet and an image
#     replays with the stylesheet applied and the image loaded.
# Skips (77) when chromium, node, wget or the npm packages are missing.
# ctest-labels: nosan
set -u
: "${QUIRE:?}" "${SRC:?}" "${BUILD:=$SRC/build}"
skip() { echo "SKIP: $*"; exit 77; }
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || skip "no chromium at $CHROMIUM (apt-get install chromium)"
command -v node >/dev/null || skip "no node"
command -v wget >/dev/null || skip "no wget"
NPM=
for d in "$BUILD/npm" "$SRC/build/npm" "${QUIRE_NPM_DIR:-/nonexistent}"; do
	if [ -f "$d/replaywebpage/sw.js" ] && [ -d "$d/node_modules/puppeteer-core" ]; then NPM=$d; break; fi
done
[ -n "$NPM" ] || skip "replaywebpage or puppeteer-core missing (sh scripts/deps.sh test installs them under build/npm)"
export CHROMIUM
W=$(mktemp -d)
pids=
trap 'for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$W"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
serve() { # serve DIR: starts a static server, sets PORT
	PORT=$(port)
	python3 -m http.server "$PORT" --bind 127.0.0.1 -d "$1" >/dev/null 2>&1 &
	pids="$pids $!"
	i=0
	while ! python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$PORT/')" 2>/dev/null; do
		i=$((i + 1)); [ $i -lt 100 ] || { fail "server on $PORT did not start"; return 1; }; sleep 0.05
	done
}
mkdir -p "$W/app"
cp "$NPM/replaywebpage/ui.js" "$NPM/replaywebpage/sw.js" "$W/app/"
serve "$W/app" || exit 1
APP=$PORT
replay() { # replay WACZ URL: prints the replayed page's JSON
	n=$(basename "$1" .wacz)
	cp "$1" "$W/app/$n.wacz"
	cat > "$W/app/$n.html" <<HTML
<!doctype html><html><head><meta charset="utf-8"><script src="./ui.js"></script></head>
<body><replay-web-page source="$n.wacz" url="$2" replayBase="./" embed="replayonly"
 style="display:block;width:1000px;height:800px"></replay-web-page></body></html>
HTML
	# a fresh browser each time; the service worker's first start is slow on
	# a busy machine, so a page that never appeared is tried twice more
	for try in 1 2 3; do
		timeout 120 node "$SRC/tests/cli/replay_check.mjs" "$NPM/node_modules" "http://127.0.0.1:$APP/$n.html" "$2" \
			> "$W/try.json" 2> "$W/try.err"
		grep -q '"error"' "$W/try.json" || break
		echo "replay of $2: try $try: $(head -c 200 "$W/try.json")" >&2
	done
	cat "$W/try.json"
}
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); v=d.get(sys.argv[2]); print(v if not isinstance(v,(list,dict)) else json.dumps(v, ensure_ascii=False))" "$@"; }

# 1. a Jekyll site: the finews corpus when it is there, else samples/site
export SOURCE_DATE_EPOCH=1700000000
C=${SHARED:-/nonexistent}/corpus/finews
if [ -d "$C/_posts" ]; then site=$C; else site=$SRC/samples/site; fi
"$QUIRE" convert "$site" -q -o "$W/site.wacz" || fail "convert $site to wacz"
unzip -p "$W/site.wacz" pages/pages.jsonl | sed -n 2p > "$W/page.json"
url=$(field "$W/page.json" url)
title=$(field "$W/page.json" title)
replay "$W/site.wacz" "$url" > "$W/r1.json" || fail "replay of $url"
echo "post: $url -> $(head -c 300 "$W/r1.json")"
[ "$(field "$W/r1.json" contentType)" = text/html ] || fail "the post replays as $(field "$W/r1.json" contentType), not text/html"
[ "$(field "$W/r1.json" title)" = "$title" ] || fail "replayed title '$(field "$W/r1.json" title)' is not '$title'"
field "$W/r1.json" text > "$W/r1.txt"
grep -qF "$title" "$W/r1.txt" || fail "the title is not on the replayed page"
if grep -Eq '^(---|layout:|title:|date:)' "$W/r1.txt"; then fail "the replayed page shows front matter (Markdown source)"; fi
[ "$(wc -c < "$W/r1.txt")" -gt 200 ] || fail "the replayed page has almost no text"
# and the sample post with an image: the image loads
if [ "$site" = "$SRC/samples/site" ] || "$QUIRE" convert "$SRC/samples/site" -q -o "$W/samples.wacz"; then
	[ -f "$W/samples.wacz" ] || cp "$W/site.wacz" "$W/samples.wacz"
	u=https://gazette.example.org/community/2023/03/10/garden-photo/
	replay "$W/samples.wacz" "$u" > "$W/r2.json" || fail "replay of $u"
	field "$W/r2.json" images | grep -q '"width": [1-9]' || fail "the post's image does not load: $(field "$W/r2.json" images)"
fi

# 2. a wget -p crawl of a page with a stylesheet and an image
mkdir -p "$W/live"
python3 - "$W/live" <<'PY'
import struct, sys, zlib
d = sys.argv[1]
raw = b"".join(b"\x00" + b"\x10\x20\x30" * 4 for _ in range(4))
ch = lambda t, b: struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b) & 0xffffffff)
open(d + "/pic.png", "wb").write(b"\x89PNG\r\n\x1a\n" + ch(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)) +
                                 ch(b"IDAT", zlib.compress(raw)) + ch(b"IEND", b""))
open(d + "/style.css", "w").write("body { background-color: rgb(1, 2, 3); }\n")
open(d + "/index.html", "w").write("""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour ferry returns</title><link rel="stylesheet" href="style.css"></head><body><article>
<h1>Harbour ferry returns</h1><p>The harbour ferry returned to service on Monday after three weeks of
repairs, the port authority said in a statement that thanked the crews.</p><p><img src="pic.png" alt="the ferry"></p>
<p>Passengers queued from early morning, and the first crossing left on time with more than two hundred
people aboard, many of them commuters on their way to work.</p></article></body></html>""")
PY
serve "$W/live" || exit 1
(cd "$W" && wget -q -p --warc-file=crawl "http://127.0.0.1:$PORT/index.html" -P dl) || true
[ -s "$W/crawl.warc.gz" ] || fail "wget wrote no WARC"
"$QUIRE" convert "$W/crawl.warc.gz" -q -o "$W/crawl.wacz" || fail "convert the crawl to wacz"
kill $(echo $pids | awk '{print $NF}') 2>/dev/null # the live site is gone: only the archive answers
replay "$W/crawl.wacz" "http://127.0.0.1:$PORT/index.html" > "$W/r3.json" || fail "replay of the crawl"
echo "crawl: $(head -c 300 "$W/r3.json")"
[ "$(field "$W/r3.json" background)" = "rgb(1, 2, 3)" ] || fail "the stylesheet is not applied: background $(field "$W/r3.json" background)"
field "$W/r3.json" images | grep -q '"width": 4' || fail "the image does not load: $(field "$W/r3.json" images)"
echo "replay: $fails failed"
[ $fails -eq 0 ]
