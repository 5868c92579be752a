// SPDX-License-Identifier: GPL-2.0-or-later
// Hashing on mbedTLS 2.28's direct SHA functions (no mbedtls_md indirection on the hot path).
#include "bootloader/crypto/hash.h"

#include <mbedtls/sha1.h>
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>

#include <algorithm>

namespace baton::crypto {
namespace {

const unsigned char* Raw(Bytes bytes) {
  return reinterpret_cast<const unsigned char*>(bytes.data());
}
unsigned char* Raw(Digest& digest) { return reinterpret_cast<unsigned char*>(digest.data()); }

}  // namespace

std::string_view HashName(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::kSha1:
      return "sha1";
    case HashAlgorithm::kSha256:
      return "sha256";
    case HashAlgorithm::kSha384:
      return "sha384";
    case HashAlgorithm::kSha512:
      return "sha512";
  }
  return "unknown";
}

std::optional<HashAlgorithm> ParseHashName(std::string_view name) {
  for (HashAlgorithm algorithm : kAllHashAlgorithms) {
    if (HashName(algorithm) == name) return algorithm;
  }
  return std::nullopt;
}

Digest Digest::Padded(HashAlgorithm algorithm, Bytes bytes) {
  Digest digest = Zero(algorithm);
  std::size_t count = std::min<std::size_t>(bytes.size(), digest.size);
  std::copy_n(bytes.begin(), count, digest.storage.begin());
  return digest;
}

struct Hasher::State {
  mbedtls_sha1_context sha1;
  mbedtls_sha256_context sha256;
  mbedtls_sha512_context sha512;
};

Hasher::Hasher(HashAlgorithm algorithm) : algorithm_(algorithm), state_(std::make_unique<State>()) {
  switch (algorithm_) {
    case HashAlgorithm::kSha1:
      mbedtls_sha1_init(&state_->sha1);
      mbedtls_sha1_starts_ret(&state_->sha1);
      break;
    case HashAlgorithm::kSha256:
      mbedtls_sha256_init(&state_->sha256);
      mbedtls_sha256_starts_ret(&state_->sha256, 0);
      break;
    case HashAlgorithm::kSha384:
    case HashAlgorithm::kSha512:
      mbedtls_sha512_init(&state_->sha512);
      mbedtls_sha512_starts_ret(&state_->sha512, algorithm_ == HashAlgorithm::kSha384 ? 1 : 0);
      break;
  }
}

Hasher::~Hasher() {
  mbedtls_sha1_free(&state_->sha1);
  mbedtls_sha256_free(&state_->sha256);
  mbedtls_sha512_free(&state_->sha512);
}

// The _ret functions of mbedTLS 2.28 fail only on hardware-accelerator errors, which this
// build does not have; their status is therefore not propagated.
void Hasher::Update(Bytes data) {
  switch (algorithm_) {
    case HashAlgorithm::kSha1:
      (void)mbedtls_sha1_update_ret(&state_->sha1, Raw(data), data.size());
      break;
    case HashAlgorithm::kSha256:
      (void)mbedtls_sha256_update_ret(&state_->sha256, Raw(data), data.size());
      break;
    case HashAlgorithm::kSha384:
    case HashAlgorithm::kSha512:
      (void)mbedtls_sha512_update_ret(&state_->sha512, Raw(data), data.size());
      break;
  }
}

Digest Hasher::Finish() {
  Digest digest = Digest::Zero(algorithm_);
  switch (algorithm_) {
    case HashAlgorithm::kSha1:
      (void)mbedtls_sha1_finish_ret(&state_->sha1, Raw(digest));
      break;
    case HashAlgorithm::kSha256:
      (void)mbedtls_sha256_finish_ret(&state_->sha256, Raw(digest));
      break;
    case HashAlgorithm::kSha384:
    case HashAlgorithm::kSha512:
      (void)mbedtls_sha512_finish_ret(&state_->sha512, Raw(digest));
      break;
  }
  return digest;
}

Digest Hash(HashAlgorithm algorithm, Bytes data) { return Hash2(algorithm, data, Bytes{}); }

Digest Hash2(HashAlgorithm algorithm, Bytes first, Bytes second) {
  Digest digest = Digest::Zero(algorithm);
  switch (algorithm) {
    case HashAlgorithm::kSha1: {
      mbedtls_sha1_context context;
      mbedtls_sha1_init(&context);
      (void)mbedtls_sha1_starts_ret(&context);
      (void)mbedtls_sha1_update_ret(&context, Raw(first), first.size());
      (void)mbedtls_sha1_update_ret(&context, Raw(second), second.size());
      (void)mbedtls_sha1_finish_ret(&context, Raw(digest));
      mbedtls_sha1_free(&context);
      break;
    }
    case HashAlgorithm::kSha256: {
      mbedtls_sha256_context context;
      mbedtls_sha256_init(&context);
      (void)mbedtls_sha256_starts_ret(&context, 0);
      (void)mbedtls_sha256_update_ret(&context, Raw(first), first.size());
      (void)mbedtls_sha256_update_ret(&context, Raw(second), second.size());
      (void)mbedtls_sha256_finish_ret(&context, Raw(digest));
      mbedtls_sha256_free(&context);
      break;
    }
    case HashAlgorithm::kSha384:
    case HashAlgorithm::kSha512: {
      mbedtls_sha512_context context;
      mbedtls_sha512_init(&context);
      (void)mbedtls_sha512_starts_ret(&context, algorithm == HashAlgorithm::kSha384 ? 1 : 0);
      (void)mbedtls_sha512_update_ret(&context, Raw(first), first.size());
      (void)mbedtls_sha512_update_ret(&context, Raw(second), second.size());
      (void)mbedtls_sha512_finish_ret(&context, Raw(digest));
      mbedtls_sha512_free(&context);
      break;
    }
  }
  return digest;
}

}  // namespace baton::crypto
