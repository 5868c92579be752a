// SPDX-License-Identifier: GPL-2.0-or-later
// Checking a SignedData (signed_data.h) against trust anchors, with mbedTLS's X.509 and
// public-key code: the signer's certificate found by issuer and serial (or subject key
// identifier) among the anchors or the certificates the signature carries (then chained to an
// anchor), its validity period and key usage, the messageDigest attribute, and the RSA PKCS#1
// v1.5 or ECDSA signature.
//
// Decisions (docs/verified-boot.md says why): SHA-1 and MD5 are refused as digest algorithms;
// validity periods are read against the system clock; a keyUsage extension must allow
// digitalSignature or nonRepudiation; an extendedKeyUsage extension must allow codeSigning,
// emailProtection or any; every signer must verify; revocation lists are not read.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"
#include "bootloader/crypto/hash.h"
#include "bootloader/crypto/signed_data.h"

namespace baton::crypto {

enum class SignatureOutcome : std::uint8_t {
  kVerified,
  kNoSignature,     // the image carries none (decided by the caller)
  kMalformed,       // the signature does not parse
  kUnknownSigner,   // no trust anchor is, or issued, the signer's certificate
  kBadSignature,    // the signature does not match (the image or the signed attributes)
  kDigestMismatch,  // the messageDigest attribute is not the content's digest
  kExpired,         // a certificate is outside its validity period
  kWrongKeyUsage,   // the certificate may not sign code
  kUnsupportedAlgorithm,
};
// "verified", "no signature", "unknown signer", "bad signature", "digest mismatch", …
std::string_view OutcomeName(SignatureOutcome outcome);

struct SignatureVerdict {
  SignatureOutcome outcome = SignatureOutcome::kNoSignature;
  std::string signer;  // the signer's certificate subject ("CN=…, O=…"), or who it claims to be
  std::string reason;  // a sentence for the operator
  std::optional<HashAlgorithm> digest;  // the signer's digest algorithm
  bool verified() const { return outcome == SignatureOutcome::kVerified; }
};

// X.509 certificates that may sign what baton boots. Not copyable; holds mbedTLS state.
class TrustAnchors {
 public:
  TrustAnchors();
  ~TrustAnchors();
  TrustAnchors(const TrustAnchors&) = delete;
  TrustAnchors& operator=(const TrustAnchors&) = delete;
  TrustAnchors(TrustAnchors&&) noexcept;
  TrustAnchors& operator=(TrustAnchors&&) noexcept;

  // Adds the certificates of one file: DER, or PEM with one or more certificates.
  Result<void> Add(Bytes certificates);
  std::size_t size() const;
  std::vector<std::string> Subjects() const;

 private:
  friend struct AnchorAccess;
  struct State;
  std::unique_ptr<State> state_;
};

// The content's digest in a given algorithm, computed by the caller (once, while it reads the
// image: the kernel is not hashed a second time for its signature).
using ContentDigest = std::function<Digest(HashAlgorithm)>;

// Verifies every signer of `signed_data` over the content (its own, when it has one).
SignatureVerdict VerifySignedData(const SignedData& signed_data, const ContentDigest& digest,
                                  const TrustAnchors& anchors);

// Who the first signer says it is, without hashing the content: the subject of the anchor or
// carried certificate it names (`known` when that certificate is an anchor or chains to one),
// or "issuer …, serial …" when none matches. For the menu's line before a boot.
struct SignerClaim {
  std::string signer;
  bool known = false;
};
SignerClaim ClaimedSigner(const SignedData& signed_data, const TrustAnchors& anchors);

}  // namespace baton::crypto
