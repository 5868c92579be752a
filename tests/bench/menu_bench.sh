#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The boot menu on the simulated machine, in tmux at 80x24 with TERM=vt100: time from start to a
# usable menu, and the bytes baton writes to the terminal (tmux pipe-pane -O) to move the
# selection one line (target <= 64) and to redraw the whole screen with Ctrl-L (target <= 2.5 KB).
set -u
cd "$(dirname "$0")/../.."
baton=$PWD/build/host/baton
work=$PWD/build/bench-work/menu
socket=baton-menu-bench-$$
rm -rf "$work" && mkdir -p "$work"
. tools/sim/swtpm.sh
cleanup() { tmux -L "$socket" kill-server 2>/dev/null; stop_swtpm; }
trap cleanup EXIT
export TSS2_LOG=all+none
start_swtpm "$work/tpm" || { echo "menu bench: swtpm did not start"; exit 1; }
tools/sim/make_machine.sh "$work/sim" "$baton" build/host/dts/qemu-pseries.dtb >/dev/null 2>&1 || { echo "menu bench: no machine"; exit 1; }
out=$work/terminal.bytes
: >"$out"
tmux -L "$socket" -f /dev/null new-session -d -s bench -x 80 -y 24 "sleep 0.3; env TERM=vt100 BATON_TCTI=$BATON_TCTI TSS2_LOG=all+none $baton menu --root $work/sim --timeout 60; sleep 30"
tmux -L "$socket" pipe-pane -O -t bench "cat >>$out"
start=$(date +%s%N)
for _ in $(seq 1 300); do
  tmux -L "$socket" capture-pane -p -t bench | grep -q "Booting the default in" && break
  sleep 0.01
done
ready=$(( $(date +%s%N) - start ))
tmux -L "$socket" send-keys -t bench Up    # stops the countdown
sleep 0.5
size() { stat -c %s "$out"; }
before=$(size); tmux -L "$socket" send-keys -t bench Down; sleep 0.5; move=$(( $(size) - before ))
before=$(size); tmux -L "$socket" send-keys -t bench C-l; sleep 0.5; redraw=$(( $(size) - before ))
awk -v ns="$ready" 'BEGIN { printf "menu: start to a usable menu (incl. 0.3 s tmux start-up delay subtracted): %.0f ms\n", ns / 1e6 - 300 }'
echo "menu: bytes to move the selection one line: $move (target <= 64)"
echo "menu: bytes to redraw the full 80x24 screen: $redraw (target <= 2560)"
