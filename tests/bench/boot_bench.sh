#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make bench`, the boot road (issue: faster than the peers): `baton boot` on a simulated machine
# whose one disk holds a 42 MB vmlinux (Debian's ppc64el kernel) and a 64 MB initrd, with a
# 100,000-entry IMA list and the swtpm that run_bench.sh started ($BATON_TCTI). The boot maps and
# locks both files (the memory kexec_load copies from: no copy of its own) and hashes each piece
# as it arrives, the kernel and the initrd on two threads ("read files"); then it snapshots the
# list, asks the TPM for its banks and makes the entries ("measure"), plans ("build the tree")
# and writes the plan to the simulated machine ("load"). Each step's line gives its time; best
# of 3:
#   measure_gbps   (vmlinux + initrd) / read files: reading and hashing the images, in GB/s
#   boot_measure_ms, boot_plan_ms, boot_write_ms   the other steps, reported
# Then verified boot (issue: verified boot): the same vmlinux signed with sign-file (a key made
# here), the certificate in the machine's /etc/baton/keys and the setting enforce; best of 3:
#   verify_pass     (read files + verify, signed and enforced) - (read files + verify, off),
#                   in passes of sha256 over the vmlinux (sha256sum, best of 3): what signed boot
#                   adds to the boot
#   verify_openssl  baton verify / openssl cms -verify of the same signature over the same bytes
# Every run must exit 0 and its carried list must hold the kernel's sha256 (sha256sum's).
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/bench/bench_lib.sh
baton=$PWD/build/host/baton
work=$PWD/build/bench
vmlinux=$(ls build/ppc64el/sysroot/boot/vmlinux-* 2>/dev/null | head -n 1)
initrd=$work/initrd-64M
list=$work/list-100000
if [ -z "$vmlinux" ] || [ ! -s "$initrd" ] || [ ! -s "$list" ] || [ -z "${BATON_TCTI:-}" ]; then
  bench_fail "boot road: needs the ppc64el vmlinux, $initrd, $list (the plan bench makes them) and a TPM"
  exit 1
fi

# The machine on tmpfs when there is one: the plan's writing is timed, not the disk's.
base=$work
[ -d /dev/shm ] && base=/dev/shm
sim=$(mktemp -d "$base/baton-boot.XXXXXX")
trap 'rm -rf "$sim"' EXIT
mkdir -p "$sim/disks/disk0/boot/grub" "$sim/sys/firmware" "$sim/sys/kernel/security/ima" "$sim/plan"
printf '{"disk0": {"uuid": "0a0a0a0a-1111-2222-3333-444444444444", "fstype": "ext4"}}\n' \
  >"$sim/disks/devices.json"
cp "$vmlinux" "$sim/disks/disk0/boot/vmlinux"
cp "$initrd" "$sim/disks/disk0/boot/initrd.img"
printf "menuentry 'bench' {\n  linux /boot/vmlinux root=/dev/sda2 ro\n  initrd /boot/initrd.img\n}\n" \
  >"$sim/disks/disk0/boot/grub/grub.cfg"
cp build/host/dts/qemu-pseries.dtb "$sim/sys/firmware/fdt"
cp "$list" "$sim/sys/kernel/security/ima/binary_runtime_measurements"
echo 100000 >"$sim/sys/kernel/security/ima/runtime_measurements_count"
bytes=$(( $(stat -c %s "$vmlinux") + $(stat -c %s "$initrd") ))
want=$(sha256sum "$vmlinux" | cut -d' ' -f1)

step_ms() {  # step_ms FILE STEP: the milliseconds `baton boot` gave the step
  awk -v step="$2" 'index($0, "baton boot: " step " ") == 1 {
    for (i = 1; i <= NF; i++) if ($(i + 1) == "ms") { print $i; exit } }' "$1"
}

best_read='' best_measure='' best_plan='' best_write=''
for run in 1 2 3; do
  out=$work/boot-bench.out
  if ! "$baton" boot --root "$sim" --option bench --yes --tcti "$BATON_TCTI" >"$out" 2>&1; then
    bench_fail_run 1 "$out" baton boot --root SIM --option bench --yes
    exit 1
  fi
  "$baton" ima unpack "$sim/plan/ima.bin" -o "$work/boot-bench.list" >/dev/null 2>&1 &&
    "$baton" ima show "$work/boot-bench.list" >"$work/boot-bench.show" 2>&1
  if ! grep -q "sha256:$want /boot/vmlinux\$" "$work/boot-bench.show"; then
    bench_fail "baton boot exited 0 but its carried list does not hold the kernel's sha256 ($want)"
    exit 1
  fi
  read_ms=$(step_ms "$out" "read files") measure_ms=$(step_ms "$out" measure)
  plan_ms=$(step_ms "$out" "build the tree") write_ms=$(step_ms "$out" load)
  if [ -z "$read_ms" ] || [ -z "$measure_ms" ] || [ -z "$plan_ms" ] || [ -z "$write_ms" ]; then
    bench_fail "baton boot did not time its steps: $(head -n 3 "$out" | tr '\n' ' ')"
    exit 1
  fi
  if [ -z "$best_read" ] || awk -v a="$read_ms" -v b="$best_read" 'BEGIN { exit !(a < b) }'; then best_read=$read_ms; fi
  if [ -z "$best_measure" ] || awk -v a="$measure_ms" -v b="$best_measure" 'BEGIN { exit !(a < b) }'; then best_measure=$measure_ms; fi
  if [ -z "$best_plan" ] || awk -v a="$plan_ms" -v b="$best_plan" 'BEGIN { exit !(a < b) }'; then best_plan=$plan_ms; fi
  if [ -z "$best_write" ] || awk -v a="$write_ms" -v b="$best_write" 'BEGIN { exit !(a < b) }'; then best_write=$write_ms; fi
