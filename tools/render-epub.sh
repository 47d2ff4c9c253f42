#!/bin/sh
# render-epub.sh BOOK.epub OUT.png [CHAPTER] - renders a book's navigation
# document and its first chapter (or EPUB/CHAPTER) side by side in headless
# Chromium (Debian's chromium; the .xhtml files load as XML, so a malformed
# chapter shows as a parse error) and saves a PNG screenshot. Needs chromium
# and, for Chinese/Japanese books, fonts-noto-cjk. Never touches the network.
set -eu
[ $# -ge 2 ] || { echo "usage: render-epub.sh BOOK.epub OUT.png [CHAPTER.xhtml]" >&2; exit 2; }
[ -f "$1" ] || { echo "render-epub.sh: $1: no such book" >&2; exit 1; }
book=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") # absolute: unzip runs elsewhere
out=$2
chapter=${3:-c0001.xhtml}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "render-epub.sh: chromium missing (apt-get install chromium fonts-noto-cjk)" >&2; exit 77; }
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
mkdir "$w/book"
(cd "$w/book" && unzip -q "$book")
[ -f "$w/book/EPUB/$chapter" ] || { echo "render-epub.sh: no EPUB/$chapter in $book" >&2; exit 1; }
cat > "$w/view.html" <<HTML
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>$(basename "$book")</title>
<style>body{margin:0;display:flex;gap:12px;background:#ddd;padding:12px;box-sizing:border-box;height:100vh}
iframe{flex:1;border:1px solid #999;background:#fff;height:100%}</style></head>
<body><iframe src="book/EPUB/nav.xhtml"></iframe><iframe src="book/EPUB/$chapter"></iframe></body></html>
HTML
profile=$(mktemp -d)
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --allow-file-access-from-files --hide-scrollbars \
  --window-size=1280,860 --screenshot="$w/shot.png" "file://$w/view.html" >/dev/null 2>&1 || true
rm -rf "$profile"
[ -s "$w/shot.png" ] || { echo "render-epub.sh: chromium wrote no screenshot" >&2; exit 1; }
cp "$w/shot.png" "$out"
echo "render-epub.sh: wrote $out"
