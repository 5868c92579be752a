#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The real baton menu in tmux on the simulated machine (tools/sim: disks from the configuration
# corpus, swtpm): keys are sent, the screen is read with capture-pane. 80x24 with TERM=vt100 for
# most checks; TERM=linux and xterm-256color draw, move and show PCRs too; resizes to 100x30 and
# back; a terminal without line drawing (xterm-r5) or with --ascii draws rules with '-'; a
# terminal that cannot move the cursor (dumb) is refused. Private tmux socket, no user
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

. tests/integration/lib.sh
check() {  # check NAME COMMAND...: ok when COMMAND succeeds, else not ok with the screen (lib's, shadowed)
  local name=$1; shift
  if "$@"; then ok "$name"; else not_ok "$name"; screen | sed 's/^/    | /'; fi
}
session=
screen() { tmux -L "$socket" capture-pane -p -t "$session" 2>/dev/null; }
# The screen with attributes: tmux marks line-drawing characters with SO (\016) ... SI (\017).
screen_attributes() { tmux -L "$socket" capture-pane -p -e -t "$session" 2>/dev/null; }
row() { screen | sed -n "${1}p"; }  # row N (from 1)
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
# wait_row N TEXT: until row N starts with TEXT (5 s).
wait_row() {
  for _ in $(seq 1 50); do
    case $(row "$1") in "$2"*) return 0 ;; esac
    sleep 0.1
  done
  return 1
}
# eventually COMMAND...: until COMMAND succeeds (5 s). After a resize tmux first shows its own
# rewrap of the old screen; baton's redraw follows.
eventually() {
  for _ in $(seq 1 50); do
    if "$@"; then return 0; fi
    sleep 0.1
  done
  return 1
}
expect_screen() {  # expect_screen NAME TEXT
  if wait_for "$2"; then ok "$1"; else not_ok "$1 (no '$2' on screen)"; screen | sed 's/^/    | /'; fi
}
# The one selected option: the text after "=> " on the only row that has the marker.
selected() {
  local marked
  marked=$(screen | grep -- ' => ')
  [ "$(printf '%s\n' "$marked" | grep -c .)" -eq 1 ] && printf '%s\n' "${marked#*=> }"
}
selected_is() { [ "$(selected)" = "$1" ]; }
runs=0
start_menu() {  # start_menu ARGS...: the menu in a fresh 80x24 tmux session, TERM=$term
  # The new session first, the old one killed after: killing a server's last session makes the
  # server exit, and a new-session racing that exit was lost (seen once in make check).
  local old=$session
  runs=$((runs + 1))
  session=menu$runs
  tmux -L "$socket" -f /dev/null new-session -d -s "$session" -x 80 -y 24 \
    "env TERM=${term:-vt100} BATON_TCTI=$BATON_TCTI TSS2_LOG=all+none $baton menu --root $sim $*; echo MENU-EXITED \$?; sleep 30"
  [ -n "$old" ] && tmux -L "$socket" kill-session -t "$old" 2>/dev/null
}
resize() {  # resize COLUMNS ROWS: the window, as a terminal emulator would (SIGWINCH to baton)
  tmux -L "$socket" resize-window -t "$session" -x "$1" -y "$2"
}
# The rows (from 1) that are a rule, "2 20 23": whole rows of line drawing ('q' in tmux's text)
# or of '-' without it.
rule_rows() { screen | grep -nE '^(q+|-+)$' | cut -d: -f1 | tr '\n' ' ' | sed 's/ $//'; }
rules_at() { [ "$(rule_rows)" = "$1" ]; }
# help_only_at ROW: the help line is on ROW and on no other row.
help_only_at() { [ "$(screen | grep -n 'Enter boot  e edit' | cut -d: -f1 | tr '\n' ' ')" = "$1 " ]; }
same_screen() { screen | diff -q "$1" - >/dev/null; }  # same_screen FILE
# Whether row 2 (the rule under the title) is COLUMNS cells of the terminal's line drawing.
drawn_with_line_drawing() { screen_attributes | sed -n 2p | grep -qP "^(\e\[[0-9;]*m)*\x0eq{$1}\$"; }
# Whether the screen has no line drawing at all and row 2 is COLUMNS '-'.
drawn_in_ascii() { ! screen_attributes | grep -q $'\016' && row 2 | grep -qE "^-{$1}\$"; }

