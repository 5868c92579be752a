#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# baton against a real software TPM (swtpm, started here on a free loopback port and stopped by
# PID) and tools we did not write: tpm2_pcrread, tpm2_pcrextend, tpm2_eventlog and evmctl.
# Prints TAP-style "ok"/"not ok" lines.
set -u
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh
. tools/sim/swtpm.sh  # start_swtpm DIR, stop_swtpm
baton=$PWD/build/host/baton
work=$PWD/build/test-work/tpm
rm -rf "$work" && mkdir -p "$work/state" "$work/root/bin" "$work/root/boot"
cd "$work"
require_program "$baton"

# ---- swtpm on a free port ------------------------------------------------------------------------
trap stop_swtpm EXIT
if ! start_swtpm "$work/state"; then not_ok "swtpm starts on a free loopback port"; exit 1; fi
ok "swtpm starts on a free loopback port"
export TSS2_LOG=all+none

# ---- baton pcr equals tpm2_pcrread ---------------------------------------------------------------
for i in 1 2 3; do
  tpm2_pcrextend "$((i + 4)):sha1=$(printf '%040x' $i),sha256=$(printf '%064x' $i),sha384=$(printf '%096x' $i),sha512=$(printf '%0128x' $i)" >/dev/null
done
tpm2_pcrextend "16:sha256=$(printf '%064x' 7)" >/dev/null
expect pcr-json 0 "$baton" pcr --json
canonical_tools() {  # tpm2_pcrread's YAML as "bank index hex" lines
  tpm2_pcrread sha1:all+sha256:all+sha384:all+sha512:all 2>/dev/null | awk '
    /^  [a-z0-9]+:$/ { bank = $1; sub(":", "", bank); next }
    /^    [0-9]+ *:/ { split($0, f, ":"); idx = f[1] + 0; v = f[2]; gsub(/ |0x/, "", v); print bank, idx, tolower(v) }'
}
canonical_baton() {
  jq -r '.banks | to_entries[] | .key as $bank | .value | to_entries[] | "\($bank) \(.key) \(.value)"' pcr-json.out
}
canonical_tools | sort >tools.txt
canonical_baton | sort >baton.txt
if [ "$(wc -l <tools.txt)" -eq 96 ] && diff -q tools.txt baton.txt >/dev/null; then
  ok "baton pcr --json equals tpm2_pcrread in all 4 banks (96 PCRs)"
else
  not_ok "baton pcr --json differs from tpm2_pcrread"; diff tools.txt baton.txt | head -n 5 | sed 's/^/    /'
fi
expect pcr-one-bank 0 "$baton" pcr --bank sha384
check "pcr --bank prints only that bank" bash -c "grep -q '^sha384:' pcr-one-bank.out && ! grep -q '^sha1:' pcr-one-bank.out"
refused pcr-no-bank 2 "unknown bank: sha3_256" -- "$baton" pcr --bank sha3_256

# ---- a synthesized list, extended into swtpm, replays; one stray extend breaks it ------------------
printf 'kernel image\n' >root/boot/vmlinux
printf '#!/bin/sh\n' >root/bin/sh
expect synth-extend 0 "$baton" ima synth --root root /bin/sh /boot/vmlinux -o list --extend
expect verify-replays 0 "$baton" ima verify --list list
check "verify says replays in every bank" test "$(grep -c ': replays$' verify-replays.out)" -eq 4
check "verify finds one boot generation" grep -q "boot generations: 1" verify-replays.out
check "boot_aggregate matches the TPM's PCR 0-9" grep -q "newest boot_aggregate: matches PCR 0-9" verify-replays.out

# The next kernel's measurement (ima-ng for kernel and initrd, kexec-cmdline) keeps the replay.
expect measure-next 0 "$baton" ima append list -o list2 --root root --file /boot/vmlinux \
  --cmdline "console=hvc0 root=/dev/sda2" --extend
expect verify-after-measure 0 "$baton" ima verify --list list2
check "the appended entries are ima-ng and ima-buf kexec-cmdline" \
  bash -c "'$baton' ima show list2 | tail -n 2 | grep -q ' ima-ng sha256:.* /boot/vmlinux' && '$baton' ima show list2 | tail -n 1 | grep -q ' ima-buf sha256:.* kexec-cmdline '"

