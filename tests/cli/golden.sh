#!/bin/sh
# golden.sh - every sample converted to txt, txt at --width 40, and jsonl, one
# output per article (--split), plus each sample tree as one txt file, compared
# byte for byte with tests/golden/expected/NAME/ (NAME: a folder of samples/, or
# "inputs" for tests/golden/inputs/). Exit status and stderr are part of it.
# QUIRE_ACCEPT=1 regenerates the expected files: review the diff by eye, the
# outputs are the product.
set -u
: "${QUIRE:?QUIRE must name the quire binary}" "${SRC:?SRC must name the source tree}"
export SOURCE_DATE_EPOCH=1700000000 TZ=UTC LC_ALL=C.UTF-8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
cd "$SRC" || exit 1
expected=tests/golden/expected
status=0

run() { # OUT ARGS...: runs quire, appends the command, its exit status and stderr
	# to OUT/messages.txt (with the work directory written as OUT)
	out=$1
	shift
	"$QUIRE" "$@" --no-progress -j 2 2>"$work/stderr"
	rc=$?
	{ echo "\$ quire $*"; echo "exit $rc"; cat "$work/stderr"; } | sed "s|$work/[^/]*|OUT|g" >>"$out/messages.txt"
}

roots=
for d in samples/*/ tests/golden/inputs/; do
	[ -d "$d" ] && roots="$roots ${d%/}"
done
[ -n "$roots" ] || { echo "golden: no samples and no tests/golden/inputs"; exit 1; }

for root in $roots; do
	case $root in
	tests/golden/inputs) name=inputs ;;
	*) name=${root#samples/} ;;
	esac
	out=$work/$name
	mkdir -p "$out"
	run "$out" convert "$root" -t txt --split -o "$out/txt"
	run "$out" convert "$root" -t txt --width 40 --split -o "$out/txt40"
	run "$out" convert "$root" -t jsonl --split -o "$out/jsonl"
	run "$out" convert "$root" -t txt -o "$out/all.txt"
	if [ "${QUIRE_ACCEPT:-0}" = 1 ]; then
		rm -rf "${expected:?}/$name"
		mkdir -p "$expected"
		cp -R "$out" "$expected/$name"
		find "$expected/$name" -name .quire-names -delete
		echo "golden: accepted $expected/$name ($(find "$out" -type f | wc -l) files)"
	elif [ ! -d "$expected/$name" ]; then
		echo "golden: $root has no expected outputs yet: run"
		echo "  QUIRE_ACCEPT=1 QUIRE=build/quire SRC=. sh tests/cli/golden.sh"
		echo "and review tests/golden/expected/$name by eye before committing it"
		status=1
	elif ! diff -r -x .quire-names "$expected/$name" "$out" >"$work/diff" 2>&1; then
		echo "golden: $root differs from $expected/$name; if the change is intended, run"
		echo "  QUIRE_ACCEPT=1 QUIRE=build/quire SRC=. sh tests/cli/golden.sh"
		echo "and review the diff of tests/golden/expected by eye:"
		diff -ru -x .quire-names "$expected/$name" "$out" 2>&1 | sed "s|$work/[^/]*|OUT|g" | head -120
		status=1
	fi
	# stdout gives the same bytes as a file; `quire inspect` prints what jsonl writes
	"$QUIRE" convert "$root" -t txt -o - -q --no-progress -j 2 >"$work/stdout.txt" 2>/dev/null
	cmp -s "$work/stdout.txt" "$out/all.txt" || { echo "golden: $root: txt on stdout differs from all.txt"; status=1; }
	"$QUIRE" convert "$root" -t jsonl -q --no-progress -j 2 >"$work/stdout.jsonl" 2>/dev/null
	"$QUIRE" inspect "$root" -q --no-progress -j 2 >"$work/inspect.jsonl" 2>/dev/null
	cmp -s "$work/stdout.jsonl" "$work/inspect.jsonl" ||
		{ echo "golden: $root: quire inspect differs from the jsonl writer"; status=1; }
	cat "$out/jsonl"/*.jsonl | LC_ALL=C sort >"$work/split.sorted"
	LC_ALL=C sort "$work/stdout.jsonl" | cmp -s - "$work/split.sorted" ||
		{ echo "golden: $root: jsonl on stdout and the --split files hold different objects"; status=1; }
	# independent checks on what was produced: widths at 40 columns, one final newline
	python3 - "$out" <<'PY' || status=1
import os, sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
bad = 0
for dirpath, _, files in os.walk(sys.argv[1]):
    for f in files:
        p = os.path.join(dirpath, f)
        if not f.endswith((".txt", ".jsonl")) or f == "messages.txt":
            continue
        text = open(p, encoding="utf-8").read()
        if not text.endswith("\n") or text.endswith("\n\n"):
            print("golden: %s does not end with exactly one newline" % p); bad += 1
        if f.endswith(".txt"):
            for i, line in enumerate(text.split("\n"), 1):
                if line != line.rstrip():
                    print("golden: %s:%d: trailing space" % (p, i)); bad += 1
                if "/txt40/" in p and width(line) > 40:
                    print("golden: %s:%d: %d columns" % (p, i, width(line))); bad += 1
sys.exit(1 if bad else 0)
PY
done
# expected folders whose samples are gone
for d in "$expected"/*/; do
	[ -d "$d" ] || continue
	n=$(basename "$d")
	[ -d "$work/$n" ] || { echo "golden: $expected/$n has no sample tree any more"; status=1; }
done
exit $status