if ! start_swtpm "$work/tpm"; then not_ok "swtpm starts"; exit 1; fi
if tools/sim/make_machine.sh "$sim" "$baton" build/host/dts/qemu-pseries.dtb >"$work/make_machine.log" 2>&1; then
  ok "the simulated machine is made (list extended into swtpm)"
else
  not_ok "the simulated machine is made"; sed 's/^/    /' "$work/make_machine.log"; exit 1
fi

# ---- the simulated machine's options are the corpus's --------------------------------------------
# Each corpus device's options (device renamed as tests/data/sim/disks.txt says), and the
# test-only broken one; baton discover on the sim must find exactly these.
while read -r machine device sim_device; do
  case $machine in ''|'#'*) continue ;; esac
  jq -r --arg d "$device" --arg s "$sim_device" \
    '.options[] | select(.device == $d) | "\($s) \(.group // "-") \(.name)"' \
    "tests/data/config/$machine/expected.json"
done <tests/data/sim/disks.txt >"$work/expected-options"
echo "vdb1 - Broken kernel (not an ELF file)" >>"$work/expected-options"
"$baton" discover --root "$sim" --json 2>/dev/null |
  jq -r '.options[] | "\(.device) \(.group // "-") \(.name)"' >"$work/sim-options"
if [ "$(wc -l <"$work/expected-options")" -ge 20 ] && diff <(sort "$work/expected-options") <(sort "$work/sim-options") >"$work/options.diff"; then
  ok "the sim offers exactly the corpus's options and the broken one ($(wc -l <"$work/sim-options"))"
else
  not_ok "the sim offers the corpus's options"; sed 's/^/    /' "$work/options.diff"
fi

# ---- TERM=linux and TERM=xterm-256color: drawn, a key moves the selection, p and q ---------------
for term in linux xterm-256color; do
  start_menu --timeout 30
  expect_screen "$term: the menu lists the baton.conf default" "Production kernel  (default)"
  expect_screen "$term: the menu lists a BLS entry (grub2 blscfg)" "Fedora Linux (6.6.8-200.fc39.ppc64le) 39 (Server Edition)"
  expect_screen "$term: the menu lists an included syslinux label" "Live system, copied to RAM"
  check "$term: rules are drawn with the terminal's line drawing" drawn_with_line_drawing 80
  check "$term: the default is selected" eventually selected_is "Production kernel  (default)"
  keys Down  # stops the countdown only
  wait_for "Autoboot stopped." >/dev/null
  keys Down
  check "$term: Down moves the selection to the next option" eventually selected_is "Candidate kernel from the data disk"
  keys p
  expect_screen "$term: p shows the replay verdict 'replays'" "IMA list, sha1: replays  (sha256 replays"
  keys q
  expect_screen "$term: q returns to the menu" "Enter boot  e edit"
  check "$term: the selection is kept" selected_is "Candidate kernel from the data disk"
done
term=vt100

# ---- the menu lists the simulated options; the countdown runs and stops on a key ----------------
start_menu --timeout 30
expect_screen "the menu lists the baton.conf default" "Production kernel  (default)"
expect_screen "the menu lists a BLS entry (grub2 blscfg)" "Fedora Linux (6.6.8-200.fc39.ppc64le) 39 (Server Edition)"
expect_screen "the menu lists the kboot device" "[sdc1]"
expect_screen "the menu shows the autoboot countdown" "Booting the default in"
expect_screen "the option line says baton carries the list and measures" "baton carries it (kexec_load); baton measures"
check "vt100: rules are drawn with the terminal's line drawing" drawn_with_line_drawing 80
size=$(tmux -L "$socket" display -p -t "$session" '#{pane_width}x#{pane_height}')
[ "$size" = 80x24 ] && ok "the pane is 80x24" || not_ok "the pane is $size"
keys Down
if wait_for "Autoboot stopped." && ! screen | grep -q "Booting the default in"; then
  ok "a key stops the countdown"
