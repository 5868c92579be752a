// SPDX-License-Identifier: GPL-2.0-or-later
// Parsing PKCS#7 / CMS SignedData over mbedTLS's ASN.1 reader.
#include "bootloader/crypto/signed_data.h"

#include <mbedtls/asn1.h>

#include <algorithm>

namespace baton::crypto {
namespace {

// Object identifiers, as their DER content bytes (RFC 5652, RFC 8017, RFC 5758, NIST CSOR).
constexpr unsigned char kOidSignedData[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02};
constexpr unsigned char kOidData[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01};
constexpr unsigned char kOidContentType[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x03};
constexpr unsigned char kOidMessageDigest[] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                               0x0d, 0x01, 0x09, 0x04};

struct DigestOid {
  unsigned char oid[9];
  std::size_t size;
  HashAlgorithm algorithm;
};
constexpr DigestOid kDigestOids[] = {
    {{0x2b, 0x0e, 0x03, 0x02, 0x1a}, 5, HashAlgorithm::kSha1},
    {{0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01}, 9, HashAlgorithm::kSha256},
    {{0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02}, 9, HashAlgorithm::kSha384},
    {{0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03}, 9, HashAlgorithm::kSha512},
};

// Signature algorithm OIDs; `digest` is the digest the OID itself names, if any.
struct SchemeOid {
  unsigned char oid[9];
  std::size_t size;
  SignatureScheme scheme;
  std::optional<HashAlgorithm> digest;
};
constexpr SchemeOid kSchemeOids[] = {
    {{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01}, 9, SignatureScheme::kRsaPkcs1v15, {}},
    {{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05},
     9,
     SignatureScheme::kRsaPkcs1v15,
     HashAlgorithm::kSha1},
    {{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b},
     9,
     SignatureScheme::kRsaPkcs1v15,
     HashAlgorithm::kSha256},
    {{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c},
     9,
     SignatureScheme::kRsaPkcs1v15,
     HashAlgorithm::kSha384},
    {{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d},
     9,
     SignatureScheme::kRsaPkcs1v15,
     HashAlgorithm::kSha512},
    // id-ecPublicKey, which some writers put here, names no digest.
    {{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01}, 7, SignatureScheme::kEcdsa, {}},
    {{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01}, 7, SignatureScheme::kEcdsa, HashAlgorithm::kSha1},
    {{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02},
     8,
     SignatureScheme::kEcdsa,
     HashAlgorithm::kSha256},
    {{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03},
     8,
     SignatureScheme::kEcdsa,
     HashAlgorithm::kSha384},
    {{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04},
     8,
     SignatureScheme::kEcdsa,
     HashAlgorithm::kSha512},
};

template <std::size_t N>
bool IsOid(Bytes oid, const unsigned char (&expected)[N]) {
  return oid.size() == N &&
         std::equal(oid.begin(), oid.end(), reinterpret_cast<const std::byte*>(expected));
}
bool IsOid(Bytes oid, const unsigned char* expected, std::size_t size) {
  return oid.size() == size &&
         std::equal(oid.begin(), oid.end(), reinterpret_cast<const std::byte*>(expected));
}

// A cursor over one DER container, reading through mbedTLS's ASN.1 reader. Offsets are from the
// start of the whole input.
class Der {
 public:
  Der(Bytes all, Bytes within)
      : base_(reinterpret_cast<const unsigned char*>(all.data())),
        p_(const_cast<unsigned char*>(reinterpret_cast<const unsigned char*>(within.data()))),
        end_(p_ + within.size()) {}

  bool AtEnd() const { return p_ >= end_; }
  std::uint64_t Offset() const { return static_cast<std::uint64_t>(p_ - base_); }
  // The next element's tag, if there is one.
  std::optional<int> PeekTag() const {
    if (AtEnd()) return std::nullopt;
    return *p_;
  }

