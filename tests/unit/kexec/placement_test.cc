// SPDX-License-Identifier: GPL-2.0-or-later
// Memory maps from device trees and segment placement: fits, barely fits, does not fit, and a
// property check over many random maps.
#include <random>
#include <string>

#include "bootloader/kexec/memory_map.h"
#include "bootloader/kexec/placement.h"
#include "tests/unit/tree_files.h"

#include "tests/unit/harness.h"

using namespace baton;
using namespace baton::kexec;

TEST_GROUP(Placement){};

TEST(Placement, PseriesMemoryMap) {
  auto map = ReadMemoryMap(testing::LoadTree("qemu-pseries"), ByteOrder::kLittle);
  CHECK(map.has_value());
  UNSIGNED_LONGS_EQUAL(1, map->ram.size());
  CHECK(map->ram[0] == (AddressRange{0, 0x70000000}));  // the unassigned LMB is not RAM
  UNSIGNED_LONGS_EQUAL(0x30000000, map->rma_top);
  bool event_log = false, rtas = false;
  for (const ReservedRange& reserved : map->reserved) {
    event_log = event_log || (reserved.what.rfind("TPM event log", 0) == 0 &&
                              reserved.range == AddressRange{0x2ffb0000, 0x40000});
    rtas = rtas || (reserved.what == "RTAS" && reserved.range == AddressRange{0x2fff0000, 0x10000});
  }
  CHECK(event_log);
  CHECK(rtas);
}

TEST(Placement, FitsBarelyFitsAndDoesNotFit) {
  auto map = ReadMemoryMap(testing::LoadTree("tiny-rma"), ByteOrder::kLittle);
  CHECK(map.has_value());
  UNSIGNED_LONGS_EQUAL(0x4000000, map->rma_top);
  UNSIGNED_LONGS_EQUAL(0x3000000, map->kernel_end);
  const std::uint64_t page = 0x10000;
  // Exactly the 16 MiB between the running kernel's end and the RMA top.
  auto barely = PlaceSegments(*map, page, 0x3000000, {{"kernel", 0x1000000, Region::kRealMode}});
  CHECK(barely.has_value());
  CHECK((*barely)[0].range == (AddressRange{0x3000000, 0x1000000}));
  // One page more does not fit below the RMA top, and the error says so.
  auto too_big = PlaceSegments(*map, page, 0x3000000, {{"kernel", 0x1000001, Region::kRealMode}});
  CHECK_FALSE(too_big.has_value());
  CHECK(too_big.error().detail().find("kernel needs 0x1010000") != std::string::npos);
  CHECK(too_big.error().detail().find("largest free hole is 0x1000000") != std::string::npos);
  // A preferring segment goes above 1 GiB instead.
  auto high = PlaceSegments(
      *map, page, 0x3000000,
      {{"kernel", 0x1000000, Region::kRealMode}, {"initrd", 0x2000000, Region::kPreferRealMode}});
  CHECK(high.has_value());
  UNSIGNED_LONGS_EQUAL(0x40000000, (*high)[1].range.address);
  // More than 16 segments.
  std::vector<SegmentRequest> many(17, {"x", 0x10000, Region::kAnywhere});
  CHECK_FALSE(PlaceSegments(*map, page, 0x3000000, many).has_value());
}

TEST(Placement, RandomMapsNeverBreakTheRules) {
  std::mt19937_64 random(20261127);
  const std::uint64_t page = 0x10000;
  int placed_maps = 0;
  for (int round = 0; round < 500; ++round) {
    MemoryMap map;
    std::uint64_t cursor = 0;
    const int blocks = 1 + static_cast<int>(random() % 4);
    for (int i = 0; i < blocks; ++i) {
      std::uint64_t size = (1 + random() % 64) * 0x100000 + (random() % 2) * 0x1234;
      map.ram.push_back({cursor, size});
      cursor += size + (random() % 3) * 0x1000000;
    }
    map.rma_top = map.ram.front().end();
    const int reserved = static_cast<int>(random() % 8);
    for (int i = 0; i < reserved; ++i) {
      std::uint64_t address = random() % cursor;
      map.reserved.push_back({{address, 1 + random() % 0x800000}, "r" + std::to_string(i)});
    }
    const std::uint64_t floor = (random() % 16) * 0x100000;
    std::vector<SegmentRequest> requests;
    const Region regions[] = {Region::kRealMode, Region::kPreferRealMode, Region::kAnywhere};
    const int count = 1 + static_cast<int>(random() % 6);
    for (int i = 0; i < count; ++i) {
      requests.push_back(
          {"s" + std::to_string(i), 1 + random() % 0x1000000, regions[random() % 3]});
    }
    auto placed = PlaceSegments(map, page, floor, requests);
    if (!placed) continue;
    ++placed_maps;
    CHECK(CheckPlacements(map, page, floor, *placed).has_value());
    for (std::size_t i = 0; i < placed->size(); ++i) {
      const Placement& p = (*placed)[i];
      CHECK(p.range.size >= requests[i].size);
      if (requests[i].region == Region::kRealMode) CHECK(p.range.end() <= map.rma_top);
    }
  }
  CHECK(placed_maps > 100);  // the generator is not so hostile that nothing is ever placed
}
