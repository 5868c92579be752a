#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make e2e` (and the "e2e" suite of `make check`): real ppc64le kernels under QEMU pseries with
# SLOF and a swtpm vTPM (tpm-spapr), the boot image of `make image` as their initramfs, kexec, and
# the next kernel's own IMA restoring the measurement list. Everything is driven by the kernel
# command line (tools/image/init reads e2e_*); the host only reads the console's E2E- markers and
# judges: with build/host/baton, with evmctl (a judge we did not write), and by comparing bytes.
#
#   tests/e2e/run.sh [SCENARIO]...     default: every scenario that can run with this baton
#
# Prints one TAP-style line per assertion ("ok - ..." / "not ok - ..."), "#" lines for
# information, and a last line "N passed, M failed". Each scenario's console log (host time
# stamps in front) is kept as build/e2e/logs/SCENARIO.console.log, swtpm's log beside it.
# Starts and stops only its own processes (swtpm, QEMU, both under a time limit).
#
# Environment: BATON_E2E_TIMEOUT (seconds per scenario, default 120), BATON_E2E_PENDING=1 (also
# run the scenarios that wait for baton's kexec loader, see "needs" below).
set -u
cd "$(dirname "$0")/../.."
root=$PWD
baton=$root/build/host/baton
image=$root/build/image/initramfs.cpio.gz
sysroot=$root/build/ppc64el/sysroot
logs=$root/build/e2e/logs
work=$root/build/e2e/work
timeout_seconds=${BATON_E2E_TIMEOUT:-120}

# ---- scenarios --------------------------------------------------------------------------------
# name | kernels, one per stage | how stage 1 leaves (e2e_mode[:e2e_method]) | hops | CPUs |
# expect | needs | what it shows
#   kernels: mini = the test kernel (tests/e2e/kernel.config), stock = Debian's ppc64el kernel
#   expect:  carry     the list travels: counts grow, earlier entries byte for byte, the next
#                      kernel removed linux,ima-kexec-buffer from /chosen, every stage replays
#            reset     negative control: the list does not travel and the TPM's PCR 10 no longer
#                      replays from the next stage's list (baton and evmctl both say no)
#            norestore negative control: the target cannot restore; the property stays in /chosen
#            single    one stage, no kexec
#            refused   negative control: a program runs after baton loaded the next kernel; its
#                      measurement is not in the carried list, so baton kexec exec refuses
#   Every carry scenario through baton:load also checks baton's own measurement of the next
#   kernel: the ima-ng entries of /boot/vmlinux and /boot/initrd.gz and the ima-buf
#   kexec-cmdline entry follow the previous stage's list, and the whole list still replays.
#   needs:   -                  runs by default
#            baton-kexec        `baton kexec load/exec` (bootloader/kexec, in progress): runs only
#                               when named on the command line or with BATON_E2E_PENDING=1, and
#                               when `baton kexec load --help` succeeds. Set the column to "-"
#                               when baton's loader is expected to pass.
#            todo:WHAT          an assertion not written yet (the feature's interface does not exist)
scenarios=(
  "kexec-file|mini,mini|file|1|1|carry|-|kexec-tools kexec -s (kexec_file_load): the kernel carries the list"
  "kexec-load|mini,mini|load|1|1|reset|-|kexec-tools kexec -l (kexec_load) does not carry the list"
  "stock-baton|stock|none|0|1|single|-|baton on Debian's stock kernel and its ima-sig list"
  "baton-load|mini,mini|baton:load|1|1|carry|-|baton's kexec_load path carries the list, one CPU"
  "baton-load-smp2|mini,mini|baton:load|1|2|carry|-|baton's kexec_load path with two CPUs"
  "baton-3hops|mini,mini,mini,mini|baton:load|3|1|carry|-|three hops: no stale property, no leaked reservation"
  "stock-to-mini|stock,mini|baton:load|1|1|carry|-|Debian's stock kernel hands over to the test kernel through baton"
  "baton-file|mini,mini|baton:file|1|1|carry|-|kexec_file_load chosen by baton: the kernel carries the list"
  "stock-to-stock|stock,stock|baton:load|1|1|norestore|-|a target that cannot restore (baton's warning: todo)"
  "console-choice|mini,mini|baton:load|1|1|carry|todo:console|the console chosen in baton (stdout-path) is the next kernel's"
  "boot-menu|mini,mini|none|1|1|carry|todo:menu|the boot menu over the serial console (tmux): select, boot"
  "post-snapshot|mini,mini|baton:load|1|1|refused|-|a measurement after the snapshot: baton's recheck refuses the reboot"
)

