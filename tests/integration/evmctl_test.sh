#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The real baton binary against tools we did not write: evmctl (ima-evm-utils) replays baton's
# lists against baton's PCR files, and parses them into the same ASCII lines; sha256sum checks
# the file digests; openssl checks an extend. Prints TAP-style "ok"/"not ok" lines.
set -u
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh
baton=$PWD/build/host/baton
work=$PWD/build/test-work/evmctl
rm -rf "$work" && mkdir -p "$work/root/bin" "$work/root/etc"
cd "$work"
require_program "$baton"

# A machine root with a few files, one with a space in its name.
printf 'hello\n' >root/bin/a
head -c 100000 /dev/zero | tr '\0' 'z' >"root/bin/b c"
printf 'root:x:0:0::/root:/bin/sh\n' >root/etc/passwd
# Firmware PCR 0-9 for boot_aggregate: arbitrary but fixed values.
for i in $(seq 0 23); do printf 'PCR-%02d: %064x\n' "$i" $((i * 7919)); done >firmware-sha256.txt

expect synth 0 "$baton" ima synth --root root /bin/a "/bin/b c" /etc/passwd -o list \
  --pcrs sha256,firmware-sha256.txt
expect replay-writes-pcrs 0 "$baton" ima replay list --write-pcrs sha1,pcrs-sha1.txt \
  --write-pcrs sha256,pcrs-sha256.txt

# evmctl checks one bank per run: its exit status reflects only the last bank it compared.
expect evmctl-agrees-sha1 0 evmctl ima_measurement --pcrs sha1,pcrs-sha1.txt list
expect evmctl-agrees-sha256 0 evmctl ima_measurement --pcrs sha256,pcrs-sha256.txt list
grep -q "Matched per TPM bank" evmctl-agrees-sha256.out && ok "evmctl matched per-bank digests" \
  || not_ok "evmctl did not say it matched per-bank digests"

# The file digests are the files' own sha256.
want=$(sha256sum root/bin/a | cut -d' ' -f1)
"$baton" ima show list >show.txt
grep -q "sha256:$want /bin/a\$" show.txt && ok "ima-ng digest equals sha256sum" || not_ok "ima-ng digest differs from sha256sum"
grep -q " /bin/b_c\$" show.txt && ok "spaces in names become _" || not_ok "space in name not replaced"

# evmctl -v prints each entry as the kernel's ASCII list does; baton's show must print the same.
evmctl -v ima_measurement --pcrs sha256,pcrs-sha256.txt list 2>&1 | grep -E '^[ 0-9]{2} [0-9a-f]{40} ' >evmctl-lines.txt
if [ -s evmctl-lines.txt ] && diff -u evmctl-lines.txt show.txt >show.diff; then ok "show prints evmctl's lines"
else not_ok "show differs from evmctl's lines"; head -n 20 show.diff | sed 's/^/    /'; fi

# boot_aggregate: sha256 over PCR 0-9 of the firmware file, computed by openssl.
agg=$(for i in $(seq 0 9); do printf '%064x' $((i * 7919)); done | xxd -r -p | openssl dgst -sha256 -r | cut -d' ' -f1)
grep -q "sha256:$agg boot_aggregate\$" show.txt && ok "boot_aggregate equals openssl's sha256 of PCR 0-9" \
  || not_ok "boot_aggregate differs from openssl"

# A TPM that saw one more extend: neither tool accepts the list. The stray file must be the good
# one with PCR-10 changed (24 lines, and differing), or the refusal would prove nothing.
sed 's/^\(PCR-10: \)./\1f/' pcrs-sha256.txt >stray-sha256.txt
cmp -s stray-sha256.txt pcrs-sha256.txt && sed -i 's/^\(PCR-10: \)./\1e/' stray-sha256.txt
only_pcr10_differs() {  # 24 lines, and only PCR-10 differs from the replayed file
  [ "$(wc -l <stray-sha256.txt)" -eq 24 ] && ! cmp -s pcrs-sha256.txt stray-sha256.txt &&
    diff -q <(grep -v '^PCR-10:' pcrs-sha256.txt) <(grep -v '^PCR-10:' stray-sha256.txt)
}
check "the stray PCR file is the replayed one with PCR-10 changed" only_pcr10_differs
refused evmctl-rejects-stray 1 "Failed to match per TPM bank" list stray-sha256.txt -- \
  evmctl ima_measurement --pcrs sha256,stray-sha256.txt list
refused baton-rejects-stray 1 "sha256: does not replay PCR-10 differs" list stray-sha256.txt -- \
  "$baton" ima replay list --pcrs sha256,stray-sha256.txt
expect baton-accepts 0 "$baton" ima replay list --pcrs sha1,pcrs-sha1.txt --pcrs sha256,pcrs-sha256.txt

# A list longer than what the TPM saw: baton names the longest replaying prefix (2 of 4).
"$baton" ima synth --root root /bin/a -o short --pcrs sha256,firmware-sha256.txt
"$baton" ima replay short --write-pcrs sha256,short-sha256.txt >/dev/null
expect evmctl-prefix 0 evmctl ima_measurement --pcrs sha256,short-sha256.txt list
refused baton-prefix 1 '"replays":false' list short-sha256.txt -- \
  "$baton" ima replay list --pcrs sha256,short-sha256.txt --json
grep -q '"longest_replaying_prefix":2' baton-prefix.out && ok "longest replaying prefix is 2" \
  || not_ok "longest replaying prefix not reported as 2"

# append: baton's measurement of a next kernel. The printed sha256 digest extends the old PCR 10
# to the new one (openssl computes the extend), and evmctl accepts the longer list.
expect append 0 "$baton" ima append list -o appended --root root --file /bin/a \
  --cmdline "root=/dev/sda2 console=hvc0" --bank sha1 --bank sha256
