// SPDX-License-Identifier: GPL-2.0-or-later
// Signature checks with mbedTLS (X.509 and PK); the only file that includes mbedTLS's X.509.
#include "bootloader/crypto/signature.h"

#include <mbedtls/asn1.h>
#include <mbedtls/error.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform.h>
#include <mbedtls/x509.h>
#include <mbedtls/x509_crt.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace baton::crypto {

struct TrustAnchors::State {
  mbedtls_x509_crt chain;
  std::size_t count = 0;
  State() { mbedtls_x509_crt_init(&chain); }
  ~State() { mbedtls_x509_crt_free(&chain); }
};

struct AnchorAccess {
  static mbedtls_x509_crt* Chain(const TrustAnchors& anchors) {
    return anchors.state_->count == 0 ? nullptr : &anchors.state_->chain;
  }
};

namespace {

// A chain of certificates owned here (mbedTLS links them through `next`).
class Certificates {
 public:
  Certificates() { mbedtls_x509_crt_init(&chain_); }
  ~Certificates() { mbedtls_x509_crt_free(&chain_); }
  Certificates(const Certificates&) = delete;
  Certificates& operator=(const Certificates&) = delete;

  bool Add(Bytes der) {
    if (mbedtls_x509_crt_parse_der(&chain_, reinterpret_cast<const unsigned char*>(der.data()),
                                   der.size()) != 0) {
      return false;
    }
    ++count_;
    return true;
  }
  mbedtls_x509_crt* first() { return count_ == 0 ? nullptr : &chain_; }

