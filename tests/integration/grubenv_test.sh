#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# grubenv files written by GRUB's own tool, grub-editenv (grub-common), read by baton discover
# the way a distribution's grub.cfg reads them: saved_entry as the default, next_entry (what
# grub-reboot sets) before it, kernelopts in BLS entries, values with the characters
# grub-editenv escapes. baton only reads: the files are byte for byte what grub-editenv left.
# Prints TAP-style "ok"/"not ok" lines.
set -u
cd "$(dirname "$0")/../.."
root=$PWD
. tests/integration/lib.sh
baton=$root/build/host/baton
work=$root/build/test-work/grubenv
rm -rf "$work" && mkdir -p "$work"
cd "$work"
require_program "$baton"
if ! command -v grub-editenv >/dev/null; then
  not_ok "grub-editenv is installed (grub-common)"
  exit 1
fi

# A Fedora-style /boot: grub.cfg as grub2-mkconfig's 00_header and 10_linux write it (load_env,
# next_entry before saved_entry, kernelopts defaulted when grubenv has none), and BLS entries.
disk=$work/disks/sda2
mkdir -p "$disk/grub2" "$disk/loader/entries"
cat >"$disk/grub2/grub.cfg" <<'EOF'
set pager=1
if [ -f ${config_directory}/grubenv ]; then
  load_env -f ${config_directory}/grubenv
elif [ -s $prefix/grubenv ]; then
  load_env
fi
if [ "${next_entry}" ] ; then
   set default="${next_entry}"
   set next_entry=
   save_env next_entry
   set boot_once=true
else
   set default="${saved_entry}"
fi
set timeout=5
if [ -z "${kernelopts}" ]; then
  set kernelopts="root=/dev/mapper/fallback ro"
fi
insmod blscfg
blscfg
menuentry 'Plain entry' --id plain {
  linux /vmlinuz-plain $kernelopts
}
EOF
for version in 6.5.6-300 6.6.8-200 6.7.1-100; do
  printf 'title Fedora Linux (%s)\nversion %s\nlinux /vmlinuz-%s\ninitrd /initramfs-%s.img\noptions $kernelopts\n' \
    "$version" "$version" "$version" "$version" >"$disk/loader/entries/f-$version.conf"
done
env=$disk/grub2/grubenv

# default_of: the name and args of the option baton marks default.
default_of() {
  "$baton" discover --disks "$work/disks" --json 2>discover.err |
    jq -r '.options[] | select(.default) | "\(.name)|\(.args)"'
}

grub-editenv "$env" create
check "grub-editenv made a 1024-byte block" test "$(stat -c %s "$env")" -eq 1024
said=$(default_of)
check "no saved_entry: the newest BLS entry is the default ($said)" \
  test "$said" = "Fedora Linux (6.7.1-100)|root=/dev/mapper/fallback ro"

grub-editenv "$env" set saved_entry=f-6.5.6-300 "kernelopts=root=UUID=5d1e-77 ro rhgb quiet"
said=$(default_of)
check "saved_entry (a BLS id) is the default, kernelopts from grubenv ($said)" \
  test "$said" = "Fedora Linux (6.5.6-300)|root=UUID=5d1e-77 ro rhgb quiet"

# grub-reboot: next_entry wins for one boot.
grub-editenv "$env" set next_entry=plain
before=$(sha256sum "$env")
said=$(default_of)
check "next_entry (grub-reboot) comes before saved_entry ($said)" \
  test "$said" = "Plain entry|root=UUID=5d1e-77 ro rhgb quiet"
check "baton wrote nothing: grubenv is what grub-editenv left" test "$(sha256sum "$env")" = "$before"
check "grub-editenv still lists next_entry=plain" grep -qx 'next_entry=plain' <(grub-editenv "$env" list)

# Values with what grub-editenv escapes (a backslash, a newline) come back as they were set.
grub-editenv "$env" unset next_entry
grub-editenv "$env" set 'kernelopts=root=/dev/vda2 init=/a\b' saved_entry=plain
check "grub-editenv stored the backslash escaped" grep -qF 'init=/a\\b' "$env"
said=$(default_of)
check "an escaped backslash in kernelopts is read as one ($said)" \
  test "$said" = 'Plain entry|root=/dev/vda2 init=/a\b'
grub-editenv "$env" set "saved_entry=Fedora Linux (6.6.8-200)"
said=$(default_of)
check "saved_entry naming a title chooses that entry ($said)" \
  test "${said%%|*}" = "Fedora Linux (6.6.8-200)"

# A block without grub's signature is not an environment block: grub's load_env refuses it
# ("invalid environment block"), and so does baton, whatever pairs it holds.
printf 'not a grubenv at all\nsaved_entry=plain\nkernelopts=bad\n' >"$env"
check "grub-editenv refuses a block without the signature" bash -c '! grub-editenv "$1" list' _ "$env"
said=$(default_of)
check "baton reads no variables from it either ($said)" \
  test "$said" = "Fedora Linux (6.7.1-100)|root=/dev/mapper/fallback ro"

