#!/bin/sh
# Runs one golden case: tests/cases/<case>/ holds
#   base      the fixture under tests/fixtures/ to start from (default: minimal; "none": empty)
#   isms/     files laid over the fixture (added or replaced)
#   remove    paths (one a line) deleted from the fixture
#   setup     a shell script run inside the ISMS folder before ismc (optional)
#   args      the ismc arguments, ROOT written as @ROOT@ (default: check @ROOT@ --as-of 2026-06-30)
#   expected  ismc's output (stdout and stderr) followed by a line "exit N"
# A case whose ISMS is checked (no args, or args starting "check @ROOT@ ")
# pins every other back end too, unless it holds a file `nobuild` (its point
# is the command line, or it has no ISMS to build):
#   expected.sarif  `check --format sarif` (stdout), the root's absolute path
#                   written @ROOT@; the rule texts (explain.c's table, the same
#                   in every case) are pinned by cases holding `sarif-rules`
#   expected-xml/   soa.xml, register.xml, risks.xml, evidence-pack.xml and,
#                   when isms.yml names frameworks, frameworks.xml of
#                   `build --draft` (not manifest.xml or html/: the templates
#                   change on their own); draft-valid.sh validates every XML
#                   file of every case's draft against schemas/ismc.rng
# Usage: run-case.sh ISMC CASEDIR FIXTURES [--update]
set -eu
ismc=$1 fixtures=$3
case $ismc in /*) ;; *) ismc=$(pwd)/$ismc ;; esac # it runs from elsewhere
case=$(cd "$2" && pwd)
name=$(basename "$case")
tests=$(cd "$(dirname "$0")" && pwd)
. "$tests/lay-case.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ismc-case.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
root="$tmp/isms"
lay_case "$case" "$fixtures" "$root"
args='check @ROOT@ --as-of 2026-06-30'
[ -f "$case/args" ] && args=$(cat "$case/args")
set +e
# shellcheck disable=SC2086 # args is a word list on purpose
(cd "$tmp" && NO_COLOR=1 "$ismc" $(echo "$args" | sed "s|@ROOT@|isms|g")) > "$tmp/out" 2>&1
rc=$?
set -e
echo "exit $rc" >> "$tmp/out"
update=0
[ "${4:-}" = --update ] && update=1
fail=0
if [ $update = 1 ]; then
  cp "$tmp/out" "$case/expected"
elif ! diff -u "$case/expected" "$tmp/out"; then
  fail=1
fi

# The other back ends, for a case whose ISMS is checked.
case "$args" in
  "check @ROOT@ "*) builds=1 ;;
  *) builds=0 ;;
esac
[ -f "$case/nobuild" ] && builds=0
if [ $builds = 1 ]; then
  real=$(cd "$root" && pwd -P)
  set +e
  (cd "$tmp" && NO_COLOR=1 "$ismc" check isms --as-of 2026-06-30 --format sarif) > "$tmp/sarif.raw"
  set -e
  sed "s|$real|@ROOT@|g" "$tmp/sarif.raw" > "$tmp/sarif"
  if [ ! -f "$case/sarif-rules" ]; then
    # the rules array, at its fixed indentation, becomes one line
    sed '/^          "rules": \[/,/^          \]/c\          "rules": "see the cases holding sarif-rules"' \
      "$tmp/sarif" > "$tmp/sarif.short"
    mv "$tmp/sarif.short" "$tmp/sarif"
  fi
  if [ $update = 1 ]; then
    cp "$tmp/sarif" "$case/expected.sarif"
  elif ! diff -u "$case/expected.sarif" "$tmp/sarif"; then
    fail=1
  fi

  set +e
  (cd "$tmp" && SOURCE_DATE_EPOCH=1767225600 NO_COLOR=1 \
    "$ismc" build isms -o build --draft --as-of 2026-06-30) > "$tmp/build.log" 2>&1
  brc=$?
  set -e
  # a draft of an ISMS with errors is written, and the exit status is 1
  if [ $brc -gt 1 ] || [ ! -d "$tmp/build" ]; then
    echo "build --draft wrote nothing (exit $brc):" >&2
    cat "$tmp/build.log" >&2
    fail=1
  else
    [ $update = 1 ] && mkdir -p "$case/expected-xml"
    for f in soa.xml register.xml risks.xml evidence-pack.xml frameworks.xml; do
      # frameworks.xml exists only with isms.yml frameworks:, and must then
      # be pinned: a case pins it when the build writes it, or pinned it
      if [ $f = frameworks.xml ] && [ ! -f "$tmp/build/$f" ] && [ ! -f "$case/expected-xml/$f" ]; then
        continue
      fi
      if [ $update = 1 ]; then
        cp "$tmp/build/$f" "$case/expected-xml/$f"
      elif ! diff -u "$case/expected-xml/$f" "$tmp/build/$f"; then
        fail=1
      fi
    done
  fi
fi
if [ $fail = 1 ]; then
  echo "FAIL: $case" >&2
  exit 1
fi
exit 0
