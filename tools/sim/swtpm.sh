# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced: start_swtpm STATE_DIR starts swtpm on a free loopback port (BATON_TCTI is exported),
# stop_swtpm stops it by its PID. Callers trap stop_swtpm on EXIT so nothing keeps running.
swtpm_pid=
stop_swtpm() {
  # (CONT first: a test may have stopped it to play a hung TPM.)
  if [ -n "$swtpm_pid" ]; then kill -CONT "$swtpm_pid" 2>/dev/null; kill "$swtpm_pid" 2>/dev/null; wait "$swtpm_pid" 2>/dev/null; fi
  swtpm_pid=
}
start_swtpm() {
  local state=$1 attempt port
  mkdir -p "$state"
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$((20000 + (RANDOM % 20000) * 2))
    swtpm socket --tpm2 --server type=tcp,port=$port,bindaddr=127.0.0.1 \
      --ctrl type=tcp,port=$((port + 1)),bindaddr=127.0.0.1 --tpmstate dir="$state" \
      --flags not-need-init,startup-clear >"$state/swtpm.log" 2>&1 &
    swtpm_pid=$!
    for _ in $(seq 1 50); do
      if tpm2_pcrread -T "swtpm:host=127.0.0.1,port=$port" sha256:0 >/dev/null 2>&1; then
        export BATON_TCTI="swtpm:host=127.0.0.1,port=$port" TPM2TOOLS_TCTI="swtpm:host=127.0.0.1,port=$port"
        return 0
      fi
      kill -0 "$swtpm_pid" 2>/dev/null || break
      sleep 0.1
    done
    stop_swtpm
  done
  return 1
}
