#!/bin/sh
# golden.sh QUIRE OUTDIR - every writer of QUIRE run over the samples and the
# real corpora of ../shared/corpus (when present); OUTDIR/md5 lists a digest
# per output file and per stderr. Two builds are byte-identical when their md5
# files are: `diff A/md5 B/md5`. A developer's tool for refactors (issue 16):
# it compares builds, where tests/cli/golden.sh compares with committed files.
set -u
Q=${1:?usage: golden.sh QUIRE OUTDIR}
O=${2:?usage: golden.sh QUIRE OUTDIR}
SRC=$(cd "$(dirname "$0")/.." && pwd)
C=${CORPUS:-$SRC/../shared/corpus}
export SOURCE_DATE_EPOCH=1700000000 TZ=UTC LC_ALL=C.UTF-8
rm -rf "$O" && mkdir -p "$O/out" "$O/err"
cd "$SRC" || exit 1
n=0
run() { # NAME ARGS...: one quire run; stdout and stderr kept
	name=$1
	shift
	"$Q" "$@" --no-progress -j 2 >"$O/out/$name.stdout" 2>"$O/err/$name"
	echo "exit $?" >>"$O/err/$name"
	sed -i "s|$O|OUT|g" "$O/err/$name"
	n=$((n + 1))
}
"$Q" formats >"$O/out/formats.txt" 2>&1
set --
for d in samples/*/ tests/golden/inputs/; do [ -d "$d" ] && set -- "$@" "${d%/}"; done
[ -d "$C/finews" ] && set -- "$@" "$C/finews"
for root in "$@"; do
	b=$(echo "$root" | tr / _)
	run "$b.txt" convert "$root" -t txt -o "$O/out/$b.txt"
	run "$b.split" convert "$root" -t txt --split -o "$O/out/$b.split"
	run "$b.jsonl" convert "$root" -t jsonl -o "$O/out/$b.jsonl"
	run "$b.epub" convert "$root" -o "$O/out/$b.epub" --group-by category
	run "$b.warc" convert "$root" -t warc -o "$O/out/$b.warc.gz"
	run "$b.wacz" convert "$root" -t wacz -o "$O/out/$b.wacz"
	run "$b.inspect" inspect "$root"
done
for set in readability daniel; do
	[ -d "$C/$set" ] || continue
	pat='*.html'
	[ "$set" = readability ] && pat=source.html
	find "$C/$set/pages" -type f -name "$pat" | LC_ALL=C sort >"$O/$set.list"
	run "$set.inspect" inspect -f html - <"$O/$set.list"
	run "$set.txt" convert -f html -t txt -o "$O/out/$set.txt" - <"$O/$set.list"
	run "$set.epub" convert -f html -o "$O/out/$set.epub" - <"$O/$set.list"
	run "$set.warc" convert -f html -t warc -o "$O/out/$set.warc.gz" - <"$O/$set.list"
done
(cd "$O" && find out err -type f ! -name .quire-names | LC_ALL=C sort | xargs md5sum) >"$O/md5"
echo "golden: $n runs, $(wc -l <"$O/md5") files digested in $O/md5"
