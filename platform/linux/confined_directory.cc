// SPDX-License-Identifier: GPL-2.0-or-later
// The confined path walk.
#include "platform/linux/confined_directory.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <limits>
#include <utility>

#include "platform/linux/descriptor.h"

namespace baton::platform {
namespace {

constexpr int kMaxLinks = 40;

Error Errno(const char* message, std::string_view path, int error_number) {
  ErrorCode code = error_number == ENOENT || error_number == ENOTDIR ? ErrorCode::kNotFound
                   : error_number == EACCES                          ? ErrorCode::kPermission
                                                                     : ErrorCode::kIo;
  return Error(code, message, std::string(path) + ": " + std::strerror(error_number));
}

Error Escapes(std::string_view path) {
  return Error(ErrorCode::kPermission, "path leaves the device root", std::string(path));
}

void SplitInto(std::string_view path, std::deque<std::string>& parts, bool at_front) {
  std::vector<std::string> split;
  std::size_t at = 0;
  while (at <= path.size()) {
    std::size_t end = path.find('/', at);
    if (end == std::string_view::npos) end = path.size();
    if (end > at) split.emplace_back(path.substr(at, end - at));
    at = end + 1;
  }
  if (at_front) {
    parts.insert(parts.begin(), split.begin(), split.end());
  } else {
    parts.insert(parts.end(), split.begin(), split.end());
  }
}

// Where a walk ended: the directory holding the last component (or the root itself, with an
// empty name), and what is there.
struct Walked {
  Descriptor parent;
  int parent_fd = -1;  // parent.get(), or the root descriptor
  std::string name;    // empty: the root itself
  struct stat status {};
  bool exists = false;
};

Result<Walked> Walk(int root_fd, std::string_view path) {
  if (path.empty() || path.front() != '/') {
    return Error(ErrorCode::kInvalidArgument, "device path is not absolute", std::string(path));
  }
  std::deque<std::string> left;
  SplitInto(path, left, false);
  std::vector<Descriptor> stack;  // directories below the root, outermost first
  auto current = [&] { return stack.empty() ? root_fd : stack.back().get(); };
  int links = 0;
  Walked walked;
  while (!left.empty()) {
    std::string name = std::move(left.front());
    left.pop_front();
    if (name == ".") continue;
    if (name == "..") {
      if (stack.empty()) return Escapes(path);
      stack.pop_back();
      continue;
    }
    struct stat status {};
    if (::fstatat(current(), name.c_str(), &status, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno == ENOENT && left.empty()) {
        walked.name = std::move(name);
        walked.parent_fd = current();
        walked.parent = stack.empty() ? Descriptor() : std::move(stack.back());
        walked.exists = false;
        return walked;
      }
      return Errno("cannot look up", path, errno);
    }
    if (S_ISLNK(status.st_mode)) {
      if (++links > kMaxLinks) return Errno("too many symbolic links", path, ELOOP);
      char target[4096];
      ssize_t length = ::readlinkat(current(), name.c_str(), target, sizeof target - 1);
      if (length < 0) return Errno("cannot read link", path, errno);
      std::string_view link(target, static_cast<std::size_t>(length));
      if (!link.empty() && link.front() == '/') stack.clear();
      SplitInto(link, left, true);
      continue;
    }
    if (left.empty()) {
      walked.name = std::move(name);
      walked.status = status;
      walked.exists = true;
      walked.parent_fd = current();
      walked.parent = stack.empty() ? Descriptor() : std::move(stack.back());
      return walked;
    }
    if (!S_ISDIR(status.st_mode)) return Errno("cannot look up", path, ENOTDIR);
    int fd = ::openat(current(), name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return Errno("cannot open directory", path, errno);
    stack.emplace_back(fd);
  }
  // The path names the root itself.
  walked.parent_fd = root_fd;
  if (::fstat(root_fd, &walked.status) != 0) return Errno("cannot stat", path, errno);
  walked.exists = true;
  return walked;
}

// Opens what a walk found, without following a final link (the walk resolved them already).
Result<Descriptor> OpenWalked(const Walked& walked, int flags, std::string_view path) {
  int fd = walked.name.empty()
               ? ::openat(walked.parent_fd, ".", flags | O_CLOEXEC)
               : ::openat(walked.parent_fd, walked.name.c_str(), flags | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open", path, errno);
  return Descriptor(fd);
}

}  // namespace

Result<std::unique_ptr<ConfinedDirectory>> ConfinedDirectory::Open(const std::string& root,
                                                                   std::string block_device) {
  int fd = ::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open device root", root, errno);
  return std::unique_ptr<ConfinedDirectory>(
      new ConfinedDirectory(fd, root, std::move(block_device)));
}

ConfinedDirectory::~ConfinedDirectory() { ::close(root_fd_); }

namespace {

constexpr std::size_t kPiece = 1 << 20;  // what an observer gets at a time

// Hands `bytes` to `observe` in pieces, as a read would.
void Observe(Bytes bytes, const std::function<void(Bytes)>& observe) {
  for (std::size_t done = 0; done < bytes.size(); done += kPiece) {
    observe(bytes.subspan(done, std::min(kPiece, bytes.size() - done)));
  }
}

// Reads exactly `size` bytes (the size the walk saw) into `into`, observing each piece; a file
// that shrinks or grows meanwhile is an error, never a torn read.
Result<void> ReadWhole(int fd, std::byte* into, std::size_t size, std::string_view path,
                       const std::function<void(Bytes)>* observe) {
  std::size_t done = 0;
  while (done < size) {
    ssize_t got = ::read(fd, into + done, std::min(kPiece, size - done));
    if (got < 0) {
      if (errno == EINTR) continue;
      return Errno("cannot read", path, errno);
    }
    if (got == 0) {
      return Error(ErrorCode::kIo, "file shrank while it was read", std::string(path))
          .WithDetail(std::to_string(done) + " of " + std::to_string(size) + " bytes");
    }
    if (observe != nullptr) (*observe)(Bytes(into + done, static_cast<std::size_t>(got)));
    done += static_cast<std::size_t>(got);
  }
  std::byte extra;
  ssize_t more = 0;
  do {
    more = ::read(fd, &extra, 1);
  } while (more < 0 && errno == EINTR);
  if (more < 0) return Errno("cannot read", path, errno);
  if (more > 0) return Error(ErrorCode::kIo, "file grew while it was read", std::string(path));
  return Ok();
}

// A regular file of at most `max_size` bytes, opened through the confined walk, and its size.
struct OpenedFile {
  Descriptor descriptor;
  std::size_t size = 0;
};
Result<OpenedFile> OpenRegular(int root_fd, std::string_view path, std::uint64_t max_size) {
  Walked walked = BATON_TRY(Walk(root_fd, path));
  if (!walked.exists) return Errno("cannot open", path, ENOENT);
  if (!S_ISREG(walked.status.st_mode)) {
    return Error(ErrorCode::kInvalidArgument, "not a regular file", std::string(path));
  }
  if (static_cast<std::uint64_t>(walked.status.st_size) > max_size) {
    return Error(ErrorCode::kTooLarge, "file too large", std::string(path));
  }
  return OpenedFile{BATON_TRY(OpenWalked(walked, O_RDONLY, path)),
                    static_cast<std::size_t>(walked.status.st_size)};
}

}  // namespace

// The size is known from the walk: one buffer of that size, filled by read(2) directly.
Result<ByteBuffer> ConfinedDirectory::ReadFile(std::string_view path, std::uint64_t max_size) {
  OpenedFile file = BATON_TRY(OpenRegular(root_fd_, path, max_size));
  ByteBuffer bytes(file.size);
  BATON_TRY(ReadWhole(file.descriptor.get(), bytes.data(), bytes.size(), path, nullptr));
  return bytes;
}

Result<ByteBuffer> ConfinedDirectory::ReadTail(std::string_view path, std::uint64_t bytes) {
  OpenedFile file =
      BATON_TRY(OpenRegular(root_fd_, path, std::numeric_limits<std::uint64_t>::max()));
  const std::uint64_t keep = std::min<std::uint64_t>(bytes, file.size);
  if (::lseek(file.descriptor.get(), static_cast<off_t>(file.size - keep), SEEK_SET) < 0)
    return Errno("cannot seek", path, errno);
  ByteBuffer tail(static_cast<std::size_t>(keep));
  BATON_TRY(ReadWhole(file.descriptor.get(), tail.data(), tail.size(), path, nullptr));
  return tail;
}

Result<MappedFile> ConfinedDirectory::LoadFile(std::string_view path, std::uint64_t max_size,
                                               const std::function<void(Bytes)>& observe) {
  OpenedFile opened = BATON_TRY(OpenRegular(root_fd_, path, max_size));
  const Descriptor& file = opened.descriptor;
  const std::size_t size = opened.size;
  if (size == 0) {
    BATON_TRY(ReadWhole(file.get(), nullptr, 0, path, &observe));
    return MappedFile();
  }
  // The file's own pages, mapped and locked in memory: no copy. Locked pages cannot be dropped,
  // so they are never read again from the device (a hostile device may answer differently the
  // second time): what is hashed now is what kexec_load copies later. The device is mounted
  // read-only by baton and nothing else writes its files.
  void* mapping = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, file.get(), 0);
  if (mapping != MAP_FAILED) {
    MappedFile mapped(mapping, size);  // unmapped (and so unlocked) when it goes
    if (::mlock(mapping, size) == 0) {
      Observe(Bytes(static_cast<const std::byte*>(mapping), size), observe);
      return mapped;
    }
  }
  // Where pages cannot be locked (RLIMIT_MEMLOCK) or the file not mapped: anonymous memory of
  // baton's own, populated in one go, filled by read(2), then made read-only.
  void* memory = ::mmap(nullptr, size, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (memory == MAP_FAILED) return Errno("cannot allocate memory for", path, errno);
  MappedFile loaded(memory, size);  // unmapped on any error below
  BATON_TRY(ReadWhole(file.get(), static_cast<std::byte*>(memory), size, path, &observe));
  if (::mprotect(memory, size, PROT_READ) != 0) return Errno("cannot protect", path, errno);
  return loaded;
}

namespace {

Result<void> WriteAll(int fd, Bytes bytes, std::uint64_t at, std::string_view what) {
  if (const int error = PwriteAll(fd, bytes, at); error != 0) {
    return Errno("cannot write", what, error);
  }
  return Ok();
}

// Where a file's bytes are on its block device: one (logical, physical, length) per extent,
// covering [0, size), or the reason the file cannot be written in place.
struct Extent {
  std::uint64_t logical, physical, length;
};
constexpr std::uint32_t kMaxExtents = 16;
Result<std::vector<Extent>> MapFile(int fd, std::uint64_t size, std::string_view path) {
  // struct fiemap ends in a flexible array: the extents follow it in one buffer.
  alignas(struct fiemap)
      std::byte buffer[sizeof(struct fiemap) + kMaxExtents * sizeof(struct fiemap_extent)]{};
  auto* head = reinterpret_cast<struct fiemap*>(buffer);
  head->fm_start = 0;
  head->fm_length = size;
  head->fm_flags = FIEMAP_FLAG_SYNC;
  head->fm_extent_count = kMaxExtents;
  if (::ioctl(fd, FS_IOC_FIEMAP, head) != 0) {
    return Error(ErrorCode::kUnsupported,
                 "the file system does not say where the file's blocks are (FIEMAP)",
                 std::string(path));
  }
  // Blocks that are not the file's own plain bytes at a sector boundary: written raw, they
  // would not be what the file system reads (or would change another file).
  constexpr std::uint32_t kNotPlain =
      FIEMAP_EXTENT_UNKNOWN | FIEMAP_EXTENT_DELALLOC | FIEMAP_EXTENT_ENCODED |
      FIEMAP_EXTENT_DATA_ENCRYPTED | FIEMAP_EXTENT_NOT_ALIGNED | FIEMAP_EXTENT_DATA_INLINE |
      FIEMAP_EXTENT_DATA_TAIL | FIEMAP_EXTENT_UNWRITTEN | FIEMAP_EXTENT_SHARED;
  std::vector<Extent> extents;
  std::uint64_t covered = 0;
  for (std::uint32_t i = 0; i < head->fm_mapped_extents && i < kMaxExtents; ++i) {
    const struct fiemap_extent& extent = head->fm_extents[i];
    if ((extent.fe_flags & kNotPlain) != 0) {
      return Error(ErrorCode::kUnsupported,
                   "the file's blocks are not plain (inline, compressed, shared or unwritten)",
                   std::string(path));
    }
    if (extent.fe_logical > covered || extent.fe_physical % 512 != 0) {
      return Error(ErrorCode::kUnsupported, "the file has a hole or unaligned blocks",
                   std::string(path));
    }
    extents.push_back({extent.fe_logical, extent.fe_physical, extent.fe_length});
    covered = std::max<std::uint64_t>(covered, extent.fe_logical + extent.fe_length);
  }
  if (covered < size) {
    return Error(ErrorCode::kUnsupported, "the file's blocks are not all mapped",
                 std::string(path));
  }
  return extents;
}

}  // namespace

Result<void> ConfinedDirectory::RewriteInPlace(std::string_view path, Bytes bytes) {
  Walked walked = BATON_TRY(Walk(root_fd_, path));
  if (!walked.exists) return Errno("cannot open", path, ENOENT);
  if (!S_ISREG(walked.status.st_mode)) {
    return Error(ErrorCode::kInvalidArgument, "not a regular file", std::string(path));
  }
  if (static_cast<std::uint64_t>(walked.status.st_size) != bytes.size()) {
    return Error(ErrorCode::kInvalidArgument, "an in-place write must keep the file's size",
                 std::string(path));
  }
  if (block_device_.empty()) {
    Descriptor file = BATON_TRY(OpenWalked(walked, O_WRONLY, path));
    BATON_TRY(WriteAll(file.get(), bytes, 0, path));
    if (::fsync(file.get()) != 0) return Errno("cannot flush", path, errno);
    return Ok();
  }
  Descriptor file = BATON_TRY(OpenWalked(walked, O_RDONLY, path));
  const std::vector<Extent> extents = BATON_TRY(MapFile(file.get(), bytes.size(), path));
  const int device = ::open(block_device_.c_str(), O_RDWR | O_CLOEXEC);
  if (device < 0) return Errno("cannot open the block device for writing", block_device_, errno);
  Descriptor device_fd(device);
  for (const Extent& extent : extents) {
    if (extent.logical >= bytes.size()) continue;
    const std::uint64_t end = std::min<std::uint64_t>(bytes.size(), extent.logical + extent.length);
    BATON_TRY(WriteAll(device, bytes.subspan(extent.logical, end - extent.logical), extent.physical,
                       block_device_));
  }
  if (::fsync(device) != 0) return Errno("cannot flush", block_device_, errno);
  // The mount's cached pages of the file are the old bytes: dropped, so that the read back
  // comes from the device.
  ::posix_fadvise(file.get(), 0, 0, POSIX_FADV_DONTNEED);
  ByteBuffer back = BATON_TRY(ReadFile(path, bytes.size()));
  if (back.size() != bytes.size() || !std::equal(back.begin(), back.end(), bytes.begin())) {
    return Error(ErrorCode::kIo,
                 "the file read back through the mount differs from what was written",
                 std::string(path));
  }
  return Ok();
}

Result<FileStatus> ConfinedDirectory::Status(std::string_view path) {
  Result<Walked> walked = Walk(root_fd_, path);
  if (!walked) {
    if (walked.error().code() == ErrorCode::kNotFound) return FileStatus{};
    return std::move(walked).error();
  }
  if (!walked->exists) return FileStatus{};
  FileStatus status;
  if (S_ISREG(walked->status.st_mode)) {
    status.kind = FileKind::kFile;
    status.size = static_cast<std::uint64_t>(walked->status.st_size);
  } else if (S_ISDIR(walked->status.st_mode)) {
    status.kind = FileKind::kDirectory;
  } else {
    status.kind = FileKind::kFile;  // devices, fifos: present, never read as configuration
  }
  return status;
}

Result<std::vector<std::string>> ConfinedDirectory::List(std::string_view directory) {
  Walked walked = BATON_TRY(Walk(root_fd_, directory));
  if (!walked.exists) return Errno("cannot open directory", directory, ENOENT);
  if (!S_ISDIR(walked.status.st_mode)) return Errno("cannot open directory", directory, ENOTDIR);
  Descriptor opened = BATON_TRY(OpenWalked(walked, O_RDONLY | O_DIRECTORY, directory));
  DIR* stream = ::fdopendir(opened.get());
  if (stream == nullptr) return Errno("cannot list", directory, errno);
  opened.release();  // the stream owns the descriptor now
  std::vector<std::string> names;
  while (dirent* entry = ::readdir(stream)) {
    std::string_view name = entry->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  ::closedir(stream);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace baton::platform
