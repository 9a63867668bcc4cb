#!/bin/sh
# Coverage-guided fuzzing of ismc with libFuzzer (docs/hacking.md, "Fuzzing").
# Usage: scripts/fuzz.sh [TARGET|all] [SECONDS]
#   TARGET   document, register, config, manifest, body, body_html, pagecache or html_save
#            (default: all, one after the other)
#   SECONDS  how long each target runs (default 60)
# Builds build-fuzz/ with clang (-DISMC_FUZZ=ON: libFuzzer, ASan, UBSan) and
# runs each target on its committed corpus (tests/fuzz/corpus/TARGET), the
# fixed findings (tests/fuzz/regress/TARGET), seeds from example-isms/ and
# the golden cases, and what earlier runs found (build-fuzz/corpus/TARGET).
# Prints per target the executions, exec/s, edges covered (cov), features
# (ft), corpus size and findings.
# Findings (crash-*, leak-*, timeout-*, oom-*) land in build-fuzz/findings/
# TARGET/ (emptied when the target starts) and make the exit status 1; slow
# units (over 5 s) are listed too.
# Environment:
#   MERGE=1    after the run, minimise the committed corpus with what the run
#              found (libFuzzer -merge=1) and replace tests/fuzz/corpus/TARGET
#   KEEP_GOING=1  go on after a finding (libFuzzer's fork mode, one job, with
#              -ignore_crashes, -ignore_timeouts, -ignore_ooms), to collect
#              several findings in one run
#   FUZZ_ARGS  more libFuzzer options, e.g. FUZZ_ARGS=-use_value_profile=1
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)
targets="document register config manifest body body_html pagecache html_save"
target=${1:-all}
seconds=${2:-60}
case $target in
all) ;;
document | register | config | manifest | body | body_html | pagecache | html_save) targets=$target ;;
*)
	echo "usage: scripts/fuzz.sh [document|register|config|manifest|body|body_html|pagecache|html_save|all] [SECONDS]" >&2
	exit 2
	;;
esac
case $seconds in
'' | *[!0-9]*)
	echo "fuzz.sh: SECONDS must be a whole number" >&2
	exit 2
	;;
esac

scripts/deps.sh
out=$src/build-fuzz
CC=clang cmake -S . -B "$out" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DISMC_FUZZ=ON \
	-DISMC_TESTS=OFF >/dev/null
cmake --build "$out" -j"$(nproc 2>/dev/null || echo 2)" >/dev/null

# The outputs of every input go to a tmpfs folder of this run (the harness
# makes one folder per process below it), removed at the end.
tmpbase=/tmp
[ -d /dev/shm ] && [ -w /dev/shm ] && tmpbase=/dev/shm
ISMC_FUZZ_TMP=$(mktemp -d "$tmpbase/ismc-fuzz-run.XXXXXX")
export ISMC_FUZZ_TMP
trap 'rm -rf "$ISMC_FUZZ_TMP"' EXIT
# A small quarantine: the same use-after-free detection within one input,
# at a fraction of the page faults of the default 256 MB.
export ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=32:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

# seeds TARGET DIR: the target's files of example-isms/, the fixtures and the
# golden cases, one file each (bodies without their front matter).
seeds() {
	rm -rf "$2"
	mkdir -p "$2"
	case $1 in
	document | body | body_html) pat='*.md' ;;
	register) pat='*.y*ml' ;;
	config) pat='isms.yml' ;;
	manifest | pagecache | html_save) return 0 ;; # the committed corpus has them
	esac
	n=0
	find example-isms tests/fixtures tests/cases tests/body -type f -name "$pat" | sort |
		while IFS= read -r f; do
			n=$((n + 1))
			case $1 in
			register) [ "$(basename "$f")" = isms.yml ] && continue ;;
			esac
			if [ "$1" = body ] || [ "$1" = body_html ]; then
				# what follows the closing --- of the front matter, if any
				awk 'NR == 1 && $0 == "---" { fm = 1; next }
				     fm && ($0 == "---" || $0 == "...") { fm = 0; next }
				     !fm' "$f" >"$2/seed-$n"
			else
				cp "$f" "$2/seed-$n"
			fi
		done
}

# The dictionary of a target: the parts of tests/fuzz/dict/ it reads.
dict() {
	case $1 in
	document) parts="yaml markdown ismc" ;;
	register | config) parts="yaml ismc" ;;
	body | body_html) parts="markdown ismc" ;;
	manifest) parts="xml" ;;
	pagecache) parts="pagecache" ;;
	html_save) parts="" ;; # its input is a program of bytes, not text
	esac
	for p in $parts; do cat "tests/fuzz/dict/$p.dict"; done
}

