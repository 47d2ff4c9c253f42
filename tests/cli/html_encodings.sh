#!/bin/sh
# html_encodings.sh - the same scraped page (tests/cli/html_pages, our own text)
# saved with iconv in UTF-8, GB18030, GBK, Big5, Shift_JIS, EUC-JP, EUC-KR,
# windows-1251, KOI8-R and windows-1252: with its meta charset, without one
# (detection), with the charset given as transport (--charset), and as UTF-8
# bytes under a lying meta. Every variant must give the UTF-8 page's title and
# article text, and say how its charset was found.
set -e
: "${QUIRE:?}" "${SRC:?}"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT INT TERM
fail=0
# name  label  iconv-name  lang-source
cat > "$W/cases" <<'CASES'
zh-hans gb18030 GB18030
zh-hans gbk GBK
zh-hans gb2312 GBK
zh-hant big5 BIG5
ja shift_jis SHIFT_JIS
ja euc-jp EUC-JP
ko euc-kr EUC-KR
ru windows-1251 CP1251
ru koi8-r KOI8-R
fr windows-1252 CP1252
fr iso-8859-1 CP1252
CASES
mkdir -p "$W/ref" "$W/meta" "$W/none" "$W/lie" "$W/tr"
for page in zh-hans zh-hant ja ko ru fr; do
  sed 's/@CHARSET@/utf-8/' "$SRC/tests/cli/html_pages/$page.html" > "$W/ref/$page.html"
done
while read -r page label ic; do
  f="$page-$label.html"
  sed "s/@CHARSET@/$label/" "$SRC/tests/cli/html_pages/$page.html" | iconv -f UTF-8 -t "$ic" > "$W/meta/$f"
  grep -v '@CHARSET@' "$SRC/tests/cli/html_pages/$page.html" | iconv -f UTF-8 -t "$ic" > "$W/none/$f"
  cp "$W/none/$f" "$W/tr/$f"
  sed "s/@CHARSET@/$label/" "$SRC/tests/cli/html_pages/$page.html" > "$W/lie/$f"
done < "$W/cases"
for d in ref meta none lie; do
  "$QUIRE" inspect -q "$W/$d" > "$W/$d.jsonl"
done
while read -r page label ic; do
  "$QUIRE" inspect -q --charset "$label" "$W/tr/$page-$label.html" >> "$W/tr.jsonl"
done < "$W/cases"
python3 - "$W" <<'PY' || fail=1
import json, os, sys
w = sys.argv[1]
def load(name):
    out = {}
    for line in open(os.path.join(w, name + ".jsonl"), encoding="utf-8"):
        a = json.loads(line)
        out[os.path.basename(a["provenance"]["path"])[:-5]] = a
    return out
ref = load("ref")
bad = 0
for page, a in ref.items():
    if len(a["text"]) < 200 or not a["title"]:
        print("FAIL ref %s: no text or title" % page); bad += 1
want_source = {"meta": "meta", "none": "detected", "lie": "utf-8-override", "tr": "transport"}
for kind, src in want_source.items():
    for name, a in sorted(load(kind).items()):
        page = max((p for p in ref if name.startswith(p + "-")), key=len)
        r = ref[page]
        why = []
        if a["title"] != r["title"]: why.append("title %r" % a["title"])
        if a["text"] != r["text"]: why.append("text differs")
        if a["provenance"]["charset_source"] != src:
            why.append("charset_source %s (want %s)" % (a["provenance"]["charset_source"], src))
        if why:
            print("FAIL %s/%s: %s" % (kind, name, "; ".join(why))); bad += 1
        else:
            print("ok   %s/%s: %s via %s" % (kind, name, a["provenance"]["charset"], src))
sys.exit(1 if bad else 0)
PY
exit $fail
