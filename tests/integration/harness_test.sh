#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The judges' own judge: tests/run_checks.sh must count what really ran and fail what proves
# nothing, and the e2e harness's judging helpers (tests/e2e/judge.sh) must refuse a forged or
# empty result. Fixture logs are written here; each case states what a broken runner would say.
set -u
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

counted() {  # counted STATUS LOG-TEXT: the runner's total for one suite with that log
  printf '%s\n' "$2" >"$tmp/suite.log"
  tests/run_checks.sh --count suite "$1" "$tmp/suite.log" | tail -n 1
}

check "runner: CppUTest's tests that ran are counted, not those filtered out" \
  [ "$(counted 0 'OK (10 tests, 8 ran, 30 checks, 0 ignored, 2 filtered out, 1 ms)')" = "8 passed, 0 failed" ]
check "runner: CppUTest failures are failures, passes are ran minus failures" \
  [ "$(counted 1 'Errors (2 failures, 10 tests, 9 ran, 30 checks, 0 ignored, 1 filtered out, 1 ms)')" = "7 passed, 2 failed" ]
check "runner: a suite that reports no result fails" \
  [ "$(counted 0 'nothing here')" = "0 passed, 1 failed" ]
check "runner: CppUTest running no test fails" \
  [ "$(counted 0 'OK (5 tests, 0 ran, 0 checks, 0 ignored, 5 filtered out, 0 ms)')" = "0 passed, 1 failed" ]
check "runner: TAP lines are counted" \
  [ "$(counted 0 $'ok - a\nok - b\nnot ok - c')" = "2 passed, 1 failed" ]
check "runner: a non-zero exit without a failure line is a failure" \
  [ "$(counted 3 $'ok - a')" = "1 passed, 1 failed" ]
check "runner: fuzzing with no declared target fails" \
  eval 'BATON_TEST_LOGS=$tmp/logs BATON_FUZZ_TARGETS= BATON_FUZZ_SECONDS=1 tests/run_checks.sh fuzz >"$tmp/fuzz.out" 2>&1; [ $? -ne 0 ] && grep -q "0 passed, 1 failed" "$tmp/fuzz.out"'
check "runner: a declared fuzz target that was not built fails" \
  eval 'BATON_TEST_LOGS=$tmp/logs BATON_FUZZ_TARGETS=no_such_target BATON_FUZZ_SECONDS=1 tests/run_checks.sh fuzz >"$tmp/fuzz.out" 2>&1; [ $? -ne 0 ] && grep -q "no_such_target_fuzz was not built" "$tmp/logs/fuzz.log"'

# ---- the e2e judges (tests/e2e/judge.sh), on lists and trees made here ------------------------
. tests/e2e/judge.sh
baton=build/host/baton
mkdir -p "$tmp/root"
echo hello >"$tmp/root/a"
echo world >"$tmp/root/b"
"$baton" ima synth --root "$tmp/root" /a /b -o "$tmp/list3" >/dev/null 2>&1
"$baton" ima synth --root "$tmp/root" /a -o "$tmp/list2" >/dev/null 2>&1
"$baton" ima replay "$tmp/list3" --write-pcrs sha256,"$tmp/pcrs3" >/dev/null 2>&1
"$baton" ima replay "$tmp/list2" --write-pcrs sha256,"$tmp/pcrs2" >/dev/null 2>&1
check "judge inputs: two lists and their PCR files were made" \
  eval '[ -s "$tmp/list3" ] && [ -s "$tmp/list2" ] && [ -s "$tmp/pcrs3" ] && [ -s "$tmp/pcrs2" ]'
tpm3=$(sed -nE 's/^PCR-10: ([0-9a-f]+)$/\1/p' "$tmp/pcrs3")
tpm2=$(sed -nE 's/^PCR-10: ([0-9a-f]+)$/\1/p' "$tmp/pcrs2")
evmctl_run sha256 "$tmp/pcrs3" "$tmp/list3" "$tmp/whole.out"
check "judge: a list that replays at its last entry replays whole" replays_whole "$tmp/whole.out" sha256 3
# list3 against the PCRs of its first two entries: evmctl matches a prefix and says success.
evmctl_run sha256 "$tmp/pcrs2" "$tmp/list3" "$tmp/prefix.out"
check "judge: evmctl's success at a prefix (entry 2 of 3) is not a whole replay" \
  eval 'grep -qx "exit=0" "$tmp/prefix.out" && ! replays_whole "$tmp/prefix.out" sha256 3 >/dev/null'
evmctl_run sha256 "$tmp/pcrs3" "$tmp/list2" "$tmp/short.out"
replayed=$("$baton" ima replay "$tmp/list2" --bank sha256 2>/dev/null | sed -nE 's/^sha256 PCR-10: ([0-9a-f]+)$/\1/p')
check "judge: a list that does not replay is read whole and differs from the TPM" \
  does_not_replay "$tmp/short.out" sha256 "$tpm3" 2 "$replayed"
