#!/bin/sh
# The one list of Debian packages ismc needs to build, test and render
# (clang and libclang-rt-14-dev, for libFuzzer: scripts/fuzz.sh; cmark-gfm
# and time, the baseline and the meter of scripts/bench-build.sh).
# Usage: scripts/deps.sh            install them (as root, or through sudo)
set -eu
# chromium, nodejs and npm run the accessibility test (tests/a11y/): axe-core
# in the system Chromium, never a downloaded browser
PACKAGES="
  build-essential cmake pkg-config git
  libcmark-gfm-dev libcmark-gfm-extensions-dev
  libyaml-dev libgit2-dev libxml2-dev libxslt1-dev libxml2-utils
  libjansson-dev
  libcriterion-dev
  weasyprint poppler-utils
  chromium
  man-db groff-base
  clang libclang-rt-14-dev
  cmark-gfm time
"
need=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need="$need $p"
done
# Node.js from elsewhere (nodesource's nodejs carries its own npm and
# conflicts with Debian's npm package) is fine: Debian's only when missing.
command -v node >/dev/null 2>&1 || need="$need nodejs"
command -v npm >/dev/null 2>&1 || need="$need npm"
[ -z "$need" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends $need
