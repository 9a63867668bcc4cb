#!/bin/sh
# Builds one site with ismc and runs axe.js over every page of it.
# Usage: site.sh ISMC MODULES WORK SOURCE [ismc build options...]
#   ISMC     the ismc binary
#   MODULES  the node_modules folder tests/npm-ci.sh filled
#   WORK     a scratch folder of this test (emptied first)
#   SOURCE   an ISMS root, or a golden case (tests/cases/<case>/: its isms/
#            laid over its base fixture as run-case.sh does)
# A build with --draft may exit 1 (the ISMS has errors) and still writes
# its pack; any other failure to build fails the test.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ismc=$1 modules=$2 work=$3 source=$4
shift 4
rm -rf "$work"
mkdir -p "$work"
root=$source
if [ -d "$source/isms" ] && [ ! -f "$source/isms.yml" ]; then
	root="$work/isms"
	mkdir -p "$root"
	base=minimal
	[ -f "$source/base" ] && base=$(cat "$source/base")
	[ "$base" = none ] || cp -R "$here/../fixtures/$base/." "$root/"
	cp -R "$source/isms/." "$root/"
fi
rc=0
"$ismc" build "$root" -o "$work/pack" "$@" >"$work/build.out" 2>&1 || rc=$?
case " $* " in *" --draft "*) ok=1 ;; *) ok=0 ;; esac
if [ "$rc" -ne 0 ] && [ "$rc" -ne "$ok" ]; then
	cat "$work/build.out" >&2
	echo "site.sh: ismc build exited $rc" >&2
	exit 1
fi
exec node "$here/axe.js" --modules "$modules" "$work/pack/html"
