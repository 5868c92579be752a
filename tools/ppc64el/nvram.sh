#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# powerpc-utils' nvram (Debian ppc64el powerpc-ibm-utils, unpacked by tools/ppc64el/fetch.sh)
# run on this host under qemu-user: the judge of baton's NVRAM writes. Arguments go to nvram as
# they are, e.g. `tools/ppc64el/nvram.sh --print-config -p common --nvram-file FILE`.
# The loader is named directly with --library-path: qemu's -L does not follow the sysroot's
# absolute lib64 symlink. Exit 127 when the sysroot lacks nvram (run make deps).
set -u
sysroot=$(cd "$(dirname "$0")/../.." && pwd)/build/ppc64el/sysroot
libs=$sysroot/lib/powerpc64le-linux-gnu
if [ ! -x "$sysroot/usr/sbin/nvram" ]; then
  echo "nvram.sh: $sysroot/usr/sbin/nvram is missing (run make deps)" >&2
  exit 127
fi
exec qemu-ppc64le-static "$libs/ld64.so.2" --library-path "$libs" "$sysroot/usr/sbin/nvram" "$@"
