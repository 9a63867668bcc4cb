#!/bin/sh
# Installs a test's npm packages (SRC/package.json, pinned by
# SRC/package-lock.json) into DEST/node_modules, where CTest's tests find
# them; the a11y tests (axe-core, puppeteer-core) and the anchors test
# (github-slugger) use it. Skipped when DEST already holds this very lock
# file's install with each PACKAGE. Install scripts are off, and no browser is
# downloaded: puppeteer-core has no install script, and the a11y tests drive
# the system Chromium (the Debian package 'chromium').
# Usage: npm-ci.sh SRC DEST PACKAGE...
set -eu
src=$(cd "$1" && pwd)
dest=$2
shift 2
command -v npm >/dev/null 2>&1 || {
	echo "npm-ci.sh: npm is not installed: run scripts/deps.sh (Debian packages nodejs and npm)" >&2
	exit 1
}
mkdir -p "$dest"
fresh=1
for p in "$@"; do
	[ -d "$dest/node_modules/$p" ] || fresh=0
done
if [ "$fresh" = 1 ] && cmp -s "$src/package-lock.json" "$dest/package-lock.json"; then
	echo "npm-ci.sh: $dest/node_modules is up to date"
	exit 0
fi
cp "$src/package.json" "$src/package-lock.json" "$dest/"
cd "$dest"
PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund
