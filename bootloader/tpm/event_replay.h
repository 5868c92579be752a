// SPDX-License-Identifier: GPL-2.0-or-later
// Replaying the firmware event log into PCR 0–9 and comparing with the TPM.
#pragma once

#include <vector>

#include "bootloader/ima/pcr_table.h"
#include "bootloader/tpm/event_log.h"
#include "bootloader/tpm/verdict.h"

namespace baton::tpm {

// PCR values the log implies, per bank it carries (EV_NO_ACTION is not extended; PCR 0 starts
// at the startup locality).
std::vector<ima::PcrBank> ReplayEventLog(const EventLog& log);

struct EventLogVerdict {
  Verdict verdict = Verdict::kCannotTell;
  std::vector<std::uint32_t> mismatched_pcrs;  // of PCR 0–9, in banks both have
  std::string reason;
};
EventLogVerdict JudgeEventLog(const EventLog& log, const std::vector<ima::PcrBank>& live);

}  // namespace baton::tpm
