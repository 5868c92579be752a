#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs the test suites named on the command line and prints one total line,
# "N passed, M failed". Each suite's full output is kept under build/test-logs/.
#
# A suite counts its tests from CppUTest's summary line, by the tests that ran ("OK (N tests, R
# ran" / "Errors (F failures, N tests, R ran": R - F passed, F failed; a test that was filtered
# out or ignored did not pass), or from TAP-style lines ("ok - name" / "not ok - name"). A program
# that exits non-zero without reporting a failure counts as one failed test, and so does a suite
# that reports no result at all (a runner that ran nothing proves nothing).
#
# Fuzzing runs exactly the targets the Makefile declares (BATON_FUZZ_TARGETS, set by `make
# check`; a declared target whose binary is missing fails), each for BATON_FUZZ_SECONDS (10)
# seconds. Each target's corpus is kept under build/fuzz-corpus/NAME between runs (new inputs go
# there; tests/fuzz/corpus/NAME, the committed seeds, is read too). The seed is printed; it varies
# from run to run (so CI explores anew) unless BATON_FUZZ_SEED sets it, which repeats a run.
set -u
cd "$(dirname "$0")/.."
logs=${BATON_TEST_LOGS:-build/test-logs}
mkdir -p "$logs"
passed=0
failed=0
fuzz_seconds=${BATON_FUZZ_SECONDS:-10}
fuzz_seed=${BATON_FUZZ_SEED:-$(( (RANDOM << 15 | RANDOM) + 1 ))}
notes=()

count() {  # count SUITE STATUS LOGFILE
  local suite=$1 status=$2 log=$3 p=0 f=0 line why=
  if line=$(grep -E '^OK \([0-9]+ tests, [0-9]+ ran' "$log" | tail -n 1) && [ -n "$line" ]; then
    p=$(sed -E 's/^OK \([0-9]+ tests, ([0-9]+) ran.*/\1/' <<<"$line")
  elif line=$(grep -E '^Errors \([0-9]+ failures, [0-9]+ tests, [0-9]+ ran' "$log" | tail -n 1) && [ -n "$line" ]; then
    f=$(sed -E 's/^Errors \(([0-9]+) failures.*/\1/' <<<"$line")
    p=$(( $(sed -E 's/^Errors \([0-9]+ failures, [0-9]+ tests, ([0-9]+) ran.*/\1/' <<<"$line") - f ))
  else
    p=$(grep -cE '^ok( |$)' "$log")
    f=$(grep -cE '^not ok( |$)' "$log")
  fi
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; why="   (exit $status with no failure reported)"; fi
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; why="   (no result reported)"; fi
  passed=$((passed + p))
  failed=$((failed + f))
  # A suite may say what its count does not show (e2e: a guest repeated after a vTPM failure).
  line=$(grep -m 1 -E '^# retried: [1-9]' "$log" | sed 's/^# //')
  [ -n "$line" ] && why="$why   ($line)"
  printf '%-16s %4d passed, %d failed%s%s\n' "$suite" "$p" "$f" "$why" \
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
  local target status=0 log=$logs/fuzz.log name corpus seeds work
  : >"$log"
  echo "# fuzz seed $fuzz_seed (BATON_FUZZ_SEED=$fuzz_seed repeats this run), $fuzz_seconds s per target" >>"$log"
  [ -n "${BATON_FUZZ_TARGETS:-}" ] || echo "not ok - fuzz: no targets declared (BATON_FUZZ_TARGETS is empty; run make check)" >>"$log"
  for name in ${BATON_FUZZ_TARGETS:-}; do
    target=build/fuzz/${name}_fuzz
    seeds=tests/fuzz/corpus/$name
    corpus=build/fuzz-corpus/$name
    work=build/fuzz/work-$name
    if [ ! -x "$target" ]; then
      echo "not ok - fuzz $name: $target was not built" >>"$log"
      continue
    fi
    if [ ! -d "$seeds" ] || [ -z "$(ls -A "$seeds")" ]; then
      echo "not ok - fuzz $name: no committed seeds in $seeds" >>"$log"
      continue
    fi
    rm -rf "$work" && mkdir -p "$work" "$corpus"
    if "$target" -seed="$fuzz_seed" -max_total_time="$fuzz_seconds" -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="$work/" "$corpus" "$seeds" >>"$log" 2>&1; then
      echo "ok - fuzz $name ($fuzz_seconds s, seed $fuzz_seed, $(ls "$corpus" | wc -l) inputs kept in $corpus, no crash)" >>"$log"
    else
      echo "not ok - fuzz $name: crash or timeout with seed $fuzz_seed, reproducer in $work" >>"$log"
    fi
  done
  notes+=("fuzz seed $fuzz_seed")
  count fuzz 0 "$log"
}

# tests/run_checks.sh --count SUITE STATUS LOG: only count one log as a suite would (for the
# runner's own test, tests/integration/harness_test.sh).
if [ "${1:-}" = --count ]; then
  count "$2" "$3" "$4"
  echo "$passed passed, $failed failed"
  exit 0
fi

for suite in "$@"; do
  case "$suite" in
    unit) ASAN_OPTIONS=detect_leaks=1 run_suite unit build/host/asan/unit_tests ;;
    tsan) TSAN_OPTIONS=halt_on_error=1 run_suite tsan build/host/tsan/threaded_tests ;;
    cross-ppc64le) run_suite cross-ppc64le qemu-ppc64le-static build/ppc64le/core_tests ;;
    cross-ppc64) run_suite cross-ppc64 qemu-ppc64-static build/ppc64/core_tests ;;
    fuzz) fuzz_suite ;;
    integration)
      for script in tests/integration/*_test.sh; do
        run_suite "$(basename "$script" .sh)" bash "$script"
      done ;;
    e2e) run_suite e2e tests/e2e/run.sh ;;
    layout) run_suite layout bash -c 'tools/layout/check.sh; a=$?; tools/layout/check_test.sh; b=$?; tools/layout/format_check.sh; c=$?; exit $((a | b | c))' ;;
    deps) run_suite deps bash -c 'tools/deps/guard.sh; s=$?; tools/deps/guard_test.sh && exit $s' ;;
    *) echo "unknown suite $suite"; failed=$((failed + 1)) ;;
  esac
done

[ ${#notes[@]} -eq 0 ] || echo "# ${notes[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
