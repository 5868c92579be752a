// SPDX-License-Identifier: GPL-2.0-or-later
// `baton config`: the settings kept in the NVRAM (or the settings file), shown, read and
// changed from the command line with the meaning and refusals of bootloader/settings.
#include <cstdio>
#include <cstring>
#include <string>

#include "bootloader/cli/args.h"
#include "bootloader/cli/cli_util.h"
#include "bootloader/cli/commands.h"
#include "bootloader/core/json.h"
#include "bootloader/settings/settings.h"
#include "bootloader/settings/store.h"

namespace baton::cli {
namespace {

constexpr const char kConfigHelp[] =
    "usage: baton config show [--json] [--nvram FILE] [--root DIR]\n"
    "       baton config get NAME [--nvram FILE] [--root DIR]\n"
    "       baton config set NAME VALUE [--nvram FILE] [--root DIR]\n"
    "\n"
    "baton's settings, kept where petitboot keeps them: the name=value strings of the NVRAM's\n"
    "'common' partition (/dev/nvram), beside the firmware's own; on a machine without an NVRAM,\n"
    "an NVRAM image in /var/lib/baton/settings.nvram, made on the first set. petitboot's\n"
    "settings keep their meaning. A change is journaled: a power cut in the middle leaves the\n"
    "old settings or the new. A setting set to its default is removed.\n"
    "\n"
    "settings (NAME, or the string's name in the NVRAM):\n"
    "  autoboot       auto-boot?               true|false (default true)\n"
    "  timeout        petitboot,timeout        seconds of the countdown (default 10)\n"
    "  boot-order     petitboot,bootdevs       disk usb optical network any encrypted\n"
    "                                          uuid:<fs uuid> mac:<mac> (default network any)\n"
    "  network        petitboot,network        <mac>,dhcp <mac>,ignore dns,<server>[,...]\n"
    "                                          <mac>,static,<addr/prefix>[,<gateway>][,<url>]\n"
    "  console        petitboot,console        the next kernel's console: /dev/hvcN (this\n"
    "                                          kernel's) or a vty's device-tree path\n"
    "  default        baton,default            the option to autoboot, by its title or id\n"
    "                                          (as baton discover prints them), wherever it is\n"
    "  disk-writes    petitboot,write?         true|false (baton: off unless true)\n"
    "  signed-boot    baton,signed-boot        off|warn|enforce: raises the firmware's policy,\n"
    "                                          never lowers it (default off)\n"
    "  debug          petitboot,debug?         true|false (default false)\n"
    "  preboot-check  petitboot,preboot-check  true|false (default true)\n"
    "  language       petitboot,language       a locale, e.g. en_US.utf8\n"
    "  http-proxy     petitboot,http_proxy     a URL\n"
    "  https-proxy    petitboot,https_proxy    a URL\n"
    "  password       petitboot,password       a SHA-512 crypt hash (mkpasswd -m sha-512),\n"
    "                                          or '' for none; shown only as set/not set\n"
    "'show' marks the settings baton reads and keeps for petitboot but does not use yet.\n"
    "\n"
    "  --nvram FILE   an NVRAM image instead of the machine's (as QEMU's spapr-nvram drive\n"
    "                 holds it; read by powerpc-utils' nvram --nvram-file)\n"
    "  --json         show: one object: store, capacity, used, settings, warnings\n"
    "Exit status: 0 done, 1 a refused value (the reason is printed), 2 usage error or\n"
    "unreadable settings.\n";

Result<settings::SettingsStore> OpenStore(platform::Platform& platform, const Args& args) {
  if (auto nvram = args.Value("nvram")) {
    return settings::SettingsStore::Open(platform.files(), *nvram, settings::StoreKind::kImage);
  }
  return settings::SettingsStore::OpenMachine(platform.machine());
}

std::uint64_t UsedBytes(const std::vector<settings::NvramPair>& pairs) {
  std::uint64_t used = 1;
  for (const settings::NvramPair& pair : pairs) used += pair.name.size() + pair.value.size() + 2;
  return used;
}

int Show(const settings::SettingsStore& store, bool json_wanted) {
  std::vector<std::string> warnings;
  const settings::Settings values = settings::ReadSettings(store.pairs(), warnings);
  const std::uint64_t used = store.exists() ? UsedBytes(store.pairs()) : 0;
  if (json_wanted) {
    JsonWriter json;
    json.BeginObject();
    json.Key("store").String(store.kind() == settings::StoreKind::kNvram   ? "nvram"
                             : store.kind() == settings::StoreKind::kImage ? "image"
                                                                           : "file");
    json.Key("path").String(store.path());
    json.Key("exists").Bool(store.exists());
    json.Key("capacity").Number(store.capacity());
    json.Key("used").Number(used);
    json.Key("settings").BeginArray();
    for (const settings::SettingInfo& info : settings::AllSettings()) {
      json.BeginObject();
      json.Key("name").String(info.name);
      json.Key("key").String(info.key);
      json.Key("value").String(settings::SettingText(values, info));
      json.Key("stored").Bool(settings::StoredValue(store.pairs(), info).has_value());
      json.Key("used_by_baton").Bool(info.used_by_baton);
      json.EndObject();
    }
    json.EndArray();
    json.Key("warnings").BeginArray();
    for (const std::string& warning : warnings) json.String(warning);
    json.EndArray();
    json.EndObject();
    WriteOut(json.text() + "\n");
    return kExitYes;
  }
  std::string out = "settings in " + store.Describe();
  if (store.exists()) {
    out += ", partition 'common': " + std::to_string(used) + " of " +
           std::to_string(store.capacity()) + " bytes used\n";
  } else {
    out += ": every setting at its default\n";
  }
  for (const settings::SettingInfo& info : settings::AllSettings()) {
    std::string value = settings::SettingText(values, info);
    if (value.empty()) value = "-";
    std::string line = std::string(info.name);
    line.resize(std::max<std::size_t>(line.size() + 1, 15), ' ');
    line += value;
    line.resize(std::max<std::size_t>(line.size() + 1, 36), ' ');
    line += "(" + std::string(info.key);
    if (!settings::StoredValue(store.pairs(), info)) line += "; default";
    if (!info.used_by_baton) line += "; not used by baton yet";
    out += line + ")\n";
  }
  WriteOut(out);
  for (const std::string& warning : warnings)
    std::fprintf(stderr, "baton config: %s\n", warning.c_str());
  return kExitYes;
}

}  // namespace

int RunConfigCommand(platform::Platform& platform, int argc, char** argv) {
  if (argc < 3 || std::strcmp(argv[2], "--help") == 0 || std::strcmp(argv[2], "-h") == 0) {
    std::fputs(kConfigHelp, argc < 3 ? stderr : stdout);
    return argc < 3 ? kExitUsage : kExitYes;
  }
  const std::string_view action = argv[2];
  auto args = Args::Parse(argc, argv, 3, {{"nvram", true}, {"root", true}, {"json", false}});
  if (!args) return InputError("config", args.error());
  const std::vector<std::string>& words = args->positionals();
  const std::size_t wanted = action == "show" ? 0 : action == "get" ? 1 : action == "set" ? 2 : 9;
  if (wanted == 9) return UsageError("config", "config takes show, get or set");
  if (words.size() != wanted) {
    return UsageError("config", action == "show"  ? "config show takes no arguments"
                                : action == "get" ? "config get takes NAME"
                                                  : "config set takes NAME VALUE");
  }
  if (wanted > 0 && settings::FindSetting(words[0]) == nullptr) {
    return UsageError("config", "no setting named '" + words[0] + "' (see baton config --help)");
  }
  Result<settings::SettingsStore> store = OpenStore(platform, *args);
  if (!store) return InputError("config", store.error());
  if (action == "show") return Show(*store, args->Has("json"));
  const settings::SettingInfo& info = *settings::FindSetting(words[0]);
  if (action == "get") {
    std::vector<std::string> warnings;
    const settings::Settings values = settings::ReadSettings(store->pairs(), warnings);
    for (const std::string& warning : warnings) {
      std::fprintf(stderr, "baton config: %s\n", warning.c_str());
    }
    WriteOut(settings::SettingText(values, info) + "\n");
    return kExitYes;
  }
  std::vector<settings::NvramPair> pairs = store->pairs();
  if (Result<void> set = settings::SetSetting(pairs, words[0], words[1]); !set) {
    return Refusal("config", set.error());
  }
  if (Result<void> saved = store->Save(pairs); !saved) {
    if (saved.error().code() == ErrorCode::kTooLarge) return Refusal("config", saved.error());
    return InputError("config", saved.error());
  }
  std::vector<std::string> warnings;
  const settings::Settings values = settings::ReadSettings(store->pairs(), warnings);
  WriteOut(std::string(info.name) + " = " + settings::SettingText(values, info) + ", saved in " +
           store->Describe() + "\n");
  return kExitYes;
}

}  // namespace baton::cli
