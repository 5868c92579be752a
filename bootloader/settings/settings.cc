// SPDX-License-Identifier: GPL-2.0-or-later
// baton's settings over the strings of `common`, with petitboot's meaning (see the header).
#include "bootloader/settings/settings.h"

#include <algorithm>
#include <array>
#include <climits>

#include "bootloader/core/text.h"

namespace baton::settings {
namespace {

constexpr std::array<std::string_view, 6> kTypeNames{"disk",    "usb", "optical",
                                                     "network", "any", "encrypted"};

std::string_view TypeName(BootDeviceType type) {
  return kTypeNames[static_cast<std::size_t>(type)];
}

// petitboot's find_device_type: a token that starts with a type's name is that type.
std::optional<BootDeviceType> TypeByPrefix(std::string_view token) {
  for (std::size_t i = 0; i < kTypeNames.size(); ++i) {
    if (token.starts_with(kTypeNames[i])) return static_cast<BootDeviceType>(i);
  }
  return std::nullopt;
}

std::vector<std::string_view> SplitSpaces(std::string_view text) {
  std::vector<std::string_view> tokens;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find(' ', at), text.size());
    if (end > at) tokens.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return tokens;
}

// Every field between `separator`s, empty ones too ("a,,b" is three).
std::vector<std::string_view> SplitAt(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t at = 0;
  while (true) {
    const std::size_t end = std::min(text.find(separator, at), text.size());
    parts.push_back(text.substr(at, end - at));
    if (end == text.size()) break;
    at = end + 1;
  }
  return parts;
}

bool IsHex(char c) { return IsAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// xx:xx:xx:xx:xx:xx, as petitboot's parse_hwaddr takes it (either case); lower-cased.
std::optional<std::string> ParseMac(std::string_view text) {
  if (text.size() != 17) return std::nullopt;
  std::string mac;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i % 3 == 2 ? c != ':' : !IsHex(c)) return std::nullopt;
    mac.push_back(c >= 'A' && c <= 'F' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return mac;
}

std::optional<unsigned> ParseSmall(std::string_view text, unsigned max) {
  if (text.empty() || text.size() > 3) return std::nullopt;
  unsigned value = 0;
  for (char c : text) {
    if (!IsAsciiDigit(c)) return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value > max) return std::nullopt;
  return value;
}

bool IsIpv4(std::string_view text) {
  const std::vector<std::string_view> parts = SplitAt(text, '.');
  if (parts.size() != 4) return false;
  return std::all_of(parts.begin(), parts.end(),
                     [](std::string_view part) { return ParseSmall(part, 255).has_value(); });
}

bool IsAddressWithPrefix(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return false;
  return IsIpv4(text.substr(0, slash)) && ParseSmall(text.substr(slash + 1), 32).has_value();
}

bool IsUrl(std::string_view text) {
  const std::size_t scheme = text.find("://");
  return scheme != std::string_view::npos && scheme > 0 && text.size() > scheme + 3 &&
         std::none_of(text.begin(), text.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= ' '; });
}

bool IsPrintable(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) >= ' ' && static_cast<unsigned char>(c) != 0x7f;
  });
}

// One interface entry of petitboot,network; nullopt when it means nothing.
std::optional<InterfaceSetting> ParseInterface(std::string_view token) {
  const std::vector<std::string_view> parts = SplitAt(token, ',');
  InterfaceSetting setting;
  std::optional<std::string> mac = ParseMac(parts[0]);
  if (!mac || parts.size() < 2) return std::nullopt;
  setting.mac = *mac;
  if (parts[1] == "dhcp" && parts.size() == 2) {
    setting.method = AddressMethod::kDhcp;
  } else if ((parts[1] == "ignore" || parts[1].empty()) && parts.size() == 2) {
    setting.method = AddressMethod::kIgnore;
  } else if (parts[1] == "static" && parts.size() >= 3 && parts.size() <= 5) {
    setting.method = AddressMethod::kStatic;
    if (!IsAddressWithPrefix(parts[2])) return std::nullopt;
    setting.address = std::string(parts[2]);
    // petitboot: a lone fourth field that is a URL is the URL, not a gateway.
    if (parts.size() == 4 && IsUrl(parts[3])) {
      setting.url = std::string(parts[3]);
    } else if (parts.size() >= 4) {
      if (!IsIpv4(parts[3])) return std::nullopt;
      setting.gateway = std::string(parts[3]);
      if (parts.size() == 5) {
        if (!IsUrl(parts[4])) return std::nullopt;
        setting.url = std::string(parts[4]);
      }
    }
  } else {
    return std::nullopt;
  }
  return setting;
}

