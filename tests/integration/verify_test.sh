#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# baton verify against judges we did not write: kernels signed by the kernel's own sign-file
# (linux-kbuild-6.1), initrds signed by openssl cms, keys and certificates made by openssl, and
# on every case baton's verdict held against `openssl cms -verify` on the same bytes (for an
# appended signature, the PKCS#7 and the content cut out of the file by the trailer's length,
# read here with od). Prints TAP-style "ok"/"not ok" lines.
set -u
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh
repo=$PWD
baton=$PWD/build/host/baton
sign_file=/usr/lib/linux-kbuild-6.1/scripts/sign-file
work=$PWD/build/test-work/verify
rm -rf "$work" && mkdir -p "$work/keys" "$work/ca-keys"
cd "$work"
require_program "$baton"
require_program "$sign_file"

# ---- keys and certificates (openssl) -----------------------------------------------------------
selfsigned() {  # selfsigned NAME KEYOPTS EXTRA-ADDEXT...
  local name=$1 keyopts=$2
  shift 2
  openssl req -x509 -new $keyopts -nodes -keyout "$name.key" -out "$name.pem" -days 30 \
    -subj "/CN=baton $name/O=baton tests" "$@" 2>/dev/null
}
selfsigned signer "-newkey rsa:2048" -addext "keyUsage=digitalSignature"
selfsigned other "-newkey rsa:2048" -addext "keyUsage=digitalSignature"
selfsigned ec "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1" -addext "keyUsage=digitalSignature"
selfsigned wrongku "-newkey rsa:2048" -addext "keyUsage=keyEncipherment"
selfsigned ca "-newkey rsa:2048" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=keyCertSign,cRLSign"
# A leaf the CA issued (carried in the CMS signatures), and a certificate that expired in 2021
# (openssl ca sets past dates; req -x509 cannot).
openssl req -new -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.csr \
  -subj "/CN=baton leaf/O=baton tests" 2>/dev/null
printf 'keyUsage=digitalSignature\n' >leaf.ext
openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
  -extfile leaf.ext -out leaf.pem 2>/dev/null
mkdir -p ca-db && : >ca-db/index.txt && echo 01 >ca-db/serial
cat >ca.cnf <<'CNF'
[ca]
default_ca = test
[test]
database = ca-db/index.txt
serial = ca-db/serial
new_certs_dir = ca-db
default_md = sha256
policy = any
x509_extensions = ext
[any]
commonName = supplied
[ext]
keyUsage = digitalSignature
CNF
openssl req -new -newkey rsa:2048 -nodes -keyout expired.key -out expired.csr \
  -subj "/CN=baton expired" 2>/dev/null
openssl ca -batch -config ca.cnf -selfsign -keyfile expired.key -in expired.csr \
  -startdate 20200101000000Z -enddate 20210101000000Z -out expired.pem >/dev/null 2>&1
for name in signer ec wrongku expired; do
  openssl x509 -in $name.pem -outform DER -out keys/$name.der
done
cp ca.pem ca-keys/ca.pem
cat signer.pem ec.pem wrongku.pem expired.pem >anchors.pem
check "openssl made the test keys and certificates" have_input keys/signer.der keys/ec.der \
  keys/wrongku.der keys/expired.der ca-keys/ca.pem leaf.pem other.pem

head -c 300000 /dev/urandom >vmlinux
head -c 200000 /dev/urandom >initrd

