#!/bin/sh
# txt_corpus.sh - the finews corpus (a real Jekyll site, when present) to txt:
# one file and --split both work, every published post becomes an article;
# with --width 40 no line is wider than 40 columns (computed here with Python's
# unicodedata, independently of quire) and none starts with closing
# punctuation; no U+FFFD anywhere; the site's navigation trailer (返回首页)
# never reaches the text.
set -u
: "${QUIRE:?}"
corpus=${SHARED:-/nonexistent}/corpus/finews
[ -d "$corpus/_posts" ] || exit 77
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
fail() { echo "txt_corpus: $*"; exit 1; }

"$QUIRE" convert "$corpus" -t txt -o "$work/all.txt" -q --no-progress || fail "convert -o all.txt: exit $?"
"$QUIRE" convert "$corpus" -t txt --split -o "$work/split" -q --no-progress || fail "convert --split: exit $?"
"$QUIRE" convert "$corpus" -t txt --width 40 -o "$work/w40.txt" -q --no-progress || fail "--width 40: exit $?"
"$QUIRE" convert "$corpus" -t txt --width 40 --split -o "$work/split40" -q --no-progress ||
	fail "--width 40 --split: exit $?"

python3 - "$corpus" "$work" <<'PY'
import os, re, sys, unicodedata
corpus, work = sys.argv[1], sys.argv[2]
NO_START = set("，。、；：？！）」』》】")
errors = []
def err(msg):
    if len(errors) < 30:
        errors.append(msg)
    else:
        errors.append(None)

def width(line):
    w = 0
    for c in line:
        if unicodedata.combining(c):
            continue
        w += 2 if unicodedata.east_asian_width(c) in "WF" else 1
    return w

# posts Jekyll would publish: front matter without "published: false"
posts = 0
for name in os.listdir(os.path.join(corpus, "_posts")):
    text = open(os.path.join(corpus, "_posts", name), encoding="utf-8", errors="replace").read()
    fm = re.match(r"\ufeff?\s*---\r?\n(.*?)\r?\n(---|\.\.\.)\s*\r?\n", text, re.S)
    if fm and re.search(r"^published:\s*false\s*$", fm.group(1), re.M):
        continue
    posts += 1

def check_text(path, text, wrapped):
    if "\ufffd" in text:
        err("%s: U+FFFD in the output" % path)
    if "返回首页" in text:
        err("%s: navigation trailer (返回首页) in the text" % path)
    if not text.endswith("\n") or text.endswith("\n\n"):
        err("%s: does not end with exactly one newline" % path)
    for i, line in enumerate(text.split("\n"), 1):
        if line != line.rstrip():
            err("%s:%d: trailing whitespace" % (path, i))
        if not wrapped:
            continue
        if width(line) > 40:
            err("%s:%d: %d columns: %s" % (path, i, width(line), line))
        if line[:1] in NO_START:
            err("%s:%d: starts with %s: %s" % (path, i, line[0], line))

for name in ("all.txt", "w40.txt"):
    p = os.path.join(work, name)
    check_text(p, open(p, encoding="utf-8").read(), name == "w40.txt")
for d, wrapped in (("split", False), ("split40", True)):
    files = sorted(f for f in os.listdir(os.path.join(work, d)) if not f.startswith("."))
    if len(files) != posts:
        err("%s: %d files for %d published posts" % (d, len(files), posts))
    for f in files:
        p = os.path.join(work, d, f)
        check_text(p, open(p, encoding="utf-8").read(), wrapped)
# the single file holds every article: separators between them
seps = sum(1 for l in open(os.path.join(work, "all.txt"), encoding="utf-8") if l.rstrip("\n") == "-" * 72)
if seps + 1 != posts:
    err("all.txt: %d articles (separators + 1) for %d published posts" % (seps + 1, posts))
for e in errors:
    print("txt_corpus: " + (e if e else "(more errors not shown)"))
print("txt_corpus: %d posts checked" % posts)
sys.exit(1 if errors else 0)
PY
