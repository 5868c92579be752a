# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the integration tests: TAP-style result lines, one per assertion.
#   ok TEXT / not_ok TEXT      print "ok - TEXT" / "not ok - TEXT"
#   check NAME COMMAND...      ok when COMMAND succeeds (its output is discarded)
#   expect NAME STATUS CMD...  ok when CMD exits with STATUS; its output is kept in NAME.out (in
#                              the current directory) and its first lines are shown on failure
ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; }
check() {
  local name=$1
  shift
  if "$@" >/dev/null 2>&1; then ok "$name"; else not_ok "$name"; fi
}
expect() {
  local name=$1 wanted=$2 status
  shift 2
  "$@" >"$name.out" 2>&1
  status=$?
  if [ "$status" -eq "$wanted" ]; then
    ok "$name"
  else
    not_ok "$name (exit $status, wanted $wanted)"
    sed 's/^/    /' "$name.out" | head -n 20
  fi
}
# Negative checks (that something fails or is absent) first make sure of their input, so that a
# missing or empty file is a failure, never a pass:
#   have_input FILE[:BYTES]...     true when every FILE exists and is non-empty (and is exactly
#                                  BYTES long when given); otherwise prints which one is not
#   refused NAME STATUS TEXT FILE[:BYTES]... -- CMD...
#                                  ok when the input files are there (have_input), CMD exits
#                                  with STATUS and its output (kept in NAME.out) contains TEXT
#   lacks NAME TEXT FILE           ok when FILE is non-empty and no line of it contains TEXT
#   require_program PATH           "not ok" and exit 1 when the program under test is missing:
#                                  every check that something fails would pass without it
have_input() {
  local spec file bytes size
  for spec in "$@"; do
    file=$spec bytes=
    if [[ $spec =~ ^(.+):([0-9]+)$ ]]; then file=${BASH_REMATCH[1]} bytes=${BASH_REMATCH[2]}; fi
    if [ ! -s "$file" ]; then echo "input $file is missing or empty"; return 1; fi
    size=$(stat -c %s "$file")
    if [ -n "$bytes" ] && [ "$size" != "$bytes" ]; then echo "input $file has $size bytes, not $bytes"; return 1; fi
  done
}
refused() {
  local name=$1 wanted=$2 text=$3 status reason
  local -a inputs=()
  shift 3
  while [ $# -gt 0 ] && [ "$1" != -- ]; do inputs+=("$1"); shift; done
  if [ $# -eq 0 ]; then not_ok "$name (refused: no -- before the command)"; return; fi
  shift
  if ! reason=$(have_input "${inputs[@]}"); then not_ok "$name ($reason)"; return; fi
  "$@" >"$name.out" 2>&1
  status=$?
  if [ "$status" -ne "$wanted" ]; then
    not_ok "$name (exit $status, wanted $wanted)"
  elif [ -n "$text" ] && ! grep -qF -- "$text" "$name.out"; then
    not_ok "$name (no '$text' in its output)"
  else
    ok "$name"
    return
  fi
  sed 's/^/    /' "$name.out" | head -n 20
}
lacks() {
  local name=$1 text=$2 file=$3
  if [ ! -s "$file" ]; then
    not_ok "$name (input $file is missing or empty)"
  elif grep -qF -- "$text" "$file"; then
    not_ok "$name ('$text' is in $file)"
  else
    ok "$name"
  fi
}
require_program() {
  if [ ! -x "$1" ]; then not_ok "$1 is built (the checks need it)"; exit 1; fi
}
