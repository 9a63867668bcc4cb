#!/bin/sh
# The one list of Debian packages ismc needs to build, test and render
# (clang and libclang-rt-14-dev, for libFuzzer: scripts/fuzz.sh; cmark-gfm
# and time, the baseline and the meter of scripts/bench-build.sh).
# Usage: scripts/deps.sh            install them (as root, or through sudo)
#        scripts/deps.sh build      only what building and running ismc needs
#                                   (the GitHub action, CI recipes): no test or
#                                   rendering tools, no browser
set -eu
# chromium, nodejs and npm run the accessibility test (tests/a11y/): axe-core
# in the system Chromium, never a downloaded browser; npm also brings
# github-slugger for the anchor test (tests/anchors/). libicu-dev: heading
# anchors as GitHub makes them; fonts-noto-color-emoji: emoji in pack.pdf;
# fonts-noto-cjk: Chinese, Japanese and Korean text in pack.pdf (without a
# font for them WeasyPrint leaves such text out of the PDF, silently);
# python3-yaml: the CI recipes test (tests/ci/) reads action.yml and docs/ci/;
# gnupg is the gpg that gpgme runs to verify signed approvals, and makes the
# example's signatures; python3 runs scripts/example-repo.sh's history plan;
# python3-icalendar reads the calendar `ismc calendar` writes (tests/calendar.sh),
# a second, independent iCalendar implementation beside libical; libqpdf-dev
# joins the parts of a large pack's PDF (compiler/pdf_join.c); libssl-dev: libcrypto's
# SHA-256 (compiler/sha256.c), which uses the CPU's SHA instructions;
# libjemalloc-dev: the allocator the ismc executable links (docs/performance.md)
PACKAGES="
  build-essential cmake pkg-config git python3
  libcmark-gfm-dev libcmark-gfm-extensions-dev
  libyaml-dev libgit2-dev libxml2-dev libxslt1-dev libxml2-utils
  libjansson-dev libicu-dev
  libgpgme-dev gnupg libical-dev libqpdf-dev libssl-dev libjemalloc-dev
  libcriterion-dev python3-icalendar
  weasyprint poppler-utils fonts-noto-color-emoji fonts-noto-cjk
  chromium
  man-db groff-base
  python3-yaml
  clang libclang-rt-14-dev
  cmark-gfm time
"
# building and running `ismc check` and `ismc build` (HTML); the rest tests
# and renders the PDF
BUILD_PACKAGES="
  build-essential cmake pkg-config git
  libcmark-gfm-dev libcmark-gfm-extensions-dev
  libyaml-dev libgit2-dev libxml2-dev libxslt1-dev
  libjansson-dev libicu-dev libqpdf-dev libssl-dev libjemalloc-dev
  libgpgme-dev libical-dev
"
if [ "${1:-}" = build ]; then
  PACKAGES=$BUILD_PACKAGES
elif [ -n "${1:-}" ]; then
  echo "usage: scripts/deps.sh [build]" >&2
  exit 2
fi
need=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need="$need $p"
done
# Node.js from elsewhere (nodesource's nodejs carries its own npm and
# conflicts with Debian's npm package) is fine: Debian's only when missing.
if [ "${1:-}" != build ]; then
  command -v node >/dev/null 2>&1 || need="$need nodejs"
  command -v npm >/dev/null 2>&1 || need="$need npm"
fi
[ -z "$need" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends $need
