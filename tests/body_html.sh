#!/bin/sh
# What ismc renders and writes in C (compiler/body_html.c: the bodies of
# document pages, the link lists of every page, the id lists of the asset
# inventory; compiler/html_save.c: the bytes of the document pages) against
# the templates and libxslt (templates/body.xsl, common.xsl, tables.xsl;
# exsl:document) on the same ISMS: every page of the site must be the same
# bytes. Each ISMS is built twice with --draft (so a broken one still has
# pages): as it is, where ismc renders those itself, and with a --templates
# folder holding copies of the shipped body.xsl, common.xsl and tables.xsl,
# which makes the templates render them (a template of one's own is never
# taken for the shipped one), and a documents.xsl that writes each page
# with exsl:document, as libxslt and libxml2 write it, where the shipped
# one has ismc:document.
# Usage: body_html.sh ISMC FIXTURES ROOT...   (ROOT: an ISMS folder, or a
#        golden case folder, laid out as run-case.sh does)
set -eu
ismc=$1 fixtures=$2
shift 2
case $ismc in /*) ;; *) ismc=$(pwd)/$ismc ;; esac
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lay-case.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ismc-body.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/tpl"
cp "$here/../templates/body.xsl" "$here/../templates/common.xsl" \
  "$here/../templates/tables.xsl" "$tmp/tpl/"
sed -e 's|extension-element-prefixes="ismc"|extension-element-prefixes="ismc exsl" xmlns:exsl="http://exslt.org/common"|' \
  -e 's|<ismc:document href="\([^"]*\)">|<exsl:document href="\1" method="html" encoding="UTF-8" indent="no">|' \
  -e 's|</ismc:document>|</exsl:document>|' \
  "$here/../templates/documents.xsl" > "$tmp/tpl/documents.xsl"
if [ "$(grep -c '<exsl:document href=' "$tmp/tpl/documents.xsl")" -ne 1 ] ||
  [ "$(grep -c '</exsl:document>' "$tmp/tpl/documents.xsl")" -ne 1 ] ||
  grep -q '<ismc:document\|</ismc:document' "$tmp/tpl/documents.xsl"; then
  echo "FAIL: documents.xsl no longer has the one ismc:document this test replaces" >&2
  exit 1
fi
export SOURCE_DATE_EPOCH=1767225600
fail=0 pages=0 roots=0
for src in "$@"; do
  src=$(cd "$src" && pwd)
  rm -rf "$tmp/isms" "$tmp/c" "$tmp/x"
  if [ -f "$src/isms.yml" ] || [ -f "$src/.ismc.yml" ]; then
    cp -R "$src" "$tmp/isms"
  else
    lay_case "$src" "$fixtures" "$tmp/isms"
  fi
  set +e
  (cd "$tmp" && "$ismc" build isms -o c --draft --as-of 2026-06-30 > c.log 2>&1)
  c=$?
  (cd "$tmp" && "$ismc" build isms -o x --draft --as-of 2026-06-30 --templates tpl > x.log 2>&1)
  x=$?
  set -e
  if [ "$c" -ne "$x" ]; then
    echo "FAIL: $src: build exits $c, with the templates' body $x" >&2
    cat "$tmp/c.log" "$tmp/x.log" >&2
    fail=1
    continue
  fi
  [ -d "$tmp/c/html" ] || continue # not modelled at all (exit 2): no pages
  if ! diff -r "$tmp/x/html" "$tmp/c/html" > "$tmp/diff" 2>&1; then
    echo "FAIL: $src: the pages differ (< the templates, > ismc)" >&2
    head -40 "$tmp/diff" >&2
    fail=1
    continue
  fi
  roots=$((roots + 1))
  pages=$((pages + $(find "$tmp/c/html/documents" -name '*.html' 2>/dev/null | wc -l)))
done
[ "$fail" -eq 0 ] || exit 1
[ "$pages" -gt 0 ] || { echo "FAIL: no document page was compared" >&2; exit 1; }
echo "body_html: $roots ISMSes, $pages document pages, the same bytes"
