// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: signatures from a disk (bootloader/verify, bootloader/crypto): the input as an
// image with a module-style appended signature, and as a detached PKCS#7/CMS SignedData over a
// fixed content, each verified against no trust anchors. Nothing may crash, and nothing may
// verify.
#include <cstddef>
#include <cstdint>

#include "bootloader/crypto/signed_data.h"
#include "bootloader/verify/verified_boot.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace baton;
  static const crypto::TrustAnchors anchors;
  const Bytes input(reinterpret_cast<const std::byte*>(data), size);
  if (verify::VerifyImage(input, std::nullopt, anchors).verdict.verified()) __builtin_trap();
  static constexpr std::byte kContent[] = {std::byte{'b'}, std::byte{'a'}};
  if (verify::VerifyImage(kContent, input, anchors).verdict.verified()) __builtin_trap();
  (void)verify::ClaimedSigner(input, anchors);
  if (auto parsed = crypto::ParseSignedData(input); parsed) {
    if (parsed->signers.empty() || parsed->signers.size() > crypto::kMaxSigners) __builtin_trap();
  }
  return 0;
}