// petitboot,network into `settings`: the entries that mean something; the first that does not
// (an interface entry, or a DNS server that is not an IPv4 address) is returned, for the caller
// to refuse or to leave out with a warning.
std::vector<std::string> ParseNetwork(std::string_view text, Settings& settings) {
  std::vector<std::string> bad;
  for (std::string_view token : SplitSpaces(text)) {
    if (token.size() >= 4 && (token.substr(0, 4) == "dns," || token.substr(0, 4) == "DNS,")) {
      for (std::string_view server : SplitAt(token.substr(4), ',')) {
        if (IsIpv4(server)) {
          settings.dns_servers.emplace_back(server);
        } else {
          bad.push_back("'" + std::string(server) + "' is not a DNS server");
        }
      }
    } else if (std::optional<InterfaceSetting> setting = ParseInterface(token)) {
      settings.interfaces.push_back(std::move(*setting));
    } else {
      bad.push_back("'" + std::string(token) + "' means nothing");
    }
  }
  return bad;
}

std::string InterfaceText(const InterfaceSetting& setting) {
  std::string text = setting.mac + ",";
  switch (setting.method) {
    case AddressMethod::kDhcp:
      return text + "dhcp";
    case AddressMethod::kIgnore:
      return text + "ignore";
    case AddressMethod::kStatic:
      break;
  }
  text += "static," + setting.address;
  if (!setting.gateway.empty()) text += "," + setting.gateway;
  if (!setting.url.empty()) text += "," + setting.url;
  return text;
}

std::string BootOrderText(const std::vector<BootDevice>& order) {
  std::string text;
  for (const BootDevice& device : order) {
    if (device.type) {
      text += std::string(TypeName(*device.type)) + " ";
    } else if (!device.mac.empty()) {
      text += "mac:" + device.mac + " ";
    } else {
      text += "uuid:" + device.uuid + " ";
    }
  }
  return text;
}

std::string NetworkText(const Settings& settings) {
  std::string text;
  for (const InterfaceSetting& setting : settings.interfaces) {
    text += (text.empty() ? "" : " ") + InterfaceText(setting);
  }
  if (!settings.dns_servers.empty()) {
    text += text.empty() ? "dns," : " dns,";
    for (std::size_t i = 0; i < settings.dns_servers.size(); ++i) {
      text += (i == 0 ? "" : ",") + settings.dns_servers[i];
    }
  }
  return text;
}

// A SHA-512 crypt hash as glibc and libxcrypt write it: $6$[rounds=N$]salt$hash, the salt 1-16
// and the hash 86 characters of ./0-9A-Za-z.
bool IsSha512Crypt(std::string_view text) {
  auto crypt_chars = [](std::string_view part) {
    return std::all_of(part.begin(), part.end(), [](char c) {
      return c == '.' || c == '/' || IsAsciiDigit(c) || (c >= 'A' && c <= 'Z') ||
             (c >= 'a' && c <= 'z');
    });
  };
  if (!text.starts_with("$6$")) return false;
  text.remove_prefix(3);
  if (text.starts_with("rounds=")) {
    const std::size_t end = text.find('$');
    if (end == std::string_view::npos || end == 7) return false;
    const std::string_view rounds = text.substr(7, end - 7);
    if (rounds.size() > 9 || !std::all_of(rounds.begin(), rounds.end(), IsAsciiDigit)) return false;
    text.remove_prefix(end + 1);
  }
  const std::size_t end = text.find('$');
  if (end == std::string_view::npos || end == 0 || end > 16) return false;
  const std::string_view salt = text.substr(0, end);
  const std::string_view hash = text.substr(end + 1);
  return crypt_chars(salt) && hash.size() == 86 && crypt_chars(hash);
}

