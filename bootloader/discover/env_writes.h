// SPDX-License-Identifier: GPL-2.0-or-later
// The one write baton makes to a disk: what a configuration's script asked to save in its
// environment block (grub.cfg's `set next_entry=` and `save_env next_entry`, which makes a
// grub-reboot one-shot), written at a boot when the disk-writes setting allows it, as grub
// writes it when it runs the script: in place, the block's size kept (config/grubenv.h
// SetGrubEnv, platform DeviceFiles::RewriteInPlace).
//
// Every request of every configuration is written, whichever option boots: the one-shot is used
// up by this boot, as grub uses it up by running grub.cfg. A block that does not change is not
// written. A failure is reported and the boot goes on: the worst outcome is a one-shot boot
// that repeats, never a half-written block (the write is one pwrite per extent of a block
// that keeps its size, and is read back).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "bootloader/discover/discovery.h"
#include "platform/include/devices.h"

namespace baton::discover {

// The device files of a device id, or nullptr.
using FindFiles = std::function<platform::DeviceFiles*(const std::string& id)>;

// Writes `writes` (report.env_writes) when `allowed`, one block at a time in the order they
// were asked; returns a line per block for the log ("sda1:/boot/grub/grubenv: next_entry=
// saved (grub.cfg:12)", or why not). With `allowed` false nothing is written, and the lines
// say that disk writes are off.
std::vector<std::string> WriteEnvBlocks(const std::vector<EnvWrite>& writes, bool allowed,
                                        const FindFiles& find);

}  // namespace baton::discover
