#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# baton's settings in an NVRAM image as SLOF formats it (tests/data/nvram), judged by the tool
# petitboot itself writes them with: powerpc-utils' nvram (Debian ppc64el powerpc-ibm-utils,
# run on this host under qemu-user from build/ppc64el/sysroot). baton writes, nvram reads; nvram
# writes (as petitboot would), baton reads; the partition table nvram prints never changes;
# refusals leave the image byte for byte as it was; a machine without an NVRAM gets a settings
# file that nvram reads too. Prints TAP-style "ok"/"not ok" lines.
set -u
cd "$(dirname "$0")/../.."
root=$PWD
. tests/integration/lib.sh
baton=$root/build/host/baton
sysroot=$root/build/ppc64el/sysroot
work=$root/build/test-work/nvram
rm -rf "$work" && mkdir -p "$work"
cd "$work"
require_program "$baton"
if [ ! -x "$sysroot/usr/sbin/nvram" ] || ! command -v qemu-ppc64le-static >/dev/null; then
  not_ok "powerpc-utils' nvram is in the ppc64el sysroot and qemu-user-static is installed"
  exit 1
fi
if ! command -v mkpasswd >/dev/null; then
  not_ok "mkpasswd is installed (whois)"
  exit 1
fi
# powerpc-utils' nvram under qemu-user (tools/ppc64el/nvram.sh says how).
nvram() { "$root/tools/ppc64el/nvram.sh" "$@"; }
# The strings of common as nvram prints them (its two header lines and the last, blank, left out).
strings_of() { nvram --print-config -p common --nvram-file "$1" | sed '1,2d;/^$/d'; }

image=$work/machine.nvram
cp "$root/tests/data/nvram/slof-pseries-64k.nvram" "$image"
nvram --partitions --nvram-file "$image" >partitions.before 2>&1
strings_of "$image" >strings.before
if [ "$(wc -l <strings.before)" -eq 25 ] && grep -qx 'auto-boot?=true' strings.before; then
  ok "nvram reads SLOF's 25 settings"
else
  not_ok "nvram reads SLOF's 25 settings ($(wc -l <strings.before) lines)"
fi

# baton writes; nvram reads.
hash=$(mkpasswd -m sha-512 'a password')
expect set-timeout 0 "$baton" config set timeout 30 --nvram "$image"
expect set-autoboot 0 "$baton" config set autoboot false --nvram "$image"
expect set-bootdevs 0 "$baton" config set boot-order "uuid:5c3e-88a1 disk network" --nvram "$image"
expect set-network 0 "$baton" config set network \
  "52:54:00:12:34:56,static,192.168.7.2/24,192.168.7.1 52:54:00:ab:cd:ef,dhcp dns,192.168.7.1" \
  --nvram "$image"
expect set-password 0 "$baton" config set password "$hash" --nvram "$image"
expect set-default 0 "$baton" config set default "Debian GNU/Linux, with Linux 6.1.0-13-powerpc64le" --nvram "$image"
expect set-signed-boot 0 "$baton" config set signed-boot enforce --nvram "$image"
strings_of "$image" >strings.after
for want in 'petitboot,timeout=30' 'auto-boot?=false' \
  'baton,default=Debian GNU/Linux, with Linux 6.1.0-13-powerpc64le' 'baton,signed-boot=enforce' \
  'petitboot,bootdevs=uuid:5c3e-88a1 disk network ' \
  'petitboot,network=52:54:00:12:34:56,static,192.168.7.2/24,192.168.7.1 52:54:00:ab:cd:ef,dhcp dns,192.168.7.1' \
  "petitboot,password=$hash"; do
  if grep -qxF -- "$want" strings.after; then ok "nvram reads $want"; else not_ok "nvram reads $want"; fi
done
# Every string of SLOF's that baton did not change is there, in its place.
grep -v '^auto-boot?=' strings.before >kept.before
grep -v '^auto-boot?=\|^petitboot,\|^baton,' strings.after >kept.after
check "SLOF's other 24 strings are kept in their order" cmp kept.before kept.after
# baton changed no header: the partition table nvram prints is the same.
nvram --partitions --nvram-file "$image" >partitions.after 2>&1
check "the partition table is unchanged" cmp partitions.before partitions.after
if "$baton" config show --nvram "$image" | grep -q 'petitboot,password' &&
  ! "$baton" config show --nvram "$image" | grep -qF -- "$hash" &&
  ! "$baton" config show --nvram "$image" --json | grep -qF -- "${hash:20}"; then
  ok "config show never shows the password's hash"
else
  not_ok "config show never shows the password's hash"
fi

