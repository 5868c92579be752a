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
