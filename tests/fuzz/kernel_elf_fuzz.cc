// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: a kernel ELF file from a disk.
#include <cstddef>
#include <cstdint>

#include "bootloader/kexec/elf.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace baton;
  auto image = kexec::ParseKernelElf(Bytes(reinterpret_cast<const std::byte*>(data), size));
  if (image) {
    std::uint64_t total = 0;
    for (const auto& segment : image->segments) {
      if (segment.offset_in_image + segment.memory_size > image->image_size) __builtin_trap();
      total += segment.file_bytes.size();
    }
    if (total > size) __builtin_trap();
  }
  return 0;
}
