// SPDX-License-Identifier: GPL-2.0-or-later
// Tpm on tpm2-tss ESAPI through the TCTI loader. The only code that includes tss2.
#pragma once

#include <memory>
#include <string>

#include "platform/include/tpm.h"

namespace baton::platform {

class TssTpm final : public Tpm {
 public:
  // `tcti` is a TCTI configuration ("device:/dev/tpmrm0", "swtpm:host=127.0.0.1,port=2321");
  // empty means /dev/tpmrm0, then /dev/tpm0. `timeout_ms` bounds every response.
  static Result<std::unique_ptr<TssTpm>> Open(const std::string& tcti,
                                              std::int32_t timeout_ms = 5000);
  ~TssTpm() override;

  Result<std::vector<crypto::HashAlgorithm>> Banks() override;
  Result<std::vector<crypto::PcrBank>> ReadPcrs(
      const std::vector<crypto::HashAlgorithm>& banks) override;
  Result<void> Extend(std::uint32_t pcr, const std::vector<PcrDigest>& digests) override;
  Result<TpmInfo> Info() override;
  Result<TpmQuote> Quote(const std::vector<crypto::HashAlgorithm>& banks, std::uint32_t pcrs,
                         Bytes nonce) override;
  std::uint64_t commands_sent() const override { return commands_; }
  const std::string& tcti() const { return tcti_; }

 private:
  struct Context;
  TssTpm() = default;
  std::unique_ptr<Context> context_;
  std::string tcti_;
  std::uint64_t commands_ = 0;
};

// The TCTI baton uses: --tcti, else $BATON_TCTI, else "" (the device).
std::string ChooseTcti(const std::string& option);

}  // namespace baton::platform
