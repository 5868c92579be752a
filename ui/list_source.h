// SPDX-License-Identifier: GPL-2.0-or-later
// The measurement list as the menu's browser (`m`) reads it: an index of entry offsets made once
// with the list walker (bootloader/ima/measurement_list.h), each line formatted only when shown,
// so that a list of a million entries opens at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"
#include "ui/menu_model.h"

namespace baton::ui {

class ListSource final : public MeasurementSource {
 public:
  // A list that cannot be walked to its end is an error naming where it stops.
  static Result<std::unique_ptr<ListSource>> Make(ByteBuffer stream);
  std::uint64_t Count() const override { return offsets_.size(); }
  // "index pcr template name", names escaped as the kernel's ASCII list escapes them.
  std::string Line(std::uint64_t index) const override;
  std::string Name(std::uint64_t index) const override;

 private:
  explicit ListSource(ByteBuffer stream) : stream_(std::move(stream)) {}
  ByteBuffer stream_;
  std::vector<std::uint64_t> offsets_;
};

}  // namespace baton::ui
