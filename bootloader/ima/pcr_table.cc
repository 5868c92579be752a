// SPDX-License-Identifier: GPL-2.0-or-later
// PCR banks and evmctl's PCR file format.
#include "bootloader/ima/pcr_table.h"

#include <cstdio>

#include "bootloader/core/text.h"

namespace baton::ima {

Result<PcrBank> ParsePcrFile(std::string_view text, crypto::HashAlgorithm algorithm) {
  PcrBank bank;
  bank.algorithm = algorithm;
  for (auto& value : bank.values) value = crypto::Digest::Zero(algorithm);
  std::size_t next = 0;
  std::uint64_t line_number = 0;
  while (!text.empty()) {
    std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    ++line_number;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    if (line.empty()) continue;
    if (next == kPcrCount) {
      return Error::AtLine(ErrorCode::kInvalidArgument, "more than 24 PCR lines", line_number);
    }
    char expected[32];
    std::snprintf(expected, sizeof expected, "PCR-%02zu:", next);
    if (line.substr(0, 7) != expected) {
      return Error::AtLine(ErrorCode::kInvalidArgument, "expected a PCR line in order", line_number)
          .WithDetail(std::string("wanted '") + expected + " <hex>'");
    }
    std::string hex;
    for (char c : line.substr(7)) {
      if (c != ' ' && c != '\t') hex += c;
    }
    std::optional<ByteBuffer> value = FromHex(hex);
    if (!value || value->size() != crypto::DigestSize(algorithm)) {
      return Error::AtLine(ErrorCode::kInvalidArgument, "PCR value is not hex of the bank's size",
                           line_number)
          .WithDetail(std::string(crypto::HashName(algorithm)) + " needs " +
                      std::to_string(2 * crypto::DigestSize(algorithm)) + " hex digits");
    }
    bank.values[next] = crypto::Digest::Padded(algorithm, *value);
    bank.present.set(next);
    ++next;
  }
  if (next == 0) return Error(ErrorCode::kInvalidArgument, "no PCR lines in the file");
  return bank;
}

std::string FormatPcrFile(const PcrBank& bank) {
  std::string out;
  for (std::size_t i = 0; i < kPcrCount; ++i) {
    char label[16];
    std::snprintf(label, sizeof label, "PCR-%02zu: ", i);
    out += label;
    crypto::Digest value =
        bank.present.test(i) ? bank.values[i] : crypto::Digest::Zero(bank.algorithm);
    AppendHex(out, value.bytes());
    out += '\n';
  }
  return out;
}

}  // namespace baton::ima