Error Refused(const SettingInfo& info, std::string_view value, std::string_view reason) {
  return Error(ErrorCode::kInvalidArgument, "a value the setting does not take",
               std::string(info.name) + " '" + std::string(value.substr(0, 60)) +
                   "': " + std::string(reason) + "; it takes " + std::string(info.values));
}

using Stored = Result<std::optional<std::string>>;  // the string to store; nullopt: remove it
Stored Store(std::string_view value) { return std::optional<std::string>(std::string(value)); }
Stored Remove() { return std::optional<std::string>(); }

void Warn(std::vector<std::string>& warnings, std::string_view key, std::string_view value,
          std::string_view why) {
  warnings.push_back("settings: " + std::string(key) + "='" + std::string(value.substr(0, 60)) +
                     "' " + std::string(why));
}

// A boot order's tokens. Strict (a value being set): every token must be one; lenient (the
// NVRAM's string, untrusted): a type is read by prefix, as petitboot reads it, and a token that
// is nothing is left out with a warning.
Result<std::vector<BootDevice>> ParseBootOrder(const SettingInfo& info, std::string_view text,
                                               std::vector<std::string>* lenient) {
  std::vector<BootDevice> order;
  for (std::string_view token : SplitSpaces(text)) {
    BootDevice device;
    if (token.starts_with("uuid:") && token.size() > 5) {
      device.uuid = std::string(token.substr(5));
      if (!lenient && !IsPrintable(device.uuid)) {
        return Refused(info, text, "a UUID with control bytes");
      }
    } else if (token.starts_with("mac:") && (lenient ? token.size() > 4 : true)) {
      std::optional<std::string> mac = ParseMac(token.substr(4));
      if (!lenient && !mac) return Refused(info, text, "'" + std::string(token) + "' is not a MAC");
      // Read as stored (petitboot keeps the string); a value being set is lower-cased.
      device.mac = lenient ? std::string(token.substr(4)) : *mac;
    } else if (const auto found = std::find(kTypeNames.begin(), kTypeNames.end(), token);
               found != kTypeNames.end()) {
      device.type = static_cast<BootDeviceType>(found - kTypeNames.begin());
    } else if (std::optional<BootDeviceType> type = TypeByPrefix(token); lenient && type) {
      device.type = type;
    } else if (lenient) {
      Warn(*lenient, info.key, token, "is no device; left out");
      continue;
    } else {
      return Refused(info, text, "'" + std::string(token) + "' is no device type");
    }
    order.push_back(std::move(device));
  }
  return order;
}

std::string Boolean(bool value) { return value ? "true" : "false"; }

// A true|false setting whose default is `default_value`: the default removes the string.
Stored CanonicalBoolean(const SettingInfo& info, std::string_view value, bool default_value) {
  if (value != "true" && value != "false") return Refused(info, value, "not true or false");
  if ((value == "true") == default_value) return Remove();
  return Store(value);
}

// What one setting does: the string it stores for a value being set (or the refusal), how its
// stored string is read (a value that means nothing warns and keeps the default), and its value
// as text.
struct Rules {
  Stored (*canonical)(const SettingInfo& info, std::string_view value);
  void (*read)(const SettingInfo& info, std::string_view stored, Settings& settings,
               std::vector<std::string>& warnings);
  std::string (*text)(const Settings& settings);
};

struct Entry {
  SettingInfo info;
  Rules rules;
};

// The settings with text values that are stored as given (after a check) and read as stored.
template <std::string Settings::*field>
void ReadText(const SettingInfo&, std::string_view stored, Settings& settings,
              std::vector<std::string>&) {
  settings.*field = std::string(stored);
}
template <std::string Settings::*field>
std::string Text(const Settings& settings) {
  return settings.*field;
}

Stored CanonicalUrl(const SettingInfo& info, std::string_view value) {
  if (value.empty()) return Remove();
  if (!IsUrl(value)) return Refused(info, value, "not a URL");
  return Store(value);
}

