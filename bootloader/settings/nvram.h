// SPDX-License-Identifier: GPL-2.0-or-later
// The CHRP NVRAM of POWER machines (pseries under SLOF, powernv under skiboot), read as the
// firmware, the kernel and powerpc-utils' `nvram` read it: a chain of partitions from offset 0,
// each a 16-byte header and its data, and in the `common` system partition the firmware's and
// the boot environment's settings as NUL-terminated "name=value" strings.
//
// The header (CHRP System Binding, "NVRAM partition header"; the kernel's struct nvram_header in
// arch/powerpc/include/asm/nvram.h): signature (1 byte), checksum (1 byte), length (2 bytes,
// big-endian, in 16-byte blocks, the header included), name (12 bytes, NUL-padded, not always
// NUL-terminated). The checksum is the 8-bit sum, with end-around carry, of the other 15 header
// bytes (the kernel's nvram_checksum in arch/powerpc/kernel/nvram_64.c folds 16-bit words to the
// same value; SLOF's formatted NVRAM in tests/data/nvram/ agrees with this one byte by byte).
// The layout is an ABI with the firmware and with every later kernel: a partition chain baton
// breaks is one the firmware may reformat, losing every setting on it.
//
// The bytes come from the NVRAM (or a file that holds an image of it): untrusted. Nothing here
// asserts on them; errors name the offset of the header or string at fault.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"

namespace baton::settings {

inline constexpr std::size_t kNvramHeaderSize = 16;
inline constexpr std::size_t kNvramNameSize = 12;
inline constexpr std::uint64_t kNvramBlock = 16;  // the unit of a partition's length
// Signatures (CHRP System Binding; the kernel's NVRAM_SIG_*).
inline constexpr std::uint8_t kSignatureSystem = 0x70;  // "common": the name=value settings
inline constexpr std::uint8_t kSignatureFree = 0x7f;    // free space

struct NvramPartition {
  std::uint64_t offset = 0;  // of its header, from the start of the NVRAM
  std::uint8_t signature = 0;
  std::string name;        // the name field up to its first NUL (all 12 bytes when none)
  std::uint64_t size = 0;  // header and data, a multiple of 16
  std::uint64_t data_offset() const { return offset + kNvramHeaderSize; }
  std::uint64_t data_size() const { return size - kNvramHeaderSize; }
};

// The header checksum of a 16-byte header (its own checksum byte, at offset 1, is left out).
std::uint8_t NvramHeaderChecksum(std::span<const std::byte, kNvramHeaderSize> header);

// The partition chain, from offset 0 to the end of `nvram`. kSettingsMalformed, at the offset of
// the header, for a checksum that does not match, a length of 0 or one that runs past the end;
// kTruncated when the bytes after the last partition are too few for a header. An NVRAM that is
// all zeros (never formatted) is an error too: its first header's checksum is 0 but its length
// is 0.
Result<std::vector<NvramPartition>> ReadNvramPartitions(Bytes nvram);

// The first partition with this signature and name, as the kernel and `nvram -p` look it up;
// nullptr when there is none.
const NvramPartition* FindNvramPartition(const std::vector<NvramPartition>& partitions,
                                         std::uint8_t signature, std::string_view name);

struct NvramPair {
  std::string name;
  std::string value;
};

// The "name=value" strings of a system partition's data, up to the first empty string (where
// SLOF and powerpc-utils stop; the bytes after it are free). A string is split at its first '='
// (a value may hold '='). kSettingsMalformed, at the string's offset (`base` is the data's offset
// in the NVRAM), for a string without a NUL before the end of the data, one without '=' and one
// with an empty name.
Result<std::vector<NvramPair>> ReadNvramPairs(Bytes data, std::uint64_t base);

// A blank NVRAM image of `size` bytes, as baton formats its settings file on a machine without an
// NVRAM: a system partition "common" of `common_size` bytes with no strings, then the rest as
// free space (CHRP's layout, read back by powerpc-utils' `nvram --nvram-file`). Both sizes are
// multiples of 16, `common_size` at least 32 and smaller than `size`.
ByteBuffer FormatNvram(std::uint64_t size, std::uint64_t common_size);

}  // namespace baton::settings