# ---- the judge ---------------------------------------------------------------------------------
# Cuts an appended signature into FILE.p7 and FILE.content by the trailer's big-endian length.
split_appended() {
  local file=$1 size length
  size=$(stat -c %s "$file")
  length=$(od -An -tu1 -j $((size - 32)) -N4 "$file" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
  head -c $((size - 40 - length)) "$file" >"$file.content"
  tail -c $((length + 40)) "$file" | head -c "$length" >"$file.p7"
}
openssl_verdict() {  # openssl_verdict CONTENT P7 CERTFILE CAFILE: exit status of cms -verify
  openssl cms -verify -binary -inform DER -in "$2" -content "$1" -certfile "$3" -CAfile "$4" \
    -out /dev/null >/dev/null 2>&1
}
# agree NAME WANT(verified|VERDICT) FILE [--signature P7S] -- OPENSSL-ARGS...: baton's verdict
# is WANT, and openssl agrees on whether the file is signed by a trusted signer.
agree() {
  local name=$1 want=$2 file=$3 status verdict openssl_status
  shift 3
  local baton_args=()
  while [ "$1" != "--" ]; do baton_args+=("$1"); shift; done
  shift
  "$baton" verify "$file" "${baton_args[@]}" --json >"$name.json" 2>"$name.err"
  status=$?
  verdict=$(jq -r .verdict "$name.json" 2>/dev/null)
  openssl_verdict "$@"
  openssl_status=$?
  local agreed=no
  if [ "$status" -eq 0 ] && [ "$openssl_status" -eq 0 ]; then agreed=yes; fi
  if [ "$status" -eq 1 ] && [ "$openssl_status" -ne 0 ]; then agreed=yes; fi
  if [ "$verdict" = "$want" ] && [ "$agreed" = yes ]; then
    ok "$name: baton says $verdict (exit $status), openssl cms -verify agrees (exit $openssl_status)"
  else
    not_ok "$name: baton says '$verdict' (exit $status, wanted $want), openssl cms -verify exit $openssl_status"
    sed 's/^/    /' "$name.json" "$name.err" | head -n 5
  fi
}

# ---- appended signatures (sign-file) -----------------------------------------------------------
sign() {  # sign NAME KEY CERT [HASH] [-k]: NAME.signed, an appended signature by sign-file
  cp vmlinux "$1.signed"
  "$sign_file" ${5:-} "${4:-sha256}" "$2" "$3" "$1.signed"
  split_appended "$1.signed"
}
sign signed signer.key signer.pem
check "sign-file appended a signature" grep -q "~Module signature appended~" signed.signed
check "the cut-out content is the unsigned image" cmp signed.signed.content vmlinux
agree appended-signed verified signed.signed --keys keys -- \
  signed.signed.content signed.signed.p7 signer.pem anchors.pem
expect appended-signed-prints-signer 0 "$baton" verify signed.signed --keys keys
grep -q "signed by CN=baton signer" appended-signed-prints-signer.out &&
  ok "baton verify names the signer" || not_ok "baton verify names the signer"

sign sha512 signer.key signer.pem sha512
agree appended-sha512 verified sha512.signed --keys keys -- \
  sha512.signed.content sha512.signed.p7 signer.pem anchors.pem
sign keyid signer.key signer.pem sha256 -k
agree appended-by-key-id verified keyid.signed --keys keys -- \
  keyid.signed.content keyid.signed.p7 signer.pem anchors.pem
sign ecdsa ec.key ec.pem
agree appended-ecdsa verified ecdsa.signed --keys keys -- \
  ecdsa.signed.content ecdsa.signed.p7 ec.pem anchors.pem

# One byte changed: in the content (first, middle, last byte), in the PKCS#7 (its header, the
# signer's name, the signature itself). baton and openssl both refuse every one.
size=$(stat -c %s signed.signed)
p7_size=$(stat -c %s signed.signed.p7)
content_size=$((size - 40 - p7_size))
for offset in 0 150000 $((content_size - 1)) $((content_size + 1)) $((content_size + 80)) \
              $((content_size + p7_size - 1)); do
  cp signed.signed tampered-$offset
  byte=$(od -An -tu1 -j "$offset" -N1 tampered-$offset | tr -d ' ')
  printf "$(printf '\\%03o' $(( (byte + 1) % 256 )))" |
    dd of=tampered-$offset bs=1 seek="$offset" conv=notrunc status=none
  split_appended tampered-$offset
  baton_out=$("$baton" verify tampered-$offset --keys keys --json 2>/dev/null)
  baton_status=$?
  openssl_verdict tampered-$offset.content tampered-$offset.p7 signer.pem anchors.pem
  openssl_status=$?
  if ! cmp -s tampered-$offset signed.signed && [ "$baton_status" -eq 1 ] &&
     [ "$openssl_status" -ne 0 ]; then
    ok "byte $offset changed: baton refuses ($(jq -r .verdict <<<"$baton_out")), openssl too"
  else
    not_ok "byte $offset changed: baton exit $baton_status, openssl exit $openssl_status"
  fi
done
# In the trailer and the marker the file no longer has a signature the kernel would read.
for back in 1 20 33 38; do
  cp signed.signed trailer-$back
  offset=$((size - back))
  printf 'X' | dd of=trailer-$back bs=1 seek="$offset" conv=notrunc status=none
  expect trailer-byte-$back-refused 1 "$baton" verify trailer-$back --keys keys
done

expect unsigned-refused 1 "$baton" verify vmlinux --keys keys
grep -q "no signature" unsigned-refused.out && ok "an unsigned image: no signature" ||
  not_ok "an unsigned image: no signature"

sign unknown other.key other.pem
agree unknown-signer "unknown signer" unknown.signed --keys keys -- \
  unknown.signed.content unknown.signed.p7 other.pem anchors.pem
sign expired expired.key expired.pem
agree expired-certificate expired expired.signed --keys keys -- \
  expired.signed.content expired.signed.p7 expired.pem anchors.pem
sign wrongku wrongku.key wrongku.pem
agree wrong-key-usage "wrong key usage" wrongku.signed --keys keys -- \
  wrongku.signed.content wrongku.signed.p7 wrongku.pem anchors.pem

# The signature cut short, with a trailer that says so (and one that does not).
cut=$((p7_size - 24))
{ cat signed.signed.content; head -c "$cut" signed.signed.p7
  printf '\0\0\2\0\0\0\0\0'; printf "$(printf '\\%03o' $((cut >> 24 & 255)) $((cut >> 16 & 255)) $((cut >> 8 & 255)) $((cut & 255)))"
  printf '~Module signature appended~\n'; } >truncated.signed
split_appended truncated.signed
agree truncated-signature "malformed signature" truncated.signed --keys keys -- \
  truncated.signed.content truncated.signed.p7 signer.pem anchors.pem
head -c $((size - 100)) signed.signed >short.signed
expect truncated-file-refused 1 "$baton" verify short.signed --keys keys

# The digest algorithm changed from SHA-256 to SHA-384 in the SignerInfo (the last sha256 OID).
hex=$(xxd -p signed.signed.p7 | tr -d '\n')
oid=0609608648016503040201
head_part=${hex%"$oid"*}
tail_part=${hex#"$head_part$oid"}
{ cat signed.signed.content; echo "${head_part}0609608648016503040202${tail_part}" | xxd -r -p
  tail -c 40 signed.signed; } >wrongdigest.signed
split_appended wrongdigest.signed
check "the digest algorithm was changed" bash -c '! cmp -s wrongdigest.signed.p7 signed.signed.p7'
agree wrong-digest-algorithm "bad signature" wrongdigest.signed --keys keys -- \
  wrongdigest.signed.content wrongdigest.signed.p7 signer.pem anchors.pem

# ---- detached CMS signatures (openssl cms), a carried leaf issued by a trusted CA --------------
openssl cms -sign -binary -outform DER -in initrd -signer leaf.pem -inkey leaf.key -out initrd.p7s
openssl cms -sign -binary -noattr -outform DER -in initrd -signer leaf.pem -inkey leaf.key \
  -out initrd-noattr.p7s
agree detached-signed verified initrd --signature initrd.p7s --keys ca-keys -- \
  initrd initrd.p7s leaf.pem ca.pem
agree detached-no-attributes verified initrd --signature initrd-noattr.p7s --keys ca-keys -- \
  initrd initrd-noattr.p7s leaf.pem ca.pem
cp initrd initrd.tampered
printf 'X' | dd of=initrd.tampered bs=1 seek=1000 conv=notrunc status=none
agree detached-tampered "digest mismatch" initrd.tampered --signature initrd.p7s --keys ca-keys -- \
  initrd.tampered initrd.p7s leaf.pem ca.pem
agree detached-untrusted-ca "unknown signer" initrd --signature initrd.p7s --keys keys -- \
  initrd initrd.p7s leaf.pem anchors.pem

# ---- the boot road: baton boot on a simulated machine under the firmware's setting --------------
# An ELF the planner accepts (tools/sim/kernel.S), signed by sign-file; an initrd signed by
# openssl cms (FILE.p7s beside it, the leaf carried, the CA an anchor); the setting in
# /etc/baton/signed-boot and the anchors in /etc/baton/keys of the machine.
sim=$work/sim
disk=$sim/disks/disk0
mkdir -p "$disk/boot/grub" "$sim/sys/firmware" "$sim/etc/baton/keys" "$sim/plan"
powerpc64le-linux-gnu-as -a64 -mlittle "$repo/tools/sim/kernel.S" -o kernel.o &&
  powerpc64le-linux-gnu-ld -static -nostdlib -e _start -Ttext=0 kernel.o -o "$disk/boot/vmlinux.unsigned"
cp "$disk/boot/vmlinux.unsigned" "$disk/boot/vmlinux"
"$sign_file" sha256 signer.key signer.pem "$disk/boot/vmlinux"
cp initrd "$disk/boot/initrd" && cp initrd.p7s "$disk/boot/initrd.p7s"
cp initrd.tampered "$disk/boot/initrd.tampered" && cp initrd.p7s "$disk/boot/initrd.tampered.p7s"
cp signer.pem ca.pem "$sim/etc/baton/keys/"
cp "$repo/build/host/dts/qemu-pseries.dtb" "$sim/sys/firmware/fdt"
printf '{"disk0": {"uuid": "0b0b0b0b-1111-2222-3333-444444444444", "fstype": "ext4"}}\n' \
  >"$sim/disks/devices.json"
cat >"$disk/boot/grub/grub.cfg" <<'CFG'
menuentry 'signed' {
  linux /boot/vmlinux ro
  initrd /boot/initrd
}
menuentry 'tampered-initrd' {
  linux /boot/vmlinux ro
  initrd /boot/initrd.tampered
}
menuentry 'unsigned' {
  linux /boot/vmlinux.unsigned ro
  initrd /boot/initrd
}
CFG
check "the simulated machine's kernel is signed by sign-file" grep -q "~Module signature appended~" "$disk/boot/vmlinux"
boot_as() {  # boot_as NAME POLICY OPTION WANT-EXIT: baton boot under the setting POLICY
  echo "$2" >"$sim/etc/baton/signed-boot"
  expect "$1" "$4" "$baton" boot --root "$sim" --option "$3" --yes --tcti device:/nonexistent
}
boot_as boot-enforce-signed enforce signed 0
grep -q "kernel: verified, signed by CN=baton signer" boot-enforce-signed.out &&
  grep -q "disk0:/boot/initrd: verified, signed by CN=baton leaf" boot-enforce-signed.out &&
  ok "enforce: the signed kernel and initrd are verified and booted (the summary names both signers)" ||
  not_ok "enforce: the signed kernel and initrd are verified and booted: $(head -c 400 boot-enforce-signed.out)"
boot_as boot-enforce-tampered-initrd enforce tampered-initrd 1
grep -q "verify.*disk0:/boot/initrd.tampered: digest mismatch" boot-enforce-tampered-initrd.out &&
  ok "enforce: an initrd whose .p7s does not match is refused at the verify step, naming it" ||
  not_ok "enforce: the tampered initrd is refused: $(head -c 400 boot-enforce-tampered-initrd.out)"
boot_as boot-enforce-unsigned enforce unsigned 1
grep -q "kernel: no signature.*refused (signed boot: enforce)" boot-enforce-unsigned.out &&
  ok "enforce: an unsigned kernel is refused, and the reason said" ||
  not_ok "enforce: an unsigned kernel is refused: $(head -c 400 boot-enforce-unsigned.out)"
boot_as boot-warn-unsigned warn unsigned 0
grep -q "warning: kernel: no signature (.*); booting anyway (signed boot: warn)" boot-warn-unsigned.out &&
  ok "warn: an unsigned kernel boots with the warning" ||
  not_ok "warn: an unsigned kernel boots with the warning: $(head -c 400 boot-warn-unsigned.out)"
printf 'strict\n' >"$sim/etc/baton/signed-boot"
expect boot-bad-setting-is-enforce 1 "$baton" boot --root "$sim" --option unsigned --yes --tcti device:/nonexistent
grep -q "refused (signed boot: enforce)" boot-bad-setting-is-enforce.out &&
  ok "a setting that holds no policy counts as enforce" ||
  not_ok "a setting that holds no policy counts as enforce: $(head -c 400 boot-bad-setting-is-enforce.out)"
rm -f "$sim/etc/baton/signed-boot"
# The stored setting (baton,signed-boot, in the machine's settings: here the settings file, as
# the simulated machine has no /dev/nvram) raises the firmware's policy and never lowers it.
expect config-signed-boot-enforce 0 "$baton" config set signed-boot enforce --root "$sim"
expect boot-nvram-raises-off 1 "$baton" boot --root "$sim" --option unsigned --yes --tcti device:/nonexistent
grep -q "refused (signed boot: enforce) \[baton,signed-boot in the settings file" boot-nvram-raises-off.out &&
  ok "the stored baton,signed-boot=enforce raises a machine without a firmware setting: the unsigned kernel is refused, and the setting named" ||
  not_ok "the stored baton,signed-boot=enforce raises the policy: $(head -c 400 boot-nvram-raises-off.out)"
boot_as boot-nvram-raises-warn warn unsigned 1
grep -q "refused (signed boot: enforce)" boot-nvram-raises-warn.out &&
  ok "the stored enforce raises the firmware's warn" ||
  not_ok "the stored enforce raises the firmware's warn: $(head -c 400 boot-nvram-raises-warn.out)"
expect config-signed-boot-warn 0 "$baton" config set signed-boot warn --root "$sim"
boot_as boot-nvram-cannot-lower enforce unsigned 1
grep -q "refused (signed boot: enforce) \[the firmware's setting\]" boot-nvram-cannot-lower.out &&
  ok "the stored warn does not lower the firmware's enforce" ||
  not_ok "the stored warn does not lower the firmware's enforce: $(head -c 400 boot-nvram-cannot-lower.out)"
rm -f "$sim/etc/baton/signed-boot"
boot_as boot-nvram-warn warn unsigned 0
expect config-signed-boot-off 0 "$baton" config set signed-boot off --root "$sim"
expect boot-nvram-off 0 "$baton" boot --root "$sim" --option unsigned --yes --tcti device:/nonexistent
! grep -q "signed boot: enforce" boot-nvram-off.out &&
  ok "signed-boot set back to off: the unsigned kernel boots again" ||
  not_ok "signed-boot set back to off: $(head -c 400 boot-nvram-off.out)"
rm -f "$sim/etc/baton/signed-boot"

# ---- unreadable input --------------------------------------------------------------------------
expect missing-file-exit-2 2 "$baton" verify no-such-file --keys keys
printf 'not a certificate' >ca-keys/bad.pem
expect bad-anchor-exit-2 2 "$baton" verify initrd --signature initrd.p7s --keys ca-keys
grep -q "bad.pem" bad-anchor-exit-2.out && ok "a bad trust anchor is named" ||
  not_ok "a bad trust anchor is named"
