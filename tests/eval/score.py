#!/usr/bin/env python3
"""score.py PAGES OUT.jsonl - scores quire's html extraction against the
readability corpus (standard library only).

Text: the text of quire's XHTML body vs the text of expected.html, tokenized
the same way (lowercased; each Han or kana character is a token, other text
splits on whitespace and punctuation); per-page token precision, recall and
F1 over token multisets, and the mean F1. Title and byline: exact match after
collapsing whitespace (case-sensitive) against expected-metadata.json; the
byline is quire's authors joined with ", ", scored over the pages that have
one. Prints the table and the worst 10 pages; exits 1 below the acceptance
figures (QUIRE_EVAL_F1, QUIRE_EVAL_TITLE, QUIRE_EVAL_BYLINE override them)."""
import collections
import html.parser
import json
import os
import re
import sys

BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
          "blockquote", "pre", "section", "article", "figure", "figcaption", "header", "footer", "dt", "dd",
          "dl", "hr", "img", "caption", "aside", "main", "nav", "body"}
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN = re.compile("[" + CJK + "]|[^\\W" + CJK + "]+")


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def text_of(markup):
    p = Text()
    p.feed(markup)
    p.close()
    return "".join(p.parts)


def tokens(text):
    return collections.Counter(TOKEN.findall(text.lower()))


def prf(got, want):
    if not got and not want:
        return 1.0, 1.0, 1.0
    common = sum((got & want).values())
    p = common / sum(got.values()) if got else 0.0
    r = common / sum(want.values()) if want else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def norm(s):
    return " ".join((s or "").split())


def main():
    pages, out = sys.argv[1], sys.argv[2]
    got = {}
    with open(out, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                a = json.loads(line)
                got[os.path.basename(os.path.dirname(a["provenance"]["path"]))] = a
    rows = []
    for name in sorted(os.listdir(pages)):
        d = os.path.join(pages, name)
        if not os.path.isfile(os.path.join(d, "source.html")):
            continue
        with open(os.path.join(d, "expected.html"), encoding="utf-8") as f:
            want = tokens(text_of(f.read()))
        with open(os.path.join(d, "expected-metadata.json"), encoding="utf-8") as f:
            meta = json.load(f)
        a = got.get(name)
        have = tokens(text_of(a["xhtml"])) if a else collections.Counter()
        p, r, f1 = prf(have, want)
        title = None if meta.get("title") is None else norm(meta["title"]) == norm(a and a.get("title"))
        byline = None
        if meta.get("byline"):
            byline = a is not None and norm(meta["byline"]) == norm(", ".join(a.get("authors") or []))
        rows.append((name, p, r, f1, title, byline, a))
    if not rows:
        print("eval: no pages")
        return 1
    mark = {True: "ok", False: "--", None: "  "}
    print("%-34s %6s %6s %6s %5s %6s" % ("page", "prec", "recall", "F1", "title", "byline"))
    for name, p, r, f1, t, b, _ in rows:
        print("%-34s %6.3f %6.3f %6.3f %5s %6s" % (name[:34], p, r, f1, mark[t], mark[b]))
    mean = lambda xs: sum(xs) / len(xs) if xs else 0.0
    f1 = mean([r[3] for r in rows])
    titles = [r[4] for r in rows if r[4] is not None]
    bylines = [r[5] for r in rows if r[5] is not None]
    tr, br = mean([1.0 if t else 0.0 for t in titles]), mean([1.0 if b else 0.0 for b in bylines])
    print()
    print("worst 10 pages by F1:")
    for name, p, r, f, t, b, a in sorted(rows, key=lambda r: r[3])[:10]:
        print("  %-34s F1 %.3f (precision %.3f, recall %.3f)" % (name[:34], f, p, r))
    bad_t = [(r[0], r[6] and r[6].get("title")) for r in rows if r[4] is False]
    bad_b = [(r[0], r[6] and ", ".join(r[6].get("authors") or [])) for r in rows if r[5] is False]
    if os.environ.get("QUIRE_EVAL_VERBOSE"):
        print("title misses:", bad_t)
        print("byline misses:", bad_b)
    print()
    print("pages %d  mean precision %.4f  mean recall %.4f  mean F1 %.4f" %
          (len(rows), mean([r[1] for r in rows]), mean([r[2] for r in rows]), f1))
    print("title exact %d/%d = %.1f%%  byline exact %d/%d = %.1f%%" %
          (sum(titles), len(titles), 100 * tr, sum(bylines), len(bylines), 100 * br))
    need_f1 = float(os.environ.get("QUIRE_EVAL_F1", "0.95"))
    need_t = float(os.environ.get("QUIRE_EVAL_TITLE", "0.90"))
    need_b = float(os.environ.get("QUIRE_EVAL_BYLINE", "0.75"))
    ok = f1 >= need_f1 and tr >= need_t and br >= need_b
    print("eval: %s (need F1 >= %.2f, title >= %.0f%%, byline >= %.0f%%)" %
          ("PASS" if ok else "FAIL", need_f1, 100 * need_t, 100 * need_b))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
