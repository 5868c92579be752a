// SPDX-License-Identifier: GPL-2.0-or-later
// The settings' meaning, as petitboot's discover/platform.c gives it (config_populate_all,
// read_bootdev, config_parse_one_interface, params_update_all), and the refusals of values that
// mean nothing.
#include <string>
#include <vector>

#include "bootloader/settings/settings.h"

#include "tests/unit/harness.h"

using namespace baton;
using namespace baton::settings;

namespace {

Settings Read(const std::vector<NvramPair>& pairs, std::vector<std::string>* warnings = nullptr) {
  std::vector<std::string> ignored;
  return ReadSettings(pairs, warnings != nullptr ? *warnings : ignored);
}

const std::string* Value(const std::vector<NvramPair>& pairs, const char* key) {
  for (const NvramPair& pair : pairs) {
    if (pair.name == key) return &pair.value;
  }
  return nullptr;
}

}  // namespace

TEST_GROUP(Settings){};

TEST(Settings, DefaultsAreThoseOfPetitboot) {
  const Settings settings = Read({});
  CHECK(settings.autoboot);
  UNSIGNED_LONGS_EQUAL(10, settings.timeout_seconds);
  UNSIGNED_LONGS_EQUAL(2, settings.boot_order.size());
  CHECK(settings.boot_order[0].type == BootDeviceType::kNetwork);
  CHECK(settings.boot_order[1].type == BootDeviceType::kAny);
  CHECK(!settings.disk_writes);  // baton's own default: no writes to disks
  CHECK(settings.preboot_check);
  CHECK(!settings.password_hash.has_value());
}

TEST(Settings, AutobootIsOffOnlyForExactlyFalse) {
  CHECK(!Read({{"auto-boot?", "false"}}).autoboot);
  CHECK(Read({{"auto-boot?", "FALSE"}}).autoboot);
  CHECK(Read({{"auto-boot?", "no"}}).autoboot);
  CHECK(Read({{"auto-boot?", ""}}).autoboot);
}

TEST(Settings, TheTimeoutIsReadAsStrtoulReadsIt) {
  UNSIGNED_LONGS_EQUAL(30, Read({{"petitboot,timeout", "30"}}).timeout_seconds);
  UNSIGNED_LONGS_EQUAL(5, Read({{"petitboot,timeout", "5s"}}).timeout_seconds);
  UNSIGNED_LONGS_EQUAL(0, Read({{"petitboot,timeout", "0"}}).timeout_seconds);
  UNSIGNED_LONGS_EQUAL(2147483647,
                       Read({{"petitboot,timeout", "99999999999999999999"}}).timeout_seconds);
  std::vector<std::string> warnings;
  UNSIGNED_LONGS_EQUAL(10, Read({{"petitboot,timeout", "soon"}}, &warnings).timeout_seconds);
  UNSIGNED_LONGS_EQUAL(1, warnings.size());
  CHECK(warnings[0].find("petitboot,timeout='soon'") != std::string::npos);
}

TEST(Settings, BootDevicesAreUuidsMacsOrTypesByPrefix) {
  std::vector<std::string> warnings;
  const Settings settings =
      Read({{"petitboot,bootdevs", "uuid:5c3e-88a1 mac:52:54:00:12:34:56 disks floppy usb "}},
           &warnings);
  UNSIGNED_LONGS_EQUAL(4, settings.boot_order.size());
  STRCMP_EQUAL("5c3e-88a1", settings.boot_order[0].uuid.c_str());
  STRCMP_EQUAL("52:54:00:12:34:56", settings.boot_order[1].mac.c_str());
  CHECK(settings.boot_order[2].type == BootDeviceType::kDisk);  // "disks": a prefix match
  CHECK(settings.boot_order[3].type == BootDeviceType::kUsb);
  UNSIGNED_LONGS_EQUAL(1, warnings.size());  // floppy
  // Nothing readable: the default order.
  UNSIGNED_LONGS_EQUAL(2, Read({{"petitboot,bootdevs", "floppy"}}).boot_order.size());
}

