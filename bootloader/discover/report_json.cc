// SPDX-License-Identifier: GPL-2.0-or-later
// `baton discover --json`.
#include "bootloader/discover/report_json.h"

#include "bootloader/core/json.h"

namespace baton::discover {
namespace {

void StringOrNull(JsonWriter& json, const std::string& value) {
  if (value.empty()) {
    json.Null();
  } else {
    json.String(value);
  }
}

void Resource(JsonWriter& json, const BootResource& resource) {
  json.BeginObject();
  if (resource.resolved) {
    json.Key("device").String(resource.device);
  } else {
    json.Key("unresolved").String(resource.unresolved);
  }
  json.Key("path").String(resource.path);
  json.EndObject();
}

}  // namespace

std::string ReportJson(const Report& report) {
  JsonWriter json;
  json.BeginObject().Key("devices").BeginArray();
  for (const platform::DeviceIdentity& device : report.devices) {
    json.BeginObject().Key("id").String(device.id);
    json.Key("uuid");
    StringOrNull(json, device.uuid);
    json.Key("label");
    StringOrNull(json, device.label);
    json.Key("fstype");
    StringOrNull(json, device.fstype);
    json.EndObject();
  }
  json.EndArray().Key("options").BeginArray();
  for (const BootOption& option : report.options) {
    json.BeginObject().Key("device").String(option.device);
    json.Key("name").String(option.config.name);
    json.Key("group");
    if (option.config.group) {
      json.String(*option.config.group);
    } else {
      json.Null();
    }
    json.Key("kernel");
    Resource(json, option.kernel);
    json.Key("initrd").BeginArray();
    for (const BootResource& initrd : option.initrds) Resource(json, initrd);
    json.EndArray().Key("dtb");
    if (option.dtb) {
      Resource(json, *option.dtb);
    } else {
      json.Null();
    }
    json.Key("args").String(option.config.args);
    json.Key("default").Bool(option.is_default);
    json.Key("source").BeginObject().Key("file").String(option.config.source.file);
    json.Key("line").Number(option.config.source.line).EndObject();
    json.EndObject();
  }
  json.EndArray().EndObject();
  return json.text();
}

}  // namespace baton::discover