constexpr std::size_t kSettingCount = 14;
constexpr std::array<Entry, kSettingCount> kEntries{{
    {{"autoboot", "auto-boot?", "true|false", "boot the default option when the countdown ends",
      true, false},
     {[](const SettingInfo& info, std::string_view value) {
        return CanonicalBoolean(info, value, true);
      },
      [](const SettingInfo&, std::string_view stored, Settings& settings,
         std::vector<std::string>&) { settings.autoboot = stored != "false"; },
      [](const Settings& settings) { return Boolean(settings.autoboot); }}},
    {{"timeout", "petitboot,timeout", "seconds", "the countdown before autoboot", true, false},
     {[](const SettingInfo& info, std::string_view value) -> Stored {
        if (value.empty()) return Remove();
        if (value.size() > 10 || !std::all_of(value.begin(), value.end(), IsAsciiDigit)) {
          return Refused(info, value, "not a number of seconds");
        }
        std::uint64_t seconds = 0;
        for (char c : value) seconds = seconds * 10 + static_cast<std::uint64_t>(c - '0');
        if (seconds > INT_MAX) return Refused(info, value, "more seconds than petitboot can read");
        if (seconds == Settings{}.timeout_seconds) return Remove();
        return Store(std::to_string(seconds));
      },
      [](const SettingInfo& info, std::string_view stored, Settings& settings,
         std::vector<std::string>& warnings) {
        // strtoul's reading: the leading digits; none keeps the default.
        std::size_t digits = 0;
        while (digits < stored.size() && IsAsciiDigit(stored[digits])) ++digits;
        if (digits == 0) {
          Warn(warnings, info.key, stored, "has no number of seconds; the default stays");
          return;
        }
        std::uint64_t seconds = 0;
        for (std::size_t i = 0; i < digits && seconds < INT_MAX; ++i) {
          seconds = seconds * 10 + static_cast<std::uint64_t>(stored[i] - '0');
        }
        settings.timeout_seconds = std::min<std::uint64_t>(seconds, INT_MAX);
      },
      [](const Settings& settings) { return std::to_string(settings.timeout_seconds); }}},
    {{"boot-order", "petitboot,bootdevs",
      "space-separated: disk usb optical network any encrypted uuid:<fs uuid> mac:<mac>",
      "which devices' options autoboot may choose, first match first", true, false},
     {[](const SettingInfo& info, std::string_view value) -> Stored {
        const std::vector<BootDevice> order = BATON_TRY(ParseBootOrder(info, value, nullptr));
        if (order.empty() || order == Settings{}.boot_order) return Remove();
        return Store(BootOrderText(order));
      },
      [](const SettingInfo& info, std::string_view stored, Settings& settings,
         std::vector<std::string>& warnings) {
        Result<std::vector<BootDevice>> order = ParseBootOrder(info, stored, &warnings);
        if (order && !order->empty()) settings.boot_order = std::move(*order);
      },
      [](const Settings& settings) {
        std::string text = BootOrderText(settings.boot_order);
        if (!text.empty()) text.pop_back();
        return text;
      }}},
    {{"network", "petitboot,network",
      "space-separated: <mac>,dhcp <mac>,ignore <mac>,static,<addr/prefix>[,<gw>][,<url>] "
      "dns,<server>[,...]",
      "how each interface gets its address", false, false},
     {[](const SettingInfo& info, std::string_view value) -> Stored {
        if (value.empty()) return Remove();
        Settings parsed;
        const std::vector<std::string> bad = ParseNetwork(value, parsed);
        if (!bad.empty()) return Refused(info, value, bad.front());
        return Store(NetworkText(parsed));
      },
      [](const SettingInfo& info, std::string_view stored, Settings& settings,
         std::vector<std::string>& warnings) {
        for (const std::string& bad : ParseNetwork(stored, settings)) {
          Warn(warnings, info.key, stored, "has " + bad + "; left out");
        }
      },
      NetworkText}},
    {{"console", "petitboot,console", "/dev/hvcN, or a vty's device-tree path",
      "the next kernel's console (its /chosen/stdout-path)", true, false},
     {[](const SettingInfo& info, std::string_view value) -> Stored {
        if (value.empty()) return Remove();
        if (value.size() > 128 || !IsPrintable(value)) {
          return Refused(info, value, "not a console name (printable, at most 128 bytes)");
        }
        return Store(value);
      },
      ReadText<&Settings::console>, Text<&Settings::console>}},
    {{"default", "baton,default", "an option's title or id, as baton discover prints them",
      "the option to autoboot, on whichever device it is (petitboot has no such key)", true, false},
     {[](const SettingInfo& info, std::string_view value) -> Stored {
        if (value.empty()) return Remove();
        if (value.size() > 255 || !IsPrintable(value)) {
          return Refused(info, value, "not an option's title (printable, at most 255 bytes)");
        }
        return Store(value);
      },
      ReadText<&Settings::default_option>, Text<&Settings::default_option>}},
    {{"disk-writes", "petitboot,write?", "true|false",
      "whether a boot may write grub.cfg's save_env (next_entry) to disk; off unless true", true,
      false},
     {[](const SettingInfo& info, std::string_view value) -> Stored {
        if (value != "true" && value != "false") return Refused(info, value, "not true or false");
        return Store(value);  // never removed: see the header
      },
      [](const SettingInfo&, std::string_view stored, Settings& settings,
         std::vector<std::string>&) { settings.disk_writes = stored == "true"; },
      [](const Settings& settings) { return Boolean(settings.disk_writes); }}},
    {{"signed-boot", "baton,signed-boot", "off|warn|enforce",
      "raises the firmware's signed-boot policy, never lowers it (petitboot has no such key)", true,
      false},
     {[](const SettingInfo& info, std::string_view value) -> Stored {
        if (value.empty() || value == "off") return Remove();
        if (value != "warn" && value != "enforce") {
          return Refused(info, value, "not off, warn or enforce");
        }
        return Store(value);
      },
      [](const SettingInfo& info, std::string_view stored, Settings& settings,
         std::vector<std::string>& warnings) {
        if (stored == "off" || stored == "warn" || stored == "enforce") {
          settings.signed_boot = std::string(stored);
        } else {
          // Whoever wrote it meant to ask for checks: the strictest reading is the safe one.
          settings.signed_boot = "enforce";
          Warn(warnings, info.key, stored, "is not off, warn or enforce; read as enforce");
        }
      },
      [](const Settings& settings) {
        return settings.signed_boot.empty() ? std::string("off") : settings.signed_boot;
      }}},
    {{"debug", "petitboot,debug?", "true|false", "petitboot's debug log", false, false},
     {[](const SettingInfo& info, std::string_view value) {
        return CanonicalBoolean(info, value, false);
      },
      [](const SettingInfo&, std::string_view stored, Settings& settings,
         std::vector<std::string>&) { settings.debug = stored == "true"; },
      [](const Settings& settings) { return Boolean(settings.debug); }}},
    {{"preboot-check", "petitboot,preboot-check", "true|false", "petitboot's pre-boot checks",
      false, false},
     {[](const SettingInfo& info, std::string_view value) {
        return CanonicalBoolean(info, value, true);
      },
      [](const SettingInfo&, std::string_view stored, Settings& settings,
         std::vector<std::string>&) { settings.preboot_check = stored != "false"; },
      [](const Settings& settings) { return Boolean(settings.preboot_check); }}},
    {{"language", "petitboot,language", "a locale, e.g. en_US.utf8", "the menu's language", false,
      false},
     {[](const SettingInfo& info, std::string_view value) -> Stored {
        if (value.empty()) return Remove();
        const bool ok = value.size() <= 32 && std::all_of(value.begin(), value.end(), [](char c) {
                          return IsAsciiDigit(c) || (c >= 'A' && c <= 'Z') ||
                                 (c >= 'a' && c <= 'z') || c == '_' || c == '.' || c == '@' ||
                                 c == '-';
                        });
        if (!ok) return Refused(info, value, "not a locale name");
        return Store(value);
      },
      ReadText<&Settings::language>, Text<&Settings::language>}},
    {{"http-proxy", "petitboot,http_proxy", "a URL", "the proxy for http:// fetches", false, false},
     {CanonicalUrl, ReadText<&Settings::http_proxy>, Text<&Settings::http_proxy>}},
    {{"https-proxy", "petitboot,https_proxy", "a URL", "the proxy for https:// fetches", false,
      false},
     {CanonicalUrl, ReadText<&Settings::https_proxy>, Text<&Settings::https_proxy>}},
    {{"password", "petitboot,password", "a crypt(3) SHA-512 hash ($6$...), or empty for none",
      "restricted mode: the menu's shell (x), editor (e) and settings (c) ask for it", true, true},
     {[](const SettingInfo& info, std::string_view value) -> Stored {
        if (value.empty()) return Remove();
        if (!IsSha512Crypt(value)) {
          return Refused(info, value.substr(0, 3),
                         "not a SHA-512 crypt hash (mkpasswd -m sha-512)");
        }
        return Store(value);
      },
      [](const SettingInfo&, std::string_view stored, Settings& settings,
         std::vector<std::string>& warnings) {
        settings.password_hash = std::string(stored);
        if (!stored.empty() && !IsSha512Crypt(stored)) {
          warnings.push_back(
              "settings: petitboot,password is not a SHA-512 crypt hash; restricted mode stays "
              "on and no password will match");
        }
      },
      [](const Settings& settings) {
        return std::string(settings.password_hash ? "set" : "not set");
      }}},
}};

