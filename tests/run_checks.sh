#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs the test suites named on the command line and prints one total line,
# "N passed, M failed". Each suite's full output is kept under build/test-logs/.
#
# A suite counts its tests from CppUTest's summary line ("OK (N tests" / "Errors (F failures,
# N tests") or from TAP-style lines ("ok - name" / "not ok - name"). A program that exits
# non-zero without reporting a failure counts as one failed test.
set -u
cd "$(dirname "$0")/.."
logs=build/test-logs
mkdir -p "$logs"
passed=0
failed=0
fuzz_seconds=${BATON_FUZZ_SECONDS:-10}
# A fixed seed keeps the short fuzz runs of make check repeatable; longer runs (BATON_FUZZ_SECONDS)
# explore further from the same corpus.

count() {  # count SUITE STATUS LOGFILE
  local suite=$1 status=$2 log=$3 p=0 f=0 line
  if line=$(grep -E '^OK \([0-9]+ tests' "$log" | tail -n 1) && [ -n "$line" ]; then
    p=$(sed -E 's/^OK \(([0-9]+) tests.*/\1/' <<<"$line")
  elif line=$(grep -E '^Errors \([0-9]+ failures, [0-9]+ tests' "$log" | tail -n 1) && [ -n "$line" ]; then
    f=$(sed -E 's/^Errors \(([0-9]+) failures.*/\1/' <<<"$line")
    p=$(( $(sed -E 's/^Errors \([0-9]+ failures, ([0-9]+) tests.*/\1/' <<<"$line") - f ))
  else
    p=$(grep -cE '^ok( |$)' "$log")
    f=$(grep -cE '^not ok( |$)' "$log")
  fi
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  printf '%-16s %4d passed, %d failed%s\n' "$suite" "$p" "$f" \
    "$([ "$f" -ne 0 ] && echo "   (see $log)")"
  if [ "$f" -ne 0 ]; then grep -E 'error|not ok|Failure|ERROR' "$log" | head -n 20 | sed 's/^/    /'; fi
}

run_suite() {  # run_suite NAME COMMAND...
  local name=$1 status
  shift
  "$@" >"$logs/$name.log" 2>&1
  status=$?
  count "$name" "$status" "$logs/$name.log"
}

fuzz_suite() {
  local target status=0 log=$logs/fuzz.log
  : >"$log"
  for target in build/fuzz/*_fuzz; do
    local name corpus work
    name=$(basename "$target" _fuzz)
    corpus=tests/fuzz/corpus/$name
    work=build/fuzz/work-$name
    rm -rf "$work" && mkdir -p "$work"
    if "$target" -seed=1 -max_total_time="$fuzz_seconds" -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="$work/" "$work" "$corpus" >>"$log" 2>&1; then
      echo "ok - fuzz $name ($fuzz_seconds s, no crash)" >>"$log"
    else
      echo "not ok - fuzz $name: crash or timeout, reproducer in $work" >>"$log"
    fi
  done
  count fuzz 0 "$log"
}

for suite in "$@"; do
  case "$suite" in
    unit) ASAN_OPTIONS=detect_leaks=1 run_suite unit build/host/asan/unit_tests ;;
    cross-ppc64le) run_suite cross-ppc64le qemu-ppc64le-static build/ppc64le/core_tests ;;
    cross-ppc64) run_suite cross-ppc64 qemu-ppc64-static build/ppc64/core_tests ;;
    fuzz) fuzz_suite ;;
    integration)
      for script in tests/integration/*_test.sh; do
        run_suite "$(basename "$script" .sh)" bash "$script"
      done ;;
    e2e) run_suite e2e tests/e2e/run.sh ;;
    *) echo "unknown suite $suite"; failed=$((failed + 1)) ;;
  esac
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
