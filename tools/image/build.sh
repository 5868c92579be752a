#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# build.sh BATON SYSROOT OUT: `make image`, the boot image (initramfs) a POWER firmware build
# takes: /init (tools/image/init), baton as /sbin/baton, busybox (static) with its applets for
# the rescue shell and /init, and every shared library baton needs, with the loader, taken from
# the ppc64el sysroot. No test code: the end-to-end test appends its own archive
# (tests/e2e/guest/overlay.sh). Reproducible (see pack.sh). Prints the image's size and what
# baton links dynamically.
# Verified boot (docs/verified-boot.md), the firmware build's choices:
#   BATON_IMAGE_KEYS=DIR          every *.der, *.cer, *.crt, *.pem in DIR becomes a trust anchor
#                                 in /etc/baton/keys (each must be an X.509 certificate: checked)
#   BATON_IMAGE_SIGNED_BOOT=P     the policy, off, warn or enforce, in /etc/baton/signed-boot
set -eu
baton=$1
sysroot=$2
out=$3
here=$(dirname "$0")
stage=$out.root
rm -rf "$stage"
umask 022
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,lib,dev,proc,sys,tmp,run,boot,root}

install -m 0755 "$here/init" "$stage/init"
install -m 0755 "$baton" "$stage/sbin/baton"
install -m 0755 "$sysroot/bin/busybox" "$stage/bin/busybox"

# busybox's applets as links, as busybox itself lists them (it runs under qemu-user here).
applets=$(qemu-ppc64le-static "$stage/bin/busybox" --list-full)
for applet in $applets; do
  [ -e "$stage/$applet" ] || [ -L "$stage/$applet" ] && continue
  mkdir -p "$stage/$(dirname "$applet")"
  ln -s /bin/busybox "$stage/$applet"
done

# resolve PATH-IN-SYSROOT: follows links inside the sysroot (absolute links are sysroot-relative).
resolve() {
  local path=$1 target hops=0
  while [ -L "$sysroot/$path" ] && [ $hops -lt 16 ]; do
    target=$(readlink "$sysroot/$path")
    case "$target" in /*) path=${target#/} ;; *) path=$(dirname "$path")/$target ;; esac
    hops=$((hops + 1))
  done
  [ -f "$sysroot/$path" ] && echo "$path"
}

# The loader and every DT_NEEDED library of the dynamic programs, recursively, at the paths the
# loader searches (/lib/powerpc64le-linux-gnu); /lib64/ld64.so.2 is the ABI's loader name.
copy_libraries() {  # copy_libraries ELF
  local elf=$1 interp needed found dir
  interp=$(powerpc64le-linux-gnu-readelf -lW "$elf" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
  if [ -n "$interp" ] && [ ! -e "$stage$interp" ] && [ ! -L "$stage$interp" ]; then
    found=$(resolve "${interp#/}") || { echo "image: no $interp in $sysroot" >&2; exit 1; }
    install -D -m 0755 "$sysroot/$found" "$stage/lib/powerpc64le-linux-gnu/$(basename "$found")"
    mkdir -p "$stage$(dirname "$interp")"
    ln -s "/lib/powerpc64le-linux-gnu/$(basename "$found")" "$stage$interp"
  fi
  for needed in $(powerpc64le-linux-gnu-readelf -dW "$elf" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    [ -e "$stage/lib/powerpc64le-linux-gnu/$needed" ] && continue
    found=
    for dir in lib/powerpc64le-linux-gnu usr/lib/powerpc64le-linux-gnu; do
      found=$(resolve "$dir/$needed") && break
    done
    [ -n "$found" ] || { echo "image: $elf needs $needed, not in $sysroot" >&2; exit 1; }
    install -m 0755 "$sysroot/$found" "$stage/lib/powerpc64le-linux-gnu/$needed"
    copy_libraries "$stage/lib/powerpc64le-linux-gnu/$needed"
  done
}
copy_libraries "$stage/sbin/baton"
# tpm2-tss's TCTI loader dlopen()s the device TCTI, so no DT_NEEDED names it.
tcti=$(resolve usr/lib/powerpc64le-linux-gnu/libtss2-tcti-device.so.0) ||
  { echo "image: no libtss2-tcti-device.so.0 in $sysroot" >&2; exit 1; }
install -m 0755 "$sysroot/$tcti" "$stage/lib/powerpc64le-linux-gnu/libtss2-tcti-device.so.0"
copy_libraries "$stage/lib/powerpc64le-linux-gnu/libtss2-tcti-device.so.0"
copy_libraries "$stage/bin/busybox"

# Terminal descriptions for the boot menu on a serial console (the static ncurses looks in
# /lib/terminfo): the common serial terminals and the Linux console.
for entry in v/vt100 v/vt102 v/vt220 l/linux x/xterm x/xterm-256color d/dumb a/ansi; do
  [ -f "$sysroot/lib/terminfo/$entry" ] && install -D -m 0644 "$sysroot/lib/terminfo/$entry" "$stage/lib/terminfo/$entry"
done

# Verified boot: the trust anchors and the policy the firmware build chose.
if [ -n "${BATON_IMAGE_KEYS:-}" ]; then
  [ -d "$BATON_IMAGE_KEYS" ] || { echo "image: BATON_IMAGE_KEYS=$BATON_IMAGE_KEYS is not a folder" >&2; exit 1; }
  mkdir -p "$stage/etc/baton/keys"
  for key in "$BATON_IMAGE_KEYS"/*.der "$BATON_IMAGE_KEYS"/*.cer "$BATON_IMAGE_KEYS"/*.crt "$BATON_IMAGE_KEYS"/*.pem; do
    [ -f "$key" ] || continue
    openssl x509 -inform DER -in "$key" -noout 2>/dev/null || openssl x509 -in "$key" -noout 2>/dev/null ||
      { echo "image: $key is not an X.509 certificate (DER or PEM)" >&2; exit 1; }
    install -m 0644 "$key" "$stage/etc/baton/keys/$(basename "$key")"
  done
fi
case "${BATON_IMAGE_SIGNED_BOOT:-}" in
  '') ;;
  off | warn | enforce) mkdir -p "$stage/etc/baton" && echo "$BATON_IMAGE_SIGNED_BOOT" >"$stage/etc/baton/signed-boot" ;;
  *) echo "image: BATON_IMAGE_SIGNED_BOOT takes off, warn or enforce, not '$BATON_IMAGE_SIGNED_BOOT'" >&2; exit 1 ;;
esac

# The kernel opens /dev/console before it runs /init (devtmpfs is mounted by /init itself).
if [ "$(id -u)" -eq 0 ]; then
  mknod -m 0600 "$stage/dev/console" c 5 1
else
  echo "image: not root, so no /dev/console node (the kernel's built-in initramfs provides one)" >&2
fi

libraries=$(cd "$stage/lib/powerpc64le-linux-gnu" && ls | LC_ALL=C sort | tr '\n' ' ')
needed=$(powerpc64le-linux-gnu-readelf -dW "$stage/sbin/baton" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
library_bytes=$(du -cb "$stage/lib/powerpc64le-linux-gnu"/* | tail -n 1 | cut -f1)
unpacked=$(du -sb "$stage" | cut -f1)
"$here/pack.sh" "$stage" "$out"
rm -rf "$stage"
echo "image: $out: $(stat -c %s "$out") bytes compressed, $unpacked unpacked; /sbin/baton $(stat -c %s "$baton") bytes," \
  "dynamically linked (needs: ${needed% }); the image's shared libraries: $library_bytes bytes (${libraries% })"
