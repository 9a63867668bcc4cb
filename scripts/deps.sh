#!/bin/sh
# The one list of Debian packages ismc needs to build, test and render
# (clang and libclang-rt-14-dev, for libFuzzer: scripts/fuzz.sh).
# Usage: scripts/deps.sh            install them (as root, or through sudo)
set -eu
PACKAGES="
  build-essential cmake pkg-config git
  libcmark-gfm-dev libcmark-gfm-extensions-dev
  libyaml-dev libgit2-dev libxml2-dev libxslt1-dev libxml2-utils
  libjansson-dev
  libcriterion-dev
  weasyprint poppler-utils
  man-db groff-base
  clang libclang-rt-14-dev
"
need=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need="$need $p"
done
[ -z "$need" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends $need
