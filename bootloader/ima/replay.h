// SPDX-License-Identifier: GPL-2.0-or-later
// Replay: the PCR values a measurement list implies, per PCR and per bank, by the kernel's rules.
//
// Source: ima_crypto.c ima_calc_field_array_hash (template hash), ima_queue.c
// ima_add_template_entry / ima_pcr_extend and ima_init_digests (extend values).
//   5.8+ (kPerBankDigest): each bank is extended with H_bank(template hash input); a violation
//        (all-zero template digest) with 0xFF… of the bank's size.
//   5.1–5.7 (kSha1Padded): every bank is extended with the SHA-1 template digest zero-padded to
//        the bank's size; a violation with 0xFF×20 zero-padded.
// The template hash input is the template data as written (field lengths included), except for
// the `ima` template: its 20-byte digest and its name zero-padded to 256 bytes, no lengths.
#pragma once

#include <optional>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"
#include "bootloader/crypto/hash.h"
#include "bootloader/ima/measurement_list.h"
#include "bootloader/ima/pcr_table.h"

namespace baton::ima {

enum class ReplayRule : std::uint8_t { kPerBankDigest, kSha1Padded };

struct BankReplay {
  PcrBank values;                // replayed, starting from a powered-on TPM
  std::bitset<kPcrCount> named;  // PCRs the list extends
  std::uint64_t entries = 0;
  std::uint64_t violations = 0;
  // Set when a non-zero template digest differs from SHA-1 of its data (the kernel recomputes
  // it on restore, so the carried list would no longer replay); the offset of that entry.
  std::optional<std::uint64_t> digest_mismatch_offset;

  // Filled when expected values were given.
  bool compared = false;
  bool matches = false;                         // every named PCR with an expected value matches
  std::bitset<kPcrCount> mismatched;            // named PCRs whose value differs
  std::bitset<kPcrCount> compared_pcrs;         // named PCRs that had an expected value
  std::optional<std::uint64_t> longest_prefix;  // entries of the longest replaying prefix (≥ 1)
};

struct BankRequest {
  crypto::HashAlgorithm algorithm;
  const PcrBank* expected = nullptr;  // optional; must outlive the call
};

// Replays `stream` for one bank. Errors (malformed entry, PCR index ≥ 24) name the offset.
Result<BankReplay> ReplayBank(Bytes stream, ByteOrder order, const BankRequest& request,
                              ReplayRule rule);

// Replays several banks, each on its own thread (the banks are independent).
Result<std::vector<BankReplay>> ReplayBanks(Bytes stream, ByteOrder order,
                                            const std::vector<BankRequest>& requests,
                                            ReplayRule rule);

// The value one entry extends into `bank` under `rule`.
crypto::Digest ExtendValue(const ListEntry& entry, crypto::HashAlgorithm bank, ReplayRule rule);
// The template hash of one entry in `algorithm` (the kernel's per-bank template digest).
crypto::Digest TemplateHash(const ListEntry& entry, crypto::HashAlgorithm algorithm);

// The first entry whose non-zero template digest is not SHA-1 of its data, if any.
Result<std::optional<std::uint64_t>> FindDigestMismatch(Bytes stream, ByteOrder order);

}  // namespace baton::ima
