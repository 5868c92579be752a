// SPDX-License-Identifier: GPL-2.0-or-later
// Where a Linux machine keeps what baton reads, relative to the machine's root ("/" on a
// firmware, build/sim on the simulated machine). Logic names these, never an absolute path.
#pragma once

namespace baton::platform {

inline constexpr char kFirmwareTreePath[] = "/sys/firmware/fdt";
inline constexpr char kLiveTreePath[] = "/proc/device-tree";
inline constexpr char kImaListPath[] = "/sys/kernel/security/ima/binary_runtime_measurements";
inline constexpr char kImaCountPath[] = "/sys/kernel/security/ima/runtime_measurements_count";
inline constexpr char kLockdownPath[] = "/sys/kernel/security/lockdown";
inline constexpr char kSecureBootPath[] =
    "/proc/device-tree/ibm,secureboot/os-secureboot-enforcing";
// PowerVM's secure-boot mode, a 32-bit value at the root of the tree (2 and more: enforcing).
inline constexpr char kPowerVmSecureBootPath[] = "/proc/device-tree/ibm,secure-boot";
// Verified boot: the certificates that may sign what baton boots, and the firmware's policy
// setting (one word: off, warn or enforce). Both are put in the image by the firmware build.
inline constexpr char kTrustAnchorDirectory[] = "/etc/baton/keys";
inline constexpr char kSignedBootSettingPath[] = "/etc/baton/signed-boot";
inline constexpr char kKernelEndPath[] = "/proc/device-tree/chosen/linux,kernel-end";
inline constexpr char kProcCmdlinePath[] = "/proc/cmdline";
inline constexpr char kEventLogPath[] = "/sys/kernel/security/tpm0/binary_bios_measurements";
// What `baton kexec load` measured and `baton kexec exec` extends right before the reboot.
inline constexpr char kPendingExtendsPath[] = "/run/baton-pending-extends";
// Made by the first menu (of those on every console) that an operator touches: from then on no
// menu counts down to an autoboot. /run is the image's own, empty at every boot.
inline constexpr char kOperatorPresentPath[] = "/run/baton-operator-present";
inline constexpr char kBootedFromKexecPath[] = "/proc/device-tree/chosen/linux,booted-from-kexec";
// baton's settings: the `common` partition of the platform's NVRAM (pseries and powernv), or, on
// a machine without one, an NVRAM image in a file that baton formats on the first save.
inline constexpr char kNvramDevicePath[] = "/dev/nvram";
inline constexpr char kSettingsFilePath[] = "/var/lib/baton/settings.nvram";
// The kernel's block devices in sysfs: each NAME a link into the device's bus path (".../usb...").
inline constexpr char kSysBlockPath[] = "/sys/class/block";
// Where block devices are mounted (read-only, in a new private directory below it).
inline constexpr char kMountWorkDirectory[] = "/tmp";
// The simulated machine (--root DIR): its disks (DIR/disks/<device>/, DIR/disks/devices.json)
// and where its kexec records the plan it would load (DIR/plan).
inline constexpr char kSimulatedDisksDirectory[] = "/disks";
inline constexpr char kSimulatedPlanDirectory[] = "/plan";

}  // namespace baton::platform
