#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The boot menu on the simulated machine, in tmux at 80x24 with TERM=vt100: time from start to a
# usable menu, and the bytes baton writes to the terminal (tmux pipe-pane -O) to move the
# selection one line and to redraw the whole screen with Ctrl-L (targets in run_bench.sh). The
# menu must draw, move, redraw and exit 0 on x, or the run has failed.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/bench/bench_lib.sh
baton=$PWD/build/host/baton
work=$PWD/build/bench-work/menu
socket=baton-menu-bench-$$
rm -rf "$work" && mkdir -p "$work"
. tools/sim/swtpm.sh
cleanup() { tmux -L "$socket" kill-server 2>/dev/null; stop_swtpm; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export TSS2_LOG=all+none
start_swtpm "$work/tpm" || { bench_fail "menu bench: swtpm did not start"; exit 1; }
tools/sim/make_machine.sh "$work/sim" "$baton" build/host/dts/qemu-pseries.dtb >"$work/machine.log" 2>&1 \
  || { bench_fail_run $? "$work/machine.log" tools/sim/make_machine.sh "$work/sim"; exit 1; }
out=$work/terminal.bytes
: >"$out"
# The menu's exit status is written to menu.status when it ends (x, below).
tmux -L "$socket" -f /dev/null new-session -d -s bench -x 80 -y 24 "sleep 0.3; env TERM=vt100 BATON_TCTI=$BATON_TCTI TSS2_LOG=all+none $baton menu --root $work/sim --timeout 60 2>$work/menu.stderr; echo \$? >$work/menu.status; sleep 30"
tmux -L "$socket" pipe-pane -O -t bench "cat >>$out"
screen() { tmux -L "$socket" capture-pane -p -t bench; }
start=$(date +%s%N)
ready=
for _ in $(seq 1 300); do
  if screen | grep -q "Booting the default in"; then ready=$(( $(date +%s%N) - start )); break; fi
  [ -s "$work/menu.status" ] && break
  sleep 0.01
done
command="baton menu --root ${work#"$PWD/"}/sim --timeout 60"
if [ -z "$ready" ]; then
  if [ -s "$work/menu.status" ]; then
    bench_fail_run "$(cat "$work/menu.status")" "$work/menu.stderr" "$command"
  else
    bench_fail "\`$command\` showed no countdown within 3 s: $(screen | grep -v '^ *$' | tail -n 1)"
  fi
  exit 1
fi
tmux -L "$socket" send-keys -t bench Up    # stops the countdown
sleep 0.5
size() { stat -c %s "$out"; }
before=$(size); tmux -L "$socket" send-keys -t bench Down; sleep 0.5; move=$(( $(size) - before ))
before=$(size); tmux -L "$socket" send-keys -t bench C-l; sleep 0.5; redraw=$(( $(size) - before ))
# The menu must still be there, and then leave with status 0 on x.
still=$(screen | grep -c "=>")
tmux -L "$socket" send-keys -t bench x
for _ in $(seq 1 50); do [ -s "$work/menu.status" ] && break; sleep 0.1; done
status=$(cat "$work/menu.status" 2>/dev/null)
awk -v ns="$ready" 'BEGIN { printf "menu: start to a usable menu (incl. 0.3 s tmux start-up delay subtracted): %.0f ms\n", ns / 1e6 - 300 }'
echo "menu: bytes to move the selection one line: $move"
echo "menu: bytes to redraw the full 80x24 screen: $redraw"
if [ -z "$status" ]; then
  bench_fail "\`$command\` did not exit on x within 5 s"
elif [ "$status" -ne 0 ]; then
  bench_fail_run "$status" "$work/menu.stderr" "$command"
elif [ "$move" -le 0 ] || [ "$redraw" -le 0 ] || [ "$still" -eq 0 ]; then
  bench_fail "\`$command\` wrote nothing to the terminal when moved or redrawn, or left the screen"
else
  bench_record menu_start_ms "$(awk -v ns="$ready" 'BEGIN { printf "%.0f", ns / 1e6 - 300 }')"
  bench_record menu_move "$move"
  bench_record menu_redraw "$redraw"
fi
[ "$bench_failures" -eq 0 ]