TEST(Settings, NetworkEntriesAreReadAsPetitbootReadsThem) {
  std::vector<std::string> warnings;
  const Settings settings =
      Read({{"petitboot,network",
             "52:54:00:12:34:56,static,10.0.0.2/24,10.0.0.1,tftp://10.0.0.1/pxe.cfg "
             "52:54:00:AB:CD:EF,dhcp 52:54:00:00:00:01,static,10.1.0.2/16,http://x/y "
             "52:54:00:00:00:02,ignore dns,10.0.0.1,10.0.0.53 garbage"}},
           &warnings);
  UNSIGNED_LONGS_EQUAL(4, settings.interfaces.size());
  CHECK(settings.interfaces[0].method == AddressMethod::kStatic);
  STRCMP_EQUAL("10.0.0.2/24", settings.interfaces[0].address.c_str());
  STRCMP_EQUAL("10.0.0.1", settings.interfaces[0].gateway.c_str());
  STRCMP_EQUAL("tftp://10.0.0.1/pxe.cfg", settings.interfaces[0].url.c_str());
  STRCMP_EQUAL("52:54:00:ab:cd:ef", settings.interfaces[1].mac.c_str());
  CHECK(settings.interfaces[1].method == AddressMethod::kDhcp);
  // A lone URL after the address is the URL, not a gateway (petitboot's is_url check).
  STRCMP_EQUAL("", settings.interfaces[2].gateway.c_str());
  STRCMP_EQUAL("http://x/y", settings.interfaces[2].url.c_str());
  CHECK(settings.interfaces[3].method == AddressMethod::kIgnore);
  UNSIGNED_LONGS_EQUAL(2, settings.dns_servers.size());
  UNSIGNED_LONGS_EQUAL(1, warnings.size());  // garbage
}

TEST(Settings, WritesMeanWhatBatonNeedsAndPasswordsArePresence) {
  CHECK(Read({{"petitboot,write?", "true"}}).disk_writes);
  CHECK(!Read({{"petitboot,write?", "yes"}}).disk_writes);
  CHECK(Read({{"petitboot,password", ""}}).password_hash.has_value());
  std::vector<std::string> warnings;
  CHECK(Read({{"petitboot,password", "plain"}}, &warnings).password_hash.has_value());
  UNSIGNED_LONGS_EQUAL(1, warnings.size());
}

TEST(Settings, SetReplacesInPlaceAppendsAndRemovesDefaults) {
  std::vector<NvramPair> pairs = {{"auto-boot?", "true"}, {"boot-device", "disk"}};
  CHECK(SetSetting(pairs, "autoboot", "false").has_value());
  STRCMP_EQUAL("auto-boot?", pairs[0].name.c_str());
  STRCMP_EQUAL("false", pairs[0].value.c_str());
  CHECK(SetSetting(pairs, "petitboot,timeout", "030").has_value());  // by its key
  STRCMP_EQUAL("30", Value(pairs, "petitboot,timeout")->c_str());
  CHECK(SetSetting(pairs, "timeout", "10").has_value());  // the default: removed
  CHECK(Value(pairs, "petitboot,timeout") == nullptr);
  CHECK(SetSetting(pairs, "autoboot", "true").has_value());
  CHECK(Value(pairs, "auto-boot?") == nullptr);
  STRCMP_EQUAL("boot-device", pairs[0].name.c_str());  // the firmware's string is kept
  CHECK(SetSetting(pairs, "boot-order", "disk  uuid:abc ").has_value());
  STRCMP_EQUAL("disk uuid:abc ", Value(pairs, "petitboot,bootdevs")->c_str());
  CHECK(SetSetting(pairs, "boot-order", "network any").has_value());
  CHECK(Value(pairs, "petitboot,bootdevs") == nullptr);
  // disk-writes is stored either way, so that petitboot (which allows writes when the string is
  // absent) reads what baton does.
  CHECK(SetSetting(pairs, "disk-writes", "false").has_value());
  STRCMP_EQUAL("false", Value(pairs, "petitboot,write?")->c_str());
  CHECK(SetSetting(pairs, "network", "52:54:00:AB:CD:EF,dhcp dns,1.1.1.1").has_value());
  STRCMP_EQUAL("52:54:00:ab:cd:ef,dhcp dns,1.1.1.1", Value(pairs, "petitboot,network")->c_str());
}

