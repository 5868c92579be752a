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