check "judge: ... but not when the TPM value it names is not the guest's" \
  eval '! does_not_replay "$tmp/short.out" sha256 "$tpm2" 2 "$replayed" >/dev/null'
check "judge: a list that replays is no negative control" \
  eval '! does_not_replay "$tmp/whole.out" sha256 "$tpm3" 3 "$tpm3" >/dev/null'
head -c 100 "$tmp/list3" >"$tmp/cut"
evmctl_run sha256 "$tmp/pcrs3" "$tmp/cut" "$tmp/cut.out"
check "judge: a list evmctl cannot read whole is no negative control" \
  eval '! does_not_replay "$tmp/cut.out" sha256 "$tpm3" 3 "$replayed" >/dev/null'
: >"$tmp/empty.out"
check "judge: no evmctl output proves nothing either way" \
  eval '! replays_whole "$tmp/empty.out" sha256 3 >/dev/null && ! does_not_replay "$tmp/empty.out" sha256 "$tpm3" 3 "$replayed" >/dev/null'

template=$(printf '0%.0s' {1..40})
printf '10 %s ima-ng sha256:%s /boot/vmlinux\n' "$template" "$(sha256sum <"$tmp/root/a" | cut -c1-64)" >"$tmp/good.ascii"
printf '10 %s ima-ng sha256: /boot/vmlinux\n' "$template" >"$tmp/empty-digest.ascii"
printf '10 %s ima-ng sha1:%s /boot/vmlinux\n' "$template" "$(sha1sum <"$tmp/root/b" | cut -c1-40)" >"$tmp/wrong.ascii"
check "judge: an entry whose digest is the file's (host sha256sum) is the file's measurement" \
  measured_file "$tmp/good.ascii" /boot/vmlinux "$tmp/root/a"
check "judge: an empty digest is not" eval '! measured_file "$tmp/empty-digest.ascii" /boot/vmlinux "$tmp/root/a" >/dev/null'
check "judge: another file's digest (host sha1sum) is not" eval '! measured_file "$tmp/wrong.ascii" /boot/vmlinux "$tmp/root/a" >/dev/null'
check "judge: two entries of one name are not one measurement" \
  eval 'cat "$tmp/good.ascii" "$tmp/good.ascii" >"$tmp/twice.ascii"; ! measured_file "$tmp/twice.ascii" /boot/vmlinux "$tmp/root/a" >/dev/null'
cmdline='console=hvc0 e2e_stage=2'
printf '10 %s ima-buf sha256:%s kexec-cmdline %s\n' "$template" "$(printf %s "$cmdline" | sha256sum | cut -c1-64)" \
  "$(printf %s "$cmdline" | xxd -p | tr -d '\n')" >"$tmp/cmdline.ascii"
check "judge: a kexec-cmdline entry of the next kernel's command line, with its digest" \
  measured_cmdline "$tmp/cmdline.ascii" "$cmdline"
check "judge: ... is not another command line's" eval '! measured_cmdline "$tmp/cmdline.ascii" "console=hvc0 e2e_stage=3" >/dev/null'
check "judge: ... and an empty command line proves nothing" eval '! measured_cmdline "$tmp/cmdline.ascii" "" >/dev/null'

tree() {  # tree NAME MEMRESERVE-LINE: a tree with an IMA buffer at 0x7ff0000+0x10000, compiled by dtc
  printf '/dts-v1/;\n%s\n/ { #address-cells = <2>; #size-cells = <2>;\n  chosen { linux,ima-kexec-buffer = <0x0 0x7ff0000 0x0 0x10000>; }; };\n' "$2" >"$tmp/$1.dts"
  dtc -q -I dts -O dtb -o "$tmp/$1.dtb" "$tmp/$1.dts"
}
tree reserved '/memreserve/ 0x7ff0000 0x10000;'
tree unreserved ''
tree twice '/memreserve/ 0x7ff0000 0x10000; /memreserve/ 0x7ff0000 0x10000;'
tree other '/memreserve/ 0x7ff0000 0x20000;'
check "judge: an IMA buffer with exactly one matching reservation (dtc, fdtget)" buffer_reserved "$tmp/reserved.dtb"
check "judge: an IMA buffer without a reservation fails" eval '[ -s "$tmp/unreserved.dtb" ] && ! buffer_reserved "$tmp/unreserved.dtb" >/dev/null'
check "judge: an IMA buffer reserved twice fails" eval '[ -s "$tmp/twice.dtb" ] && ! buffer_reserved "$tmp/twice.dtb" >/dev/null'
check "judge: a reservation of another size fails" eval '[ -s "$tmp/other.dtb" ] && ! buffer_reserved "$tmp/other.dtb" >/dev/null'
check "judge: reservations are counted by dtc" eval '[ "$(reservations "$tmp/twice.dtb" | wc -l)" = 2 ]'
