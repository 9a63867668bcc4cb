#!/bin/sh
# The anchor test (issue 10): ismc's heading anchors are GitHub's. The
# expected anchors come from github-slugger itself (npm, pinned by
# package-lock.json), never written by hand: anchors.mjs reads headings.md
# (one heading of each class: emoji first, middle and last, U+FE0F, scripts
# with and without case, symbols, inline code, emphasis and links, repeats,
# {#id}, raw <a id>) and writes links.md, a link to every anchor, and
# wrong.md, links to anchors that are not there. ismc must accept every link
# of links.md and report every one of wrong.md as broken-link.
# Usage: run.sh ISMC NODE_MODULES FIXTURES
set -eu
ismc=$1 modules=$2 fixtures=$3
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ismc-anchors.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
root=$tmp/isms
cp -R "$fixtures/minimal/." "$root/"
mkdir -p "$root/guides"
cp "$here/headings.md" "$root/guides/"
node "$here/anchors.mjs" "$modules" "$here/headings.md" "$root/guides"
set +e
NO_COLOR=1 "$ismc" check "$root" --as-of 2026-06-30 --format json > "$tmp/out.json"
set -e
fail=0
node -e '
const out = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
const want = Number(require("fs").readFileSync(process.argv[2], "utf8"))
const links = out.diagnostics.filter((d) => d.code === "broken-link")
const good = links.filter((d) => d.file === "guides/links.md")
const bad = links.filter((d) => d.file === "guides/wrong.md")
const other = out.diagnostics.filter((d) => d.severity === "error" && d.code !== "broken-link")
for (const d of good) console.log(`FAIL: a GitHub anchor is not known: ${d.file}:${d.line}: ${d.message}`)
for (const d of other) console.log(`FAIL: unexpected: ${d.file}:${d.line}: ${d.message} [${d.code}]`)
if (bad.length !== want) {
  console.log(`FAIL: ${bad.length} of the ${want} links to missing anchors reported`)
  for (const d of bad) console.log(`  reported: ${d.file}:${d.line}: ${d.message}`)
}
// did-you-mean proposes only anchors GitHub has
const anchors = new Set(require("fs").readFileSync(process.argv[3], "utf8").split("\n"))
for (const d of bad) {
  const m = /did you mean .#(.*).\?$/.exec(d.message)
  if (m && !anchors.has(m[1])) console.log(`FAIL: suggests an anchor GitHub lacks: ${d.message}`)
}
const fails = good.length + other.length + (bad.length !== want)
console.log(`anchors: ${anchors.size - 1} GitHub anchors, ${want} wrong links: ${fails ? "FAIL" : "ok"}`)
process.exit(fails ? 1 : 0)
' "$tmp/out.json" "$root/guides/wrong.count" "$root/guides/anchors.txt" || fail=1
exit $fail
