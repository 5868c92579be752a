# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests/e2e/run.sh (and by tests/integration/harness_test.sh, which feeds them forged
# and real results): the e2e judges that read what the kernel and independent tools say. None of
# them asks baton: the entries come from the kernel's own ASCII list, the replay verdict from
# evmctl, the digests from sha1sum/sha256sum of the files the harness built, the reservations
# from dtc and fdtget reading the flattened tree the kernel booted with. Each returns 0 when the
# claim holds and prints, on standard output, one line saying what it saw (for the TAP line).

# quietly JUDGE ARGS...: the judge's verdict without its line (for a check that prints its own).
quietly() { "$@" >/dev/null; }

# evmctl_run BANK PCRFILE LIST OUT: `evmctl -vv ima_measurement` on one bank (its exit status
# reflects only the last bank it compared, so one bank a run); output and status in OUT. With
# -vv evmctl prints, after every entry, the value the list implies so far and the TPM's, twice
# (as extended, and with SHA-1 digests zero-padded as kernels before 5.8 extended them).
evmctl_run() {
  evmctl -vv ima_measurement --pcrs "$1,$2" "$3" >"$4" 2>&1
  echo "exit=$?" >>"$4"
}

# replays_whole OUT BANK COUNT: evmctl matched BANK's PCR 10 at the list's last entry, COUNT
# (evmctl stops at the first prefix that matches, so an earlier match means the entries after
# it do not replay).
replays_whole() {
  local at
  at=$(sed -nE "s/^$2 PCR-10: succeed at entry ([0-9]+)$/\1/p" "$1" | tail -n 1)
  if [ -n "$at" ]; then echo "evmctl $2: matched at entry $at of $3"; else echo "evmctl $2: no match in $3 entries"; fi
  [ -n "$3" ] && [ "$3" -gt 0 ] && [ "$at" = "$3" ] && grep -qx "exit=0" "$1" &&
    grep -q "^Matched per TPM bank calculated digest(s)." "$1"
}

# does_not_replay OUT BANK TPM-HEX COUNT REPLAYED-HEX: evmctl read the whole list (it compared
# after each of the COUNT entries, with no parse error), matched no prefix of it, compared
# against the TPM value the guest read (TPM-HEX), and the value the whole list implies is
# REPLAYED-HEX (baton's replay of the same list) and differs from the TPM's.
does_not_replay() {
  local tpm calculated compared
  compared=$(grep -c "^$2: PCRAgg 10 does not match TPM PCR-10$" "$1")
  tpm=$(sed -nE "s/^$2: TPM PCR-10: ([0-9a-f]+)$/\1/p" "$1" | sort -u)
  # The last entry's value as extended: the second to last PCRAgg line (the last is the padded).
  calculated=$(sed -nE "s/^$2: PCRAgg +10: ([0-9a-f]+)$/\1/p" "$1" | tail -n 2 | head -n 1)
  echo "evmctl $2: compared after $((compared / 2)) of ${4:-?} entries; the list gives ${calculated:-?}, the TPM has ${tpm:-?}"
  [ -n "$3" ] && [ -n "$4" ] && [ "$4" -gt 0 ] && [ "$compared" = $(( 2 * $4 )) ] && [ "$tpm" = "$3" ] &&
    [ -n "$calculated" ] && [ "$calculated" = "$5" ] && [ "$calculated" != "$tpm" ] &&
    ! grep -q "PCR-10: succeed at entry" "$1" &&
    grep -q "^Failed to match per TPM bank or SHA1 padded TPM digest(s).$" "$1" &&
    ! grep -qiE "error|unable to read|invalid pcr|failed reading|too long|not supported" "$1"
}

# measured_file ASCII NAME FILE: exactly one ima-ng (or ima-modsig: a kernel checked by its
# appended signature) entry named NAME in ASCII (lines of the kernel's
# ascii_runtime_measurements), and its digest is FILE's (${alg}sum on the host).
measured_file() {
  local lines digest alg hex want
  lines=$(grep -E "^10 [0-9a-f]{40} (ima-ng [a-z0-9]+:[0-9a-f]+ $2|ima-modsig [a-z0-9]+:[0-9a-f]+ $2 .*)\$" "$1")
  if [ -z "$lines" ] || [ "$(wc -l <<<"$lines")" != 1 ]; then
    echo "$(grep -cE " $2( |\$)" "$1") ima-ng or ima-modsig entries named $2"
    return 1
  fi
  digest=$(cut -d' ' -f4 <<<"$lines")
  alg=${digest%%:*}
  hex=${digest#*:}
  case "$alg" in sha1 | sha256 | sha384 | sha512) ;; *) echo "$2: unknown algorithm $alg"; return 1 ;; esac
  want=$("${alg}sum" "$3" | cut -d' ' -f1)
  echo "$2: entry $alg:$hex, host ${alg}sum $want"
  [ "$hex" = "$want" ]
}

