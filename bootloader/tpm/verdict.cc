// SPDX-License-Identifier: GPL-2.0-or-later
// Replay verdicts against live PCRs.
#include "bootloader/tpm/verdict.h"

#include <algorithm>

#include "bootloader/ima/entries.h"
#include "bootloader/ima/measurement_list.h"

namespace baton::tpm {
namespace {

using crypto::HashAlgorithm;

// The digest inside a d-ng field ("algo:\0" + digest), with its algorithm.
std::optional<std::pair<HashAlgorithm, Bytes>> DigestNg(Bytes field) {
  std::string_view text = AsText(field);
  std::size_t nul = text.find('\0');
  if (nul == std::string_view::npos || nul == 0 || text[nul - 1] != ':') return std::nullopt;
  std::optional<HashAlgorithm> algorithm = crypto::ParseHashName(text.substr(0, nul - 1));
  if (!algorithm) return std::nullopt;
  return std::pair{*algorithm, field.subspan(nul + 1)};
}

}  // namespace

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kReplays:
      return "replays";
    case Verdict::kDoesNotReplay:
      return "does not replay";
    case Verdict::kCannotTell:
      return "cannot tell";
  }
  return "?";
}

Result<ListVerdict> JudgeList(Bytes stream, ByteOrder order, const std::vector<ima::PcrBank>& live,
                              const std::string& no_tpm_reason) {
  ListVerdict result;
  // Boot generations and the newest boot_aggregate.
  ima::ListReader reader(stream, order);
  ima::ListEntry entry;
  std::optional<std::pair<HashAlgorithm, ByteBuffer>> newest_aggregate;
  while (BATON_TRY(reader.Next(entry))) {
    ++result.entries;
    auto format = ima::ResolveTemplate(entry.template_name);
    if (!format) continue;
    auto fields = ima::SplitFields(entry, *format, order);
    if (!fields || fields->format.count < 2) continue;
    std::string_view name = AsText(fields->data[1]);
    name = name.substr(0, name.find('\0'));
    if (name != "boot_aggregate") continue;
    ++result.boot_generations;
    if (fields->format.fields[0] == ima::FieldId::kDigestNg) {
      if (auto digest = DigestNg(fields->data[0])) {
        newest_aggregate =
            std::pair{digest->first, ByteBuffer(digest->second.begin(), digest->second.end())};
      }
    } else if (fields->format.fields[0] == ima::FieldId::kD) {
      newest_aggregate = std::pair{HashAlgorithm::kSha1,
                                   ByteBuffer(fields->data[0].begin(), fields->data[0].end())};
    }
  }

  if (live.empty()) {
    result.overall = Verdict::kCannotTell;
    result.boot_aggregate_reason = no_tpm_reason;
    for (HashAlgorithm bank : {HashAlgorithm::kSha1, HashAlgorithm::kSha256}) {
      result.banks.push_back({bank, Verdict::kCannotTell, {}, {}, std::nullopt, no_tpm_reason});
    }
    return result;
  }

  std::vector<ima::BankRequest> requests;
  for (const ima::PcrBank& bank : live) requests.push_back({bank.algorithm, &bank});
  std::vector<ima::BankReplay> replays =
      BATON_TRY(ima::ReplayBanks(stream, order, requests, ima::ReplayRule::kPerBankDigest));
  bool all_replay = true;
  for (const ima::BankReplay& replay : replays) {
    BankVerdict verdict;
    verdict.bank = replay.values.algorithm;
    verdict.longest_prefix = replay.longest_prefix;
    verdict.named = replay.named;
    for (std::uint32_t i = 0; i < ima::kPcrCount; ++i) {
      if (replay.mismatched.test(i)) verdict.mismatched_pcrs.push_back(i);
    }
    if (replay.named.none()) {
      verdict.verdict = Verdict::kCannotTell;
      verdict.reason = "the list is empty";
    } else if (replay.matches) {
      verdict.verdict = Verdict::kReplays;
    } else {
      verdict.verdict = Verdict::kDoesNotReplay;
      if (replay.digest_mismatch_offset) {
        verdict.reason = "an entry's template digest is not SHA-1 of its data (offset " +
                         std::to_string(*replay.digest_mismatch_offset) + ")";
      }
    }
    all_replay = all_replay && verdict.verdict == Verdict::kReplays;
    result.banks.push_back(std::move(verdict));
  }
  result.overall = all_replay ? Verdict::kReplays : Verdict::kDoesNotReplay;
  if (std::all_of(result.banks.begin(), result.banks.end(),
                  [](const BankVerdict& b) { return b.verdict == Verdict::kCannotTell; })) {
    result.overall = Verdict::kCannotTell;
  }

  if (!newest_aggregate) {
    result.boot_aggregate_reason = "the list has no boot_aggregate";
  } else {
    auto bank = std::find_if(live.begin(), live.end(), [&](const ima::PcrBank& b) {
      return b.algorithm == newest_aggregate->first;
    });
    if (bank == live.end()) {
      result.boot_aggregate_reason = std::string("the TPM has no ") +
                                     std::string(crypto::HashName(newest_aggregate->first)) +
                                     " bank";
    } else {
      crypto::Digest expected = ima::BootAggregate(*bank);
      result.boot_aggregate_matches =
          ByteBuffer(expected.bytes().begin(), expected.bytes().end()) == newest_aggregate->second;
      if (!*result.boot_aggregate_matches) {
        result.boot_aggregate_reason = "PCR 0-9 changed since the newest kernel booted";
      }
    }
  }
  return result;
}

}  // namespace baton::tpm
