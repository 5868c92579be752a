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
