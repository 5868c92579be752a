// SPDX-License-Identifier: GPL-2.0-or-later
// Hashing on OpenSSL 3's libcrypto.
//
// Why libcrypto: it is in the process and in the firmware image anyway (tpm2-tss needs it), and
// it hashes with the CPU's instructions (SHA-NI on x86, the vector crypto of POWER8 and later);
// mbedTLS 2.28 hashes in portable C, at a quarter of the speed on small messages.
//
// Two doors into the same implementation, chosen by measurement (OpenSSL 3.0.19, this
// machine's `make bench`, 1M-entry replay of sha1+sha256, four hashes of under 128 bytes an
// entry):
//   Hasher (files: kernels, initrds) goes through EVP with its own context; per call overhead
//     does not matter against megabytes.
//   Hash/Hash2 (small one-shot messages: template digests, extends) call libcrypto's direct
//     SHA*_Init/Update/Final on a context on the stack. Through EVP, even with one reused
//     context per thread and each algorithm fetched once, OpenSSL 3.0 frees and rebuilds the
//     provider's context on every EVP_DigestInit_ex2 (a malloc, a free, a cleanse, reference
//     counting): about 90 ns a hash, which made the replay 0.35 s instead of 0.25 s and missed
//     the 10x target against evmctl. The direct functions are deprecated in OpenSSL 3 but
//     present in every 3.x, and reach the same assembly (sha256_block_data_order and kin).
//     OpenSSL's SHA256() one-shot helper is not used either: in 3.0 it fetches on every call.
//
// Failures: with libcrypto's built-in default provider, digest calls fail only when memory
// runs out or the library is broken; neither comes from input, so they end the process with a
// message instead of yielding a wrong digest.
#include "bootloader/crypto/hash.h"

// The direct SHA functions of Hash2 (see above).
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>

namespace baton::crypto {
namespace {

std::size_t Index(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::kSha1:
      return 0;
    case HashAlgorithm::kSha256:
      return 1;
    case HashAlgorithm::kSha384:
      return 2;
    case HashAlgorithm::kSha512:
      return 3;
  }
  return 1;
}

[[noreturn]] void Broken(HashAlgorithm algorithm, const char* what) {
  std::fprintf(stderr, "baton: libcrypto cannot %s %.*s; the image's libcrypto is broken\n", what,
               static_cast<int>(HashName(algorithm).size()), HashName(algorithm).data());
  std::abort();
}

// The algorithms, fetched once (thread-safe static initialisation) and kept for the process.
const EVP_MD* Md(HashAlgorithm algorithm) {
  static const std::array<EVP_MD*, 4> mds = [] {
    std::array<EVP_MD*, 4> fetched{};
    const std::array<const char*, 4> names = {"SHA1", "SHA256", "SHA384", "SHA512"};
    for (std::size_t i = 0; i < names.size(); ++i) {
      fetched[i] = EVP_MD_fetch(nullptr, names[i], nullptr);
    }
    return fetched;
  }();
  const EVP_MD* md = mds[Index(algorithm)];
  if (md == nullptr) Broken(algorithm, "fetch");
  return md;
}

void Start(EVP_MD_CTX* context, HashAlgorithm algorithm) {
  if (EVP_DigestInit_ex2(context, Md(algorithm), nullptr) != 1) Broken(algorithm, "start");
}
void Feed(EVP_MD_CTX* context, HashAlgorithm algorithm, Bytes data) {
  if (!data.empty() && EVP_DigestUpdate(context, data.data(), data.size()) != 1) {
    Broken(algorithm, "update");
  }
}
Digest End(EVP_MD_CTX* context, HashAlgorithm algorithm) {
  Digest digest = Digest::Zero(algorithm);
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(context, reinterpret_cast<unsigned char*>(digest.data()), &size) != 1 ||
      size != digest.size) {
    Broken(algorithm, "finish");
  }
  return digest;
}

