#!/bin/sh
# Usage: scripts/example-repo.sh DIR
#
# Writes example-isms/ into DIR (which must not exist, or be empty) as a git
# repository with a believable history: every document created by its owner
# and revised over 2024-2026, one version per approval, each approval a
# pull-request-style merge commit by the approver carrying an Approved-by
# trailer, the merges of policies and registers signed with the approver's
# OpenPGP key (the TEST keys of scripts/example-keys/). The history is
# planned from whatever example-isms/ holds (scripts/example-history.py):
# files added there later are picked up without a change here.
#
# Reproducible: fixed dates and identities, gpg signing at the commit's own
# time (--faked-system-time) with the shipped keys, and no user or system git
# configuration, so two runs give the same commit ids.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../example-isms" && pwd)
for tool in git gpg gpgconf; do
  command -v $tool >/dev/null 2>&1 || { echo "$0: needs $tool (scripts/deps.sh)" >&2; exit 2; }
done
py=/usr/bin/python3
[ -x $py ] || py=python3
if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
  echo "$0: $dir exists and is not empty" >&2
  exit 2
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

# A keyring of its own for the signing keys, never the user's; its agent is
# stopped and the folder removed whatever happens.
gnupg=$(mktemp -d "${TMPDIR:-/tmp}/ismc-example-gpg.XXXXXX")
cleanup() {
  GNUPGHOME=$gnupg gpgconf --kill all 2>/dev/null || true
  rm -rf "$gnupg"
}
trap cleanup EXIT INT TERM
chmod 700 "$gnupg"
export GNUPGHOME=$gnupg
for key in "$here"/example-keys/*.secret.asc; do
  gpg --batch --quiet --faked-system-time 20240102T090000! --import "$key" 2>/dev/null
done
# git signs through this wrapper, which makes gpg believe it is the commit's
# time (ISMC_SIGN_TIME, set per commit): the signature is then the same on
# every run
cat > "$gnupg/gpg-at" <<EOF
#!/bin/sh
exec gpg --faked-system-time "\$ISMC_SIGN_TIME" "\$@"
EOF
chmod 755 "$gnupg/gpg-at"

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
"$py" "$here/example-history.py" "$src" "$dir" "$gnupg/gpg-at"