else
  not_ok "a key stops the countdown"; screen | sed 's/^/    | /'
fi
sleep 1.5
# An empty or vanished screen would show no boot either: the menu must still be on it.
if ! screen | grep -qF "Enter boot  e edit"; then
  not_ok "no boot after the stopped countdown (the menu is not on the screen)"; screen | sed 's/^/    | /'
elif screen | grep -q "MENU-EXITED\|Booting:"; then not_ok "no boot after the stopped countdown"
else ok "no boot after the stopped countdown"; fi

# ---- the settings in the machine's NVRAM (dev/nvram, SLOF's) choose the countdown ---------------
# Written by powerpc-utils' nvram (tools/ppc64el/nvram.sh), as petitboot writes them.
set_nvram() {  # set_nvram KEY=VALUE
  tools/ppc64el/nvram.sh --update-config "$1" -p common --nvram-file "$sim/dev/nvram" ||
    not_ok "powerpc-utils' nvram sets $1"
}
set_nvram petitboot,timeout=300
start_menu
if wait_for "Booting the default in" && screen | grep -qE "Booting the default in (300|29[0-9]) s"; then
  ok "the NVRAM's petitboot,timeout is the countdown"
else
  not_ok "the NVRAM's petitboot,timeout is the countdown"; screen | sed 's/^/    | /'
fi
set_nvram auto-boot?=false
start_menu
if wait_for "Enter boot  e edit" && sleep 1 && ! screen | grep -q "Booting the default in"; then
  ok "auto-boot?=false in the NVRAM: no countdown"
else
  not_ok "auto-boot?=false in the NVRAM: no countdown"; screen | sed 's/^/    | /'
fi
set_nvram auto-boot?=
set_nvram petitboot,timeout=
# petitboot's boot order: the default of the device it names by UUID (sda2's Fedora BLS entry),
# not discovery's own (nvme0n1p2's "Production kernel"); a type no device has: no autoboot.
set_nvram "petitboot,bootdevs=uuid:5f8d2c61-0b5e-4b0e-9d63-4ad7a2d1c0e4 disk "
start_menu --timeout 300
if wait_for "Booting the default in" && screen | grep -q "(default)" &&
   screen | grep "(default)" | grep -q "Fedora Linux" && ! screen | grep -q "Production kernel  (default)"; then
  ok "the NVRAM's boot order (uuid:) chooses the autoboot option"
else
  not_ok "the NVRAM's boot order (uuid:) chooses the autoboot option"; screen | sed 's/^/    | /'
fi
set_nvram "petitboot,bootdevs=optical "
start_menu --timeout 300
if wait_for "no autoboot" && ! screen | grep -q "Booting the default in"; then
  ok "a boot order no device matches: no autoboot, and the menu says why"
else
  not_ok "a boot order no device matches: no autoboot, and the menu says why"; screen | sed 's/^/    | /'
fi
set_nvram petitboot,bootdevs=
# baton's own default option (baton,default, by title): an option no configuration makes a
# default, on a device of its own; a title no option has: the menu says so, and the boot order
# (here discovery's own choice) autoboots.
set_nvram "baton,default=Live system, copied to RAM"
start_menu --timeout 300
if wait_for "Booting the default in" && screen | grep -q "Live system, copied to RAM  (default)" &&
   ! screen | grep -q "Production kernel  (default)"; then
  ok "the NVRAM's baton,default chooses the autoboot option by its title"
else
  not_ok "the NVRAM's baton,default chooses the autoboot option by its title"; screen | sed 's/^/    | /'
