// SPDX-License-Identifier: GPL-2.0-or-later
// Building measurement entries.
#include "bootloader/ima/entries.h"

#include <algorithm>

#include "bootloader/ima/measurement_list.h"

namespace baton::ima {
namespace {

using crypto::Digest;
using crypto::HashAlgorithm;

NewEntry Finish(std::uint32_t pcr, std::string_view template_name, const ByteBuffer& data,
                ByteOrder order, const std::vector<HashAlgorithm>& banks, ReplayRule rule) {
  NewEntry made;
  Digest template_digest = crypto::Hash(HashAlgorithm::kSha1, data);
  AppendEntry(made.bytes, pcr, template_digest.bytes(), template_name, data, order);
  ListReader reader(made.bytes, order);
  ListEntry entry;
  // The entry was just written by AppendEntry, so it parses.
  (void)reader.Next(entry);
  for (HashAlgorithm bank : banks) made.extend.push_back(ExtendValue(entry, bank, rule));
  return made;
}

}  // namespace

ByteBuffer DigestNgField(HashAlgorithm algorithm, Bytes digest) {
  ByteBuffer field;
  std::string_view name = crypto::HashName(algorithm);
  field.insert(field.end(), AsBytes(name).begin(), AsBytes(name).end());
  field.push_back(std::byte{':'});
  field.push_back(std::byte{0});
  field.insert(field.end(), digest.begin(), digest.end());
  return field;
}

ByteBuffer NameNgField(std::string_view name) {
  ByteBuffer field;
  field.reserve(name.size() + 1);
  for (char c : name) field.push_back(static_cast<std::byte>(c == ' ' ? '_' : c));
  field.push_back(std::byte{0});
  return field;
}

NewEntry MakeFileEntry(std::uint32_t pcr, HashAlgorithm algorithm, Bytes digest,
                       std::string_view name, ByteOrder order,
                       const std::vector<HashAlgorithm>& banks, ReplayRule rule) {
  ByteBuffer data;
  AppendField(data, DigestNgField(algorithm, digest), order);
  AppendField(data, NameNgField(name), order);
  return Finish(pcr, "ima-ng", data, order, banks, rule);
}

NewEntry MakeModsigEntry(std::uint32_t pcr, HashAlgorithm algorithm, Bytes digest,
                         std::string_view name, HashAlgorithm signed_algorithm, Bytes signed_digest,
                         Bytes pkcs7, ByteOrder order, const std::vector<HashAlgorithm>& banks,
                         ReplayRule rule) {
  ByteBuffer data;
  AppendField(data, DigestNgField(algorithm, digest), order);
  AppendField(data, NameNgField(name), order);
  AppendField(data, Bytes{}, order);
  AppendField(data, DigestNgField(signed_algorithm, signed_digest), order);
  AppendField(data, pkcs7, order);
  return Finish(pcr, "ima-modsig", data, order, banks, rule);
}

NewEntry MakeBufferEntry(std::uint32_t pcr, HashAlgorithm algorithm, std::string_view name,
                         Bytes buffer, ByteOrder order, const std::vector<HashAlgorithm>& banks,
                         ReplayRule rule) {
  ByteBuffer data;
  Digest digest = crypto::Hash(algorithm, buffer);
  AppendField(data, DigestNgField(algorithm, digest.bytes()), order);
  AppendField(data, NameNgField(name), order);
  AppendField(data, buffer, order);
  return Finish(pcr, "ima-buf", data, order, banks, rule);
}

std::optional<HashAlgorithm> BootAggregateBank(HashAlgorithm ima_hash,
                                               const std::vector<HashAlgorithm>& allocated) {
  auto has = [&](HashAlgorithm algorithm) {
    return std::find(allocated.begin(), allocated.end(), algorithm) != allocated.end();
  };
  for (HashAlgorithm candidate : {ima_hash, HashAlgorithm::kSha256, HashAlgorithm::kSha1}) {
    if (has(candidate)) return candidate;
  }
  return std::nullopt;
}

Digest BootAggregate(const PcrBank& pcrs) {
  crypto::Hasher hasher(pcrs.algorithm);
  const std::size_t last = pcrs.algorithm == HashAlgorithm::kSha1 ? 7 : 9;
  for (std::size_t i = 0; i <= last; ++i) hasher.Update(pcrs.values[i].bytes());
  return hasher.Finish();
}

NewEntry MakeBootAggregateEntry(const PcrBank& pcrs, ByteOrder order,
                                const std::vector<HashAlgorithm>& banks, ReplayRule rule) {
  Digest aggregate = BootAggregate(pcrs);
  return MakeFileEntry(kImaPcr, pcrs.algorithm, aggregate.bytes(), "boot_aggregate", order, banks,
                       rule);
}

}  // namespace baton::ima
