# common.sh - sourced by the reliability tests (tests/cli/bad_inputs.sh,
# faults.sh, shard.sh, signals.sh): skipping while a format is still a stub,
# generating Jekyll posts, and checks on stderr. POSIX sh.

# need reader|writer NAME: exit 77 (skipped) while that format is not implemented.
need() {
  "$QUIRE" formats | awk -v sect="$1s:" -v name="$2" '
    /^[a-z]+:$/ { in_sect = ($0 == sect); next }
    in_sect && $1 == name { found = 1; if ($0 ~ /not implemented/) stub = 1 }
    END { exit (found && !stub) ? 0 : 1 }' && return 0
  echo "skip: the $2 $1 is not implemented yet"
  exit 77
}

# has reader|writer NAME: like need, but returns 1 instead of skipping.
has() {
  "$QUIRE" formats | awk -v sect="$1s:" -v name="$2" '
    /^[a-z]+:$/ { in_sect = ($0 == sect); next }
    in_sect && $1 == name { found = 1; if ($0 ~ /not implemented/) stub = 1 }
    END { exit (found && !stub) ? 0 : 1 }'
}

# gen_posts N DIR: N Jekyll posts DIR/YYYY-MM-DD-post-K.md with full dates
# (offset written), a title, tags and a Markdown body; no warnings expected.
gen_posts() {
  python3 - "$1" "$2" <<'PY'
import os, sys
n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
for k in range(n):
    day = k % 28 + 1
    month = k // 28 % 12 + 1
    year = 2000 + k // 336
    name = "%04d-%02d-%02d-post-%d.md" % (year, month, day, k)
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write("---\nlayout: post\ntitle: \"Post number %d\"\n" % k)
        f.write("date: %04d-%02d-%02d 10:%02d:00 +0800\n" % (year, month, day, k % 60))
        f.write("author: Reporter %d\nlang: en\ntags: [news, t%d]\n---\n\n" % (k % 7, k % 5))
        f.write("Paragraph one of post %d, with *emphasis* and a [link](https://example.org/%d).\n\n" % (k, k))
        f.write("Paragraph two: the quick brown fox jumps over the lazy dog. " * 8 + "\n")
PY
}

# one_line_errors FILE: every line of stderr is a "quire: ..." line.
one_line_errors() {
  if grep -v '^quire: ' "$1" >/dev/null; then
    echo "stderr has lines not of the form 'quire: ...':"; grep -v '^quire: ' "$1" | head -5
    return 1
  fi
}

# no_temporaries DIR: no temporary output file left in DIR.
no_temporaries() {
  left=$(find "$1" -name '.*.tmp-*' 2>/dev/null | head -5)
  [ -z "$left" ] && return 0
  echo "temporary files left: $left"
  return 1
}

# gen_warc FILE N [BOMB_MB]: a WARC/1.1 file, gzip-compressed per record, with
# N HTML response records; with BOMB_MB, one more record whose gzip member
# inflates to BOMB_MB megabytes of zeros (a gzip bomb).
gen_warc() {
  python3 - "$1" "$2" "${3:-0}" <<'PY'
import sys, zlib
out, n, bomb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def record(uri, k, body):
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body)) + body
    head = ("WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>\r\n"
            "WARC-Date: 2022-05-29T01:18:00Z\r\nWARC-Target-URI: %s\r\n"
            "Content-Type: application/http;msgtype=response\r\nContent-Length: %d\r\n\r\n" % (k, uri, len(http)))
    return head.encode() + http + b"\r\n\r\n"
with open(out, "wb") as f:
    for k in range(n):
        body = ("<!DOCTYPE html><html lang=en><head><title>WARC page %d</title></head><body><article>"
                "<h1>WARC page %d</h1><p>%s</p></article></body></html>" % (k, k, "Some news text. " * 30)).encode()
        c = zlib.compressobj(9, zlib.DEFLATED, 31)
        f.write(c.compress(record("https://example.org/page/%d" % k, k, body)) + c.flush())
    if bomb:
        size = bomb << 20
        http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % size)
        head = ("WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-999999999999>\r\n"
                "WARC-Date: 2022-05-29T01:18:00Z\r\nWARC-Target-URI: https://example.org/bomb\r\n"
                "Content-Type: application/http;msgtype=response\r\nContent-Length: %d\r\n\r\n" % (len(http) + size))
        c = zlib.compressobj(1, zlib.DEFLATED, 31)
        f.write(c.compress(head.encode() + http))
        zeros = bytes(1 << 20)
        for _ in range(bomb):
            f.write(c.compress(zeros))
        f.write(c.compress(b"\r\n\r\n") + c.flush())
PY
}