# evmctl accepts what attest export writes, as it is.
mkdir -p export
expect attest-export 0 "$baton" attest export export --list list2
expect evmctl-accepts-export 0 evmctl ima_measurement --pcrs sha256,export/pcrs-sha256.txt export/binary_runtime_measurements
expect evmctl-accepts-export-sha1 0 evmctl ima_measurement --pcrs sha1,export/pcrs-sha1.txt export/binary_runtime_measurements
check "export has 24 lines per bank" test "$(wc -l <export/pcrs-sha384.txt)" -eq 24
check "export's ASCII list is baton ima show --raw-names" cmp -s export/ascii_runtime_measurements <("$baton" ima show list2 --raw-names)
check "summary.json says replays and names the TPM" \
  bash -c "grep -q '\"verdict\":\"replays\"' export/summary.json && grep -q '\"manufacturer\":\"IBM\"' export/summary.json"

tpm2_pcrextend "10:sha256=$(printf '%064x' 99)" >/dev/null
refused verify-stray 1 "does not replay" list2 -- "$baton" ima verify --list list2
check "a stray extend: sha256 does not replay, sha1 still does" \
  bash -c "grep -q '^sha256: does not replay' verify-stray.out && grep -q '^sha1: replays' verify-stray.out"

# ---- a quote that tpm2_checkquote accepts ---------------------------------------------------------
# tpm2_checkquote (tpm2-tools) checks the signature with ak.pub.pem, the nonce in the quote, and
# that the PCR values of quote.pcrs hash to the quote's pcrDigest.
nonce=$(openssl rand -hex 20)
mkdir -p quote
expect attest-quote 0 "$baton" attest quote --nonce "$nonce" -o quote
expect checkquote-accepts 0 tpm2_checkquote -u quote/ak.pub.pem -m quote/quote.msg -s quote/quote.sig \
  -f quote/quote.pcrs -g sha256 -q "$nonce"
refused checkquote-other-nonce 1 "" quote/quote.msg -- tpm2_checkquote -u quote/ak.pub.pem \
  -m quote/quote.msg -s quote/quote.sig -f quote/quote.pcrs -g sha256 -q "$(openssl rand -hex 20)"
check "openssl reads ak.pub.pem as a P-256 public key" \
  bash -c "openssl pkey -pubin -in quote/ak.pub.pem -noout -text | grep -q 'NIST CURVE: P-256'"
# sha256 comes first in the selection, PCRs upwards, 8 digests a list: sha256 PCR 10 is the third
# digest of the second list (136 + 532 + 4 + 2 x 66 bytes in, after its 2-byte size).
check "the quoted PCR values are tpm2_pcrread's (sha256 PCR 10)" \
  bash -c "tpm2_pcrread sha256:10 | tr A-F a-f | grep -q \"0x\$(xxd -p -s 806 -l 32 quote/quote.pcrs | tr -d '\\n')\""
# The same TPM gives the same key; a PCR value changed after the quote no longer matches it.
mkdir -p quote2
expect attest-quote-again 0 "$baton" attest quote --nonce "$nonce" -o quote2
check "the attestation key is the same on every quote" cmp -s quote/ak.pub.pem quote2/ak.pub.pem
tpm2_pcrextend "10:sha256=$(printf '%064x' 1234)" >/dev/null
mkdir -p quote3
expect attest-quote-after-extend 0 "$baton" attest quote --nonce "$nonce" -o quote3
refused checkquote-stale-pcrs 1 "" quote/quote.pcrs -- tpm2_checkquote -u quote/ak.pub.pem \
  -m quote/quote.msg -s quote/quote.sig -f quote3/quote.pcrs -g sha256 -q "$nonce"
expect checkquote-accepts-new 0 tpm2_checkquote -u quote3/ak.pub.pem -m quote3/quote.msg \
  -s quote3/quote.sig -f quote3/quote.pcrs -g sha256 -q "$nonce"
refused attest-quote-bad-nonce 2 "--nonce takes 1 to 64 bytes" -- "$baton" attest quote --nonce xyz -o quote
refused attest-quote-bad-pcrs 2 "--pcrs takes" -- "$baton" attest quote --nonce 00 --pcrs 0-24 -o quote

# ---- a TPM that stops answering: a clear error in bounded time ------------------------------------
kill -STOP "$swtpm_pid"
start=$(date +%s)
expect pcr-hung 2 timeout 30 "$baton" pcr
elapsed=$(( $(date +%s) - start ))
[ "$elapsed" -le 15 ] && ok "a silent TPM gives up within ${elapsed}s (bound 15)" || not_ok "a silent TPM took ${elapsed}s"
grep -qi "tpm" pcr-hung.out && ok "the error names the TPM" || not_ok "unclear error: $(head -n 1 pcr-hung.out)"
kill -CONT "$swtpm_pid"
stop_swtpm
# Exit 2 is also what an unreadable list gets: the list must be there.
refused verify-no-tpm 2 "" list2 -- "$baton" ima verify --list list2
check "no TPM: cannot tell, in words" grep -q "cannot tell (no TPM" verify-no-tpm.out

