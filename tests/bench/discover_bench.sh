#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make bench`, discovery (issue 5): a simulated machine of 8 devices holding 200 boot entries in
# all (grub.cfg with submenus, functions and search on four devices, BLS through blscfg on two,
# syslinux and yaboot on one each), discovered by a fresh `baton discover --disks DIR --json`
# process (cold: nothing cached in baton), best of 11. The same machine with 2000 entries shows
# how the work grows. Target (in run_bench.sh): well under 100 ms; linear in the entries. Every run
# must exit 0 and find every boot option, or the run has failed.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/bench/bench_lib.sh
baton=$PWD/build/host/baton
work=$PWD/build/bench/discover

make_machine() {  # make_machine DIR ENTRIES_PER_DEVICE
  local dir=$1 per=$2 d i
  rm -rf "$dir" && mkdir -p "$dir"
  printf '{' >"$dir/devices.json"
  for d in 0 1 2 3 4 5 6 7; do
    [ "$d" -gt 0 ] && printf ',' >>"$dir/devices.json"
    printf '"disk%d": {"uuid": "0000000%d-1111-2222-3333-444444444444", "fstype": "xfs"}' "$d" "$d" \
      >>"$dir/devices.json"
    mkdir -p "$dir/disk$d"
    case $d in
      0|1|2|3)
        mkdir -p "$dir/disk$d/boot/grub"
        {
          echo 'set default="${saved_entry}"'; echo 'set timeout=5'
          echo 'function load_video { insmod all_video; }'
          echo 'if [ x"${feature_menuentry_id}" = xy ]; then menuentry_id_option="--id"; fi'
          echo "submenu 'Advanced options' \$menuentry_id_option 'advanced' {"
          for i in $(seq 1 "$per"); do
            echo "  menuentry 'Linux 6.1.$i' --class gnu-linux \$menuentry_id_option 'linux-$i' {"
            echo "    load_video; insmod gzio"
            echo "    search --no-floppy --fs-uuid --set=root 0000000$d-1111-2222-3333-444444444444"
            echo "    linux /boot/vmlinux-6.1.$i root=UUID=0000000$d-1111-2222-3333-444444444444 ro quiet"
            echo "    initrd /boot/initrd.img-6.1.$i"
            echo "  }"
          done
          echo "}"
        } >"$dir/disk$d/boot/grub/grub.cfg" ;;
      4|5)
        mkdir -p "$dir/disk$d/grub2" "$dir/disk$d/loader/entries"
        printf 'set default="${saved_entry}"\nload_env -f ${config_directory}/grubenv\ninsmod blscfg\nblscfg\n' \
          >"$dir/disk$d/grub2/grub.cfg"
        printf '# GRUB Environment Block\nkernelopts=root=/dev/sda3 ro console=hvc0\n' >"$dir/disk$d/grub2/grubenv"
        for i in $(seq 1 "$per"); do
          printf 'title Linux (6.%d.%d)\nversion 6.%d.%d-200.fc39.ppc64le\nlinux /vmlinuz-6.%d.%d\ninitrd /initramfs-6.%d.%d.img\noptions $kernelopts\n' \
            "$d" "$i" "$d" "$i" "$d" "$i" "$d" "$i" >"$dir/disk$d/loader/entries/m-6.$d.$i.conf"
        done ;;
      6)
        mkdir -p "$dir/disk$d/syslinux"
        { echo "default l1"; echo "timeout 50"
          for i in $(seq 1 "$per"); do printf 'label l%d\n  menu label Linux %d\n  linux /vmlinuz-%d\n  initrd /initrd-%d.img\n  append quiet\n' "$i" "$i" "$i" "$i"; done
        } >"$dir/disk$d/syslinux/syslinux.cfg" ;;
      7)
        mkdir -p "$dir/disk$d/etc"
        { echo "timeout=50"; echo "read-only"
          for i in $(seq 1 "$per"); do printf 'image=/vmlinux-%d\n\tlabel=l%d\n\tinitrd=/initrd-%d\n\tappend="quiet"\n' "$i" "$i" "$i"; done
        } >"$dir/disk$d/etc/yaboot.conf" ;;
    esac
  done
  echo '}' >>"$dir/devices.json"
}

best_ms() {  # best_ms DIR OPTIONS: the best of 11 runs of a fresh baton process, in best_us; each must find OPTIONS
  local dir=$1 options=$2 i start end us status found
  best_us=
  for i in $(seq 1 11); do
    start=${EPOCHREALTIME//[!0-9]/}
    "$baton" discover --disks "$dir" --json >"$work/out.json" 2>"$work/err.txt"
    status=$?
    end=${EPOCHREALTIME//[!0-9]/}
    if [ "$status" -ne 0 ]; then
      bench_fail_run "$status" "$work/err.txt" "$baton" discover --disks "$dir" --json
      best_us=
      return 1
    fi
    found=$(grep -o '"kernel"' "$work/out.json" | wc -l)
    if [ "$found" -ne "$options" ]; then
      bench_fail "\`baton discover --disks ${dir#"$PWD/"} --json\` found $found boot options, not $options"
      best_us=
      return 1
    fi
    us=$((end - start))
    if [ -z "$best_us" ] || [ "$us" -lt "$best_us" ]; then best_us=$us; fi
  done
}

mkdir -p "$work"
make_machine "$work/small" 25
make_machine "$work/large" 250
empty_dir=$work/empty && rm -rf "$empty_dir" && mkdir -p "$empty_dir"
best_ms "$work/small" 200 && small=$best_us
best_ms "$work/large" 2000 && large=$best_us
best_ms "$empty_dir" 0 && empty=$best_us
echo "== Discovery: 8 devices, 200 boot entries (grub 100, BLS 50, syslinux 25, yaboot 25)"
if [ -n "${small:-}" ] && [ -n "${large:-}" ] && [ -n "${empty:-}" ]; then
  awk -v s="$small" -v l="$large" -v e="$empty" 'BEGIN {
    printf "baton discover --disks (fresh process, best of 11): %.1f ms; an empty machine: %.1f ms\n", s / 1000, e / 1000
    printf "2000 entries: %.1f ms; per entry %.1f us at 200 and %.1f us at 2000 (linear when close)\n", l / 1000, (s - e) / 200, (l - e) / 2000 }'
  bench_record discover_ms "$(awk -v us="$small" 'BEGIN { printf "%.1f", us / 1000 }')"
  bench_record discover_2000_ms "$(awk -v us="$large" 'BEGIN { printf "%.1f", us / 1000 }')"
  bench_record discover_empty_ms "$(awk -v us="$empty" 'BEGIN { printf "%.1f", us / 1000 }')"
fi
[ "$bench_failures" -eq 0 ]
