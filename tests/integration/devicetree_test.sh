#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# baton's device-tree handover and kexec plans, judged by dtc and fdtget (which we did not
# write), on trees compiled from dts/. Prints TAP-style "ok"/"not ok" lines.
set -u
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh
baton=$PWD/build/host/baton
dtbs=$PWD/build/host/dts
work=$PWD/build/test-work/devicetree
rm -rf "$work" && mkdir -p "$work"
cd "$work"
require_program "$baton"

memreserves() { dtc -q -I dtb -O dts "$1" | grep '^/memreserve/' | awk '{print $2, $3}' | tr -d ';' | sort; }
hex() { printf '0x%016x 0x%016x' "$1" "$2"; }

# Handover on the pseries tree as SLOF hands it over.
expect handover 0 "$baton" dtb handover "$dtbs/qemu-pseries.dtb" -o next.dtb --bootargs "console=hvc0 next" \
  --initrd 0x10000000,0x123456 --ima-region 0x10400000,0x20000 --console /vdevice/vty@71000000 \
  --tree-address 0x10500000
check "fdtget reads the IMA property in root cells" \
  test "$(fdtget -t x next.dtb /chosen linux,ima-kexec-buffer)" = "0 10400000 0 20000"
check "fdtget reads bootargs" test "$(fdtget next.dtb /chosen bootargs)" = "console=hvc0 next"
check "fdtget reads the initrd" test "$(fdtget -t x next.dtb /chosen linux,initrd-start /chosen linux,initrd-end)" = "$(printf '0 10000000\n0 10123456')"
check "fdtget reads stdout-path" test "$(fdtget next.dtb /chosen stdout-path)" = "/vdevice/vty@71000000"
check "linux,booted-from-kexec is present" fdtget next.dtb /chosen linux,booted-from-kexec
memreserves next.dtb >reservations.txt
check "dtc: the IMA reservation matches the property exactly" grep -qx "$(hex 0x10400000 0x20000)" reservations.txt
check "dtc: the initrd and the tree are reserved" \
  bash -c "grep -qx '$(hex 0x10000000 0x123456)' reservations.txt && grep -qx '$(hex 0x10500000 0x10000)' reservations.txt"
check "dtc: the firmware's event log reservation survives" grep -qx "$(hex 0x2ffb0000 0x40000)" reservations.txt
check "dtc: four reservations in all" test "$(wc -l <reservations.txt)" -eq 4
check "dtc decompiles the result without errors" dtc -q -I dtb -O dts -o /dev/null next.dtb

# Handover of a handover: still one property and one matching reservation.
expect handover-again 0 "$baton" dtb handover next.dtb -o next2.dtb --ima-region 0x10600000,0x10000 \
  --initrd 0x10000000,0x123456 --tree-address 0x10700000
memreserves next2.dtb >reservations2.txt
check "second hop: one IMA reservation, the new one" \
  bash -c "test -s reservations2.txt && ! grep -q '$(hex 0x10400000 0x20000)' reservations2.txt && grep -qx '$(hex 0x10600000 0x10000)' reservations2.txt"
lacks "second hop: the old tree's reservation is gone" "$(hex 0x10500000 0x10000)" reservations2.txt
check "second hop: four reservations in all" test "$(wc -l <reservations2.txt)" -eq 4
check "second hop: one IMA property" test "$(fdtget -t x next2.dtb /chosen linux,ima-kexec-buffer)" = "0 10600000 0 10000"

# A tree after a kexec, full of stale properties and reservations.
expect handover-stale 0 "$baton" dtb handover "$dtbs/pseries-after-kexec.dtb" -o clean.dtb
check "stale: only the firmware reservation is left" test "$(memreserves clean.dtb)" = "$(hex 0x2ffb0000 0x40000)"
# What /chosen holds, listed by fdtget (empty when clean.dtb is missing or not a tree): the
# stale properties must be absent from a list that exists, not merely unreadable.
fdtget -p clean.dtb /chosen >chosen-properties.txt 2>/dev/null || : >chosen-properties.txt
for property in linux,ima-kexec-buffer linux,initrd-start linux,elfcorehdr kaslr-seed rng-seed linux,usable-memory-range; do
  lacks "stale: $property is gone" "$property" chosen-properties.txt
done

# One-cell roots: an 8-byte property; a 40-bit address cannot be written.
expect one-cell 0 "$baton" dtb handover "$dtbs/one-cell-root.dtb" -o one.dtb --ima-region 0x1000000,0x10000
check "one cell: fdtget reads two cells" test "$(fdtget -t x one.dtb /chosen linux,ima-kexec-buffer)" = "1000000 10000"
refused one-cell-high 1 "does not fit the tree's 32-bit cells" "$dtbs/one-cell-root.dtb" -- \
  "$baton" dtb handover "$dtbs/one-cell-root.dtb" -o never.dtb --ima-region 0x100000000,0x10000
check "a refused handover writes nothing" test ! -e never.dtb

# Hostile trees: refused with an offset, never a crash.
# Exit 2 is also what a missing file gets: the inputs are checked, and the message names the fault.
head -c 300 "$dtbs/qemu-pseries.dtb" >cut.dtb
refused truncated-tree 2 "totalsize is outside the blob" cut.dtb:300 -- "$baton" dtb show cut.dtb
grep -q "offset" truncated-tree.out && ok "truncated tree names an offset" || not_ok "truncated tree message"
printf 'not a tree at all, just text that is long enough to have a header' >text.dtb
refused garbage-tree 2 "not a flattened device tree (bad magic)" text.dtb -- "$baton" dtb show text.dtb

