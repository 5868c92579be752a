#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make bench`: measures baton against the peer each issue names, on this machine, in this run.
#   IMA engine (issue: measurement-list engine): a 1,000,000-entry ima-ng list (~110 MB):
#   parse, pack and check throughput; replay of the sha1 and sha256 banks against
#   `evmctl ima_measurement` on the same list and PCR files; peak memory against list size.
set -eu
cd "$(dirname "$0")/../.."
baton=$PWD/build/host/baton
bench=$PWD/build/host/bench_ima
work=$PWD/build/bench
entries=${BATON_BENCH_ENTRIES:-1000000}
mkdir -p "$work"
list=$work/list-$entries

[ -s "$list" ] || "$bench" generate "$entries" "$list"
size=$(stat -c %s "$list")
echo "== IMA engine: $entries ima-ng entries, $size bytes"
"$bench" codec "$list"

"$baton" ima replay "$list" --write-pcrs sha1,"$work/pcrs-sha1.txt" \
  --write-pcrs sha256,"$work/pcrs-sha256.txt" >/dev/null
best() {  # best of 3 wall-clock seconds and the peak RSS (KB) of that run: best NAME COMMAND...
  local name=$1 i line t m best_t= best_m=
  shift
  for i in 1 2 3; do
    /usr/bin/time -o "$work/time.out" -f '%e %M' "$@" >/dev/null 2>&1 || true
    line=$(tail -n 1 "$work/time.out")
    t=${line% *}; m=${line#* }
    if [ -z "$best_t" ] || awk "BEGIN{exit !($t < $best_t)}"; then best_t=$t; best_m=$m; fi
  done
  echo "$name $best_t $best_m"
}
read -r _ baton_s baton_kb < <(best baton "$baton" ima replay "$list" --pcrs sha1,"$work/pcrs-sha1.txt" \
  --pcrs sha256,"$work/pcrs-sha256.txt")
read -r _ evmctl_s evmctl_kb < <(best evmctl evmctl ima_measurement --pcrs sha1,"$work/pcrs-sha1.txt" \
  --pcrs sha256,"$work/pcrs-sha256.txt" "$list")
"$baton" ima replay "$list" --pcrs sha1,"$work/pcrs-sha1.txt" --pcrs sha256,"$work/pcrs-sha256.txt" \
  >/dev/null || { echo "baton does not replay its own list"; exit 1; }
evmctl ima_measurement --pcrs sha256,"$work/pcrs-sha256.txt" "$list" >/dev/null 2>&1 \
  || { echo "evmctl does not replay the list"; exit 1; }
awk -v b="$baton_s" -v e="$evmctl_s" -v bk="$baton_kb" -v sz="$size" 'BEGIN {
  printf "replay sha1+sha256: baton %.2f s, evmctl %.2f s, evmctl/baton = %.2fx (target >= 3x)\n", b, e, e / b
  printf "baton peak RSS %.1f MB = %.2f x the list (target <= 1.5x)\n", bk / 1024, bk * 1024 / sz }'

# ---- kexec plan (issue: device-tree handover and kexec loader) --------------------------------
# A 42 MB vmlinux (Debian's ppc64el kernel from the sysroot), a 64 MB initrd, a 100,000-entry list:
# the plan's time against `cat` of the same files, and its peak RSS against the inputs' size.
vmlinux=$(ls build/ppc64el/sysroot/boot/vmlinux-* 2>/dev/null | head -n 1)
if [ -n "$vmlinux" ]; then
  plan_list=$work/list-100000
  [ -s "$plan_list" ] || "$bench" generate 100000 "$plan_list"
  [ -s "$work/initrd-64M" ] || head -c $((64 << 20)) /dev/urandom >"$work/initrd-64M"
  # The plan is written to tmpfs when there is one, so that the disk's write speed is not measured.
  plan_dir=$work/plan
  [ -d /dev/shm ] && plan_dir=$(mktemp -d /dev/shm/baton-plan.XXXXXX)
  mkdir -p "$plan_dir" "$work/emptyroot"
  dtb=$PWD/build/host/dts/qemu-pseries.dtb
  read -r _ plan_s plan_kb < <(best plan "$baton" kexec plan --kernel "$vmlinux" --initrd "$work/initrd-64M" \
    --ima "$plan_list" --dtb "$dtb" --root "$work/emptyroot" --kernel-end 0x2a00000 -o "$plan_dir")
  # `cat FILE >/dev/null` splices without reading; cat through a pipe reads every byte.
  read -r _ cat_s _ < <(best cat sh -c "cat '$vmlinux' '$work/initrd-64M' '$plan_list' '$dtb' | cat >/dev/null")
  [ "$plan_dir" = "$work/plan" ] || rm -rf "$plan_dir"
  inputs=$(( $(stat -c %s "$vmlinux") + $(stat -c %s "$work/initrd-64M") + $(stat -c %s "$plan_list") ))
  awk -v p="$plan_s" -v c="$cat_s" -v kb="$plan_kb" -v inputs="$inputs" 'BEGIN {
    printf "== kexec plan: 42 MB vmlinux + 64 MB initrd + 100,000-entry list (%.0f MB in)\n", inputs / 1e6
    printf "plan %.2f s (reads, packs, places, writes every segment to tmpfs), cat %.2f s: plan/cat = %.1fx\n", p, c, (c > 0 ? p / c : 0)
    printf "plan peak RSS %.1f MB = %.2f x the inputs (one copy of each input, plus the IMA buffer)\n", kb / 1024, kb * 1024 / inputs }'
else
  echo "== kexec plan: skipped (no ppc64el vmlinux; run make deps)"
fi

# ---- TPM (issue: TPM PCR state) --------------------------------------------------------------
state=$(mktemp -d)
port=$((30000 + (RANDOM % 10000) * 2))
swtpm socket --tpm2 --server type=tcp,port=$port,bindaddr=127.0.0.1 --ctrl type=tcp,port=$((port + 1)),bindaddr=127.0.0.1 \
  --tpmstate dir="$state" --flags not-need-init,startup-clear >/dev/null 2>&1 &
swtpm_pid=$!
export BATON_TCTI="swtpm:host=127.0.0.1,port=$port" TPM2TOOLS_TCTI="swtpm:host=127.0.0.1,port=$port" TSS2_LOG=all+none
for _ in $(seq 1 50); do tpm2_pcrread sha1:0 >/dev/null 2>&1 && break; sleep 0.1; done
echo "== TPM: all PCRs of every bank of swtpm"
build/host/bench_tpm 200
start=$(date +%s%N)
for _ in $(seq 1 20); do tpm2_pcrread sha1:all+sha256:all+sha384:all+sha512:all >/dev/null 2>&1; done
awk -v ns=$(( $(date +%s%N) - start )) 'BEGIN { printf "tpm2_pcrread, same banks: mean %.3f ms per run (a process each)\n", ns / 20 / 1e6 }'
kill "$swtpm_pid" 2>/dev/null; wait "$swtpm_pid" 2>/dev/null; rm -rf "$state"

# ---- boot menu (issue 6) ---------------------------------------------------------------------------
echo "== boot menu on the simulated machine (tmux, 80x24, TERM=vt100)"
bash tests/bench/menu_bench.sh

# Discovery (issue 5): 8 devices, 200 boot entries, a fresh `baton discover` process.
tests/bench/discover_bench.sh
