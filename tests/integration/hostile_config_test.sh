#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Work bounded by bytes as well as by steps: the worst configuration files we could write, each
# the one file of a one-disk machine, read by `baton discover --root`. Each must cost at most
# 100 ms of CPU (user + system) and 16 MiB of peak memory more than the same run over a
# one-line grub.cfg (GNU time's %U, %S and %M: CPU, not wall time, so a busy machine does not
# decide), end with exit 0, and still list the entry the file defines before its hostile part
# (grub: the menu keeps the entries a stopped script defined). Prints TAP-style lines.
#
# The files (each 1 MiB at most, kMaxConfigSize):
#   doubling    a value doubled 14 times, then appended to another in an endless loop
#   wide        a word of 40,000 expansions of a 16 KiB value
#   sourcing    a file that sources itself, expanding a large value each time
#   loops       nested endless loops of cheap commands
#   braces, fi, dollar-brace   one syntax error per line, 500,000 of them (the parser's recovery)
#   quotes      a quoted newline per line: a quarter of a million words
#   commands    a quarter of a million commands
#   entries     ten thousand menu entries over a large environment (copied for each)
#   functions   a function calling itself, deep and wide
#   combined    as many commands and words as the parse allows, each entry expanding a value
#   syslinux, yaboot, bls   the line parsers with a megabyte of their own keywords
set -u
cd "$(dirname "$0")/../.."
root=$PWD
. tests/integration/lib.sh
baton=$root/build/host/baton
work=$root/build/test-work/hostile
rm -rf "$work" && mkdir -p "$work"
cd "$work"
require_program "$baton"

cpu_limit_ms=100
memory_limit_kb=16384
first="menuentry 'first' { linux /vmlinux-first }"

# machine NAME PATH: a one-disk machine whose PATH is NAME's file (written on standard input).
machine() {
  mkdir -p "$1/disks/disk0$(dirname "$2")"
  printf '{"disk0": {"uuid": "0c0c0c0c-1111-2222-3333-444444444444", "fstype": "ext4"}}\n' \
    >"$1/disks/devices.json"
  head -c $((1 << 20)) >"$1/disks/disk0$2"
}

# measure NAME: runs baton discover on NAME's machine; sets cpu_ms, rss_kb and status.
measure() {
  /usr/bin/time -o "$1.time" -f '%U %S %M' timeout 60 "$baton" discover --root "$1" --json \
    >"$1.json" 2>"$1.err"
  status=$?
  read -r user system rss_kb <"$1.time" 2>/dev/null || { user=0 system=0 rss_kb=0; }
  cpu_ms=$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%d", (u + s) * 1000 }')
}

machine baseline /boot/grub/grub.cfg <<<"$first"
measure baseline
base_cpu=$cpu_ms base_rss=$rss_kb
check "the baseline run lists its one option" grep -q vmlinux-first baseline.json
echo "# baseline: ${base_cpu} ms CPU, ${base_rss} KB peak"

# judge NAME [KERNEL]: the bounds, the exit status, and the entry defined first still there.
judge() {
  local name=$1 kernel=${2:-/vmlinux-first} extra_cpu extra_rss
  measure "$name"
  extra_cpu=$((cpu_ms - base_cpu))
  extra_rss=$((rss_kb - base_rss))
  if [ "$status" -eq 0 ] && [ "$extra_cpu" -le "$cpu_limit_ms" ] && [ "$extra_rss" -le "$memory_limit_kb" ]; then
    ok "$name ($(find "$name/disks/disk0" -type f -printf '%s') bytes): +${extra_cpu} ms CPU, +${extra_rss} KB (limits $cpu_limit_ms ms, $memory_limit_kb KB)"
  else
    not_ok "$name: exit $status, +${extra_cpu} ms CPU, +${extra_rss} KB (limits $cpu_limit_ms ms, $memory_limit_kb KB): $(head -c 300 "$name.err")"
  fi
  check "$name: the entry defined before the hostile part is listed ($kernel)" grep -q "$kernel" "$name.json"
}

# ---- grub ---------------------------------------------------------------------------------------
doubled() {  # doubled N: the first entry, then x holds 2^N bytes (x=a, doubled N times)
  echo "$first"
  echo 'x=a'
  for i in $(seq "$1"); do echo 'x=$x$x'; done
}
{
  doubled 14
  echo 'while true; do y="$y$x"; done'
} | machine doubling /boot/grub/grub.cfg
judge doubling
check "doubling: a note names the byte limit" grep -qE "too many bytes|expands past" doubling.err

{
  doubled 14
  printf 'echo '; for i in $(seq 40000); do printf '$x'; done; echo
} | machine wide /boot/grub/grub.cfg
judge wide

{
  doubled 15
  echo 'y="$y$x"'
  echo 'source /boot/grub/grub.cfg'
} | machine sourcing /boot/grub/grub.cfg
judge sourcing

{
  echo "$first"
  echo 'while true; do while true; do while true; do true; true; done; done; done'
} | machine loops /boot/grub/grub.cfg
judge loops

for pattern in braces:'}' fi:'fi' dollar-brace:'${'; do
  name=${pattern%%:*}
  { echo "$first"; yes "${pattern#*:}"; } | machine "$name" /boot/grub/grub.cfg
  judge "$name"
done

{ echo "$first"; yes '"x'; } | machine quotes /boot/grub/grub.cfg
judge quotes

{ echo "$first"; yes 'true'; } | machine commands /boot/grub/grub.cfg
judge commands

{
  doubled 15
  for i in $(seq 10000); do echo "menuentry e$i { linux /vmlinux-\$x }"; done
} | machine entries /boot/grub/grub.cfg
judge entries

{
  doubled 12
  for i in $(seq 6000); do echo "menuentry \"e$i \$x\" --class a --class b { linux /v \$x \$x a b; initrd /i \$x; }"; done
} | machine combined /boot/grub/grub.cfg
judge combined

{
  echo "$first"
  echo 'function f { f $1$1 x; f $1$1 y; }'
  echo 'f ab'
} | machine functions /boot/grub/grub.cfg
judge functions

# ---- the line parsers ---------------------------------------------------------------------------
{
  printf 'DEFAULT first\nLABEL first\n  KERNEL /vmlinux-first\n'
  yes 'LABEL l
  KERNEL /vmlinux
  APPEND root=/dev/sda2 quiet
  INITRD /initrd.img'
} | machine syslinux /boot/syslinux/syslinux.cfg
judge syslinux

{
  printf 'image=/vmlinux-first\n  label=first\n'
  yes 'image=/vmlinux
  label=l
  append="root=/dev/sda2 quiet"
  initrd=/initrd.img'
} | machine yaboot /etc/yaboot.conf
judge yaboot

{
  printf 'title first\nlinux /vmlinux-first\n'
  yes 'options root=/dev/sda2 quiet splash $kernelopts'
} | machine bls /loader/entries/first.conf
judge bls