# A whole plan with a real ppc64le ELF made by the cross toolchain and a list made by baton.
printf '.globl _start\n_start: b _start\n.space 0x20000\n' >kernel.S
powerpc64le-linux-gnu-as kernel.S -o kernel.o && powerpc64le-linux-gnu-ld -Ttext=0xc000000000000000 -e _start kernel.o -o vmlinux
mkdir -p root/bin && printf 'x\n' >root/bin/x
"$baton" ima synth --root root /bin/x -o list
head -c 100000 /dev/urandom >initrd
mkdir -p plan
expect plan 0 "$baton" kexec plan --kernel vmlinux --initrd initrd --append "console=hvc0" \
  --dtb "$dtbs/qemu-pseries.dtb" --ima list --kernel-end 0x2a00000 --root "$work/root" -o plan
ima_address=$(grep -o '"ima":{"address":"0x[0-9a-f]*","size":[0-9]*' plan/plan.json | sed -E 's/.*"address":"(0x[0-9a-f]+)","size":([0-9]+)/\1 \2/')
read -r ima_at ima_size <<<"$ima_address"
check "plan: next.dtb names the IMA segment" \
  test "$(fdtget -t x plan/next.dtb /chosen linux,ima-kexec-buffer)" = "$(printf '0 %x 0 %x' "$ima_at" "$ima_size")"
check "plan: the IMA segment is reserved exactly" grep -qx "$(hex "$ima_at" "$ima_size")" <(memreserves plan/next.dtb)
check "plan: the IMA segment is what pack writes" bash -c "'$baton' ima pack list -o packed && cmp -s packed plan/ima.bin"
check "plan: the IMA segment checks" "$baton" ima check plan/ima.bin
check "plan: the trampoline starts with a branch to 0x100" \
  test "$(od -An -tx1 -N4 plan/trampoline.bin | tr -d ' ')" = "00010048"
check "plan: the trampoline carries the kernel's bytes 4..255" \
  cmp -s <(tail -c +5 plan/kernel.bin | head -c 252) <(tail -c +5 plan/trampoline.bin | head -c 252)
check "plan: five segments" test "$(grep -o '"name"' plan/plan.json | wc -l)" -eq 5
refused plan-tiny 1 "" vmlinux initrd "$dtbs/tiny-rma.dtb" -- \
  "$baton" kexec plan --kernel vmlinux --initrd initrd --dtb "$dtbs/tiny-rma.dtb" --no-ima \
  --root "$work/root" --kernel-end 0x3ff0000 -o plan
grep -q "no room for a kexec segment" plan-tiny.out && ok "plan: no room is a clear error" || not_ok "plan: no room message"
# The live tree (/proc/device-tree as directories and files), flattened; dtc reads the same
# directory itself (-I fs) and must see the same tree.
live=root/proc/device-tree
mkdir -p "$live/chosen" "$live/memory@0" "$live/rtas" "$live/vdevice/vtpm@71000004"
printf '\x00\x00\x00\x02' >"$live/#address-cells"; printf '\x00\x00\x00\x02' >"$live/#size-cells"
printf 'chosen\0' >"$live/chosen/name"; printf 'console=hvc0\0' >"$live/chosen/bootargs"
printf '\x00\x00\x00\x00\x02\xa0\x00\x00' >"$live/chosen/linux,kernel-end"
printf 'memory\0' >"$live/memory@0/device_type"; printf '\0\0\0\0\0\0\0\0\0\0\0\0\x30\0\0\0' >"$live/memory@0/reg"
printf '\x2f\xff\x00\x00' >"$live/rtas/linux,rtas-base"; printf '\x00\x01\x00\x00' >"$live/rtas/rtas-size"
printf '\x00\x00\xfb\x2f\x00\x00\x00\x00' >"$live/vdevice/vtpm@71000004/linux,sml-base"
printf '\x00\x00\x04\x00' >"$live/vdevice/vtpm@71000004/linux,sml-size"
expect flatten 0 "$baton" dtb flatten --root root -o live.dtb
check "flatten: dtc sees the same tree as in the directory" \
  diff <(dtc -q -s -I dtb -O dts live.dtb | grep -v '^/memreserve/') <(dtc -q -s -I fs -O dts "$live" | grep -v 'name = ')
check "flatten: RTAS and the TPM event log are reserved again" \
  test "$(memreserves live.dtb | tr '\n' ' ')" = "$(hex 0x2ffb0000 0x40000) $(hex 0x2fff0000 0x10000) "
expect plan-live 0 "$baton" kexec plan --kernel vmlinux --live-tree --ima list --root root -o plan
check "plan on the live tree: above the running kernel's end from linux,kernel-end" grep -q '"floor":"0x2a00000"' plan-live.out
refused kexec-usage 2 "--kernel VMLINUX is required" "$dtbs/qemu-pseries.dtb" -- \
  "$baton" kexec plan --dtb "$dtbs/qemu-pseries.dtb" -o plan
expect kexec-help 0 "$baton" kexec --help
expect dtb-help 0 "$baton" dtb --help
