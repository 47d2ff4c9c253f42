#!/bin/sh
# epubcheck-all.sh [@LIST | BOOK.epub]... - runs epubcheck (Debian 4.2.x) on
# every book in one JVM. Compiles EpubCheckAll.java against the epubcheck jar
# into $EPUBCHECK_CLASSES (default: a fresh temporary directory). Exit 77 when
# java, javac or the jar are missing (the calling test is then skipped).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
jar=/usr/share/java/epubcheck.jar
if [ ! -f "$jar" ] || ! command -v javac >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then
  echo "epubcheck-all: needs epubcheck and a JDK (apt-get install epubcheck default-jdk-headless)" >&2
  exit 77
fi
classes=${EPUBCHECK_CLASSES:-}
cleanup=
if [ -z "$classes" ]; then
  classes=$(mktemp -d)
  cleanup=$classes
fi
if [ ! -f "$classes/EpubCheckAll.class" ]; then
  javac -nowarn -cp "$jar" -d "$classes" "$here/EpubCheckAll.java"
fi
status=0
java -Xss4m -cp "$jar:$classes" EpubCheckAll "$@" || status=$?
[ -n "$cleanup" ] && rm -rf "$cleanup"
exit $status
