// SPDX-License-Identifier: GPL-2.0-or-later
// The IMA kexec buffer: what the next kernel restores from `/chosen/linux,ima-kexec-buffer`.
//
// Source: security/integrity/ima/ima.h struct ima_kexec_hdr, ima_kexec.c
// ima_dump_measurement_list (producer), ima_template.c ima_restore_measurement_list (consumer).
//   u16 version = 1 | u16 0 | u32 0 | u64 buffer_size (header included) | u64 count | entries
// The three numbers are native, or little-endian under ima_canonical_fmt; the entries are the
// measurement-list stream in the same byte order. The buffer is zero-padded to the page size;
// the device-tree property and its memreserve name the padded size.
// This layout is an ABI with the next kernel; do not change it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"

namespace baton::ima {

inline constexpr std::size_t kKexecHeaderSize = 24;
inline constexpr std::uint16_t kKexecBufferVersion = 1;

struct KexecHeader {
  std::uint16_t version = 0;
  std::uint16_t reserved0 = 0;
  std::uint32_t reserved1 = 0;
  std::uint64_t buffer_size = 0;
  std::uint64_t count = 0;
};

// The header at the start of `buffer`; the error names the offset of a field that does not fit.
Result<KexecHeader> ReadKexecHeader(Bytes buffer, ByteOrder order);
void WriteKexecHeader(std::byte* out, const KexecHeader& header, ByteOrder order);

// `size` rounded up to a multiple of `page_size` (a power of two).
std::uint64_t RoundUpToPage(std::uint64_t size, std::uint64_t page_size);
bool IsValidPageSize(std::uint64_t page_size);

// What the next kernel's restore may be, beyond the rules every version applies.
struct RestoreRules {
  // Names are refused when their length is >= MAX_TEMPLATE_NAME_LEN (69 now; 34 before ~5.12).
  std::size_t max_template_name_length = 68;
};

enum class Severity : std::uint8_t { kWarning, kError };

struct Finding {
  Severity severity;
  std::uint64_t offset;  // in the buffer
  std::string message;
};

// The result of checking a buffer against the restore rules.
struct CheckReport {
  bool restores_all = false;           // the next kernel would restore every entry
  std::uint64_t header_count = 0;      // what the header claims
  std::uint64_t entries_restored = 0;  // what the kernel would restore before stopping
  std::uint64_t buffer_size = 0;       // from the header
  std::vector<Finding> findings;       // in buffer order; the first error is the reason
  const Finding* FirstError() const;
};

// Checks `buffer` (the region the device tree names, `region_size` bytes of which are
// readable; pass buffer.size() when the region is the buffer) exactly as
// ima_restore_measurement_list will read it, plus the rules the kernel fails to apply:
// buffer_size beyond the region, a count that disagrees with the bytes, the `ima` template,
// names the kernel would truncate at a NUL or silently stop at.
CheckReport CheckKexecBuffer(Bytes buffer, ByteOrder order, std::uint64_t region_size,
                             const RestoreRules& rules = {});

// Checks that every entry of a stream would be restored by the next kernel (the entry-level
// rules of CheckKexecBuffer); the error names the first offending entry's offset in the stream.
Result<std::uint64_t> CheckRestorableStream(Bytes stream, ByteOrder order,
                                            const RestoreRules& rules = {});

// Builds the kexec buffer for a stream exactly as ima_dump_measurement_list would, padded with
// zeros to `page_size`. Refuses streams the next kernel would not restore in full. A pure
// function of its arguments.
Result<ByteBuffer> PackKexecBuffer(Bytes stream, ByteOrder order, std::uint64_t page_size,
                                   const RestoreRules& rules = {});

// The header of the buffer PackKexecBuffer would build, for callers that stream the entries
// themselves (no second copy of a large list in memory).
Result<KexecHeader> HeaderForStream(Bytes stream, ByteOrder order, const RestoreRules& rules = {});

// The stream inside a buffer that CheckKexecBuffer finds complete.
Result<Bytes> UnpackKexecBuffer(Bytes buffer, ByteOrder order);

}  // namespace baton::ima
