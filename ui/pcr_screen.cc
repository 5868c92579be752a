// SPDX-License-Identifier: GPL-2.0-or-later
// The PCR screen's lines.
#include "ui/pcr_screen.h"

#include "bootloader/core/text.h"
#include "bootloader/tpm/event_log.h"
#include "bootloader/tpm/event_replay.h"
#include "bootloader/tpm/verdict.h"

namespace baton::ui {

PcrScreen MakePcrScreen(const std::vector<ima::PcrBank>& banks, const std::string& no_tpm,
                        const Result<ByteBuffer>& list, const Result<ByteBuffer>& event_log) {
  PcrScreen screen;
  screen.banks = banks;
  screen.list_explains.assign(banks.size(), {});
  screen.log_explains.assign(banks.size(), {});
  screen.list_verdicts.assign(banks.size(), "cannot tell");
  for (const ima::PcrBank& bank : banks) {
    screen.bank_names.emplace_back(crypto::HashName(bank.algorithm));
  }
  std::vector<std::string>& lines = screen.summary;
  if (!no_tpm.empty()) lines.push_back("No TPM: " + no_tpm);
  if (!list) {
    lines.push_back("IMA list: " + list.error().ToString());
    screen.list_verdicts.assign(banks.size(), "no list");
  } else if (Result<tpm::ListVerdict> verdict =
                 tpm::JudgeList(*list, NativeByteOrder(), banks, no_tpm);
             !verdict) {
    lines.push_back("IMA list: cannot be read: " + verdict.error().ToString());
    screen.list_verdicts.assign(banks.size(), "the list cannot be read");
  } else {
    for (const tpm::BankVerdict& bank : verdict->banks) {
      std::string line = std::string(tpm::VerdictName(bank.verdict));
      if (bank.verdict == tpm::Verdict::kDoesNotReplay) {
        line += bank.longest_prefix ? " (first " + std::to_string(*bank.longest_prefix) + " of " +
                                          std::to_string(verdict->entries) + " replay)"
                                    : " (no prefix replays)";
      }
      if (!bank.reason.empty() && bank.verdict == tpm::Verdict::kCannotTell)
        line += " (" + bank.reason + ")";
      for (std::size_t b = 0; b < banks.size(); ++b) {
        if (banks[b].algorithm != bank.bank) continue;
        screen.list_verdicts[b] = line;
        screen.list_explains[b] = bank.named;
        for (std::uint32_t pcr : bank.mismatched_pcrs) screen.list_explains[b].reset(pcr);
        if (bank.verdict == tpm::Verdict::kCannotTell) screen.list_explains[b].reset();
      }
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
    if (judged.verdict != tpm::Verdict::kCannotTell) {
      for (std::size_t b = 0; b < banks.size(); ++b) {
        for (std::uint32_t pcr = 0; pcr < 10; ++pcr) screen.log_explains[b].set(pcr);
        for (std::uint32_t pcr : judged.mismatched_pcrs) screen.log_explains[b].reset(pcr);
      }
    }
  }
  for (std::string& line : lines) {
    if (line.size() > 80) line = line.substr(0, 77) + "...";
  }
  return screen;
}

}  // namespace baton::ui
