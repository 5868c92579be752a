// SPDX-License-Identifier: GPL-2.0-or-later
// Kexec on Linux system calls.
#pragma once

#include "platform/include/kexec.h"

namespace baton::platform {

class LinuxKexec final : public Kexec {
 public:
  explicit LinuxKexec(std::string root) : root_(std::move(root)) {}
  Result<void> LoadSegments(std::uint64_t entry, std::span<const KexecSegment> segments) override;
  Result<void> LoadFiles(const std::string& kernel, const std::optional<std::string>& initrd,
                         const std::string& command_line) override;
  Result<void> LoadImages(const KexecImage& kernel, const std::optional<KexecImage>& initrd,
                          const std::string& command_line) override;
  Result<void> Execute() override;

 private:
  std::string root_;
};

}  // namespace baton::platform
