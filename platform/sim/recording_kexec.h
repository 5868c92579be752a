// SPDX-License-Identifier: GPL-2.0-or-later
// A Kexec for the simulated machine: records what would be loaded (entry, every segment's
// address and sizes) into a file instead of calling kexec_load, and never reboots. The plan's
// segment bytes themselves are written by the boot sequence (Machine::plan_directory).
#pragma once

#include <string>

#include "platform/include/file_system.h"
#include "platform/include/kexec.h"

namespace baton::platform {

class RecordingKexec final : public platform::Kexec {
 public:
  // Writes `directory`/loaded.txt through `files`, which must outlive this object.
  RecordingKexec(platform::FileSystem& files, std::string directory)
      : files_(files), directory_(std::move(directory)) {}
  Result<void> LoadSegments(std::uint64_t entry,
                            std::span<const platform::KexecSegment> segments) override;
  // Refused: the simulated machine has no kernel to hand the files to.
  Result<void> LoadFiles(const std::string& kernel, const std::optional<std::string>& initrd,
                         const std::string& command_line) override;
  // Records the sizes and the command line in loaded.txt; the kernel would build its own tree.
  Result<void> LoadImages(const platform::KexecImage& kernel,
                          const std::optional<platform::KexecImage>& initrd,
                          const std::string& command_line) override;
  // Refused: the simulated machine stops before reboot(2).
  Result<void> Execute() override;

 private:
  platform::FileSystem& files_;
  std::string directory_;
};

}  // namespace baton::platform
