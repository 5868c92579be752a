#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make e2e` (and the "e2e" suite of `make check`): real ppc64le kernels under QEMU pseries with
# SLOF and a swtpm vTPM (tpm-spapr), the boot image of `make image` as their initramfs, kexec, and
# the next kernel's own IMA restoring the measurement list. Everything is driven by the kernel
# command line (tests/e2e/guest/e2e-driver, a start-up hook of the image's own /init, reads
# e2e_*); the host only reads the console's E2E- markers and judges with what the kernel said and
# tools we did not write (evmctl, sha256sum, dtc, fdtget: tests/e2e/judge.sh); baton's own replay
# is judged as baton's.
#
#   tests/e2e/run.sh [SCENARIO|GUEST]...   default: every guest; else the guests named or
#                                          holding the scenarios named
#
# Prints one TAP-style line per assertion ("ok - ..." / "not ok - ..."), "#" lines for
# information, one "# scenario NAME: ok|FAILED ..." line per scenario, and a last line
# "N passed, M failed". Each guest's console log (host time stamps in front) is kept as
# build/e2e/logs/GUEST.console.log, swtpm's log beside it. Starts and stops only its own
# processes (swtpm, QEMU, both under a time limit).
#
# Environment: BATON_E2E_TIMEOUT (seconds per guest, default 120), BATON_E2E_JOBS (guests
# booting at once, default 2: each QEMU is one host thread per vCPU, and the host's checks of one
# guest run while the others boot).
set -u
cd "$(dirname "$0")/../.."
root=$PWD
baton=$root/build/host/baton
image=$root/build/image/initramfs.cpio.gz
sysroot=$root/build/ppc64el/sysroot
logs=$root/build/e2e/logs
work=$root/build/e2e/work
timeout_seconds=${BATON_E2E_TIMEOUT:-120}
jobs=${BATON_E2E_JOBS:-2}
# The second console of the "console" extra (a spapr-vty beside QEMU's first one, which
# QEMU puts at 0x71000000).
second_vty=/vdevice/vty@71000010

# ---- guests and scenarios ---------------------------------------------------------------------
# Each guest is one QEMU boot (SLOF, about 7 s, then its first kernel) and a chain of kexecs; the
# scenarios are hops of those chains, so that they share the firmware's boot.
#
# guest | kernels, one per stage | plan: how each stage leaves | CPUs | extras
#   kernels: mini = the test kernel (tests/e2e/kernel.config), stock = Debian's ppc64el kernel
#   plan:    one step per hop (tests/e2e/guest/e2e-driver, e2e_plan): file (kexec-tools kexec -s,
#            kexec_file_load), load (kexec-tools kexec -l, kexec_load), baton:load|baton:file
#            (baton kexec load --method, then baton kexec exec), menu (baton's boot menu, driven
#            from tmux); +compare, +postload, +console, +quote (below)
#   What a hop must show follows from its step and its target kernel:
#     carry      file, baton:*, menu into the test kernel: the list travels (the count grows,
#                earlier entries byte for byte, the next kernel removed linux,ima-kexec-buffer from
#                /chosen); through baton also baton's measurement of the next kernel (ima-ng
#                entries of /boot/vmlinux and /boot/initrd.gz, the ima-buf kexec-cmdline entry)
#     reset      load: negative control: the list does not travel, and from then on the TPM's PCR
#                10 no longer replays from the list (baton and evmctl both say no)
#     norestore  baton:* into the stock kernel: negative control: it cannot restore, the property
#                stays in /chosen, and baton warned before the boot
#     refused    +postload: negative control: a program runs after baton loaded the next kernel;
#                its measurement is not in the carried list, so baton kexec exec refuses (the chain
#                ends there)
#   Every stage's list must replay to the TPM (baton in the guest, baton and evmctl on the host)
#   until a reset or norestore hop, and must not replay after it.
#   extras (QEMU):
#     console    a second console (spapr-vty at $second_vty, logged apart); +console makes it the
#                next kernel's /chosen/stdout-path, so the next kernel's hvc0 (console=hvc0 as
#                before) is the second vty
#     menu       a disk (spapr-vscsi, MBR, ext4) with a grub.cfg and the next stages' kernel and
#                initrd; the first stage (Debian's stock kernel: the test kernel has no block
#                layer) loads its disk modules, the menu step opens baton's boot menu on hvc0, and
#                the host selects the second option and presses Enter; and an NVRAM (SLOF's
#                image, spapr-nvram) where powerpc-utils wrote petitboot,timeout=37 and a
#                password (mkpasswd): the menu counts down from 37, refuses a wrong password at
#                x, opens the configuration screen (c) with the right one, saves a timeout of
#                25 and the console /dev/hvc1 through /dev/nvram (so the next kernel writes to
#                the second vty), and powerpc-utils reads both from QEMU's file after the
#                guest; then the guest is powered on again with that NVRAM (menu_restart): its
#                menu counts down from 25, and its rescue shell shows that the kernel's
#                messages were quieted while the menu ran and are back for the shell; the
#                disk's grubenv one-shot (next_entry) is cleared at the boot, as grub-editenv
#                would, because the NVRAM allows disk writes
#   +quote:      before its state the stage runs baton attest quote with this run's nonce
#                (e2e_nonce); tpm2_checkquote judges the four files on the host, and the quoted
#                sha256 PCR 10 must be the dumped one (to which the dumped list replays)
#   kernels: signed = the test kernel signed with sign-file by the key its build made (the one
#            in its .ima keyring); the archive that carries it also carries its variants
#            (/boot/vmlinux.tampered: one byte changed; .unsigned: the test kernel; .other: signed
#            by a key made for this run), the certificate as the image's trust anchor
#            (/etc/baton/keys/e2e-kernel.der) and the firmware's setting enforce
#            (/etc/baton/signed-boot)
#   +signed:     baton verify on the variants, and baton kexec load of the tampered one, which
#                must be refused; the signed one is booted, and the next list holds baton's
#                ima-modsig entry (d-ng, d-modsig and modsig judged from the file on the host)
#   +appraise:   the policy appraises kexec kernels (imasig|modsig); the kernel's verdict
#                (kexec -s) on every variant must be baton verify's, and the kernel's own
#                ima-modsig entry for the signed kernel must equal baton's, line for line
#   +compare:    the stage first times kexec-tools' kexec -l and baton kexec load (measuring) on
#                the same kernel, initrd and command line (E2E-COMPARE), reported here and
#                judged by `make bench` (within 1.2x: a speed is a benchmark's, not a test's);
#                then baton's measured load --exec, timed to reboot(2), reported
# Guests boot in this order, $jobs at a time, each next one as soon as one ends; the order
# balances the two lanes (the two longest first; smp2 has two vCPUs and so goes last).
guests=(
  "baton-chain|mini,mini,mini,mini,mini|baton:load+compare+quote,baton:load,baton:load,baton:file|1|-"
  "boot-menu|stock,mini,stock|menu,baton:load|1|menu"
  "kexec-tools|mini,mini,mini,mini|file,load,baton:load+postload|1|-"
  "signed-boot|mini,signed,signed|baton:load+signed,file+appraise|1|-"
  "smp2|mini,mini|baton:load+console|2|console"
)
# scenario | guest | its hops (N or FIRST-LAST) | what it shows
scenarios=(
  "kexec-file|kexec-tools|1|kexec-tools kexec -s (kexec_file_load): the kernel carries the list"
  "kexec-load|kexec-tools|2|kexec-tools kexec -l (kexec_load) does not carry the list"
  "post-snapshot|kexec-tools|3|a measurement after the snapshot: baton's recheck refuses the reboot"
  "baton-load|baton-chain|1|baton's kexec_load path carries the list, one CPU; timed against kexec -l (judged by make bench); a quote of the vTPM that tpm2_checkquote accepts"
  "baton-3hops|baton-chain|1-3|three hops through baton's kexec_load: no stale property, no leaked reservation"
  "baton-file|baton-chain|4|kexec_file_load chosen by baton: the kernel carries the list"
  "boot-menu|boot-menu|1|the boot menu over the serial console (tmux), on Debian's stock kernel and a real disk (vSCSI, ext4): select, boot; settings saved in the NVRAM survive a power cycle, the console chosen there is the next kernel's"
  "stock-to-mini|boot-menu|1|Debian's stock kernel hands over to the test kernel through baton (the menu's kexec_load)"
  "mini-to-stock|boot-menu|2|a target that cannot restore (Debian's stock kernel): baton warns before the boot"
  "signed-boot|signed-boot|1|verified boot on baton's kexec_load: the setting's enforce refuses a tampered kernel and boots the signed one, recorded as ima-modsig; the list replays"
  "signed-appraise|signed-boot|2|the kernel's own appraisal (imasig|modsig) and baton verify agree on a signed, a tampered, an unsigned and a foreign-signed kernel; the kernel's ima-modsig entry equals baton's"
  "baton-load-smp2|smp2|1|baton's kexec_load path with two CPUs; the console chosen in baton (stdout-path) is the next kernel's"
)

# The guests that may be booted a second time after the vTPM failure described in boot_guest:
# only the one whose hops are kexec-tools' controls.
retry_guests=(kexec-tools)

# ---- reporting --------------------------------------------------------------------------------
passed=0
failed=0
# Each result also counts for the hop being judged (GUEST:HOP; hop 0 is the first stage and the
# guest as a whole), so that the end can say how each scenario fared.
declare -A hop_passed hop_failed
counting=
ok() {
  echo "ok - $*"
  passed=$((passed + 1))
  [ -n "$counting" ] && hop_passed[$counting]=$(( ${hop_passed[$counting]:-0} + 1 ))
}
not_ok() {
  echo "not ok - $*"
  failed=$((failed + 1))
  [ -n "$counting" ] && hop_failed[$counting]=$(( ${hop_failed[$counting]:-0} + 1 ))
}
check() {  # check DESCRIPTION COMMAND...: ok when the command succeeds
  local what=$1
  shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}
note() { echo "# $*"; }
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}

