// SPDX-License-Identifier: GPL-2.0-or-later
// TCG event log parsing.
#include "bootloader/tpm/event_log.h"

#include <algorithm>
#include <cstring>

namespace baton::tpm {
namespace {

constexpr char kSpecIdSignature[] = "Spec ID Event03";
constexpr char kStartupLocalitySignature[] = "StartupLocality";
constexpr std::size_t kSha1Size = 20;
constexpr std::uint16_t kAlgorithmSha1 = 0x0004;

Error Bad(const char* message, std::uint64_t at) {
  return Error::AtOffset(ErrorCode::kInvalidArgument, message, at);
}

// A plausible first event: PCR 0..23 and an event type below 0x80000100 (EV_EFI range ends there).
bool Plausible(Bytes log, ByteOrder order) {
  if (log.size() < 32) return false;
  std::uint32_t pcr = LoadUnsigned<std::uint32_t>(log.data(), order);
  std::uint32_t type = LoadUnsigned<std::uint32_t>(log.data() + 4, order);
  return pcr < 24 && (type < 0x100 || (type >= 0x80000000 && type < 0x80000100));
}

// The SHA-1 format event at `reader` (TCG_PCR_EVENT).
Result<Event> ReadSha1Event(ByteReader& reader, ByteOrder order) {
  Event event;
  event.offset = reader.offset();
  event.pcr = BATON_TRY(reader.ReadU32(order));
  event.type = BATON_TRY(reader.ReadU32(order));
  event.digests.push_back({kAlgorithmSha1, BATON_TRY(reader.ReadBytes(kSha1Size))});
  std::uint64_t size_at = reader.offset();
  std::uint32_t size = BATON_TRY(reader.ReadU32(order));
  if (size > kMaxEventData) return Bad("event data size is implausibly large", size_at);
  event.data = BATON_TRY(reader.ReadBytes(size));
  return event;
}

}  // namespace

std::string EventTypeName(std::uint32_t type) {
  switch (type) {
    case 0x0:
      return "EV_PREBOOT_CERT";
    case 0x1:
      return "EV_POST_CODE";
    case 0x3:
      return "EV_NO_ACTION";
    case 0x4:
      return "EV_SEPARATOR";
    case 0x5:
      return "EV_ACTION";
    case 0x6:
      return "EV_EVENT_TAG";
    case 0x7:
      return "EV_S_CRTM_CONTENTS";
    case 0x8:
      return "EV_S_CRTM_VERSION";
    case 0x9:
      return "EV_CPU_MICROCODE";
    case 0xa:
      return "EV_PLATFORM_CONFIG_FLAGS";
    case 0xb:
      return "EV_TABLE_OF_DEVICES";
    case 0xc:
      return "EV_COMPACT_HASH";
    case 0xd:
      return "EV_IPL";
    case 0xe:
      return "EV_IPL_PARTITION_DATA";
    case 0xf:
      return "EV_NONHOST_CODE";
    case 0x10:
      return "EV_NONHOST_CONFIG";
    case 0x11:
      return "EV_NONHOST_INFO";
    case 0x12:
      return "EV_OMIT_BOOT_DEVICE_EVENTS";
    default: {
      char text[24];
      std::snprintf(text, sizeof text, "0x%x", type);
      return text;
    }
  }
}

Result<EventLog> ParseEventLog(Bytes log) {
  EventLog parsed;
  if (Plausible(log, ByteOrder::kLittle))
    parsed.order = ByteOrder::kLittle;
  else if (Plausible(log, ByteOrder::kBig))
    parsed.order = ByteOrder::kBig;
  else
    return Bad("not a TCG event log (the first event is not plausible in either byte order)", 0);
  const ByteOrder order = parsed.order;
  ByteReader reader(log);
  Event first = BATON_TRY(ReadSha1Event(reader, order));
  // Crypto-agile: the first event is EV_NO_ACTION with the Spec ID Event03 structure.
  if (first.type == kEventNoAction && first.data.size() >= 24 &&
      std::memcmp(first.data.data(), kSpecIdSignature, sizeof kSpecIdSignature) == 0) {
    parsed.crypto_agile = true;
    ByteReader spec(first.data.subspan(sizeof kSpecIdSignature));
    const std::uint64_t base = first.offset + 32 + sizeof kSpecIdSignature;
    auto at = [&]() { return base + spec.offset(); };
    BATON_TRY(spec.Skip(4 + 1 + 1 + 1 + 1));  // platformClass, versions, errata, uintnSize
    std::uint64_t count_at = at();
    std::uint32_t count = BATON_TRY(spec.ReadU32(order));
    if (count == 0 || count > 16)
      return Bad("Spec ID event lists an implausible number of algorithms", count_at);
    for (std::uint32_t i = 0; i < count; ++i) {
      std::uint16_t id = BATON_TRY(spec.ReadU16(order));
      std::uint16_t size = BATON_TRY(spec.ReadU16(order));
      if (size == 0 || size > 64)
        return Bad("Spec ID event has an implausible digest size", at() - 2);
      parsed.algorithms.emplace_back(id, size);
    }
    while (!reader.empty()) {
      if (AllZero(log.subspan(reader.offset()))) break;  // the rest of the region is unused
      if (parsed.events.size() >= kMaxEvents)
        return Bad("more events than any firmware writes", reader.offset());
      Event event;
      event.offset = reader.offset();
      event.pcr = BATON_TRY(reader.ReadU32(order));
      event.type = BATON_TRY(reader.ReadU32(order));
      std::uint64_t count_offset = reader.offset();
      std::uint32_t digests = BATON_TRY(reader.ReadU32(order));
      if (digests > parsed.algorithms.size())
        return Bad("event has more digests than the log's algorithms", count_offset);
      for (std::uint32_t i = 0; i < digests; ++i) {
        std::uint64_t id_at = reader.offset();
        std::uint16_t id = BATON_TRY(reader.ReadU16(order));
        auto known = std::find_if(parsed.algorithms.begin(), parsed.algorithms.end(),
                                  [&](const auto& a) { return a.first == id; });
        if (known == parsed.algorithms.end())
          return Bad("event digest of an algorithm the log did not declare", id_at);
        event.digests.push_back({id, BATON_TRY(reader.ReadBytes(known->second))});
      }
      std::uint64_t size_at = reader.offset();
      std::uint32_t size = BATON_TRY(reader.ReadU32(order));
      if (size > kMaxEventData) return Bad("event data size is implausibly large", size_at);
      event.data = BATON_TRY(reader.ReadBytes(size));
      if (event.pcr >= 24) return Bad("event names a PCR above 23", event.offset);
      if (event.type == kEventNoAction && event.pcr == 0 && event.data.size() >= 17 &&
          std::memcmp(event.data.data(), kStartupLocalitySignature,
                      sizeof kStartupLocalitySignature) == 0) {
        parsed.startup_locality = static_cast<std::uint8_t>(event.data[16]);
      }
      parsed.events.push_back(std::move(event));
    }
    return parsed;
  }
  // SHA-1 format: every event like the first.
  parsed.algorithms.emplace_back(kAlgorithmSha1, kSha1Size);
  if (first.pcr >= 24) return Bad("event names a PCR above 23", first.offset);
  parsed.events.push_back(first);
  while (!reader.empty()) {
    if (AllZero(log.subspan(reader.offset()))) break;
    if (parsed.events.size() >= kMaxEvents)
      return Bad("more events than any firmware writes", reader.offset());
    Event event = BATON_TRY(ReadSha1Event(reader, order));
    if (event.pcr >= 24) return Bad("event names a PCR above 23", event.offset);
    parsed.events.push_back(std::move(event));
  }
  return parsed;
}

}  // namespace baton::tpm