fi
set_nvram "baton,default=Gone for good"
start_menu --timeout 300
if wait_for "Booting the default in" && screen | grep -q "Production kernel  (default)" && keys l &&
   wait_for "Autoboot stopped" && keys l && wait_for "The default option 'Gone for good' is not here: the boot order chose."; then
  ok "a baton,default no option has: the menu says so and autoboots discovery's choice"
else
  not_ok "a baton,default no option has: the menu says so and autoboots discovery's choice"; screen | sed 's/^/    | /'
fi
set_nvram baton,default=

# ---- restricted mode: a password in the NVRAM (mkpasswd's hash, set by baton config) ------------
if "$baton" config set password "$(mkpasswd -m sha-512 'let me in')" --root "$sim" >"$work/password.out" 2>&1; then
  ok "config set password stores mkpasswd's hash"
else
  not_ok "config set password stores mkpasswd's hash"; sed 's/^/    /' "$work/password.out"
fi
set_nvram auto-boot?=false  # no countdown: the first key is the operator's
start_menu
wait_for "Enter boot  e edit" && sleep 0.3
keys x
expect_screen "x asks for the password" "Password: _"
keys -l "guess" && keys Enter
expect_screen "a wrong password is refused and slowed down" "Wrong password (1 in a row). Wait"
if screen | grep -q "guess"; then not_ok "the typed password is never shown"; else ok "the typed password is never shown"; fi
sleep 2.2
keys Enter  # Enter alone: back to the menu
wait_for "Enter boot  e edit" && keys l
expect_screen "the status log records the wrong password" "a wrong password at the console (1 in a row)"
keys q
keys i
expect_screen "the information screen says where the settings are and that they restrict" "restricted mode (a password is set)"
keys q
keys e
expect_screen "e asks for the password" "To edit a boot option, give the password."
keys C-c
wait_for "Enter boot  e edit" && keys x
keys -l "let me in"
expect_screen "the password is drawn as stars" "Password: *********_"
keys Enter
expect_screen "the right password leaves for the shell" "MENU-EXITED 0"
set_nvram auto-boot?=
"$baton" config set password '' --root "$sim" >/dev/null 2>&1

# ---- c: the configuration screen writes the NVRAM, judged by powerpc-utils' nvram -------------
set_nvram auto-boot?=false
start_menu
wait_for "Enter boot  e edit" && sleep 0.3
keys c
expect_screen "c shows the settings and where they are kept" "Settings, kept in the NVRAM (/dev/nvram)"
keys Down C-u
keys -l "soon" && keys Down
expect_screen "a refused timeout is explained in place" "not a number of seconds"
keys C-u && keys -l "45" && keys Down
for _ in $(seq 1 20); do keys Down; sleep 0.05; if screen | grep -q '^> *\[ Save \]'; then break; fi; done
keys Enter
expect_screen "Save returns to the menu and says so" "Settings saved in the NVRAM (/dev/nvram)"
if [ "$(tools/ppc64el/nvram.sh --print-config=petitboot,timeout -p common --nvram-file "$sim/dev/nvram")" = 45 ]; then
  ok "nvram reads the timeout the configuration screen saved"
else
  not_ok "nvram reads the timeout the configuration screen saved"
fi
keys c
wait_for "Settings, kept in" && keys Down C-u && keys -l "99" && keys C-c
expect_screen "Ctrl-C leaves the configuration unsaved" "Settings not saved."
if [ "$("$baton" config get timeout --root "$sim" 2>/dev/null)" = 45 ]; then
  ok "an unsaved change is not written"
else
  not_ok "an unsaved change is not written"
fi
set_nvram auto-boot?=
set_nvram petitboot,timeout=
start_menu --timeout 30
wait_for "Booting the default in" && keys Down  # the menu is up; the key stops its countdown