done
awk -v r="$best_read" -v m="$best_measure" -v p="$best_plan" -v w="$best_write" -v bytes="$bytes" 'BEGIN {
  printf "boot: read files (the vmlinux and the initrd, each hashed while read, on two threads) %.1f ms for %.0f MB: %.2f GB/s\n", r, bytes / 1e6, bytes / 1e9 / (r / 1000)
  printf "boot: measure (snapshot of the 100,000-entry list, TPM banks, the entries) %.1f ms\n", m
  printf "boot: plan (build the tree) %.1f ms, apart from writing the plan to the simulated machine (load) %.1f ms\n", p, w }'
best_plain=$(awk -v r="$best_read" -v v="$(step_ms "$out" verify)" 'BEGIN { print r + v }')

# ---- verified boot ----------------------------------------------------------------------------
sign_file=/usr/lib/linux-kbuild-6.1/scripts/sign-file
keys=$work/verify-keys  # the trust anchors: the certificate alone (every *.pem there is read)
rm -rf "$keys" "$work/verify-key.pem" && mkdir -p "$keys" "$sim/etc/baton/keys"
if ! openssl req -new -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=baton bench" \
     -keyout "$work/verify-key.pem" -out "$keys/cert.pem" >/dev/null 2>&1 ||
   ! "$sign_file" sha256 "$work/verify-key.pem" "$keys/cert.pem" "$vmlinux" "$sim/disks/disk0/boot/vmlinux"; then
  bench_fail "verified boot: the vmlinux could not be signed with $sign_file"
  exit 1
fi
cp "$keys/cert.pem" "$sim/etc/baton/keys/bench.pem"
echo enforce >"$sim/etc/baton/signed-boot"
signed=$sim/disks/disk0/boot/vmlinux
best_signed=''
for run in 1 2 3; do
  out=$work/boot-bench-signed.out
  if ! "$baton" boot --root "$sim" --option bench --yes --tcti "$BATON_TCTI" >"$out" 2>&1 ||
     ! grep -q "verified, signed by CN=baton bench" "$out"; then
    bench_fail_run 1 "$out" baton boot --root SIM --option bench --yes "(signed, enforce)"
    exit 1
  fi
  total=$(awk -v r="$(step_ms "$out" "read files")" -v v="$(step_ms "$out" verify)" 'BEGIN { print r + v }')
  if [ -z "$best_signed" ] || awk -v a="$total" -v b="$best_signed" 'BEGIN { exit !(a < b) }'; then best_signed=$total; fi
done
pass_s='' baton_s='' openssl_s=''
for run in 1 2 3; do
  start=${EPOCHREALTIME//[!0-9]/}
  sha256sum "$signed" >/dev/null
  s=$(( ${EPOCHREALTIME//[!0-9]/} - start ))
  if [ -z "$pass_s" ] || [ "$s" -lt "$pass_s" ]; then pass_s=$s; fi
done
# openssl's input: the signed bytes and the PKCS#7 apart (the length from struct module_signature).
size=$(stat -c %s "$signed")
siglen=$((16#$(xxd -p -s $((size - 32)) -l 4 "$signed")))
head -c $((size - 40 - siglen)) "$signed" >"$work/verify-content"
tail -c +$((size - 40 - siglen + 1)) "$signed" | head -c "$siglen" >"$work/verify-sig.p7"
for run in 1 2 3; do
  start=${EPOCHREALTIME//[!0-9]/}
  "$baton" verify "$signed" --keys "$keys" >/dev/null 2>&1 || { bench_fail "baton verify refused the signed vmlinux"; exit 1; }
  s=$(( ${EPOCHREALTIME//[!0-9]/} - start ))
  if [ -z "$baton_s" ] || [ "$s" -lt "$baton_s" ]; then baton_s=$s; fi
  start=${EPOCHREALTIME//[!0-9]/}
  openssl cms -verify -binary -inform DER -in "$work/verify-sig.p7" -content "$work/verify-content" \
    -certfile "$keys/cert.pem" -CAfile "$keys/cert.pem" -purpose any -out /dev/null 2>/dev/null || { bench_fail "openssl cms -verify refused the signed vmlinux"; exit 1; }
  s=$(( ${EPOCHREALTIME//[!0-9]/} - start ))
  if [ -z "$openssl_s" ] || [ "$s" -lt "$openssl_s" ]; then openssl_s=$s; fi
done
awk -v p="$best_plain" -v s="$best_signed" -v pass="$pass_s" -v b="$baton_s" -v o="$openssl_s" 'BEGIN {
  printf "verified boot: read files + verify %.1f ms signed (enforce), %.1f ms off; one sha256 pass (sha256sum) %.1f ms: adds %.2f passes\n", s, p, pass / 1000, (s - p) / (pass / 1000)
  printf "verified boot: baton verify %.1f ms, openssl cms -verify %.1f ms on the same signature: %.2fx\n", b / 1000, o / 1000, b / o }'
bench_record verify_pass "$(awk -v p="$best_plain" -v s="$best_signed" -v pass="$pass_s" 'BEGIN { printf "%.2f", (s - p) / (pass / 1000) }')"
bench_record verify_openssl "$(awk -v b="$baton_s" -v o="$openssl_s" 'BEGIN { printf "%.2f", b / o }')"

bench_record measure_gbps "$(awk -v r="$best_read" -v bytes="$bytes" 'BEGIN { printf "%.2f", bytes / 1e9 / (r / 1000) }')"
bench_record boot_measure_ms "$best_measure"
bench_record boot_plan_ms "$best_plan"
bench_record boot_write_ms "$best_write"
[ "$bench_failures" -eq 0 ]
