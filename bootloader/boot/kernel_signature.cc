// SPDX-License-Identifier: GPL-2.0-or-later
// Checking the next kernel's appended signature.
#include "bootloader/boot/kernel_signature.h"

#include "bootloader/crypto/signed_data.h"

namespace baton::boot {

KernelCheck CheckKernel(verify::SignedBootPolicy policy, const crypto::TrustAnchors& anchors,
                        Bytes kernel, const crypto::PrefixHasher* hashed) {
  KernelCheck check;
  if (policy == verify::SignedBootPolicy::kOff) return check;
  std::optional<std::uint64_t> content_size;
  const crypto::ContentDigest digest = [&](crypto::HashAlgorithm algorithm) {
    const Bytes content = kernel.first(*content_size);
    if (hashed != nullptr && hashed->algorithm() == algorithm) {
      if (auto prefix = hashed->PrefixDigest(kernel, *content_size)) return *prefix;
    }
    return crypto::Hash(algorithm, content);
  };
  // The content size is known once the trailer is read; VerifyImage reads it first.
  if (auto appended = verify::FindAppendedSignature(kernel); appended && *appended) {
    content_size = (*appended)->content_size;
  }
  verify::ImageVerdict verdict =
      verify::VerifyImage(kernel, std::nullopt, anchors, content_size ? &digest : nullptr);
  check.verdict = verdict.verdict;
  const verify::Decision decision = verify::Decide(policy, "kernel", verdict.verdict);
  check.allowed = decision.allowed;
  check.line = decision.line;
  if (verdict.appended) {
    // As the kernel: the modsig fields are recorded whether or not the signature verifies,
    // once it parses (ima_read_modsig), in the signer's digest algorithm (pkcs7_get_digest).
    Result<crypto::SignedData> parsed = crypto::ParseSignedData(verdict.appended->pkcs7);
    if (parsed && parsed->signers.size() == 1 && parsed->signers.front().digest) {
      KernelSignature signature;
      signature.algorithm = *parsed->signers.front().digest;
      signature.signed_digest =
          verdict.content_digest && verdict.verdict.digest == signature.algorithm
              ? *verdict.content_digest
              : digest(signature.algorithm);
      signature.pkcs7 = verdict.appended->pkcs7;
      check.signature = signature;
    }
  }
  return check;
}

}  // namespace baton::boot
