// SPDX-License-Identifier: GPL-2.0-or-later
// The PCR screen's lines.
#include "ui/pcr_screen.h"

#include <cstdio>

#include "bootloader/core/text.h"
#include "bootloader/tpm/event_log.h"
#include "bootloader/tpm/event_replay.h"
#include "bootloader/tpm/verdict.h"

namespace baton::ui {

std::vector<std::string> PcrScreenLines(const std::vector<ima::PcrBank>& banks,
                                        const std::string& no_tpm, const Result<ByteBuffer>& list,
                                        const Result<ByteBuffer>& event_log) {
  std::vector<std::string> lines;
  if (!no_tpm.empty()) lines.push_back("No TPM: " + no_tpm);
  if (!list) {
    lines.push_back("IMA list: " + list.error().ToString());
  } else if (Result<tpm::ListVerdict> verdict =
                 tpm::JudgeList(*list, NativeByteOrder(), banks, no_tpm);
             !verdict) {
    lines.push_back("IMA list: cannot be read: " + verdict.error().ToString());
  } else {
    for (const tpm::BankVerdict& bank : verdict->banks) {
      std::string line = "IMA list, " + std::string(crypto::HashName(bank.bank)) + ": " +
                         std::string(tpm::VerdictName(bank.verdict));
      if (bank.verdict == tpm::Verdict::kDoesNotReplay) {
        line += bank.longest_prefix ? " (first " + std::to_string(*bank.longest_prefix) + " of " +
                                          std::to_string(verdict->entries) + " replay)"
                                    : " (no prefix replays)";
      }
      if (!bank.reason.empty() && bank.verdict == tpm::Verdict::kCannotTell)
        line += " (" + bank.reason + ")";
      lines.push_back(line);
    }
    lines.push_back("entries: " + std::to_string(verdict->entries) +
                    ", boot generations: " + std::to_string(verdict->boot_generations));
  }
  if (!event_log) {
    lines.push_back("Event log (PCR 0-9): none on this machine");
  } else if (Result<tpm::EventLog> parsed = tpm::ParseEventLog(*event_log); !parsed) {
    lines.push_back("Event log (PCR 0-9): cannot be read: " + parsed.error().ToString());
  } else {
    tpm::EventLogVerdict judged = tpm::JudgeEventLog(*parsed, banks);
    lines.push_back("Event log (PCR 0-9): " + std::string(tpm::VerdictName(judged.verdict)) +
                    (judged.reason.empty() ? "" : " (" + judged.reason + ")"));
  }
  for (const ima::PcrBank& bank : banks) {
    lines.push_back(std::string(crypto::HashName(bank.algorithm)) + ":");
    for (std::size_t i = 0; i < ima::kPcrCount; ++i) {
      char label[16];
      std::snprintf(label, sizeof label, " %2zu ", i);
      std::string hex = ToHex(bank.values[i].bytes());
      if (hex.size() > 72) hex = hex.substr(0, 69) + "...";
      lines.push_back(label + hex);
    }
  }
  return lines;
}

}  // namespace baton::ui
