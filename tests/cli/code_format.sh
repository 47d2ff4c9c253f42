#!/bin/sh
# code_format.sh - every C source and header of the project is as
# .clang-format says (`make format` writes it): the check CI runs. A test that
# can fail: one file off by a space fails it. Skips without clang-format
# (fails under CI=true, where deps.sh installs it).
# ctest-labels: nosan
set -u
: "${SRC:?}"
CF=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$CF" ]; then
	[ "${CI:-}" = true ] && { echo "FAIL: clang-format not installed (CI)"; exit 1; }
	echo "SKIP: clang-format not installed"; exit 77
fi
cd "$SRC" || exit 1
files=$(sh scripts/c-files.sh) || exit 1
[ -n "$files" ] || { echo "FAIL: no C files found"; exit 1; }
bad=0 n=0
for f in $files; do
	n=$((n + 1))
	if ! "$CF" --dry-run --Werror "$f" >/dev/null 2>&1; then
		echo "FAIL: $f is not formatted (make format)"
		bad=$((bad + 1))
	fi
done
echo "code format: $n files, $bad not formatted"
[ $bad -eq 0 ]
