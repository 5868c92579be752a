#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The format check of `make check`: every C++ source git knows is as clang-format (the
# repository's .clang-format) would write it. One "not ok" line per file that is not, with the
# first place it differs; `make format` rewrites them.
set -u
cd "$(dirname "$0")/../.."
failed=0
count=0
while IFS= read -r file; do
  [ -f "$file" ] || continue
  count=$((count + 1))
  if ! clang-format --dry-run --Werror "$file" >/dev/null 2>"${TMPDIR:-/tmp}/baton-format.$$"; then
    echo "not ok - $file is not formatted ($(grep -m 1 -oE ':[0-9]+:[0-9]+' "${TMPDIR:-/tmp}/baton-format.$$" | sed 's/^://') ; make format)"
    failed=1
  fi
done < <(git ls-files -co --exclude-standard -- '*.cc' '*.h' | grep -v '^build/')
rm -f "${TMPDIR:-/tmp}/baton-format.$$"
[ "$failed" = 0 ] && echo "ok - all $count C++ files are as clang-format writes them (.clang-format)"
exit "$failed"
