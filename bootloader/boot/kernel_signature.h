// SPDX-License-Identifier: GPL-2.0-or-later
// The next kernel's appended signature on the boot road (the menu, `baton boot`, `baton kexec
// load`): checked under the signed-boot policy before anything is measured or loaded, and, when
// checked, recorded as the kernel's own IMA records a kexec kernel it appraised by modsig: an
// `ima-modsig` entry instead of `ima-ng`, so that a verifier sees who signed what booted.
//
// With the policy off no signature is looked at and the kernel is measured as ima-ng.
#pragma once

#include <optional>
#include <string>

#include "bootloader/core/bytes.h"
#include "bootloader/crypto/hash.h"
#include "bootloader/crypto/signature.h"
#include "bootloader/verify/verified_boot.h"

namespace baton::boot {

// What the ima-modsig entry needs beyond the file's digest.
struct KernelSignature {
  crypto::HashAlgorithm algorithm = crypto::HashAlgorithm::kSha256;  // the signer's digest
  crypto::Digest signed_digest;  // of the bytes before the signature, in `algorithm`
  Bytes pkcs7;                   // inside the kernel image
};

struct KernelCheck {
  bool allowed = true;
  std::string line;  // for the progress screen and the summary; empty with the policy off
  crypto::SignatureVerdict verdict;
  std::optional<KernelSignature> signature;  // a signature was found and parsed
};

// Checks `kernel` under `policy`. `hashed`, when the kernel was hashed while read, gives the
// digest of the signed bytes without a second pass when the signer used its algorithm.
KernelCheck CheckKernel(verify::SignedBootPolicy policy, const crypto::TrustAnchors& anchors,
                        Bytes kernel, const crypto::PrefixHasher* hashed);

}  // namespace baton::boot
