// SPDX-License-Identifier: GPL-2.0-or-later
// The pending extends and the checked reboot.
#include "bootloader/boot/pending.h"

#include <algorithm>

#include "bootloader/core/text.h"
#include "bootloader/crypto/hash.h"
#include "bootloader/ima/entries.h"
#include "platform/include/machine_paths.h"

namespace baton::boot {

PendingExtends PendingFrom(std::optional<std::uint64_t> carried_entries,
                           const std::optional<NextKernelMeasurement>& measurement) {
  PendingExtends pending;
  pending.carried_entries = carried_entries;
  if (!measurement) return pending;
  for (const ima::NewEntry& entry : measurement->entries) {
    std::vector<platform::PcrDigest> digests;
    for (std::size_t i = 0; i < measurement->banks.size(); ++i)
      digests.push_back({measurement->banks[i], entry.extend[i]});
    pending.extends.push_back(std::move(digests));
  }
  return pending;
}

std::string FormatPending(const PendingExtends& pending) {
  std::string out;
  if (pending.carried_entries) out += "count " + std::to_string(*pending.carried_entries) + "\n";
  for (const std::vector<platform::PcrDigest>& digests : pending.extends) {
    out += std::to_string(ima::kImaPcr) + ":";
    for (std::size_t i = 0; i < digests.size(); ++i) {
      out += (i ? "," : "") + std::string(crypto::HashName(digests[i].bank)) + "=" +
             ToHex(digests[i].value.bytes());
    }
    out += "\n";
  }
  return out;
}

Result<PendingExtends> ParsePending(std::string_view text) {
  PendingExtends pending;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::string_view line = text.substr(0, text.find('\n'));
    text.remove_prefix(std::min(text.size(), line.size() + 1));
    if (line.empty()) continue;
    auto malformed = [&] {
      return Error::AtLine(ErrorCode::kInvalidArgument, "malformed pending extend", line_number)
          .WithDetail(std::string(line));
    };
    if (line.rfind("count ", 0) == 0) {
      std::optional<std::uint64_t> count = ParseNumber(line.substr(6));
      if (!count || pending.carried_entries) return malformed();
      pending.carried_entries = count;
      continue;
    }
    const std::string prefix = std::to_string(ima::kImaPcr) + ":";
    if (line.rfind(prefix, 0) != 0) return malformed();
    std::vector<platform::PcrDigest> digests;
    std::string_view rest = line.substr(prefix.size());
    while (!rest.empty()) {
      const std::string_view item = rest.substr(0, rest.find(','));
      rest.remove_prefix(std::min(rest.size(), item.size() + 1));
      const std::size_t equals = item.find('=');
      if (equals == std::string_view::npos) return malformed();
      std::optional<crypto::HashAlgorithm> bank = crypto::ParseHashName(item.substr(0, equals));
      std::optional<ByteBuffer> value = FromHex(item.substr(equals + 1));
      if (!bank || !value || value->size() != crypto::DigestSize(*bank)) return malformed();
      digests.push_back({*bank, crypto::Digest::Padded(*bank, *value)});
    }
    if (digests.empty()) return malformed();
    pending.extends.push_back(std::move(digests));
  }
  return pending;
}

Result<void> ExtendPending(platform::Tpm& tpm, const PendingExtends& pending) {
  for (const std::vector<platform::PcrDigest>& digests : pending.extends)
    BATON_TRY(tpm.Extend(ima::kImaPcr, digests));
  return Ok();
}

Result<void> RebootChecked(platform::FileSystem& machine, platform::Tpm* tpm,
                           platform::Kexec& kexec, const PendingExtends& pending) {
  if (pending.carried_entries) {
    const std::optional<std::uint64_t> count = MeasurementCount(machine);
    if (!count) {
      return Error(ErrorCode::kIo,
                   "cannot read the measurement count to check the snapshot; not rebooting");
    }
    if (*count != *pending.carried_entries) {
      return Error(ErrorCode::kImaRejected, "measurements were taken after the list was loaded",
                   std::to_string(*count - std::min(*count, *pending.carried_entries)) +
                       " entries would be missing from the carried list, so it would not replay; "
                       "load again");
    }
  }
  if (!pending.extends.empty()) {
    if (tpm == nullptr) {
      return Error(ErrorCode::kIo,
                   "no TPM to extend the next kernel's measurement into; not rebooting")
          .WithContext("measuring the next kernel");
    }
    if (auto extended = ExtendPending(*tpm, pending); !extended) {
      return std::move(extended).error().WithContext("measuring the next kernel");
    }
  }
  Result<void> executed = kexec.Execute();
  if (executed) return Error(ErrorCode::kIo, "reboot returned");
  return executed;
}

Result<void> RebootIntoLoaded(platform::FileSystem& machine, const platform::TpmOpener& open_tpm,
                              platform::Kexec& kexec) {
  Result<ByteBuffer> text = machine.ReadFile(platform::kPendingExtendsPath, 1 << 16);
  if (!text) {
    return Error(ErrorCode::kIo, "cannot read what `baton kexec load` measured; not rebooting",
                 text.error().ToString())
        .WithContext(platform::kPendingExtendsPath);
  }
  Result<PendingExtends> pending = ParsePending(AsText(*text));
  if (!pending) return std::move(pending).error().WithContext(platform::kPendingExtendsPath);
  std::unique_ptr<platform::Tpm> tpm;
  if (!pending->extends.empty()) {
    Result<std::unique_ptr<platform::Tpm>> opened = open_tpm();
    if (!opened) return std::move(opened).error().WithContext("measuring the next kernel");
    tpm = std::move(*opened);
  }
  return RebootChecked(machine, tpm.get(), kexec, *pending);
}

}  // namespace baton::boot
