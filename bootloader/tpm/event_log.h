// SPDX-License-Identifier: GPL-2.0-or-later
// The firmware's TCG event log: the SHA-1-only format and the crypto-agile format.
//
// Source: TCG PC Client Platform Firmware Profile (TCG_PCR_EVENT, TCG_PCR_EVENT2, the
// "Spec ID Event03" header, EV_NO_ACTION, the "StartupLocality" event) and Linux's
// drivers/char/tpm/eventlog (ppc64 firmware such as SLOF writes the SHA-1 format big-endian).
// The log is untrusted: every length is checked and errors name the offset.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"

namespace baton::tpm {

inline constexpr std::uint32_t kEventNoAction = 0x3;
inline constexpr std::uint32_t kMaxEvents = 100000;
inline constexpr std::uint32_t kMaxEventData = 16u << 20;

struct EventDigest {
  std::uint16_t algorithm;  // TPM_ALG_ID
  Bytes digest;
};

struct Event {
  std::uint64_t offset = 0;
  std::uint32_t pcr = 0;
  std::uint32_t type = 0;
  std::vector<EventDigest> digests;
  Bytes data;
};

struct EventLog {
  bool crypto_agile = false;
  ByteOrder order = ByteOrder::kLittle;
  std::vector<std::pair<std::uint16_t, std::uint16_t>>
      algorithms;  // (id, digest size) from Spec ID
  std::uint8_t startup_locality = 0;
  std::vector<Event> events;  // the Spec ID header event is not included
};

// Parses a log; the byte order is detected (little-endian per the TCG, big-endian as ppc64
// firmware writes). Trailing zero bytes (a log region larger than the log) are accepted.
Result<EventLog> ParseEventLog(Bytes log);

std::string EventTypeName(std::uint32_t type);

}  // namespace baton::tpm
