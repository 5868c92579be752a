// SPDX-License-Identifier: GPL-2.0-or-later
// The corpus under tests/data/config/: each case is a simulated machine (machine/, with
// devices.json) as a distribution installs it, and expected.json beside it, the exact document
// `baton discover --disks machine --json` must print. (The confinement of device paths on a real
// directory tree is tested in tests/unit/platform/confined_directory_test.cc.)
#include <dirent.h>
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
