#!/usr/bin/env python3
"""compare.py SITE_OUT QUIRE_JSONL SITE_URL [--min-url F] [--min-f1 F] [-v]

Compares a site built by real Jekyll (every layout replaced by one that marks
page.url, page.excerpt and content, see jekyll_fidelity.sh) with quire's JSON
Lines of the same site: the post URLs (paths under the site's url + baseurl),
and the text of each body and excerpt (token F1; a token is a run of ASCII
letters and digits or any other single non-space character, so CJK text
counts per character). Prints the figures; exits 1 below the thresholds."""
import html, html.parser, json, os, re, sys, unicodedata
from collections import Counter


class Text(html.parser.HTMLParser):
    SKIP = {"script", "style"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        self.out.append(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        self.out.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


# Deliberate differences (quire(1)), settled before comparing: quire keeps
# quotes as written (kramdown makes them typographic) and shows task list
# boxes as the characters ☐ and ☑ (kramdown writes form controls).
TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                             "\u2610": None, "\u2611": None})


def text_of(markup):
    p = Text()
    p.feed(markup or "")
    p.close()
    t = unicodedata.normalize("NFC", "".join(p.out))
    t = "".join(c for c in t if c not in "\u200b\ufeff\u3000" and (c >= " " or c in "\n\t"))
    return " ".join(t.translate(TYPOGRAPHIC).split())


def tokens(t):
    return re.findall(r"[A-Za-z0-9]+|[^\sA-Za-z0-9]", t)


def f1(a, b):
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    if not ta and not tb:
        return 1.0
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(tb.values()), common / sum(ta.values())
    return 2 * p * r / (p + r)


def between(s, name):
    m = re.search(r"<!--quire-%s-->(.*?)<!--/quire-%s-->" % (name, name), s, re.S)
    return m.group(1) if m else None


def jekyll_posts(out):
    posts = {}
    for d, _, files in os.walk(out):
        for f in files:
            if not f.endswith((".html", ".htm", ".xml", ".text", ".Rmd")) and "." in f:
                continue
            s = open(os.path.join(d, f), encoding="utf-8", errors="replace").read()
            url = between(s, "url")
            if url is not None and between(s, "post") == "yes":
                posts[url.strip()] = (between(s, "content"), between(s, "excerpt"))
    return posts


def main():
    a = sys.argv[1:]
    verbose = "-v" in a
    opts = {"--min-url": 0.0, "--min-f1": 0.0}
    for k in opts:
        if k in a:
            i = a.index(k)
            opts[k] = float(a[i + 1])
            del a[i:i + 2]
    a = [x for x in a if x != "-v"]
    out, jsonl, prefix = a[0], a[1], a[2].rstrip("/")
    jk = jekyll_posts(out)
    quire = {}
    for line in open(jsonl, encoding="utf-8"):
        o = json.loads(line)
        u = o.get("url") or ""
        if u.startswith(prefix):
            u = u[len(prefix):] or "/"
        quire[u] = o
    same = [u for u in jk if u in quire]
    body, exc = [], []
    for u in sorted(same):
        content, excerpt = jk[u]
        q = quire[u]
        want, got = text_of(content), text_of(q.get("xhtml"))
        body.append(f1(want, got))
        if verbose and body[-1] < 0.999:
            print("text %.3f %s\n  jekyll: %s\n  quire:  %s" % (body[-1], u, want[:300], got[:300]))
        we, ge = text_of(excerpt), text_of(html.escape(q.get("summary") or ""))
        exc.append(f1(we, ge))
        if verbose and exc[-1] < 0.999:
            print("excerpt %.3f %s\n  jekyll: %s\n  quire:  %s" % (exc[-1], u, we[:200], ge[:200]))
    if verbose:
        for u in sorted(set(jk) - set(quire)):
            print("url only in jekyll: %s" % u)
        for u in sorted(set(quire) - set(jk)):
            print("url only in quire:  %s" % u)
    n = len(jk)
    url_rate = len(same) / n if n else (1.0 if not quire else 0.0)
    mean = sum(body) / len(body) if body else 1.0
    emean = sum(exc) / len(exc) if exc else 1.0
    exact = sum(1 for x in body if x >= 0.999)
    print("jekyll %d posts, quire %d articles; urls agree %d (%.1f%%); body text F1 %.4f (%d exact); excerpt F1 %.4f"
          % (n, len(quire), len(same), 100 * url_rate, mean, exact, emean))
    ok = url_rate >= opts["--min-url"] and mean >= opts["--min-f1"]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
