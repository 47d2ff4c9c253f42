#!/bin/sh
# jekyll_corpus.sh - `quire inspect` over the real finews Jekyll site
# ($SHARED/corpus/finews): one JSON object per post, lang zh-CN, dates with
# +08:00, urls per the site's (default) permalink, and titles, dates,
# categories, tags and source lines equal to what the files say - recomputed
# here independently with python3's own reading of the front matter lines -
# plus a warning wherever the front matter needed the lenient parser or the
# date came from somewhere else. Output must not depend on --jobs.
# Skipped (77) when the corpus is absent.
set -eu
CORPUS=${SHARED:-/nonexistent}/corpus/finews
[ -d "$CORPUS/_posts" ] || { echo "skip: no corpus at $CORPUS"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM

"$QUIRE" inspect -q -j 1 "$CORPUS" >"$WORK/j1.jsonl" 2>"$WORK/j1.err"
"$QUIRE" inspect -q -j 4 "$CORPUS" >"$WORK/j4.jsonl" 2>"$WORK/j4.err"
cmp "$WORK/j1.jsonl" "$WORK/j4.jsonl" || { echo "FAIL: output differs between -j 1 and -j 4"; exit 1; }
if [ -s "$WORK/j1.err" ]; then echo "FAIL: errors on stderr:"; cat "$WORK/j1.err"; exit 1; fi

python3 - "$CORPUS" "$WORK/j1.jsonl" <<'PY'
import json, os, re, sys, unicodedata

corpus, out = sys.argv[1], sys.argv[2]
SITE = "https://finews.withounder.com"

def unquote(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        inner = v[1:-1]
        return inner.replace('\\"', '"') if v[0] == '"' else inner.replace("''", "'"), True
    return v, False

def front_matter(path):
    """Our own reading: key: value lines between the fences."""
    text = open(path, "rb").read().decode("utf-8")
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    assert lines[i].rstrip() == "---", path
    fm, lenient = {}, False
    i += 1
    while lines[i].rstrip() not in ("---", "..."):
        m = re.match(r"^([A-Za-z_][\w-]*):(.*)$", lines[i])
        if m:
            raw = m.group(2).strip()
            value, quoted = unquote(raw)
            # a double-quoted value with unescaped quotes inside is not YAML
            if raw.startswith('"') and re.search(r'(?<!\\)"', raw[1:-1]):
                lenient = True
            fm[m.group(1)] = value
        i += 1
    body = "\n".join(lines[i + 1:])
    return fm, lenient, body

def words(v):
    v = v.strip()
    if v.startswith("[") and v.endswith("]"):
        return [unquote(x)[0] for x in v[1:-1].split(",") if x.strip()]
    return v.split()

def clean(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()

def expected_date(fm, stem):
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\s*([+-])(\d{2}):?(\d{2}))?$",
                 fm.get("date", "").strip())
    if m:
        y, mo, d, h, mi, s, sign, oh, om = m.groups()
        off = f"{sign}{oh}:{om}" if sign else "+08:00"  # the site's Asia/Shanghai, no DST then
        return f"{y}-{mo}-{d}T{h}:{mi}:{s}{off}", (y, mo, d), True
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})-", stem) or re.match(r"^-?(\d{4})(\d{2})(\d{2})\d*$", stem)
    # a date from the file name is local midnight in the site's zone, precision "date"
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}T00:00:00+08:00", m.groups()[:3], False

def slug(stem):
    s = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", stem)
    return re.sub(r"[^0-9A-Za-z\u00c0-\uffff._~!$&'()+,;=@]+", "-", s).strip("-")

def source_line(body):
    tail = [l.strip() for l in body.split("\n") if l.strip()][-6:]
    for l in reversed(tail):
        m = re.match(r"^<(https?://[^\s<>]+)>$", l)
        if m:
            return m.group(1)
    return None

posts = sorted(f for f in os.listdir(os.path.join(corpus, "_posts")) if f.endswith(".md"))
objs = [json.loads(l) for l in open(out, encoding="utf-8")]
by_path = {os.path.basename(o["provenance"]["path"]): o for o in objs}
fails = []
def check(cond, name, what):
    if not cond:
        fails.append(f"{name}: {what}")

check(len(objs) == len(posts), "corpus", f"{len(objs)} objects for {len(posts)} posts")
check(len(by_path) == len(objs), "corpus", "duplicate paths")
stats = {"date_fm": 0, "date_elsewhere": 0, "lenient": 0, "derived_title": 0, "source": 0}
for name in posts:
    o = by_path.get(name)
    if o is None:
        fails.append(f"{name}: no object")
        continue
    fm, lenient, body = front_matter(os.path.join(corpus, "_posts", name))
    stem = name[:-3]
    codes = {d["code"]: d for d in o["diagnostics"]}
    warned = {d["code"] for d in o["diagnostics"] if d["level"] in ("warning", "error")}
    check(o["lang"] == "zh-CN", name, f"lang {o['lang']}")
    check(o["site_name"] == "金融消息", name, f"site_name {o['site_name']}")
    check(o["authors"] == ["ZNing"], name, f"authors {o['authors']}")
    check(o["provenance"]["reader"] == "jekyll", name, "reader")
    # dates
    date, ymd, from_fm = expected_date(fm, stem)
    check(o["published"] == date, name, f"published {o['published']} != {date}")
    check(o["published"].endswith("+08:00"), name, "published without +08:00")
    check(o["published_precision"] == ("second" if from_fm else "date"), name,
          f"precision {o['published_precision']}")
    if from_fm:
        stats["date_fm"] += 1
        check(o["published"].endswith("+08:00"), name, "published without +08:00")
    else:
        stats["date_elsewhere"] += 1
        check("date-from-filename" in warned, name, "date not from front matter but no warning")
    # url per the default permalink /:categories/:year/:month/:day/:title:output_ext
    cats = words(fm.get("categories", ""))
    url = f"{SITE}/{'/'.join(c.lower() for c in cats)}/{ymd[0]}/{ymd[1]}/{ymd[2]}/{slug(stem)}.html"
    check(o["url"] == url, name, f"url {o['url']} != {url}")
    # title
    title = clean(fm.get("title", ""))
    if title:
        check(o["title"] == title, name, f"title {o['title']!r} != {title!r}")
    else:
        stats["derived_title"] += 1
        check(bool(o["title"]) and "title-derived" in warned, name, "empty title not derived with a warning")
    check(o["categories"] == cats, name, f"categories {o['categories']} != {cats}")
    tags = words(fm.get("tags", ""))
    check(o["tags"] == tags, name, f"tags {o['tags']} != {tags}")
    # the lenient parser, when needed, says so
    if lenient:
        stats["lenient"] += 1
        check("front-matter-lenient" in warned, name, "lenient front matter without a warning")
    else:
        check("front-matter-lenient" not in codes, name, "lenient warning on valid YAML")
    src = source_line(body)
    stats["source"] += src is not None
    check(o["source_url"] == src, name, f"source_url {o['source_url']} != {src}")
    for field in ("title", "text", "xhtml", "summary"):
        check("\ufffd" not in (o.get(field) or ""), name, f"U+FFFD in {field}")

print(f"{len(objs)} objects for {len(posts)} posts; dates from front matter {stats['date_fm']}, "
      f"from elsewhere {stats['date_elsewhere']}; derived titles {stats['derived_title']}; "
      f"lenient {stats['lenient']}; source lines {stats['source']}")
if fails:
    print(f"FAIL: {len(fails)} problems")
    for f in fails[:40]:
        print("  " + f)
    sys.exit(1)
PY