EVP_MD_CTX* NewContext(HashAlgorithm algorithm) {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  if (context == nullptr) Broken(algorithm, "allocate a context for");
  return context;
}

const unsigned char* Raw(Bytes bytes) {
  return reinterpret_cast<const unsigned char*>(bytes.data());
}

// One of libcrypto's direct SHA context types and its three functions.
template <typename Context, int (*kInit)(Context*),
          int (*kUpdate)(Context*, const void*, std::size_t),
          int (*kFinal)(unsigned char*, Context*)>
Digest DirectHash(HashAlgorithm algorithm, Bytes first, Bytes second) {
  Context context;
  Digest digest = Digest::Zero(algorithm);
  if (kInit(&context) != 1 || kUpdate(&context, Raw(first), first.size()) != 1 ||
      kUpdate(&context, Raw(second), second.size()) != 1 ||
      kFinal(reinterpret_cast<unsigned char*>(digest.data()), &context) != 1) {
    Broken(algorithm, "compute");
  }
  return digest;
}

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
  EVP_MD_CTX* context;
};

Hasher::Hasher(HashAlgorithm algorithm)
    : algorithm_(algorithm), state_(std::make_unique<State>(State{NewContext(algorithm)})) {
  Start(state_->context, algorithm_);
}

Hasher::~Hasher() { EVP_MD_CTX_free(state_->context); }

void Hasher::Update(Bytes data) { Feed(state_->context, algorithm_, data); }

Digest Hasher::Finish() { return End(state_->context, algorithm_); }

Hasher::Hasher(HashAlgorithm algorithm, const Hasher& from)
    : algorithm_(algorithm), state_(std::make_unique<State>(State{EVP_MD_CTX_new()})) {
  if (state_->context == nullptr || EVP_MD_CTX_copy_ex(state_->context, from.state_->context) != 1)
    Broken(algorithm, "copy");
}

std::unique_ptr<Hasher> Hasher::Copy() const {
  return std::unique_ptr<Hasher>(new Hasher(algorithm_, *this));
}

void PrefixHasher::Update(Bytes piece) {
  if (piece.empty()) return;
  kept_[next_] = Kept{fed_, whole_.Copy()};
  next_ = (next_ + 1) % kKeptPieces;
  whole_.Update(piece);
  fed_ += piece.size();
}

std::optional<Digest> PrefixHasher::PrefixDigest(Bytes input, std::uint64_t size) const {
  if (size > input.size()) return std::nullopt;
  const Kept* best = nullptr;
  for (const Kept& kept : kept_) {
    if (kept.state && kept.offset <= size && (best == nullptr || kept.offset > best->offset))
      best = &kept;
  }
  if (best == nullptr) return std::nullopt;
  std::unique_ptr<Hasher> prefix = best->state->Copy();
  prefix->Update(input.subspan(best->offset, size - best->offset));
  return prefix->Finish();
}

Digest Hash(HashAlgorithm algorithm, Bytes data) { return Hash2(algorithm, data, Bytes{}); }

Digest Hash2(HashAlgorithm algorithm, Bytes first, Bytes second) {
  switch (algorithm) {
    case HashAlgorithm::kSha1:
      return DirectHash<SHA_CTX, SHA1_Init, SHA1_Update, SHA1_Final>(algorithm, first, second);
    case HashAlgorithm::kSha256:
      return DirectHash<SHA256_CTX, SHA256_Init, SHA256_Update, SHA256_Final>(algorithm, first,
                                                                              second);
    case HashAlgorithm::kSha384:
      return DirectHash<SHA512_CTX, SHA384_Init, SHA384_Update, SHA384_Final>(algorithm, first,
                                                                              second);
    case HashAlgorithm::kSha512:
      return DirectHash<SHA512_CTX, SHA512_Init, SHA512_Update, SHA512_Final>(algorithm, first,
                                                                              second);
  }
  Broken(algorithm, "compute");
}

}  // namespace baton::crypto
