#!/bin/sh
# Installs the anchor test's npm packages (package.json, pinned by
# package-lock.json: github-slugger and the mdast reader of headings) into
# DEST/node_modules, where CTest's anchors test finds them. Skipped when DEST
# already holds this very lock file's install. Install scripts are off.
# Usage: npm-ci.sh DEST
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dest=$1
command -v npm >/dev/null 2>&1 || {
	echo "npm-ci.sh: npm is not installed: run scripts/deps.sh (Debian packages nodejs and npm)" >&2
	exit 1
}
mkdir -p "$dest"
if [ -d "$dest/node_modules/github-slugger" ] &&
	cmp -s "$here/package-lock.json" "$dest/package-lock.json"; then
	echo "npm-ci.sh: $dest/node_modules is up to date"
	exit 0
fi
cp "$here/package.json" "$here/package-lock.json" "$dest/"
cd "$dest"
npm ci --ignore-scripts --no-audit --no-fund