 private:
  mbedtls_x509_crt chain_;
  std::size_t count_ = 0;
};

Bytes View(const mbedtls_x509_buf& buffer) {
  return {reinterpret_cast<const std::byte*>(buffer.p), buffer.len};
}
bool Same(Bytes a, Bytes b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

std::string Subject(const mbedtls_x509_crt& certificate) {
  char text[512];
  const int written = mbedtls_x509_dn_gets(text, sizeof text, &certificate.subject);
  return written < 0 ? std::string("(a subject too long to show)") : std::string(text);
}

// The subjectKeyIdentifier extension's key identifier (RFC 5280 §4.2.1.2), if the certificate
// has one. `v3_ext` is the extensions' SEQUENCE, as mbedTLS keeps it.
std::optional<Bytes> SubjectKeyId(const mbedtls_x509_crt& certificate) {
  static constexpr unsigned char kOidSkid[] = {0x55, 0x1d, 0x0e};
  if (certificate.v3_ext.p == nullptr || certificate.v3_ext.len == 0) return std::nullopt;
  unsigned char* p = certificate.v3_ext.p;
  const unsigned char* end = p + certificate.v3_ext.len;
  std::size_t length = 0;
  if (mbedtls_asn1_get_tag(&p, end, &length, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) != 0)
    return std::nullopt;
  end = p + length;
  while (p < end) {
    if (mbedtls_asn1_get_tag(&p, end, &length, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) !=
        0)
      return std::nullopt;
    const unsigned char* extension_end = p + length;
    std::size_t oid_length = 0;
    if (mbedtls_asn1_get_tag(&p, extension_end, &oid_length, MBEDTLS_ASN1_OID) != 0)
      return std::nullopt;
    const bool is_skid =
        oid_length == sizeof kOidSkid && std::memcmp(p, kOidSkid, sizeof kOidSkid) == 0;
    p += oid_length;
    if (!is_skid) {
      p = const_cast<unsigned char*>(extension_end);
      continue;
    }
    int critical = 0;
    (void)mbedtls_asn1_get_bool(&p, extension_end, &critical);  // optional
    std::size_t value_length = 0;
    if (mbedtls_asn1_get_tag(&p, extension_end, &value_length, MBEDTLS_ASN1_OCTET_STRING) != 0)
      return std::nullopt;
    std::size_t id_length = 0;
    if (mbedtls_asn1_get_tag(&p, p + value_length, &id_length, MBEDTLS_ASN1_OCTET_STRING) != 0)
      return std::nullopt;
    return Bytes(reinterpret_cast<const std::byte*>(p), id_length);
  }
  return std::nullopt;
}

bool Names(const SignerInfo& signer, const mbedtls_x509_crt& certificate) {
  if (signer.id_kind == SignerIdKind::kIssuerAndSerial) {
    return Same(signer.issuer, View(certificate.issuer_raw)) &&
           Same(signer.serial, View(certificate.serial));
  }
  std::optional<Bytes> key_id = SubjectKeyId(certificate);
  return key_id && Same(*key_id, signer.subject_key_id);
}

const mbedtls_x509_crt* FindIn(const mbedtls_x509_crt* chain, const SignerInfo& signer) {
  for (const mbedtls_x509_crt* at = chain; at != nullptr && at->raw.p != nullptr; at = at->next) {
    if (Names(signer, *at)) return at;
  }
  return nullptr;
}

std::string Hex(Bytes bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  for (std::byte b : bytes) {
    text.push_back(kDigits[std::to_integer<unsigned>(b) >> 4]);
    text.push_back(kDigits[std::to_integer<unsigned>(b) & 15]);
  }
  return text;
}

// How a signer names itself when no certificate matches.
std::string SignerName(const SignerInfo& signer) {
  if (signer.id_kind == SignerIdKind::kSubjectKeyId) {
    return "key id " + Hex(signer.subject_key_id);
  }
  std::string issuer = "?";
  mbedtls_x509_name name;
  std::memset(&name, 0, sizeof name);
  unsigned char* p =
      const_cast<unsigned char*>(reinterpret_cast<const unsigned char*>(signer.issuer.data()));
  const unsigned char* end = p + signer.issuer.size();
  std::size_t length = 0;
  if (mbedtls_asn1_get_tag(&p, end, &length, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) ==
          0 &&
      mbedtls_x509_get_name(&p, p + length, &name) == 0) {
    char text[512];
    if (mbedtls_x509_dn_gets(text, sizeof text, &name) >= 0) issuer = text;
  }
  // mbedtls_x509_get_name allocates every name after the first.
  for (mbedtls_x509_name* next = name.next; next != nullptr;) {
    mbedtls_x509_name* after = next->next;
    mbedtls_free(next);
    next = after;
  }
  return "issuer " + issuer + ", serial " + Hex(signer.serial);
}

std::optional<mbedtls_md_type_t> MdType(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::kSha256:
      return MBEDTLS_MD_SHA256;
    case HashAlgorithm::kSha384:
      return MBEDTLS_MD_SHA384;
    case HashAlgorithm::kSha512:
      return MBEDTLS_MD_SHA512;
    case HashAlgorithm::kSha1:
      return std::nullopt;  // refused: SHA-1 collisions are practical
  }
  return std::nullopt;
}

SignatureVerdict Refuse(SignatureOutcome outcome, std::string signer, std::string reason) {
  SignatureVerdict verdict;
  verdict.outcome = outcome;
  verdict.signer = std::move(signer);
  verdict.reason = std::move(reason);
  return verdict;
}

// The checks on the signer's own certificate that the chain check does not make.
std::optional<SignatureVerdict> CheckSignerCertificate(const mbedtls_x509_crt& certificate,
                                                       const std::string& subject) {
  if (mbedtls_x509_time_is_past(&certificate.valid_to) != 0) {
    return Refuse(SignatureOutcome::kExpired, subject, "the signer's certificate has expired");
  }
  if (mbedtls_x509_time_is_future(&certificate.valid_from) != 0) {
    return Refuse(SignatureOutcome::kExpired, subject,
                  "the signer's certificate is not valid yet (check the clock)");
  }
  if ((certificate.ext_types & MBEDTLS_X509_EXT_KEY_USAGE) != 0 &&
      (certificate.key_usage &
       (MBEDTLS_X509_KU_DIGITAL_SIGNATURE | MBEDTLS_X509_KU_NON_REPUDIATION)) == 0) {
    return Refuse(SignatureOutcome::kWrongKeyUsage, subject,
                  "the signer's certificate may not sign (keyUsage has no digitalSignature)");
  }
  if ((certificate.ext_types & MBEDTLS_X509_EXT_EXTENDED_KEY_USAGE) != 0) {
    const bool allowed = mbedtls_x509_crt_check_extended_key_usage(
                             &certificate, MBEDTLS_OID_CODE_SIGNING,
                             MBEDTLS_OID_SIZE(MBEDTLS_OID_CODE_SIGNING)) == 0 ||
                         mbedtls_x509_crt_check_extended_key_usage(
                             &certificate, MBEDTLS_OID_EMAIL_PROTECTION,
                             MBEDTLS_OID_SIZE(MBEDTLS_OID_EMAIL_PROTECTION)) == 0;
    if (!allowed) {
      return Refuse(SignatureOutcome::kWrongKeyUsage, subject,
                    "the signer's certificate may not sign code (extendedKeyUsage)");
    }
  }
  return std::nullopt;
}

SignatureVerdict ChainFailure(std::uint32_t flags, const std::string& subject) {
  if ((flags & (MBEDTLS_X509_BADCERT_EXPIRED | MBEDTLS_X509_BADCERT_FUTURE)) != 0) {
    return Refuse(SignatureOutcome::kExpired, subject,
                  "a certificate of the signer's chain is outside its validity period");
  }
  if ((flags & (MBEDTLS_X509_BADCERT_KEY_USAGE | MBEDTLS_X509_BADCERT_EXT_KEY_USAGE)) != 0) {
    return Refuse(SignatureOutcome::kWrongKeyUsage, subject,
                  "a certificate of the signer's chain may not sign certificates");
  }
  if ((flags & (MBEDTLS_X509_BADCERT_BAD_MD | MBEDTLS_X509_BADCERT_BAD_PK |
                MBEDTLS_X509_BADCERT_BAD_KEY)) != 0) {
    return Refuse(SignatureOutcome::kUnsupportedAlgorithm, subject,
                  "a certificate of the signer's chain uses a weak or unknown algorithm");
  }
  if ((flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED) != 0) {
    return Refuse(SignatureOutcome::kUnknownSigner, subject,
                  "the signer's certificate does not chain to a trust anchor");
  }
  char text[256];
  const int written = mbedtls_x509_crt_verify_info(text, sizeof text, "", flags);
  return Refuse(SignatureOutcome::kBadSignature, subject,
                std::string("the signer's certificate chain does not verify") +
                    (written > 0 ? ": " + std::string(text, static_cast<std::size_t>(written))
                                 : std::string()));
}

SignatureVerdict VerifySigner(const SignedData& signed_data, const SignerInfo& signer,
                              const ContentDigest& content_digest, const TrustAnchors& anchors,
                              Certificates& carried) {
  if (!signer.digest) {
    return Refuse(SignatureOutcome::kUnsupportedAlgorithm, SignerName(signer),
                  "the digest algorithm is not SHA-256, SHA-384 or SHA-512");
  }
  const std::optional<mbedtls_md_type_t> md = MdType(*signer.digest);
  if (!md) {
    return Refuse(SignatureOutcome::kUnsupportedAlgorithm, SignerName(signer),
                  "the digest algorithm " + std::string(HashName(*signer.digest)) + " is refused");
  }
  if (!signer.scheme) {
    return Refuse(SignatureOutcome::kUnsupportedAlgorithm, SignerName(signer),
                  "the signature algorithm is neither RSA PKCS#1 v1.5 nor ECDSA");
  }
  const mbedtls_x509_crt* certificate = FindIn(AnchorAccess::Chain(anchors), signer);
  std::string subject;
  if (certificate != nullptr) {
    subject = Subject(*certificate);
  } else {
    const mbedtls_x509_crt* found = FindIn(carried.first(), signer);
    if (found == nullptr) {
      return Refuse(SignatureOutcome::kUnknownSigner, SignerName(signer),
                    "no trust anchor or carried certificate is the signer's");
    }
    subject = Subject(*found);
    // The carried certificate must chain to an anchor: the signer's first, the others after it.
    Certificates path;
    (void)path.Add(View(found->raw));
    for (const Bytes der : signed_data.certificates) {
      if (!Same(der, View(found->raw))) (void)path.Add(der);
    }
    std::uint32_t flags = 0;
    mbedtls_x509_crt* roots = AnchorAccess::Chain(anchors);
    if (roots == nullptr) {
      return Refuse(SignatureOutcome::kUnknownSigner, subject, "there is no trust anchor");
    }
    if (mbedtls_x509_crt_verify(path.first(), roots, nullptr, nullptr, &flags, nullptr, nullptr) !=
        0) {
      return ChainFailure(flags, subject);
    }
    certificate = found;
  }
  if (auto refused = CheckSignerCertificate(*certificate, subject)) return *refused;

  Digest content = signed_data.content ? Hash(*signer.digest, *signed_data.content)
                                       : content_digest(*signer.digest);
  Digest signed_hash = content;
  if (signer.signed_attributes) {
    if (!signer.content_type_is_data) {
      return Refuse(SignatureOutcome::kMalformed, subject, "the contentType attribute is not data");
    }
    if (!Same(*signer.message_digest, content.bytes())) {
      return Refuse(SignatureOutcome::kDigestMismatch, subject,
                    "the content's digest is not the signed messageDigest (the file changed)");
    }
    // RFC 5652 §5.4: the signature covers the attributes' DER with a SET tag for [0].
    static constexpr std::byte kSetTag[] = {std::byte{0x31}};
    signed_hash = Hash2(*signer.digest, kSetTag, signer.signed_attributes->subspan(1));
  }
  mbedtls_pk_context* key = const_cast<mbedtls_pk_context*>(&certificate->pk);
  const bool fits = *signer.scheme == SignatureScheme::kRsaPkcs1v15
                        ? mbedtls_pk_can_do(key, MBEDTLS_PK_RSA) != 0
                        : mbedtls_pk_can_do(key, MBEDTLS_PK_ECDSA) != 0;
  if (!fits) {
    return Refuse(SignatureOutcome::kBadSignature, subject,
                  "the signature algorithm does not fit the signer's key");
  }
  if (mbedtls_pk_verify(key, *md, reinterpret_cast<const unsigned char*>(signed_hash.data()),
                        signed_hash.size,
                        reinterpret_cast<const unsigned char*>(signer.signature.data()),
                        signer.signature.size()) != 0) {
    return Refuse(SignatureOutcome::kBadSignature, subject,
                  signer.signed_attributes
                      ? "the signature does not match the signed attributes"
                      : "the signature does not match the content (changed, or signed by "
                        "another key)");
  }
  SignatureVerdict verdict;
  verdict.outcome = SignatureOutcome::kVerified;
  verdict.signer = subject;
  verdict.digest = signer.digest;
  verdict.reason = "signed by " + subject + " (" + std::string(HashName(*signer.digest)) + ")";
  return verdict;
}

}  // namespace

