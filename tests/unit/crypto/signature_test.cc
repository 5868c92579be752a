// SPDX-License-Identifier: GPL-2.0-or-later
// PKCS#7/CMS parsing and appended signatures, on files sign-file and openssl cms made
// (tests/data/signatures); the prefix hasher; the ima-modsig entry's fields.
#include <fstream>
#include <iterator>
#include <string>

#include "bootloader/core/text.h"
#include "bootloader/crypto/hash.h"
#include "bootloader/crypto/signed_data.h"
#include "bootloader/ima/entries.h"
#include "bootloader/ima/measurement_list.h"
#include "bootloader/verify/appended_signature.h"
#include "bootloader/verify/verified_boot.h"

#include "tests/unit/harness.h"

using namespace baton;

namespace {

ByteBuffer ReadData(const char* name) {
  std::ifstream in(std::string("tests/data/signatures/") + name, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return ByteBuffer(AsBytes(text).begin(), AsBytes(text).end());
}

}  // namespace

TEST_GROUP(Signature){};

TEST(Signature, AppendedTrailerFromSignFile) {
  const ByteBuffer file = ReadData("appended-rsa.bin");
  const ByteBuffer content = ReadData("content.bin");
  auto found = verify::FindAppendedSignature(file);
  CHECK(static_cast<bool>(found && *found));
  CHECK_EQUAL(content.size(), (*found)->content_size);
  CHECK_EQUAL(file.size() - content.size() - 40, (*found)->pkcs7.size());
  auto parsed = crypto::ParseSignedData((*found)->pkcs7);
  CHECK(static_cast<bool>(parsed));
  CHECK_FALSE(parsed->is_cms);
  CHECK_FALSE(static_cast<bool>(parsed->content));
  CHECK_EQUAL(0u, parsed->certificates.size());
  CHECK_EQUAL(1u, parsed->signers.size());
  const crypto::SignerInfo& signer = parsed->signers.front();
  CHECK(signer.id_kind == crypto::SignerIdKind::kIssuerAndSerial);
  CHECK(signer.digest == crypto::HashAlgorithm::kSha256);
  CHECK(signer.scheme == crypto::SignatureScheme::kRsaPkcs1v15);
  CHECK_FALSE(static_cast<bool>(signer.signed_attributes));
  CHECK_EQUAL(256u, signer.signature.size());  // RSA-2048
}

TEST(Signature, DetachedCmsWithAttributesAndCertificate) {
  const ByteBuffer signature = ReadData("detached-cms.p7s");
  auto parsed = crypto::ParseSignedData(signature);
  CHECK(static_cast<bool>(parsed));
  CHECK_FALSE(static_cast<bool>(parsed->content));
  CHECK_EQUAL(1u, parsed->certificates.size());
  CHECK(static_cast<bool>(parsed->signers.front().signed_attributes));
  CHECK(static_cast<bool>(parsed->signers.front().message_digest));
  // The messageDigest attribute is the content's SHA-256 (computed here, not stored).
  const ByteBuffer content = ReadData("content.bin");
  const crypto::Digest digest = crypto::Hash(crypto::HashAlgorithm::kSha256, content);
  MEMCMP_EQUAL(digest.bytes().data(), parsed->signers.front().message_digest->data(), 32);
}

TEST(Signature, NoMarkerIsNoSignature) {
  const ByteBuffer content = ReadData("content.bin");
  auto found = verify::FindAppendedSignature(content);
  CHECK(static_cast<bool>(found));
  CHECK_FALSE(static_cast<bool>(*found));
}

TEST(Signature, TrailerFieldsAreChecked) {
  ByteBuffer file = ReadData("appended-rsa.bin");
  const std::size_t trailer = file.size() - 40;
  ByteBuffer wrong_type = file;
  wrong_type[trailer + 2] = std::byte{1};
  auto refused = verify::FindAppendedSignature(wrong_type);
  CHECK_FALSE(static_cast<bool>(refused));
  CHECK_EQUAL(trailer + 2, refused.error().position());
  ByteBuffer too_long = file;
  too_long[trailer + 8] = std::byte{0x7f};
  CHECK_FALSE(static_cast<bool>(verify::FindAppendedSignature(too_long)));
}

TEST(Signature, EveryTruncationIsRefusedWithoutACrash) {
  const ByteBuffer file = ReadData("appended-rsa.bin");
  const Bytes pkcs7 = (*verify::FindAppendedSignature(file))->pkcs7;
  for (std::size_t length = 0; length < pkcs7.size(); ++length) {
    CHECK_FALSE(static_cast<bool>(crypto::ParseSignedData(pkcs7.first(length))));
  }
  const ByteBuffer detached = ReadData("detached-cms.p7s");
  for (std::size_t length = 0; length < detached.size(); ++length) {
    CHECK_FALSE(static_cast<bool>(crypto::ParseSignedData(Bytes(detached).first(length))));
  }
}

TEST(Signature, UnknownSignerWithoutAnchors) {
  const ByteBuffer file = ReadData("appended-rsa.bin");
  const crypto::TrustAnchors none;
  const verify::ImageVerdict verdict = verify::VerifyImage(file, std::nullopt, none);
  CHECK(verdict.verdict.outcome == crypto::SignatureOutcome::kUnknownSigner);
  CHECK(static_cast<bool>(verdict.appended));
}

TEST(Signature, AnchorsParseDerAndPem) {
  crypto::TrustAnchors anchors;
  CHECK(static_cast<bool>(anchors.Add(ReadData("signer.pem"))));
  CHECK(static_cast<bool>(anchors.Add(ReadData("ca.pem"))));
  CHECK_EQUAL(2u, anchors.size());
  STRCMP_CONTAINS("CN=baton signer", anchors.Subjects().front().c_str());
  CHECK_FALSE(static_cast<bool>(anchors.Add(AsBytes("-----BEGIN CERTIFICATE-----\nnot base64\n"))));
  CHECK_EQUAL(2u, anchors.size());
}

TEST(Signature, PrefixHasherGivesPrefixDigestsWithoutASecondPass) {
  ByteBuffer input(5000);
  for (std::size_t i = 0; i < input.size(); ++i) input[i] = static_cast<std::byte>(i * 7);
  crypto::PrefixHasher hasher(crypto::HashAlgorithm::kSha256);
  for (std::size_t at = 0; at < input.size(); at += 1000)
    hasher.Update(Bytes(input).subspan(at, 1000));
  for (std::uint64_t size : {1000u, 2500u, 4999u, 5000u}) {
    auto prefix = hasher.PrefixDigest(input, size);
    CHECK(static_cast<bool>(prefix));
    CHECK(*prefix == crypto::Hash(crypto::HashAlgorithm::kSha256, Bytes(input).first(size)));
  }
  CHECK_FALSE(static_cast<bool>(hasher.PrefixDigest(input, 500)));  // before the kept pieces
  CHECK(hasher.Finish() == crypto::Hash(crypto::HashAlgorithm::kSha256, input));
}

TEST(Signature, ModsigEntryHasTheKernelsFiveFields) {
  const crypto::Digest whole = crypto::Hash(crypto::HashAlgorithm::kSha256, AsBytes("file"));
  const crypto::Digest signed_part = crypto::Hash(crypto::HashAlgorithm::kSha512, AsBytes("fi"));
  const ByteBuffer pkcs7 = {std::byte{0x30}, std::byte{0x00}};
  ima::NewEntry entry =
      ima::MakeModsigEntry(10, crypto::HashAlgorithm::kSha256, whole.bytes(), "/boot/vmlinux",
                           crypto::HashAlgorithm::kSha512, signed_part.bytes(), pkcs7,
                           ByteOrder::kLittle, {crypto::HashAlgorithm::kSha256});
  ima::ListReader reader(entry.bytes, ByteOrder::kLittle);
  ima::ListEntry parsed;
  CHECK(static_cast<bool>(reader.Next(parsed)));
  STRCMP_EQUAL("ima-modsig", std::string(parsed.template_name).c_str());
  // d-ng (7 + 1 + 32), n-ng (14), sig (0), d-modsig (7 + 1 + 64), modsig (2): each with a u32.
  CHECK_EQUAL(4 + 40 + 4 + 14 + 4 + 0 + 4 + 72 + 4 + 2, parsed.template_data.size());
  const Bytes data = parsed.template_data;
  CHECK_EQUAL(0u, LoadUnsigned<std::uint32_t>(data.data() + 4 + 40 + 4 + 14, ByteOrder::kLittle));
  STRCMP_EQUAL("sha512:", std::string(AsText(data.subspan(4 + 40 + 4 + 14 + 4 + 4, 7))).c_str());
}

TEST(Signature, MenuMarkFromTheKernelsLastBytes) {
  const ByteBuffer file = ReadData("appended-rsa.bin");
  const ByteBuffer anchor = ReadData("signer.pem");
  crypto::TrustAnchors anchors;
  CHECK(static_cast<bool>(anchors.Add(anchor)));
  crypto::TrustAnchors none;
  // The last bytes only: the signature and its trailer, as the menu reads them.
  const Bytes tail = Bytes(file).last(file.size() - 16);
  STRCMP_EQUAL("[signed: baton signer]", verify::SignatureMark(tail, anchors).c_str());
  const std::string untrusted = verify::SignatureMark(tail, none);
  CHECK(untrusted.rfind("[signer not trusted: ", 0) == 0);
  CHECK(untrusted.size() <= 21 + 24 + 1);
  STRCMP_EQUAL("[not signed]", verify::SignatureMark(ReadData("content.bin"), anchors).c_str());
}