# ---- reporting --------------------------------------------------------------------------------
passed=0
failed=0
ok() { echo "ok - $*"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $*"; failed=$((failed + 1)); }
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
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  pids=()
  [ -n "$socket_dir" ] && rm -rf "$socket_dir"
}
trap 'stop_all' EXIT
trap 'stop_all; exit 130' INT TERM

now_us() { local t=${EPOCHREALTIME/./}; echo $((10#$t)); }

stamp() {  # stamp START_US: copies stdin to stdout with "[seconds since START]" in front
  local start=$1 line t
  while IFS= read -r line || [ -n "$line" ]; do
    t=$(( ${EPOCHREALTIME/./} - start ))
    printf '[%4d.%03d] %s\n' $((t / 1000000)) $((t / 1000 % 1000)) "${line%$'\r'}"
  done
}

# boot NAME KERNEL INITRD APPEND CPUS: runs QEMU with a fresh swtpm until the guest powers off
# or the time limit; the console log is $logs/NAME.console.log. Sets boot_status (QEMU's exit
# status, 124 on time-out) and boot_seconds.
boot() {
  local name=$1 kernel=$2 initrd=$3 append=$4 cpus=$5 state=$work/$name/tpm log=$logs/$name.console.log
  local start swtpm_pid qemu_pid stamp_pid fd i
  rm -rf "$state" && mkdir -p "$state"
  socket_dir=$(mktemp -d "${TMPDIR:-/tmp}/baton-e2e.XXXXXX")
  swtpm socket --tpm2 --tpmstate dir="$state" --ctrl type=unixio,path="$socket_dir/swtpm.sock" \
    --terminate --log file="$logs/$name.swtpm.log",level=1 </dev/null >"$logs/$name.swtpm.out" 2>&1 &
  swtpm_pid=$!
  pids+=("$swtpm_pid")
  for i in $(seq 50); do [ -S "$socket_dir/swtpm.sock" ] && break; sleep 0.1; done
  start=$(now_us)
  exec {fd}> >(stamp "$start" >"$log")
  stamp_pid=$!
  timeout --kill-after=5 "$timeout_seconds" qemu-system-ppc64 \
    -M pseries,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off \
    -nodefaults -cpu POWER9 -m 2G -smp "$cpus" -display none -vga none -monitor none -serial stdio \
    -no-reboot \
    -kernel "$kernel" -initrd "$initrd" -append "$append" \
    -chardev socket,id=chrtpm,path="$socket_dir/swtpm.sock" -tpmdev emulator,id=tpm0,chardev=chrtpm \
    -device tpm-spapr,tpmdev=tpm0 </dev/null >&"$fd" 2>&1 &
  qemu_pid=$!
  pids+=("$qemu_pid")
  exec {fd}>&-
  wait "$qemu_pid"
  boot_status=$?
  boot_seconds=$(( ($(now_us) - start) / 1000 ))
  boot_seconds=$((boot_seconds / 1000)).$(printf '%03d' $((boot_seconds % 1000)))
  # The stamper ends when QEMU's output closes; swtpm ends with QEMU (--terminate).
  for i in $(seq 50); do kill -0 "$stamp_pid" 2>/dev/null || break; sleep 0.1; done
  for i in $(seq 30); do kill -0 "$swtpm_pid" 2>/dev/null || break; sleep 0.1; done
  stop_all
}

# ---- markers ----------------------------------------------------------------------------------
# The console log without the host's time stamps and without carriage returns.
console() { sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' "$logs/$1.console.log"; }
marker() {  # marker SCENARIO PATTERN: the E2E- lines matching PATTERN (extended regexp)
  console "$1" | grep -E "^E2E-$2"
}
field() {  # field LINE KEY: the value of KEY=... in a marker line
  sed -nE "s/.*(^| )$2=([^ ]*).*/\\2/p" <<<"$1" | head -n 1
}

# extract_stage SCENARIO STAGE DIR: writes DIR/stage-N.bin (the list), DIR/stage-N.sha1 and
# .sha256 (PCR files); returns 1 when the stage's list did not arrive intact.
extract_stage() {
  local name=$1 n=$2 dir=$3 end bank
  console "$name" | awk -v b="E2E-IMABIN-BEGIN stage=$n" -v e="E2E-IMABIN-END stage=$n " '
    index($0, b) == 1 && length($0) == length(b) { on = 1; next }
    index($0, e) == 1 { on = 0; exit }
    on { print }' | base64 -d >"$dir/stage-$n.bin" 2>/dev/null
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
# check_stage SCENARIO STAGE DIR REPLAYS(yes|no): the list, the TPM, baton in the guest, and the
# host's replay with baton and evmctl (one bank per evmctl run: its exit status reflects only
# the last bank it compared).
check_stage() {
  local name=$1 n=$2 dir=$3 replays=$4 p="$1: stage $2" out rc bank want line
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
  "$baton" ima show "$dir/stage-$n.bin" >"$dir/stage-$n.txt" 2>&1
  line=$(marker "$name" "PCR10 stage=$n ")
  check "$p count $(field "$line" count) is the number of entries in the list" \
    [ "$(field "$line" count)" = "$(wc -l <"$dir/stage-$n.txt")" ]
  if [ "$n" = 1 ]; then
    line=$(head -n 1 "$dir/stage-$n.txt")
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
      check "$p baton ima replay in the guest: the live list does not replay (exit 1)" \
        eval '[ "$rc" = 1 ] && grep -q "does not replay" <<<"$out"'
    fi
    for want in pack check; do
      rc=$(field "$(marker "$name" "BATON stage=$n step=$want ")" rc)
      check "$p baton ima $want of the live list in the guest succeeds" [ "$rc" = 0 ]
    done
  else
    not_ok "$p baton ran in the guest (no E2E-BATON stage=$n marker)"
  fi

  # the host's replay of the list to the guest's PCRs
  "$baton" ima replay "$dir/stage-$n.bin" --pcrs sha1,"$dir/stage-$n.sha1" \
    --pcrs sha256,"$dir/stage-$n.sha256" >"$dir/stage-$n.replay" 2>&1
  rc=$?
  if [ "$replays" = yes ]; then
    check "$p baton ima replay on the host: the list replays to PCR 10 (sha1, sha256)" [ "$rc" = 0 ]
  else
    check "$p baton ima replay on the host: the list does not replay to PCR 10 (exit 1)" \
      eval '[ "$rc" = 1 ] && grep -q "sha256: does not replay" "$dir/stage-$n.replay"'
  fi
  for bank in sha1 sha256; do
    evmctl ima_measurement --pcrs "$bank,$dir/stage-$n.$bank" "$dir/stage-$n.bin" \
      >"$dir/stage-$n.evmctl-$bank" 2>&1
    rc=$?
    if [ "$replays" = yes ]; then
      check "$p evmctl ima_measurement: the list replays to PCR 10 ($bank)" [ "$rc" = 0 ]
    else
      check "$p evmctl ima_measurement: the list does not replay to PCR 10 ($bank)" [ "$rc" -ne 0 ]
    fi
  done

  # The firmware's event log, as SLOF wrote it, replayed by baton into the guest's PCR 0-9. After
  # a kexec the log comes through baton's handover (linux,sml-base and its reservation kept).
  console "$name" | awk -v b="E2E-BIOSLOG-BEGIN stage=$n" -v e="E2E-BIOSLOG-END stage=$n" '
    index($0, b) == 1 && length($0) == length(b) { on = 1; next }
    index($0, e) == 1 { on = 0; exit }
    on { print }' | base64 -d >"$dir/stage-$n.bios" 2>/dev/null
  if [ "$n" -gt 1 ] && [ "$mode" = load ]; then
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
# chain_initrd DIR KERNEL...: the initrd of the first stage: the boot image, plus (as a second,
# concatenated archive) /boot/vmlinux and /boot/initrd.gz for the next stage, recursively.
chain_initrd() {
  local dir=$1 out
  shift
  if [ $# -le 1 ]; then echo "$image"; return; fi
  out=$dir/initrd-$#.gz
  local next
  next=$(chain_initrd "$dir" "${@:2}")
  rm -rf "$dir/next-$#" && mkdir -p "$dir/next-$#/boot"
  cp "${kernel_path[$2]}" "$dir/next-$#/boot/vmlinux"
  cp "$next" "$dir/next-$#/boot/initrd.gz"
  tools/image/pack.sh "$dir/next-$#" "$dir/next-$#.gz" || return 1
  cat "$image" "$dir/next-$#.gz" >"$out"
  rm -rf "$dir/next-$#" "$dir/next-$#.gz"
  echo "$out"
}

eventlog_matches() {  # eventlog_matches STAGE-PREFIX: baton's replay equals the TPM, PCR 0-9
  local bank
  for bank in sha1 sha256; do
    [ "$(grep -c "^$bank PCR-0" "$1.eventlog")" = 10 ] || return 1
    diff -q <(grep "^$bank PCR-0" "$1.eventlog" | sed "s/^$bank //") <(grep "^PCR-0" "$1.$bank") >/dev/null ||
      return 1
  done
}

needs_met() {  # needs_met NEEDS: 0 when this baton can run the scenario
  case "$1" in
    -) return 0 ;;
    baton-kexec)
      [ "${BATON_E2E_PENDING:-0}" = 1 ] || [ "$explicit" = yes ] || return 1
      "$baton" kexec load --help >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

# ---- one scenario -----------------------------------------------------------------------------
run_scenario() {
  local name=$1 kernels=$2 how=$3 hops=$4 cpus=$5 expect=$6 dir=$work/$1
  local mode=${how%%:*} method= append n stages initrd line k previous count previous_count measured
  [[ "$how" == *:* ]] && method=${how#*:}
  IFS=, read -r -a stages <<<"$kernels"
  for k in "${stages[@]}"; do
    if [ -z "${kernel_path[$k]:-}" ]; then
      not_ok "$name: kernel '$k' is available"
      return
    fi
  done
  rm -rf "$dir" "$logs/$name".attempt1.* && mkdir -p "$dir"
  if ! initrd=$(chain_initrd "$dir" "${stages[@]}"); then
    not_ok "$name: first initrd built"
    return
  fi
  append="console=hvc0 e2e_stage=1 e2e_mode=$mode e2e_hops=$hops"
  [ -n "$method" ] && append+=" e2e_method=$method"
  [ "$expect" = refused ] && append+=" e2e_postload=1"

  # The guest's vTPM sometimes stops answering after a kexec (seen about once in five runs of
  # kexec-load: the next kernel logs "A TPM error (9) occurred" and every PCR read fails). That
  # is QEMU's tpm-spapr/ibmvtpm, not the code under test, so such a run is repeated once; the
  # first attempt's logs are kept as NAME.attempt1.*, and a second failure is reported.
  local attempt
  for attempt in 1 2; do
    boot "$name" "${kernel_path[${stages[0]}]}" "$initrd" "$append" "$cpus"
    marker "$name" "DMESG stage=[0-9]+: .*A TPM error" >/dev/null || break
    [ "$attempt" = 2 ] && break
    note "$name: the guest's TPM failed after a kexec ($(marker "$name" "DMESG stage=[0-9]+: .*A TPM error" |
      head -n 1 | sed 's/^E2E-DMESG //')); repeating the scenario once, first logs kept as $name.attempt1.*"
    mv "$logs/$name.console.log" "$logs/$name.attempt1.console.log"
    mv "$logs/$name.swtpm.log" "$logs/$name.attempt1.swtpm.log" 2>/dev/null
  done
  check "$name: the guest's TPM answered in every stage (no \"A TPM error\" in the kernel log)" \
    eval '! marker "$name" "DMESG stage=[0-9]+: .*A TPM error" >/dev/null'
  case "$boot_status" in
    0) ok "$name: the guest powered off by itself (${boot_seconds} s)" ;;
    124 | 137) not_ok "$name: QEMU timed out after $timeout_seconds s (log $logs/$name.console.log)" ;;
    *) not_ok "$name: QEMU exited with status $boot_status (log $logs/$name.console.log)" ;;
  esac

  for n in $(seq 1 ${#stages[@]}); do
    if [ "$n" -gt 1 ]; then
      line=$(marker "$name" "KEXEC stage=$((n - 1)) mode=$mode step=load ")
      check "$name: stage $((n - 1)) loaded the next kernel with e2e_mode=$how (${line:-no E2E-KEXEC marker})" \
        [ "$(field "$line" rc)" = 0 ]
    fi
    if [ "$expect" = refused ] && [ "$n" -gt 1 ]; then
      line=$(marker "$name" "KEXEC stage=$((n - 1)) mode=$mode step=exec ")
      check "$name: baton kexec exec refused the reboot (${line:-no E2E-KEXEC exec marker})" \
        [ "$(field "$line" rc)" = 1 ]
      check "$name: baton said why: measurements after the list was loaded" \
        grep -q "measurements were taken after the list was loaded" "$logs/$name.console.log"
      check "$name: no stage $n ran" eval '! marker "$name" "BEGIN stage=$n " >/dev/null'
      break
    fi
    case "$expect" in
      carry | single | refused) check_stage "$name" "$n" "$dir" yes ;;
      reset | norestore) check_stage "$name" "$n" "$dir" "$([ "$n" = 1 ] && echo yes || echo no)" ;;
    esac
    [ "$n" -gt 1 ] || continue
    [ -s "$dir/stage-$n.bin" ] && [ -s "$dir/stage-$((n - 1)).bin" ] || continue
    previous=$dir/stage-$((n - 1)).bin
    previous_count=$(wc -l <"$dir/stage-$((n - 1)).txt")
    count=$(wc -l <"$dir/stage-$n.txt")
    line=$(marker "$name" "CHOSEN stage=$n ")
    case "$expect" in
      carry)
        check "$name: stage $n count $count is larger than stage $((n - 1))'s $previous_count" \
          [ "$count" -gt "$previous_count" ]
        check "$name: stage $n list starts with stage $((n - 1))'s list, byte for byte" \
          cmp -s -n "$(stat -c %s "$previous")" "$previous" "$dir/stage-$n.bin"
        check "$name: stage $n kernel removed linux,ima-kexec-buffer from /proc/device-tree/chosen" \
          [ "$(field "$line" ima-kexec-buffer)" = absent ]
        check "$name: stage $n has one more boot_aggregate than stage $((n - 1))" \
          [ "$(aggregates "$dir/stage-$n.txt")" = "$(( $(aggregates "$dir/stage-$((n - 1)).txt") + 1 ))" ]
        check "$name: stage $n kernel did not report a failed restore" \
          eval '! marker "$name" "DMESG stage=$n: .*(Failed to restore|Error restoring)" >/dev/null'
        if [ "$how" = baton:load ]; then
          # What stage n-1 measured after its dump, up to the next kernel's boot_aggregate.
          measured=$(tail -n +"$((previous_count + 1))" "$dir/stage-$n.txt" | sed '/ boot_aggregate$/q')
          check "$name: stage $n carries baton's measurement of the next kernel (ima-ng kernel, initrd; ima-buf kexec-cmdline)" \
            eval 'grep -q " ima-ng sha256:[0-9a-f]* /boot/vmlinux\$" <<<"$measured" &&
                  grep -q " ima-ng sha256:[0-9a-f]* /boot/initrd.gz\$" <<<"$measured" &&
                  grep -q " ima-buf sha256:[0-9a-f]* kexec-cmdline [0-9a-f]*\$" <<<"$measured"'
        fi
        ;;
      reset | norestore)
        # (Its first entries may well equal stage n-1's: the same TPM, the same files measured
        # in the same order. What tells a fresh list from a carried one is the boot_aggregate.)
        check "$name: stage $n list starts afresh: a single boot_aggregate, count $previous_count -> $count" \
          eval '[ "$(aggregates "$dir/stage-$n.txt")" = 1 ] && [ "$count" -le "$previous_count" ]'
        if [ "$expect" = norestore ]; then
          check "$name: stage $n kernel left linux,ima-kexec-buffer in /proc/device-tree/chosen" \
            [ "$(field "$line" ima-kexec-buffer)" = present ]
        fi
        ;;
    esac
  done
  note "$name: $boot_seconds s wall; $(marker "$name" "TIME stage=[0-9]+ at=(init|done)" |
    awk '{ split($2, s, "="); split($3, a, "="); split($4, u, "=");
           printf "%sstage %s %s at %s s", (NR > 1 ? ", " : ""), s[2], a[2], u[2] }') (guest uptime)"
}

