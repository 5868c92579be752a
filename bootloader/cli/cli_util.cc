// SPDX-License-Identifier: GPL-2.0-or-later
// Shared command-line helpers.
#include "bootloader/cli/cli_util.h"

#include <cinttypes>

#include "bootloader/core/text.h"
#include "bootloader/settings/settings.h"
#include "bootloader/settings/store.h"

namespace baton::cli {

int UsageError(const char* command, const std::string& message) {
  std::fprintf(stderr, "baton %s: %s\n(see 'baton %s --help')\n", command, message.c_str(),
               command);
  return kExitUsage;
}

int InputError(const char* command, const Error& error) {
  if (error.code() == ErrorCode::kUsage) return UsageError(command, error.ToString());
  std::fprintf(stderr, "baton %s: %s\n", command, error.ToString().c_str());
  return kExitUsage;
}

int Refusal(const char* command, const Error& error) {
  std::fprintf(stderr, "baton %s: %s\n", command, error.ToString().c_str());
  return kExitNo;
}

void WriteOut(std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); }

std::optional<devicetree::AddressRange> ParseRange(std::string_view text) {
  std::size_t comma = text.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  std::optional<std::uint64_t> address = ParseNumber(text.substr(0, comma));
  std::optional<std::uint64_t> size = ParseNumber(text.substr(comma + 1));
  if (!address || !size) return std::nullopt;
  return devicetree::AddressRange{*address, *size};
}

verify::SignedBoot MachineSignedBoot(platform::FileSystem& machine,
                                     std::optional<verify::SignedBootPolicy> requested,
                                     platform::FileSystem& keys, std::string_view keys_directory) {
  verify::SignedBoot boot = verify::LoadSignedBoot(machine, requested, keys, keys_directory);
  Result<settings::SettingsStore> store = settings::SettingsStore::OpenMachine(machine);
  if (!store) {
    boot.notes.push_back(
        "signed boot: the settings cannot be read, baton,signed-boot raises "
        "nothing: " +
        store.error().ToString());
    return boot;
  }
  std::vector<std::string> warnings;
  const settings::Settings stored = settings::ReadSettings(store->pairs(), warnings);
  const std::optional<verify::SignedBootPolicy> floor = verify::ParsePolicy(stored.signed_boot);
  if (!floor) return boot;
  const verify::SignedBootPolicy before = boot.choice.policy;
  boot.choice = verify::RaisePolicy(std::move(boot.choice), *floor,
                                    "baton,signed-boot in " + store->Describe());
  if (boot.choice.policy != before) {
    boot.notes.push_back("signed boot: raised to " +
                         std::string(verify::PolicyName(boot.choice.policy)) + " (" +
                         boot.choice.why + ")");
  }
  return boot;
}

}  // namespace baton::cli
