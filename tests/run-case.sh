#!/bin/sh
# Runs one golden case: tests/cases/<case>/ holds
#   base      the fixture under tests/fixtures/ to start from (default: minimal; "none": empty)
#   isms/     files laid over the fixture (added or replaced)
#   remove    paths (one a line) deleted from the fixture
#   setup     a shell script run inside the ISMS folder before ismc (optional)
#   args      the ismc arguments, ROOT written as @ROOT@ (default: check @ROOT@ --as-of 2026-06-30)
#   expected  ismc's output (stdout and stderr) followed by a line "exit N"
# Usage: run-case.sh ISMC CASEDIR FIXTURES [--update]
set -eu
ismc=$1 fixtures=$3
case=$(cd "$2" && pwd)
case $ismc in /*) ;; *) ismc=$(pwd)/$ismc ;; esac # it runs elsewhere
. "$(dirname "$0")/lay-case.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ismc-case.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
lay_case "$case" "$fixtures" "$tmp/isms"
args='check @ROOT@ --as-of 2026-06-30'
[ -f "$case/args" ] && args=$(cat "$case/args")
set +e
# shellcheck disable=SC2086 # args is a word list on purpose
(cd "$tmp" && NO_COLOR=1 "$ismc" $(echo "$args" | sed "s|@ROOT@|isms|g")) > "$tmp/out" 2>&1
rc=$?
set -e
echo "exit $rc" >> "$tmp/out"
if [ "${4:-}" = --update ]; then
  cp "$tmp/out" "$case/expected"
  exit 0
fi
if ! diff -u "$case/expected" "$tmp/out"; then
  echo "FAIL: $case" >&2
  exit 1
fi
