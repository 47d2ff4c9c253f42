#!/bin/sh
# bad_inputs.sh - hostile and broken inputs (tests/bad-inputs/ plus the big or
# special ones generated here): each one, between two good posts, must not
# crash or hang (10 s), must give a one-line error naming it, the good posts
# must still be converted, and the exit status must be 1. Inputs a reader can
# recover (invalid bytes, an image outside the tree...) are converted with a
# warning; they are checked with --strict, where any warning is an error.
set -u
. "$SRC/tests/bad-inputs/common.sh"
need reader jekyll
need writer jsonl

W=$(mktemp -d)
trap 'chmod -R u+rwx "$W" 2>/dev/null; rm -rf "$W"' EXIT
BAD=$SRC/tests/bad-inputs
gen_posts 2 "$W/good"
G1=$(ls "$W"/good/*.md | head -1)
G2=$(ls "$W"/good/*.md | tail -1)
fails=0
pass=0

# The good posts alone convert cleanly, even under --strict.
if ! "$QUIRE" convert -q --no-progress --strict -t jsonl -o "$W/ref.jsonl" "$G1" "$G2" 2>"$W/err"; then
  echo "FAIL: the good posts do not convert cleanly under --strict:"; cat "$W/err"
  exit 1
fi

# has_good: out.jsonl holds the good posts' lines as converted alone (a WARC
# whose end is cut still gives the records before the cut).
has_good() {
  [ -f "$W/out.jsonl" ] || return 1
  sort "$W/out.jsonl" >"$W/out.sorted"
  sort "$W/ref.jsonl" | comm -23 - "$W/out.sorted" | grep -q . && return 1
  return 0
}

# check NAME FILE [OPTIONS...]: FILE between the good posts.
check() {
  name=$1 f=$2
  shift 2
  rm -f "$W/out.jsonl"
  # a hang is 10 s of CPU (ulimit -t: a loaded machine does not make it one)
  # or 60 s of wall clock (a deadlock)
  (ulimit -t 10; exec timeout -k 2 60 "$QUIRE" convert -q --no-progress --strict -t jsonl -o "$W/out.jsonl" "$@" \
    "$G1" "$f" "$G2") >"$W/stdout" 2>"$W/err"
  rc=$?
  why=
  if [ $rc -eq 124 ] || [ $rc -eq 137 ] || [ $rc -eq 152 ]; then why="hung (killed after 10 s of CPU or 60 s)"
  elif [ $rc -gt 128 ]; then why="crashed (status $rc)"
  elif [ $rc -ne 1 ]; then why="exit status $rc, want 1"
  elif ! grep -F "quire: $f: " "$W/err" >/dev/null; then why="no error line naming the file"
  elif ! one_line_errors "$W/err" >/dev/null; then why="stderr is not one line per error"
  elif ! has_good; then why="the good posts were not converted as alone"
  fi
  if [ -n "$why" ]; then
    echo "FAIL: $name: $why"; sed 's/^/    /' "$W/err" | head -5
    fails=$((fails + 1))
  else
    echo "ok: $name: $(head -1 "$W/err")"
    pass=$((pass + 1))
  fi
}

# Files written for this test.
check "empty file" "$BAD/empty.md"
check "binary garbage" "$BAD/garbage.md"
check "NUL bytes" "$BAD/nul-bytes.md"
check "truncated UTF-8" "$BAD/truncated-utf8.md"
if has reader html; then check "truncated GBK" "$BAD/truncated-gbk.html"; fi
check "YAML alias bomb" "$BAD/yaml-alias-bomb.md"
check "unterminated front matter" "$BAD/unterminated-front-matter.md"
check "front matter only" "$BAD/front-matter-only.md"

# Files that are no article whatever their name: refused by what they are,
# with the reason, without a reader's bid (they used to become mojibake
# articles, exit 0, nothing on stderr).
junk() { # junk NAME FILE WHAT: refused, the reason says WHAT
  check "$1" "$2"
  grep -F "quire: $2: not an article: $3" "$W/err" >/dev/null ||
    { echo "FAIL: $1: the reason does not say $3"; sed 's/^/    /' "$W/err" | head -3; fails=$((fails + 1)); }
}
printf '\211PNG\r\n\032\n\000\000\000\rIHDR' > "$W/2021-03-04-image.md"
junk "a PNG named .md" "$W/2021-03-04-image.md" "a PNG image"
if has reader html; then
  printf 'PK\003\004\024\000\000\000mimetypeapplication/epub+zip' > "$W/book.html"
  junk "a ZIP named .html" "$W/book.html" "a ZIP archive"
  printf '%%PDF-1.7\n%%\342\343\317\323\n1 0 obj\n' > "$W/paper.html"
  junk "a PDF named .html" "$W/paper.html" "a PDF document"
fi
printf '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Site</title><entry><title>A</title></entry></feed>\n' > "$W/feed.xml"
junk "an Atom feed" "$W/feed.xml" "an RSS or Atom feed"
printf '<?xml version="1.0"?>\n<!-- generated -->\n<rss version="2.0"><channel><title>Site</title></channel></rss>\n' > "$W/rss.xml"
junk "an RSS feed" "$W/rss.xml" "an RSS or Atom feed"
head -c 4096 /dev/urandom > "$W/2021-03-04-random.md"
junk "random bytes named .md" "$W/2021-03-04-random.md" "binary data"
# inside a walked tree: an article's extension is said, an image's is not
mkdir -p "$W/tree" && cp "$W/2021-03-04-image.md" "$W/tree/x.md" && printf '\211PNG\r\n\032\n' > "$W/tree/pic.png"
"$QUIRE" convert -q --no-progress -t jsonl -o "$W/tree.jsonl" "$W/tree" 2> "$W/err"
if ! grep -q "tree/x.md: not an article: a PNG image" "$W/err" || grep -q "pic.png" "$W/err"; then
  echo "FAIL: in a tree: $(cat "$W/err")"; fails=$((fails + 1))
fi

# An image outside the input's tree: refused (a warning), and never embedded.
# (from $W, /tmp/X, four levels up is /: the path does reach /etc/passwd)
cp "$BAD/passwd-image.md" "$W/2021-03-04-passwd.md"
check "image src ../../../../etc/passwd" "$W/2021-03-04-passwd.md"
timeout 10 "$QUIRE" convert -q --no-progress -t jsonl -o "$W/pw.jsonl" "$W/2021-03-04-passwd.md" 2>/dev/null
if grep -q 'root:x:0:0\|cm9vdDp4OjA6' "$W/pw.jsonl" 2>/dev/null; then
  echo "FAIL: /etc/passwd was read into the output"; fails=$((fails + 1))
fi

# Generated: too big for the repository, or special files.
python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("---\ntitle: \"one long line\"\ndate: 2021-03-04 10:00:00 +0800\n---\n\n")
    f.write("a" * (50 << 20) + "\n")' "$W/long-line.md"
check "50 MB single line (over --max-input-size 16M)" "$W/long-line.md" --max-input-size 16M
if [ -z "${QUIRE_SANITIZED:-}" ]; then
  # without the limit it converts (about 5 s alone here: several 50 MB copies
  # through cmark, libxml2 and the writer; 60 s leaves room for a busy machine)
  if ! timeout -k 2 60 "$QUIRE" convert -q --no-progress -t jsonl -o "$W/long.jsonl" "$W/long-line.md" 2>"$W/err"; then
    echo "FAIL: the 50 MB line does not convert within 60 s:"; head -3 "$W/err"; fails=$((fails + 1))
  fi
fi

python3 -c '
import sys
n = 100000
with open(sys.argv[1], "w") as f:
    f.write("<!DOCTYPE html><html lang=en><head><title>deep</title></head><body>")
    f.write("<div>" * n + "deep text" + "</div>" * n + "</body></html>\n")' "$W/nested-divs.html"
python3 -c '
import sys
n = 100000
with open(sys.argv[1], "w") as f:
    f.write("---\ntitle: \"deep\"\ndate: 2021-03-04 10:00:00 +0800\n---\n\n")
    f.write("<div>" * n + "deep text" + "</div>" * n + "\n")' "$W/2021-03-04-nested-divs.md"
check "100,000 nested divs in a post" "$W/2021-03-04-nested-divs.md"
if has reader html; then check "100,000 nested divs in a page" "$W/nested-divs.html"; fi

ln -s loop-b.md "$W/loop-a.md"
ln -s loop-a.md "$W/loop-b.md"
check "symlink loop" "$W/loop-a.md"

# A post that is a symbolic link out of its tree: neither probed nor read.
printf -- '---\ntitle: secret\n---\nsecret text\n' >"$W/secret.md"
mkdir -p "$W/tree"
ln -s ../secret.md "$W/tree/2021-03-04-outside.md"
check "symlink to a file outside the tree" "$W/tree/2021-03-04-outside.md"
if grep -q "secret text" "$W/out.jsonl"; then
  echo "FAIL: the file outside the tree was read"; fails=$((fails + 1))
fi

# An unreadable file. root reads any file whatever its mode, so a FIFO stands
# in for it (opening one for reading would block: quire must refuse it); as
# another user, a chmod 000 file too.
mkfifo "$W/fifo.md"
check "unreadable (a FIFO)" "$W/fifo.md"
if [ "$(id -u)" != 0 ]; then
  cp "$G1" "$W/2021-01-01-unreadable.md" && chmod 000 "$W/2021-01-01-unreadable.md"
  check "unreadable (chmod 000)" "$W/2021-01-01-unreadable.md"
fi

if has reader warc; then
  gen_warc "$W/whole.warc.gz" 3
  size=$(wc -c <"$W/whole.warc.gz")
  # cut inside the last gzip member (the records are ~320 bytes compressed)
  head -c $((size - 100)) "$W/whole.warc.gz" >"$W/truncated.warc.gz"
  check "truncated .warc.gz" "$W/truncated.warc.gz"
  gen_warc "$W/bomb.warc.gz" 1 600
  # The warc reader refuses the record from its declared length, before
  # inflating anything: a failed record (an article lost), so exit 1, the
  # rest of the batch converted.
  rm -f "$W/out.jsonl"
  timeout -k 2 10 "$QUIRE" convert --no-progress -t jsonl -o "$W/out.jsonl" "$G1" "$W/bomb.warc.gz" "$G2" \
    2>"$W/err"
  rc=$?
  if [ $rc -eq 1 ] && grep -F "quire: $W/bomb.warc.gz: " "$W/err" | grep -q 'over the input limit' &&
    one_line_errors "$W/err" >/dev/null && has_good; then
    echo "ok: gzip bomb (600 MB of zeros in one record): status $rc: $(head -1 "$W/err")"; pass=$((pass + 1))
  else
    echo "FAIL: gzip bomb: status $rc"; head -3 "$W/err"; fails=$((fails + 1))
  fi
  # and it never inflates the bomb in memory
  /usr/bin/time -f %M -o "$W/rss" "$QUIRE" convert -q --no-progress -t jsonl -o "$W/bomb.jsonl" "$W/bomb.warc.gz" 2>/dev/null
  [ "$(tail -n 1 "$W/rss")" -lt 300000 ] || { echo "FAIL: the gzip bomb took $(tail -n 1 "$W/rss") KB"; fails=$((fails + 1)); }
fi

# A directory holding them all: the batch goes on through every one of them.
mkdir -p "$W/all"
cp "$BAD"/*.md "$G1" "$G2" "$W/all/"
timeout -k 2 30 "$QUIRE" convert -q --no-progress -t jsonl -o "$W/all.jsonl" "$W/all" 2>"$W/err"
rc=$?
if [ $rc -gt 2 ] || ! grep -q 'Post number' "$W/all.jsonl"; then
  echo "FAIL: a directory of bad inputs: status $rc"; head -5 "$W/err"; fails=$((fails + 1))
fi

# Raw <title>, <textarea>, <script> written as text in a Markdown post stay
# text (GFM's tagfilter) instead of swallowing the rest of the body.
printf -- '---\ntitle: t\n---\nBefore.\n\nWrite <title> or <textarea> or <script> in a sentence.\n\nAfter: this must stay.\n' \
  > "$W/2021-01-01-tags.md"
"$QUIRE" inspect -q "$W/2021-01-01-tags.md" > "$W/tags.json" 2>/dev/null
if ! jq -e '.text | test("this must stay") and test("<textarea>")' "$W/tags.json" >/dev/null; then
  echo "FAIL: raw tags in Markdown swallowed text: $(jq -r .text "$W/tags.json")"; fails=$((fails + 1))
fi

# By default (no -v): a warning that means lost text is shown, and one closing
# line counts every warning; a clean run prints nothing.
"$QUIRE" convert --no-progress -t jsonl -o "$W/tu.jsonl" "$BAD/truncated-utf8.md" 2> "$W/err"
if ! grep -q "truncated-utf8.md: warning: .*replaced with U+FFFD" "$W/err" ||
   ! grep -q "^quire: warning: 1 article, 1 warning in 1 input; --report or -v for details$" "$W/err"; then
  echo "FAIL: default warnings: $(cat "$W/err")"; fails=$((fails + 1))
fi
"$QUIRE" convert --no-progress -t jsonl -o "$W/clean.jsonl" "$G1" 2> "$W/err"
[ ! -s "$W/err" ] || { echo "FAIL: a clean run printed: $(cat "$W/err")"; fails=$((fails + 1)); }

echo "bad inputs: $pass passed, $fails failed"
[ $fails -eq 0 ]