# Inputs up to these sizes from the start (-len_control=0): an input costs
# the whole compile, whatever its length, so short ones are not cheaper.
max_len() {
	case $1 in
	register) echo 32768 ;; # the example's controls register is 25 KB
	config | html_save) echo 4096 ;;
	*) echo 8192 ;;
	esac
}

keep=""
[ "${KEEP_GOING:-0}" = 1 ] && keep="-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"
status=0
summary=""
for t in $targets; do
	work=$out/corpus/$t findings=$out/findings/$t log=$out/fuzz-$t.log
	rm -rf "$findings" # this run's findings only; keep a reproducer elsewhere
	mkdir -p "$work" "$findings" "$out/seeds" "$out/dict"
	seeds "$t" "$out/seeds/$t"
	dict "$t" >"$out/dict/$t.dict"
	echo "fuzz.sh: $t for ${seconds}s (log: $log)"
	set +e
	dictarg="" # libFuzzer refuses an empty dictionary
	[ -s "$out/dict/$t.dict" ] && dictarg="-dict=$out/dict/$t.dict"
	regress=""
	[ -d "tests/fuzz/regress/$t" ] && regress="tests/fuzz/regress/$t"
	# shellcheck disable=SC2086 # $dictarg, $regress, $keep and FUZZ_ARGS are word lists on purpose
	"$out/tests/fuzz/fuzz_$t" "$work" "tests/fuzz/corpus/$t" "$out/seeds/$t" $regress \
		$dictarg -max_len="$(max_len "$t")" -len_control=0 -timeout=25 \
		-report_slow_units=5 -max_total_time="$seconds" -print_final_stats=1 \
		-artifact_prefix="$findings/" $keep ${FUZZ_ARGS:-} >"$log" 2>&1
	rc=$?
	set -e
	# the last status line: "#N DONE cov: C ft: F corp: U/SIZE lim: L exec/s: E ...",
	# in fork mode "#N: cov: C ft: F corp: U exec/s E oom/timeout/crash: ..."
	line=$(grep -E '^#[0-9]+(:|[[:space:]]+(DONE|NEW|REDUCE|pulse|INITED))' "$log" | tail -n 1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	[ -n "$execs" ] || execs=$(echo "$line" | sed -n 's/^#\([0-9]*\).*/\1/p')
	[ -n "$speed" ] || speed=$(echo "$line" | sed -n 's/.* exec\/s:\{0,1\} \([0-9]*\).*/\1/p')
	cov=$(echo "$line" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$line" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$line" | sed -n 's/.* corp: \([^ ]*\).*/\1/p')
	found=$(find "$findings" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
		-o -name 'oom-*' \) | sort)
	slow=$(find "$findings" -type f -name 'slow-unit-*' | sort)
	if [ "${MERGE:-0}" = 1 ]; then
		# the smallest set of committed, found and seed inputs with all their
		# features (a crashing input is never in a corpus: libFuzzer keeps it apart)
		new=$out/merge-$t
		rm -rf "$new"
		mkdir -p "$new"
		if "$out/tests/fuzz/fuzz_$t" -merge=1 -max_len="$(max_len "$t")" -timeout=25 "$new" \
			"tests/fuzz/corpus/$t" "$work" "$out/seeds/$t" >"$out/merge-$t.log" 2>&1 &&
			[ -n "$(find "$new" -type f)" ]; then
			rm -rf "tests/fuzz/corpus/$t"
			mv "$new" "tests/fuzz/corpus/$t"
			echo "fuzz.sh: $t: tests/fuzz/corpus/$t now holds $(find "tests/fuzz/corpus/$t" -type f | wc -l) inputs"
		else
			echo "fuzz.sh: $t: the merge failed, tests/fuzz/corpus/$t unchanged (see $out/merge-$t.log)"
			status=1
		fi
	fi
	res="$t: ${execs:-?} execs (${speed:-?}/s), cov ${cov:-?} edges, ft ${ft:-?}, corpus ${corp:-?}"
	if [ -n "$found" ]; then
		res="$res, FINDINGS:$(echo "$found" | sed 's/^/ /' | tr -d '\n')"
		status=1
	elif [ "$rc" -ne 0 ]; then
		res="$res, libFuzzer exited $rc (see $log)"
		status=1
	else
		res="$res, no finding"
	fi
	[ -n "$slow" ] && res="$res; slow units:$(echo "$slow" | sed 's/^/ /' | tr -d '\n')"
	summary="$summary$res
"
done
printf '%s' "$summary"
exit $status