constexpr std::array<SettingInfo, kSettingCount> kInfos = [] {
  std::array<SettingInfo, kSettingCount> infos{};
  for (std::size_t i = 0; i < kSettingCount; ++i) infos[i] = kEntries[i].info;
  return infos;
}();

const Rules& RulesOf(const SettingInfo& info) {
  for (const Entry& entry : kEntries) {
    if (entry.info.name == info.name) return entry.rules;
  }
  return kEntries.front().rules;  // unreachable: every SettingInfo comes from kInfos
}

const NvramPair* FindPair(const std::vector<NvramPair>& pairs, std::string_view key) {
  for (const NvramPair& pair : pairs) {
    if (pair.name == key) return &pair;
  }
  return nullptr;
}

}  // namespace

std::span<const SettingInfo> AllSettings() { return kInfos; }

std::string_view BootDeviceTypeName(BootDeviceType type) { return TypeName(type); }

const SettingInfo* FindSetting(std::string_view name) {
  for (const SettingInfo& info : kInfos) {
    if (info.name == name || info.key == name) return &info;
  }
  return nullptr;
}

Settings ReadSettings(const std::vector<NvramPair>& pairs, std::vector<std::string>& warnings) {
  Settings settings;
  for (const Entry& entry : kEntries) {
    if (const NvramPair* pair = FindPair(pairs, entry.info.key)) {
      entry.rules.read(entry.info, pair->value, settings, warnings);
    }
  }
  return settings;
}

