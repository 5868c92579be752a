// SPDX-License-Identifier: GPL-2.0-or-later
// A Kexec for unit tests that records what was asked of the kernel: how many segment loads and
// image loads, the bytes and command line of the last image load, and every reboot attempt
// (which fails, as no test may reboot; `at_reboot` runs first, to look at the TPM at that
// moment). Paths (LoadFiles) are recorded as given.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "platform/include/kexec.h"

namespace baton::platform {

class FakeKexec final : public Kexec {
 public:
  int segment_loads = 0;
  int file_loads = 0;
  int path_loads = 0;
  int reboots = 0;
  ByteBuffer kernel;
  std::string kernel_name;
  std::optional<ByteBuffer> initrd;
  std::string command_line;
  std::function<void()> at_reboot;

  Result<void> LoadSegments(std::uint64_t, std::span<const KexecSegment>) override {
    ++segment_loads;
    return Ok();
  }
  Result<void> LoadFiles(const std::string& kernel_path, const std::optional<std::string>&,
                         const std::string& line) override {
    ++path_loads;
    kernel_name = kernel_path;
    command_line = line;
    return Ok();
  }
  Result<void> LoadImages(const KexecImage& kernel_image,
                          const std::optional<KexecImage>& initrd_image,
                          const std::string& line) override {
    ++file_loads;
    kernel.assign(kernel_image.bytes.begin(), kernel_image.bytes.end());
    kernel_name = kernel_image.name;
    if (initrd_image) initrd = ByteBuffer(initrd_image->bytes.begin(), initrd_image->bytes.end());
    command_line = line;
    return Ok();
  }
  Result<void> Execute() override {
    ++reboots;
    if (at_reboot) at_reboot();
    return Error(ErrorCode::kUnsupported, "no reboot in a test");
  }
};

}  // namespace baton::platform