  // The content of the next element, which must have `tag`.
  Result<Bytes> Take(int tag, const char* what) {
    const std::uint64_t at = Offset();
    std::size_t length = 0;
    const int status = mbedtls_asn1_get_tag(&p_, end_, &length, tag);
    if (status == MBEDTLS_ERR_ASN1_UNEXPECTED_TAG) {
      return Error::AtOffset(ErrorCode::kCrypto, "signature: unexpected ASN.1 element", at)
          .WithDetail(std::string(what) + " expected");
    }
    if (status != 0) {
      return Error::AtOffset(ErrorCode::kCrypto,
                             "signature: ASN.1 length runs past its container (or is BER)", at)
          .WithDetail(what);
    }
    Bytes content(reinterpret_cast<const std::byte*>(p_), length);
    p_ += length;
    return content;
  }
  // The next element whole (header and content), whatever its tag.
  Result<Bytes> TakeWhole(const char* what) {
    const std::uint64_t at = Offset();
    if (AtEnd()) {
      return Error::AtOffset(ErrorCode::kCrypto, "signature: element missing", at).WithDetail(what);
    }
    unsigned char* start = p_;
    ++p_;  // the tag (single-byte tags only: DER of this subset has no others)
    std::size_t length = 0;
    if (mbedtls_asn1_get_len(&p_, end_, &length) != 0) {
      return Error::AtOffset(ErrorCode::kCrypto,
                             "signature: ASN.1 length runs past its container (or is BER)", at)
          .WithDetail(what);
    }
    p_ += length;
    return Bytes(reinterpret_cast<const std::byte*>(start), static_cast<std::size_t>(p_ - start));
  }
  Result<int> SmallInteger(const char* what) {
    const std::uint64_t at = Offset();
    int value = 0;
    if (mbedtls_asn1_get_int(&p_, end_, &value) != 0) {
      return Error::AtOffset(ErrorCode::kCrypto, "signature: bad INTEGER", at).WithDetail(what);
    }
    return value;
  }
  Result<void> End(const char* what) const {
    if (!AtEnd()) {
      return Error::AtOffset(ErrorCode::kCrypto, "signature: unexpected bytes after an element",
                             Offset())
          .WithDetail(what);
    }
    return Ok();
  }

