// SPDX-License-Identifier: GPL-2.0-or-later
// Passwords as crypt(3) stores them in SHA-512 form ("$6$"): what petitboot keeps in
// `petitboot,password` and `mkpasswd -m sha-512` (Debian whois) prints.
//
// The algorithm is Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512" (the specification
// glibc and libxcrypt implement): the salt is at most 16 characters, rounds default to 5000 and
// are clamped to [1000, 999999999] when "rounds=N$" is given, and the 64-byte result is written
// in crypt's base-64 alphabet (./0-9A-Za-z) in the specification's byte order. Written here from
// the specification, on the digests of crypto/hash.h; judged against mkpasswd's hashes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace baton::crypto {

// The most rounds baton computes: a hash from the NVRAM is untrusted, and 999999999 rounds
// would keep the menu busy for half an hour. A million take about a second here.
inline constexpr unsigned long kMaxPasswordRounds = 1000000;

// The crypt(3) string of `password` under `setting` ("$6$salt" or "$6$rounds=N$salt", with or
// without a hash after it); nullopt when `setting` is not a SHA-512 setting or asks for more
// than kMaxPasswordRounds.
std::optional<std::string> Sha512Crypt(std::string_view password, std::string_view setting);

// A new hash of `password` with 16 random salt characters (from libcrypto's generator) and the
// default 5000 rounds, as `mkpasswd -m sha-512` makes one; nullopt when no randomness is to be
// had.
std::optional<std::string> MakePasswordHash(std::string_view password);

// Whether `password` is the one `hash` was made from. The comparison takes the same time
// wherever the strings first differ. False for a hash that is not SHA-512 crypt.
bool CheckPassword(std::string_view password, std::string_view hash);

}  // namespace baton::crypto