"$baton" ima replay appended --write-pcrs sha256,appended-sha256.txt >/dev/null
pcr=$(grep '^PCR-10:' pcrs-sha256.txt | cut -d' ' -f2)
for line in $(cat append.out); do
  digest=$(sed -E 's/.*sha256=([0-9a-f]+).*/\1/' <<<"$line")
  pcr=$(printf '%s%s' "$pcr" "$digest" | xxd -r -p | openssl dgst -sha256 -r | cut -d' ' -f1)
done
grep -q "^PCR-10: $pcr\$" appended-sha256.txt && ok "append's printed digests extend to the replayed PCR" \
  || not_ok "append's digests do not extend to the replayed PCR"
expect evmctl-accepts-appended 0 evmctl ima_measurement --pcrs sha256,appended-sha256.txt appended
"$baton" ima show appended | tail -n 1 | grep -q " ima-buf sha256:[0-9a-f]\{64\} kexec-cmdline $(printf 'root=/dev/sda2 console=hvc0' | xxd -p | tr -d '\n')\$" \
  && ok "kexec-cmdline entry has the kernel's ima-buf shape" || not_ok "kexec-cmdline entry shape"

# Violations: the kernel extends 0xff; evmctl does so with --ignore-violations.
zero_last_digest() {  # a copy of the list whose last entry has an all-zero template digest
  local last
  cp list violation
  last=$("$baton" ima show list --json | grep -o '"offset":[0-9]*' | cut -d: -f2 | tail -n 1)
  printf '%040d' 0 | xxd -r -p | dd of=violation bs=1 seek=$((last + 4)) conv=notrunc status=none
}
zero_last_digest
"$baton" ima replay violation --write-pcrs sha256,violation-sha256.txt >/dev/null
expect evmctl-violation 0 evmctl ima_measurement --ignore-violations --pcrs sha256,violation-sha256.txt violation

# Kexec buffer: pack is pure, unpack gives the original stream back byte for byte.
expect pack 0 "$baton" ima pack list -o buffer --page-size 65536
"$baton" ima pack list -o buffer2 --page-size 65536
cmp -s buffer buffer2 && ok "pack is deterministic" || not_ok "pack differs between runs"
[ "$(stat -c %s buffer)" -eq 65536 ] && ok "pack pads to the page size" || not_ok "pack size $(stat -c %s buffer)"
expect check-packed 0 "$baton" ima check buffer
expect unpack 0 "$baton" ima unpack buffer -o unpacked
cmp -s list unpacked && ok "unpack gives the original stream" || not_ok "unpack differs from the original"

# Header fields as the kernel's struct ima_kexec_hdr, read back with od (little-endian host).
read -r version <<<"$(od -An -tu2 -N2 buffer)"
read -r buffer_size count <<<"$(od -An -tu8 -j8 -N16 buffer)"
entries=$(grep -c . show.txt)
[ "$version" = 1 ] && [ "$buffer_size" = $((24 + $(stat -c %s list))) ] && [ "$count" = "$entries" ] \
  && ok "header: version 1, buffer_size 24+stream, count $entries" || not_ok "header $version $buffer_size $count"

# Hostile buffers: each gets exit 1 with an offset and its reason, never a crash. Each is the
# 65536-byte buffer edited (a missing buffer would leave dd's few bytes, refused for another
# reason), or cut to a known length.
cp buffer bad-version && printf '\x02' | dd of=bad-version bs=1 seek=0 conv=notrunc status=none
refused check-bad-version 1 "header version is 2, not 1" bad-version:65536 -- "$baton" ima check bad-version
head -c 100 buffer >truncated
refused check-truncated 1 "beyond the region of 100 bytes" truncated:100 -- "$baton" ima check truncated
refused check-small-region 1 "beyond the region of 200 bytes" buffer:65536 -- \
  "$baton" ima check buffer --region-size 200
grep -q "offset 8" check-small-region.out && ok "small region names offset 8" || not_ok "small region offset"
cp buffer bad-count && printf '\x09' | dd of=bad-count bs=1 seek=16 conv=notrunc status=none
refused check-bad-count 1 "count says 9 entries" bad-count:65536 -- "$baton" ima check bad-count
cp buffer bad-digest && printf '\x00' | dd of=bad-digest bs=1 seek=$((24 + 110 + 4)) conv=notrunc status=none
refused check-bad-digest 1 "template digest is not SHA-1 of the entry's data" bad-digest:65536 -- \
  "$baton" ima check bad-digest
refused check-be-order 1 "" buffer:65536 -- "$baton" ima check buffer --byte-order be
grep -q "other byte order" check-be-order.out && ok "wrong byte order is named" || not_ok "byte order hint"
# Exit 2 is also what a missing file gets: the cut list must be there, 150 bytes long.
head -c 150 list >cut-list
refused show-truncated 2 "template data runs past the end" cut-list:150 -- "$baton" ima show cut-list
grep -q "offset" show-truncated.out && ok "truncated list names an offset" || not_ok "truncated list message"
refused pack-truncated 1 "template data runs past the end" cut-list:150 -- "$baton" ima pack cut-list -o never
[ ! -e never ] && [ ! -e never.baton-tmp ] && ok "a refused pack writes nothing" || not_ok "refused pack left a file"

# Usage errors exit 2, each for its own reason.
refused usage-unknown 2 "unknown command 'frobnicate'" -- "$baton" ima frobnicate
refused usage-page 2 "--page-size takes a power of two" list -- "$baton" ima pack list -o x --page-size 1000
refused usage-missing 2 "does-not-exist: cannot open: No such file" -- "$baton" ima show does-not-exist
expect help 0 "$baton" ima --help