 private:
  const unsigned char* base_;
  unsigned char* p_;
  unsigned char* end_;
};

Der Inside(Bytes all, Bytes content) { return Der(all, content); }

// AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }: the OID.
Result<Bytes> AlgorithmOid(Bytes all, Der& der, const char* what) {
  Bytes sequence = BATON_TRY(der.Take(MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE, what));
  Der inner = Inside(all, sequence);
  Bytes oid = BATON_TRY(inner.Take(MBEDTLS_ASN1_OID, what));
  // Parameters (NULL for RSA and the SHA-2 OIDs, absent for ECDSA) are not used.
  return oid;
}

std::optional<HashAlgorithm> DigestFromOid(Bytes oid) {
  for (const DigestOid& known : kDigestOids) {
    if (IsOid(oid, known.oid, known.size)) return known.algorithm;
  }
  return std::nullopt;
}

// Attribute ::= SEQUENCE { attrType OID, attrValues SET OF ANY }, in the signed attributes.
Result<void> ReadSignedAttributes(Bytes all, Bytes attributes, SignerInfo& signer) {
  Der der = Inside(all, attributes);
  bool have_content_type = false;
  while (!der.AtEnd()) {
    Bytes attribute =
        BATON_TRY(der.Take(MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE, "an attribute"));
    Der fields = Inside(all, attribute);
    Bytes type = BATON_TRY(fields.Take(MBEDTLS_ASN1_OID, "an attribute's type"));
    const std::uint64_t values_at = fields.Offset();
    Bytes values = BATON_TRY(
        fields.Take(MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SET, "an attribute's values"));
    BATON_TRY(fields.End("an attribute"));
    const bool is_digest = IsOid(type, kOidMessageDigest);
    const bool is_type = IsOid(type, kOidContentType);
    if (!is_digest && !is_type) continue;
    if ((is_digest && signer.message_digest) || (is_type && have_content_type)) {
      return Error::AtOffset(ErrorCode::kCrypto, "signature: a signed attribute appears twice",
                             values_at);
    }
    Der value = Inside(all, values);
    if (is_digest) {
      signer.message_digest = BATON_TRY(value.Take(MBEDTLS_ASN1_OCTET_STRING, "messageDigest"));
    } else {
      Bytes content_type = BATON_TRY(value.Take(MBEDTLS_ASN1_OID, "contentType"));
      signer.content_type_is_data = IsOid(content_type, kOidData);
      have_content_type = true;
    }
    // RFC 5652 §5.3: each of these attributes has exactly one value.
    BATON_TRY(value.End("a signed attribute with more than one value"));
  }
  if (!signer.message_digest) {
    return Error::AtOffset(ErrorCode::kCrypto,
                           "signature: signed attributes without a messageDigest", signer.offset);
  }
  return Ok();
}

Result<SignerInfo> ReadSigner(Bytes all, Bytes content, std::uint64_t offset) {
  SignerInfo signer;
  signer.offset = offset;
  Der der = Inside(all, content);
  const int version = BATON_TRY(der.SmallInteger("SignerInfo version"));
  if (version != 1 && version != 3) {
    return Error::AtOffset(ErrorCode::kCrypto, "signature: SignerInfo version is not 1 or 3",
                           offset);
  }
  if (der.PeekTag() == (MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE)) {
    Bytes id = BATON_TRY(
        der.Take(MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE, "issuerAndSerialNumber"));
    Der fields = Inside(all, id);
    signer.issuer = BATON_TRY(fields.TakeWhole("the issuer"));
    if (signer.issuer.empty() || std::to_integer<int>(signer.issuer[0]) !=
                                     (MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE)) {
      return Error::AtOffset(ErrorCode::kCrypto, "signature: the issuer is not a Name", offset);
    }
    signer.serial = BATON_TRY(fields.Take(MBEDTLS_ASN1_INTEGER, "the serial number"));
    BATON_TRY(fields.End("issuerAndSerialNumber"));
    signer.id_kind = SignerIdKind::kIssuerAndSerial;
  } else {
    signer.subject_key_id =
        BATON_TRY(der.Take(MBEDTLS_ASN1_CONTEXT_SPECIFIC | 0, "subjectKeyIdentifier"));
    signer.id_kind = SignerIdKind::kSubjectKeyId;
  }
  signer.digest_oid = BATON_TRY(AlgorithmOid(all, der, "the digest algorithm"));
  signer.digest = DigestFromOid(signer.digest_oid);
  if (der.PeekTag() == (MBEDTLS_ASN1_CONTEXT_SPECIFIC | MBEDTLS_ASN1_CONSTRUCTED | 0)) {
    Bytes whole = BATON_TRY(der.TakeWhole("the signed attributes"));
    Der reread = Inside(all, whole);
    Bytes attributes = BATON_TRY(
        reread.Take(MBEDTLS_ASN1_CONTEXT_SPECIFIC | MBEDTLS_ASN1_CONSTRUCTED | 0, "attributes"));
    signer.signed_attributes = whole;
    BATON_TRY(ReadSignedAttributes(all, attributes, signer));
  }
  signer.scheme_oid = BATON_TRY(AlgorithmOid(all, der, "the signature algorithm"));
  for (const SchemeOid& known : kSchemeOids) {
    if (!IsOid(signer.scheme_oid, known.oid, known.size)) continue;
    if (known.digest && signer.digest && *known.digest != *signer.digest) {
      return Error::AtOffset(ErrorCode::kCrypto,
                             "signature: the signature algorithm names another digest than the "
                             "digest algorithm",
                             offset);
    }
    signer.scheme = known.scheme;
  }
  signer.signature = BATON_TRY(der.Take(MBEDTLS_ASN1_OCTET_STRING, "the signature"));
  if (der.PeekTag() == (MBEDTLS_ASN1_CONTEXT_SPECIFIC | MBEDTLS_ASN1_CONSTRUCTED | 1)) {
    (void)BATON_TRY(der.TakeWhole("the unsigned attributes"));
  }
  BATON_TRY(der.End("SignerInfo"));
  return signer;
}

}  // namespace

