// SPDX-License-Identifier: GPL-2.0-or-later
// Paths inside a device: normalization that refuses to leave the device root, joining relative
// paths, and grub's device names.
#pragma once

#include <string>
#include <string_view>

#include "bootloader/config/config.h"
#include "bootloader/core/result.h"

namespace baton::config {

// An absolute path with "." and empty components removed and ".." applied. A ".." above the root
// is kPermission ("path leaves the device root"), not clamped: a configuration that climbs out
// of its device is wrong, and reading something else instead would hide it.
Result<std::string> NormalizeDevicePath(std::string_view path);

// `path` if absolute, else `directory`/`path`; then normalized.
Result<std::string> ResolveDevicePath(std::string_view directory, std::string_view path);

// The directory part of an absolute path ("/boot/grub2/grub.cfg" -> "/boot/grub2", "/x" -> "/").
std::string DirectoryOf(std::string_view path);

// Firmware names for disks that grub and yaboot configurations use ("hd0,gpt2",
// "ieee1275/disk,msdos2", "cd", "/pci@800000020000000/scsi@2/sd@0,0"). They cannot be mapped to a
// probed device, so baton reads them as "the device that holds the configuration".
bool IsFirmwareDiskName(std::string_view name);

// The reference for a device name written in a configuration: a firmware disk name is the same
// device, anything else matches a device id, UUID or label.
DeviceReference ReferenceForName(std::string_view name);

// A path that may start with a device name, as yaboot and kboot write them: "sda2:/vmlinux",
// "hd:3,/vmlinux" (a partition number after the colon is dropped), or "/vmlinux" on `device`.
// Relative paths are taken from the device root.
Result<ResourcePath> DevicePrefixedPath(std::string_view value, DeviceReference device);

// "uuid=…", "label=…", "device=…" or "same": how notes and `baton discover` print a reference.
std::string DescribeReference(const DeviceReference& reference);

// ASCII lower case, for the case-insensitive keywords of syslinux and yaboot.
std::string LowerCase(std::string_view text);

}  // namespace baton::config
