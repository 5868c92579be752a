// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: a password hash as restricted mode reads it from `petitboot,password` in the
// NVRAM (untrusted), checked against a password. Hashes asking for more than 1000 rounds are
// cut to "rounds=1000" here so that the fuzzer spends its time on the parser, not on SHA-512;
// the cap of kMaxPasswordRounds itself is a unit test's.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bootloader/crypto/password.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string hash(reinterpret_cast<const char*>(data), size);
  const std::size_t rounds = hash.find("rounds=");
  if (rounds != std::string::npos) {
    const std::size_t end = hash.find('$', rounds);
    hash.replace(rounds, end == std::string::npos ? std::string::npos : end - rounds,
                 "rounds=1000");
  }
  const bool right = baton::crypto::CheckPassword("a password", hash);
  const std::optional<std::string> made = baton::crypto::Sha512Crypt("a password", hash);
  // A check is right only for the very string the hash function makes.
  if (right && (!made || *made != hash)) __builtin_trap();
  return 0;
}
