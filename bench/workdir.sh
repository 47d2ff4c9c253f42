# workdir.sh - sourced by the benchmarks that generate large sites: sets
# $work to $WORK when given (kept, and its generated sites reused) or to a
# temporary folder removed on exit.
if [ -n "${WORK:-}" ]; then
  work=$WORK
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT INT TERM
fi