# ---- the list scrolls to options below the first screen ----------------------------------------------
keys $(printf 'Down %.0s' $(seq 1 30))
expect_screen "the list scrolls to the test-only broken option" "=> Broken kernel (not an ELF file)"
expect_screen "the menu lists the yaboot option" "linux-2.6.32-696"
# At 80 columns "Advanced options for Debian GNU/Linux > Debian GNU/Linux, with Linux
# 6.1.0-13-powerpc64le (recovery mode)" loses its middle, and keeps the end that tells it apart.
expect_screen "the menu lists the grub2 submenu entries (group > title), a long one cut in the middle" "Advanced options for Deb..."
expect_screen "a long title keeps its end in view (kernel version, recovery mode)" "6.1.0-13-powerpc64le (recovery mode)"
expect_screen "the menu lists the grub2 custom.cfg entry" "Debian GNU/Linux rescue (hvc0)"
keys $(printf 'Up %.0s' $(seq 1 30))
expect_screen "the list scrolls back to the first option" "=> Production kernel  (default)"

# ---- p: PCR 10 and the replay verdict --------------------------------------------------------------
keys p
expect_screen "p shows the replay verdict 'replays' (this bank's, and the others')" "IMA list, sha1: replays  (sha256 replays"
expect_screen "p shows PCR 10" " 10 "
# One bank's 24 PCRs on one 80x24 screen (vt100), the chosen one (PCR 10) whole: tpm2_pcrread's.
expect_screen "the PCR screen shows PCR 0 and PCR 23 of the bank at 80x24" " 23 "
expect_screen "the PCR screen names what explains PCR 10" "PCR 10 (sha1), explained by the IMA list:"
tpm_pcr10() { tpm2_pcrread -T "$BATON_TCTI" "$1:10" | sed -n 's/.*10 *: *0x//p' | tr A-F a-f; }
sha1_10=$(tpm_pcr10 sha1) sha256_10=$(tpm_pcr10 sha256)
check "tpm2_pcrread reads PCR 10 in sha1 and sha256" eval '[ ${#sha1_10} = 40 ] && [ ${#sha256_10} = 64 ]'
expect_screen "PCR 10 in full, as tpm2_pcrread reads it (sha1)" "${sha1_10:-no value}"
keys n
expect_screen "n shows the next bank" "PCRs: sha256 bank (2 of 4)"
expect_screen "PCR 10 in full, as tpm2_pcrread reads it (sha256)" "${sha256_10:-no value}"
keys Right j
expect_screen "the arrows (and j) choose another PCR" "PCR 23 (sha256):"
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

# ---- resize: 100x30 and back to 80x24 ---------------------------------------------------------------
start_menu --timeout 30
wait_for "Booting the default in" >/dev/null
resize 100 30
check "after a resize to 100x30 the help line is on the new last row, once" eventually help_only_at 30
check "at 100x30 the rules are at rows 2, 26 and 29 (no stale rule)" eventually rules_at "2 26 29"
check "at 100x30 the rules are 100 columns wide" drawn_with_line_drawing 100
check "at 100x30 the list shows more options" wait_for "Debian GNU/Linux, with Linux 6.1.0-13-powerpc64le" 1
check "a resize does not stop the countdown" wait_row 28 "Booting the default in"
resize 80 24
check "back at 80x24 the rules are at rows 2, 20 and 23 (tmux's rewrap is redrawn)" eventually rules_at "2 20 23"
check "back at 80x24 the help line is on row 24, once" eventually help_only_at 24
keys Down  # stops the countdown: the screen is still from here on
wait_for "Autoboot stopped." >/dev/null
sleep 0.3
screen >"$work/screen-80x24"
resize 100 30
wait_row 30 "Enter boot  e edit"
resize 80 24
check "after 100x30 and back, the 80x24 screen is the one before (nothing stale)" \
  eventually same_screen "$work/screen-80x24"
resize 40 9
check "a terminal under 40x10 is told it is too small" wait_for "the terminal is too small"
resize 80 24
check "after the too-small terminal, the 80x24 screen is the one before" eventually same_screen "$work/screen-80x24"
keys x