# nvram writes, as petitboot does (one --update-config per setting); baton reads.
nvram --update-config 'petitboot,timeout=7' -p common --nvram-file "$image"
nvram --update-config 'petitboot,bootdevs=mac:52:54:00:AB:CD:EF usb ' -p common --nvram-file "$image"
nvram --update-config 'petitboot,console=/dev/hvc1 [IPMI / Serial]' -p common --nvram-file "$image"
expect get-timeout 0 "$baton" config get timeout --nvram "$image"
check "baton reads the timeout nvram wrote" grep -qx 7 get-timeout.out
expect get-bootdevs 0 "$baton" config get petitboot,bootdevs --nvram "$image"
check "baton reads the boot order nvram wrote" grep -qx 'mac:52:54:00:AB:CD:EF usb' get-bootdevs.out
nvram --update-config 'baton,signed-boot=warn' -p common --nvram-file "$image"
expect get-signed-boot 0 "$baton" config get signed-boot --nvram "$image"
check "baton reads the signed-boot policy nvram wrote" grep -qx warn get-signed-boot.out
expect get-console 0 "$baton" config get console --nvram "$image"
check "baton reads the console nvram wrote" grep -qxF '/dev/hvc1 [IPMI / Serial]' get-console.out
# petitboot removes a setting by writing it empty: the default comes back.
nvram --update-config 'petitboot,timeout=' -p common --nvram-file "$image"
expect get-default 0 "$baton" config get timeout --nvram "$image"
check "a removed timeout is the default, 10" grep -qx 10 get-default.out
# baton after nvram, nvram after baton, once more: both still agree.
expect set-again 0 "$baton" config set timeout 12 --nvram "$image"
if [ "$(nvram --print-config=petitboot,timeout -p common --nvram-file "$image")" = 12 ]; then
  ok "nvram reads baton's write after its own"
else
  not_ok "nvram reads baton's write after its own"
fi

# Refusals: exit 1, the reason, and the image as it was.
cp "$image" image.before-refusals
refused refuse-timeout 1 "not a number of seconds" "$image" -- "$baton" config set timeout soon --nvram "$image"
refused refuse-bootdevs 1 "no device type" "$image" -- "$baton" config set boot-order "floppy" --nvram "$image"
refused refuse-network 1 "means nothing" "$image" -- "$baton" config set network "52:54:00:12:34:56,static,300.1.1.1/24" --nvram "$image"
refused refuse-password 1 "SHA-512" "$image" -- "$baton" config set password "plain text" --nvram "$image"
refused refuse-name 2 "no setting named" "$image" -- "$baton" config set colour blue --nvram "$image"
check "refused values change no byte" cmp "$image" image.before-refusals
# A common partition with room for the new string but not for it and its journal: refused
# before any byte moves (nvram itself would write it, unjournaled).
used=$("$baton" config show --nvram "$image" | sed -n '1s/.*: \([0-9]*\) of 4080 bytes used/\1/p')
fill=$((4080 - used - 40))
nvram --update-config "nvramrc=$(head -c "$fill" /dev/zero | tr '\0' 'n')" -p common --nvram-file "$image"
cp "$image" image.full
refused refuse-full 1 "no room" "$image" -- "$baton" config set console /dev/hvc0 --nvram "$image"
check "a change without room changes no byte" cmp "$image" image.full
# Bytes that are not an NVRAM: a clear error naming the offset, exit 2.
cp "$image" broken.nvram
printf 'X' | dd of=broken.nvram bs=1 seek=$((0x2800 + 5)) conv=notrunc status=none
refused refuse-broken 2 "checksum does not match" broken.nvram -- "$baton" config show --nvram broken.nvram
check "the error names the header's offset" grep -q '10240\|0x2800' refuse-broken.out

# A machine without an NVRAM: the settings file under its root, made on the first set.
machine=$work/machine-root
mkdir -p "$machine"
expect file-show 0 "$baton" config show --root "$machine"
check "without an NVRAM, show says so" grep -q 'as this machine has no NVRAM' file-show.out
expect file-set 0 "$baton" config set timeout 4 --root "$machine"
settings=$machine/var/lib/baton/settings.nvram
if [ -f "$settings" ] && [ "$(nvram --print-config=petitboot,timeout -p common --nvram-file "$settings")" = 4 ]; then
  ok "nvram reads the settings file baton made"
else
  not_ok "nvram reads the settings file baton made"
fi
# With the machine's NVRAM under its root, that is what baton uses.
mkdir -p "$machine/dev" && cp "$root/tests/data/nvram/slof-pseries-64k.nvram" "$machine/dev/nvram"
expect machine-set 0 "$baton" config set timeout 9 --root "$machine"
if [ "$(nvram --print-config=petitboot,timeout -p common --nvram-file "$machine/dev/nvram")" = 9 ] &&
  grep -q 'the NVRAM (/dev/nvram)' machine-set.out; then
  ok "with dev/nvram under the root, baton writes the NVRAM"
else
  not_ok "with dev/nvram under the root, baton writes the NVRAM"
fi
