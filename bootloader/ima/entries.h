// SPDX-License-Identifier: GPL-2.0-or-later
// New measurement entries in the kernel's own format: `ima-ng` for a file, `ima-buf` for a
// buffer (the kernel's `kexec-cmdline` shape), `boot_aggregate` from PCR 0–9, and the per-bank
// digests to extend so that a list with these entries still replays.
//
// Source: ima_template_lib.c ima_eventdigest_ng_init / ima_eventname_ng_init /
// ima_eventbuf_init (field bytes), ima_write_template_field_data (spaces become '_', strings
// keep their NUL), ima_crypto.c ima_calc_boot_aggregate (bank choice; PCR 8–9 for non-SHA-1),
// ima_main.c process_buffer_measurement (kexec-cmdline).
#pragma once

#include <string_view>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/crypto/hash.h"
#include "bootloader/ima/pcr_table.h"
#include "bootloader/ima/replay.h"

namespace baton::ima {

inline constexpr std::uint32_t kImaPcr = 10;  // CONFIG_IMA_MEASURE_PCR_IDX default

struct NewEntry {
  ByteBuffer bytes;                    // the entry in stream format
  std::vector<crypto::Digest> extend;  // per requested bank, in request order
};

// d-ng field data: "<algo>:\0" followed by the digest.
ByteBuffer DigestNgField(crypto::HashAlgorithm algorithm, Bytes digest);
// n-ng field data: the name with spaces replaced by '_' and a terminating NUL.
ByteBuffer NameNgField(std::string_view name);

// An `ima-ng` entry for a file whose content hashes to `digest` under `algorithm`.
NewEntry MakeFileEntry(std::uint32_t pcr, crypto::HashAlgorithm algorithm, Bytes digest,
                       std::string_view name, ByteOrder order,
                       const std::vector<crypto::HashAlgorithm>& banks,
                       ReplayRule rule = ReplayRule::kPerBankDigest);
// An `ima-modsig` entry (d-ng|n-ng|sig|d-modsig|modsig) for a file with an appended signature,
// as the kernel's IMA writes one for a kexec kernel under `template=ima-modsig`: d-ng is the
// whole file's digest in `algorithm`; sig is empty (no security.ima); d-modsig the digest of the
// bytes before the signature, in the signer's digest algorithm (pkcs7_get_digest); modsig the
// raw PKCS#7 (without the trailer and the marker). Source: ima_template_lib.c
// ima_eventdigest_modsig_init, ima_eventmodsig_init; ima_modsig.c ima_collect_modsig.
NewEntry MakeModsigEntry(std::uint32_t pcr, crypto::HashAlgorithm algorithm, Bytes digest,
                         std::string_view name, crypto::HashAlgorithm signed_algorithm,
                         Bytes signed_digest, Bytes pkcs7, ByteOrder order,
                         const std::vector<crypto::HashAlgorithm>& banks,
                         ReplayRule rule = ReplayRule::kPerBankDigest);
// An `ima-buf` entry for a buffer, hashed with `algorithm` (the kernel's ima_hash).
NewEntry MakeBufferEntry(std::uint32_t pcr, crypto::HashAlgorithm algorithm, std::string_view name,
                         Bytes buffer, ByteOrder order,
                         const std::vector<crypto::HashAlgorithm>& banks,
                         ReplayRule rule = ReplayRule::kPerBankDigest);

// The bank the kernel computes boot_aggregate from: the `ima_hash` bank if allocated, else
// sha256, else sha1; nullopt if none of them is allocated.
std::optional<crypto::HashAlgorithm> BootAggregateBank(
    crypto::HashAlgorithm ima_hash, const std::vector<crypto::HashAlgorithm>& allocated);
// H_bank(PCR0 ‖ … ‖ PCR7 [‖ PCR8 ‖ PCR9 unless the bank is SHA-1]).
crypto::Digest BootAggregate(const PcrBank& pcrs);
// The `boot_aggregate` ima-ng entry for those PCRs.
NewEntry MakeBootAggregateEntry(const PcrBank& pcrs, ByteOrder order,
                                const std::vector<crypto::HashAlgorithm>& banks,
                                ReplayRule rule = ReplayRule::kPerBankDigest);

}  // namespace baton::ima
