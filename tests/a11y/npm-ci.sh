#!/bin/sh
# Installs the accessibility test's npm packages (package.json, pinned by
# package-lock.json: axe-core and puppeteer-core) into DEST/node_modules,
# where CTest's a11y tests find them. Skipped when DEST already holds this
# very lock file's install. No browser is downloaded: puppeteer-core has no
# install script, scripts are off anyway, and the tests drive the system
# Chromium (the Debian package 'chromium').
# Usage: npm-ci.sh DEST
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dest=$1
command -v npm >/dev/null 2>&1 || {
	echo "npm-ci.sh: npm is not installed: run scripts/deps.sh (Debian packages nodejs and npm)" >&2
	exit 1
}
mkdir -p "$dest"
if [ -d "$dest/node_modules/axe-core" ] && [ -d "$dest/node_modules/puppeteer-core" ] &&
	cmp -s "$here/package-lock.json" "$dest/package-lock.json"; then
	echo "npm-ci.sh: $dest/node_modules is up to date"
	exit 0
fi
cp "$here/package.json" "$here/package-lock.json" "$dest/"
cd "$dest"
PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund
