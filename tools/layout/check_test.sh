#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The include-direction check's own test: on small trees made here (a copy of the real
# docs/architecture.md and a few sources), an include the table forbids, a third-party header
# outside its adapter and a file in no module each fail, naming the file and line; allowed
# includes pass; and the real tree passes.
set -u
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh
root=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check="$root/tools/layout/check.sh"
cd "$tmp" || exit 2  # expect leaves NAME.out here

tree() {  # tree NAME FILE CONTENT...: a tree with the real table and the given sources
  local dir=$tmp/$1
  shift
  mkdir -p "$dir/docs"
  cp "$root/docs/architecture.md" "$dir/docs/"
  while [ $# -ge 2 ]; do
    mkdir -p "$dir/$(dirname "$1")"
    printf '%s\n' "$2" >"$dir/$1"
    shift 2
  done
  echo "$dir"
}

good=$(tree good bootloader/ima/a.cc '#include "bootloader/crypto/hash.h"' \
  bootloader/devicetree/b.cc '#include <libfdt.h>' tests/unit/c.cc '#include "platform/linux/tss_tpm.h"')
expect layout-allowed 0 "$check" --tree "$good"
bad=$(tree bad bootloader/core/a.cc $'// one line\n#include "platform/linux/posix_file_system.h"')
expect layout-forbidden 1 "$check" --tree "$bad"
check "layout: the forbidden include is named with its file, line and rule" \
  grep -q 'bootloader/core/a.cc:2: includes platform/linux/posix_file_system.h (bootloader/core -> platform/linux is not an arrow' layout-forbidden.out
library=$(tree library bootloader/ima/a.cc '#include <openssl/evp.h>')
expect layout-library 1 "$check" --tree "$library"
check "layout: a third-party header outside its adapter is named" grep -q 'libcrypto (OpenSSL 3) only in bootloader/crypto' layout-library.out
stray=$(tree stray nowhere/a.cc '#include "bootloader/core/result.h"')
expect layout-stray 1 "$check" --tree "$stray"
main_only=$(tree main bootloader/cli/kexec_command.cc '#include "platform/linux/linux_kexec.h"' \
  bootloader/cli/main.cc '#include "platform/linux/linux_kexec.h"')
expect layout-main-only 1 "$check" --tree "$main_only"
check "layout: only main.cc of the CLI may include platform/linux" \
  eval 'grep -q "kexec_command.cc:1" layout-main-only.out && ! grep -q "main.cc:1" layout-main-only.out'
expect layout-this-tree 0 "$check" --tree "$root"
