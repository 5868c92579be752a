// SPDX-License-Identifier: GPL-2.0-or-later
// POSIX file access.
#include "platform/linux/posix_file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "platform/linux/descriptor.h"

namespace baton::platform {
namespace {

Error FromErrno(const char* message, const std::string& path, int error_number) {
  ErrorCode code = error_number == ENOENT   ? ErrorCode::kNotFound
                   : error_number == EACCES ? ErrorCode::kPermission
                                            : ErrorCode::kIo;
  return Error(code, message, std::strerror(error_number)).WithContext(path);
}

Result<void> WriteAll(int fd, Bytes bytes, const std::string& path) {
  const std::byte* at = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    ssize_t written = ::write(fd, at, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      return FromErrno("cannot write", path, errno);
    }
    at += written;
    left -= static_cast<std::size_t>(written);
  }
  return Ok();
}

}  // namespace

std::string PosixFileSystem::Resolve(std::string_view path) const {
  if (root_.empty()) return std::string(path);
  std::string resolved = root_;
  if (!path.empty() && path.front() != '/') resolved += '/';
  resolved += path;
  return resolved;
}

Result<ByteBuffer> PosixFileSystem::ReadFile(std::string_view path, std::uint64_t max_size) {
  const std::string full = Resolve(path);
  Descriptor fd(::open(full.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return FromErrno("cannot open", full, errno);
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0) return FromErrno("cannot stat", full, errno);
  if (S_ISDIR(status.st_mode)) return Error(ErrorCode::kIo, "is a directory").WithContext(full);
  ByteBuffer data;
  // securityfs and procfs files report size 0: read them in growing chunks.
  std::size_t capacity = status.st_size > 0 ? static_cast<std::size_t>(status.st_size) + 1 : 65536;
  if (capacity > max_size + 1) capacity = static_cast<std::size_t>(max_size + 1);
  data.resize(capacity);
  std::size_t used = 0;
  while (true) {
    if (used == data.size()) {
      if (used > max_size) break;
      data.resize(std::min<std::size_t>(data.size() * 2, static_cast<std::size_t>(max_size + 1)));
    }
    ssize_t got = ::read(fd.get(), data.data() + used, data.size() - used);
    if (got < 0) {
      if (errno == EINTR) continue;
      return FromErrno("cannot read", full, errno);
    }
    if (got == 0) break;
    used += static_cast<std::size_t>(got);
  }
  if (used > max_size) {
    return Error(ErrorCode::kTooLarge, "file is larger than allowed",
                 "more than " + std::to_string(max_size) + " bytes")
        .WithContext(full);
  }
  data.resize(used);
  return data;
}

Result<MappedFile> PosixFileSystem::MapFile(std::string_view path, std::uint64_t max_size) {
  const std::string full = Resolve(path);
  Descriptor fd(::open(full.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return FromErrno("cannot open", full, errno);
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0) return FromErrno("cannot stat", full, errno);
  // Empty files and files that report no size (procfs, securityfs) are read instead.
  if (!S_ISREG(status.st_mode) || status.st_size <= 0) {
    return MappedFile(BATON_TRY(ReadFile(path, max_size)));
  }
  if (static_cast<std::uint64_t>(status.st_size) > max_size) {
    return Error(ErrorCode::kTooLarge, "file is larger than allowed",
                 "more than " + std::to_string(max_size) + " bytes")
        .WithContext(full);
  }
  const auto size = static_cast<std::size_t>(status.st_size);
  void* mapping = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd.get(), 0);
  if (mapping == MAP_FAILED) return MappedFile(BATON_TRY(ReadFile(path, max_size)));
  return MappedFile(mapping, size);
}

Result<void> PosixFileSystem::StreamFile(std::string_view path,
                                         const std::function<void(Bytes)>& consume) {
  const std::string full = Resolve(path);
  Descriptor fd(::open(full.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return FromErrno("cannot open", full, errno);
  std::vector<std::byte> chunk(1 << 20);
  while (true) {
    ssize_t got = ::read(fd.get(), chunk.data(), chunk.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      return FromErrno("cannot read", full, errno);
    }
    if (got == 0) break;
    consume(Bytes(chunk.data(), static_cast<std::size_t>(got)));
  }
  return Ok();
}

Result<void> PosixFileSystem::WriteFile(std::string_view path, Bytes first, Bytes second,
                                        std::uint64_t zero_padding) {
  const std::string full = Resolve(path);
  const std::string temporary = full + ".baton-tmp";
  Descriptor fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (fd.get() < 0) return FromErrno("cannot create", temporary, errno);
  auto fail = [&](Error error) -> Result<void> {
    ::unlink(temporary.c_str());
    return error;
  };
  if (auto written = WriteAll(fd.get(), first, temporary); !written) return fail(written.error());
  if (auto written = WriteAll(fd.get(), second, temporary); !written) return fail(written.error());
  static const std::vector<std::byte> kZeros(65536);
  while (zero_padding > 0) {
    std::size_t count =
        static_cast<std::size_t>(std::min<std::uint64_t>(zero_padding, kZeros.size()));
    if (auto written = WriteAll(fd.get(), Bytes(kZeros.data(), count), temporary); !written) {
      return fail(written.error());
    }
    zero_padding -= count;
  }
  // The bytes reach the disk before the name does: a power cut after the rename must not leave
  // an empty file under the old name.
  if (::fsync(fd.get()) != 0) return fail(FromErrno("cannot flush", temporary, errno));
  if (::close(fd.release()) != 0) return fail(FromErrno("cannot close", temporary, errno));
  if (::rename(temporary.c_str(), full.c_str()) != 0) {
    return fail(FromErrno("cannot rename into place", full, errno));
  }
  return Ok();
}

Result<void> PosixFileSystem::WriteInPlace(std::string_view path, std::uint64_t offset,
                                           Bytes bytes) {
  const std::string full = Resolve(path);
  Descriptor fd(::open(full.c_str(), O_WRONLY | O_CLOEXEC));
  if (fd.get() < 0) return FromErrno("cannot open for writing", full, errno);
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0) return FromErrno("cannot stat", full, errno);
  // The size as seeking to the end finds it: a regular file's, or the NVRAM device's.
  const off_t end = ::lseek(fd.get(), 0, SEEK_END);
  if (end < 0) return FromErrno("cannot find the end of", full, errno);
  const auto size = static_cast<std::uint64_t>(end);
  if (offset > size || bytes.size() > size - offset) {
    return Error(ErrorCode::kOutOfRange, "a write past the end of the file",
                 std::to_string(bytes.size()) + " bytes at " + std::to_string(offset) + " of " +
                     std::to_string(size))
        .WithContext(full);
  }
  if (const int error = PwriteAll(fd.get(), bytes, offset); error != 0) {
    return FromErrno("cannot write", full, error);
  }
  // A device without fsync (the NVRAM's writes go straight to the firmware) says EINVAL.
  if (::fsync(fd.get()) != 0 && !(errno == EINVAL && !S_ISREG(status.st_mode))) {
    return FromErrno("cannot flush", full, errno);
  }
  if (::close(fd.release()) != 0) return FromErrno("cannot close", full, errno);
  return Ok();
}

Result<FileStatus> PosixFileSystem::Status(std::string_view path) {
  const std::string full = Resolve(path);
  struct stat status {};
  if (::lstat(full.c_str(), &status) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return FileStatus{};
    return FromErrno("cannot look at", full, errno);
  }
  if (S_ISREG(status.st_mode))
    return FileStatus{FileKind::kFile, static_cast<std::uint64_t>(status.st_size)};
  if (S_ISDIR(status.st_mode)) return FileStatus{FileKind::kDirectory, 0};
  return FileStatus{FileKind::kOther, 0};
}

Result<std::vector<std::string>> PosixFileSystem::List(std::string_view directory) {
  const std::string full = Resolve(directory);
  DIR* opened = ::opendir(full.c_str());
  if (opened == nullptr) {
    if (errno == ENOENT) return Error(ErrorCode::kNotFound, "no such directory", full);
    return FromErrno("cannot read the directory", full, errno);
  }
  std::vector<std::string> names;
  while (dirent* entry = ::readdir(opened)) {
    std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  ::closedir(opened);
  std::sort(names.begin(), names.end());
  return names;
}

Result<void> PosixFileSystem::CreateDirectory(std::string_view path) {
  const std::string full = Resolve(path);
  if (::mkdir(full.c_str(), 0755) != 0 && errno != EEXIST)
    return FromErrno("cannot create the directory", full, errno);
  return Ok();
}

}  // namespace baton::platform
