// SPDX-License-Identifier: GPL-2.0-or-later
// PKCS#7 / CMS SignedData (RFC 2315, RFC 5652 §5), the subset that signs boot images:
// what the kernel's `sign-file` appends to a kernel (PKCS#7 v1, detached, no certificates, no
// signed attributes, signer by issuer and serial number or, with -k, by subject key identifier)
// and what `openssl cms -sign -binary` writes beside a file (CMS, detached or not, with the
// signer's certificate and signed attributes: contentType, messageDigest, signingTime).
//
// The bytes come from a disk or a network: every length is checked against its container, every
// OID compared whole, and DER only (an indefinite BER length is refused). Errors give the byte
// offset in the input. Parsed views point into the input, which must outlive the result.
//
// mbedTLS 2.28 has no PKCS#7 module, so this walks the structure with its ASN.1 reader
// (mbedtls/asn1.h), as skiboot does for POWER's secure variables. No signature is checked here:
// signature.h does that.
#pragma once

#include <optional>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"
#include "bootloader/crypto/hash.h"

namespace baton::crypto {

enum class SignatureScheme : std::uint8_t {
  kRsaPkcs1v15,  // rsaEncryption or sha*WithRSAEncryption
  kEcdsa,        // ecdsa-with-SHA*
};

// How a SignerInfo names its certificate.
enum class SignerIdKind : std::uint8_t { kIssuerAndSerial, kSubjectKeyId };

struct SignerInfo {
  SignerIdKind id_kind = SignerIdKind::kIssuerAndSerial;
  Bytes issuer;          // DER of the issuer Name (SEQUENCE with its header)
  Bytes serial;          // the INTEGER's content bytes
  Bytes subject_key_id;  // kSubjectKeyId: the identifier
  // The digest algorithm; nullopt when it is one baton does not compute (MD5, SHA-224, …).
  std::optional<HashAlgorithm> digest;
  Bytes digest_oid;  // for the message naming an unsupported one
  std::optional<SignatureScheme> scheme;
  Bytes scheme_oid;
  // Signed attributes, when present: their DER with the [0] tag as it stands; the signature is
  // over the same bytes with the tag a SET (0x31), RFC 5652 §5.4.
  std::optional<Bytes> signed_attributes;
  std::optional<Bytes> message_digest;  // the messageDigest attribute's value
  bool content_type_is_data = true;     // the contentType attribute, when present, is id-data
  Bytes signature;
  std::uint64_t offset = 0;  // of the SignerInfo in the input, for messages
};

struct SignedData {
  bool is_cms = false;           // version 3 or more, or any SignerInfo by subject key identifier
  std::optional<Bytes> content;  // encapsulated content; nullopt when detached
  std::vector<Bytes> certificates;  // DER of each certificate carried
  std::vector<SignerInfo> signers;  // at least one
};

// Parses a DER ContentInfo holding a SignedData. Refuses other content types, BER, trailing
// bytes, zero signers and more than kMaxSigners or kMaxCertificates.
inline constexpr std::size_t kMaxSigners = 8;
inline constexpr std::size_t kMaxCertificates = 16;
Result<SignedData> ParseSignedData(Bytes der);

}  // namespace baton::crypto
