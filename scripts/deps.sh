#!/bin/sh
# deps.sh [build|test] - installs the Debian packages quire needs that are missing
# (as root), or prints the apt-get line to run (otherwise). "test" adds what the
# test suite uses (validators, pandoc, sanitizer runtime, node for warcio,
# jekyll for the fidelity comparison).
set -e
BUILD="build-essential cmake pkg-config libxml2-dev libzip-dev libyaml-dev libcmark-gfm-dev
 libcmark-gfm-extensions-dev libuchardet-dev zlib1g-dev libssl-dev libutf8proc-dev libmimalloc-dev tzdata"
TEST="libcmocka-dev epubcheck pandoc wget python3 parallel clang libclang-rt-14-dev
 valgrind jq unzip zip chromium fonts-noto-cjk time jekyll libxml2-utils clang-format
 liblzma-dev libbz2-dev"
want=$BUILD
[ "${1:-build}" = test ] && want="$BUILD $TEST"
missing=
# node/npm and a JDK may come from elsewhere (nodesource, openjdk-17): check the commands
if [ "${1:-build}" = test ]; then
  command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
  command -v javac >/dev/null 2>&1 || missing="$missing default-jdk-headless"
fi
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || true
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "deps: missing packages; run as root:" >&2
    echo "  apt-get install -y$missing" >&2
    exit 1
  fi
fi
# javac is needed by the epubcheck batch runner (default-jdk-headless provides it).
if [ "${1:-build}" = test ]; then
  npmdir=${QUIRE_NPM_DIR:-$(dirname "$0")/../build/npm}
  # warcio (the validator) and puppeteer-core (drives Debian's chromium) in
  # one install, so that neither install prunes the other's links
  if [ ! -f "$npmdir/node_modules/warcio/dist/cli.js" ] || [ ! -d "$npmdir/node_modules/puppeteer-core" ]; then
    mkdir -p "$npmdir"
    (cd "$npmdir" && npm install --silent --no-audit --no-fund warcio@2.4.11 puppeteer-core@24.43.1 >/dev/null 2>&1) ||
      echo "deps: npm install warcio puppeteer-core failed; WARC validation and replay tests will be skipped" >&2
  fi
  # ReplayWeb.page's packaged app (ui.js, sw.js): its tarball alone, without
  # its build dependencies (a full install fails on a missing warcio release)
  if [ ! -f "$npmdir/replaywebpage/sw.js" ]; then
    (cd "$npmdir" && t=$(npm pack --silent replaywebpage@2.5.3 2>/dev/null | tail -1) && rm -rf replaywebpage package &&
      tar xzf "$t" && mv package replaywebpage && rm -f "$t") ||
      echo "deps: npm pack replaywebpage failed; the replay test will be skipped" >&2
  fi
fi
exit 0
