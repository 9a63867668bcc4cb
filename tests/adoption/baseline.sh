#!/bin/sh
# Incremental adoption (issue 10, item 4), end to end on a git repository:
# --write-baseline records the findings; --baseline then exits 0; lines
# moved by an edit keep their findings known; a new broken link exits 1
# naming only that one; --base HEAD --new-only fails on the new finding
# alone; a file that is no baseline, and empty or unknown --code and --path
# values, are refused with exit 2.
# Usage: baseline.sh ISMC FIXTURES
set -eu
ismc=$1 fixtures=$2
case $ismc in /*) ;; *) ismc=$(pwd)/$ismc ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ismc-baseline.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
root=$tmp/repo/isms
mkdir -p "$tmp/repo"
cp -R "$fixtures/minimal" "$root"
cat > "$root/notes.md" <<'MD'
---
id: DOC-NOTES
title: Notes
type: guideline
owner: CISO
version: "1.0"
status: draft
related: [DOC-SCOPE]
---
# Notes

See [the backup procedure](procedures/backup.md) and [the plan](plans/bcp.md).

An old reference to [POL-404].
MD
fail() { echo "FAIL: $*"; exit 1; }
run() { # run ARGS...: output in $tmp/out, exit status in $rc
	set +e
	(cd "$tmp/repo" && NO_COLOR=1 "$ismc" "$@") > "$tmp/out" 2>&1
	rc=$?
	set -e
}
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
git -C "$tmp/repo" init -q && git -C "$tmp/repo" add -A && git -C "$tmp/repo" commit -qm base

run check isms --as-of 2026-06-30
[ $rc = 1 ] || fail "the ISMS has errors: check exits 1, not $rc"
run check isms --as-of 2026-06-30 --write-baseline ismc-baseline.json
[ $rc = 0 ] || fail "--write-baseline exits $rc"
grep -q 'wrote 4 findings to the baseline ismc-baseline.json' "$tmp/out" || { cat "$tmp/out"; fail "--write-baseline says what it wrote"; }
run check isms --as-of 2026-06-30 --baseline ismc-baseline.json
[ $rc = 0 ] || { cat "$tmp/out"; fail "--baseline with nothing new exits $rc"; }
grep -q 'ismc-baseline.json: 4 known findings not shown, 0 of its 4 fixed' "$tmp/out" || { cat "$tmp/out"; fail "the baseline's count"; }

# lines move: three lines above the findings
sed -i 's/^# Notes$/# Notes\n\nAn introduction\nof three lines./' "$root/notes.md"
run check isms --as-of 2026-06-30 --baseline ismc-baseline.json
[ $rc = 0 ] || { cat "$tmp/out"; fail "moved lines resurfaced findings"; }

# a new broken link, on a line of its own
printf '\nAlso [the register](registers/gone.yml).\n' >> "$root/notes.md"
run check isms --as-of 2026-06-30 --baseline ismc-baseline.json
[ $rc = 1 ] || { cat "$tmp/out"; fail "a new broken link exits $rc"; }
n=$(grep -c '\[broken-link\]' "$tmp/out" || true)
[ "$n" = 1 ] && grep -q "registers/gone.yml" "$tmp/out" || { cat "$tmp/out"; fail "only the new link is named"; }

# the same against the commit: --base HEAD --new-only
run check isms --as-of 2026-06-30 --base HEAD --new-only --format json
[ $rc = 1 ] || { cat "$tmp/out"; fail "--new-only exits $rc"; }
n=$(grep -c '"code": "broken-link"' "$tmp/out" || true)
[ "$n" = 1 ] || { cat "$tmp/out"; fail "--new-only names $n broken links, not 1"; }
grep -q 'the findings of HEAD: 4 known findings not shown' "$tmp/out" || { cat "$tmp/out"; fail "--new-only says what it left out"; }

# fixing one: the baseline says so
sed -i '/POL-404/d' "$root/notes.md"
run check isms --as-of 2026-06-30 --baseline ismc-baseline.json --code broken-link
[ $rc = 1 ] || { cat "$tmp/out"; fail "--code broken-link shows the new link, exits $rc"; }
grep -q '1 of its 4 fixed' "$tmp/out" || { cat "$tmp/out"; fail "a fixed finding is counted"; }

# refusals
echo '{"findings": []}' > "$tmp/repo/bad.json"
run check isms --baseline bad.json
[ $rc = 2 ] && grep -q 'is no ismc baseline' "$tmp/out" || { cat "$tmp/out"; fail "a file that is no baseline"; }
run check isms --new-only
[ $rc = 2 ] || fail "--new-only without --base exits $rc"
run check isms --code ''
[ $rc = 2 ] && grep -q -- '--code wants a diagnostic code' "$tmp/out" || { cat "$tmp/out"; fail "an empty --code"; }
run check isms --code broken-link,nonsense
[ $rc = 2 ] && grep -q "'nonsense' is not a diagnostic code" "$tmp/out" || { cat "$tmp/out"; fail "an unknown --code"; }
run check isms --path ''
[ $rc = 2 ] && grep -q -- '--path wants a glob' "$tmp/out" || { cat "$tmp/out"; fail "an empty --path"; }
echo "baseline: ok"
