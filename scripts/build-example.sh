#!/bin/sh
# Installs what ismc needs, builds it, writes the example ISMS as a git
# repository with its history (scripts/example-repo.sh, into
# build/example-repo, made afresh each time; the same commit ids on every
# machine) and compiles its HEAD into out/ (the XML outputs, the HTML site):
# every approval in the pack is then proven from git. The as-of date is
# pinned inside the example's audit period so the example stays clean
# whatever today's date is (see docs/tutorial.md). Extra arguments go to
# ismc build (--pdf for out/pack.pdf).
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc 2>/dev/null || echo 2)" --target ismc
rm -rf build/example-repo
scripts/example-repo.sh build/example-repo
./build/ismc build build/example-repo --rev HEAD -o out --as-of 2026-06-30 "$@"
