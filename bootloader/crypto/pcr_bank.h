// SPDX-License-Identifier: GPL-2.0-or-later
// The 24 PCR values of one hash bank: what a TPM holds, what a list or an event log replays to.
// A value type of the hashing module, so that the TPM's interface (platform/include/tpm.h) and
// the IMA engine (bootloader/ima) share it without depending on each other.
#pragma once

#include <array>
#include <bitset>
#include <cstddef>

#include "bootloader/crypto/hash.h"

namespace baton::crypto {

inline constexpr std::size_t kPcrCount = 24;

struct PcrBank {
  HashAlgorithm algorithm = HashAlgorithm::kSha1;
  std::array<Digest, kPcrCount> values{};
  std::bitset<kPcrCount> present;  // which PCRs have a known value

  // A bank as a TPM has it after TPM2_Startup(CLEAR): PCR 17–22 all ones (PC Client locality
  // PCRs), the others zero.
  static PcrBank PowerOn(HashAlgorithm algorithm) {
    PcrBank bank;
    bank.algorithm = algorithm;
    for (std::size_t i = 0; i < kPcrCount; ++i) {
      bank.values[i] = (i >= 17 && i <= 22) ? Digest::Filled(algorithm, std::byte{0xff})
                                            : Digest::Zero(algorithm);
    }
    bank.present.set();
    return bank;
  }
};

}  // namespace baton::crypto
