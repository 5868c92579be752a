# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the bench scripts: how a measurement or a failed run reaches run_bench.sh's judge.
# Each appends a line to $BATON_BENCH_RESULTS (run_bench.sh sets it; a script run on its own
# writes nowhere and only prints):
#   measured NAME VALUE    a measurement, judged against run_bench.sh's targets when one names it
#   failed TEXT            a run that failed: the bench exits non-zero
# shellcheck shell=bash
bench_failures=0

bench_record() {  # bench_record NAME VALUE
  echo "measured $1 $2" >>"${BATON_BENCH_RESULTS:-/dev/null}"
}

bench_fail() {  # bench_fail TEXT...: says which run failed and how; the caller goes on
  echo "FAILED: $*"
  echo "failed $*" >>"${BATON_BENCH_RESULTS:-/dev/null}"
  bench_failures=$((bench_failures + 1))
}

bench_fail_run() {  # bench_fail_run STATUS STDERR_FILE COMMAND...: a command that exited non-zero
  local status=$1 stderr=$2 said='' command
  shift 2
  command="$*"
  command=${command//"$PWD/"/}
  [ -s "$stderr" ] && said=": $(tail -n 1 "$stderr" | cut -c 1-160)"
  bench_fail "\`$command\` exited with status $status$said"
}
