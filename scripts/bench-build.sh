#!/bin/sh
# Benchmark of `ismc build` (and `ismc check`, `ismc check --rev HEAD`) on
# generated ISMSes whose documents, risks, assets and commits grow together,
# against cmark-gfm rendering the same Markdown to HTML in the same run, and
# check --rev against git reading the same tree.
#
# Usage: scripts/bench-build.sh [-n RUNS] [--seed S] [--keep DIR] [--no-build] [SIZE...]
#   SIZE        documents (= risks = assets = commits); default 1000 2500 5000 10000
#   -n RUNS     runs of each measure, the minimum CPU time is kept (default 3;
#               1 for a quick run)
#   --seed S    seed of the generator (default 1): the same seed and size give
#               byte-identical repositories
#   --keep DIR  generate into DIR/<size> and leave it there (default: a
#               temporary folder, removed afterwards)
#   --no-build  measure cmark-gfm, check and check --rev only
#   ISMC=path   the ismc to measure (default build/ismc)
#
# Each ISMS is a git repository whose top is the ISMS root: the minimal
# fixture, then one commit per document (about 10.5 KB of Markdown each:
# headings, paragraphs with references to documents, controls, risks and
# assets, relative links with and without fragments, a table, lists, task
# lists), every second commit also editing an earlier document (a new
# version), every 100th adding the next 100 risks and assets. It is written
# with `git fast-import`, then checked out.
#
# Measures are CPU seconds (user + system, of the process and its children)
# and peak resident memory, from /usr/bin/time. cmark-gfm (the Debian
# package) renders every Markdown file to HTML with the extensions ismc
# enables, the files handed over in as few processes as xargs allows (the
# render floor); it and the build run in turn, one run of each at a time,
# so that the ratio compares runs of the same minutes. git read is git's own reading of every blob of HEAD's tree,
# whole and by id, in tree order, as check --rev reads them: `git ls-tree -r
# HEAD | git cat-file --batch`; "read / git read" is what check --rev costs
# more than check (reading the files from git objects rather than the working
# tree) over git read's time. A failing build is reported with its exit
# status, time and memory, and the benchmark goes on. The growth exponent is
# the slope of log(time) (and log(memory)) over log(documents) from the
# previous size. "rebuild after one edit" is a build over the OUT of a
# build of the same ISMS after one document's text was edited and
# committed (a paragraph appended, a commit of its own, before each run,
# dated ten minutes after the one before it as the generated commits are):
# what the page cache takes from the earlier OUT (docs/output.md,
# "Rebuilding over an earlier OUT"); "rebuild / build" its CPU over the
# full build's, to a tenth of a percent (the issue's bound is 10%).
set -eu
cd "$(dirname "$0")/.."
runs=3 seed=1 keep="" build=1
while [ $# -gt 0 ]; do
  case $1 in
    -n) runs=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    -*) sed -n '2,16p' "$0" >&2; exit 2 ;;
    *) break ;;
  esac
