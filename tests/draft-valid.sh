#!/bin/sh
# Builds golden case CASEDIR's ISMS (laid out as run-case.sh does) with
# --draft and validates every XML file of the output against the schema:
# every XML ismc writes is valid, a gap-analysis pack of a broken ISMS too.
# An ISMS that cannot be modelled at all (check exits 2: no isms.yml, no
# root) must make build exit 2 and write nothing.
# Usage: draft-valid.sh ISMC CASEDIR FIXTURES SCHEMA
set -eu
ismc=$1 fixtures=$3 schema=$4
case=$(cd "$2" && pwd)
case $ismc in /*) ;; *) ismc=$(pwd)/$ismc ;; esac # it runs elsewhere
. "$(dirname "$0")/lay-case.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ismc-draft.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
lay_case "$case" "$fixtures" "$tmp/isms"
cd "$tmp"
set +e
"$ismc" check isms --as-of 2026-06-30 > check.log 2>&1
check=$?
NO_COLOR=1 "$ismc" build isms -o out --draft --as-of 2026-06-30 > build.log 2>&1
build=$?
set -e
if [ "$check" -eq 2 ]; then
  if [ "$build" -ne 2 ] || [ -e out ]; then
    echo "FAIL: $case: check exits 2, yet build --draft exits $build" >&2
    cat build.log >&2
    exit 1
  fi
  exit 0
fi
if [ "$build" -ne "$check" ] || [ ! -f out/manifest.xml ]; then
  echo "FAIL: $case: build --draft exits $build (check: $check)" >&2
  cat build.log >&2
  exit 1
fi
n=0
for f in $(cd out && find . -name '*.xml' | sort); do
  xmllint --noout --nonet --relaxng "$schema" "out/$f" 2> lint.log || {
    echo "FAIL: $case: $f is not valid against $schema" >&2
    cat lint.log >&2
    exit 1
  }
  n=$((n + 1))
done
# soa, register, risks, evidence-pack, manifest; and frameworks.xml when
# isms.yml names frameworks
want=5
[ -f out/frameworks.xml ] && want=6
[ "$n" -eq $want ] || { echo "FAIL: $case: $n XML files, not $want" >&2; exit 1; }