# ---- line drawing: --ascii, a terminal without it, a terminal that cannot address the cursor -------
start_menu --timeout 30 --ascii
wait_for "Booting the default in" >/dev/null
check "--ascii draws the rules with '-'" drawn_in_ascii 80
check "--ascii: the rules are at rows 2, 20 and 23" test "$(rule_rows)" = "2 20 23"
term=xterm-r5  # terminfo without acsc
start_menu --timeout 30
wait_for "Booting the default in" >/dev/null
check "xterm-r5 (no acsc in terminfo): rules fall back to '-' on their own" drawn_in_ascii 80
term=dumb  # no cursor addressing
start_menu --timeout 30
check "TERM=dumb is refused in words, exit 2" wait_for "MENU-EXITED 2"
expect_screen "TERM=dumb: the message says why" "cannot move the cursor"
term=vt100

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
keys $(printf 'Down %.0s' $(seq 1 30))
wait_for "=> Broken kernel (not an ELF file)" >/dev/null
keys Enter
expect_screen "a failing boot returns to the menu with its message" "failed: build the tree"
keys x
expect_screen "x leaves the menu" "MENU-EXITED 0"

# ---- non-interactive: --auto and baton boot ---------------------------------------------------------
if BATON_TCTI=$BATON_TCTI "$baton" boot --root "$sim" --option debian-rescue --yes >"$work/boot.out" 2>&1 \
   && grep -q "stopped before the reboot" "$work/boot.out"; then
  ok "baton boot --option NAME --yes plans the boot"
else
  not_ok "baton boot --option NAME --yes"; sed 's/^/    /' "$work/boot.out"
fi
# The boot hashes the kernel and the initrd while it reads them (two threads, piece by piece):
# the ima-ng digests it carries are the files' own sha256, as sha256sum computes them.
"$baton" ima unpack "$sim/plan/ima.bin" -o "$work/boot.list" >/dev/null 2>&1 &&
  "$baton" ima show "$work/boot.list" >"$work/boot.show" 2>&1 || : >"$work/boot.show"
for file in vmlinux-6.1.0-13-powerpc64le initrd.img-6.1.0-13-powerpc64le; do
  check "baton boot measured /$file as sha256sum hashes it" \
    grep -q "sha256:$(sha256sum "$sim/disks/vda2/$file" | cut -d' ' -f1) /$file\$" "$work/boot.show"
done
# The broken kernel must be on the sim (a missing one would fail too), and the refusal say why.
(cd "$work" && refused boot-broken-kernel 1 "build the tree: file is smaller than an ELF header" \
  "$sim/disks/vdb1/boot/broken-vmlinux" -- "$baton" boot --root "$sim" --option broken --yes)
start_menu --auto 3 --timeout 1
expect_screen "menu --auto N boots option N after the timeout" "MENU-EXITED 0"
# Every initrd of the sim is random bytes of its own: the plan's is option 3's (Fedora 6.6.8).
check "menu --auto 3 booted option 3 (its initrd is in the plan)" \
  cmp -s "$sim/plan/initrd.bin" "$sim/disks/sda2/initramfs-6.6.8-200.fc39.ppc64le.img"

# ---- every option whose files the corpus resolves plans on the sim ---------------------------------
count=$(wc -l <"$work/sim-options")
planned=0 refused=
for index in $(seq 0 $((count - 1))); do
  if BATON_TCTI=$BATON_TCTI "$baton" boot --root "$sim" --option "$index" --yes >"$work/boot-$index.out" 2>&1; then
    planned=$((planned + 1))
  else
    refused="$refused $index"
  fi
done
# Option 2 names a USB stick that is not plugged in (label=INSTALLER); the last is the broken one.
check "every option with its files present plans ($planned of $count; refused:$refused)" \
  test "$refused" = " 2 $((count - 1))"
