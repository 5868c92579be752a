#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# pack.sh DIR OUT [LEVEL]: writes DIR as a reproducible gzip-compressed newc cpio archive (an
# initramfs), gzip level LEVEL (default 9):
# every time stamp 0, names sorted bytewise, owner 0:0, inode numbers in order, no name or time
# in the gzip header. The same tree gives the same bytes, which matters because the placement of
# the next kernel's segments (and so its device tree) depends on the initrd size.
set -eu
dir=$1
out=$2
level=${3:-9}
find "$dir" -exec touch -h -d @0 {} +
tmp=$out.tmp
(cd "$dir" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
   cpio --quiet --null -o -H newc -R 0:0 --reproducible) | gzip -n -"$level" >"$tmp"
mv "$tmp" "$out"
