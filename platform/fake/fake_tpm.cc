// SPDX-License-Identifier: GPL-2.0-or-later
// FakeTpm: real extends in memory.
#include "platform/fake/fake_tpm.h"

namespace baton::platform {

FakeTpm::FakeTpm(std::vector<crypto::HashAlgorithm> banks) {
  for (crypto::HashAlgorithm bank : banks) banks_.push_back(crypto::PcrBank::PowerOn(bank));
}

Result<void> FakeTpm::Command() {
  ++commands_;
  if (failures_left_ > 0) {
    --failures_left_;
    return Error(ErrorCode::kIo, "the TPM does not answer", failure_message_);
  }
  return Ok();
}

Result<std::vector<crypto::HashAlgorithm>> FakeTpm::Banks() {
  BATON_TRY(Command());
  std::vector<crypto::HashAlgorithm> algorithms;
  for (const crypto::PcrBank& bank : banks_) algorithms.push_back(bank.algorithm);
  return algorithms;
}

Result<std::vector<crypto::PcrBank>> FakeTpm::ReadPcrs(
    const std::vector<crypto::HashAlgorithm>& wanted) {
  // Eight digests per command, as a real TPM answers.
  std::size_t digests = 0;
  std::vector<crypto::PcrBank> result;
  for (crypto::HashAlgorithm algorithm : wanted) {
    for (const crypto::PcrBank& bank : banks_) {
      if (bank.algorithm == algorithm) {
        result.push_back(bank);
        digests += crypto::kPcrCount;
      }
    }
  }
  for (std::size_t sent = 0; sent < (digests + 7) / 8; ++sent) BATON_TRY(Command());
  return result;
}

Result<void> FakeTpm::Extend(std::uint32_t pcr, const std::vector<PcrDigest>& digests) {
  BATON_TRY(Command());
  if (pcr >= crypto::kPcrCount) return Error(ErrorCode::kInvalidArgument, "PCR index out of range");
  for (const PcrDigest& digest : digests) {
    for (crypto::PcrBank& bank : banks_) {
      if (bank.algorithm == digest.bank)
        crypto::Extend(bank.algorithm, bank.values[pcr], digest.value.bytes());
    }
  }
  return Ok();
}

Result<TpmInfo> FakeTpm::Info() {
  BATON_TRY(Command());
  return TpmInfo{"FAKE", "0.0.0.1"};
}

Result<TpmQuote> FakeTpm::Quote(const std::vector<crypto::HashAlgorithm>&, std::uint32_t, Bytes) {
  BATON_TRY(Command());
  return Error(ErrorCode::kUnsupported, "the TPM cannot quote", "the fake TPM has no keys");
}

}  // namespace baton::platform
