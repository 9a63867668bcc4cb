#!/bin/sh
# Installs ismc into a temporary prefix and checks the installed copy on its
# own: every file is in place, `man -l` renders both man pages without a
# warning (and `man -M` finds them by name), `--version` and each command's
# `--help` answer, and the installed ismc checks, builds (HTML from the
# installed templates) and verifies a copy of example-isms/ in a folder
# outside the source tree.
# Usage: scripts/install-test.sh          (scripts/test.sh runs it)
set -eu
unset ISMC_TEMPLATES
cd "$(dirname "$0")/.."
src=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ismc-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"
fail() {
	echo "install-test: FAIL: $*" >&2
	exit 1
}

# A build of its own, configured for the prefix it is installed into.
cmake -S . -B "$tmp/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DISMC_TESTS=OFF \
	-DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
cmake --build "$tmp/build" -j"$(nproc 2>/dev/null || echo 2)" --target ismc >/dev/null
cmake --install "$tmp/build" >/dev/null

for f in bin/ismc share/man/man1/ismc.1 share/man/man5/ismc-format.5 \
	share/ismc/schemas/ismc.rng share/ismc/schemas/catalog/iso27001-2022/controls.tsv \
	share/ismc/schemas/crosswalks/nis2.tsv \
	share/doc/ismc/diagnostics/README.md share/doc/ismc/ci/README.md; do
	[ -e "$prefix/$f" ] || fail "not installed: $f"
done
[ -d "$src/templates" ] && { [ -d "$prefix/share/ismc/templates" ] || fail "templates not installed"; }

for page in man1/ismc.1 man5/ismc-format.5; do
	name=$(basename "$page" | sed 's/\.[0-9]$//')
	MANWIDTH=80 man --warnings -l "$prefix/share/man/$page" >"$tmp/page.txt" 2>"$tmp/page.err" ||
		fail "man -l $page"
	[ -s "$tmp/page.err" ] && { cat "$tmp/page.err" >&2; fail "man -l $page warns"; }
	grep -q "^NAME" "$tmp/page.txt" && grep -q "^SEE ALSO" "$tmp/page.txt" ||
		fail "man -l $page rendered no manual"
	MANWIDTH=80 man -M "$prefix/share/man" "$name" >/dev/null 2>&1 || fail "man -M finds no $name"
done

ismc="$prefix/bin/ismc"
version=$(sed -n 's/^#define ISMC_VERSION "\(.*\)"$/\1/p' compiler/ismc.h)
[ "$("$ismc" --version)" = "ismc $version" ] || fail "--version"
for cmd in check build init verify explain; do
	"$ismc" "$cmd" --help | grep -q "^usage: ismc $cmd" || fail "ismc $cmd --help"
done
"$ismc" explain record-missing | grep -q '^record-missing: ' || fail "ismc explain"

# From a folder outside the source tree, on a copy of the example.
mkdir "$tmp/work"
cp -R example-isms "$tmp/work/example-isms"
cd "$tmp/work"
rc=0
"$ismc" check example-isms --as-of 2026-06-30 >check.out 2>&1 || rc=$?
[ "$rc" -eq 0 ] || { cat check.out >&2; fail "ismc check of the example exited $rc"; }
tail -n 1 check.out | grep -Eq '^ismc: [0-9]+ errors?, [0-9]+ warnings? in ' ||
	{ cat check.out >&2; fail "ismc check printed no summary line"; }
"$ismc" check example-isms --as-of 2026-06-30 --format sarif >check.sarif 2>&1 || rc=$?
grep -q '"version": "2.1.0"' check.sarif || fail "ismc check --format sarif"
# The example is clean as of its pinned date: a real build, no --draft. The
# HTML comes from the installed templates (share/ismc/templates beside the
# binary's prefix are found first; ISMC_TEMPLATES, which overrides, is unset).
"$ismc" build example-isms -o pack --as-of 2026-06-30 >build.out 2>&1 ||
	{ cat build.out >&2; fail "ismc build"; }
for f in soa.xml register.xml risks.xml evidence-pack.xml html/index.html; do
	[ -s "pack/$f" ] || fail "ismc build wrote no $f"
done
"$ismc" verify pack >verify.out 2>&1 || { cat verify.out >&2; fail "ismc verify"; }
# A prefix moved elsewhere still finds its templates.
mv "$prefix" "$tmp/moved"
"$tmp/moved/bin/ismc" build example-isms -o pack2 --as-of 2026-06-30 >build2.out 2>&1 ||
	{ cat build2.out >&2; fail "ismc build from a moved prefix"; }
cmp -s pack/html/index.html pack2/html/index.html || fail "a moved prefix renders another site"
echo "install-test: ismc $version installed into a temporary prefix works outside the source tree"
