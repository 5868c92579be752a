// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: the kexec-buffer checker and unpacker, as the next kernel would read a region.
// The first byte picks the byte order, the second how much of the input is the region.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "bootloader/ima/kexec_buffer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace baton;
  if (size < 2) return 0;
  const ByteOrder order = (data[0] & 1) ? ByteOrder::kBig : ByteOrder::kLittle;
  Bytes buffer(reinterpret_cast<const std::byte*>(data + 2), size - 2);
  const std::uint64_t region = data[1] == 0 ? buffer.size() : buffer.size() * data[1] / 255;
  ima::CheckReport report = ima::CheckKexecBuffer(buffer, order, region);
  auto stream = ima::UnpackKexecBuffer(buffer, order);
  // A buffer the checker accepts unpacks, and packs back to the same leading bytes.
  if (report.restores_all && region == buffer.size()) {
    if (!stream) __builtin_trap();
    auto packed = ima::PackKexecBuffer(*stream, order, 4096);
    // The reserved header bytes (2..7) may be anything in the input; pack writes zeros there.
    auto same = [&](std::size_t from, std::size_t to) {
      return std::equal(packed->begin() + static_cast<std::ptrdiff_t>(from),
                        packed->begin() + static_cast<std::ptrdiff_t>(to),
                        buffer.begin() + static_cast<std::ptrdiff_t>(from));
    };
    if (!packed) __builtin_trap();
    if (report.buffer_size >= ima::kKexecHeaderSize &&
        !(same(0, 2) && same(8, static_cast<std::size_t>(report.buffer_size)))) {
      __builtin_trap();
    }
  }
  return 0;
}
