// SPDX-License-Identifier: GPL-2.0-or-later
// The kernel's two ways of loading the next kernel, behind one interface.
//
// kexec_load: baton hands over its own segments (kernel, initrd, tree, IMA buffer, trampoline)
// and so carries the IMA list itself. kexec_file_load: the running kernel builds the tree and,
// if built with CONFIG_IMA_KEXEC, carries the list. Lockdown and OS secure boot refuse
// kexec_load (-EPERM/-EACCES).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"

namespace baton::platform {

struct KexecSegment {
  Bytes bytes;
  std::uint64_t address = 0;
  std::uint64_t memory_size = 0;
};

// An image for kexec_file_load held in memory, and the name it is known by ("sda2:/boot/vmlinuz").
struct KexecImage {
  Bytes bytes;
  std::string name;
};

class Kexec {
 public:
  virtual ~Kexec() = default;
  // kexec_load(2) with KEXEC_ARCH_PPC64 on ppc64; the segments are copied at this call.
  virtual Result<void> LoadSegments(std::uint64_t entry,
                                    std::span<const KexecSegment> segments) = 0;
  // kexec_file_load(2); paths are relative to the machine's root.
  virtual Result<void> LoadFiles(const std::string& kernel,
                                 const std::optional<std::string>& initrd,
                                 const std::string& command_line) = 0;
  // kexec_file_load(2) of bytes already read (the boot menu reads an option's files from its
  // device): the kernel reads, verifies and measures exactly these bytes. They reach it as
  // memfds named after `name`, so the kernel's IMA entries read "/memfd:<name> (deleted)"; a
  // memfd has no extended attributes, so an appraisal policy must accept appended signatures
  // (modsig, as POWER's secure boot does), not only security.ima ones.
  virtual Result<void> LoadImages(const KexecImage& kernel, const std::optional<KexecImage>& initrd,
                                  const std::string& command_line) = 0;
  // reboot(LINUX_REBOOT_CMD_KEXEC). Returns only on failure.
  virtual Result<void> Execute() = 0;
};

}  // namespace baton::platform
