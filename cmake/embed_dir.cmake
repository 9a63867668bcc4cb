# Turns every *.tsv below a folder into one C source: the files' texts
# (NUL-terminated) and a table `const ismc_embedded NAME[]` of their paths
# relative to the folder, in sorted order, ended by {NULL, NULL}. With
# STANDARDS set, it also defines `const char *const STANDARDS[]`: the `id` of
# every catalog folder holding a clauses.tsv (the values isms.yml `standard:`
# accepts), NULL-terminated.
# Usage: cmake -DDIR=folder -DOUT=file.c -DNAME=symbol [-DSTANDARDS=symbol] -P embed_dir.cmake
file(GLOB_RECURSE files RELATIVE "${DIR}" "${DIR}/*.tsv")
list(SORT files)
set(body "/* Generated from ${DIR} by cmake/embed_dir.cmake; do not edit. */\n#include \"ismc.h\"\n")
set(table "const ismc_embedded ${NAME}[] = {\n")
set(ids "")
set(k 0)
foreach(f IN LISTS files)
  file(READ "${DIR}/${f}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
  string(APPEND body "static const char S_${k}[] = {\n${bytes}0x00};\n")
  string(APPEND table "\t{ \"${f}\", S_${k} },\n")
  # ${CMAKE_MATCH_1} is known only once the MATCHES has been evaluated
  if(STANDARDS AND f MATCHES "^([^/]+)/catalog\\.tsv$")
    if(EXISTS "${DIR}/${CMAKE_MATCH_1}/clauses.tsv")
      file(STRINGS "${DIR}/${f}" idline REGEX "^id\t")
      string(REGEX REPLACE "^id\t([^\t]*).*" "\\1" id "${idline}")
      string(APPEND ids "\t\"${id}\",\n")
    endif()
  endif()
  math(EXPR k "${k} + 1")
endforeach()
string(APPEND table "\t{ NULL, NULL }\n};\n")
string(APPEND body "${table}")
if(STANDARDS)
  string(APPEND body "const char *const ${STANDARDS}[] = {\n${ids}\tNULL\n};\n")
endif()
file(WRITE "${OUT}.tmp" "${body}")
configure_file("${OUT}.tmp" "${OUT}" COPYONLY)
file(REMOVE "${OUT}.tmp")
