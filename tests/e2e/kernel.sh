#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the e2e test kernel (ppc64le, pseries) from Debian's linux-source-6.1 with the config
# fragment tests/e2e/kernel.config, once: the result is cached as
#   build/e2e/kernel-<key>/vmlinux
# where <key> hashes the fragment and the installed source package's version, so a new fragment
# or a Debian source update builds a new kernel and anything else reuses the cached one.
# Prints the path of the vmlinux on stdout; the build log is kept beside it, and so is the key
# the kernel trusts for appended signatures (signing_key.pem, signing_key.der).
# About 4 minutes on 2 cores (648 compile units at -Os, about 7.8 CPU-minutes); the unpacked
# source and objects are removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/../.."
fragment=tests/e2e/kernel.config
tarball=/usr/src/linux-source-6.1.tar.xz
cross=powerpc64le-linux-gnu-

version=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || true)
if [ -z "$version" ] || [ ! -f "$tarball" ]; then
  echo "kernel: linux-source-6.1 is not installed (run make deps)" >&2
  exit 2
fi
key=$( { cat "$fragment"; echo "linux-source-6.1 $version"; } | sha256sum | cut -c1-16)
out=build/e2e/kernel-$key
if [ -s "$out/vmlinux" ]; then
  echo "$out/vmlinux"
  exit 0
fi

mkdir -p build/e2e
exec 9>build/e2e/kernel.lock
flock 9
if [ -s "$out/vmlinux" ]; then echo "$out/vmlinux"; exit 0; fi

# The source and objects (about 1.6 GB, thrown away afterwards) go to a memory file system when
# there is room: on this machine unpacking the source to disk took 12 to 55 s depending on the
# disk's mood, and 9 s in /dev/shm. BATON_E2E_SCRATCH picks another place.
# (tmpfs reports its size limit as free space, so the memory actually available decides.)
scratch=${BATON_E2E_SCRATCH:-}
if [ -z "$scratch" ] && [ -d /dev/shm ] && [ -w /dev/shm ] &&
   [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt $((3 * 1024 * 1024)) ] &&
   [ "$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)" -gt $((4 * 1024 * 1024)) ]; then
  scratch=/dev/shm
fi
scratch=${scratch:-build/e2e}
mkdir -p "$scratch"
# What a killed build left (the trap below does not run on SIGKILL), under the lock above.
rm -rf "$scratch"/baton-kernel-build-"$key".*
work=$(mktemp -d "$scratch/baton-kernel-build-$key.XXXXXX")
work=$(cd "$work" && pwd)
trap 'rm -rf "$work"' EXIT
log=build/e2e/kernel-build-$key.log
echo "kernel: building $out in $work (linux-source-6.1 $version; log $log)" >&2
start=$SECONDS
# The tarball is xz in many blocks, so xz unpacks it on every core.
xz -T"$(nproc)" -dc "$tarball" | tar -x -C "$work"
src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'linux-source-*' | head -n 1)
kmake=(make -C "$src" O="$work/obj" ARCH=powerpc CROSS_COMPILE=$cross)
if ! { KCONFIG_ALLCONFIG=$PWD/$fragment "${kmake[@]}" allnoconfig &&
       "${kmake[@]}" -j"$(( $(nproc) + 1 ))" vmlinux; } >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  echo "kernel: build failed, log $log" >&2
  cp "$work/obj/.config" "build/e2e/kernel-build-$key.config" 2>/dev/null
  exit 1
fi
# Every option the fragment asks for must have survived Kconfig's dependency resolution.
missing=0
while IFS= read -r line; do
  option=${line%%=*}
  value=${line#*=}
  if [ "$value" = n ]; then
    grep -qx "# $option is not set" "$work/obj/.config" || { echo "kernel: $option is set" >&2; missing=1; }
  else
    grep -qxF "$line" "$work/obj/.config" || { echo "kernel: $line did not survive Kconfig" >&2; missing=1; }
  fi
done < <(grep -E '^CONFIG_' "$fragment")
if [ "$missing" -ne 0 ]; then
  cp "$work/obj/.config" "build/e2e/kernel-build-$key.config"
  echo "kernel: the fragment does not hold, see build/e2e/kernel-build-$key.config" >&2
  exit 1
fi
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
cp "$work/obj/vmlinux" "$work/obj/.config" "$out.tmp/"
# The key the build made and loaded into the .ima keyring (IMA_APPRAISE_MODSIG): the verified-boot
# scenario signs kernels with it (signing_key.pem holds the private key and the certificate).
cp "$work/obj/certs/signing_key.pem" "$out.tmp/signing_key.pem"
openssl x509 -in "$work/obj/certs/signing_key.pem" -outform DER -out "$out.tmp/signing_key.der"
mv "$log" "$out.tmp/build.log"
# CPU time says more than wall time on a shared machine: wall ~ CPU / cores when idle.
# (times in this shell, not in a pipeline's subshell, which has no children of its own.)
times >"$out.tmp/times"
echo "linux-source-6.1 $version, built in $((SECONDS - start)) s wall," \
  "CPU (user sys) of the build: $(tail -n 1 "$out.tmp/times")" >"$out.tmp/version"
rm -f "$out.tmp/times"
mv "$out.tmp" "$out"
rm -rf "$work"
# Kernels of older fragments or sources are of no further use (and would make a glob such as
# build/e2e/kernel-*/vmlinux ambiguous).
for old in build/e2e/kernel-*; do
  case "$old" in "$out" | build/e2e/kernel-build-"$key".*) ;; *) rm -rf "$old" ;; esac
done
echo "kernel: built $out/vmlinux in $((SECONDS - start)) s" >&2
echo "$out/vmlinux"