# ---- processes: only our own, always stopped --------------------------------------------------
pids=()
socket_dir=
stop_all() {
  local pid
  for pid in "${pids[@]}"; do
    case "$pid" in
      tmux:*) tmux -L "${pid#tmux:}" kill-server 2>/dev/null ;;
      *) kill "$pid" 2>/dev/null ;;
    esac
  done
  for pid in "${pids[@]}"; do [[ "$pid" == tmux:* ]] || wait "$pid" 2>/dev/null; done
  pids=()
  [ -n "$socket_dir" ] && rm -rf "$socket_dir"
}
trap 'stop_all' EXIT
trap 'stop_all; exit 130' INT TERM

. tests/e2e/judge.sh

now_us() { local t=${EPOCHREALTIME/./}; echo $((10#$t)); }

stamp() {  # stamp START_US: copies stdin to stdout with "[seconds since START]" in front
  local start=$1 line t
  while IFS= read -r line || [ -n "$line" ]; do
    t=$(( ${EPOCHREALTIME/./} - start ))
    printf '[%4d.%03d] %s\n' $((t / 1000000)) $((t / 1000 % 1000)) "${line%$'\r'}"
  done
}

# boot NAME KERNEL INITRD APPEND CPUS EXTRAS: runs QEMU with a fresh swtpm until the guest powers
# off or the time limit; the console log is $logs/NAME.console.log. Sets boot_status (QEMU's exit
# status, 124 on time-out) and boot_seconds. EXTRAS: see the scenario table (console, menu).
boot() {
  local name=$1 kernel=$2 initrd=$3 append=$4 cpus=$5 extras=$6 state=$work/$1/tpm log=$logs/$1.console.log
  local start swtpm_pid qemu_pid stamp_pid fd i qemu
  rm -rf "$state" "$logs/$name.console2.log" && mkdir -p "$state"
  socket_dir=$(mktemp -d "${TMPDIR:-/tmp}/baton-e2e.XXXXXX")
  swtpm socket --tpm2 --tpmstate dir="$state" --ctrl type=unixio,path="$socket_dir/swtpm.sock" \
    --terminate --log file="$logs/$name.swtpm.log",level=1 </dev/null >"$logs/$name.swtpm.out" 2>&1 &
  swtpm_pid=$!
  pids+=("$swtpm_pid")
  for i in $(seq 50); do [ -S "$socket_dir/swtpm.sock" ] && break; sleep 0.1; done
  qemu=(timeout --kill-after=5 "$timeout_seconds" qemu-system-ppc64
    -M pseries,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off
    -nodefaults -cpu POWER9 -m "${BATON_E2E_MEMORY:-2G}" -smp "$cpus" -display none -vga none -monitor none -no-reboot
    -kernel "$kernel" -initrd "$initrd" -append "$append"
    -chardev "socket,id=chrtpm,path=$socket_dir/swtpm.sock" -tpmdev emulator,id=tpm0,chardev=chrtpm
    -device tpm-spapr,tpmdev=tpm0)
  if [[ " $extras " == *" console "* || " $extras " == *" menu "* ]]; then
    qemu+=(-chardev "file,id=vty1,path=$logs/$name.console2.log" -device "spapr-vty,chardev=vty1,reg=0x${second_vty##*@}")
  fi
  start=$(now_us)
  if [[ " $extras " == *" menu "* ]]; then
    qemu+=(-device spapr-vscsi,id=scsi0 -device scsi-hd,drive=disk0,bus=scsi0.0
      -drive "file=$work/$name/disk.img,if=none,id=disk0,format=raw"
      -drive "file=$work/$name/nvram.img,if=none,id=nvram0,format=raw" -global spapr-nvram.drive=nvram0
      -chardev "stdio,id=con,signal=off,logfile=$log.raw" -serial chardev:con)
    # --foreground: QEMU must stay in the terminal's foreground process group, or its first
    # change to the terminal's modes stops it (SIGTTOU).
    boot_in_tmux "$name" timeout --foreground "${qemu[@]:1}"
  else
    exec {fd}> >(stamp "$start" >"$log")
    stamp_pid=$!
    "${qemu[@]}" -serial stdio </dev/null >&"$fd" 2>&1 &
    qemu_pid=$!
    pids+=("$qemu_pid")
    exec {fd}>&-
    wait "$qemu_pid"
    boot_status=$?
    # The stamper ends when QEMU's output closes.
    for i in $(seq 50); do kill -0 "$stamp_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  boot_seconds=$(( ($(now_us) - start) / 1000 ))
  boot_seconds=$((boot_seconds / 1000)).$(printf '%03d' $((boot_seconds % 1000)))
  # swtpm ends with QEMU (--terminate).
  for i in $(seq 30); do kill -0 "$swtpm_pid" 2>/dev/null || break; sleep 0.1; done
  stop_all
}

# boot_in_tmux NAME QEMU...: QEMU with its console in an 80x24 tmux pane (TERM=vt100 in the
# guest, as on a serial line); the host waits for baton's menu, drives it (menu_first or
# menu_restart, as $menu_visit says), and waits for QEMU to end. The console log is QEMU's own
# copy of the guest's output, without escape sequences and carriage returns.
boot_in_tmux() {
  local name=$1 dir=$work/$1 log=$logs/$1.console.log tsock=baton-e2e-$$-$1 i
  shift
  rm -f "$log.raw" "$dir/qemu.status" "$dir"/menu-screen-*.txt
  tmux -L "$tsock" -f /dev/null new-session -d -s e2e -x 80 -y 24 \
    "$(printf '%q ' "$@"); echo \$? >$(printf '%q' "$dir/qemu.status")"
  pids+=("tmux:$tsock")
  screen_text() { tmux -L "$tsock" capture-pane -p -t e2e 2>/dev/null; }
  alive() { tmux -L "$tsock" has-session -t e2e 2>/dev/null; }
  wait_screen() {  # wait_screen TEXT: until the screen shows TEXT (at most 10 s)
    local j
    for j in $(seq 50); do screen_text | grep -qF -- "$1" && return; sleep 0.2; done
  }
  type_line() {  # type_line TEXT: TEXT typed, then Enter
    tmux -L "$tsock" send-keys -t e2e -l "$1" && sleep 0.2
    tmux -L "$tsock" send-keys -t e2e Enter
  }
  for i in $(seq $((timeout_seconds * 2))); do
    alive || break
    screen_text | grep -q "e2e: the next stage" && break
    sleep 0.5
  done
  if alive; then "menu_${menu_visit:-first}"; fi
  for i in $(seq $((timeout_seconds * 2))); do alive || break; sleep 0.5; done
  tmux -L "$tsock" kill-server 2>/dev/null
  boot_status=$(cat "$dir/qemu.status" 2>/dev/null || echo 124)
  sed -e 's/\r//g' -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1b[()][0-9A-Za-z]//g' -e 's/\x1b[=>78]//g' \
    "$log.raw" >"$log" 2>/dev/null
}

# The first power-on: saves the screen, presses Down (which stops the countdown), gives x a wrong
# password, opens the configuration screen (c) with the right one, sets the timeout to 25 and
# the console to /dev/hvc1 (the second vty) and saves them into the NVRAM, presses Down (to the
# second option), saves the screen again, and presses Enter.
menu_first() {
  local j
  wait_screen "Booting the default in"  # the countdown runs: the screen is complete
  screen_text >"$dir/menu-screen-1.txt"
  tmux -L "$tsock" send-keys -t e2e Down  # stops the countdown (and does nothing else)
  wait_screen "Autoboot stopped"
  screen_text >"$dir/menu-screen-stopped.txt"
  # Restricted mode (a password in the NVRAM): x asks for it and refuses a wrong one; then c,
  # with the right one, opens the configuration screen.
  tmux -L "$tsock" send-keys -t e2e x
  wait_screen "Password: _"
  type_line guess
  wait_screen "Wrong password (1 in a row)"
  screen_text >"$dir/menu-screen-wrong.txt"
  sleep 2.5
  tmux -L "$tsock" send-keys -t e2e Enter  # Enter alone: back to the menu
  wait_screen "Enter boot  e edit"
  tmux -L "$tsock" send-keys -t e2e c
  wait_screen "To change the settings, give the password."
  type_line "$(cat "$dir/password")"
  # c: the configuration screen; the timeout (its second field) set to 25, the console (its
  # fifth) to /dev/hvc1, and saved.
  wait_screen "Settings, kept in"
  screen_text >"$dir/menu-screen-config.txt"
  tmux -L "$tsock" send-keys -t e2e Down && sleep 0.2
  tmux -L "$tsock" send-keys -t e2e C-u && sleep 0.2
  tmux -L "$tsock" send-keys -t e2e -l 25 && sleep 0.2
  for j in 1 2 3; do tmux -L "$tsock" send-keys -t e2e Down; sleep 0.2; done  # boot-order, network, console
  tmux -L "$tsock" send-keys -t e2e -l /dev/hvc1 && sleep 0.2
  for j in 1 2 3 4 5 6; do tmux -L "$tsock" send-keys -t e2e Up; sleep 0.2; done  # … autoboot, Cancel, Save
  wait_screen "> [ Save ]"
  screen_text >"$dir/menu-screen-edited.txt"
  tmux -L "$tsock" send-keys -t e2e Enter
  wait_screen "Settings saved in"
  screen_text >"$dir/menu-screen-saved.txt"
  tmux -L "$tsock" send-keys -t e2e Down
  wait_screen "=> e2e: the next stage"
  sleep 0.3  # the rest of the line (who carries the list) follows the selection
  screen_text >"$dir/menu-screen-2.txt"
  tmux -L "$tsock" send-keys -t e2e Enter
}

# The second power-on, with the NVRAM the first one left: saves the counting screen, stops the
# countdown, leaves for the rescue shell with the password, and there prints the console log
# level and how many times the kernel logged baton's ext4 mount (E2E-SHELL-2), writes a level-4
# kernel message (E2E-KMSG 42, a text the typed command does not hold), and powers off.
menu_restart() {
  wait_screen "Booting the default in"
  screen_text >"$dir/menu-screen-1.txt"
  tmux -L "$tsock" send-keys -t e2e Down
  wait_screen "Autoboot stopped"
  tmux -L "$tsock" send-keys -t e2e x
  wait_screen "Password: _"
  type_line "$(cat "$dir/password")"
  wait_screen "Rescue shell (busybox)"
  sleep 0.5
  # Each command prints a text it does not hold itself (the typed line is echoed too).
  type_line 'echo E2E-SHELL-$((1 + 1)) level=$(cut -f1 /proc/sys/kernel/printk) ext4=$(dmesg | grep -c "EXT4-fs (sda1)")'
  wait_screen "E2E-SHELL-2 level="
  type_line 'echo "<4>E2E-KMSG $((6 * 7))" >/dev/kmsg'
  wait_screen "E2E-KMSG 42"
  screen_text >"$dir/menu-screen-shell.txt"
  type_line 'poweroff -f'
}

# ---- markers ----------------------------------------------------------------------------------
# load_console GUEST: work/GUEST/console.txt, the console log without the host's time stamps and
# without carriage returns (with a second console, the "console" extra, its log follows).
load_console() {
  {
    sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' "$logs/$1.console.log"
    if [ -f "$logs/$1.console2.log" ]; then tr -d '\r' <"$logs/$1.console2.log"; fi
  } >"$work/$1/console.txt" 2>/dev/null
}
marker() {  # marker GUEST PATTERN: the E2E- lines matching PATTERN (extended regexp)
  grep -E "^E2E-$2" "$work/$1/console.txt"
}
between() {  # between GUEST BEGIN END: the lines after the line BEGIN, up to one starting with END
  awk -v b="$2" -v e="$3" '
    index($0, b) == 1 && length($0) == length(b) { on = 1; next }
    index($0, e) == 1 { on = 0; exit }
    on { print }' "$work/$1/console.txt"
}
stage_text() {  # stage_text GUEST N: what stage N's userspace printed (up to stage N+1's start)
  awk -v b="E2E-BEGIN stage=$2 " -v e="E2E-BEGIN stage=$(($2 + 1)) " '
    index($0, b) == 1 { on = 1 } index($0, e) == 1 { exit } on { print }' "$work/$1/console.txt"
}
field() {  # field LINE KEY: the value of KEY=... in a marker line
  sed -nE "s/.*(^| )$2=([^ ]*).*/\\2/p" <<<"$1" | head -n 1
}

# extract_stage GUEST STAGE DIR: writes DIR/stage-N.bin (the list), .ascii (the kernel's ASCII
# rendering of it), .fdt (the flattened tree the kernel booted with), .sha1 and .sha256 (PCR
# files); returns 1 when the stage's list did not arrive intact.
extract_stage() {
  local name=$1 n=$2 dir=$3 end bank
  between "$name" "E2E-IMABIN-BEGIN stage=$n" "E2E-IMABIN-END stage=$n " | base64 -d >"$dir/stage-$n.bin" 2>/dev/null
  between "$name" "E2E-IMAASCII-BEGIN stage=$n" "E2E-IMAASCII-END stage=$n" | base64 -d >"$dir/stage-$n.ascii" 2>/dev/null
  between "$name" "E2E-FDT-BEGIN stage=$n" "E2E-FDT-END stage=$n" | base64 -d >"$dir/stage-$n.fdt" 2>/dev/null
  for bank in sha1 sha256; do
    marker "$name" "PCR stage=$n bank=$bank index=" |
      awk '{ split($4, i, "="); split($5, v, "="); printf "PCR-%02d: %s\n", i[2], tolower(v[2]) }' \
      >"$dir/stage-$n.$bank"
  done
  end=$(marker "$name" "IMABIN-END stage=$n " | head -n 1)
  [ -n "$end" ] && [ -s "$dir/stage-$n.bin" ] &&
    [ "$(field "$end" bytes)" = "$(stat -c %s "$dir/stage-$n.bin")" ] &&
    [ "$(field "$end" sha256)" = "$(sha256sum <"$dir/stage-$n.bin" | cut -d' ' -f1)" ]
}

# ---- assertions on one stage ------------------------------------------------------------------
# check_stage GUEST STAGE DIR REPLAYS(yes|no): the list, the TPM, baton in the guest, and the
# host's replay with baton and evmctl (one bank per evmctl run: its exit status reflects only
# the last bank it compared).
check_stage() {
  local name=$1 n=$2 dir=$3 replays=$4 p="$1: stage $2" out rc bank want line count replayed
  if ! marker "$name" "USERSPACE-DONE stage=$n\$" >/dev/null; then
    not_ok "$p reached userspace and finished (no E2E-USERSPACE-DONE stage=$n; log $logs/$name.console.log)"
    return
  fi
  ok "$p reached userspace and finished"
  if ! extract_stage "$name" "$n" "$dir"; then
    not_ok "$p measurement list arrived intact over the console (log $logs/$name.console.log)"
    return
  fi
  ok "$p measurement list arrived intact ($(stat -c %s "$dir/stage-$n.bin") bytes, same sha256 as in the guest)"
  line=$(marker "$name" "TPM stage=$n ")
  if [ "$(field "$line" version)" = 2 ] && [ "$(wc -l <"$dir/stage-$n.sha1" 2>/dev/null)" = 24 ] &&
     [ "$(grep -cE '^PCR-[0-9]{2}: [0-9a-f]{64}$' "$dir/stage-$n.sha256")" = 24 ]; then
    ok "$p sees a TPM 2.0 with sha1 and sha256 PCR banks"
  else
    not_ok "$p sees no TPM 2.0 with sha1 and sha256 banks ($line)"
  fi
  # Counted from the kernel: its runtime_measurements_count and its own ASCII list.
  line=$(marker "$name" "PCR10 stage=$n ")
  count=$(field "$line" count)
  check "$p the kernel's count ($count) is the number of entries of its ASCII list" \
    eval '[ -n "$count" ] && [ "$count" -gt 0 ] && [ -s "$dir/stage-$n.ascii" ] && [ "$count" = "$(wc -l <"$dir/stage-$n.ascii")" ]'
  "$baton" ima show "$dir/stage-$n.bin" >"$dir/stage-$n.baton-ascii" 2>&1
  check "$p baton ima show of the binary list is the kernel's ASCII list, byte for byte" \
    eval '[ -s "$dir/stage-$n.ascii" ] && cmp -s "$dir/stage-$n.ascii" "$dir/stage-$n.baton-ascii"'
  if [ "$n" = 1 ]; then
    line=$(head -n 1 "$dir/stage-$n.ascii")
    check "$p first entry is a non-zero boot_aggregate (the firmware measured into PCR 0-7)" \
      eval '[[ "$line" =~ \ boot_aggregate\ ?$ ]] && ! [[ "$line" =~ :0+\ boot_aggregate ]]'
  fi

  # baton in the guest, on the real kernel's list
  if marker "$name" "BATON stage=$n " >/dev/null; then
    out=$(marker "$name" "BATON-OUT stage=$n step=replay: " | sed 's/^[^:]*: //')
    rc=$(field "$(marker "$name" "BATON stage=$n step=replay ")" rc)
    if [ "$replays" = yes ]; then
      check "$p baton ima replay in the guest: the live list replays to the TPM (sha1, sha256)" \
        eval '[ "$rc" = 0 ] && grep -q "^sha1: replays" <<<"$out" && grep -q "^sha256: replays" <<<"$out"'
    else
      check "$p baton ima replay in the guest: the live list does not replay (exit 1, both banks)" \
        eval '[ "$rc" = 1 ] && grep -q "^sha1: does not replay" <<<"$out" && grep -q "^sha256: does not replay" <<<"$out"'
    fi
    for want in pack check; do
      rc=$(field "$(marker "$name" "BATON stage=$n step=$want ")" rc)
      check "$p baton ima $want of the live list in the guest succeeds" [ "$rc" = 0 ]
    done
  else
    not_ok "$p baton ran in the guest (no E2E-BATON stage=$n marker)"
  fi

  # the host's replay of the list to the guest's PCRs: baton, then evmctl (the judge we did not
  # write), which must match at the kernel's last entry; a list that must not replay must be read
  # whole and differ from the TPM's value in both banks.
  "$baton" ima replay "$dir/stage-$n.bin" --pcrs sha1,"$dir/stage-$n.sha1" \
    --pcrs sha256,"$dir/stage-$n.sha256" >"$dir/stage-$n.replay" 2>&1
  rc=$?
  if [ "$replays" = yes ]; then
    check "$p baton ima replay on the host: the list replays to PCR 10 (sha1, sha256)" [ "$rc" = 0 ]
  else
    check "$p baton ima replay on the host: the list does not replay to PCR 10 (exit 1, both banks)" \
      eval '[ "$rc" = 1 ] && grep -q "^sha1: does not replay" "$dir/stage-$n.replay" &&
            grep -q "^sha256: does not replay" "$dir/stage-$n.replay"'
  fi
  for bank in sha1 sha256; do
    evmctl_run "$bank" "$dir/stage-$n.$bank" "$dir/stage-$n.bin" "$dir/stage-$n.evmctl-$bank"
    if [ "$replays" = yes ]; then
      out=$(replays_whole "$dir/stage-$n.evmctl-$bank" "$bank" "$count")
      check "$p evmctl ima_measurement: the whole list replays to PCR 10 ($out)" \
        quietly replays_whole "$dir/stage-$n.evmctl-$bank" "$bank" "$count"
    else
      want=$(sed -nE 's/^PCR-10: ([0-9a-f]+)$/\1/p' "$dir/stage-$n.$bank")
      replayed=$(sed -nE "s/^$bank PCR-10: ([0-9a-f]+)$/\1/p" "$dir/stage-$n.replay")
      out=$(does_not_replay "$dir/stage-$n.evmctl-$bank" "$bank" "$want" "$count" "$replayed")
      check "$p evmctl ima_measurement: the list is read whole and does not replay to PCR 10 ($out)" \
        quietly does_not_replay "$dir/stage-$n.evmctl-$bank" "$bank" "$want" "$count" "$replayed"
    fi
  done

  # The firmware's event log, as SLOF wrote it, replayed by baton into the guest's PCR 0-9. After
  # a kexec the log comes through baton's handover (linux,sml-base and its reservation kept).
  between "$name" "E2E-BIOSLOG-BEGIN stage=$n" "E2E-BIOSLOG-END stage=$n" | base64 -d >"$dir/stage-$n.bios" 2>/dev/null
  if [ "$bios_luck" = yes ]; then
    # kexec-tools' kexec -l copies linux,sml-base from /proc/device-tree but does not reserve
    # the log's memory, so whether the next kernel still finds it is luck: a fact, not a check.
    note "$p firmware event log after kexec-tools' kexec -l: $([ -s "$dir/stage-$n.bios" ] &&
      echo "still readable" || echo "lost") (not asserted: kexec-tools does not reserve it)"
  elif [ -s "$dir/stage-$n.bios" ]; then
    "$baton" eventlog replay "$dir/stage-$n.bios" --tcti device:/nonexistent >"$dir/stage-$n.eventlog" 2>&1
    check "$p baton eventlog replay of the firmware's log equals the TPM's PCR 0-9 (sha1, sha256)" \
      eventlog_matches "$dir/stage-$n"
  else
    not_ok "$p the guest printed the firmware's event log (E2E-BIOSLOG)"
  fi
}

aggregates() { grep -cE ' boot_aggregate ?$' "$1"; }  # boot_aggregate entries in an ASCII list

# ---- images -----------------------------------------------------------------------------------
declare -A kernel_path
# chain_initrd DIR KERNEL...: the initrd of the first stage: the boot image and the test's
# overlay ($base_initrd), plus (as a further, concatenated archive) /boot/vmlinux and /boot/initrd.gz for the next stage, recursively. It
# depends only on the kernels after the first, so guests share it: DIR/chain-K2,...,Kn.gz, made
# once per run by whichever guest needs it first (under a lock; gzip -1: the next stage's initrd
# inside is compressed already, and -9 took seconds of host CPU per level).
chain_initrd() {
  local dir=$1 out next tail fd
  shift
  if [ $# -le 1 ]; then echo "$base_initrd"; return; fi
  tail=$(IFS=,; echo "${*:2}")
  out=$dir/chain-$tail.gz
  exec {fd}>"$out.lock"
  flock "$fd"
  if [ ! -s "$out" ]; then
    if next=$(chain_initrd "$dir" "${@:2}") && rm -rf "$dir/next-$tail" && mkdir -p "$dir/next-$tail/boot" &&
       cp "${kernel_path[$2]}" "$dir/next-$tail/boot/vmlinux" && cp "$next" "$dir/next-$tail/boot/initrd.gz" &&
       { [ "$2" != signed ] || signed_files "$dir/next-$tail"; } &&
       tools/image/pack.sh "$dir/next-$tail" "$dir/next-$tail.gz" 1; then
      cat "$base_initrd" "$dir/next-$tail.gz" >"$out.tmp" && mv "$out.tmp" "$out"
    fi
    rm -rf "$dir/next-$tail" "$dir/next-$tail.gz"
  fi
  exec {fd}>&-
  [ -s "$out" ] && echo "$out"
}

# ---- verified boot ----------------------------------------------------------------------------
sign_file=/usr/lib/linux-kbuild-6.1/scripts/sign-file
# make_signed_kernels DIR: DIR/vmlinux (the test kernel signed by its build's key, as
# kernel_path[signed]) and its variants; 1 when a tool failed.
make_signed_kernels() {
  local dir=$1 key size
  key=$(dirname "${kernel_path[mini]}")
  rm -rf "$dir" && mkdir -p "$dir" || return 1
  "$sign_file" sha256 "$key/signing_key.pem" "$key/signing_key.der" "${kernel_path[mini]}" "$dir/vmlinux" || return 1
  cp "${kernel_path[mini]}" "$dir/vmlinux.unsigned" || return 1
  # One byte of the signed bytes changed, in the middle of the image.
  cp "$dir/vmlinux" "$dir/vmlinux.tampered" || return 1
  size=$(stat -c %s "$dir/vmlinux")
  printf '%s' "$(xxd -p -s $((size / 2)) -l 1 "$dir/vmlinux" | tr 0-9a-f 1-9a-f0)" | xxd -r -p |
    dd of="$dir/vmlinux.tampered" bs=1 seek=$((size / 2)) conv=notrunc status=none || return 1
  openssl req -new -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=not the kernel's key" \
    -keyout "$dir/other.key" -out "$dir/other.pem" 2>/dev/null || return 1
  "$sign_file" sha256 "$dir/other.key" "$dir/other.pem" "${kernel_path[mini]}" "$dir/vmlinux.other" || return 1
  cp "$key/signing_key.der" "$dir/e2e-kernel.der"
}
# signed_files ROOT: the variants, the trust anchor and the setting beside ROOT/boot/vmlinux.
signed_files() {
  local dir=${kernel_path[signed]%/*}
  mkdir -p "$1/etc/baton/keys" &&
    cp "$dir/vmlinux.tampered" "$dir/vmlinux.unsigned" "$dir/vmlinux.other" "$1/boot/" &&
    cp "$dir/e2e-kernel.der" "$1/etc/baton/keys/" && echo enforce >"$1/etc/baton/signed-boot"
}

eventlog_matches() {  # eventlog_matches STAGE-PREFIX: baton's replay equals the TPM, PCR 0-9
  local bank
  for bank in sha1 sha256; do
    [ "$(grep -c "^$bank PCR-0" "$1.eventlog")" = 10 ] || return 1
    diff -q <(grep "^$bank PCR-0" "$1.eventlog" | sed "s/^$bank //") <(grep "^PCR-0" "$1.$bank") >/dev/null ||
      return 1
  done
}

# powerpc_nvram ARGS...: powerpc-utils' nvram (ppc64el, from the sysroot, under qemu-user), the
# tool petitboot writes its settings with: the judge of the guest's NVRAM file.
powerpc_nvram() { "$root/tools/ppc64el/nvram.sh" "$@"; }

# ---- the disk of the boot-menu guest --------------------------------------------------------
# make_disk DIR KERNEL INITRD PLAN: DIR/disk.img, an MBR disk whose one partition (type 0x83, from
# 1 MiB) is ext4 with /boot/vmlinux, /boot/initrd.gz and /boot/grub/grub.cfg offering two
# options; the second, the one the host selects, goes on with PLAN. Built without root: mke2fs
# -d, printf.
make_disk() {
  local dir=$1 kernel=$2 initrd=$3 plan=$4 fs=$1/disk-fs size_mib sectors
  rm -rf "$fs" && mkdir -p "$fs/boot/grub"
  cp "$kernel" "$fs/boot/vmlinux" && cp "$initrd" "$fs/boot/initrd.gz" || return 1
  # grub-mkconfig's one-shot: grub-reboot's next_entry (set here by grub-editenv, naming the
  # first option, so that the menu's choice stays as it was) is cleared by save_env, which baton
  # writes at the boot because the NVRAM allows disk writes (petitboot,write?=true).
  cat >"$fs/boot/grub/grub.cfg" <<'CFG'
if [ -s $prefix/grubenv ]; then
  load_env
fi
if [ "${next_entry}" ] ; then
   set default="${next_entry}"
   set next_entry=
   save_env next_entry
else
   set default=0
fi
CFG
  cat >>"$fs/boot/grub/grub.cfg" <<CFG
set timeout=120
menuentry 'e2e: power off at once (the default, not chosen)' {
	linux /boot/vmlinux console=hvc0 e2e_stage=2 e2e_option=first
	initrd /boot/initrd.gz
}
menuentry 'e2e: the next stage (chosen in the menu)' {
	linux /boot/vmlinux console=hvc0 e2e_stage=2 e2e_plan=$plan e2e_option=second
	initrd /boot/initrd.gz
}
CFG
  grub-editenv "$fs/boot/grub/grubenv" create && grub-editenv "$fs/boot/grub/grubenv" set next_entry=0 || return 1
  cp "$fs/boot/grub/grubenv" "$dir/grubenv.judge" && grub-editenv "$dir/grubenv.judge" set next_entry= || return 1
  size_mib=$(( $(du -sm "$fs" | cut -f1) + 24 ))
  rm -f "$dir/disk.img"
  mke2fs -q -F -t ext4 -L baton-e2e -E offset=1048576 -d "$fs" "$dir/disk.img" "${size_mib}M" || return 1
  sectors=$((size_mib * 2048))
  le32() { printf '\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)); }
  # The partition entry at 446: not bootable, CHS unused, type 0x83, LBA 2048, the size; then 0x55AA.
  printf "\x00\xfe\xff\xff\x83\xfe\xff\xff$(le32 2048)$(le32 "$sectors")" |
    dd of="$dir/disk.img" bs=1 seek=446 conv=notrunc status=none || return 1
  printf '\x55\xaa' | dd of="$dir/disk.img" bs=1 seek=510 conv=notrunc status=none || return 1
  rm -rf "$fs"
}

# The stock kernel reads the disk with its own modules (the test kernel has no block layer): the
# vSCSI driver, the disk driver, ext4 and crc32c (ext4's metadata checksums), with what they
# depend on (the "depends=" of each module's .modinfo), in load order.
disk_modules=(ibmvscsi sd_mod crc32c_generic ext4)
# module_file NAME: the stock kernel's NAME.ko ("-" and "_" are one to the kernel)
module_file() {
  local found
  found=$(find "$moddir/kernel" \( -name "$1.ko" -o -name "${1//-/_}.ko" -o -name "${1//_/-}.ko" \) | head -n 1)
  [ -n "$found" ] && echo "$found"
}
module_order() {  # module_order NAME: appends NAME's dependencies, then NAME, to module_list
  local file dep
  [[ " ${module_list[*]} " == *" $1 "* ]] && return 0
  file=$(module_file "$1") || return 1
  for dep in $(tr '\0' '\n' <"$file" | sed -n 's/^depends=//p' | head -n 1 | tr ',' ' '); do
    module_order "$dep" || return 1
  done
  module_list+=("$1")
}
# modules_initrd DIR: sets initrd to DIR/modules.gz (DIR is the guest's fresh work directory),
# the boot image and the overlay plus an archive of the modules (/lib/modules/e2e/NAME.ko), and module_list to
# their names in load order.
modules_initrd() {
  local out=$1/modules.gz m
  moddir=$(compgen -G "$sysroot/lib/modules/*" | head -n 1)
  module_list=()
  for m in "${disk_modules[@]}"; do module_order "$m" || return 1; done
  rm -rf "$1/modules" && mkdir -p "$1/modules/lib/modules/e2e" || return 1
  for m in "${module_list[@]}"; do cp "$(module_file "$m")" "$1/modules/lib/modules/e2e/$m.ko" || return 1; done
  tools/image/pack.sh "$1/modules" "$1/modules.cpio.gz" 1 || return 1
  cat "$base_initrd" "$1/modules.cpio.gz" >"$out" || return 1
  rm -rf "$1/modules" "$1/modules.cpio.gz"
  initrd=$out
}

# ---- one guest --------------------------------------------------------------------------------
# A guest is booted by boot_guest (in the background, several at once) and judged by check_guest
# (in table order, in the main shell, which counts the results). The boot phase leaves
# DIR/boot.result ("status S seconds T" or "error WHAT") and DIR/boot.notes for the check phase.
boot_guest() {
  local name=$1 kernels=$2 plan=$3 cpus=$4 extras=$5 dir=$work/$1
  local append stages initrd k attempt
  IFS=, read -r -a stages <<<"$kernels"
  rm -rf "$dir" "$logs/$name".attempt1.* && mkdir -p "$dir"
  for k in "${stages[@]}"; do
    if [ -z "${kernel_path[$k]:-}" ]; then echo "error kernel '$k' is not available" >"$dir/boot.result"; return; fi
  done
  # The verifier's nonce for the quotes of the +quote steps (the guest reads e2e_nonce).
  openssl rand -hex 20 >"$dir/nonce"
  append="console=hvc0 e2e_stage=1 e2e_plan=$plan e2e_nonce=$(cat "$dir/nonce")"
  if [[ " $extras " == *" menu "* ]]; then
    # The next stages come from the disk: its /boot/initrd.gz is the chain of the stages after
    # the first; the first stage's initrd is the boot image and the stock kernel's disk modules.
    local next
    if ! modules_initrd "$dir" || ! next=$(chain_initrd "$work/chains" "${stages[@]:1}") ||
       ! make_disk "$dir" "${kernel_path[${stages[1]}]}" "$next" "$plan"; then
      echo "error the disk image or the first initrd was not built" >"$dir/boot.result"
      return
    fi
    append+=" e2e_modules=$(IFS=,; echo "${module_list[*]}")"
    # The NVRAM as SLOF formats it, with petitboot's timeout written as petitboot writes it.
    cp "$root/tests/data/nvram/slof-pseries-64k.nvram" "$dir/nvram.img" &&
      powerpc_nvram --update-config petitboot,timeout=37 -p common --nvram-file "$dir/nvram.img" &&
      powerpc_nvram --update-config 'petitboot,write?=true' -p common --nvram-file "$dir/nvram.img" &&
      echo "e2e $(openssl rand -hex 4)" >"$dir/password" &&
      powerpc_nvram --update-config "petitboot,password=$(mkpasswd -m sha-512 "$(cat "$dir/password")")" \
        -p common --nvram-file "$dir/nvram.img" &&
      powerpc_nvram --partitions --nvram-file "$dir/nvram.img" >"$dir/nvram-partitions.before" || {
      echo "error the NVRAM image was not made (powerpc-utils' nvram)" >"$dir/boot.result"
      return
    }
  elif ! initrd=$(chain_initrd "$work/chains" "${stages[@]}") || [ ! -s "$initrd" ]; then
    echo "error the first initrd was not built" >"$dir/boot.result"
    return
  fi
  [[ " $extras " == *" console "* ]] && append+=" e2e_console=$second_vty"
  [[ " $extras " == *" menu "* ]] && append+=" TERM=vt100"

  # The guest's vTPM sometimes stops answering after a kexec (seen about once in five runs of
  # kexec-load: the next kernel logs "A TPM error (9) occurred" and every PCR read fails). That
  # is QEMU's tpm-spapr/ibmvtpm, not the code under test; but a judge that repeats until it
  # likes the result is no judge, so only the guest of kexec-tools' controls may be repeated,
  # once ($retry_guests), and the repeat is said in its scenario lines and the summary. In any
  # other guest the TPM error is a failure. The first attempt's logs are kept as NAME.attempt1.*.
  for attempt in 1 2; do
    boot "$name" "${kernel_path[${stages[0]}]}" "$initrd" "$append" "$cpus" "$extras"
    load_console "$name"
    marker "$name" "DMESG stage=[0-9]+: .*A TPM error" >/dev/null || break
    [ "$attempt" = 2 ] && break
    [[ " ${retry_guests[*]} " == *" $name "* ]] || break
    echo "$name: the guest's TPM failed after a kexec ($(marker "$name" "DMESG stage=[0-9]+: .*A TPM error" |
      head -n 1 | sed 's/^E2E-DMESG //')); repeating this control guest once, first logs kept as $name.attempt1.*" \
      >>"$dir/boot.notes"
    echo "$name" >"$dir/boot.retried"
    mv "$logs/$name.console.log" "$logs/$name.attempt1.console.log"
    mv "$logs/$name.swtpm.log" "$logs/$name.attempt1.swtpm.log" 2>/dev/null
  done
  echo "status=$boot_status seconds=$boot_seconds" >"$dir/boot.result"
  # A menu guest is powered on a second time with the NVRAM and disk the first left (QEMU
  # stopped, then started again): its menu must count down from what the first one saved.
  if [[ " $extras " == *" menu "* ]]; then
    local again=$work/$name-restart
    rm -rf "$again" && mkdir -p "$again"
    ln -s "$dir/disk.img" "$again/disk.img" && ln -s "$dir/nvram.img" "$again/nvram.img" &&
      ln -s "$dir/password" "$again/password"
    menu_visit=restart boot "$name-restart" "${kernel_path[${stages[0]}]}" "$initrd" "$append" "$cpus" "$extras"
    echo "status=$boot_status seconds=$boot_seconds" >"$again/boot.result"
  fi
}

# hop_expect STEP TARGET-KERNEL: what the hop must show (see the table): carry, reset,
# norestore or refused.
hop_expect() {
  case "$1" in
    *+postload*) echo refused ;;
    load | load+*) echo reset ;;
    *) if [ "$2" = stock ]; then echo norestore; else echo carry; fi ;;
  esac
}

# judge_measured WHAT ENTRIES KERNEL INITRD CMDLINE: the entries a hop added for the next kernel
# (ENTRIES, lines of the kernel's ASCII list) measure the files the harness built (host
# sha256sum/sha1sum) and the command line the next kernel got; INITRD empty: not measured.
judge_measured() {
  local what=$1 entries=$2 out
  out=$(measured_file "$entries" /boot/vmlinux "$3")
  check "$what the kernel, /boot/vmlinux ($out)" quietly measured_file "$entries" /boot/vmlinux "$3"
  if [ -n "$4" ]; then
    out=$(measured_file "$entries" /boot/initrd.gz "$4")
    check "$what the initrd, /boot/initrd.gz ($out)" quietly measured_file "$entries" /boot/initrd.gz "$4"
  fi
  out=$(measured_cmdline "$entries" "$5")
  check "$what the next kernel's command line, as its /proc/cmdline shows it ($out)" quietly measured_cmdline "$entries" "$5"
}

# check_guest GUEST KERNELS PLAN CPUS EXTRAS: every stage, and every hop by what it must show.
check_guest() {
  local name=$1 kernels=$2 plan=$3 cpus=$4 extras=$5 dir=$work/$1
  local n h p step base mode expect line previous count previous_count measured result text reserved reserved_before
  local next_kernel next_initrd next_cmdline
  local replays=yes
  local -a stages steps
  bios_luck=no
  IFS=, read -r -a stages <<<"$kernels"
  IFS=, read -r -a steps <<<"$plan"
  counting=$name:0
  [ -f "$dir/boot.notes" ] && while IFS= read -r line; do note "$line"; done <"$dir/boot.notes"
  result=$(cat "$dir/boot.result" 2>/dev/null || echo "error the boot phase left no result")
  if [[ "$result" == error* ]]; then
    not_ok "$name: ${result#error }"
    counting=
    return
  fi
  boot_status=$(field "$result" status)
  boot_seconds=$(field "$result" seconds)
  check "$name: the guest's TPM answered in every stage (no \"A TPM error\" in the kernel log)" \
    eval '! marker "$name" "DMESG stage=[0-9]+: .*A TPM error" >/dev/null'
  case "$boot_status" in
    0) ok "$name: the guest powered off by itself (${boot_seconds} s)" ;;
    124 | 137) not_ok "$name: QEMU timed out after $timeout_seconds s (log $logs/$name.console.log)" ;;
    *) not_ok "$name: QEMU exited with status $boot_status (log $logs/$name.console.log)" ;;
  esac

  for n in $(seq 1 ${#stages[@]}); do
    if [ "$n" -gt 1 ]; then
      # hop h: stage h leaves with its step, into stage n
      h=$((n - 1))
      step=${steps[$((h - 1))]}
      base=${step%%+*}
      mode=${base%%:*}
      expect=$(hop_expect "$step" "${stages[$((n - 1))]}")
      counting=$name:$h
      p="$name: hop $h ($step)"
      if [ "$mode" = menu ]; then
        check_menu "$name" "$dir"
      elif [[ "$step" == *+compare* ]]; then
        check_compare "$name" "$h"
      else
        line=$(marker "$name" "KEXEC stage=$h mode=$mode step=load ")
        check "$p: stage $h loaded the next kernel (${line:-no E2E-KEXEC marker})" [ "$(field "$line" rc)" = 0 ]
      fi
      [[ "$step" == *+console* ]] && check_console "$name" "$n"
      [[ "$step" == *+quote* ]] && check_quote "$name" "$h" "$dir"
      if [ "$expect" = refused ]; then
        line=$(marker "$name" "KEXEC stage=$h mode=$mode step=exec ")
        check "$p: baton kexec exec refused the reboot (${line:-no E2E-KEXEC exec marker})" \
          [ "$(field "$line" rc)" = 1 ]
        check "$p: baton said why: measurements after the list was loaded" \
          eval 'stage_text "$name" "$h" | grep -q "measurements were taken after the list was loaded"'
        check "$p: no stage $n ran" eval '! marker "$name" "BEGIN stage=$n " >/dev/null'
        break
      fi
      case "$expect" in reset | norestore) replays=no ;; esac
      [ "$mode" = load ] && bios_luck=yes
    fi
    check_stage "$name" "$n" "$dir" "$replays"
    [ "$n" -gt 1 ] || continue
    if ! [ -s "$dir/stage-$n.bin" ] || ! [ -s "$dir/stage-$h.bin" ] || ! [ -s "$dir/stage-$n.ascii" ] ||
       ! [ -s "$dir/stage-$h.ascii" ]; then
      not_ok "$p: the lists of stage $h and stage $n arrived, to compare"
      continue
    fi
    previous=$dir/stage-$h.bin
    previous_count=$(wc -l <"$dir/stage-$h.ascii")
    count=$(wc -l <"$dir/stage-$n.ascii")
    line=$(marker "$name" "CHOSEN stage=$n ")
    text=$(stage_text "$name" "$h")
    case "$expect" in
      carry)
        check "$p: stage $n count $count is larger than stage $h's $previous_count" \
          [ "$count" -gt "$previous_count" ]
        check "$p: stage $n list starts with stage $h's list, byte for byte" \
          cmp -s -n "$(stat -c %s "$previous")" "$previous" "$dir/stage-$n.bin"
        check "$p: stage $n kernel removed linux,ima-kexec-buffer from /proc/device-tree/chosen" \
          [ "$(field "$line" ima-kexec-buffer)" = absent ]
        check "$p: stage $n has one more boot_aggregate than stage $h" \
          [ "$(aggregates "$dir/stage-$n.ascii")" = "$(( $(aggregates "$dir/stage-$h.ascii") + 1 ))" ]
        if [ "$mode" = baton ] || [ "$mode" = menu ]; then
          check "$p: baton did not warn (the next kernel can restore the list)" \
            eval '! grep -q "cannot restore the IMA list" <<<"$text"'
        fi
        check "$p: stage $n kernel did not report a failed restore" \
          eval '! marker "$name" "DMESG stage=$n: .*(Failed to restore|Error restoring)" >/dev/null'
        # What stage h measured after its dump, up to the next kernel's boot_aggregate.
        tail -n +"$((previous_count + 1))" "$dir/stage-$n.ascii" | sed '/ boot_aggregate$/q' >"$dir/hop-$h.measured"
        measured=$(cat "$dir/hop-$h.measured")
        # The files the harness built for the next stage: its kernel and its initrd.
        next_kernel=${kernel_path[${stages[$((n - 1))]}]}
        next_initrd=$(chain_initrd "$work/chains" "${stages[@]:$((n - 1))}")
        next_cmdline=$(marker "$name" "CMDLINE stage=$n: " | head -n 1 | sed "s/^E2E-CMDLINE stage=$n: //")
        if [ "$base" = baton:file ]; then
          check "$p: stage $h: baton said before the boot that the kernel, not baton, carries the list" \
            grep -q "kexec_file_load (chosen on the command line): the running kernel carries the IMA list" <<<"$text"
        fi
        if [ "$base" = baton:file ] || [ "$base" = file ]; then
          judge_measured "$p: stage $n carries the kernel's own kexec_file_load measurement of" \
            "$dir/hop-$h.measured" "$next_kernel" "$next_initrd" "$next_cmdline"
        fi
        if [ "$base" = baton:load ] || [ "$mode" = menu ]; then
          judge_measured "$p: stage $n carries baton's measurement of" \
            "$dir/hop-$h.measured" "$next_kernel" "$next_initrd" "$next_cmdline"
          check "$p: stage $n booted with baton's IMA buffer reserved: exactly one /memreserve/ equals /chosen/linux,ima-kexec-buffer (dtc, fdtget: $(buffer_reserved "$dir/stage-$n.fdt"))" \
            quietly buffer_reserved "$dir/stage-$n.fdt"
        fi
        # Two stages in a row booted by baton's kexec_load: the second has no more memory
        # reservations than the first (a stale IMA buffer's would be one more per hop).
        if [ "$base" = baton:load ] && [ "$h" -ge 2 ] && [[ "${steps[$((h - 2))]}" == baton:load* ]]; then
          reserved_before=$([ -s "$dir/stage-$h.fdt" ] && reservations "$dir/stage-$h.fdt" | wc -l)
          reserved=$([ -s "$dir/stage-$n.fdt" ] && reservations "$dir/stage-$n.fdt" | wc -l)
          check "$p: stage $n booted with as many memory reservations as stage $h (dtc; none leaked: ${reserved_before:-?} -> ${reserved:-?})" \
            eval '[ -n "$reserved" ] && [ "$reserved" -gt 0 ] && [ "$reserved" = "$reserved_before" ]'
        fi
        ;;
      reset | norestore)
        # (Its first entries may well equal stage h's: the same TPM, the same files measured
        # in the same order. What tells a fresh list from a carried one is the boot_aggregate.)
        check "$p: stage $n list starts afresh: a single boot_aggregate, count $previous_count -> $count" \
          eval '[ "$(aggregates "$dir/stage-$n.ascii")" = 1 ] && [ "$count" -le "$previous_count" ]'
        if [ "$expect" = norestore ]; then
          check "$p: stage $n kernel left linux,ima-kexec-buffer in /proc/device-tree/chosen" \
            [ "$(field "$line" ima-kexec-buffer)" = present ]
          check "$p: baton warned before the boot that the next kernel cannot restore the list" \
            grep -q "warning: the next kernel cannot restore the IMA list" <<<"$text"
        fi
        ;;
    esac
    if [[ "$step" == *+signed* || "$step" == *+appraise* ]]; then
      check_signed "$name" "$h" "$dir" "$step"
    fi
  done
  counting=
  note "$name: $boot_seconds s wall; $(marker "$name" "TIME stage=[0-9]+ at=(init|done)" |
    awk '{ split($2, s, "="); split($3, a, "="); split($4, u, "=");
           printf "%sstage %s %s at %s s", (NR > 1 ? ", " : ""), s[2], a[2], u[2] }') (guest uptime)"
}

# ---- the extras' assertions -------------------------------------------------------------------
# check_menu GUEST DIR: the disk seen, the screens the host saved, and that the second option was
# booted.
check_menu() {
  local name=$1 dir=$2 line
  line=$(marker "$name" "MODULES stage=1 ")
  check "$name: stage 1 loaded the stock kernel's disk modules and sees the disk (${line:-no E2E-MODULES marker})" \
    eval '[ -n "$line" ] && [ "$(field "$line" failed)" = "" ] && [[ "$(field "$line" block)" == *sda1* ]]'
  check "$name: baton's menu on the guest's serial console lists the disk's two grub options" \
    eval 'grep -q "e2e: power off at once" "$dir/menu-screen-1.txt" && grep -q "e2e: the next stage" "$dir/menu-screen-1.txt"'
  check "$name: the menu counted down to the default's autoboot, and a key stopped it" \
    eval 'grep -q "Booting the default in" "$dir/menu-screen-1.txt" && grep -q "Autoboot stopped" "$dir/menu-screen-stopped.txt"'
  check "$name: the menu names the device it found them on (a real block device through libblkid)" \
    grep -qE "sda1|baton-e2e" "$dir/menu-screen-1.txt"
  check "$name: before the boot the menu says who carries the list (baton, kexec_load) and that baton measures" \
    grep -q "baton carries it (kexec_load); baton measures" "$dir/menu-screen-2.txt"
  check "$name: the second option is selected on the screen" grep -q "=> e2e: the next stage" "$dir/menu-screen-2.txt"
  check "$name: the second console (spapr-vty, hvc1) shows a menu of its own, without a countdown" \
    eval 'grep -q "Enter boot  e edit" "$logs/$name.console2.log" && ! grep -q "Booting the default in" "$logs/$name.console2.log"'
  check "$name: /init runs the menu on /dev/hvc1 too, and on no serial port without a UART" \
    eval 'grep -q "baton: the boot menu also runs on /dev/hvc1." "$logs/$name.console.log" &&
          ! grep -q "baton: the boot menu also runs on /dev/ttyS" "$logs/$name.console.log"'
  check "$name: the countdown is the NVRAM's petitboot,timeout (37, written by powerpc-utils), not grub.cfg's 120" \
    grep -qE "Booting the default in 3[0-7] s" "$dir/menu-screen-1.txt"
  check "$name: with petitboot,password in the NVRAM (mkpasswd's hash), x asks for it and refuses a wrong one" \
    eval 'grep -q "To leave the menu for the shell, give the password." "$dir/menu-screen-wrong.txt" &&
          grep -q "Wrong password (1 in a row)" "$dir/menu-screen-wrong.txt" && ! grep -q guess "$dir/menu-screen-wrong.txt"'
  check "$name: c shows the settings kept in the NVRAM, read through the kernel's /dev/nvram" \
    eval 'grep -qF "Settings, kept in the NVRAM (/dev/nvram)" "$dir/menu-screen-config.txt" &&
          grep -qE "timeout +37" "$dir/menu-screen-config.txt"'
  check "$name: Save on the configuration screen returned to the menu" \
    grep -q "Settings saved in the NVRAM" "$dir/menu-screen-saved.txt"
  check "$name: after QEMU stopped, powerpc-utils reads the timeout the screen saved (25) from the NVRAM file" \
    eval '[ "$(powerpc_nvram --print-config=petitboot,timeout -p common --nvram-file "$dir/nvram.img")" = 25 ]'
  # The kernel itself (pseries nvram_64.c) carves ibm,rtas-log and lnx,oops-log out of the free
  # space at boot; SLOF's partitions up to common's must be as they were, checksums included.
  check "$name: SLOF's partitions up to common are as they were, headers and checksums (baton wrote no header)" \
    eval 'powerpc_nvram --partitions --nvram-file "$dir/nvram.img" | head -n 4 |
          cmp -s - <(head -n 4 "$dir/nvram-partitions.before")'
  check "$name: after QEMU stopped, powerpc-utils reads the console the screen saved (/dev/hvc1)" \
    eval '[ "$(powerpc_nvram --print-config=petitboot,console -p common --nvram-file "$dir/nvram.img")" = /dev/hvc1 ]'
  # The next kernel (console=hvc0 on its command line, as before) writes to the vty its
  # /chosen/stdout-path names: the second one, as the configuration screen asked.
  check "$name: the option selected with Down and booted with Enter is what the next kernel got (e2e_option=second), on the second console" \
    eval 'tr -d "\r" <"$logs/$name.console2.log" | grep -q "Kernel command line: .* e2e_option=second" &&
          ! cat "$logs/$name.console.log" "$logs/$name.console2.log" | grep -q "Kernel command line: .* e2e_option=first"'
  # The console chosen on the configuration screen (/dev/hvc1) is the next kernel's, as the
  # smp2 guest's +console shows for baton kexec load --console.
  check_console "$name" 2
  # The disk after the guest (and its second power-on, which boots nothing): the one-shot
  # next_entry cleared at the menu's boot, written by baton on /dev/sda1 under the stock
  # kernel's read-only ext4 mount (FIEMAP), as grub-editenv would have edited it.
  dd if="$dir/disk.img" of="$dir/partition.img" bs=1M skip=1 status=none &&
    debugfs -R "dump /boot/grub/grubenv $dir/grubenv.after" "$dir/partition.img" >/dev/null 2>&1
  check "$name: the disk's grubenv after the boot is byte for byte grub-editenv's edit (next_entry cleared through the kernel's block device, as grub's save_env)" \
    cmp -s "$dir/grubenv.after" "$dir/grubenv.judge"
  check "$name: e2fsck finds the disk's ext4 clean after baton's in-place write" \
    e2fsck -fn "$dir/partition.img"
  rm -f "$dir/partition.img"
  check_restart "$name" "$work/$name-restart" "$logs/$name-restart.console.log"
}

# check_restart GUEST DIR LOG: the second power-on (menu_restart), with the NVRAM the first left.
check_restart() {
  local name=$1 dir=$2 log=$3 line
  check "$name: powered on again, the guest's menu came up and the guest powered off from its shell ($(cat "$dir/boot.result" 2>/dev/null))" \
    grep -q "^status=0 " "$dir/boot.result"
  check "$name: QEMU stopped and started again, the menu counts down from the 25 the configuration screen saved" \
    grep -qE "Booting the default in 2[0-5] s" "$dir/menu-screen-1.txt"
  line=$(tr -d '\r' <"$log" | grep -E "^E2E-SHELL-2 level=[0-9]" | head -n 1)
  check "$name: the kernel logged baton's read-only ext4 mount while the menu ran (dmesg in the shell: ${line:-no E2E-SHELL line})" \
    eval '[ "$(field "$line" ext4)" -ge 1 ] 2>/dev/null'
  check "$name: ... but the console did not show it: kernel messages are quieted while the menu runs" \
    eval 'sed "/Rescue shell (busybox)/q" "$log" | grep -q "Booting the default in" &&
          ! sed "/Rescue shell (busybox)/q" "$log" | grep -q "EXT4-fs (sda1)"'
  check "$name: the rescue shell has the kernel's console log level back (${line:-none}), and a level-4 kernel message reaches the console" \
    eval 'level=$(field "$line" level); [ -n "$level" ] && [ "$level" -gt 4 ] && grep -q "E2E-KMSG 42" "$log"'
}

# check_compare GUEST STAGE: kexec-tools' kexec -l and baton kexec load (which also opens the
# TPM, hashes and measures the kernel and initrd, and snapshots, packs and places the list),
# three runs each in the same guest (uptime, 10 ms steps); the fastest of each are compared
# (another guest may be booting on the host meanwhile) and reported as "in the guest: ...":
# `make bench` reads that line and judges the ratio. baton's measured load --exec is timed to
# its reboot system call and reported.
check_compare() {
  local name=$1 n=$2 tools baton scalar measured end line
  tools=$(marker "$name" "COMPARE stage=$n tool=kexec-tools ")
  baton=$(marker "$name" "COMPARE stage=$n tool=baton ")
  scalar=$(marker "$name" "COMPARE stage=$n tool=baton-scalar ")
  check "$name: stage $n kexec-tools' kexec -l and baton kexec load (both ways) each loaded the kernel three times" \
    eval '[ "$(grep -c " rc=0 " <<<"$tools")" = 3 ] && [ "$(grep -c " rc=0 " <<<"$baton")" = 3 ] &&
          [ "$(grep -c " rc=0 " <<<"$scalar")" = 3 ]'
  end=$(stage_text "$name" "$n" | sed -nE 's/^baton: info: rebooting into the loaded kernel at ([0-9.]+) s since boot$/\1/p' | head -n 1)
  measured=$(field "$(marker "$name" "COMPARE stage=$n tool=baton-measured ")" start)
  check "$name: stage $n baton's measured load --exec reached reboot(2) and logged its moment" \
    eval '[ -n "$end" ] && [ -n "$measured" ]'
  line=$(awk '
    { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      t = v["end"] - v["start"]; if (t < 0.01) t = 0.01; tool = v["tool"]
      all[tool] = all[tool] " " t
      if (!(tool in best) || t < best[tool]) best[tool] = t }
    END { if (!("kexec-tools" in best) || !("baton" in best) || !("baton-scalar" in best)) exit 1
          k = best["kexec-tools"]; b = best["baton"]; s = best["baton-scalar"]
          printf "kexec-tools kexec -l:%s s; baton kexec load (measuring) as shipped:%s s, with libcrypto scalar SHA (OPENSSL_ppccap=0):%s s; fastest %.2f, %.2f, %.2f s; as shipped %.2fx; scalar: %.2fx",
                 all["kexec-tools"], all["baton"], all["baton-scalar"], k, b, s, b / k, s / k }' \
         <<<"$tools"$'\n'"$baton"$'\n'"$scalar") || line=
  check "$name: stage $n timed both loaders" [ -n "$line" ]
  [ -n "$line" ] && note "$name: in the guest: $line"
  [ -n "$end" ] && [ -n "$measured" ] &&
    note "$name: baton's measured load --exec up to reboot(2): $(awk -v s="$measured" -v e="$end" 'BEGIN { printf "%.2f s", e - s }')"
}

# check_quote GUEST STAGE DIR: the guest's baton attest quote (of its vTPM, with the nonce this
# run chose) judged by tpm2_checkquote: accepted with the nonce, refused with another, and its
# sha256 PCR 10 is the one the stage dumped right after it (the list the stage dumped replays to
# that value: check_stage): the quote attests the carried list.
check_quote() {
  local name=$1 n=$2 dir=$3 file nonce pcr10 failure
  for file in ak.pub.pem quote.msg quote.sig quote.pcrs; do
    between "$name" "E2E-QUOTE-BEGIN stage=$n file=$file" "E2E-QUOTE-END stage=$n file=$file" |
      base64 -d >"$dir/quote-$n.$file" 2>/dev/null
  done
  nonce=$(cat "$dir/nonce")
  failure=$(marker "$name" "QUOTE-FAILED stage=$n" | head -n 1)
  check "$name: stage $n baton attest quote in the guest wrote its four files${failure:+ ($failure)}" \
    eval '[ -s "$dir/quote-$n.ak.pub.pem" ] && [ -s "$dir/quote-$n.quote.msg" ] &&
          [ -s "$dir/quote-$n.quote.sig" ] && [ -s "$dir/quote-$n.quote.pcrs" ]'
  check "$name: stage $n tpm2_checkquote accepts the guest's quote with the nonce" \
    eval 'tpm2_checkquote -u "$dir/quote-$n.ak.pub.pem" -m "$dir/quote-$n.quote.msg" \
            -s "$dir/quote-$n.quote.sig" -f "$dir/quote-$n.quote.pcrs" -g sha256 -q "$nonce" >/dev/null 2>&1'
  check "$name: stage $n tpm2_checkquote refuses it with another nonce" \
    eval '! tpm2_checkquote -u "$dir/quote-$n.ak.pub.pem" -m "$dir/quote-$n.quote.msg" \
            -s "$dir/quote-$n.quote.sig" -f "$dir/quote-$n.quote.pcrs" -g sha256 \
            -q "$(openssl rand -hex 20)" 2>/dev/null'
  # sha256 PCR 10: the third digest of the second list (tests/integration/tpm_test.sh says why).
  pcr10=$(xxd -p -s 806 -l 32 "$dir/quote-$n.quote.pcrs" 2>/dev/null | tr -d '\n')
  check "$name: stage $n the quote's sha256 PCR 10 is the one the stage dumped" \
    [ "$pcr10" = "$(field "$(marker "$name" "PCR10 stage=$n ")" sha256 | tr A-F a-f)" ]
}

# check_signed GUEST HOP DIR STEP: verified boot (+signed, +appraise in the table above).
check_signed() {
  local name=$1 h=$2 dir=$3 step=$4 p="$1: hop $2 ($4)" variant line brc krc out want
  local -A reason=([tampered]="bad signature" [unsigned]="no signature" [other]="unknown signer")
  for variant in signed tampered unsigned other; do
    line=$(marker "$name" "VERDICT stage=$h image=$variant tool=baton " | head -n 1)
    brc=$(field "$line" rc)
    brc=${brc%:}
    if [ "$variant" = signed ]; then
      check "$p: baton verify in the guest: the signed kernel is verified (${line:-no E2E-VERDICT})" \
        eval '[ "$brc" = 0 ] && grep -q "verified" <<<"$line"'
    else
      check "$p: baton verify in the guest refuses the $variant kernel: ${reason[$variant]} (${line:-no E2E-VERDICT})" \
        eval '[ "$brc" = 1 ] && grep -q "${reason[$variant]}" <<<"$line"'
    fi
    [[ "$step" == *+appraise* ]] || continue
    line=$(marker "$name" "VERDICT stage=$h image=$variant tool=kernel " | head -n 1)
    krc=$(field "$line" rc)
    krc=${krc%:}
    want=refuses
    [ "$variant" = signed ] && want=accepts
    check "$p: the kernel's appraisal (kexec -s, imasig|modsig) $want the $variant kernel (${line:-no E2E-VERDICT})" \
      eval '[ -n "$krc" ] && { { [ "$variant" = signed ] && [ "$krc" = 0 ]; } || { [ "$variant" != signed ] && [ "$krc" != 0 ]; }; }'
    check "$p: baton's verdict on the $variant kernel is the kernel's (baton exit $brc, kexec -s exit $krc)" \
      eval '[ -n "$krc" ] && [ -n "$brc" ] && { { [ "$krc" = 0 ] && [ "$brc" = 0 ]; } || { [ "$krc" != 0 ] && [ "$brc" != 0 ]; }; }'
  done
  if [[ "$step" == *+signed* ]]; then
    line=$(marker "$name" "SIGNED-REFUSED stage=$h " | head -n 1)
    check "$p: under the setting's enforce, baton kexec load refuses the tampered kernel before loading (${line:-no E2E-SIGNED-REFUSED})" \
      eval '[ "$(field "$line" rc)" = "1:" ] && grep -q "refused (signed boot: enforce)" <<<"$line"'
    check "$p: baton said before loading the signed kernel that its signature verified" \
      eval 'stage_text "$name" "$h" | grep -q "^baton kexec: kernel: verified"'
  fi
  out=$(modsig_entry "$dir/hop-$h.measured" /boot/vmlinux "${kernel_path[signed]}")
  check "$p: the next list records the signed kernel as ima-modsig, its fields the file's as the host reads it ($out)" \
    quietly modsig_entry "$dir/hop-$h.measured" /boot/vmlinux "${kernel_path[signed]}"
  if [[ "$step" == *+appraise* ]] && [ -s "$dir/hop-$((h - 1)).measured" ]; then
    local ours theirs
    ours=$(grep -E " ima-modsig [a-z0-9]+:[0-9a-f]+ /boot/vmlinux " "$dir/hop-$((h - 1)).measured")
    theirs=$(grep -E " ima-modsig [a-z0-9]+:[0-9a-f]+ /boot/vmlinux " "$dir/hop-$h.measured")
    check "$p: the kernel's own ima-modsig entry for the signed kernel equals baton's of hop $((h - 1)), template hash and every field (${theirs:0:60}...)" \
      eval '[ -n "$ours" ] && [ "$ours" = "$theirs" ]'
  fi
}

# check_console GUEST STAGE: the console chosen in baton is the one the next kernel used.
check_console() {
  local name=$1 n=$2 line
  line=$(marker "$name" "CONSOLE stage=$((n - 1)) ")
  check "$name: stage $((n - 1)) ran on the firmware's console (stdout-path /vdevice/vty@71000000: $line)" \
    [ "$(field "$line" stdout-path)" = /vdevice/vty@71000000 ]
  line=$(marker "$name" "CONSOLE stage=$n ")
  check "$name: stage $n's /chosen/stdout-path is the console baton was given ($second_vty: $line)" \
    [ "$(field "$line" stdout-path)" = "$second_vty" ]
  check "$name: stage $n's userspace wrote to the second console, not the first" \
    eval 'tr -d "\r" <"$logs/$name.console2.log" | grep -q "^E2E-BEGIN stage=$n " &&
          ! grep -q "E2E-BEGIN stage=$n " "$logs/$name.console.log"'
}

# ---- main -------------------------------------------------------------------------------------
mkdir -p "$logs" "$work"
PATH=$PATH:/usr/sbin:/sbin  # mke2fs lives there; a non-login root shell may not have them
for tool in qemu-system-ppc64 swtpm evmctl cpio mke2fs debugfs e2fsck grub-editenv tmux dtc fdtget xxd sha1sum sha256sum; do
  command -v "$tool" >/dev/null || { not_ok "host tool $tool is installed (run make deps)"; finish; }
done
for input in "$baton" "$image"; do
  [ -f "$input" ] || { not_ok "$input exists (run make image)"; finish; }
done

started=$SECONDS
if mini=$(tests/e2e/kernel.sh); then
  ok "test kernel $mini ready ($((SECONDS - started)) s)"
  kernel_path[mini]=$root/$mini
else
  not_ok "test kernel built (see build/e2e/kernel-build-*.log)"
fi
if [ -n "${kernel_path[mini]:-}" ]; then
  if make_signed_kernels "$work/signed" >"$work/signed.log" 2>&1; then
    kernel_path[signed]=$work/signed/vmlinux
  else
    not_ok "the test kernel signed with sign-file, and its variants ($(tail -n 2 "$work/signed.log" | tr '\n' ' '))"
  fi
fi
stock=$(compgen -G "$sysroot/boot/vmlinux-*" | head -n 1)
if [ -n "$stock" ]; then kernel_path[stock]=$stock; else not_ok "stock kernel in $sysroot/boot"; fi

# make image is reproducible: a second build from the same inputs gives the same bytes (built
# while the first guests boot, judged at the end).
tools/image/build.sh build/ppc64le/baton "$sysroot" "$work/image-again.cpio.gz" >/dev/null 2>&1 &
image_again=$!
pids+=("$image_again")

# Which guests: all, or those of the scenarios (or guests) named on the command line.
wanted=("$@")
selected=()
declare -A is_selected
for row in "${guests[@]}"; do
  IFS='|' read -r name kernels plan cpus extras <<<"$row"
  take=$([ ${#wanted[@]} -eq 0 ] && echo yes)
  for w in "${wanted[@]}"; do
    [ "$w" = "$name" ] && take=yes
    for srow in "${scenarios[@]}"; do
      IFS='|' read -r sname sguest shops what <<<"$srow"
      [ "$w" = "$sname" ] && [ "$sguest" = "$name" ] && take=yes
    done
  done
  [ -n "$take" ] || continue
  # A plan has one step per hop: a guest of N kernels has N-1 steps.
  if [ "$(tr -cd , <<<"$kernels" | wc -c)" != "$(( $(tr -cd , <<<"$plan" | wc -c) + 1 ))" ]; then
    not_ok "$name: the table gives one plan step per hop ($kernels; $plan)"
    continue
  fi
  selected+=("$row")
  is_selected[$name]=1
  rm -rf "${work:?}/$name"  # nothing of an earlier run may be judged as this one's
done
[ ${#selected[@]} -gt 0 ] || { not_ok "the command line names a scenario or guest of the table (${wanted[*]})"; finish; }

rm -rf "$work/chains" && mkdir -p "$work/chains"
# The boot image as `make image` made it, with the test's overlay (its driver and kexec-tools)
# appended: the image itself ships no test code.
overlay=$work/chains/overlay.cpio.gz
base_initrd=$work/chains/base.gz
if tests/e2e/guest/overlay.sh "$image" "$sysroot" "$overlay" >"$work/overlay.log" 2>&1 &&
   cat "$image" "$overlay" >"$base_initrd"; then
  ok "the test's overlay (/etc/baton/init.d/50-e2e, /sbin/kexec) appended to the boot image"
else
  not_ok "the test's overlay was built ($(head -n 3 "$work/overlay.log"))"
  finish
fi
check "the boot image itself ships no test driver and no kexec-tools" \
  eval '! gzip -dc "$image" | cpio --quiet -t | grep -qE "^(etc/baton/init.d/|sbin/kexec$)" && ! gzip -dc "$image" | cpio --quiet -i --to-stdout init | grep -q e2e_'

# Up to $jobs guests boot at once, in table order, a new one as soon as any ends; the main shell
# judges them in table order as their guests power off.
forget_pid() {  # forget_pid PID: a process waited for is no longer ours to stop (PIDs are reused)
  local kept=() pid
  for pid in "${pids[@]}"; do [ "$pid" = "$1" ] || kept+=("$pid"); done
  pids=("${kept[@]}")
}
declare -A running=() booted=()
launched=0
launch_boots() {  # starts boots in launch order while fewer than $jobs run
  local k
  while [ "$launched" -lt ${#selected[@]} ] && [ ${#running[@]} -lt "$jobs" ]; do
    k=$launched
    IFS='|' read -r name kernels plan cpus extras <<<"${selected[$k]}"
    (
      pids=()
      trap 'stop_all' EXIT
      trap 'stop_all; exit 130' INT TERM
      boot_guest "$name" "$kernels" "$plan" "$cpus" "$extras" >/dev/null 2>&1
    ) &
    running[$!]=$k
    pids+=("$!")
    launched=$((launched + 1))
  done
}
launch_boots
for ((k = 0; k < ${#selected[@]}; k++)); do
  while [ -z "${booted[$k]:-}" ] && [ ${#running[@]} -gt 0 ]; do
    ended=
    wait -n -p ended "${!running[@]}"
    if [ -z "$ended" ] || [ -z "${running[$ended]:-}" ]; then
      # wait -n found none of them (a boot killed by a signal leaves bash's job table): wait
      # for the oldest one by its pid, which works either way.
      ended=$(printf '%s\n' "${!running[@]}" | sort -n | head -n 1)
      wait "$ended"
    fi
    booted[${running[$ended]}]=1
    unset "running[$ended]"
    forget_pid "$ended"
    launch_boots
  done
  IFS='|' read -r name kernels plan cpus extras <<<"${selected[$k]}"
  note "guest $name: $kernels; plan $plan"
  check_guest "$name" "$kernels" "$plan" "$cpus" "$extras"
done
wait "$image_again"
forget_pid "$image_again"
check "make image is reproducible (a second build has the same sha256)" \
  cmp -s "$image" "$work/image-again.cpio.gz"
rm -f "$work/image-again.cpio.gz"

# One line per scenario: the results of its hops (and of its guest's first stage).
for srow in "${scenarios[@]}"; do
  IFS='|' read -r sname sguest shops what <<<"$srow"
  [ -n "${is_selected[$sguest]:-}" ] || continue
  first=${shops%-*}
  last=${shops#*-}
  sp=$(( ${hop_passed[$sguest:0]:-0} ))
  sf=$(( ${hop_failed[$sguest:0]:-0} ))
  for ((h = first; h <= last; h++)); do
    sp=$((sp + ${hop_passed[$sguest:$h]:-0}))
    sf=$((sf + ${hop_failed[$sguest:$h]:-0}))
  done
  [ "$((sp + sf))" -gt 0 ] || not_ok "scenario $sname was judged (no results)"
  if [ "$sf" -eq 0 ] && [ "$sp" -gt 0 ]; then verdict=ok; else verdict=FAILED; fi
  retried=
  [ -f "$work/$sguest/boot.retried" ] && retried="; guest repeated once after a vTPM failure"
  note "scenario $sname: $verdict ($sp passed, $sf failed; guest $sguest, hop $shops$retried): $what"
done
repeated=()
for row in "${selected[@]}"; do
  IFS='|' read -r name _ <<<"$row"
  [ -f "$work/$name/boot.retried" ] && repeated+=("$name")
done
note "retried: ${#repeated[@]} guest(s) booted twice after a vTPM failure${repeated[*]:+ (${repeated[*]})}"
finish
