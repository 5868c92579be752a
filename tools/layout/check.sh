#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The include-direction check of `make check`: every `#include "..."` of the project's sources
# must follow an arrow of the layout table in docs/architecture.md, and every third-party header
# must stay in its one adapter (the libraries table there). tests/ may include anything.
#
#   tools/layout/check.sh [--tree DIR]   default: this repository
#
# The tables are read from DIR/docs/architecture.md, between the markers `<!-- layout:begin -->`
# / `<!-- layout:end -->` (rows: | `module` | holds | `allowed` `allowed` ... or — |) and
# `<!-- libraries:begin -->` / `<!-- libraries:end -->` (rows: | name | `header` ... | `only in` |;
# a header ending in / is a prefix). A file belongs to its own row when the table has one (a file
# row refines its folder's), else to the longest folder row above it; an included header belongs
# to the longest folder row above it. The sources are the files git knows (tracked, and untracked
# but not ignored) ending in .cc, .h or .S; outside a git checkout, every such file below DIR.
# Prints TAP lines: one "ok" per module, one "not ok" per violation naming the file, the line,
# the include and the rule; exits non-zero when anything failed.
set -u
tree=.
if [ "${1:-}" = --tree ]; then tree=$2; fi
cd "${tree}" || exit 2
doc=docs/architecture.md
if [ ! -s "$doc" ]; then
  echo "not ok - $doc exists and holds the layout table"
  exit 1
fi
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  sources=$(git ls-files -co --exclude-standard -- '*.cc' '*.h' '*.S' | grep -v '^build/')
else
  sources=$(find . -type f \( -name '*.cc' -o -name '*.h' -o -name '*.S' \) -not -path './build/*' | sed 's#^\./##' | sort)
fi

awk -v doc="$doc" '
  function trim(text) { gsub(/^[ \t]+|[ \t]+$/, "", text); return text }
  function ticked(text, out,   n, parts, i, k) {  # the `...` words of a cell into out[1..k]
    n = split(text, parts, "`"); k = 0
    for (i = 2; i <= n; i += 2) out[++k] = parts[i]
    return k
  }
  function module_of(path, files_too,   best, m) {  # the longest row above path
    if (files_too && (path in allowed)) return path
    best = ""
    for (m in is_folder) if (index(path, m "/") == 1 && length(m) > length(best)) best = m
    return best
  }
  BEGIN {
    section = ""
    while ((getline line < doc) > 0) {
      if (line ~ /<!-- layout:begin -->/) { section = "layout"; continue }
      if (line ~ /<!-- libraries:begin -->/) { section = "libraries"; continue }
      if (line ~ /<!-- (layout|libraries):end -->/) { section = ""; continue }
      if (section == "" || line !~ /^\|/ || line ~ /^\|[-| ]+\|$/) continue
      ncell = split(line, cell, "|")
      if (section == "layout") {
        if (ticked(cell[2], name) != 1) continue   # the header row
        module = name[1]
        allowed[module] = " "
        k = ticked(cell[4], list)
        for (i = 1; i <= k; i++) allowed[module] = allowed[module] list[i] " "
        if (module !~ /\.[A-Za-z]+$/) is_folder[module] = 1
        modules++
      } else {
        k = ticked(cell[3], headers)
        if (ticked(cell[4], place) != 1) continue
        for (i = 1; i <= k; i++) { nlib++; lib_header[nlib] = headers[i]; lib_place[nlib] = place[1]; lib_name[nlib] = trim(cell[2]) }
      }
    }
    if (modules == 0) { print "not ok - " doc " has a layout table (between <!-- layout:begin --> and <!-- layout:end -->)"; failed = 1 }
  }
  {
    file = $0
    if (index(file, "tests/") == 1) next
    own = module_of(file, 1)
    if (own == "") { print "not ok - " file ": in no module of the layout table of " doc; failed = 1; next }
    folder = module_of(file, 0)
    files[own]++
    number = 0
    while ((getline text < file) > 0) {
      number++
      if (text ~ /^[ \t]*#[ \t]*include[ \t]*"/) {
        header = text; sub(/^[^"]*"/, "", header); sub(/".*$/, "", header)
        if (index(header, "tests/") == 1) {
          print "not ok - " file ":" number ": includes " header " (only tests/ may include tests/)"; failed = 1; bad[own]++; continue
        }
        target = module_of(header, 0)
        if (target == "" || target == folder || target == own) continue
        if (index(allowed[own], " " target " ") == 0) {
          print "not ok - " file ":" number ": includes " header " (" own " -> " target " is not an arrow of " doc ")"
          failed = 1; bad[own]++
        }
      } else if (text ~ /^[ \t]*#[ \t]*include[ \t]*</) {
        header = text; sub(/^[^<]*</, "", header); sub(/>.*$/, "", header)
        for (i = 1; i <= nlib; i++) {
          h = lib_header[i]
          hit = (h ~ /\/$/) ? index(header, h) == 1 : header == h
          if (hit && index(file, lib_place[i]) != 1) {
            print "not ok - " file ":" number ": includes <" header "> (" lib_name[i] " only in " lib_place[i] ")"
            failed = 1; bad[own]++
          }
        }
      }
    }
    close(file)
  }
  END {
    for (m in files) if (!bad[m]) print "ok - " m ": " files[m] " files, every include an arrow of " doc
    exit failed
  }' <<<"$sources"
