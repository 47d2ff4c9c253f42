#!/bin/sh
# bylines.sh - the html reader's bylines, editors, dates and titles on the small
# pages of tests/bylines/ (Chinese and other languages, each form once, and the
# traps: lists of other articles with dates, site names in titles, editor
# lines, junk author metas), compared with tests/bylines/expected.tsv.
set -eu
: "${QUIRE:?}" "${SRC:?}"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export TZ=UTC LC_ALL=C.UTF-8
"$QUIRE" inspect -q -j 2 "$SRC/tests/bylines" > "$W/out.jsonl" || true
python3 - "$SRC/tests/bylines/expected.tsv" "$W/out.jsonl" <<'PY'
import json, os, sys
got = {}
for line in open(sys.argv[2], encoding="utf-8"):
    d = json.loads(line)
    got[os.path.basename(d["provenance"]["path"])[:-5]] = d
fails = checks = 0
pages = set()
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    name, field, want = line.rstrip("\n").split("\t")
    pages.add(name)
    checks += 1
    d = got.get(name)
    if d is None:
        print("FAIL %s: no article" % name); fails += 1; continue
    if field in ("authors", "editors"):
        have = " | ".join(d.get(field) or [])
    elif field == "diag":
        have = want if any(want in x["message"] for x in d["diagnostics"]) else "(no diagnostic saying it)"
    else:
        have = d.get(field)
        have = "null" if have is None else have
    if have != want:
        print("FAIL %s: %s is %r, want %r" % (name, field, have, want)); fails += 1
print("bylines: %d of %d checks on %d pages right" % (checks - fails, checks, len(pages)))
sys.exit(1 if fails else 0)
PY
