// SPDX-License-Identifier: GPL-2.0-or-later
// ELF64 parsing for ppc64 kernels.
#include "bootloader/kexec/elf.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

namespace baton::kexec {
namespace {

// EI_MAG0..3; split in two, since "\x7fE" would be one escape.
constexpr std::string_view kMagic =
    "\x7f"
    "ELF";
constexpr std::uint32_t kProgramLoad = 1;  // PT_LOAD
constexpr std::size_t kHeaderSize = 64;
constexpr std::size_t kProgramHeaderSize = 56;
constexpr std::uint16_t kMaxProgramHeaders = 64;
constexpr std::uint64_t kMaxImageSize = std::uint64_t{1} << 31;  // 2 GiB: no kernel is bigger

Error Bad(const char* message, std::uint64_t at) {
  return Error::AtOffset(ErrorCode::kInvalidArgument, message, at);
}

}  // namespace

Result<KernelImage> ParseKernelElf(Bytes file) {
  if (file.size() < kHeaderSize) return Bad("file is smaller than an ELF header", 0);
  const ByteReader whole(file);
  // The ELF64 header, field by field; the offsets in the errors are the fields'.
  ByteReader header(file);
  if (AsText(BATON_TRY(header.ReadBytes(kMagic.size()))) != kMagic) {
    return Bad("not an ELF file", 0);
  }
  if (BATON_TRY(header.ReadU8()) != 2) return Bad("not a 64-bit ELF file", 4);  // EI_CLASS
  KernelImage image;
  const std::uint8_t data_encoding = BATON_TRY(header.ReadU8());  // EI_DATA
  if (data_encoding == 1)
    image.order = ByteOrder::kLittle;
  else if (data_encoding == 2)
    image.order = ByteOrder::kBig;
  else
    return Bad("unknown ELF byte order", 5);
  const ByteOrder order = image.order;
  BATON_TRY(header.Skip(10));  // the rest of e_ident
  const std::uint16_t type = BATON_TRY(header.ReadU16(order));
  if (type != 2 && type != 3) return Bad("ELF file is neither an executable nor a PIE", 16);
  if (BATON_TRY(header.ReadU16(order)) != kMachinePpc64) {
    return Bad("ELF file is not for ppc64 (e_machine is not EM_PPC64)", 18);
  }
  BATON_TRY(header.Skip(4));  // e_version
  const std::uint64_t entry = BATON_TRY(header.ReadU64(order));
  const std::uint64_t program_offset = BATON_TRY(header.ReadU64(order));
  BATON_TRY(header.Skip(8 + 4 + 2));  // e_shoff, e_flags, e_ehsize
  const std::uint16_t entry_size = BATON_TRY(header.ReadU16(order));
  const std::uint16_t count = BATON_TRY(header.ReadU16(order));
  if (entry_size != kProgramHeaderSize) return Bad("unexpected program header size", 54);
  if (count == 0 || count > kMaxProgramHeaders) return Bad("program header count out of range", 56);
  Result<ByteReader> table = whole.SubReaderAt(program_offset, std::uint64_t{count} * entry_size);
  if (!table) return Bad("program headers run past the end of the file", 32);

  struct Raw {
    std::uint64_t header_at, file_offset, virtual_address, physical_address, file_size, memory_size;
    Bytes file_bytes;
  };
  std::vector<Raw> loads;
  for (std::uint16_t i = 0; i < count; ++i) {
    // Elf64_Phdr: p_type, p_flags, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align.
    Raw raw;
    raw.header_at = table->offset();
    const std::uint32_t program_type = BATON_TRY(table->ReadU32(order));
    BATON_TRY(table->Skip(4));
    raw.file_offset = BATON_TRY(table->ReadU64(order));
    raw.virtual_address = BATON_TRY(table->ReadU64(order));
    raw.physical_address = BATON_TRY(table->ReadU64(order));
    raw.file_size = BATON_TRY(table->ReadU64(order));
    raw.memory_size = BATON_TRY(table->ReadU64(order));
    BATON_TRY(table->Skip(8));
    if (program_type != kProgramLoad) continue;
    const std::uint64_t at = raw.header_at;
    if (raw.file_size > raw.memory_size) return Bad("PT_LOAD has p_filesz > p_memsz", at + 32);
    Result<ByteReader> data = whole.SubReaderAt(raw.file_offset, raw.file_size);
    if (!data) return Bad("PT_LOAD data runs past the end of the file", at + 8);
    raw.file_bytes = data->rest();
    if (raw.memory_size > kMaxImageSize) return Bad("PT_LOAD is larger than 2 GiB", at + 40);
    loads.push_back(raw);
  }
  if (loads.empty()) return Bad("ELF file has no PT_LOAD segment", program_offset);
  std::sort(loads.begin(), loads.end(),
            [](const Raw& a, const Raw& b) { return a.physical_address < b.physical_address; });
  const std::uint64_t lowest = loads.front().physical_address;
  std::uint64_t previous_end = lowest;
  for (const Raw& raw : loads) {
    const std::uint64_t offset = raw.physical_address - lowest;
    if (offset > kMaxImageSize || raw.memory_size > kMaxImageSize - offset) {
      return Bad("PT_LOAD lies more than 2 GiB above the first", raw.header_at + 24);
    }
    if (raw.physical_address < previous_end)
      return Bad("PT_LOAD segments overlap", raw.header_at + 24);
    previous_end = raw.physical_address + raw.memory_size;
    image.segments.push_back({offset, raw.file_bytes, raw.memory_size});
    image.image_size = std::max(image.image_size, offset + raw.memory_size);
  }
  // e_entry is a virtual address in the first segment (0xc000000000000000 + offset on ppc64).
  const Raw& first = loads.front();
  if (entry < first.virtual_address || entry - first.virtual_address >= image.image_size) {
    return Bad("entry point is outside the loaded image", 24);
  }
  image.entry_offset = entry - first.virtual_address;
  if (image.image_size < kKernelHeadSize) return Bad("kernel image is smaller than 256 bytes", 0);
  // The first 256 bytes of the image, for the trampoline to carry to physical 0.
  for (const LoadSegment& segment : image.segments) {
    if (segment.offset_in_image >= kKernelHeadSize) break;
    std::size_t count_here = static_cast<std::size_t>(std::min<std::uint64_t>(
        segment.file_bytes.size(), kKernelHeadSize - segment.offset_in_image));
    std::memcpy(image.head.data() + segment.offset_in_image, segment.file_bytes.data(), count_here);
  }
  return image;
}

bool KernelReadsImaBuffer(Bytes image) {
  static constexpr std::string_view kProperty = "linux,ima-kexec-buffer";
  return AsText(image).find(kProperty) != std::string_view::npos;
}

}  // namespace baton::kexec
