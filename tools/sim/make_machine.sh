#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Creates the simulated POWER machine under DIR for `baton menu --root DIR`:
#   DIR/disks/<device>/     disks with grub2, BLS, yaboot and syslinux configs and their kernels
#   DIR/disks/devices.json  their UUIDs and labels
#   DIR/sys/firmware/fdt    the firmware tree, compiled from dts/qemu-pseries.dts
#   DIR/sys/kernel/security/ima/   a measurement list made by `baton ima synth --extend`, so every
#                           entry was extended into the TPM (PCR 10) and the list replays
# and extends PCR 0-7 as firmware would, before the list is made. The TPM is $BATON_TCTI.
#
# usage: tools/sim/make_machine.sh DIR BATON TREE.dtb
set -eu
dir=$1 baton=$2 tree=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$dir"
mkdir -p "$dir/disks" "$dir/sys/firmware" "$dir/sys/kernel/security/ima" "$dir/proc/device-tree/chosen" \
         "$dir/plan" "$dir/work"

# The kernel image every option boots (an ELF the planner accepts) and initrds.
powerpc64le-linux-gnu-as -a64 -mlittle "$here/kernel.S" -o "$dir/work/kernel.o"
powerpc64le-linux-gnu-ld -static -nostdlib -e _start -Ttext=0 "$dir/work/kernel.o" -o "$dir/work/vmlinux"
head -c 65536 /dev/urandom >"$dir/work/initrd.img"

disk() {  # disk ID: a disk with /boot holding the kernel and initrd
  mkdir -p "$dir/disks/$1/boot"
  cp "$dir/work/vmlinux" "$dir/disks/$1/boot/vmlinux-6.1.0-sim"
  cp "$dir/work/initrd.img" "$dir/disks/$1/boot/initrd.img-6.1.0-sim"
}
disk sda2
mkdir -p "$dir/disks/sda2/boot/grub"
cat >"$dir/disks/sda2/boot/grub/grub.cfg" <<'CFG'
set default=0
set timeout=5
menuentry 'Debian GNU/Linux' --id debian {
	linux /boot/vmlinux-6.1.0-sim root=UUID=5f1a0c0e-sim ro quiet
	initrd /boot/initrd.img-6.1.0-sim
}
menuentry 'Debian GNU/Linux (recovery mode)' --id debian-recovery {
	linux /boot/vmlinux-6.1.0-sim root=UUID=5f1a0c0e-sim ro single
	initrd /boot/initrd.img-6.1.0-sim
}
menuentry 'Broken kernel (not an ELF file)' --id broken {
	linux /boot/broken-vmlinux root=UUID=5f1a0c0e-sim ro
}
CFG
echo "this is not a kernel" >"$dir/disks/sda2/boot/broken-vmlinux"

disk nvme0n1p2
mkdir -p "$dir/disks/nvme0n1p2/loader/entries"
cat >"$dir/disks/nvme0n1p2/loader/entries/fedora-6.1.0.conf" <<'CFG'
title Fedora Linux 39 (Server Edition)
version 6.1.0-sim
linux /boot/vmlinux-6.1.0-sim
initrd /boot/initrd.img-6.1.0-sim
options root=LABEL=fedora ro console=hvc0
CFG

disk sdb1
cat >"$dir/disks/sdb1/yaboot.conf" <<'CFG'
timeout=50
default=sles
image=/boot/vmlinux-6.1.0-sim
	label=sles
	initrd=/boot/initrd.img-6.1.0-sim
	append="root=/dev/sdb2 quiet"
CFG

cat >"$dir/disks/devices.json" <<'JSON'
{
  "sda2": {"uuid": "5f1a0c0e-0000-4000-8000-000000000001", "label": "debian", "fstype": "ext4", "priority": 10},
  "nvme0n1p2": {"uuid": "5f1a0c0e-0000-4000-8000-000000000002", "label": "fedora", "fstype": "xfs"},
  "sdb1": {"uuid": "5f1a0c0e-0000-4000-8000-000000000003", "label": "sles", "fstype": "ext4"}
}
JSON

# The firmware tree, and the running kernel's view of it.
cp "$tree" "$dir/sys/firmware/fdt"
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
