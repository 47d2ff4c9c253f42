#!/bin/sh
# version.sh - `quire --version` is one line: "quire X.Y.Z" and the libraries
# it runs with as name/version words (curl -V style), each version as the
# library reports it (checked against pkg-config where Debian's .pc agrees).
set -u
: "${QUIRE:?}"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
out=$("$QUIRE" --version) || fail "--version: exit $?"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "more than one line: $out"
"$QUIRE" convert --version | cmp -s - <<E || fail "convert --version differs"
$out
E
case $out in "quire "[0-9]*) ;; *) fail "does not start with quire VERSION: $out" ;; esac
for lib in libxml2 libzip cmark-gfm libyaml uchardet utf8proc zlib OpenSSL glibc; do
	printf '%s\n' "$out" | grep -Eq " $lib/[0-9][0-9A-Za-z.+-]*( |\$)" || fail "no $lib/VERSION in: $out"
done
ver() { printf '%s\n' "$out" | tr ' ' '\n' | sed -n "s|^$1/||p"; }
if command -v pkg-config > /dev/null 2>&1; then
	for pair in libxml2=libxml-2.0 libzip=libzip cmark-gfm=libcmark-gfm libyaml=yaml-0.1 zlib=zlib uchardet=uchardet; do
		name=${pair%%=*} pc=${pair#*=}
		want=$(pkg-config --modversion "$pc" 2> /dev/null) || continue
		[ "$(ver "$name")" = "$want" ] || fail "$name/$(ver "$name"), pkg-config says $want"
	done
fi
echo "version: $out"
[ $fails -eq 0 ]
