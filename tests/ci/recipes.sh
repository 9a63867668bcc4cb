#!/bin/sh
# The CI recipes (issue 10, item 9): action.yml and docs/ci/ parse as YAML,
# upload SARIF with upload-sarif@v4, use no ${{ runner.temp }} in container
# jobs (the host's path there), and the composite action's check step, run
# as GitHub runs it (bash, its inputs as environment), passes ismc's exit
# status through and records it as the step's output.
# Usage: recipes.sh ISMC SOURCE_DIR FIXTURES
set -eu
ismc=$1 src=$2 fixtures=$3
case $ismc in /*) ;; *) ismc=$(pwd)/$ismc ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ismc-ci.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

/usr/bin/python3 - "$src" "$tmp" <<'PY'
import glob, os, sys, yaml
src, tmp = sys.argv[1], sys.argv[2]
files = [os.path.join(src, "action.yml")] + sorted(
    glob.glob(os.path.join(src, "docs/ci/**/*.yml"), recursive=True))
bad = []
for f in files:
    text = open(f).read()
    doc = yaml.safe_load(text)  # a syntax error fails the test here
    rel = os.path.relpath(f, src)
    if "upload-sarif@" in text and "upload-sarif@v4" not in text:
        bad.append(f"{rel}: upload-sarif is not @v4")
    if "upload-sarif@v3" in text:
        bad.append(f"{rel}: upload-sarif@v3 (deprecated)")
    for name, job in (doc.get("jobs") or {}).items() if isinstance(doc, dict) else []:
        if isinstance(job, dict) and "container" in job and "runner.temp" in yaml.safe_dump(job):
            bad.append(f"{rel}: job {name} runs in a container but uses runner.temp")
action = yaml.safe_load(open(files[0]))
if action["runs"]["using"] != "composite":
    bad.append("action.yml: not a composite action")
for i in ("root", "format", "args", "output"):
    if i not in action["inputs"]:
        bad.append(f"action.yml: no input {i}")
steps = [s for s in action["runs"]["steps"] if s.get("id") == "check"]
if len(steps) != 1 or steps[0].get("shell") != "bash":
    bad.append("action.yml: no bash step with id check")
else:
    open(os.path.join(tmp, "check-step.sh"), "w").write(steps[0]["run"])
if bad:
    print("\n".join(bad))
    sys.exit(1)
PY

# the check step as the runner runs it: `bash -e` over the script, the
# inputs in the environment, ismc on PATH
mkdir -p "$tmp/bin"
ln -s "$ismc" "$tmp/bin/ismc"
cp -R "$fixtures/minimal" "$tmp/clean"
cp -R "$fixtures/minimal" "$tmp/broken"
printf '\nSee [the plan](plans/gone.md).\n' >> "$tmp/broken/scope.md"
step() { # step ROOT FORMAT OUTPUT: exit status in $rc, the log in $tmp/log
	: > "$tmp/gh-output"
	set +e
	(cd "$tmp" && PATH="$tmp/bin:$PATH" ROOT=$1 FORMAT=$2 ARGS="--as-of 2026-06-30" OUTPUT=$3 \
	  GITHUB_OUTPUT="$tmp/gh-output" bash -e "$tmp/check-step.sh") > "$tmp/log" 2>&1
	rc=$?
	set -e
}
step clean github ""
[ $rc = 0 ] && grep -qx 'exit-status=0' "$tmp/gh-output" || { cat "$tmp/log"; fail "a clean ISMS: step exits $rc"; }
step broken github ""
[ $rc = 1 ] && grep -qx 'exit-status=1' "$tmp/gh-output" || { cat "$tmp/log"; fail "errors: step exits $rc"; }
grep -q '^::error file=broken/scope.md,line=' "$tmp/log" || { cat "$tmp/log"; fail "annotations name the file from the workspace"; }
step broken sarif ismc.sarif
[ $rc = 1 ] && grep -qx 'exit-status=1' "$tmp/gh-output" || fail "sarif to a file: step exits $rc"
grep -q '"ruleId": "broken-link"' "$tmp/ismc.sarif" || fail "the SARIF file holds the finding"
echo "recipes: ok"
