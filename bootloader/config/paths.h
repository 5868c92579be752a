// SPDX-License-Identifier: GPL-2.0-or-later
// Paths inside a device: normalization that refuses to leave the device root, joining relative
// paths, and grub's device names.
#pragma once

#include <optional>
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

// The reference for a device name written in a configuration: a firmware partition name
// ("hd0,gpt3", "ieee1275/disk,msdos3") is that partition of the configuration's disk
// (DeviceMatch::kPartition), any other firmware disk name the same device, anything else matches
// a device id, UUID or label.
DeviceReference ReferenceForName(std::string_view name);

// The partition number a firmware name gives after its last comma, as grub names partitions by
// their table's module and number ("hd0,gpt3", "hd0,msdos5", ".../disk@0,msdos2": "3", "5",
// "2"); nullopt for a whole disk ("hd0", "ieee1275/disk", an OF unit address "sd@0,0").
std::optional<std::string> FirmwarePartition(std::string_view name);

// Linux's names for partitions (the kernel's disk_name(): a disk whose name ends in a digit
// takes "p" before the number). The disk that holds the partition named `id` ("sda2" -> "sda",
// "nvme0n1p2" -> "nvme0n1", "mmcblk0p1" -> "mmcblk0"); nullopt when `id` names a whole disk
// ("sda", "nvme0n1", "sr0", "md0", "dm-0") or nothing Linux names.
std::optional<std::string> DiskOfPartition(std::string_view id);
// Partition `number` of `disk` ("sda", "3" -> "sda3"; "nvme0n1", "3" -> "nvme0n1p3").
std::string PartitionOf(std::string_view disk, std::string_view number);
// Partition `number` of the disk `device` names: yaboot's partition= with device=. A kernel name
// becomes its disk's partition ("sda" or "sda1", "3" -> "sda3"); the configuration's own device
// or a firmware name becomes partition `number` of the configuration's disk. `device` unchanged
// when `number` is not a partition number.
DeviceReference PartitionReference(const DeviceReference& device, std::string_view number);
// Whether `text` is a partition number: 1 to 4 digits, not 0, no leading zero.
bool IsPartitionNumber(std::string_view text);

// A path that may start with a device name, as yaboot and kboot write them: "sda2:/vmlinux",
// "hd:3,/vmlinux" (partition 3 of the configuration's disk), or "/vmlinux" on `device`.
// Relative paths are taken from the device root.
Result<ResourcePath> DevicePrefixedPath(std::string_view value, DeviceReference device);

// "uuid=…", "label=…", "device=…" or "same": how notes and `baton discover` print a reference.
std::string DescribeReference(const DeviceReference& reference);

// ASCII lower case, for the case-insensitive keywords of syslinux and yaboot.
std::string LowerCase(std::string_view text);

}  // namespace baton::config
