#!/bin/sh
# c-files.sh - the project's C sources and headers, one per line: what
# `make format` formats and tests/cli/code_format.sh checks.
cd "$(dirname "$0")/.." || exit 1
find include src formats tests tools bench -type f \( -name '*.c' -o -name '*.h' \) 2>/dev/null | LC_ALL=C sort
