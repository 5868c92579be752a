// SPDX-License-Identifier: GPL-2.0-or-later
// The corpus under tests/data/config/: each case is a simulated machine (machine/, with
// devices.json) as a distribution installs it, and expected.json beside it, the exact document
// `baton discover --disks machine --json` must print. Also the confinement of device paths on a
// real directory tree: ".." and symbolic links out of a device are refused.
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bootloader/core/json_reader.h"
#include "bootloader/discover/discovery.h"
#include "bootloader/discover/report_json.h"
#include "platform/linux/confined_directory.h"
#include "platform/linux/directory_devices.h"
#include "tests/unit/core/json_difference.h"

#include "tests/unit/harness.h"

using namespace baton;

namespace {

constexpr char kCorpus[] = "tests/data/config";

std::vector<std::string> CorpusCases() {
  std::vector<std::string> cases;
  DIR* directory = ::opendir(kCorpus);
  if (directory == nullptr) return cases;
  while (dirent* entry = ::readdir(directory)) {
    std::string name = entry->d_name;
    if (name.front() != '.' &&
        ::access((std::string(kCorpus) + "/" + name + "/expected.json").c_str(), R_OK) == 0) {
      cases.push_back(name);
    }
  }
  ::closedir(directory);
  std::sort(cases.begin(), cases.end());
  return cases;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Discover(const std::string& root) {
  platform::DirectoryDeviceSource source(root);
  auto devices = source.Probe();
  if (!devices) return "probe failed: " + devices.error().ToString();
  discover::Discovery discovery;
  for (platform::Device& device : *devices) discovery.AddDevice(device.identity, *device.files);
  return discover::ReportJson(discovery.Resolve());
}

}  // namespace

TEST_GROUP(DiscoverCorpus){};

TEST(DiscoverCorpus, EveryCaseGivesItsExpectedOptions) {
  std::vector<std::string> cases = CorpusCases();
  CHECK_TEXT(cases.size() >= 8, "the corpus is missing (run from the repository root)");
  for (const std::string& name : cases) {
    std::string base = std::string(kCorpus) + "/" + name;
    auto expected = ParseJson(ReadText(base + "/expected.json"));
    CHECK_TEXT(expected.has_value(), (name + ": expected.json does not parse").c_str());
    std::string text = Discover(base + "/machine");
    auto actual = ParseJson(text);
    CHECK_TEXT(actual.has_value(), (name + ": " + text).c_str());
    std::string difference = JsonDifference(*expected, *actual);
    CHECK_TEXT(difference.empty(), (name + ": " + difference).c_str());
  }
}

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