done
sizes=${*:-1000 2500 5000 10000}
ismc=${ISMC:-build/ismc}
case $ismc in /*) ;; *) ismc=$(pwd)/$ismc ;; esac
fixture=$(pwd)/tests/fixtures/minimal
[ -x "$ismc" ] || { echo "bench-build: build ismc first (cmake --build build)" >&2; exit 2; }
for tool in git cmark-gfm /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 ||
    { echo "bench-build: needs $tool (scripts/deps.sh installs it)" >&2; exit 2; }
done

if [ -n "$keep" ]; then
  mkdir -p "$keep"
  work=$(cd "$keep" && pwd)
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/ismc-bench.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi

# Fixed identities and dates: the same seed gives the same commits.
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.org
export GIT_AUTHOR_DATE="1735689600 +0000" GIT_COMMITTER_DATE="1735689600 +0000"
export SOURCE_DATE_EPOCH=1767225600 LC_ALL=C

# generate N REPO: the repository of N documents
generate() {
  n=$1 repo=$2
  rm -rf "$repo"
  git init -q -b main "$repo"
  cp -R "$fixture/." "$repo/"
  git -C "$repo" add -A
  git -C "$repo" commit -q -m "The minimal ISMS"
  awk -v N="$n" -v SEED="$seed" '
  # Park-Miller: exact in double precision, so mawk and gawk agree
  function rnd(k) { S = (S * 48271) % 2147483647; return int(S / 2147483647 * k) }
  function seeded(a, b) { S = (SEED * 7919 + a * 104729 + b * 1299709) % 2147483647 + 1; rnd(2); rnd(2) }
  function word() { return W[rnd(NW)] }
  function did(k) { return sprintf("DOC-%05d", k) }
  function rel(k) { return sprintf("../area-%02d/d%05d.md", k % 50, k) }
  function ctl(k) { return k < 37 ? "A.5." (k + 1) : k < 45 ? "A.6." (k - 36) : k < 59 ? "A.7." (k - 44) : "A.8." (k - 58) }
  function sentence(   s, w, m, j, r, k) {
    w = word(); s = toupper(substr(w, 1, 1)) substr(w, 2)
    m = 9 + rnd(10)
    for (j = 1; j < m; j++) {
      r = rnd(48)
      if (r == 0) s = s " [" did(1 + rnd(N)) "]"
      else if (r == 1) s = s " [" ctl(rnd(93)) "]"
      else if (r == 2) s = s sprintf(" [R-%05d]", 1 + rnd(N))
      else if (r == 3) s = s sprintf(" [AS-%05d]", 1 + rnd(N))
      else if (r == 4) { k = 1 + rnd(N); s = s " [the " word() " procedure](" rel(k) ")" }
      else if (r == 5) { k = 1 + rnd(N); s = s " [its purpose](" rel(k) "#purpose)" }
      else if (r == 6) s = s " **" word() "**"
      else if (r == 7) s = s " `" word() "`"
      else if (r == 8) s = s " *" word() "*"
      else s = s " " word()
    }
    return s "."
  }
  function para(k,   s, j) { s = sentence(); for (j = 1; j < k; j++) s = s " " sentence(); return s "\n\n" }
  function doc(i, rev,   s, t, k, j, c1, c2) {
    seeded(i, 0)
    t = word(); t = toupper(substr(t, 1, 1)) substr(t, 2) " " word() " procedure " i
    c1 = rnd(93); c2 = (c1 + 1 + rnd(92)) % 93
    s = sprintf("---\nid: %s\ntitle: %s\ntype: procedure\nowner: CISO\nversion: \"1.%d\"\n", did(i), t, rev)
    s = s "status: approved\napproved_by: CEO\napproved_on: 2026-01-15\nclauses: [8.1]\n"
    s = s sprintf("controls: [%s, %s]\nrelated: [%s, R-%05d, AS-%05d]\n---\n", ctl(c1), ctl(c2), did(1 + rnd(N)), 1 + rnd(N), 1 + rnd(N))
    s = s "# " t "\n\n## Purpose\n\n" para(4) "## Scope\n\n" para(3)
    s = s "It applies within [the ISMS scope](../../scope.md) and [its review](../../records/review.md#findings).\n\n"
    s = s "## Procedure\n\n"
    for (k = 1; k <= 6; k++) {
      s = s "### Step " k "\n\n" para(4)
      s = s "- " sentence() "\n- " sentence() "\n- " sentence() "\n\n"
    }
    s = s "See [step 2](#step-2) and [the records](#records).\n\n"
    s = s "| Step | Owner | Action | Evidence |\n|---|---|---|---|\n"
    for (k = 1; k <= 10; k++)
      s = s sprintf("| %d | %s | %s | [%s](%s#step-%d) |\n", k, word(), sentence(), did(1 + (i + k) % N), rel(1 + (i + k) % N), 1 + k % 6)
    s = s "\n## Records\n\n- [ ] " sentence() "\n- [x] " sentence() "\n- [ ] " sentence() "\n\n"
    s = s "## References\n\n"
    for (k = 1; k <= 5; k++) { j = 1 + rnd(N); s = s "- [" did(j) "](" rel(j) "#scope): " sentence() "\n" }
    seeded(i, rev)
    if (rev > 0) s = s "\n## Changes\n\n" para(2)
    return s
  }
  function put(p, s) { printf "M 100644 inline %s\ndata %d\n%s\n", p, length(s), s }
  function commit(msg) {
    printf "commit refs/heads/main\ncommitter Bench <bench@example.org> %d +0000\n", 1735689600 + C * 600
    printf "data %d\n%s\n", length(msg), msg
    if (C++ == 0) print "from refs/heads/main^0"
  }
  function registers(lo, hi,   r, a, i, c1) {
    r = "risks:\n"; a = "assets:\n"
    for (i = lo; i <= hi; i++) {
      seeded(i, 7); c1 = rnd(93)
      r = r sprintf("  - id: R-%05d\n    title: %s %s risk %d\n    owner: CTO\n    assets: [AS-%05d]\n", i, word(), word(), i, i)
      r = r sprintf("    likelihood: %d\n    impact: %d\n    treatment: mitigate\n    controls: [%s, %s]\n", 1 + rnd(5), 1 + rnd(5), ctl(c1), ctl((c1 + 1 + rnd(92)) % 93))
      r = r "    residual: {likelihood: 1, impact: 1}\n"
      a = a sprintf("  - id: AS-%05d\n    name: %s %s %d\n    type: information\n    owner: CTO\n    classification: internal\n", i, word(), word(), i)
    }
    put(sprintf("registers/risks-%05d.yml", hi), r)
    put(sprintf("registers/assets-%05d.yml", hi), a)
  }
  BEGIN {
    NW = split("access account approval asset audit backup change classification " \
      "configuration contract control data device encryption evidence incident " \
      "information key log management monitoring network owner password patch " \
      "policy privilege process record recovery register release retention review " \
      "risk role schedule secret service storage supplier system test threat " \
      "training update user vendor vulnerability weekly monthly quarterly annual " \
      "approved documented responsible critical internal external secure", W0, " ")
    for (i = 1; i <= NW; i++) W[i - 1] = W0[i]
    lo = 1
    for (c = 1; c <= N; c++) {
      commit("Add " did(c))
      put(sprintf("docs/area-%02d/d%05d.md", c % 50, c), doc(c, 0))
      if (c > 2 && c % 2 == 0) {
        seeded(c, 1); j = 1 + rnd(c - 1)
        rev[j]++
        put(sprintf("docs/area-%02d/d%05d.md", j % 50, j), doc(j, rev[j]))
      }
      if (c % 100 == 0 || c == N) { registers(lo, c); lo = c + 1 }
      print ""
    }
  }' | git -C "$repo" fast-import --quiet
  git -C "$repo" reset -q --hard main
}

# measure OUTFILE CMD...: run CMD $each times, folding each run into
# OUTFILE's "cpu kib status" (the least CPU, the most memory, the first
# failing status or 0), which it starts from when it exists. A command that
# failed is not run again.
measure() {
  out=$1; shift
  best="" mem=0 st=0
  [ -f "$out" ] && read -r best mem st <"$out"
  [ "$st" -eq 0 ] || return 0
  i=0
  while [ "$i" -lt "$each" ]; do
    i=$((i + 1))
    [ -n "${pre:-}" ] && eval "$pre"
    set +e
    /usr/bin/time -f '%U %S %M' -o "$work/time" "$@" >"$work/stdout" 2>"$work/stderr"
    rc=$?
    set -e
    line=$(tail -n 1 "$work/time")
    cpu=$(echo "$line" | awk '{ printf "%.2f", $1 + $2 }')
    kib=$(echo "$line" | awk '{ print $3 }')
    best=$(awk -v x="$cpu" -v y="$best" 'BEGIN { print (y == "" || x + 0 < y + 0) ? x : y }')
    [ "$kib" -gt "$mem" ] && mem=$kib
    if [ "$rc" -ne 0 ]; then
      st=$rc
      tail -n 3 "$work/stderr" | sed 's/^/    | /' >&2
      break
    fi
  done
  echo "$best $mem $st" >"$out"
}

mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f", a / b; else printf "-" }'; }
slope() { # slope N0 N1 V0 V1: log-log slope, or - without a previous size
  awk -v n0="$1" -v n1="$2" -v a="$3" -v b="$4" 'BEGIN {
    if (n0 == "" || a <= 0 || b <= 0 || n0 == n1) printf "-"
    else printf "%.2f", log(b / a) / log(n1 / n0) }'
}
# cell CPU KIB STATUS: "12.3 s, 456 MB", or the failure
cell() {
  if [ "$3" -eq 0 ]; then printf '%s s, %s MB' "$1" "$(mb "$2")"
  elif [ "$3" -lt 0 ]; then printf 'not run'
  else printf 'fails (exit %s) after %s s, %s MB' "$3" "$1" "$(mb "$2")"; fi
}

echo "ismc bench-build: seed $seed, min of $runs run(s), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $("$ismc" --version 2>/dev/null | head -n 1)"
echo
echo "| documents | Markdown | cmark-gfm | build | build / cmark-gfm | growth (time, memory) | check | check --rev HEAD | git read | read / git read | rebuild after one edit | rebuild / build |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
prev_n="" prev_t="" prev_m=""
for n in $sizes; do
  repo=$work/$n
  generate "$n" "$repo" >&2
  bytes=$(find "$repo" -name '*.md' -type f -exec cat {} + | wc -c)
  rm -f "$work"/m.*
  # cmark-gfm and the build in turn, one run of each at a time: the ratio
  # compares runs of the same minutes (this machine's speed drifts by 10 to
  # 30% within minutes; docs/performance.md)
  each=1 round=0
  while [ "$round" -lt "$runs" ]; do
    round=$((round + 1))
    pre=""
    measure "$work/m.cmark" sh -c "cd '$repo' && find . -name '*.md' -type f -print0 | sort -z |
      xargs -0 cmark-gfm -e table -e strikethrough -e autolink -e tasklist -e tagfilter >/dev/null"
    pre="rm -rf '$work/out'"
    if [ "$build" = 1 ]; then
      measure "$work/m.build" "$ismc" build "$repo" -o "$work/out" --as-of 2026-06-30
    else
      echo "0 0 -1" >"$work/m.build"
    fi
  done
  each=$runs
  rm -rf "$work/out"
  pre=""
  measure "$work/m.check" "$ismc" check "$repo" --as-of 2026-06-30
  measure "$work/m.rev" "$ismc" check "$repo" --rev HEAD --as-of 2026-06-30
  measure "$work/m.git" sh -c "cd '$repo' && git ls-tree -r --object-only HEAD |
    git cat-file --batch --buffer >/dev/null"
  if [ "$build" = 1 ]; then
    rm -rf "$work/out"
    "$ismc" build "$repo" -o "$work/out" --as-of 2026-06-30 >/dev/null 2>&1 || true
    edited=$(cd "$repo" && find docs -name '*.md' -type f | sort | head -n 1)
    # the edit's commit ten minutes after HEAD, as the generated ones are
    # (the fixed date above would put it before the history)
    pre="printf '\nA paragraph added to measure a rebuild.\n' >>'$repo/$edited' &&
      at=\$((\$(git -C '$repo' log -1 --format=%ct) + 600)) &&
      GIT_AUTHOR_DATE=\"\$at +0000\" GIT_COMMITTER_DATE=\"\$at +0000\" \
      git -C '$repo' -c user.name=bench -c user.email=bench@example.org commit -qam 'One edit'"
    measure "$work/m.rebuild" "$ismc" build "$repo" -o "$work/out" --as-of 2026-06-30
    pre=""
    rm -rf "$work/out"
  else
    echo "0 0 -1" >"$work/m.rebuild"
  fi
  read -r c_t c_m c_s <"$work/m.cmark"
  read -r b_t b_m b_s <"$work/m.build"
  read -r k_t k_m k_s <"$work/m.check"
  read -r r_t r_m r_s <"$work/m.rev"
  read -r g_t g_m g_s <"$work/m.git"
  read -r e_t e_m e_s <"$work/m.rebuild"
  if [ "$b_s" -eq 0 ]; then
    rat="$(ratio "$b_t" "$c_t")×"
    growth="$(slope "$prev_n" "$n" "$prev_t" "$b_t"), $(slope "$prev_n" "$n" "$prev_m" "$b_m")"
  else
    rat="-" growth="-"
  fi
  printf '| %s | %s MB | %s s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" \
    "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')" "$c_t" \
    "$(cell "$b_t" "$b_m" "$b_s")" "$rat" "$growth" \
    "$(cell "$k_t" "$k_m" "$k_s")" "$(cell "$r_t" "$r_m" "$r_s")" \
    "$(cell "$g_t" "$g_m" "$g_s")" \
    "$(awk -v r="$r_t" -v k="$k_t" -v g="$g_t" 'BEGIN { if (g > 0) printf "%.2f", (r - k) / g; else printf "-" }')" \
    "$(cell "$e_t" "$e_m" "$e_s")" \
    "$(awk -v e="$e_t" -v b="$b_t" -v es="$e_s" -v bs="$b_s" 'BEGIN { if (es == 0 && bs == 0 && b > 0) printf "%.1f%%", 100 * e / b; else printf "-" }')"
  if [ "$b_s" -eq 0 ]; then prev_n=$n prev_t=$b_t prev_m=$b_m; fi
  [ -n "$keep" ] || rm -rf "$repo"
done