TEST(Settings, ValuesThatMeanNothingAreRefusedWithTheReason) {
  const std::vector<NvramPair> before = {{"petitboot,timeout", "5"}};
  struct Case {
    const char* name;
    const char* value;
    const char* reason;
  };
  const Case cases[] = {
      {"timeout", "soon", "not a number"},
      {"timeout", "2147483648", "more seconds"},
      {"autoboot", "yes", "not true or false"},
      {"boot-order", "disk floppy", "'floppy' is no device type"},
      {"boot-order", "mac:52:54", "is not a MAC"},
      {"network", "52:54:00:12:34:56,static", "means nothing"},
      {"network", "52:54:00:12:34:56,static,10.0.0.1", "means nothing"},  // no prefix
      {"network", "52:54:00:12:34:56,bootp", "means nothing"},
      {"network", "dns,example.com", "is not a DNS server"},
      {"password", "secret", "SHA-512"},
      {"password", "$6$salt$short", "SHA-512"},
      {"language", "en US", "locale"},
      {"http-proxy", "proxy:3128", "URL"},
      {"console", "/dev/hvc0\x1b[2J", "printable"},
  };
  for (const Case& each : cases) {
    std::vector<NvramPair> pairs = before;
    Result<void> set = SetSetting(pairs, each.name, each.value);
    CHECK_TEXT(!set.has_value(), each.value);
    CHECK_TEXT(set.error().ToString().find(each.reason) != std::string::npos,
               set.error().ToString().c_str());
    UNSIGNED_LONGS_EQUAL(1, pairs.size());
    STRCMP_EQUAL("5", pairs[0].value.c_str());
  }
  std::vector<NvramPair> pairs;
  CHECK(!SetSetting(pairs, "colour", "blue").has_value());
  CHECK(SetSetting(pairs, "password",
                   "$6$P8OwJpRwySKfYFXw$JFyT/YclTEXHde6gihagQWifeJpuriSNt8nsHpi43MZOFxtzakRNUfgs"
                   "K34KFE4e4cqNiFDx5.flDc7V2Iut1.")
            .has_value());
  // The hash is never part of a refusal.
  Result<void> refused = SetSetting(pairs, "password", "$6$x$" + std::string(80, 'a'));
  CHECK(!refused.has_value());
  CHECK(refused.error().ToString().find("aaaa") == std::string::npos);
}

TEST(Settings, TextIsWhatConfigGetPrints) {
  const Settings settings = Read({{"petitboot,bootdevs", "disk uuid:abc "},
                                  {"petitboot,password", "$6$x$y"},
                                  {"auto-boot?", "false"}});
  STRCMP_EQUAL("disk uuid:abc", SettingText(settings, *FindSetting("boot-order")).c_str());
  STRCMP_EQUAL("set", SettingText(settings, *FindSetting("password")).c_str());
  STRCMP_EQUAL("false", SettingText(settings, *FindSetting("auto-boot?")).c_str());
  STRCMP_EQUAL("not set", SettingText(Read({}), *FindSetting("password")).c_str());
}

