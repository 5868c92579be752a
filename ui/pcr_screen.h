// SPDX-License-Identifier: GPL-2.0-or-later
// What the PCR screen (`p`) shows: the list's replay verdict per bank, the boot generations, the
// firmware event log's verdict for PCR 0-9, and the PCRs of every bank with which of them the
// list and the event log explain. Pure: the TPM's banks, the list and the event log are read by
// the caller (each `p` reads them again) and come in as values or as the error that reading
// them gave. The screen shows one bank's 24 PCRs at a time (ui/presenter.cc DrawPcrs).
#pragma once

#include <bitset>
#include <string>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"
#include "bootloader/ima/pcr_table.h"

namespace baton::ui {

struct PcrScreen {
  // What is said of all banks (no TPM, the list's entries and boot generations, the event
  // log's verdict), each line within 80 columns.
  std::vector<std::string> summary;
  std::vector<ima::PcrBank> banks;
  std::vector<std::string> bank_names;     // per bank: "sha1", "sha256", ...
  std::vector<std::string> list_verdicts;  // per bank: "replays", "does not replay (...)", ...
  // Per bank: the PCRs whose value the IMA list explains (it extends them and they replay),
  // and those the event log explains (PCR 0-9 that replay from it).
  std::vector<std::bitset<ima::kPcrCount>> list_explains;
  std::vector<std::bitset<ima::kPcrCount>> log_explains;
};

// `no_tpm`: why there are no banks (empty when the TPM answered).
PcrScreen MakePcrScreen(const std::vector<ima::PcrBank>& banks, const std::string& no_tpm,
                        const Result<ByteBuffer>& list, const Result<ByteBuffer>& event_log);

}  // namespace baton::ui
