#!/bin/sh
# Builds ismc and runs the whole test suite twice: a normal build with
# warnings as errors (with the accessibility tests: axe-core in Chromium over
# three built sites), then an AddressSanitizer + UndefinedBehaviorSanitizer
# build where any report fails the run. Installs what it needs (scripts/deps.sh).
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DISMC_WERROR=ON
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"
scripts/install-test.sh

# The accessibility tests run once, in the first build: they check the
# templates' HTML, which a sanitizer build renders the same.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DISMC_WERROR=ON -DISMC_SANITIZE=ON \
	-DISMC_A11Y_TESTS=OFF
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:strict_string_checks=1 \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"
