// SPDX-License-Identifier: GPL-2.0-or-later
// Discovery: every device through every parser, resolution, and the default.
#include "bootloader/discover/discovery.h"

#include <algorithm>

#include "bootloader/config/bls.h"
#include "bootloader/config/paths.h"
#include "bootloader/discover/config_locations.h"

namespace baton::discover {
namespace {

using config::DeviceMatch;
using config::DeviceReference;

bool SameUuid(std::string_view left, std::string_view right) {
  return !left.empty() && config::LowerCase(left) == config::LowerCase(right);
}

// ConfigFiles over the devices discovered so far, seen from the device at `self`.
class DeviceSetFiles final : public config::ConfigFiles {
 public:
  DeviceSetFiles(std::vector<platform::DeviceIdentity> identities,
                 std::vector<platform::DeviceFiles*> files, std::size_t self)
      : identities_(std::move(identities)), files_(std::move(files)), self_(self) {}

  Result<ByteBuffer> Read(const DeviceReference& device, std::string_view path) override {
    Note(device);
    platform::DeviceFiles* files = Find(device);
    if (files == nullptr) {
      return Error(ErrorCode::kNotFound, "device is not present",
                   config::DescribeReference(device));
    }
    Result<ByteBuffer> bytes = files->ReadFile(path, config::kMaxConfigSize);
    if (!bytes && bytes.error().code() == ErrorCode::kTooLarge) {
      return Error(ErrorCode::kTooLarge, "configuration file over 1 MiB refused",
                   std::string(path));
    }
    return bytes;
  }

  config::FileKind Kind(const DeviceReference& device, std::string_view path,
                        std::uint64_t* size) override {
    Note(device);
    platform::DeviceFiles* files = Find(device);
    if (files == nullptr) return config::FileKind::kMissing;
    Result<platform::FileStatus> status = files->Status(path);
    if (!status) return config::FileKind::kMissing;
    if (size != nullptr) *size = status->size;
    switch (status->kind) {
      case platform::FileKind::kFile:
        return config::FileKind::kFile;
      case platform::FileKind::kDirectory:
        return config::FileKind::kDirectory;
      case platform::FileKind::kMissing:
      case platform::FileKind::kOther:
        break;
    }
    return config::FileKind::kMissing;
  }

  std::vector<std::string> List(const DeviceReference& device,
                                std::string_view directory) override {
    Note(device);
    platform::DeviceFiles* files = Find(device);
    if (files == nullptr) return {};
    Result<std::vector<std::string>> names = files->List(directory);
    return names ? std::move(*names) : std::vector<std::string>{};
  }

  std::optional<std::string> FindFile(std::string_view path) override {
    looked_elsewhere_ = true;
    for (std::size_t i = 0; i < files_.size(); ++i) {
      Result<platform::FileStatus> status = files_[i]->Status(path);
      if (status && status->kind == platform::FileKind::kFile) return identities_[i].id;
    }
    return std::nullopt;
  }

  std::optional<std::string> FindDevice(const DeviceReference& device) override {
    looked_elsewhere_ = true;
    std::optional<std::size_t> index = MatchDevice(identities_, self_, device);
    if (!index) return std::nullopt;
    return identities_[*index].id;
  }

  // Whether the reading asked about a device other than its own.
  bool looked_elsewhere() const { return looked_elsewhere_; }

 private:
  void Note(const DeviceReference& device) {
    if (device.match != DeviceMatch::kSame) looked_elsewhere_ = true;
  }
  platform::DeviceFiles* Find(const DeviceReference& device) const {
    std::optional<std::size_t> index = MatchDevice(identities_, self_, device);
    return index ? files_[*index] : nullptr;
  }

  std::vector<platform::DeviceIdentity> identities_;
  std::vector<platform::DeviceFiles*> files_;
  std::size_t self_;
  bool looked_elsewhere_ = false;
};

BootResource ResolveResource(const std::vector<platform::DeviceIdentity>& devices, std::size_t self,
                             const config::ResourcePath& resource) {
  BootResource resolved;
  resolved.path = resource.path;
  std::optional<std::size_t> index = MatchDevice(devices, self, resource.device);
  if (index) {
    resolved.resolved = true;
    resolved.device = devices[*index].id;
  } else {
    resolved.unresolved = config::DescribeReference(resource.device);
  }
  return resolved;
}

}  // namespace

std::optional<std::size_t> MatchDevice(const std::vector<platform::DeviceIdentity>& devices,
                                       std::size_t self, const DeviceReference& reference) {
  auto first = [&](auto&& predicate) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < devices.size(); ++i) {
      if (predicate(devices[i])) return i;
    }
    return std::nullopt;
  };
  switch (reference.match) {
    case DeviceMatch::kSame:
      if (self < devices.size()) return self;
      return std::nullopt;
    case DeviceMatch::kUuid:
      return first([&](const auto& device) { return SameUuid(device.uuid, reference.value); });
    case DeviceMatch::kLabel:
      return first([&](const auto& device) {
        return !device.label.empty() && device.label == reference.value;
      });
    case DeviceMatch::kName:
      if (auto by_id = first([&](const auto& device) { return device.id == reference.value; })) {
        return by_id;
      }
      if (auto by_uuid =
              first([&](const auto& device) { return SameUuid(device.uuid, reference.value); })) {
        return by_uuid;
      }
      return first([&](const auto& device) {
        return !device.label.empty() && device.label == reference.value;
      });
    case DeviceMatch::kPartition: {
      if (self >= devices.size()) return std::nullopt;
      std::optional<std::string> disk = config::DiskOfPartition(devices[self].id);
      if (!disk) return self;
      std::string wanted = config::PartitionOf(*disk, reference.value);
      return first([&](const auto& device) { return device.id == wanted; });
    }
  }
  return std::nullopt;
}