TEST(Settings, BatonsOwnKeysAreStoredWherePetitbootHasNone) {
  std::vector<NvramPair> pairs;
  CHECK(SetSetting(pairs, "default", "Debian GNU/Linux, with Linux 6.1").has_value());
  STRCMP_EQUAL("Debian GNU/Linux, with Linux 6.1", Value(pairs, "baton,default")->c_str());
  STRCMP_EQUAL("Debian GNU/Linux, with Linux 6.1", Read(pairs).default_option.c_str());
  CHECK(SetSetting(pairs, "default", "").has_value());  // none: removed
  CHECK(Value(pairs, "baton,default") == nullptr);
  CHECK(SetSetting(pairs, "signed-boot", "warn").has_value());
  STRCMP_EQUAL("warn", Value(pairs, "baton,signed-boot")->c_str());
  CHECK(SetSetting(pairs, "baton,signed-boot", "enforce").has_value());
  STRCMP_EQUAL("enforce", Read(pairs).signed_boot.c_str());
  CHECK(SetSetting(pairs, "signed-boot", "off").has_value());  // the default: removed
  CHECK(Value(pairs, "baton,signed-boot") == nullptr);
  STRCMP_EQUAL("", Read(pairs).signed_boot.c_str());
  for (const char* refused : {"strict", "ENFORCE", "on"}) {
    Result<void> set = SetSetting(pairs, "signed-boot", refused);
    CHECK_TEXT(!set.has_value(), refused);
    CHECK(set.error().ToString().find("not off, warn or enforce") != std::string::npos);
  }
  Result<void> set = SetSetting(pairs, "default", "a\x1b[2J");
  CHECK(!set.has_value());
  CHECK(set.error().ToString().find("printable") != std::string::npos);
  CHECK(!SetSetting(pairs, "default", std::string(256, 'x')).has_value());
  CHECK(pairs.empty());
}

TEST(Settings, ASignedBootStringThatMeansNothingIsReadAsEnforce) {
  // Whoever wrote it asked for checks; the strictest reading is the safe one.
  std::vector<std::string> warnings;
  STRCMP_EQUAL("enforce",
               Read({{"baton,signed-boot", "yes please"}}, &warnings).signed_boot.c_str());
  UNSIGNED_LONGS_EQUAL(1, warnings.size());
  CHECK(warnings[0].find("read as enforce") != std::string::npos);
  STRCMP_EQUAL("off", Read({{"baton,signed-boot", "off"}}).signed_boot.c_str());
}

TEST(Settings, EverySettingHasItsOwnKeyAndReadsBackWhatWasSet) {
  // Each setting's rules are its own: a value set through one is read back through it alone.
  for (const SettingInfo& info : AllSettings()) {
    CHECK_TEXT(FindSetting(info.name) == &info, std::string(info.name).c_str());
    CHECK_TEXT(FindSetting(info.key) == &info, std::string(info.key).c_str());
  }
  const struct {
    const char* name;
    const char* value;
    const char* text;
  } cases[] = {
      {"autoboot", "false", "false"},
      {"timeout", "42", "42"},
      {"boot-order", "usb uuid:abc", "usb uuid:abc"},
      {"network", "52:54:00:12:34:56,static,10.0.0.2/24,10.0.0.1",
       "52:54:00:12:34:56,static,10.0.0.2/24,10.0.0.1"},
      {"console", "/dev/hvc1", "/dev/hvc1"},
      {"default", "rescue", "rescue"},
      {"disk-writes", "true", "true"},
      {"signed-boot", "warn", "warn"},
      {"debug", "true", "true"},
      {"preboot-check", "false", "false"},
      {"language", "de_DE.utf8", "de_DE.utf8"},
      {"http-proxy", "http://proxy:3128", "http://proxy:3128"},
      {"https-proxy", "http://proxy:3129", "http://proxy:3129"},
  };
  UNSIGNED_LONGS_EQUAL(AllSettings().size() - 1, sizeof cases / sizeof cases[0]);  // + password
  for (const auto& each : cases) {
    std::vector<NvramPair> pairs;
    CHECK_TEXT(SetSetting(pairs, each.name, each.value).has_value(), each.name);
    UNSIGNED_LONGS_EQUAL(1, pairs.size());
    const Settings read = Read(pairs);
    for (const SettingInfo& info : AllSettings()) {
      const std::string text = SettingText(read, info);
      if (info.name == each.name) {
        CHECK_TEXT(text == each.text, each.name);
      } else {
        CHECK_TEXT(text == SettingText(Settings{}, info), each.name);
      }
    }
  }
}