TrustAnchors::TrustAnchors() : state_(std::make_unique<State>()) {}
TrustAnchors::~TrustAnchors() = default;
TrustAnchors::TrustAnchors(TrustAnchors&&) noexcept = default;
TrustAnchors& TrustAnchors::operator=(TrustAnchors&&) noexcept = default;

Result<void> TrustAnchors::Add(Bytes certificates) {
  static constexpr std::string_view kPem = "-----BEGIN CERTIFICATE-----";
  std::string_view text = AsText(certificates);
  int status = 0;
  std::size_t added = 0;
  if (text.find(kPem) != std::string_view::npos) {
    // mbedTLS reads PEM only from a NUL-terminated buffer whose size counts the NUL.
    std::string terminated(text);
    const std::size_t before = state_->count;
    std::size_t pem_count = 0;
    for (std::size_t at = terminated.find(kPem); at != std::string::npos;
         at = terminated.find(kPem, at + 1)) {
      ++pem_count;
    }
    status = mbedtls_x509_crt_parse(&state_->chain,
                                    reinterpret_cast<const unsigned char*>(terminated.c_str()),
                                    terminated.size() + 1);
    added = status == 0 ? pem_count : 0;
    (void)before;
  } else {
    status = mbedtls_x509_crt_parse_der(&state_->chain,
                                        reinterpret_cast<const unsigned char*>(certificates.data()),
                                        certificates.size());
    added = status == 0 ? 1 : 0;
  }
  if (status != 0) {
    char text_error[128];
    mbedtls_strerror(status, text_error, sizeof text_error);
    return Error(ErrorCode::kCrypto, "not an X.509 certificate (DER or PEM)", text_error);
  }
  state_->count += added;
  return Ok();
}

