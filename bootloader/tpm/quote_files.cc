// SPDX-License-Identifier: GPL-2.0-or-later
// The quote files of quote_files.h.
#include "bootloader/tpm/quote_files.h"

#include <array>

#include "bootloader/core/text.h"

namespace baton::tpm {
namespace {

constexpr std::size_t kPcrCount = crypto::kPcrCount;
constexpr std::size_t kSelectionSlots = 16;  // TPM2_NUM_PCR_BANKS in tss2 3.x
constexpr std::size_t kDigestsPerList = 8;   // TPML_DIGEST's digests[8]
constexpr std::size_t kDigestBuffer = 64;    // TPM2B_DIGEST's buffer: sizeof(TPMU_HA)

bool Selected(std::uint32_t pcrs, std::size_t pcr) { return ((pcrs >> pcr) & 1u) != 0; }

}  // namespace

std::string EcP256PublicKeyPem(Bytes x, Bytes y) {
  // SEQUENCE { SEQUENCE { OID 1.2.840.10045.2.1, OID 1.2.840.10045.3.1.7 },
  //            BIT STRING (no unused bits) { 04 || x || y } }
  static constexpr std::array<std::uint8_t, 27> kPrefix = {
      0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06,
      0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04};
  ByteBuffer der;
  for (std::uint8_t byte : kPrefix) der.push_back(static_cast<std::byte>(byte));
  der.insert(der.end(), x.begin(), x.end());
  der.insert(der.end(), y.begin(), y.end());
  const std::string text = Base64(der);
  std::string pem = "-----BEGIN PUBLIC KEY-----\n";
  for (std::size_t i = 0; i < text.size(); i += 64) pem += text.substr(i, 64) + "\n";
  return pem + "-----END PUBLIC KEY-----\n";
}

ByteBuffer SerializedPcrFile(const std::vector<crypto::PcrBank>& banks, std::uint32_t pcrs) {
  ByteBuffer out;
  ByteWriter writer(out);
  const ByteOrder le = ByteOrder::kLittle;
  writer.WriteU32(static_cast<std::uint32_t>(banks.size()), le);
  for (std::size_t slot = 0; slot < kSelectionSlots; ++slot) {
    if (slot < banks.size()) {
      writer.WriteU16(static_cast<std::uint16_t>(banks[slot].algorithm), le);
      writer.WriteU8(3);  // sizeofSelect
      for (std::size_t i = 0; i < 3; ++i) {
        writer.WriteU8(static_cast<std::uint8_t>((pcrs >> (8 * i)) & 0xff));
      }
      writer.WriteZeros(2);  // pcrSelect[3], pad
    } else {
      writer.WriteZeros(8);
    }
  }
  std::vector<const crypto::Digest*> digests;
  for (const crypto::PcrBank& bank : banks) {
    for (std::size_t pcr = 0; pcr < kPcrCount; ++pcr) {
      if (Selected(pcrs, pcr)) digests.push_back(&bank.values[pcr]);
    }
  }
  const std::size_t lists = (digests.size() + kDigestsPerList - 1) / kDigestsPerList;
  writer.WriteU32(static_cast<std::uint32_t>(lists), le);
  for (std::size_t list = 0; list < lists; ++list) {
    const std::size_t first = list * kDigestsPerList;
    const std::size_t count = std::min(kDigestsPerList, digests.size() - first);
    writer.WriteU32(static_cast<std::uint32_t>(count), le);
    for (std::size_t i = 0; i < kDigestsPerList; ++i) {
      if (i < count) {
        const crypto::Digest& digest = *digests[first + i];
        writer.WriteU16(digest.size, le);
        writer.WriteBytes(digest.bytes());
        writer.WriteZeros(kDigestBuffer - digest.size);
      } else {
        writer.WriteZeros(2 + kDigestBuffer);
      }
    }
  }
  return out;
}

crypto::Digest QuotedPcrDigest(const std::vector<crypto::PcrBank>& banks, std::uint32_t pcrs,
                               crypto::HashAlgorithm algorithm) {
  crypto::Hasher hasher(algorithm);
  for (const crypto::PcrBank& bank : banks) {
    for (std::size_t pcr = 0; pcr < kPcrCount; ++pcr) {
      if (Selected(pcrs, pcr)) hasher.Update(bank.values[pcr].bytes());
    }
  }
  return hasher.Finish();
}

}  // namespace baton::tpm
