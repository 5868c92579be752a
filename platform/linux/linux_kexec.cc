// SPDX-License-Identifier: GPL-2.0-or-later
// kexec_load, kexec_file_load and the kexec reboot.
#include "platform/linux/linux_kexec.h"

#include <fcntl.h>
#include <linux/kexec.h>
#include <linux/reboot.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <time.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "bootloader/core/log.h"

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
  } else if (error_number == EKEYREJECTED || error_number == EBADMSG || error_number == ENOKEY) {
    detail += " (the kernel's signature is missing or was rejected)";
  } else if (error_number == ENOEXEC) {
    detail += " (not a kernel image the running kernel can load)";
  } else if (error_number == ENOSYS) {
    detail += " (this kernel was built without it)";
  }
  return Error(
      error_number == EPERM || error_number == EACCES ? ErrorCode::kPermission : ErrorCode::kIo,
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

#if defined(SYS_kexec_file_load)
namespace {

// An open descriptor, closed when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      if (fd_ >= 0) ::close(fd_);
      fd_ = other.fd_;
      other.fd_ = -1;
    }
    return *this;
  }
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

Result<void> FileLoad(const Fd& kernel, const Fd& initrd, const std::string& command_line) {
  const unsigned long flags = initrd.get() < 0 ? KEXEC_FILE_NO_INITRAMFS : 0;
  if (::syscall(SYS_kexec_file_load, kernel.get(), initrd.get(), command_line.size() + 1,
                command_line.c_str(), flags) != 0) {
    return SystemError("kexec_file_load failed", errno);
  }
  return Ok();
}

// An anonymous file holding `bytes`, for kexec_file_load's descriptors, named "baton:<name>"
// (memfd names are at most 249 bytes; a longer one keeps its end, where the file name is).
Result<Fd> MemoryFile(const std::string& name, Bytes bytes) {
  std::string label = "baton:" + name;
  if (label.size() > 249) label = label.substr(label.size() - 249);
  Fd fd(static_cast<int>(::syscall(SYS_memfd_create, label.c_str(), MFD_CLOEXEC)));
  if (fd.get() < 0) return SystemError("memfd_create failed", errno);
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t wrote = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0)
      return SystemError("cannot write the image for kexec_file_load", wrote < 0 ? errno : ENOSPC);
    done += static_cast<std::size_t>(wrote);
  }
  return fd;
}

}  // namespace
#endif

Result<void> LinuxKexec::LoadFiles(const std::string& kernel,
                                   const std::optional<std::string>& initrd,
                                   const std::string& command_line) {
#if defined(SYS_kexec_file_load)
  Fd kernel_fd(::open((root_ + kernel).c_str(), O_RDONLY | O_CLOEXEC));
  if (kernel_fd.get() < 0) return SystemError("cannot open the kernel", errno);
  Fd initrd_fd;
  if (initrd) {
    initrd_fd = Fd(::open((root_ + *initrd).c_str(), O_RDONLY | O_CLOEXEC));
    if (initrd_fd.get() < 0) return SystemError("cannot open the initrd", errno);
  }
  return FileLoad(kernel_fd, initrd_fd, command_line);
#else
  (void)kernel, (void)initrd, (void)command_line;
  return Error(ErrorCode::kUnsupported, "kexec_file_load is not available on this architecture");
#endif
}

Result<void> LinuxKexec::LoadImages(const KexecImage& kernel,
                                    const std::optional<KexecImage>& initrd,
                                    const std::string& command_line) {
#if defined(SYS_kexec_file_load)
  Fd kernel_fd = BATON_TRY(MemoryFile(kernel.name, kernel.bytes));
  Fd initrd_fd;
  if (initrd) initrd_fd = BATON_TRY(MemoryFile(initrd->name, initrd->bytes));
  return FileLoad(kernel_fd, initrd_fd, command_line);
#else
  (void)kernel, (void)initrd, (void)command_line;
  return Error(ErrorCode::kUnsupported, "kexec_file_load is not available on this architecture");
#endif
}

Result<void> LinuxKexec::Execute() {
  ::sync();
  // The moment of the reboot on the clock /proc/uptime shows, for whoever times the boot.
  timespec now{};
  ::clock_gettime(CLOCK_BOOTTIME, &now);
  Logf(LogLevel::kInfo, "rebooting into the loaded kernel at %lld.%06ld s since boot",
       static_cast<long long>(now.tv_sec), now.tv_nsec / 1000);
  if (::syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_KEXEC,
                nullptr) != 0) {
    return SystemError("reboot into the loaded kernel failed", errno);
  }
  return Ok();
}

}  // namespace baton::platform
