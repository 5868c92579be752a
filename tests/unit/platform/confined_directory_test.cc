// SPDX-License-Identifier: GPL-2.0-or-later
// ConfinedDirectory on a real directory tree: ".." and symbolic links out of a device are
// refused; ReadFile and LoadFile return the file's bytes, and LoadFile hands every piece to its
// observer once, in order, and observes nothing of a file it refuses.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "bootloader/crypto/hash.h"
#include "platform/linux/confined_directory.h"

#include "tests/unit/harness.h"

using namespace baton;

TEST_GROUP(ConfinedDirectory) {
  std::string root;
  void setup() override {
    char pattern[] = "/tmp/baton-confined-XXXXXX";
    root = ::mkdtemp(pattern);
    Run("mkdir -p R/dev/boot/grub R/dev/etc R/outside && echo secret > R/outside/secret && "
        "echo kernel > R/dev/boot/vmlinux-6.1 && echo cfg > R/dev/boot/grub/grub.cfg && "
        "ln -s vmlinux-6.1 R/dev/boot/vmlinux && ln -s /boot/vmlinux-6.1 R/dev/etc/absolute && "
        "ln -s ../../outside/secret R/dev/boot/escape && ln -s ../outside R/dev/up && "
        "ln -s loop R/dev/loop");
  }
  void teardown() override {
    Run("rm -rf R");
    ::rmdir(root.c_str());
  }
  void Run(const std::string& command) {
    std::string line = "cd '" + root + "' && " + command;
    LONGS_EQUAL(0, std::system(line.c_str()));
  }
};

TEST(ConfinedDirectory, FollowsLinksInsideAndRefusesLinksOut) {
  auto opened = platform::ConfinedDirectory::Open(root + "/R/dev");
  CHECK(opened.has_value());
  platform::DeviceFiles& files = **opened;
  auto kernel = files.ReadFile("/boot/vmlinux", 100);
  CHECK(kernel.has_value());
  STRCMP_EQUAL("kernel\n", std::string(AsText(*kernel)).c_str());
  CHECK(files.ReadFile("/etc/absolute", 100).has_value());
  CHECK(files.ReadFile("/boot/escape", 100).error().code() == ErrorCode::kPermission);
  CHECK(files.ReadFile("/up/secret", 100).error().code() == ErrorCode::kPermission);
  CHECK(files.ReadFile("/../outside/secret", 100).error().code() == ErrorCode::kPermission);
  CHECK(files.Status("/boot/escape").error().code() == ErrorCode::kPermission);
  CHECK(files.ReadFile("/loop", 100).error().code() == ErrorCode::kIo);
  CHECK(files.ReadFile("/boot/vmlinux", 3).error().code() == ErrorCode::kTooLarge);
  CHECK(files.ReadFile("/boot/missing", 100).error().code() == ErrorCode::kNotFound);
  CHECK(files.Status("/boot/missing")->kind == platform::FileKind::kMissing);
  CHECK(files.Status("/boot/grub")->kind == platform::FileKind::kDirectory);
  CHECK(files.Status("/")->kind == platform::FileKind::kDirectory);
  auto names = files.List("/boot");
  CHECK(names.has_value());
  UNSIGNED_LONGS_EQUAL(4, names->size());
  STRCMP_EQUAL("escape", (*names)[0].c_str());
  STRCMP_EQUAL("vmlinux-6.1", (*names)[3].c_str());
}

namespace {

// 3 MiB and a bit, every byte depending on where it is.
ByteBuffer Pattern(std::size_t size) {
  ByteBuffer bytes(size);
  for (std::size_t i = 0; i < size; ++i) {
    bytes[i] = static_cast<std::byte>((i * 131 + i / 4096) & 0xff);
  }
  return bytes;
}

void WriteFile(const std::string& path, const ByteBuffer& bytes) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  CHECK(file != nullptr);
  if (!bytes.empty()) CHECK_EQUAL(bytes.size(), std::fwrite(bytes.data(), 1, bytes.size(), file));
  std::fclose(file);
}

}  // namespace

TEST(ConfinedDirectory, LoadFileObservesEveryPieceOnceInOrder) {
  const ByteBuffer file = Pattern((3u << 20) + 12345);
  WriteFile(root + "/R/dev/boot/big", file);
  auto opened = platform::ConfinedDirectory::Open(root + "/R/dev");
  CHECK(opened.has_value());
  platform::DeviceFiles& files = **opened;

  ByteBuffer observed;
  std::size_t pieces = 0;
  crypto::Hasher hasher(crypto::HashAlgorithm::kSha256);
  auto loaded = files.LoadFile("/boot/big", 64u << 20, [&](Bytes piece) {
    ++pieces;
    observed.insert(observed.end(), piece.begin(), piece.end());
    hasher.Update(piece);
  });
  CHECK(loaded.has_value());
  CHECK(loaded->bytes().size() == file.size());
  CHECK(std::equal(file.begin(), file.end(), loaded->bytes().begin()));
  CHECK(observed == file);
  CHECK(pieces >= 4);  // read in pieces of at most 1 MiB
  CHECK(hasher.Finish() == crypto::Hash(crypto::HashAlgorithm::kSha256, file));

  // ReadFile gives the same bytes; an empty file loads as empty and is observed as nothing.
  auto read = files.ReadFile("/boot/big", 64u << 20);
  CHECK(read.has_value() && *read == file);
  WriteFile(root + "/R/dev/boot/empty", {});
  std::size_t empty_pieces = 0;
  auto empty = files.LoadFile("/boot/empty", 16, [&](Bytes) { ++empty_pieces; });
  CHECK(empty.has_value() && empty->bytes().empty());
  UNSIGNED_LONGS_EQUAL(0, empty_pieces);
  // Through a link inside the device, as ReadFile.
  auto linked = files.LoadFile("/boot/vmlinux", 100, [](Bytes) {});
  CHECK(linked.has_value());
  STRCMP_EQUAL("kernel\n", std::string(AsText(linked->bytes())).c_str());
}

TEST(ConfinedDirectory, LoadFileRefusesWithoutObserving) {
  auto opened = platform::ConfinedDirectory::Open(root + "/R/dev");
  CHECK(opened.has_value());
  platform::DeviceFiles& files = **opened;
  std::size_t pieces = 0;
  const auto count = [&](Bytes) { ++pieces; };
  auto too_large = files.LoadFile("/boot/vmlinux-6.1", 3, count);
  CHECK(!too_large.has_value() && too_large.error().code() == ErrorCode::kTooLarge);
  auto missing = files.LoadFile("/boot/missing", 1 << 20, count);
  CHECK(!missing.has_value() && missing.error().code() == ErrorCode::kNotFound);
  auto directory = files.LoadFile("/boot/grub", 1 << 20, count);
  CHECK(!directory.has_value() && directory.error().code() == ErrorCode::kInvalidArgument);
  auto escape = files.LoadFile("/boot/escape", 1 << 20, count);
  CHECK(!escape.has_value() && escape.error().code() == ErrorCode::kPermission);
  UNSIGNED_LONGS_EQUAL(0, pieces);
}