std::optional<std::string> StoredValue(const std::vector<NvramPair>& pairs,
                                       const SettingInfo& info) {
  const NvramPair* pair = FindPair(pairs, info.key);
  if (pair == nullptr) return std::nullopt;
  return pair->value;
}

std::string SettingText(const Settings& settings, const SettingInfo& info) {
  return RulesOf(info).text(settings);
}

Result<void> SetSetting(std::vector<NvramPair>& pairs, std::string_view name,
                        std::string_view value) {
  const SettingInfo* info = FindSetting(name);
  if (info == nullptr) {
    return Error(ErrorCode::kInvalidArgument, "no such setting").WithDetail(std::string(name));
  }
  if (value.find('\0') != std::string_view::npos) {
    return Refused(*info, "", "a value must not hold NUL");
  }
  const std::optional<std::string> stored = BATON_TRY(RulesOf(*info).canonical(*info, value));
  auto found = std::find_if(pairs.begin(), pairs.end(),
                            [info](const NvramPair& pair) { return pair.name == info->key; });
  if (!stored) {
    if (found != pairs.end()) pairs.erase(found);
  } else if (found != pairs.end()) {
    found->value = *stored;
  } else {
    pairs.push_back({std::string(info->key), *stored});
  }
  return Ok();
}

}  // namespace baton::settings
