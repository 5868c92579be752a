#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Creates the simulated POWER machine under DIR for `baton menu --root DIR`:
#   DIR/disks/<device>/     disks taken from the configuration corpus (tests/data/config/, the
#                           devices that tests/data/sim/disks.txt names) with kernel, initrd and
#                           device-tree files wherever the corpus's expected.json resolves them,
#                           and the test-only disks of tests/data/sim/machine/ (a broken kernel)
#   DIR/disks/devices.json  their UUIDs, labels and priorities, from the same files
#   DIR/sys/firmware/fdt    the firmware tree, compiled from dts/qemu-pseries.dts
#   DIR/dev/nvram           the NVRAM as SLOF formats it on QEMU pseries (tests/data/nvram), where
#                           `baton config --root DIR` and the menu keep their settings
#   DIR/sys/kernel/security/ima/   a measurement list made by `baton ima synth --extend`, so every
#                           entry was extended into the TPM (PCR 10) and the list replays
# and extends PCR 0-7 as firmware would, before the list is made. The TPM is $BATON_TCTI.
#
# usage: tools/sim/make_machine.sh DIR BATON TREE.dtb
set -eu
dir=$1 baton=$2 tree=$3
here=$(cd "$(dirname "$0")" && pwd)
corpus=$here/../../tests/data/config
data=$here/../../tests/data/sim
rm -rf "$dir"
mkdir -p "$dir/disks" "$dir/sys/firmware" "$dir/sys/kernel/security/ima" "$dir/proc/device-tree/chosen" \
         "$dir/plan" "$dir/work"

# The kernel image every option boots (an ELF the planner accepts).
powerpc64le-linux-gnu-as -a64 -mlittle "$here/kernel.S" -o "$dir/work/kernel.o"
powerpc64le-linux-gnu-ld -static -nostdlib -e _start -Ttext=0 "$dir/work/kernel.o" -o "$dir/work/vmlinux"

# The corpus devices, renamed as disks.txt says; devices.json gathers their entries.
devices='{}'
while read -r machine device sim_device; do
  case $machine in ''|'#'*) continue ;; esac
  from=$corpus/$machine/machine/$device
  [ -d "$from" ] || { echo "make_machine: no corpus device $machine/$device" >&2; exit 1; }
  [ ! -e "$dir/disks/$sim_device" ] || { echo "make_machine: $sim_device named twice" >&2; exit 1; }
  cp -r "$from" "$dir/disks/$sim_device"
  devices=$(jq --arg id "$sim_device" --argjson entry "$(jq --arg d "$device" '.[$d] // {}' \
    "$corpus/$machine/machine/devices.json")" '.[$id] = $entry' <<<"$devices")
  # Every file an option of this device resolves on it: a kernel (the ELF), an initrd (random
  # bytes of its own) or a device tree (the firmware's). Paths are the corpus's, never outside.
  jq -r --arg d "$device" '.options[] | (.kernel | select(.device == $d) | "kernel \(.path)"),
      (.initrd[] | select(.device == $d) | "initrd \(.path)"),
      (.dtb // empty | select(.device == $d) | "dtb \(.path)")' "$corpus/$machine/expected.json" |
  sort -u | while read -r kind path; do
    case $path in /*) ;; *) echo "make_machine: $machine: relative path $path" >&2; exit 1 ;; esac
    case /$path/ in */../*) echo "make_machine: $machine: $path leaves the device" >&2; exit 1 ;; esac
    target=$dir/disks/$sim_device$path
    mkdir -p "$(dirname "$target")"
    case $kind in
      kernel) cp "$dir/work/vmlinux" "$target" ;;
      initrd) head -c 65536 /dev/urandom >"$target" ;;
      dtb) cp "$tree" "$target" ;;
    esac
  done
done <"$data/disks.txt"

# The test-only disks, as they are.
for from in "$data/machine"/*/; do
  sim_device=$(basename "$from")
  [ ! -e "$dir/disks/$sim_device" ] || { echo "make_machine: $sim_device named twice" >&2; exit 1; }
  cp -r "$from" "$dir/disks/$sim_device"
done
jq -s '.[0] * .[1]' - "$data/machine/devices.json" <<<"$devices" >"$dir/disks/devices.json"

# The firmware tree, and the running kernel's view of it.
cp "$tree" "$dir/sys/firmware/fdt"
mkdir -p "$dir/dev"
cp "$here/../../tests/data/nvram/slof-pseries-64k.nvram" "$dir/dev/nvram"
printf 'console=hvc0 ima_policy=tcb\n' >"$dir/proc/cmdline"
# The running kernel ends at 32 MiB (big-endian u64, as the live tree holds it).
printf '\x00\x00\x00\x00\x02\x00\x00\x00' >"$dir/proc/device-tree/chosen/linux,kernel-end"

# PCR 0-7 as firmware would extend them (one measurement each), then the kernel's list.
tcti=${BATON_TCTI:?BATON_TCTI names the simulated machine\'s TPM}
for pcr in 0 1 2 3 4 5 6 7; do
  hex=$(printf 'firmware component %d' "$pcr" | sha256sum | cut -c1-64)
  tpm2_pcrextend -T "$tcti" "$pcr:sha256=$hex" >/dev/null
done
mkdir -p "$dir/work/files/usr/bin" "$dir/work/files/etc"
for name in init bash systemd journald sshd; do
  printf '%s binary\n' "$name" >"$dir/work/files/usr/bin/$name"
done
printf 'root:x:0:0\n' >"$dir/work/files/etc/passwd"
"$baton" ima synth --root "$dir/work/files" /usr/bin/init /usr/bin/systemd /usr/bin/journald \
  /usr/bin/bash /usr/bin/sshd /etc/passwd -o "$dir/sys/kernel/security/ima/binary_runtime_measurements" \
  --extend --tcti "$tcti" >/dev/null
"$baton" ima show "$dir/sys/kernel/security/ima/binary_runtime_measurements" \
  >"$dir/sys/kernel/security/ima/ascii_runtime_measurements"
wc -l <"$dir/sys/kernel/security/ima/ascii_runtime_measurements" | tr -d ' ' \
  >"$dir/sys/kernel/security/ima/runtime_measurements_count"
