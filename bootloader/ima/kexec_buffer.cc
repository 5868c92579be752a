// SPDX-License-Identifier: GPL-2.0-or-later
// The kexec buffer: pack, check as the next kernel will, unpack.
#include "bootloader/ima/kexec_buffer.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "bootloader/ima/measurement_list.h"
#include "bootloader/ima/template.h"

namespace baton::ima {
namespace {

std::string Number(std::uint64_t value) { return std::to_string(value); }

// One entry of a restore, judged as ima_restore_measurement_list judges it. Returns the error
// that would stop the kernel at this entry, or nothing. `entry_offset` is in the buffer.
struct EntryVerdict {
  bool stops = false;   // the kernel stops restoring at this entry
  bool silent = false;  // ... without reporting an error (status 0)
  std::string message;
  std::uint64_t offset = 0;
};

EntryVerdict JudgeEntryTemplate(std::string_view wire_name, std::uint64_t name_offset,
                                const RestoreRules& rules) {
  EntryVerdict verdict;
  verdict.offset = name_offset;
  if (wire_name.size() > rules.max_template_name_length) {
    verdict.stops = true;
    verdict.message = "template name is " + Number(wire_name.size()) +
                      " bytes; the next kernel refuses names longer than " +
                      Number(rules.max_template_name_length) +
                      " and drops this and every later entry";
    return verdict;
  }
  std::size_t nul = wire_name.find('\0');
  if (nul != std::string_view::npos) {
    verdict.stops = true;
    verdict.message =
        "template name contains a NUL byte; the next kernel would truncate it and restore a "
        "different entry";
    verdict.offset = name_offset + nul;
    return verdict;
  }
  if (wire_name == "ima") {
    verdict.stops = true;
    verdict.message =
        "the `ima` template cannot be restored by any kernel; this and every later entry are "
        "dropped";
    return verdict;
  }
  Result<TemplateFormat> format = ResolveTemplate(wire_name);
  if (!format) {
    verdict.stops = true;
    verdict.silent = true;
    verdict.message = std::string("unknown template (") + format.error().message() +
                      (format.error().detail().empty() ? "" : ", " + format.error().detail()) +
                      "); the next kernel silently stops restoring here and drops every later "
                      "entry";
    return verdict;
  }
  return verdict;
}

// What is wrong with an entry, then what the kernel does about it.
std::string Refusal(const Error& error) {
  return std::string(error.message()) +
         (error.detail().empty() ? "" : " (" + error.detail() + ")") +
         "; the kernel refuses this entry and drops every later one";
}

// Walks entries as the kernel's restore loop does, for at most `count` entries of `entries`
// (read with EntryLayout::kAsRestored, up to buffer_size). Appends findings; returns the number
// of entries the kernel would restore.
std::uint64_t WalkEntries(ListReader entries, std::uint64_t count, ByteOrder order,
                          const RestoreRules& rules, std::vector<Finding>& findings) {
  std::uint64_t restored = 0;
  std::string_view cached_name;
  TemplateFormat cached_format;
  bool have_cached = false;
  auto stop = [&](std::uint64_t offset, std::string message) {
    findings.push_back({Severity::kError, offset, std::move(message)});
    return restored;
  };
  ListEntry entry;
  while (restored < count) {
    // pcr[4], digest[20], u32 name length + name, u32 data length + data, each of which must fit
    // before buffer_size (ENFORCE_FIELDS); the entry numbered `count` must end exactly at
    // buffer_size (ENFORCE_BUFEND).
    Result<bool> more = entries.Next(entry);
    if (!more) return stop(more.error().position(), Refusal(more.error()));
    if (!*more) break;
    if (restored + 1 == count && entries.remaining() != 0) {
      return stop(entries.offset(), "the last counted entry (" + Number(count) + ") ends " +
                                        Number(entries.remaining()) +
                                        " bytes before buffer_size; the kernel refuses it (count "
                                        "and buffer_size disagree)");
    }
    // Lists repeat a handful of template names: judge a name once, then reuse the verdict.
    if (!have_cached || entry.template_name != cached_name) {
      EntryVerdict verdict =
          JudgeEntryTemplate(entry.template_name, entry.offset + kEntryHeaderSize, rules);
      if (verdict.stops) return stop(verdict.offset, std::move(verdict.message));
      cached_format = *ResolveTemplate(entry.template_name);
      cached_name = entry.template_name;
      have_cached = true;
    }
    // Template data: exactly the template's fields, ending at the end of the data.
    Result<EntryFields> fields = SplitFields(entry, cached_format, order);
    if (!fields) return stop(fields.error().position(), Refusal(fields.error()));
    ++restored;
  }
  return restored;
}

}  // namespace

const Finding* CheckReport::FirstError() const {
  for (const Finding& finding : findings) {
    if (finding.severity == Severity::kError) return &finding;
  }
  return nullptr;
}

Result<KexecHeader> ReadKexecHeader(Bytes buffer, ByteOrder order) {
  ByteReader reader(buffer);
  KexecHeader header;
  header.version = BATON_TRY(reader.ReadU16(order));
  header.reserved0 = BATON_TRY(reader.ReadU16(order));
  header.reserved1 = BATON_TRY(reader.ReadU32(order));
  header.buffer_size = BATON_TRY(reader.ReadU64(order));
  header.count = BATON_TRY(reader.ReadU64(order));
  return header;
}

void WriteKexecHeader(std::byte* out, const KexecHeader& header, ByteOrder order) {
  StoreUnsigned<std::uint16_t>(out, header.version, order);
  StoreUnsigned<std::uint16_t>(out + 2, header.reserved0, order);
  StoreUnsigned<std::uint32_t>(out + 4, header.reserved1, order);
  StoreUnsigned<std::uint64_t>(out + 8, header.buffer_size, order);
  StoreUnsigned<std::uint64_t>(out + 16, header.count, order);
}

bool IsValidPageSize(std::uint64_t page_size) {
  return page_size >= 4096 && (page_size & (page_size - 1)) == 0 && page_size <= (1u << 30);
}

std::uint64_t RoundUpToPage(std::uint64_t size, std::uint64_t page_size) {
  return (size + page_size - 1) & ~(page_size - 1);
}

CheckReport CheckKexecBuffer(Bytes buffer, ByteOrder order, std::uint64_t region_size,
                             const RestoreRules& rules) {
  CheckReport report;
  auto error = [&](std::uint64_t offset, std::string message) {
    report.findings.push_back({Severity::kError, offset, std::move(message)});
  };
  auto warning = [&](std::uint64_t offset, std::string message) {
    report.findings.push_back({Severity::kWarning, offset, std::move(message)});
  };
  region_size = std::min<std::uint64_t>(region_size, buffer.size());
  const Bytes region = buffer.first(static_cast<std::size_t>(region_size));
  const Result<KexecHeader> read = ReadKexecHeader(region, order);
  if (!read) {
    error(0, "region holds " + Number(region_size) +
                 " bytes, less than the 24-byte header; the kernel restores nothing");
    return report;
  }
  const KexecHeader& header = *read;
  report.header_count = header.count;
  report.buffer_size = header.buffer_size;
  if (header.version != kKexecBufferVersion) {
    std::string message = "header version is " + Number(header.version) + ", not 1";
    if (ByteSwap(header.version) == kKexecBufferVersion) {
      message += " (the buffer is in the other byte order: check ima_canonical_fmt)";
    }
    error(0, message + "; the kernel refuses the whole list");
    return report;
  }
  if (header.reserved0 != 0 || header.reserved1 != 0) {
    warning(2, "reserved header fields are not zero");
  }
  if (header.count > std::numeric_limits<std::uint64_t>::max() - 1) {
    error(16, "count is ULONG_MAX; the kernel refuses the whole list");
    return report;
  }
  if (header.buffer_size > region_size) {
    error(8, "buffer_size " + Number(header.buffer_size) + " is beyond the region of " +
                 Number(region_size) +
                 " bytes; the kernel does not check this and would read past the region");
    return report;
  }
  if (header.buffer_size < kKexecHeaderSize) {
    if (header.count != 0) {
      error(8, "buffer_size " + Number(header.buffer_size) +
                   " is smaller than the header; the kernel restores nothing of the " +
                   Number(header.count) + " entries counted");
    }
    report.restores_all = header.count == 0;
    return report;
  }
  // Checked above: the entries lie inside the region.
  Result<ByteReader> entries =
      ByteReader(region).SubReaderAt(kKexecHeaderSize, header.buffer_size - kKexecHeaderSize);
  if (!entries) {
    error(entries.error().position(), entries.error().message());
    return report;
  }
  report.entries_restored = WalkEntries(ListReader(*entries, order, EntryLayout::kAsRestored),
                                        header.count, order, rules, report.findings);
  if (report.FirstError() == nullptr) {
    if (report.entries_restored < header.count) {
      error(header.buffer_size, "count says " + Number(header.count) +
                                    " entries but buffer_size holds only " +
                                    Number(report.entries_restored) +
                                    "; the kernel silently restores those and reports success");
    } else if (header.count == 0 && header.buffer_size > kKexecHeaderSize) {
      error(kKexecHeaderSize, "count is 0 but buffer_size covers " +
                                  Number(header.buffer_size - kKexecHeaderSize) +
                                  " bytes of entries; the kernel restores none of them");
    }
  }
  report.restores_all = report.FirstError() == nullptr;
  return report;
}

Result<std::uint64_t> CheckRestorableStream(Bytes stream, ByteOrder order,
                                            const RestoreRules& rules) {
  std::uint64_t count = BATON_TRY(ScanList(stream, order)).entries;
  std::vector<Finding> findings;
  // The stream is walked as if it were already behind a header that counts it exactly.
  WalkEntries(ListReader(stream, order, EntryLayout::kAsRestored), count, order, rules, findings);
  for (const Finding& finding : findings) {
    if (finding.severity == Severity::kError) {
      return Error::AtOffset(ErrorCode::kImaRejected, "the next kernel would not restore this list",
                             finding.offset)
          .WithDetail(finding.message);
    }
  }
  return count;
}

Result<KexecHeader> HeaderForStream(Bytes stream, ByteOrder order, const RestoreRules& rules) {
  KexecHeader header;
  header.version = kKexecBufferVersion;
  header.count = BATON_TRY(CheckRestorableStream(stream, order, rules));
  header.buffer_size = kKexecHeaderSize + stream.size();
  return header;
}

Result<ByteBuffer> PackKexecBuffer(Bytes stream, ByteOrder order, std::uint64_t page_size,
                                   const RestoreRules& rules) {
  if (!IsValidPageSize(page_size)) {
    return Error(ErrorCode::kInvalidArgument, "page size must be a power of two from 4096 to 1 GiB",
                 std::to_string(page_size));
  }
  const KexecHeader header = BATON_TRY(HeaderForStream(stream, order, rules));
  ByteBuffer buffer(RoundUpToPage(header.buffer_size, page_size));
  WriteKexecHeader(buffer.data(), header, order);
  if (!stream.empty()) std::memcpy(buffer.data() + kKexecHeaderSize, stream.data(), stream.size());
  return buffer;
}

Result<Bytes> UnpackKexecBuffer(Bytes buffer, ByteOrder order) {
  CheckReport report = CheckKexecBuffer(buffer, order, buffer.size());
  if (const Finding* first = report.FirstError()) {
    return Error::AtOffset(ErrorCode::kImaRejected, "the next kernel would not restore this buffer",
                           first->offset)
        .WithDetail(first->message);
  }
  const KexecHeader header = BATON_TRY(ReadKexecHeader(buffer, order));
  if (header.buffer_size < kKexecHeaderSize) return Bytes{};
  return BATON_TRY(ByteReader(buffer).SubReaderAt(kKexecHeaderSize,
                                                  header.buffer_size - kKexecHeaderSize))
      .rest();
}

}  // namespace baton::ima
