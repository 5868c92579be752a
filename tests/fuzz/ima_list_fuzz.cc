// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: the measurement-list stream (reader, field split, ASCII, replay, restore check).
// The first byte picks the byte order; the rest is the stream.
#include <cstddef>
#include <cstdint>
#include <string>

#include "bootloader/ima/ascii.h"
#include "bootloader/ima/kexec_buffer.h"
#include "bootloader/ima/measurement_list.h"
#include "bootloader/ima/replay.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace baton;
  if (size < 1) return 0;
  const ByteOrder order = (data[0] & 1) ? ByteOrder::kBig : ByteOrder::kLittle;
  Bytes stream(reinterpret_cast<const std::byte*>(data + 1), size - 1);
  ima::ListReader reader(stream, order);
  ima::ListEntry entry;
  std::string text;
  while (true) {
    auto more = reader.Next(entry);
    if (!more || !*more) break;
    auto format = ima::ResolveTemplate(entry.template_name);
    if (format) (void)ima::SplitFields(entry, *format, order);
    (void)ima::AppendAsciiLine(text, entry, order, ima::NameStyle::kEscaped);
    text.clear();
  }
  (void)ima::CheckRestorableStream(stream, order);
  if (size < 4096) {
    (void)ima::ReplayBank(stream, order, {crypto::HashAlgorithm::kSha256, nullptr},
                          ima::ReplayRule::kPerBankDigest);
  }
  return 0;
}
