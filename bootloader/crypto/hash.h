// SPDX-License-Identifier: GPL-2.0-or-later
// Hashing for TPM banks and IMA: SHA-1, SHA-256, SHA-384, SHA-512.
//
// This folder is the only code that includes libcrypto (hash.cc says why libcrypto and how
// it is called, by measurement). Digests are fixed-size values with no heap allocation, and
// the one-shot hashes keep their context on the stack, so replaying a million-entry list
// allocates nothing per entry.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "bootloader/core/bytes.h"

namespace baton::crypto {

// TPM algorithm ids (TCG Algorithm Registry) double as our enum values.
enum class HashAlgorithm : std::uint16_t {
  kSha1 = 0x0004,
  kSha256 = 0x000b,
  kSha384 = 0x000c,
  kSha512 = 0x000d,
};

inline constexpr std::array<HashAlgorithm, 4> kAllHashAlgorithms = {
    HashAlgorithm::kSha1, HashAlgorithm::kSha256, HashAlgorithm::kSha384, HashAlgorithm::kSha512};

inline constexpr std::size_t kMaxDigestSize = 64;

constexpr std::size_t DigestSize(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::kSha1:
      return 20;
    case HashAlgorithm::kSha256:
      return 32;
    case HashAlgorithm::kSha384:
      return 48;
    case HashAlgorithm::kSha512:
      return 64;
  }
  return 0;
}

// "sha1", "sha256", … as the kernel and evmctl spell them.
std::string_view HashName(HashAlgorithm algorithm);
std::optional<HashAlgorithm> ParseHashName(std::string_view name);

// A digest of up to 64 bytes with its size.
struct Digest {
  std::array<std::byte, kMaxDigestSize> storage{};
  std::uint8_t size = 0;

  Bytes bytes() const { return {storage.data(), size}; }
  std::byte* data() { return storage.data(); }
  bool operator==(const Digest& other) const {
    return size == other.size &&
           std::equal(storage.begin(), storage.begin() + size, other.storage.begin());
  }

  static Digest Zero(HashAlgorithm algorithm) {
    Digest digest;
    digest.size = static_cast<std::uint8_t>(DigestSize(algorithm));
    return digest;
  }
  static Digest Filled(HashAlgorithm algorithm, std::byte value) {
    Digest digest = Zero(algorithm);
    std::fill(digest.storage.begin(), digest.storage.begin() + digest.size, value);
    return digest;
  }
  // `bytes` truncated or zero-padded to the algorithm's size (the kernel's "padded SHA-1").
  static Digest Padded(HashAlgorithm algorithm, Bytes bytes);
};

// One-shot hash of a buffer.
Digest Hash(HashAlgorithm algorithm, Bytes data);
// Hash of the concatenation of two buffers, without copying them together.
Digest Hash2(HashAlgorithm algorithm, Bytes first, Bytes second);
// TPM2_PCR_Extend in software: H(pcr ‖ value). `value` is used as given (callers pad).
inline void Extend(HashAlgorithm algorithm, Digest& pcr, Bytes value) {
  pcr = Hash2(algorithm, pcr.bytes(), value);
}

// Streaming hash for large inputs (kernel images, initrds).
class Hasher {
 public:
  explicit Hasher(HashAlgorithm algorithm);
  ~Hasher();
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  void Update(Bytes data);
  Digest Finish();
  HashAlgorithm algorithm() const { return algorithm_; }
  // A hasher in the same state (the same bytes fed so far), going on independently.
  std::unique_ptr<Hasher> Copy() const;

 private:
  Hasher(HashAlgorithm algorithm, const Hasher& from);
  struct State;
  HashAlgorithm algorithm_;
  std::unique_ptr<State> state_;
};

// A streaming hash that can also give the digest of a prefix of what it was fed, ending in one
// of its last kKeptPieces pieces, without hashing the input again: it keeps a copy of its state
// before each of those pieces. It gives an image's digest whole and without its appended
// signature (which lies in the last piece or two) in one pass.
class PrefixHasher {
 public:
  static constexpr std::size_t kKeptPieces = 4;
  explicit PrefixHasher(HashAlgorithm algorithm) : whole_(algorithm) {}
  void Update(Bytes piece);
  // The digest of all that was fed. Call once.
  Digest Finish() { return whole_.Finish(); }
  // The digest of the first `size` bytes of `input` (everything fed so far, again), or nullopt
  // when `size` lies before the kept pieces.
  std::optional<Digest> PrefixDigest(Bytes input, std::uint64_t size) const;
  HashAlgorithm algorithm() const { return whole_.algorithm(); }

 private:
  struct Kept {
    std::uint64_t offset;
    std::unique_ptr<Hasher> state;
  };
  Hasher whole_;
  std::uint64_t fed_ = 0;
  Kept kept_[kKeptPieces];
  std::size_t next_ = 0;
};

}  // namespace baton::crypto