std::size_t TrustAnchors::size() const { return state_->count; }

std::vector<std::string> TrustAnchors::Subjects() const {
  std::vector<std::string> subjects;
  for (const mbedtls_x509_crt* at = AnchorAccess::Chain(*this); at != nullptr && at->raw.p;
       at = at->next) {
    subjects.push_back(Subject(*at));
  }
  return subjects;
}

std::string_view OutcomeName(SignatureOutcome outcome) {
  switch (outcome) {
    case SignatureOutcome::kVerified:
      return "verified";
    case SignatureOutcome::kNoSignature:
      return "no signature";
    case SignatureOutcome::kMalformed:
      return "malformed signature";
    case SignatureOutcome::kUnknownSigner:
      return "unknown signer";
    case SignatureOutcome::kBadSignature:
      return "bad signature";
    case SignatureOutcome::kDigestMismatch:
      return "digest mismatch";
    case SignatureOutcome::kExpired:
      return "expired";
    case SignatureOutcome::kWrongKeyUsage:
      return "wrong key usage";
    case SignatureOutcome::kUnsupportedAlgorithm:
      return "unsupported algorithm";
  }
  return "?";
}

SignatureVerdict VerifySignedData(const SignedData& signed_data, const ContentDigest& digest,
                                  const TrustAnchors& anchors) {
  Certificates carried;
  for (Bytes der : signed_data.certificates) {
    if (!carried.Add(der)) {
      return Refuse(SignatureOutcome::kMalformed, "",
                    "a certificate the signature carries does not parse");
    }
  }
  SignatureVerdict first;
  for (std::size_t i = 0; i < signed_data.signers.size(); ++i) {
    SignatureVerdict verdict =
        VerifySigner(signed_data, signed_data.signers[i], digest, anchors, carried);
    if (!verdict.verified()) return verdict;
    if (i == 0) first = std::move(verdict);
  }
  return first;
}

SignerClaim ClaimedSigner(const SignedData& signed_data, const TrustAnchors& anchors) {
  SignerClaim claim;
  if (signed_data.signers.empty()) return claim;
  const SignerInfo& signer = signed_data.signers.front();
  if (const mbedtls_x509_crt* anchor = FindIn(AnchorAccess::Chain(anchors), signer)) {
    claim.signer = Subject(*anchor);
    claim.known = true;
    return claim;
  }
  Certificates carried;
  for (Bytes der : signed_data.certificates) (void)carried.Add(der);
  const mbedtls_x509_crt* found = FindIn(carried.first(), signer);
  if (found == nullptr) {
    claim.signer = SignerName(signer);
    return claim;
  }
  claim.signer = Subject(*found);
  std::uint32_t flags = 0;
  mbedtls_x509_crt* roots = AnchorAccess::Chain(anchors);
  claim.known =
      roots != nullptr && mbedtls_x509_crt_verify(const_cast<mbedtls_x509_crt*>(found), roots,
                                                  nullptr, nullptr, &flags, nullptr, nullptr) == 0;
  return claim;
}

}  // namespace baton::crypto
