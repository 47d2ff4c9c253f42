#!/bin/sh
# install_prefix.sh - `cmake --install` into a temporary prefix gives a quire.pc
# that is right for that prefix: a small program using only include/quire/,
# built with `pkg-config --cflags --libs quire` (shared) and --static, converts
# a sample post to JSON Lines. Also the installed CMake package (find_package).
# ctest-labels: nosan
set -u
: "${SRC:?}" "${BUILD:?}"
for t in cmake pkg-config cc; do
	command -v $t >/dev/null 2>&1 || { echo "install_prefix: no $t, skipped"; exit 77; }
done
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
P="$W/prefix"
cmake --install "$BUILD" --prefix "$P" > "$W/install.log" 2>&1 || { cat "$W/install.log"; echo "FAIL: cmake --install"; exit 1; }
pc=$(find "$P" -name quire.pc | head -1)
[ -n "$pc" ] || { echo "FAIL: no quire.pc installed"; exit 1; }
grep -q "$BUILD\|$SRC" "$pc" && fail "quire.pc names the build or source tree"
export PKG_CONFIG_PATH="${pc%/quire.pc}"
cat > "$W/use.c" <<'C'
#include <quire/quire.h>
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	quire_options o;
	memset(&o, 0, sizeof o);
	o.to = "jsonl";
	o.output = argv[2];
	o.quiet = 1;
	o.progress = 0;
	quire_err err;
	quire_err_clear(&err);
	quire_ctx *ctx = quire_ctx_new(&o, &err);
	if (!ctx) {
		fprintf(stderr, "use: %s\n", err.msg);
		return 2;
	}
	const char *in[] = {argv[1]};
	quire_result r = quire_convert(ctx, in, 1, NULL);
	quire_ctx_free(ctx);
	printf("quire %s\n", quire_version());
	return quire_exit_status(r);
}
C
post=$W/2020-01-02-hello.md
printf -- '---\ntitle: Hello prefix\n---\nSome text.\n' > "$post"
# shared: the program finds libquire through the prefix's lib directory
libdir=$(pkg-config --variable=libdir quire)
# shellcheck disable=SC2046
if cc -std=c17 -Wall -Werror -o "$W/use" "$W/use.c" $(pkg-config --cflags --libs quire) 2> "$W/cc.log"; then
	LD_LIBRARY_PATH="$libdir" "$W/use" "$post" "$W/out.jsonl" > "$W/run.log" 2>&1 || fail "shared program: exit $?"
	grep -q 'Hello prefix' "$W/out.jsonl" 2>/dev/null || fail "shared program wrote no article"
	LD_LIBRARY_PATH="$libdir" ldd "$W/use" | grep -q "$libdir/libquire" || fail "shared program did not use the installed libquire"
else
	cat "$W/cc.log"; fail "shared build against $pc"
fi
# static: libquire.a and its private dependencies
# shellcheck disable=SC2046
if cc -std=c17 -o "$W/use_static" "$W/use.c" $(pkg-config --cflags quire) \
	"$libdir/libquire.a" $(pkg-config --static --libs-only-l quire | sed 's/-lquire //') 2> "$W/cc.log"; then
	"$W/use_static" "$post" "$W/s.jsonl" > /dev/null 2>&1 || fail "static program: exit $?"
	grep -q 'Hello prefix' "$W/s.jsonl" 2>/dev/null || fail "static program wrote no article"
else
	cat "$W/cc.log"; fail "static build against $pc"
fi
# the CMake package, from the same prefix
mkdir -p "$W/cm"
cp "$W/use.c" "$W/cm/use.c"
cat > "$W/cm/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.25)
project(use C)
find_package(quire REQUIRED)
add_executable(use use.c)
target_link_libraries(use PRIVATE quire::quire)
CM
if cmake -S "$W/cm" -B "$W/cm/b" -DCMAKE_PREFIX_PATH="$P" > "$W/cm.log" 2>&1 &&
	cmake --build "$W/cm/b" >> "$W/cm.log" 2>&1; then
	"$W/cm/b/use" "$post" "$W/c.jsonl" > /dev/null 2>&1 || fail "CMake-built program: exit $?"
else
	tail -20 "$W/cm.log"; fail "find_package(quire) from $P"
fi
echo "install_prefix: $fails failed"
[ $fails -eq 0 ]
