// SPDX-License-Identifier: GPL-2.0-or-later
// The TPM, as baton needs it: which PCR banks are allocated, their values, extends, and who
// made it. Implementations: TssTpm (tpm2-tss ESAPI, platform/linux) and FakeTpm (platform/fake).
//
// Every call is bounded in time; a TPM that is absent, silent or failing gives an Error whose
// message says so in words (never a hang, never a crash).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "bootloader/core/result.h"
#include "bootloader/crypto/hash.h"
#include "bootloader/crypto/pcr_bank.h"

namespace baton::platform {

struct TpmInfo {
  std::string manufacturer;      // TPM_PT_MANUFACTURER as text ("IBM ", "MSFT", …)
  std::string firmware_version;  // TPM_PT_FIRMWARE_VERSION_1/2 as "a.b.c.d"
};

struct PcrDigest {
  crypto::HashAlgorithm bank;
  crypto::Digest value;
};

// A TPM2_Quote by the attestation key (AK) that the TPM derives from its endorsement primary
// seed with one fixed template: ECC NIST P-256, ECDSA with SHA-256, restricted signing key. The
// same TPM gives the same key every time, so a verifier can enrol it once.
struct TpmQuote {
  ByteBuffer attest;     // TPMS_ATTEST as the TPM signed it (TPM2B_ATTEST's bytes)
  ByteBuffer signature;  // TPMT_SIGNATURE, marshalled as the TPM sends it
  ByteBuffer ak_x;       // the AK's public point: big-endian coordinates, 32 bytes each
  ByteBuffer ak_y;
  crypto::Digest pcr_digest;  // TPMS_QUOTE_INFO.pcrDigest, read back from `attest`
  ByteBuffer extra_data;      // TPMS_ATTEST.extraData, read back (must be the nonce)
};

class Tpm {
 public:
  virtual ~Tpm() = default;
  // The allocated banks that baton can hash (sha1, sha256, sha384, sha512), in TPM order.
  virtual Result<std::vector<crypto::HashAlgorithm>> Banks() = 0;
  // All 24 PCRs of each requested bank, in as few commands as the TPM allows.
  virtual Result<std::vector<crypto::PcrBank>> ReadPcrs(
      const std::vector<crypto::HashAlgorithm>& banks) = 0;
  // One TPM2_PCR_Extend with a digest per bank.
  virtual Result<void> Extend(std::uint32_t pcr, const std::vector<PcrDigest>& digests) = 0;
  virtual Result<TpmInfo> Info() = 0;
  // Quotes the PCRs of `pcrs` (bit i = PCR i) in each bank of `banks` (in that order), with
  // `nonce` (1 to 64 bytes) as the qualifying data. The AK is made for the quote and flushed.
  virtual Result<TpmQuote> Quote(const std::vector<crypto::HashAlgorithm>& banks,
                                 std::uint32_t pcrs, Bytes nonce) = 0;
  // How many commands were sent since creation (for the benchmark and tests).
  virtual std::uint64_t commands_sent() const = 0;
};

}  // namespace baton::platform
