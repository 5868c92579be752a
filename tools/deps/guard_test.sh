#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tools/deps/guard_test.sh [--list FILE]: proves that tools/deps/guard.sh can fail. The guard must
# pass on the list (tools/debian-packages.txt, or FILE), find the programs issue 12 names wherever
# the host scripts run them, and fail on copies of the list without libfdt-dev (naming libfdt.h
# and libfdt-dev), without tpm2-tools (naming a tpm2_* program and tpm2-tools) and without
# libtss2-dev (naming a tss2 header and libtss2-dev), and on a list that does not exist. Each
# negative check first makes sure of its input (the package is in the list, the copy is not
# empty and lacks only it), so that a missing file is a failure, never a pass.
# Prints TAP-style "ok"/"not ok" lines; exits 1 when any failed.
set -u
caller_dir=$PWD
list=tools/debian-packages.txt
case ${1:-} in
  --list) list=${2:?usage: tools/deps/guard_test.sh [--list FILE]} ;;
  --list=*) list=${1#--list=} ;;
  '') ;;
  *) echo "usage: tools/deps/guard_test.sh [--list FILE]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/../.." || exit 1
[[ $list == /* ]] || [ "$list" = tools/debian-packages.txt ] || list=$caller_dir/$list
guard=tools/deps/guard.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/baton-guard-test.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
failed=0
ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; failed=$((failed + 1)); }
shown() { sed -n '/^not ok/p' "$1" | head -n "${2:-5}" | cut -c 1-200 | sed 's/^/    /'; }

# ---- the list passes -----------------------------------------------------------------------------
if [ ! -s "$list" ]; then
  not_ok "the list $list exists and is not empty"
  exit 1
fi
"$guard" --list "$list" >"$work/pass.out" 2>&1
status=$?
if [ "$status" -eq 0 ] && ! grep -q '^not ok' "$work/pass.out" && grep -q '^ok - header ' "$work/pass.out" &&
   grep -q '^ok - program ' "$work/pass.out"; then
  ok "the guard passes on $list ($(grep -m 1 '^# [0-9]* headers' "$work/pass.out" | sed 's/^# //'))"
else
  not_ok "the guard passes on $list (exit $status)"
  shown "$work/pass.out" 20
fi

# The programs issue 12 names are found wherever a host script runs them (outside comments).
scripts=$(git ls-files -co --exclude-standard -- '*.sh' '*.mk' Makefile .ci/run 2>/dev/null | grep -v '^build/')
for program in qemu-system-ppc64 swtpm evmctl tpm2_pcrread tmux mke2fs dtc fdtget jq xxd openssl cpio grub-script-check; do
  # shellcheck disable=SC2086
  users=$(grep -lE "^[^#]*(^|[^A-Za-z0-9_.-])$program([^A-Za-z0-9_.-]|$)" $scripts 2>/dev/null | grep -v '^tools/deps/' | head -n 2 | tr '\n' ' ')
  [ -n "$users" ] || continue
  if grep -q "^ok - program $program: " "$work/pass.out"; then
    ok "the guard finds $program (run by $users)"
  else
    not_ok "the guard finds $program (run by $users)"
  fi
done

# ---- each copy without one package fails, naming the file and the package -----------------------
# without PACKAGE PATTERN WHAT: the guard on the list without PACKAGE fails, and one of its
# "not ok" lines matches PATTERN (extended regexp) and names PACKAGE.
without() {
  local package=$1 pattern=$2 what=$3 copy=$work/without-$1.txt out=$work/without-$1.out status
  if ! grep -qE "^[[:space:]]*$package([[:space:]]|#|$)" "$list"; then
    not_ok "without $package: the list names $package to begin with"
    return
  fi
  grep -vE "^[[:space:]]*$package([[:space:]]|#|$)" "$list" >"$copy"
  if ! test -s "$copy" || [ $(( $(wc -l <"$list") - $(wc -l <"$copy") )) -ne 1 ]; then
    not_ok "without $package: the copy of the list lacks exactly that line"
    return
  fi
  "$guard" --list "$copy" >"$out" 2>&1
  status=$?
  if ! test -s "$out"; then
    not_ok "without $package: the guard printed something"
  elif [ "$status" -eq 0 ]; then
    not_ok "without $package: the guard fails (it exited 0)"
  elif grep -E '^not ok - ' "$out" | grep -E "$pattern" | grep -qF " $package "; then
    ok "without $package: the guard fails, naming $what and $package ($(grep -c '^not ok' "$out") failed)"
    grep -E '^not ok - ' "$out" | grep -E "$pattern" | grep -F " $package " | head -n 1 | cut -c 1-200 | sed 's/^/# /'
  else
    not_ok "without $package: the guard fails naming $what and $package (exit $status)"
    shown "$out"
  fi
}
without libfdt-dev '<libfdt\.h>' "libfdt.h"
without tpm2-tools ' program tpm2_[a-z]+ ' "a tpm2_* program"
without libtss2-dev '<tss2/[a-z0-9_]+\.h>' "a tss2 header"

# ---- a list that is not there fails -------------------------------------------------------------------
"$guard" --list "$work/no-such-list.txt" >"$work/missing.out" 2>&1
status=$?
if [ "$status" -ne 0 ] && grep -q '^not ok' "$work/missing.out"; then
  ok "a list that does not exist fails (exit $status)"
else
  not_ok "a list that does not exist fails (exit $status)"
fi

[ "$failed" -eq 0 ]