# modsig_entry ASCII NAME FILE: exactly one ima-modsig entry named NAME in ASCII, whose fields
# are FILE's as the host reads it: d-ng the whole file's sha256, sig empty, d-modsig the sha256
# of the bytes before the appended signature, modsig the PKCS#7 itself. The signature's length
# is the big-endian last word of the 12-byte struct module_signature before the 28-byte marker.
modsig_entry() {
  local lines size siglen content dng sig dmodsig modsig want_dng want_dmodsig want_modsig
  lines=$(grep -E "^10 [0-9a-f]{40} ima-modsig [a-z0-9]+:[0-9a-f]+ $2 " "$1")
  if [ -z "$lines" ] || [ "$(wc -l <<<"$lines")" != 1 ]; then
    echo "$(grep -c " ima-modsig .* $2 " "$1") ima-modsig entries named $2"
    return 1
  fi
  size=$(stat -c %s "$3")
  if [ "$(tail -c 28 "$3")" != "~Module signature appended~" ]; then
    echo "$3 has no appended signature"
    return 1
  fi
  siglen=$((16#$(xxd -p -s $((size - 32)) -l 4 "$3")))
  content=$((size - 40 - siglen))
  dng=$(cut -d' ' -f4 <<<"$lines")
  sig=$(cut -d' ' -f6 <<<"$lines")
  dmodsig=$(cut -d' ' -f7 <<<"$lines")
  modsig=$(cut -d' ' -f8 <<<"$lines")
  want_dng=sha256:$(sha256sum <"$3" | cut -d' ' -f1)
  want_dmodsig=sha256:$(head -c "$content" "$3" | sha256sum | cut -d' ' -f1)
  want_modsig=$(tail -c +$((content + 1)) "$3" | head -c "$siglen" | xxd -p | tr -d '\n')
  echo "$2: d-ng ${dng:0:20}... (host ${want_dng:0:20}...), sig '${sig}', d-modsig ${dmodsig:0:20}... (host, $content bytes: ${want_dmodsig:0:20}...), modsig ${#modsig} hex digits (host: $((2 * siglen)))"
  [ "$dng" = "$want_dng" ] && [ -z "$sig" ] && [ "$dmodsig" = "$want_dmodsig" ] && [ "$modsig" = "$want_modsig" ]
}

# measured_cmdline ASCII CMDLINE: exactly one ima-buf kexec-cmdline entry in ASCII; its buffer is
# CMDLINE (the next kernel's /proc/cmdline, without the newline) and its digest is the buffer's.
measured_cmdline() {
  local lines digest alg buffer text want
  lines=$(grep -E "^10 [0-9a-f]{40} ima-buf [a-z0-9]+:[0-9a-f]+ kexec-cmdline [0-9a-f]*\$" "$1")
  if [ -z "$lines" ] || [ "$(wc -l <<<"$lines")" != 1 ]; then
    echo "$(grep -c " kexec-cmdline " "$1") kexec-cmdline entries"
    return 1
  fi
  digest=$(cut -d' ' -f4 <<<"$lines")
  alg=${digest%%:*}
  buffer=$(cut -d' ' -f6 <<<"$lines")
  text=$(xxd -r -p <<<"$buffer")
  case "$alg" in sha1 | sha256 | sha384 | sha512) ;; *) echo "kexec-cmdline: unknown algorithm $alg"; return 1 ;; esac
  want=$(xxd -r -p <<<"$buffer" | "${alg}sum" | cut -d' ' -f1)
  echo "kexec-cmdline '$text' ($alg:${digest#*:}; of its bytes: $want)"
  [ -n "$2" ] && [ "$text" = "$2" ] && [ "${digest#*:}" = "$want" ]
}

# reservations FDT: the tree's /memreserve/ entries as "ADDRESS SIZE" (0x hex, no leading zeros),
# as dtc decompiles them.
reservations() {
  local address size
  dtc -q -I dtb -O dts "$1" 2>/dev/null |
    sed -nE 's#^/memreserve/[[:space:]]+(0x[0-9a-fA-F]+)[[:space:]]+(0x[0-9a-fA-F]+);#\1 \2#p' |
    while read -r address size; do printf '0x%x 0x%x\n' "$((address))" "$((size))"; done
}

# ima_buffer FDT: /chosen/linux,ima-kexec-buffer as "ADDRESS SIZE" (hex), read with fdtget in
# the root's #address-cells and #size-cells (as the kernel reads it).
ima_buffer() {
  local cells acells scells address=0 size=0 i=0 c
  cells=$(fdtget -t x "$1" /chosen linux,ima-kexec-buffer 2>/dev/null) || return 1
  acells=$(fdtget -t u "$1" / '#address-cells' 2>/dev/null || echo 2)
  scells=$(fdtget -t u "$1" / '#size-cells' 2>/dev/null || echo 1)
  for c in $cells; do
    if [ $i -lt "$acells" ]; then address=$(( (address << 32) | 0x$c )); else size=$(( (size << 32) | 0x$c )); fi
    i=$((i + 1))
  done
  [ $i -eq $((acells + scells)) ] || return 1
  printf '0x%x 0x%x\n' "$address" "$size"
}

# buffer_reserved FDT: the tree names an IMA buffer and exactly one /memreserve/ equals it.
buffer_reserved() {
  local buffer matches
  buffer=$(ima_buffer "$1") || { echo "no readable /chosen/linux,ima-kexec-buffer"; return 1; }
  matches=$(reservations "$1" | grep -cx "$buffer")
  echo "linux,ima-kexec-buffer $buffer; reservations equal to it: $matches"
  [ "$matches" = 1 ]
}
