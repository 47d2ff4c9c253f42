#!/bin/sh
# jekyll_threads.sh - Markdown output must not depend on --jobs. cmark-gfm
# toggles its extensions' special characters in a process-wide table during
# every inline parse; without care, parallel workers lost strikethrough and
# autolinks at random (4 of 6 runs differed). formats/jekyll/markdown.c adds
# the autolink characters for good and lets posts without a ~ parse at once,
# posts with one alone. This test writes 400 posts, every other one with
# strikethrough, all with autolinks and a table, so both kinds of parse run
# side by side, and compares -j1 with -j6 three times.
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/site/_posts"
i=1
while [ $i -le 400 ]; do
  if [ $((i % 2)) -eq 1 ]; then
    printf -- '---\ntitle: "p%d"\ndate: 2021-01-01 10:00:00 +0800\n---\n\nSome ~~struck~~ text, www.example.com/%d and a ~~second~~ one.\n\n| a | b |\n|---|---|\n| ~~x~~ | https://e.org/%d |\n' \
      $i $i $i
  else
    printf -- '---\ntitle: "p%d"\ndate: 2021-01-01 10:00:00 +0800\n---\n\nPlain text with www.example.com/%d, https://e.org/%d and mail@example.org in it,\nthen more words: http://x.org/a and www.y.net.\n\n| a | b |\n|---|---|\n| *x* | https://e.org/t%d |\n' \
      $i $i $i $i
  fi > "$work/site/_posts/2021-01-01-p$i.md"
  i=$((i + 1))
done
"$QUIRE" inspect -q -j1 "$work/site" > "$work/one.jsonl"
n=$(grep -c '<del>struck</del>' "$work/one.jsonl" || true)
[ "$n" = 200 ] || { echo "FAIL: strikethrough in $n posts at -j1, want 200"; exit 1; }
n=$(grep -c 'href=\\"mailto:mail@example.org\\"' "$work/one.jsonl" || true)
[ "$n" = 200 ] || { echo "FAIL: e-mail autolink in $n posts at -j1, want 200"; exit 1; }
n=$(grep -c 'href=\\"http://www.y.net\\"' "$work/one.jsonl" || true)
[ "$n" = 200 ] || { echo "FAIL: www autolink in $n posts at -j1, want 200"; exit 1; }
for run in 1 2 3; do
  "$QUIRE" inspect -q -j6 "$work/site" > "$work/six.jsonl"
  if ! cmp -s "$work/one.jsonl" "$work/six.jsonl"; then
    echo "FAIL: -j6 run $run differs from -j1"
    diff "$work/one.jsonl" "$work/six.jsonl" | head -4 | cut -c1-400
    exit 1
  fi
done
echo "ok: 400 posts, -j1 and -j6 identical (3 runs)"