void Discovery::AddDevice(const platform::DeviceIdentity& identity, platform::DeviceFiles& files) {
  devices_.push_back({identity, &files, {}, {}});
}

void Discovery::Read(std::size_t index) {
  Scanned& device = devices_[index];
  device.configs.clear();
  device.notes.clear();
  std::vector<platform::DeviceIdentity> identities;
  std::vector<platform::DeviceFiles*> all_files;
  for (const Scanned& known : devices_) {
    identities.push_back(known.identity);
    all_files.push_back(known.files);
  }
  DeviceSetFiles door(std::move(identities), std::move(all_files), index);
  platform::DeviceFiles& files = *device.files;
  bool grub_read_bls = false;
  for (const ConfigLocation& location : ConfigLocations()) {
    for (std::string_view path : location.paths) {
      Result<platform::FileStatus> status = files.Status(path);
      if (!status) {
        device.notes.push_back(std::string(path) + ": " + status.error().ToString());
        continue;
      }
      if (status->kind != platform::FileKind::kFile) continue;
      Result<ByteBuffer> text = door.Read({}, path);
      if (!text) {
        device.notes.push_back(std::string(path) + ": " + text.error().ToString());
        break;
      }
      config::ConfigResult result = ParseConfig(location.format, door, path, AsText(*text));
      grub_read_bls = grub_read_bls || !result.bls_directories.empty();
      device.configs.push_back(std::move(result));
      break;
    }
    if (location.format == ConfigFormat::kGrub && !grub_read_bls) {
      config::ConfigResult bls = config::ParseBlsDirectly(door);
      if (!bls.options.empty() || !bls.notes.empty()) device.configs.push_back(std::move(bls));
    }
  }
  device.read = true;
  device.looked_elsewhere = door.looked_elsewhere();
  device.devices_seen = devices_.size();
}

Report Discovery::Resolve() {
  for (std::size_t d = 0; d < devices_.size(); ++d) {
    const Scanned& device = devices_[d];
    if (!device.read || (device.looked_elsewhere && device.devices_seen != devices_.size())) {
      Read(d);
    }
  }
  Report report;
  for (const Scanned& device : devices_) report.devices.push_back(device.identity);
  // Where each configuration's options start in report.options.
  std::vector<std::vector<std::size_t>> first_option(devices_.size());
  for (std::size_t d = 0; d < devices_.size(); ++d) {
    const Scanned& device = devices_[d];
    for (const std::string& note : device.notes)
      report.notes.push_back(device.identity.id + ": " + note);
    for (const config::ConfigResult& result : device.configs) {
      first_option[d].push_back(report.options.size());
      for (const std::string& note : result.notes) {
        report.notes.push_back(device.identity.id + ": " + note);
      }
      for (const config::EnvSave& save : result.env_saves) {
        report.env_writes.push_back({ResolveResource(report.devices, d, save.file), save.name,
                                     save.value, device.identity.id, save.source});
      }
      for (const config::ConfigOption& option : result.options) {
        BootOption boot;
        boot.device = device.identity.id;
        boot.parser = result.parser;
        boot.config = option;
        boot.kernel = ResolveResource(report.devices, d, option.kernel);
        for (const config::ResourcePath& initrd : option.initrds) {
          boot.initrds.push_back(ResolveResource(report.devices, d, initrd));
        }
        if (option.dtb) boot.dtb = ResolveResource(report.devices, d, *option.dtb);
        report.options.push_back(std::move(boot));
      }
    }
  }
  std::vector<std::size_t> order(devices_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t left, std::size_t right) {
    return devices_[left].identity.priority < devices_[right].identity.priority;
  });
  for (std::size_t d : order) {
    const Scanned& device = devices_[d];
    for (std::size_t c = 0; c < device.configs.size(); ++c) {
      const config::ConfigResult& result = device.configs[c];
      if (!result.default_index) continue;
      std::size_t index = first_option[d][c] + *result.default_index;
      if (!report.options[index].kernel.resolved) continue;
      report.defaults.push_back(index);
      if (report.default_option) continue;
      report.default_option = index;
      report.options[index].is_default = true;
      report.timeout_seconds = result.timeout_seconds;
    }
  }
  return report;
}

std::optional<std::size_t> ChooseByBootOrder(const Report& report,
                                             const std::vector<BootOrderEntry>& order) {
  if (order.empty()) return report.default_option;
  auto identity = [&report](const std::string& id) -> const platform::DeviceIdentity* {
    for (const platform::DeviceIdentity& device : report.devices) {
      if (device.id == id) return &device;
    }
    return nullptr;
  };
  std::optional<std::size_t> chosen;
  std::size_t best = order.size();
  for (std::size_t index : report.defaults) {  // preferred first: a tie keeps the earlier
    const platform::DeviceIdentity* device = identity(report.options[index].device);
    if (device == nullptr) continue;
    for (std::size_t entry = 0; entry < best; ++entry) {
      const BootOrderEntry& want = order[entry];
      const bool matches = want.type.empty() ? !want.uuid.empty() && want.uuid == device->uuid
                                             : want.type == "any" || want.type == device->type;
      if (!matches) continue;
      best = entry;
      chosen = index;
      break;
    }
  }
  return chosen;
}

}  // namespace baton::discover