# ---- the firmware event log, judged by tpm2_eventlog ----------------------------------------------
le16() { printf "\\x$(printf %02x $(($1 & 255)))\\x$(printf %02x $((($1 >> 8) & 255)))"; }
le32() { le16 $(($1 & 65535)); le16 $((($1 >> 16) & 65535)); }
hexbytes() { xxd -r -p; }
{
  # Spec ID Event03 header (TCG_PCR_EVENT): sha1 and sha256.
  le32 0; le32 3; head -c 20 /dev/zero; le32 37
  printf 'Spec ID Event03\0'; le32 0; printf '\x00\x02\x00\x02'; le32 2; le16 4; le16 20; le16 11; le16 32; printf '\x00'
  for event in "0 8 firmware-version" "0 13 slof-ipl" "4 13 kernel-blob" "7 4 separator" "9 13 initrd"; do
    read -r pcr type data <<<"$event"
    le32 "$pcr"; le32 "$type"; le32 2
    le16 4; printf '%s' "$data" | openssl dgst -sha1 -r | cut -d' ' -f1 | hexbytes
    le16 11; printf '%s' "$data" | openssl dgst -sha256 -r | cut -d' ' -f1 | hexbytes
    le32 ${#data}; printf '%s' "$data"
  done
} >eventlog.bin
expect eventlog-show 0 "$baton" eventlog show eventlog.bin
check "eventlog show: crypto-agile, 5 events" grep -q "crypto-agile log, little-endian, 5 events" eventlog-show.out
tpm2_eventlog eventlog.bin 2>/dev/null | awk '
  /^pcrs:/ { inside = 1; next }
  inside && /^  [a-z0-9]+:$/ { bank = $1; sub(":", "", bank); next }
  inside && /^    [0-9]+ *:/ { split($0, f, ":"); v = f[2]; gsub(/ |0x/, "", v); printf "%s PCR-%02d: %s\n", bank, f[1] + 0, tolower(v) }' | sort >tools-eventlog.txt
"$baton" eventlog replay eventlog.bin 2>/dev/null | grep ' PCR-' | sort >baton-eventlog.txt
if [ -s tools-eventlog.txt ] && comm -23 tools-eventlog.txt baton-eventlog.txt | grep -q . ; then
  not_ok "eventlog replay differs from tpm2_eventlog"; comm -23 tools-eventlog.txt baton-eventlog.txt | head -n 3 | sed 's/^/    /'
elif [ -s tools-eventlog.txt ]; then
  ok "eventlog replay equals tpm2_eventlog for every PCR it reports ($(wc -l <tools-eventlog.txt) values)"
else
  not_ok "tpm2_eventlog printed no PCRs"
fi
# The log SLOF wrote in the QEMU pseries guest (captured by make e2e), judged the same way.
slof=../../../tests/data/eventlog/qemu-pseries-slof.bin
expect eventlog-slof 0 "$baton" eventlog show "$slof"
check "SLOF's log: crypto-agile, 2 events in PCR 0" grep -q "crypto-agile log, little-endian, 2 events" eventlog-slof.out
# tpm2_eventlog stops on this log (it reads EV_S_CRTM_CONTENTS as a UEFI blob); the judge is the
# guest's TPM, whose PCR 0-9 of the same boot are kept beside the log.
"$baton" eventlog replay "$slof" --tcti device:/nonexistent 2>/dev/null >baton-slof.txt
for bank in sha1 sha256; do
  if diff -q <(grep "^$bank PCR-0" baton-slof.txt | sed "s/^$bank //") "${slof%.bin}.$bank" >/dev/null; then
    ok "SLOF's log: baton's replay equals the guest TPM's PCR 0-9 ($bank)"
  else
    not_ok "SLOF's log: baton's replay differs from the guest TPM's PCR 0-9 ($bank)"
  fi
done
head -c 150 eventlog.bin >cut-eventlog.bin
refused eventlog-truncated 2 "" cut-eventlog.bin:150 -- "$baton" eventlog show cut-eventlog.bin
check "a truncated log names an offset" grep -q "offset" eventlog-truncated.out
expect eventlog-help 0 "$baton" eventlog --help
expect pcr-help 0 "$baton" pcr --help
