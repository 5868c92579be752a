// SPDX-License-Identifier: GPL-2.0-or-later
// A TPM in memory that really extends (new = H(old ‖ digest)), for unit tests and the simulated
// machine's fallback. Failures can be injected: the next N commands fail with a given error.
#pragma once

#include <optional>

#include "platform/include/tpm.h"

namespace baton::platform {

class FakeTpm final : public Tpm {
 public:
  explicit FakeTpm(std::vector<crypto::HashAlgorithm> banks = {crypto::HashAlgorithm::kSha1,
                                                               crypto::HashAlgorithm::kSha256});

  Result<std::vector<crypto::HashAlgorithm>> Banks() override;
  Result<std::vector<crypto::PcrBank>> ReadPcrs(
      const std::vector<crypto::HashAlgorithm>& banks) override;
  Result<void> Extend(std::uint32_t pcr, const std::vector<PcrDigest>& digests) override;
  Result<TpmInfo> Info() override;
  // The fake has no keys to sign with: a quote is refused (kUnsupported), as by a TPM without
  // an endorsement hierarchy. Quotes are proven against swtpm and tpm2_checkquote.
  Result<TpmQuote> Quote(const std::vector<crypto::HashAlgorithm>& banks, std::uint32_t pcrs,
                         Bytes nonce) override;
  std::uint64_t commands_sent() const override { return commands_; }

  // The next `count` commands fail with `message` (as a TPM that stopped answering would).
  void FailNext(int count, const char* message) {
    failures_left_ = count;
    failure_message_ = message;
  }

 private:
  Result<void> Command();
  std::vector<crypto::PcrBank> banks_;
  std::uint64_t commands_ = 0;
  int failures_left_ = 0;
  const char* failure_message_ = "";
};

}  // namespace baton::platform
