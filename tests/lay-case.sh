# lay-case.sh, sourced by run-case.sh and draft-valid.sh: lays out the ISMS of
# golden case CASE (an absolute path) into ROOT, from the fixtures FIXTURES:
#   base    the fixture to start from (default: minimal; "none": empty)
#   isms/   files laid over it (added or replaced)
#   remove  paths (one a line) deleted from the fixture
#   setup   a shell script run inside the ISMS folder (optional)
lay_case() {
  _case=$1 _fixtures=$2 _root=$3
  mkdir -p "$_root"
  _base=minimal
  [ -f "$_case/base" ] && _base=$(cat "$_case/base")
  [ "$_base" = none ] || cp -R "$_fixtures/$_base/." "$_root/"
  [ -d "$_case/isms" ] && cp -R "$_case/isms/." "$_root/"
  if [ -f "$_case/remove" ]; then
    while IFS= read -r _p; do [ -n "$_p" ] && rm -rf "${_root:?}/$_p"; done < "$_case/remove"
  fi
  if [ -f "$_case/setup" ]; then (cd "$_root" && sh "$_case/setup"); fi
}