Result<SignedData> ParseSignedData(Bytes input) {
  SignedData parsed;
  Der outer(input, input);
  Bytes info =
      BATON_TRY(outer.Take(MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE, "ContentInfo"));
  BATON_TRY(outer.End("ContentInfo"));
  Der content_info = Inside(input, info);
  Bytes type = BATON_TRY(content_info.Take(MBEDTLS_ASN1_OID, "the content type"));
  if (!IsOid(type, kOidSignedData)) {
    return Error::AtOffset(ErrorCode::kCrypto, "signature: the content is not SignedData", 0);
  }
  Bytes wrapped = BATON_TRY(content_info.Take(
      MBEDTLS_ASN1_CONTEXT_SPECIFIC | MBEDTLS_ASN1_CONSTRUCTED | 0, "[0] SignedData"));
  BATON_TRY(content_info.End("ContentInfo"));
  Der wrapper = Inside(input, wrapped);
  Bytes signed_data =
      BATON_TRY(wrapper.Take(MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE, "SignedData"));
  BATON_TRY(wrapper.End("[0] SignedData"));

  Der der = Inside(input, signed_data);
  const std::uint64_t version_at = der.Offset();
  const int version = BATON_TRY(der.SmallInteger("SignedData version"));
  if (version < 1 || version > 5) {
    return Error::AtOffset(ErrorCode::kCrypto, "signature: SignedData version is not 1 to 5",
                           version_at);
  }
  parsed.is_cms = version >= 3;
  // digestAlgorithms: informative (each signer names its own).
  (void)BATON_TRY(der.Take(MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SET, "digestAlgorithms"));
  const std::uint64_t encapsulated_at = der.Offset();
  Bytes encapsulated =
      BATON_TRY(der.Take(MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE, "encapContentInfo"));
  {
    Der fields = Inside(input, encapsulated);
    Bytes content_type = BATON_TRY(fields.Take(MBEDTLS_ASN1_OID, "eContentType"));
    if (!IsOid(content_type, kOidData)) {
      return Error::AtOffset(ErrorCode::kCrypto,
                             "signature: the signed content is not of type data", encapsulated_at);
    }
    if (!fields.AtEnd()) {
      Bytes explicit_content = BATON_TRY(fields.Take(
          MBEDTLS_ASN1_CONTEXT_SPECIFIC | MBEDTLS_ASN1_CONSTRUCTED | 0, "[0] eContent"));
      Der octets = Inside(input, explicit_content);
      parsed.content = BATON_TRY(octets.Take(MBEDTLS_ASN1_OCTET_STRING, "eContent"));
      BATON_TRY(octets.End("[0] eContent"));
    }
    BATON_TRY(fields.End("encapContentInfo"));
  }
  if (der.PeekTag() == (MBEDTLS_ASN1_CONTEXT_SPECIFIC | MBEDTLS_ASN1_CONSTRUCTED | 0)) {
    Bytes certificates = BATON_TRY(
        der.Take(MBEDTLS_ASN1_CONTEXT_SPECIFIC | MBEDTLS_ASN1_CONSTRUCTED | 0, "certificates"));
    Der list = Inside(input, certificates);
    while (!list.AtEnd()) {
      const std::uint64_t at = list.Offset();
      Bytes certificate = BATON_TRY(list.TakeWhole("a certificate"));
      // Other CertificateChoices (attribute certificates, [n] tagged) are not signers' keys.
      if (std::to_integer<int>(certificate[0]) !=
          (MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE)) {
        continue;
      }
      if (parsed.certificates.size() == kMaxCertificates) {
        return Error::AtOffset(ErrorCode::kCrypto, "signature: too many certificates", at);
      }
      parsed.certificates.push_back(certificate);
    }
  }
  if (der.PeekTag() == (MBEDTLS_ASN1_CONTEXT_SPECIFIC | MBEDTLS_ASN1_CONSTRUCTED | 1)) {
    (void)BATON_TRY(der.TakeWhole("crls"));  // revocation is not checked (docs/verified-boot.md)
  }
  Bytes signers = BATON_TRY(der.Take(MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SET, "signerInfos"));
  BATON_TRY(der.End("SignedData"));
  Der list = Inside(input, signers);
  while (!list.AtEnd()) {
    const std::uint64_t at = list.Offset();
    Bytes signer =
        BATON_TRY(list.Take(MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE, "SignerInfo"));
    if (parsed.signers.size() == kMaxSigners) {
      return Error::AtOffset(ErrorCode::kCrypto, "signature: too many signers", at);
    }
    parsed.signers.push_back(BATON_TRY(ReadSigner(input, signer, at)));
    if (parsed.signers.back().id_kind == SignerIdKind::kSubjectKeyId) parsed.is_cms = true;
  }
  if (parsed.signers.empty()) {
    return Error::AtOffset(ErrorCode::kCrypto, "signature: no signer", encapsulated_at);
  }
  return parsed;
}

}  // namespace baton::crypto
