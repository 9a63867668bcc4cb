#!/bin/sh
# Benchmark of `ismc check` on a generated large ISMS, against baselines
# measured in the same run on the same files:
#   cat       reading every file once (the I/O floor)
#   cmark-gfm parsing every Markdown file with the same extensions (the parse
#             floor; from the Debian package cmark-gfm, installed if missing)
# Prints seconds, the ratios and ismc's peak memory, then the time of one
# `ismc build` (XML and HTML) of the same ISMS.
# Usage: scripts/bench-check.sh [DOCUMENTS] [RISKS]    (default 10000 1000)
#        KEEP=1 scripts/bench-check.sh ...               keeps the generated ISMS
set -eu
cd "$(dirname "$0")/.."
ndocs=${1:-10000}
nrisks=${2:-1000}
ismc=${ISMC:-build/ismc}
[ -x "$ismc" ] || { echo "build ismc first (scripts/build-example.sh)" >&2; exit 2; }
if ! command -v cmark-gfm >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -q cmark-gfm >/dev/null 2>&1 || true
fi
root=$(mktemp -d "${TMPDIR:-/tmp}/ismc-bench.XXXXXX")
# KEEP=1 keeps the generated ISMS for profiling (its path is printed)
if [ "${KEEP:-0}" = 1 ]; then echo "generated ISMS kept in $root"; else trap 'rm -rf "$root"' EXIT; fi

# The generated ISMS: the minimal fixture, plus documents that reference each
# other, risks and assets, with a table and a link each.
cp -R tests/fixtures/minimal/. "$root/"
awk -v n="$ndocs" -v r="$nrisks" -v root="$root" 'BEGIN {
  system("mkdir -p " root "/docs " root "/registers")
  for (i = 1; i <= n; i++) {
    f = sprintf("%s/docs/d%05d.md", root, i)
    printf "---\nid: DOC-%05d\ntitle: Procedure %d\ntype: procedure\nowner: CISO\nversion: \"1.%d\"\n", i, i, i % 10 > f
    printf "status: approved\napproved_by: CEO\napproved_on: 2026-01-15\nclauses: [8.1]\n" > f
    printf "controls: [A.8.%d]\nrelated: [DOC-%05d, R-%04d]\n---\n", 1 + i % 34, 1 + (i % n), 1 + (i % r) > f
    printf "# Procedure %d\n\n## Purpose\n\nThis procedure implements [A.8.%d] for [AS-%04d] and follows [DOC-%05d].\n", i, 1 + i % 34, 1 + (i % r), 1 + ((i + 7) % n) > f
    printf "See [the purpose](#purpose) and [the scope](../scope.md).\n\n| Step | Who | What |\n|---|---|---|\n" > f
    for (k = 1; k <= 8; k++) printf "| %d | Engineer | Do step %d of the work, `carefully`, and record it in [DOC-%05d]. |\n", k, k, 1 + ((i + k) % n) > f
    printf "\n## Records\n\n- [ ] keep the log\n- [x] review it monthly\n" > f
    close(f)
  }
  f = root "/registers/more-risks.yml"; print "risks:" > f
  for (i = 2; i <= r; i++)
    printf "  - id: R-%04d\n    title: Risk %d\n    owner: CTO\n    assets: [AS-%04d]\n    likelihood: %d\n    impact: %d\n    treatment: mitigate\n    controls: [A.8.%d]\n    residual: {likelihood: 1, impact: 2}\n", i, i, i, 1 + i % 5, 1 + (i * 3) % 5, 1 + i % 34 > f
  close(f)
  f = root "/registers/more-assets.yml"; print "assets:" > f
  for (i = 1; i <= r; i++)
    printf "  - id: AS-%04d\n    name: Asset %d\n    type: information\n    owner: CTO\n    classification: internal\n", i, i > f
  close(f)
}'
sed -i 's/^  - id: AS-001$/  - id: AS-0000/' "$root/registers/assets.yml"
sed -i 's/AS-001\]/AS-0000]/' "$root/registers/risks.yml"
sed -i 's/^  - id: R-001$/  - id: R-0001/' "$root/registers/risks.yml"

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l 2>/dev/null || awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", b - a}'; }
best() { # best of 3 runs of "$@", in seconds
  b=""
  for _ in 1 2 3; do
    t0=$(now); "$@" >/dev/null 2>&1 || true; t1=$(now)
    t=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b - a}')
    b=$(awk -v x="$t" -v y="$b" 'BEGIN{ if (y == "" || x < y) print x; else print y }')
  done
  echo "$b"
}
files=$(find "$root" -type f | wc -l)
bytes=$(find "$root" -type f -exec cat {} + | wc -c)
echo "ISMS: $ndocs documents, $nrisks risks, $nrisks assets; $files files, $bytes bytes"

t_cat=$(best sh -c "find '$root' -type f -exec cat {} + > /dev/null")
t_ismc=$(best "$ismc" check "$root" --as-of 2026-06-30)
echo "cat (I/O floor)        ${t_cat} s"
if command -v cmark-gfm >/dev/null 2>&1; then
  t_cmark=$(best sh -c "find '$root' -name '*.md' -exec cmark-gfm -e table -e strikethrough -e autolink -e tasklist {} + > /dev/null")
  echo "cmark-gfm (parse floor) ${t_cmark} s"
fi
echo "ismc check             ${t_ismc} s"
awk -v a="$t_ismc" -v b="$t_cat" 'BEGIN{ if (b > 0) printf "ratio ismc/cat          %.1f\n", a / b }'
[ -n "${t_cmark:-}" ] && awk -v a="$t_ismc" -v b="$t_cmark" 'BEGIN{ if (b > 0) printf "ratio ismc/cmark-gfm    %.2f\n", a / b }'
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "ismc peak memory       %M KiB" "$ismc" check "$root" --as-of 2026-06-30 2>&1 >/dev/null | tail -1
fi
"$ismc" check "$root" --as-of 2026-06-30 | tail -1
t0=$(now); "$ismc" build "$root" -o "$root.out" --as-of 2026-06-30 >/dev/null 2>&1; t1=$(now)
echo "ismc build (one run)   $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b - a}') s   (XML, then the HTML site: $(ls "$root.out/html/documents" | wc -l) document pages)"
rm -rf "$root.out"
