// SPDX-License-Identifier: GPL-2.0-or-later
// Hashing: FIPS 180 "abc" vectors, streaming equals one-shot, extend.
#include <string>

#include "bootloader/core/text.h"
#include "bootloader/crypto/hash.h"

#include "tests/unit/harness.h"

using namespace baton;
using namespace baton::crypto;

TEST_GROUP(Hash){};

TEST(Hash, FipsAbcVectors) {
  STRCMP_EQUAL("a9993e364706816aba3e25717850c26c9cd0d89d",
               ToHex(Hash(HashAlgorithm::kSha1, AsBytes("abc")).bytes()).c_str());
  STRCMP_EQUAL("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
               ToHex(Hash(HashAlgorithm::kSha256, AsBytes("abc")).bytes()).c_str());
  STRCMP_EQUAL(
      "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c8"
      "25a7",
      ToHex(Hash(HashAlgorithm::kSha384, AsBytes("abc")).bytes()).c_str());
  STRCMP_EQUAL(
      "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3fe"
      "ebbd454d4423643ce80e2a9ac94fa54ca49f",
      ToHex(Hash(HashAlgorithm::kSha512, AsBytes("abc")).bytes()).c_str());
}

TEST(Hash, StreamingEqualsOneShot) {
  std::string data(200000, 'x');
  for (HashAlgorithm algorithm : kAllHashAlgorithms) {
    Hasher hasher(algorithm);
    hasher.Update(AsBytes(std::string_view(data).substr(0, 12345)));
    hasher.Update(AsBytes(std::string_view(data).substr(12345)));
    CHECK(hasher.Finish() == Hash(algorithm, AsBytes(data)));
    CHECK(Hash2(algorithm, AsBytes("ab"), AsBytes("c")) == Hash(algorithm, AsBytes("abc")));
  }
}

TEST(Hash, ExtendIsHashOfOldAndValue) {
  Digest pcr = Digest::Zero(HashAlgorithm::kSha256);
  Digest value = Hash(HashAlgorithm::kSha256, AsBytes("abc"));
  Extend(HashAlgorithm::kSha256, pcr, value.bytes());
  std::string concatenated(32, '\0');
  concatenated += std::string(reinterpret_cast<const char*>(value.data()), 32);
  CHECK(pcr == Hash(HashAlgorithm::kSha256, AsBytes(concatenated)));
}

TEST(Hash, Names) {
  for (HashAlgorithm algorithm : kAllHashAlgorithms) {
    CHECK(ParseHashName(HashName(algorithm)) == algorithm);
  }
  CHECK_FALSE(ParseHashName("md5").has_value());
}
