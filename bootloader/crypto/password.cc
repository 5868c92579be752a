// SPDX-License-Identifier: GPL-2.0-or-later
// SHA-512 crypt, from Drepper's specification (see the header).
#include "bootloader/crypto/password.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include <openssl/rand.h>

#include "bootloader/crypto/hash.h"

namespace baton::crypto {
namespace {

constexpr std::string_view kPrefix = "$6$";
constexpr std::string_view kRoundsPrefix = "rounds=";
constexpr std::size_t kMaxSalt = 16;
constexpr std::uint64_t kDefaultRounds = 5000;
constexpr std::uint64_t kMinRounds = 1000;
constexpr std::uint64_t kMaxRounds = 999999999;
constexpr std::size_t kSize = 64;
constexpr char kAlphabet[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

using Block = std::array<std::byte, kSize>;

Block Finish(Hasher& hasher) {
  const Digest digest = hasher.Finish();
  Block block{};
  std::copy(digest.storage.begin(), digest.storage.begin() + kSize, block.begin());
  return block;
}

// `length` bytes of `block` repeated (the "P sequence" and "S sequence" of the specification).
std::string Repeat(const Block& block, std::size_t length) {
  std::string out;
  out.reserve(length);
  for (std::size_t i = 0; i < length; ++i) out.push_back(static_cast<char>(block[i % kSize]));
  return out;
}

struct Setting {
  std::string_view salt;
  std::uint64_t rounds = kDefaultRounds;
  bool rounds_given = false;
};

std::optional<Setting> ParseSetting(std::string_view text) {
  if (!text.starts_with(kPrefix)) return std::nullopt;
  text.remove_prefix(kPrefix.size());
  Setting setting;
  if (text.starts_with(kRoundsPrefix)) {
    const std::size_t end = text.find('$');
    const std::string_view digits = text.substr(kRoundsPrefix.size(), end - kRoundsPrefix.size());
    if (end == std::string_view::npos || digits.empty() || digits.size() > 10 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
    std::uint64_t rounds = 0;
    for (char c : digits) rounds = rounds * 10 + static_cast<std::uint64_t>(c - '0');
    setting.rounds = std::clamp(rounds, kMinRounds, kMaxRounds);
    setting.rounds_given = true;
    text.remove_prefix(end + 1);
  }
  // The salt ends at the next '$' (or the end), and only its first 16 characters count.
  setting.salt = text.substr(0, std::min(text.find('$'), text.size()));
  setting.salt = setting.salt.substr(0, kMaxSalt);
  return setting;
}

void Append64(std::string& out, unsigned b2, unsigned b1, unsigned b0, int count) {
  unsigned word = (b2 << 16) | (b1 << 8) | b0;
  for (int i = 0; i < count; ++i) {
    out.push_back(kAlphabet[word & 0x3f]);
    word >>= 6;
  }
}

}  // namespace

std::optional<std::string> Sha512Crypt(std::string_view password, std::string_view setting_text) {
  const std::optional<Setting> setting = ParseSetting(setting_text);
  if (!setting || setting->rounds > kMaxPasswordRounds) return std::nullopt;
  const std::string_view salt = setting->salt;
  const Bytes key = AsBytes(password);
  const Bytes salt_bytes = AsBytes(salt);

  // B = H(password salt password).
  Hasher alternate(HashAlgorithm::kSha512);
  alternate.Update(key);
  alternate.Update(salt_bytes);
  alternate.Update(key);
  const Block b = Finish(alternate);

  // A = H(password salt, B for each byte of the password, then B or the password per bit of its
  // length).
  Hasher first(HashAlgorithm::kSha512);
  first.Update(key);
  first.Update(salt_bytes);
  std::size_t left = password.size();
  for (; left > kSize; left -= kSize) first.Update(b);
  first.Update(Bytes(b).first(left));
  for (std::size_t bits = password.size(); bits > 0; bits >>= 1) {
    if ((bits & 1) != 0) {
      first.Update(b);
    } else {
      first.Update(key);
    }
  }
  Block a = Finish(first);

  // The P sequence: H(password repeated once per byte of it), as long as the password.
  Hasher p_hasher(HashAlgorithm::kSha512);
  for (std::size_t i = 0; i < password.size(); ++i) p_hasher.Update(key);
  const std::string p = Repeat(Finish(p_hasher), password.size());
  // The S sequence: H(salt repeated 16 + A[0] times), as long as the salt.
  Hasher s_hasher(HashAlgorithm::kSha512);
  for (unsigned i = 0; i < 16u + std::to_integer<unsigned>(a[0]); ++i) s_hasher.Update(salt_bytes);
  const std::string s = Repeat(Finish(s_hasher), salt.size());

  for (std::uint64_t round = 0; round < setting->rounds; ++round) {
    Hasher hasher(HashAlgorithm::kSha512);
    const bool odd = (round & 1) != 0;
    if (odd) {
      hasher.Update(AsBytes(p));
    } else {
      hasher.Update(a);
    }
    if (round % 3 != 0) hasher.Update(AsBytes(s));
    if (round % 7 != 0) hasher.Update(AsBytes(p));
    if (odd) {
      hasher.Update(a);
    } else {
      hasher.Update(AsBytes(p));
    }
    a = Finish(hasher);
  }

  std::string out(kPrefix);
  if (setting->rounds_given) {
    out += std::string(kRoundsPrefix) + std::to_string(setting->rounds) + "$";
  }
  out += std::string(salt) + "$";
  auto at = [&a](int i) { return std::to_integer<unsigned>(a[static_cast<std::size_t>(i)]); };
  // The specification's order: 21 groups of three bytes i, i + 21, i + 42 rotated, then byte 63.
  static constexpr int kOrder[21][3] = {
      {0, 21, 42},  {22, 43, 1},  {44, 2, 23},  {3, 24, 45},  {25, 46, 4},  {47, 5, 26},
      {6, 27, 48},  {28, 49, 7},  {50, 8, 29},  {9, 30, 51},  {31, 52, 10}, {53, 11, 32},
      {12, 33, 54}, {34, 55, 13}, {56, 14, 35}, {15, 36, 57}, {37, 58, 16}, {59, 17, 38},
      {18, 39, 60}, {40, 61, 19}, {62, 20, 41}};
  for (const auto& group : kOrder) Append64(out, at(group[0]), at(group[1]), at(group[2]), 4);
  Append64(out, 0, 0, at(63), 2);
  return out;
}

std::optional<std::string> MakePasswordHash(std::string_view password) {
  std::array<unsigned char, kMaxSalt> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) return std::nullopt;
  std::string setting(kPrefix);
  for (unsigned char byte : random) setting.push_back(kAlphabet[byte & 0x3f]);
  return Sha512Crypt(password, setting);
}

bool CheckPassword(std::string_view password, std::string_view hash) {
  const std::optional<std::string> made = Sha512Crypt(password, hash);
  if (!made || made->size() != hash.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < hash.size(); ++i) {
    difference |= static_cast<unsigned char>((*made)[i] ^ hash[i]);
  }
  return difference == 0;
}

}  // namespace baton::crypto
