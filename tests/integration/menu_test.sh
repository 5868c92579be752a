#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The real baton menu in tmux at 80x24 with TERM=vt100, on the simulated machine (tools/sim) with
# swtpm: keys are sent, the screen is read with capture-pane. Private tmux socket, no user
# configuration; swtpm and tmux are stopped on exit. Prints TAP-style "ok"/"not ok" lines.
set -u
cd "$(dirname "$0")/../.."
root=$PWD
baton=$root/build/host/baton
work=$root/build/test-work/menu
sim=$work/sim
socket=baton-menu-test-$$
rm -rf "$work" && mkdir -p "$work"
. tools/sim/swtpm.sh
cleanup() {
  tmux -L "$socket" kill-server 2>/dev/null
  stop_swtpm
}
trap cleanup EXIT
export TSS2_LOG=all+none

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; }
session=
screen() { tmux -L "$socket" capture-pane -p -t "$session" 2>/dev/null; }
keys() { tmux -L "$socket" send-keys -t "$session" "$@"; }
# wait_for TEXT [SECONDS]: until the screen shows TEXT.
wait_for() {
  local text=$1 tries=$(( ${2:-5} * 10 ))
  for _ in $(seq 1 "$tries"); do
    if screen | grep -qF -- "$text"; then return 0; fi
    sleep 0.1
  done
  return 1
}
expect_screen() {  # expect_screen NAME TEXT
  if wait_for "$2"; then ok "$1"; else not_ok "$1 (no '$2' on screen)"; screen | sed 's/^/    | /'; fi
}
runs=0
start_menu() {  # start_menu ARGS...: the menu in a fresh 80x24 tmux session
  [ -n "$session" ] && tmux -L "$socket" kill-session -t "$session" 2>/dev/null
  runs=$((runs + 1))
  session=menu$runs
  tmux -L "$socket" -f /dev/null new-session -d -s "$session" -x 80 -y 24 \
    "env TERM=vt100 BATON_TCTI=$BATON_TCTI TSS2_LOG=all+none $baton menu --root $sim $*; echo MENU-EXITED \$?; sleep 30"
}

if ! start_swtpm "$work/tpm"; then not_ok "swtpm starts"; exit 1; fi
if tools/sim/make_machine.sh "$sim" "$baton" build/host/dts/qemu-pseries.dtb >"$work/make_machine.log" 2>&1; then
  ok "the simulated machine is made (list extended into swtpm)"
else
  not_ok "the simulated machine is made"; sed 's/^/    /' "$work/make_machine.log"; exit 1
fi

# ---- the menu lists the simulated options; the countdown runs and stops on a key ----------------
start_menu --timeout 30
expect_screen "the menu lists the grub2 option" "Debian GNU/Linux  (default)"
expect_screen "the menu lists the BLS option" "Fedora Linux 39 (Server Edition)"
expect_screen "the menu lists the yaboot option" "sles"
expect_screen "the menu shows the autoboot countdown" "Booting the default in"
expect_screen "the option line says baton carries the list and measures" "baton carries it (kexec_load); baton measures"
size=$(tmux -L "$socket" display -p -t "$session" '#{pane_width}x#{pane_height}')
[ "$size" = 80x24 ] && ok "the pane is 80x24" || not_ok "the pane is $size"
keys Down
if wait_for "Autoboot stopped." && ! screen | grep -q "Booting the default in"; then
  ok "a key stops the countdown"
else
  not_ok "a key stops the countdown"; screen | sed 's/^/    | /'
fi
sleep 1.5
if screen | grep -q "MENU-EXITED\|Booting:"; then not_ok "no boot after the stopped countdown"; else ok "no boot after the stopped countdown"; fi

# ---- p: PCR 10 and the replay verdict --------------------------------------------------------------
keys p
expect_screen "p shows the replay verdict 'replays'" "IMA list, sha256: replays"
expect_screen "p shows PCR 10" " 10 "
keys q
expect_screen "q leaves the PCR screen" "Enter boot  e edit"
tpm2_pcrextend -T "$BATON_TCTI" "10:sha256=$(printf '%064x' 1234)" >/dev/null
keys p
expect_screen "a stray tpm2_pcrextend turns it into 'does not replay'" "IMA list, sha256: does not replay"
keys q

# ---- m: the measurement list, search by name -------------------------------------------------------
keys m
expect_screen "m shows the measurement list" "boot_aggregate"
keys / s s h d Enter
expect_screen "/ finds an entry by name" "matches 'sshd'"
keys q

# ---- e: edited arguments reach the plan ------------------------------------------------------------
start_menu --timeout 30
wait_for "Booting the default in" >/dev/null
keys Up
wait_for "Autoboot stopped." >/dev/null
keys e
expect_screen "e opens the editor" "Arguments"
keys -l " baton.test=edited"
keys Enter
expect_screen "the edit is saved" "(edited)"
keys Enter
expect_screen "the boot runs to the end on the simulated machine" "stopped before the reboot system call"
if grep -q "baton.test=edited" "$sim/plan/next.dtb" 2>/dev/null; then
  ok "the edited arguments reach the plan (next.dtb bootargs)"
else
  not_ok "the edited arguments reach the plan"
fi
[ -f "$sim/plan/plan.json" ] && [ -f "$sim/plan/loaded.txt" ] && ok "the plan and the recorded load are written" \
  || not_ok "the plan and the recorded load are written"
keys q
expect_screen "a key returns to the menu after the boot" "Enter boot  e edit"

# ---- a failing boot returns to the menu with its message --------------------------------------------
keys Up Up Up Up Up Up Down Down Down
keys Enter
expect_screen "a failing boot returns to the menu with its message" "failed: build the tree"
keys x
expect_screen "x leaves the menu" "MENU-EXITED 0"

# ---- non-interactive: --auto and baton boot ---------------------------------------------------------
if BATON_TCTI=$BATON_TCTI "$baton" boot --root "$sim" --option debian-recovery --yes >"$work/boot.out" 2>&1 \
   && grep -q "stopped before the reboot" "$work/boot.out"; then
  ok "baton boot --option NAME --yes plans the boot"
else
  not_ok "baton boot --option NAME --yes"; sed 's/^/    /' "$work/boot.out"
fi
"$baton" boot --root "$sim" --option broken --yes >"$work/broken.out" 2>&1
[ $? -eq 1 ] && ok "baton boot of a broken kernel exits 1" || not_ok "baton boot of a broken kernel exits 1"
start_menu --auto 2 --timeout 1
expect_screen "menu --auto N boots option N after the timeout" "MENU-EXITED 0"
