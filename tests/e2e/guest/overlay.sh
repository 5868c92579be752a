#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# overlay.sh IMAGE SYSROOT OUT: the end-to-end test's overlay, a reproducible initramfs archive
# that tests/e2e/run.sh appends to the boot image of `make image` (the kernel unpacks
# concatenated archives in order). It holds what the firmware image must not ship:
#   /etc/baton/init.d/50-e2e   the test driver (e2e-driver beside this file), run by the image's
#                              own /init as a start-up hook
#   /sbin/kexec                kexec-tools, for the controls (kexec -s, kexec -l) and the timing
# kexec's shared libraries must already be in IMAGE (it needs only the C library, which baton
# needs too); a library that is not is an error here, not a guest that cannot start kexec.
set -eu
image=$1
sysroot=$2
out=$3
here=$(dirname "$0")
stage=$out.root
rm -rf "$stage"
umask 022
mkdir -p "$stage/etc/baton/init.d" "$stage/sbin"
install -m 0755 "$here/e2e-driver" "$stage/etc/baton/init.d/50-e2e"
install -m 0755 "$sysroot/sbin/kexec" "$stage/sbin/kexec"
in_image=$(gzip -dc "$image" | cpio --quiet -t)
for needed in $(powerpc64le-linux-gnu-readelf -dW "$stage/sbin/kexec" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
  grep -qx "lib/powerpc64le-linux-gnu/$needed" <<<"$in_image" ||
    { echo "overlay: kexec needs $needed, which $image does not hold" >&2; exit 1; }
done
"$here/../../../tools/image/pack.sh" "$stage" "$out" 1
rm -rf "$stage"
