#!/bin/sh
# no_quadratic.sh - every input shape that used to take quadratic time, at
# size N and 2N: the time may at most ~2.5x (best of three runs each; both
# under 0.3 s of CPU passes): one element with tens of thousands of attributes,
# article:tag metas, a GFM table that wide, front-matter tags and
# categories, unclosed HTML blocks and {:toc} lines (kramdown). And a 50 MB Markdown line stays under 600 MB of memory.
# ctest-labels: nosan
set -u
: "${QUIRE:?}" "${SRC:?}"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
python3 - "$QUIRE" "$W" <<'PY'
import os, resource, subprocess, sys, time
q, w = sys.argv[1], sys.argv[2]
def fm(extra):
    return "---\ntitle: t\ndate: 2021-01-01\n" + extra + "---\nSome body text of the post.\n"
shapes = {
    "attributes.html": lambda n: "<html><body><p " + " ".join('a%d="x"' % i for i in range(5 * n)) +
                                 ">Some text of the article that is long enough.</p></body></html>",
    "metas.html": lambda n: "<html><head><title>t</title>" +
                            "".join('<meta property="article:tag" content="t%d">' % i for i in range(n)) +
                            "</head><body><p>Some text of the article that is long enough.</p></body></html>",
    "table.md": lambda n: "---\ntitle: t\ndate: 2021-01-01\n---\n" + "|" + "|".join("h" for _ in range(n)) +
                          "|\n|" + "|".join("-" for _ in range(n)) + "|\n|" + "|".join("c" for _ in range(n)) + "|\n",
    "tags.md": lambda n: fm("tags:\n" + "".join("  - tag%d\n" % i for i in range(n))),
    "categories.md": lambda n: fm("categories: [" + ", ".join("c%d" % i for i in range(n)) + "]\n"),
    # kramdown: HTML blocks that never close, tables of contents
    "html-blocks.md": lambda n: fm("") + "<div>\n\ntext\n\n" * n,
    "tocs.md": lambda n: fm("") + "".join("## h%d\n\n* TOC\n{:toc}\n\n" % i for i in range(n // 4)),
}
def cpu():
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime
def best(path):  # CPU seconds (a busy machine slows the wall clock, not this)
    t = []
    for _ in range(3):
        t0 = cpu()
        r = subprocess.run([q, "convert", path, "-q", "-j", "1", "-t", "jsonl", "-o", os.devnull],
                           capture_output=True)
        t.append(cpu() - t0)
        if r.returncode > 1:
            sys.exit("FAIL: %s: exit %d %s" % (path, r.returncode, r.stderr[:200]))
    return min(t)
bad = 0
for name, make in shapes.items():
    times = []
    for n in (20000, 40000):
        p = os.path.join(w, "%d-%s" % (n, name))
        open(p, "w").write(make(n))
        times.append(best(p))
    ratio = times[1] / max(times[0], 1e-3)
    ok = ratio <= 2.5 or times[1] < 0.3
    print("%s %-16s N %.3f s, 2N %.3f s: %.2fx" % ("ok:  " if ok else "FAIL:", name, times[0], times[1], ratio))
    bad += not ok
p = os.path.join(w, "long.md")
with open(p, "w") as f:
    f.write("---\ntitle: t\ndate: 2021-01-01\n---\n" + "word " * 10000000 + "\n")
before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
r = subprocess.run([q, "convert", p, "-q", "-t", "jsonl", "-o", os.devnull], capture_output=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KB, the largest child so far
ok = r.returncode <= 1 and peak < 600 * 1024
print("%s a 50 MB line: exit %d, peak %d MB" % ("ok:  " if ok else "FAIL:", r.returncode, peak // 1024))
bad += not ok
sys.exit(1 if bad else 0)
PY
