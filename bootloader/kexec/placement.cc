// SPDX-License-Identifier: GPL-2.0-or-later
// Segment placement: first fit over RAM minus reserved ranges.
#include "bootloader/kexec/placement.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "bootloader/core/text.h"

namespace baton::kexec {
namespace {

std::string Range(const AddressRange& range) {
  return "[" + HexNumber(range.address) + ", " + HexNumber(range.end()) + ")";
}

std::uint64_t AlignUp(std::uint64_t value, std::uint64_t page) {
  if (value > ~std::uint64_t{0} - (page - 1)) return ~std::uint64_t{0} & ~(page - 1);
  return (value + page - 1) & ~(page - 1);
}
std::uint64_t AlignDown(std::uint64_t value, std::uint64_t page) { return value & ~(page - 1); }

// Free holes: RAM minus reserved, minus what is below the floor, minus taken ranges, trimmed to
// whole pages.
std::vector<AddressRange> FreeHoles(const MemoryMap& map, std::uint64_t page_size,
                                    std::uint64_t floor, const std::vector<AddressRange>& taken) {
  std::vector<AddressRange> blocked;
  for (const ReservedRange& reserved : map.reserved) blocked.push_back(reserved.range);
  blocked.insert(blocked.end(), taken.begin(), taken.end());
  blocked.push_back({0, floor});
  std::sort(blocked.begin(), blocked.end(),
            [](const AddressRange& a, const AddressRange& b) { return a.address < b.address; });
  std::vector<AddressRange> holes;
  for (const AddressRange& ram : map.ram) {
    std::uint64_t cursor = ram.address;
    const std::uint64_t ram_end = ram.end();
    for (const AddressRange& block : blocked) {
      if (block.size == 0 || block.end() <= cursor) continue;
      if (block.address >= ram_end) break;
      if (block.address > cursor) {
        std::uint64_t start = AlignUp(cursor, page_size);
        std::uint64_t end = AlignDown(block.address, page_size);
        if (end > start) holes.push_back({start, end - start});
      }
      cursor = std::max(cursor, block.end());
      if (cursor >= ram_end) break;
    }
    if (cursor < ram_end) {
      std::uint64_t start = AlignUp(cursor, page_size);
      std::uint64_t end = AlignDown(ram_end, page_size);
      if (end > start) holes.push_back({start, end - start});
    }
  }
  return holes;
}

bool Overlaps(const AddressRange& a, const AddressRange& b) {
  return a.size != 0 && b.size != 0 && a.address < b.end() && b.address < a.end();
}

}  // namespace

Result<std::vector<Placement>> PlaceSegments(const MemoryMap& map, std::uint64_t page_size,
                                             std::uint64_t floor,
                                             const std::vector<SegmentRequest>& requests) {
  if (requests.size() > kMaxSegments) {
    return Error(ErrorCode::kTooLarge, "more than 16 kexec segments");
  }
  std::vector<Placement> placements;
  std::vector<AddressRange> taken;
  for (const SegmentRequest& request : requests) {
    if (request.size == 0) return Error(ErrorCode::kInvalidArgument, "empty segment", request.name);
    const std::uint64_t size = AlignUp(request.size, page_size);
    std::vector<AddressRange> holes = FreeHoles(map, page_size, floor, taken);
    auto fits = [&](std::uint64_t limit) -> std::optional<AddressRange> {
      for (const AddressRange& hole : holes) {
        if (hole.size >= size && hole.address + size <= limit)
          return AddressRange{hole.address, size};
      }
      return std::nullopt;
    };
    std::optional<AddressRange> where;
    switch (request.region) {
      case Region::kRealMode:
        where = fits(map.rma_top);
        break;
      case Region::kPreferRealMode:
        where = fits(map.rma_top);
        if (!where) where = fits(~std::uint64_t{0});
        break;
      case Region::kAnywhere:
        where = fits(~std::uint64_t{0});
        break;
    }
    if (!where) {
      std::uint64_t largest = 0;
      for (const AddressRange& hole : holes) {
        std::uint64_t usable =
            request.region == Region::kRealMode
                ? (hole.address >= map.rma_top ? 0
                                               : std::min(hole.end(), map.rma_top) - hole.address)
                : hole.size;
        largest = std::max(largest, usable);
      }
      return Error(ErrorCode::kTooLarge, "no room for a kexec segment",
                   request.name + " needs " + HexNumber(size) + " bytes" +
                       (request.region == Region::kRealMode
                            ? " below the real-mode limit " + HexNumber(map.rma_top)
                            : "") +
                       " above " + HexNumber(floor) + "; the largest free hole is " +
                       HexNumber(largest) + " bytes");
    }
    placements.push_back({request.name, *where});
    taken.push_back(*where);
  }
  return placements;
}

Result<void> CheckPlacements(const MemoryMap& map, std::uint64_t page_size, std::uint64_t floor,
                             const std::vector<Placement>& placements) {
  if (placements.size() > kMaxSegments)
    return Error(ErrorCode::kTooLarge, "more than 16 kexec segments");
  for (std::size_t i = 0; i < placements.size(); ++i) {
    const Placement& p = placements[i];
    if (p.range.address % page_size != 0 || p.range.size % page_size != 0 || p.range.size == 0) {
      return Error(ErrorCode::kInvalidArgument, "segment is not page-aligned",
                   p.name + " " + Range(p.range));
    }
    if (p.range.address < floor) {
      return Error(ErrorCode::kInvalidArgument,
                   "segment lies below the floor (running kernel's end or new kernel's footprint)",
                   p.name + " " + Range(p.range) + " < " + HexNumber(floor));
    }
    bool in_ram = false;
    for (const AddressRange& ram : map.ram) {
      in_ram = in_ram || (p.range.address >= ram.address && p.range.end() <= ram.end());
    }
    if (!in_ram)
      return Error(ErrorCode::kInvalidArgument, "segment is not inside RAM",
                   p.name + " " + Range(p.range));
    for (const ReservedRange& reserved : map.reserved) {
      if (Overlaps(p.range, reserved.range)) {
        return Error(ErrorCode::kInvalidArgument, "segment overlaps a reserved range",
                     p.name + " " + Range(p.range) + " overlaps " + reserved.what + " " +
                         Range(reserved.range));
      }
    }
    for (std::size_t j = i + 1; j < placements.size(); ++j) {
      if (Overlaps(p.range, placements[j].range)) {
        return Error(ErrorCode::kInvalidArgument, "segments overlap",
                     p.name + " and " + placements[j].name);
      }
    }
  }
  return Ok();
}

}  // namespace baton::kexec
