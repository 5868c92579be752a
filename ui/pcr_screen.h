// SPDX-License-Identifier: GPL-2.0-or-later
// What the PCR screen (`p`) says: the list's replay verdict per bank, the boot generations, the
// firmware event log's verdict for PCR 0-9, and every PCR of every bank. Pure: the TPM's banks,
// the list and the event log are read by the caller (each `p` reads them again) and come in as
// values or as the error that reading them gave.
#pragma once

#include <string>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"
#include "bootloader/ima/pcr_table.h"

namespace baton::ui {

// `no_tpm`: why there are no banks (empty when the TPM answered). Lines fit 80 columns.
std::vector<std::string> PcrScreenLines(const std::vector<ima::PcrBank>& banks,
                                        const std::string& no_tpm, const Result<ByteBuffer>& list,
                                        const Result<ByteBuffer>& event_log);

}  // namespace baton::ui
