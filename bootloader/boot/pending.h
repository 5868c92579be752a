// SPDX-License-Identifier: GPL-2.0-or-later
// What a loaded next kernel still needs before the reboot, and the last steps of every road
// into it (the menu, `baton boot`, `baton kexec load --exec`, `baton kexec exec`).
//
// `baton kexec load` (without --exec) loads the next kernel and writes this, one item per line,
// to platform::kPendingExtendsPath; `baton kexec exec` reads it back and reboots. The boot
// sequence writes the same text into a simulated machine's plan (plan/pending-extends.txt):
//   count N                 the entries of the snapshot that the carried list starts with
//                           (absent: no list is carried)
//   10:sha1=HEX,sha256=HEX  one line per entry baton added to the carried list: what to extend
//                           into PCR 10, per bank, in tpm2_pcrextend's syntax
//
// The safety policy is one, here: the reboot happens only when the running kernel's count still
// equals the snapshot's (anything measured since would be missing from the carried list, which
// would then no longer replay), the count can be read, what was measured can be read, and every
// extend succeeded. Anything else: no reboot, and an error that says why.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bootloader/boot/measurement.h"
#include "bootloader/core/result.h"
#include "platform/include/file_system.h"
#include "platform/include/kexec.h"
#include "platform/include/platform.h"
#include "platform/include/tpm.h"

namespace baton::boot {

struct PendingExtends {
  std::optional<std::uint64_t> carried_entries;           // the snapshot's count; absent: no list
  std::vector<std::vector<platform::PcrDigest>> extends;  // one per entry, into PCR 10, in order
};

PendingExtends PendingFrom(std::optional<std::uint64_t> carried_entries,
                           const std::optional<NextKernelMeasurement>& measurement);
std::string FormatPending(const PendingExtends& pending);
// Errors (kInvalidArgument) name the line that is malformed.
Result<PendingExtends> ParsePending(std::string_view text);

// Extends every pending entry into PCR 10, in order.
Result<void> ExtendPending(platform::Tpm& tpm, const PendingExtends& pending);

// The last steps: the count check, the extends, reboot(2). Returns only on failure: kImaRejected
// when measurements arrived after the snapshot (nothing extended; a new snapshot may be taken);
// kIo when the count cannot be read while a list is carried; the TPM's error (with "measuring
// the next kernel") when an extend fails, or when extends are pending and no TPM is given.
Result<void> RebootChecked(platform::FileSystem& machine, platform::Tpm* tpm,
                           platform::Kexec& kexec, const PendingExtends& pending);

// `baton kexec exec`: reads what `baton kexec load` left (platform::kPendingExtendsPath), opens
// the TPM when there is something to extend, and RebootChecked. A pending file that cannot be
// read or parsed, or a TPM that cannot be opened, is an error: no reboot (a kernel loaded by
// anything but `baton kexec load` is not baton's to boot).
Result<void> RebootIntoLoaded(platform::FileSystem& machine, const platform::TpmOpener& open_tpm,
                              platform::Kexec& kexec);

}  // namespace baton::boot
