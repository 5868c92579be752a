// SPDX-License-Identifier: GPL-2.0-or-later
// The files of a quote: base64 (RFC 4648's vectors), the PEM of a P-256 key, tpm2-tools'
// serialized PCR file byte for byte, and the PCR digest a quote carries.
#include <string>

#include "bootloader/core/text.h"
#include "bootloader/tpm/quote_files.h"

#include "tests/unit/harness.h"

using namespace baton;
using crypto::HashAlgorithm;

TEST_GROUP(QuoteFiles){};

TEST(QuoteFiles, Base64IsRfc4648) {
  STRCMP_EQUAL("", Base64(AsBytes("")).c_str());
  STRCMP_EQUAL("Zg==", Base64(AsBytes("f")).c_str());
  STRCMP_EQUAL("Zm8=", Base64(AsBytes("fo")).c_str());
  STRCMP_EQUAL("Zm9v", Base64(AsBytes("foo")).c_str());
  STRCMP_EQUAL("Zm9vYg==", Base64(AsBytes("foob")).c_str());
  STRCMP_EQUAL("Zm9vYmE=", Base64(AsBytes("fooba")).c_str());
  STRCMP_EQUAL("Zm9vYmFy", Base64(AsBytes("foobar")).c_str());
}

TEST(QuoteFiles, PemWrapsTheSubjectPublicKeyInfo) {
  const ByteBuffer x(32, std::byte{0x11});
  const ByteBuffer y(32, std::byte{0x22});
  const std::string pem = tpm::EcP256PublicKeyPem(x, y);
  // 91 bytes of DER: 124 base64 characters, a line of 64 and one of 60.
  const std::string begin = "-----BEGIN PUBLIC KEY-----\n";
  const std::string end = "-----END PUBLIC KEY-----\n";
  CHECK(pem.rfind(begin, 0) == 0);
  CHECK(pem.size() == begin.size() + 64 + 1 + 60 + 1 + end.size());
  CHECK(pem.substr(pem.size() - end.size()) == end);
  // The DER starts SEQUENCE(89) SEQUENCE(19) OID id-ecPublicKey.
  STRCMP_EQUAL("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE", pem.substr(begin.size(), 36).c_str());
}

TEST(QuoteFiles, SerializedPcrFileIsTpm2ToolsLayout) {
  std::vector<crypto::PcrBank> banks = {crypto::PcrBank::PowerOn(HashAlgorithm::kSha256),
                                        crypto::PcrBank::PowerOn(HashAlgorithm::kSha1)};
  for (std::size_t pcr = 0; pcr < crypto::kPcrCount; ++pcr) {
    banks[0].values[pcr] =
        crypto::Digest::Filled(HashAlgorithm::kSha256, static_cast<std::byte>(0xa0 + pcr));
    banks[1].values[pcr] =
        crypto::Digest::Filled(HashAlgorithm::kSha1, static_cast<std::byte>(0x10 + pcr));
  }
  const std::uint32_t pcrs = 0x7ff;  // 0-10: 22 digests, three lists of 8, 8 and 6
  const ByteBuffer file = tpm::SerializedPcrFile(banks, pcrs);
  UNSIGNED_LONGS_EQUAL(132 + 4 + 3 * 532, file.size());
  auto byte = [&](std::size_t at) { return std::to_integer<unsigned>(file[at]); };
  auto u16 = [&](std::size_t at) { return byte(at) | byte(at + 1) << 8; };
  auto u32 = [&](std::size_t at) { return u16(at) | u16(at + 2) << 16; };
  UNSIGNED_LONGS_EQUAL(2, u32(0));
  UNSIGNED_LONGS_EQUAL(0x000b, u16(4));  // sha256, sizeofSelect 3, PCRs 0-10
  UNSIGNED_LONGS_EQUAL(3, byte(6));
  UNSIGNED_LONGS_EQUAL(0xff, byte(7));
  UNSIGNED_LONGS_EQUAL(0x07, byte(8));
  UNSIGNED_LONGS_EQUAL(0x00, byte(9));
  UNSIGNED_LONGS_EQUAL(0x0004, u16(12));  // sha1 in the second slot
  for (std::size_t at = 20; at < 132; ++at) UNSIGNED_LONGS_EQUAL(0, byte(at));
  UNSIGNED_LONGS_EQUAL(3, u32(132));
  UNSIGNED_LONGS_EQUAL(8, u32(136));
  UNSIGNED_LONGS_EQUAL(32, u16(140));  // sha256 PCR 0
  UNSIGNED_LONGS_EQUAL(0xa0, byte(142));
  UNSIGNED_LONGS_EQUAL(0, byte(142 + 32));  // zero after the digest, in its 64-byte buffer
  const std::size_t second = 136 + 532;
  UNSIGNED_LONGS_EQUAL(8, u32(second));
  UNSIGNED_LONGS_EQUAL(0xaa, byte(second + 4 + 2 * 66 + 2));  // sha256 PCR 10
  UNSIGNED_LONGS_EQUAL(20, u16(second + 4 + 3 * 66));         // sha1 PCR 0
  UNSIGNED_LONGS_EQUAL(0x10, byte(second + 4 + 3 * 66 + 2));
  const std::size_t third = 136 + 2 * 532;
  UNSIGNED_LONGS_EQUAL(6, u32(third));
  UNSIGNED_LONGS_EQUAL(0x1a, byte(third + 4 + 5 * 66 + 2));  // sha1 PCR 10
  for (std::size_t at = third + 4 + 6 * 66; at < file.size(); ++at) {
    UNSIGNED_LONGS_EQUAL(0, byte(at));
  }

  // The digest a quote of these values carries: SHA-256 of the 22 values in that order.
  ByteBuffer concatenated;
  for (const crypto::PcrBank& bank : banks) {
    for (std::size_t pcr = 0; pcr <= 10; ++pcr) {
      Bytes value = bank.values[pcr].bytes();
      concatenated.insert(concatenated.end(), value.begin(), value.end());
    }
  }
  CHECK(tpm::QuotedPcrDigest(banks, pcrs, HashAlgorithm::kSha256) ==
        crypto::Hash(HashAlgorithm::kSha256, concatenated));
}
