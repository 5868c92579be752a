// SPDX-License-Identifier: GPL-2.0-or-later
// PCR values per bank: what a list replays to, what a TPM or a PCR file says.
//
// The file format is evmctl's `--pcrs` format (ima-evm-utils, evmctl.c read_one_bank): one line
// per PCR, "PCR-NN: <hex>", NN from 00 in order. baton writes all 24 lines in lower case.
#pragma once

#include <string>
#include <string_view>

#include "bootloader/core/result.h"
#include "bootloader/crypto/hash.h"
#include "bootloader/crypto/pcr_bank.h"

namespace baton::ima {

// The bank itself is the hashing module's value type (bootloader/crypto/pcr_bank.h).
using crypto::kPcrCount;
using crypto::PcrBank;

// Parses evmctl's PCR file. Lines must name PCRs in order from PCR-00 (as evmctl requires);
// blank lines are skipped; every value must have the bank's digest size. Errors name the line.
Result<PcrBank> ParsePcrFile(std::string_view text, crypto::HashAlgorithm algorithm);
// All 24 lines "PCR-NN: hex\n" (PCRs without a value are written as zeros).
std::string FormatPcrFile(const PcrBank& bank);

}  // namespace baton::ima
