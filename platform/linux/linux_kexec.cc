// SPDX-License-Identifier: GPL-2.0-or-later
// kexec_load, kexec_file_load and the kexec reboot.
#include "platform/linux/linux_kexec.h"

#include <fcntl.h>
#include <linux/kexec.h>
#include <linux/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace baton::platform {
namespace {

// include/uapi/linux/kexec.h: the architecture field of kexec_load's flags.
#if defined(__powerpc64__)
constexpr unsigned long kKexecArch = KEXEC_ARCH_PPC64;
#else
constexpr unsigned long kKexecArch = KEXEC_ARCH_DEFAULT;
#endif

Error SystemError(const char* what, int error_number) {
  std::string detail = std::strerror(error_number);
  if (error_number == EPERM || error_number == EACCES) {
    detail += " (lockdown, secure boot or a missing CAP_SYS_BOOT refuses it)";
  } else if (error_number == ETXTBSY) {
    detail += " (a segment lies below the running kernel's end or on a TCE table)";
  } else if (error_number == ENOSYS) {
    detail += " (this kernel was built without it)";
  }
  return Error(error_number == EPERM || error_number == EACCES ? ErrorCode::kPermission
                                                               : ErrorCode::kIo,
               what, detail);
}

}  // namespace

Result<void> LinuxKexec::LoadSegments(std::uint64_t entry, std::span<const KexecSegment> segments) {
  std::vector<struct kexec_segment> raw(segments.size());
  for (std::size_t i = 0; i < segments.size(); ++i) {
    raw[i].buf = segments[i].bytes.data();
    raw[i].bufsz = segments[i].bytes.size();
    raw[i].mem = reinterpret_cast<void*>(static_cast<std::uintptr_t>(segments[i].address));
    raw[i].memsz = static_cast<std::size_t>(segments[i].memory_size);
  }
  if (::syscall(SYS_kexec_load, static_cast<unsigned long>(entry), raw.size(), raw.data(),
                kKexecArch) != 0) {
    return SystemError("kexec_load failed", errno);
  }
  return Ok();
}

Result<void> LinuxKexec::LoadFiles(const std::string& kernel, const std::optional<std::string>& initrd,
                                   const std::string& command_line) {
#if defined(SYS_kexec_file_load)
  std::string kernel_path = root_ + kernel;
  int kernel_fd = ::open(kernel_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (kernel_fd < 0) return SystemError("cannot open the kernel", errno);
  int initrd_fd = -1;
  unsigned long flags = 0;
  if (initrd) {
    std::string initrd_path = root_ + *initrd;
    initrd_fd = ::open(initrd_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (initrd_fd < 0) {
      int saved = errno;
      ::close(kernel_fd);
      return SystemError("cannot open the initrd", saved);
    }
  } else {
    flags |= KEXEC_FILE_NO_INITRAMFS;
  }
  long status = ::syscall(SYS_kexec_file_load, kernel_fd, initrd_fd, command_line.size() + 1,
                          command_line.c_str(), flags);
  int saved = errno;
  ::close(kernel_fd);
  if (initrd_fd >= 0) ::close(initrd_fd);
  if (status != 0) return SystemError("kexec_file_load failed", saved);
  return Ok();
#else
  (void)kernel, (void)initrd, (void)command_line;
  return Error(ErrorCode::kUnsupported, "kexec_file_load is not available on this architecture");
#endif
}

Result<void> LinuxKexec::Execute() {
  ::sync();
  if (::syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_KEXEC, nullptr) != 0) {
    return SystemError("reboot into the loaded kernel failed", errno);
  }
  return Ok();
}

}  // namespace baton::platform
