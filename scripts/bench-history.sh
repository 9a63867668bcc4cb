#!/bin/sh
# Benchmarks the one-walk document history (git.c) on a generated repository
# and compares it with git itself over the same history, in the same run.
#
# Usage: scripts/bench-history.sh [--docs N] [--commits M] [--full] [--keep DIR]
#                                 [--build-dir DIR]
#   --docs N, --commits M  size of the generated history (default 2000 x 2000)
#   --full                 10000 documents x 10000 commits
#   --keep DIR             generate into DIR and leave it there (default: a
#                          temporary folder, removed afterwards)
#   --build-dir DIR        where ismc and libismccore.a are built (default build)
#
# The repository: an ISMS root in the subfolder isms/ with N documents in 100
# folders; commit 1 adds them all, then each commit edits three documents,
# every 5th commit touches only app/ (outside the root) and every 97th also
# renames a document with an edit (a similar rename). It is written with
# `git fast-import` (git is needed here, never by ismc).
#
# Prints the time of the history walk (bench/history.c calling
# ismc_git_history), of `ismc check isms --rev HEAD` (reads and checks every
# document from the commit), and of the baseline `git log --name-status -M
# HEAD -- isms` (git's own walk with tree diffs and rename detection limited
# to the root), with the ratio walk / baseline.
set -eu
cd "$(dirname "$0")/.."
docs=2000 commits=2000 keep="" bdir=build
while [ $# -gt 0 ]; do
  case $1 in
    --docs) docs=$2; shift 2 ;;
    --commits) commits=$2; shift 2 ;;
    --full) docs=10000 commits=10000; shift ;;
    --keep) keep=$2; shift 2 ;;
    --build-dir) bdir=$2; shift 2 ;;
    *) sed -n '2,13p' "$0" >&2; exit 2 ;;
  esac
done
command -v git >/dev/null || { echo "bench-history: needs git for the repository and the baseline" >&2; exit 2; }
[ -x "$bdir/ismc" ] && [ -f "$bdir/libismccore.a" ] ||
  { echo "bench-history: build ismc first (cmake --build $bdir)" >&2; exit 2; }

if [ -n "$keep" ]; then
  work=$keep
  rm -rf "$work"
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/ismc-bench.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi

cc -O2 -Icompiler bench/history.c "$bdir/libismccore.a" -lcmark-gfm-extensions \
  $(pkg-config --libs libcmark-gfm yaml-0.1 libgit2 libxml-2.0 libxslt libexslt jansson) \
  -o "$work/history"

now() { date +%s.%N; }
secs() { echo "$1 $2" | awk '{ printf "%.3f", $2 - $1 }'; }

echo "generating $docs documents x $commits commits in $work/repo"
t0=$(now)
git init -q "$work/repo"
LC_ALL=C awk -v N="$docs" -v M="$commits" '
function doc(i, c) {
  return sprintf("---\nid: DOC-%05d\ntitle: Document %d\ntype: procedure\nowner: CISO\n" \
                 "version: \"1.%d\"\nstatus: draft\n---\n# Document %d\n\nRevision %d.\n",
                 i, i, c, i, c)
}
function put(p, s) { printf "M 100644 inline %s\ndata %d\n%s\n", p, length(s), s }
BEGIN {
  for (c = 1; c <= M; c++) {
    print "commit refs/heads/main"
    printf "committer Bench <bench@example.org> %d +0000\n", 1700000000 + c * 60
    msg = "commit " c
    printf "data %d\n%s\n", length(msg), msg
    if (c == 1) {
      put("isms/isms.yml", "organisation: Bench Ltd\nstandard: iso27001:2022\nscope: DOC-00000\n")
      put("app/main.c", "int main(void) { return 0; }\n")
      for (i = 0; i < N; i++) {
        path[i] = sprintf("isms/area-%02d/doc-%05d.md", i % 100, i)
        put(path[i], doc(i, c))
      }
    } else if (c % 5 == 0) {
      put("app/main.c", "int main(void) { return " c "; }\n")
    } else {
      for (k = 0; k < 3; k++) {
        i = (c * 7919 + k * 104729) % N
        put(path[i], doc(i, c))
      }
      if (c % 97 == 0) {
        i = (c * 31) % N
        old = path[i]
        path[i] = sprintf("isms/area-%02d/doc-%05d-r%d.md", i % 100, i, c)
        print "R " old " " path[i]
        put(path[i], doc(i, c) "Renamed.\n")
      }
    }
    print ""
  }
}' | git -C "$work/repo" fast-import --quiet
git -C "$work/repo" symbolic-ref HEAD refs/heads/main
mkdir -p "$work/repo/isms" # ismc only needs the folder; every file comes from HEAD
echo "  $(secs "$t0" "$(now)") s"

t0=$(now)
git -C "$work/repo" log --name-status -M --format=%H HEAD -- isms >/dev/null
base=$(secs "$t0" "$(now)")

t0=$(now)
walk=$("$work/history" "$work/repo/isms" HEAD)
hist=$(secs "$t0" "$(now)")

t0=$(now)
"$bdir/ismc" check "$work/repo/isms" --rev HEAD --as-of 2026-06-30 >/dev/null 2>&1 || true
check=$(secs "$t0" "$(now)")

echo "history walk (ismc_git_history):          ${hist} s  (${walk})"
echo "ismc check isms --rev HEAD:               ${check} s"
echo "baseline git log --name-status -M -- isms: ${base} s"
echo "ratio history walk / baseline:            $(echo "$hist $base" | awk '{ printf "%.2f", $1 / ($2 > 0 ? $2 : 0.001) }')"
