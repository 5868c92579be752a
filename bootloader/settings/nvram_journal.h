// SPDX-License-Identifier: GPL-2.0-or-later
// Changing the name=value strings of an NVRAM system partition so that a power cut at any byte
// leaves the old strings or the new ones, and never a broken partition chain.
//
// No header ever changes: the strings are rewritten inside the partition's data, so a torn write
// can tear data bytes only, and the chain the firmware and the kernel walk stays valid (a chain
// they cannot walk is one SLOF reformats, losing every setting). The new strings are first put
// in a journal at the end of the partition's data, beyond the strings, where SLOF and
// powerpc-utils do not look (they stop at the first empty string):
//
//   data:  strings '\0' (zeros) ... | old[R] | new[R] | at | R | CRC-32 | "BATONJN" | commit
//          0                     L   S = D - 2R - 20                       D - 8     D - 1
//
// (at, R and the CRC are u32, big-endian.) L covers the old strings and the new ones, each with
// its terminating empty string, and [at, at + R) is the range of [0, L) where the new bytes (the
// new strings padded with zeros to L) differ from the old: a changed value or an appended string
// costs its own bytes, not the partition's. The CRC-32 (IEEE 802.3) covers old[], new[], at and
// R. The commit byte is 'L' while the journal holds a change that is committed but maybe not yet
// written in place, and 0 otherwise. The writes, in order:
//   1. the commit byte set to 0, when it is not;
//   2. old[], new[], at, R, the CRC and the magic (not the commit byte);
//   3. the commit byte set to 'L': from here on the change is made, whatever comes;
//   4. new[] over [at, at + R), in place;
//   5. the commit byte set to 0.
// Reading (PlanJournalRecovery) after a cut: a journal that is whole and committed, with every
// byte of [at, at + R) either its old or its new byte, is written in place again (a cut in 4, or
// before it); one whose range holds other bytes is stale (something else, SLOF's setenv or
// powerpc-utils, wrote the strings since) and is dropped, the strings as they are winning; an
// uncommitted or broken journal is nothing. The journal must lie beyond the strings, old and
// new (S >= L); a change that leaves less room is refused (kTooLarge), and nothing is written.
//
// Pure: planning only. The caller applies the writes in order (settings/store.h does).
#pragma once

#include <cstdint>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"
#include "bootloader/settings/nvram.h"

namespace baton::settings {

inline constexpr std::size_t kJournalFooterSize = 20;
inline constexpr std::uint8_t kJournalCommitted = 'L';

// One write: `bytes` at `offset` from the start of the NVRAM.
struct NvramWrite {
  std::uint64_t offset = 0;
  ByteBuffer bytes;
};

// The strings as a system partition holds them: each "name=value" with its NUL, then an empty
// string. kInvalidArgument for a name that is empty or holds '=' or a NUL, or a value with a NUL.
Result<ByteBuffer> EncodeNvramPairs(const std::vector<NvramPair>& pairs);

// The writes, in order, that replace the strings of `partition` (in `nvram`, which it must be
// read from) with `pairs`. kTooLarge, naming the sizes, when the strings and their journal do not
// fit; kSettingsMalformed when the partition's strings do not end before its data does.
Result<std::vector<NvramWrite>> PlanPairsUpdate(Bytes nvram, const NvramPartition& partition,
                                                const std::vector<NvramPair>& pairs);

enum class JournalVerdict : std::uint8_t {
  kNone,      // no committed journal: the strings are as they are
  kComplete,  // the change was written whole; only the commit byte is left to clear
  kTorn,      // the change was cut while (or before) it was written in place: write it again
  kStale,     // a committed journal that the strings no longer match: drop it
};

struct JournalRecovery {
  JournalVerdict verdict = JournalVerdict::kNone;
  std::vector<NvramWrite> writes;  // to apply in order before the strings are read
};

// What the journal at the end of `partition` says, and the writes that settle it.
JournalRecovery PlanJournalRecovery(Bytes nvram, const NvramPartition& partition);

}  // namespace baton::settings
