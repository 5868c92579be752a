// SPDX-License-Identifier: GPL-2.0-or-later
// The simulated machine's kexec: a record, never a system call.
#include "platform/sim/recording_kexec.h"

#include <cstdio>

namespace baton::platform {

Result<void> RecordingKexec::LoadSegments(std::uint64_t entry,
                                          std::span<const platform::KexecSegment> segments) {
  char line[160];
  std::snprintf(line, sizeof line, "kexec_load entry=0x%llx segments=%zu\n",
                static_cast<unsigned long long>(entry), segments.size());
  std::string text = line;
  for (const platform::KexecSegment& segment : segments) {
    std::snprintf(line, sizeof line, "segment address=0x%llx bytes=%zu memory=0x%llx\n",
                  static_cast<unsigned long long>(segment.address), segment.bytes.size(),
                  static_cast<unsigned long long>(segment.memory_size));
    text += line;
  }
  return files_.WriteFile(directory_ + "/loaded.txt", AsBytes(text));
}

Result<void> RecordingKexec::LoadFiles(const std::string&, const std::optional<std::string>&,
                                       const std::string&) {
  return Error(ErrorCode::kUnsupported, "the simulated machine has no kexec_file_load");
}

Result<void> RecordingKexec::LoadImages(const platform::KexecImage& kernel,
                                        const std::optional<platform::KexecImage>& initrd,
                                        const std::string& command_line) {
  std::string text = "kexec_file_load kernel=" + kernel.name +
                     " kernel_bytes=" + std::to_string(kernel.bytes.size()) + " initrd_bytes=" +
                     (initrd ? std::to_string(initrd->bytes.size()) : std::string("none")) +
                     "\ncommand_line=" + command_line + "\n";
  return files_.WriteFile(directory_ + "/loaded.txt", AsBytes(text));
}

Result<void> RecordingKexec::Execute() {
  return Error(ErrorCode::kUnsupported, "the simulated machine stops before reboot(2)");
}

}  // namespace baton::platform
