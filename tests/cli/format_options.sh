#!/bin/sh
# format_options.sh - -O keys are the format's own: a typo in a key, a format
# that does not exist, a format without options and a bad value are usage
# errors (exit 2, one line naming the option and the format's keys); good
# options still work (records=articles drops the input's other records).
# Before, every -O was accepted and unknown ones silently ignored.
set -u
: "${QUIRE:?}" "${SRC:?}"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fails=0
bad() { # bad OPTION WORDS...: exit 2, one line, naming OPTION and each WORD
	o=$1
	shift
	"$QUIRE" convert "$SRC/samples/site" -q -O "$o" -o "$W/x.warc.gz" 2>"$W/err"
	rc=$?
	if [ $rc -ne 2 ] || [ "$(wc -l < "$W/err")" -ne 1 ] || ! grep -qF -- "-O $o" "$W/err"; then
		echo "FAIL: -O $o: exit $rc, said: $(cat "$W/err")"; fails=$((fails + 1)); return
	fi
	for w in "$@"; do grep -qF -- "$w" "$W/err" || { echo "FAIL: -O $o: '$w' not said: $(cat "$W/err")"; fails=$((fails + 1)); }; done
	[ ! -e "$W/x.warc.gz" ] || { echo "FAIL: -O $o: an output was written"; fails=$((fails + 1)); rm -f "$W/x.warc.gz"; }
	echo "ok: -O $o: $(cat "$W/err")"
}
bad warc:record=articles "level, records"
bad warc:levle=3 "level, records"
bad nosuch:x=1 nosuch
bad txt:width=3 "no -O options"
bad warc:level=12 "0 to 9"
bad warc:records=some "all or articles"
bad warc:=1 "format:key=value"
bad warc "format:key=value"
"$QUIRE" convert "$SRC/samples/site" -q -O warc:level=1 -O warc:records=all -o "$W/ok.warc.gz" ||
	{ echo "FAIL: good options refused"; fails=$((fails + 1)); }
[ $fails -eq 0 ] || exit 1
echo "ok: -O keys checked against the format's own list"