# ---- one-shot boots: save_env at a boot, judged by grub-editenv's own edit ----------------------
# A simulated machine (its disks are directories) whose grub.cfg is Debian's 00_header: the
# next_entry block above and grub-reboot's prev_saved_entry block (Debian's grub-reboot of old).
# baton boot writes what the script saved only when petitboot,write? is true; the block must
# then be byte for byte what grub-editenv makes of the same block with the same assignments.
sim=$work/sim
sdisk=$sim/disks/sda2
mkdir -p "$sdisk/boot/grub" "$sim/sys/firmware" "$sim/plan"
cp "$root/build/host/dts/qemu-pseries.dtb" "$sim/sys/firmware/fdt"
powerpc64le-linux-gnu-as -a64 -mlittle "$root/tools/sim/kernel.S" -o kernel.o &&
  powerpc64le-linux-gnu-ld -static -nostdlib -e _start -Ttext=0 kernel.o -o "$sdisk/boot/vmlinux"
printf '{"sda2": {"uuid": "6a1e0000-1111-2222-3333-444444444444", "fstype": "ext4"}}\n' >"$sim/disks/devices.json"
cat >"$sdisk/boot/grub/grub.cfg" <<'CFG'
if [ -s $prefix/grubenv ]; then
  set have_grubenv=true
  load_env
fi
if [ "${next_entry}" ] ; then
   set default="${next_entry}"
   set next_entry=
   save_env next_entry
   set boot_once=true
else
   set default="${saved_entry}"
fi
if [ "${prev_saved_entry}" ]; then
  set saved_entry="${prev_saved_entry}"
  save_env saved_entry
  set prev_saved_entry=
  save_env prev_saved_entry
  set boot_once=true
fi
function savedefault {
  if [ -z "${boot_once}" ]; then
    saved_entry="${chosen}"
    save_env saved_entry
  fi
}
menuentry 'Debian GNU/Linux' --id debian {
  savedefault
  linux /boot/vmlinux root=/dev/sda2 ro
}
menuentry 'Debian rescue' --id rescue {
  linux /boot/vmlinux root=/dev/sda2 ro single
}
CFG
senv=$sdisk/boot/grub/grubenv
grub-editenv "$senv" create
grub-editenv "$senv" set saved_entry=debian next_entry=rescue prev_saved_entry=debian
# The judge: grub-editenv's edit of a copy, with what the script's save_env calls assign.
cp "$senv" judge.grubenv
grub-editenv judge.grubenv set next_entry= saved_entry=debian prev_saved_entry=
before=$(sha256sum <"$senv")
boot_rescue() { "$baton" boot --root "$sim" --option rescue --yes --tcti device:/nonexistent; }
expect oneshot-off 0 boot_rescue
check "disk writes off (the default): the block is what grub-editenv left, byte for byte" \
  test "$(sha256sum <"$senv")" = "$before"
check "... and the boot says it did not write, naming the setting" \
  grep -q "grubenv sda2:/boot/grub/grubenv: not written, disk writes are off (petitboot,write?): next_entry=, saved_entry=debian, prev_saved_entry=" oneshot-off.out
said=$("$baton" discover --root "$sim" --json 2>/dev/null | jq -r '.options[] | select(.default) | .name')
check "next_entry still chooses the one-shot option ($said)" test "$said" = "Debian rescue"
expect oneshot-allow 0 "$baton" config set disk-writes true --root "$sim"
expect oneshot-on 0 boot_rescue
check "disk writes on: the boot saved what the script asked" \
  grep -q "grubenv sda2:/boot/grub/grubenv: saved next_entry=, saved_entry=debian, prev_saved_entry=" oneshot-on.out
check "the block is byte for byte grub-editenv's own edit of it" cmp -s "$senv" judge.grubenv
check "grub-editenv lists next_entry empty" grep -qx 'next_entry=' <(grub-editenv "$senv" list)
check "the block kept its 1024 bytes" test "$(stat -c %s "$senv")" -eq 1024
said=$("$baton" discover --root "$sim" --json 2>/dev/null | jq -r '.options[] | select(.default) | .name')
check "the one-shot is used up: saved_entry chooses again ($said)" test "$said" = "Debian GNU/Linux"
again=$(sha256sum <"$senv")
expect oneshot-again 0 boot_rescue
check "a block already as asked is not written again" test "$(sha256sum <"$senv")" = "$again"
check "savedefault inside a menu entry is noted, not carried out" \
  grep -q "save_env inside a menu entry (savedefault) runs when grub boots it; not kept" \
  <("$baton" discover --root "$sim" 2>&1)
# A block with no free space left, where the script's save_env must grow a value (saved_entry
# from "d" to prev_saved_entry's long title): grub says "environment block too small"; baton
# writes nothing of it and says why. (A block without the signature never gets this far: load_env
# reads nothing from it, so the script saves nothing.)
printf '# GRUB Environment Block\nsaved_entry=d\nprev_saved_entry=Debian GNU/Linux, with Linux 6.1.0-13-powerpc64le\n' >"$senv"
before=$(sha256sum <"$senv")
expect oneshot-full 0 boot_rescue
check "a block too small for the change is not written, and the boot says why" \
  eval 'test "$(sha256sum <"$senv")" = "$before" &&
        grep -q "grubenv sda2:/boot/grub/grubenv: not written: the environment block is too small" oneshot-full.out'
check "grub-editenv agrees that the block cannot take it" \
  bash -c 'cp "$1" full.grubenv && ! grub-editenv full.grubenv set "saved_entry=Debian GNU/Linux, with Linux 6.1.0-13-powerpc64le" 2>/dev/null' _ "$senv"
