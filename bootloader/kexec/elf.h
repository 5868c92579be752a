// SPDX-License-Identifier: GPL-2.0-or-later
// ELF64 loader for a ppc64 `vmlinux` (little- or big-endian).
//
// Source: the System V ABI (ELF64 header and program headers) and the ppc64 kernel image
// layout (arch/powerpc/kernel/head_64.S): the image starts with __start at offset 0, holds the
// secondary hold loop at 0x60, and copies itself to physical 0 from offset 0x100 up to _end.
// The file is untrusted: every offset and size is checked, and errors name the offset.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"

namespace baton::kexec {

inline constexpr std::uint16_t kMachinePpc64 = 21;   // EM_PPC64
inline constexpr std::size_t kKernelHeadSize = 256;  // bytes kexec_sequence copies to 0

struct LoadSegment {
  std::uint64_t offset_in_image;  // p_paddr relative to the lowest p_paddr
  Bytes file_bytes;               // p_filesz bytes from the file (a view)
  std::uint64_t memory_size;      // p_memsz
};

struct KernelImage {
  ByteOrder order = ByteOrder::kLittle;
  std::uint64_t entry_offset = 0;     // e_entry relative to the first segment's address
  std::uint64_t image_size = 0;       // the new kernel's footprint [0, _end) once it runs at 0
  std::vector<LoadSegment> segments;  // PT_LOAD, by address
  // The image's first 256 bytes as they will be at physical 0 (zero where the file has none).
  std::array<std::byte, kKernelHeadSize> head{};
};

Result<KernelImage> ParseKernelElf(Bytes file);

// Whether a kernel image can take over the IMA list that a kexec carries. A kernel that restores
// the list looks up /chosen/linux,ima-kexec-buffer by name (drivers/of/kexec.c since 5.15,
// arch/powerpc/kexec/ima.c before), so the name is in its image; on powerpc that code exists only
// with CONFIG_KEXEC_FILE and CONFIG_IMA (Debian's stock ppc64el 6.1 kernel has neither). ppc64
// loads uncompressed ELF images only, so the string is not hidden by compression. A name found
// by chance elsewhere makes this say yes wrongly; it never says no for a kernel that restores.
bool KernelReadsImaBuffer(Bytes image);

}  // namespace baton::kexec