# ---- main -------------------------------------------------------------------------------------
mkdir -p "$logs" "$work"
for tool in qemu-system-ppc64 swtpm evmctl cpio; do
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
  not_ok "test kernel built (see build/e2e/kernel-build-*/build.log)"
fi
stock=$(compgen -G "$sysroot/boot/vmlinux-*" | head -n 1)
if [ -n "$stock" ]; then kernel_path[stock]=$stock; else not_ok "stock kernel in $sysroot/boot"; fi

# make image is reproducible: a second build from the same inputs gives the same bytes.
tools/image/build.sh build/ppc64le/baton "$sysroot" "$work/image-again.cpio.gz" >/dev/null 2>&1
check "make image is reproducible (a second build has the same sha256)" \
  cmp -s "$image" "$work/image-again.cpio.gz"
rm -f "$work/image-again.cpio.gz"

wanted=("$@")
for row in "${scenarios[@]}"; do
  IFS='|' read -r name kernels how hops cpus expect needs what <<<"$row"
  explicit=no
  if [ ${#wanted[@]} -gt 0 ]; then
    [[ " ${wanted[*]} " == *" $name "* ]] || continue
    explicit=yes
  fi
  if ! needs_met "$needs"; then
    case "$needs" in
      todo:*) note "pending: $name ($what): its assertions are not written yet (${needs#todo:})" ;;
      *) note "pending: $name ($what): needs $needs; BATON_E2E_PENDING=1 or naming it runs it" ;;
    esac
    continue
  fi
  note "scenario $name: $what"
  started=$SECONDS
  run_scenario "$name" "$kernels" "$how" "$hops" "$cpus" "$expect"
done
finish
